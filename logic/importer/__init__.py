"""Imports from files (IMP-…): `read` turns CSV/xlsx into rows, `service` plans and writes
them through `logic.masterdata`. Command line: `python -m logic.importer KIND FILE [--dry-run]`."""
