"""The DuckDB adapter: the only package that imports duckdb."""
from logic.store.db import Database, Tx

__all__ = ["Database", "Tx"]
