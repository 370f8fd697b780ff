"""Moving an installation from the DuckDB file to PostgreSQL (issue 18), in one command:

    python -m logic.transfer move --db data/casedesk.duckdb --to postgresql://…   (make move-to-postgres)

Everything is copied as it is stored — every table with every row: cases and their details, the
logs (case_events, access_log, security_log, settings_log, messages, imports), users with their
password hashes, login-session revocations, the pseudonym key (analysts' pseudonyms stay the
same), the number series (the next case number continues) — in one PostgreSQL transaction, read
from one DuckDB snapshot; the sequences that number log rows are set past the copied ids. The
board is copied with its docs (its order between equal times stays), codes and counts; the words
PostgreSQL finds a case by are cut from the case's text on the way (DuckDB's word index is its
own). The target must be an empty database (no cases, no users): anything else is refused and
nothing is written. Stop the app on the DuckDB file first (DuckDB lets one process hold it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from logic.store import transfer_repo
from logic.store.db import Store

# DuckDB's word index (vocabulary, postings, bits): PostgreSQL keeps a case's words on its board row
DUCKDB_ONLY = ("search_bits", "search_codes", "search_postings", "search_words")
# ... and PostgreSQL's kept counts of frequent words (postgres/0024), built after the board is copied
POSTGRES_ONLY = ("board_kind_bits", "board_tracked_words", "board_word_bits", "board_word_counts")


class MoveRefused(RuntimeError):
    """The move cannot be made; the message says why (nothing was written)."""


@dataclass
class MoveResult:
    tables: dict[str, int] = field(default_factory=dict)      # table -> rows copied

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def move(source: Store, target: Store) -> MoveResult:
    """Copy the whole DuckDB installation `source` into the empty PostgreSQL database `target`."""
    if source.dialect != "duckdb" or target.dialect != "postgres":
        raise MoveRefused("a move goes from a DuckDB file to a PostgreSQL database")
    result = MoveResult()
    with source.snapshot() as src:
        tables = transfer_repo.tables(src)
        wanted = set(transfer_repo.migrations(src))
        with target.tx() as dst:
            cases, users = transfer_repo.case_count(dst), len(transfer_repo.usernames(dst))
            if cases or users:
                raise MoveRefused(f"the target database {target.path} is not empty ({cases} cases, {users} users):"
                                  " a move needs a new, empty PostgreSQL database (createdb), nothing was written")
            unknown = sorted(wanted - set(transfer_repo.migrations(dst)))
            if unknown:
                raise MoveRefused(f"the DuckDB file has migrations this casedesk does not know: {', '.join(unknown)}")
            present = set(transfer_repo.tables(dst))
            for table in tables:
                if table in DUCKDB_ONLY or table == "schema_migrations":
                    continue
                if table not in present:
                    raise MoveRefused(f"table {table} is not in the PostgreSQL schema")
                names, missing = transfer_repo.common_columns(src, dst, table)
                if table == "board_index":          # DuckDB's word bits: PostgreSQL has word columns
                    missing = [c for c in missing if c not in transfer_repo.DUCKDB_BOARD_BITS]
                if missing:
                    raise MoveRefused(f"{table}: columns {', '.join(missing)} are not in the PostgreSQL schema")
                expected = transfer_repo.row_count(src, table)
                transfer_repo.clear_table(dst, table)      # what the migrations put in (keys, states)
                if table == "board_index":
                    for batch in transfer_repo.board_batches(src, names):
                        transfer_repo.load_board_batch(dst, batch, names)
                else:
                    for batch in transfer_repo.table_batches(src, table, names):
                        transfer_repo.load_batch(dst, table, batch)
                copied = transfer_repo.row_count(dst, table)
                if copied != expected:
                    raise MoveRefused(f"{table}: {copied} rows arrived of {expected}; nothing was written")
                result.tables[table] = copied
            transfer_repo.advance_sequences(dst)
            transfer_repo.advance_board_sequences(dst)
            transfer_repo.count_board_words(dst)
    return result
