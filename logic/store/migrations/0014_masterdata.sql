-- Master data maintained in the app and imported from files (issue 14: ADM-…, IMP-…).

-- ADM-3: every change of master data, from a screen or an import: who, when, before -> after.
-- Append-only, like case_events.
CREATE SEQUENCE settings_log_seq START 1;
CREATE TABLE settings_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('settings_log_seq'),
    logged_at TIMESTAMP NOT NULL,     -- UTC
    actor VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,            -- units | users | articles | … (logic/masterdata/kinds)
    key VARCHAR NOT NULL,             -- the row's natural key, parts joined by '/'
    action VARCHAR NOT NULL,          -- new | changed
    before_value JSON,                -- only the columns that changed
    after_value JSON,
    source VARCHAR NOT NULL           -- screen | import:<id>
);
CREATE INDEX settings_log_kind ON settings_log (kind, id);

-- IMP-6: every import (dry runs too): who, when, which file (name, SHA-256), what it did,
-- and its error report, downloadable again.
CREATE SEQUENCE import_seq START 1;
CREATE TABLE imports (
    id BIGINT PRIMARY KEY DEFAULT nextval('import_seq'),
    kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    encoding VARCHAR,                 -- as detected (utf-8, utf-8-sig, cp1252, xlsx)
    actor VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,   -- UTC
    dry_run BOOLEAN NOT NULL,
    rows_read INTEGER NOT NULL,
    new_rows INTEGER NOT NULL,
    changed_rows INTEGER NOT NULL,
    unchanged_rows INTEGER NOT NULL,
    refused_rows INTEGER NOT NULL,
    error_report VARCHAR              -- CSV: line;column;value;reason (the user's language)
);

-- ADM-5: a user's HSA-id (the Swedish directory identity, e.g. SE2321000016-1003), matched by
-- the directory login when configured so.
ALTER TABLE users ADD COLUMN hsa_id VARCHAR;
