-- PostgreSQL's board (issue 18): the same board_index row per case as DuckDB's (codes, dates,
-- the shown values; migrations 0003, 0008, 0009 and 0010 in their final shape, so those
-- files are empty here), but no word vocabulary, postings or bits: the words a case is found by
-- are kept as text, the distinct tokens of logic.search.tokens (NFC) between spaces
-- (' infusionspump trasig '): `words` and `codes` (tokens with a digit) of its text,
-- `person_words` and `person_codes` of its person's name and identity number — under pg_trgm GIN
-- indexes, which answer the same substring question ("pump" finds "infusionspump") in
-- PostgreSQL's own way. logic/store/pg_board.py writes and reads them.
CREATE SEQUENCE board_doc_seq START 1;
CREATE SEQUENCE board_code_seq START 1;
CREATE TABLE board_codes (
    field VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    code INTEGER NOT NULL,
    PRIMARY KEY (field, value)
);
CREATE TABLE board_index (
    doc BIGINT PRIMARY KEY,
    case_id VARCHAR NOT NULL UNIQUE,
    kind_c INTEGER NOT NULL,
    subtype_c INTEGER,
    category_c INTEGER,
    status_c INTEGER,
    unit_c INTEGER,
    creator_c INTEGER,
    assignee_c INTEGER,
    queue_c INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP,
    closed_at TIMESTAMP,
    kind VARCHAR,
    subtype VARCHAR,
    category VARCHAR,
    status VARCHAR,
    title VARCHAR,
    unit_id VARCHAR,
    created_by VARCHAR,
    assignee VARCHAR,
    queue VARCHAR,
    person_id VARCHAR,
    person_name VARCHAR,
    article_no VARCHAR,
    individual_no VARCHAR,
    shown VARCHAR,
    words TEXT NOT NULL DEFAULT ' ',
    codes TEXT NOT NULL DEFAULT ' ',
    person_words TEXT NOT NULL DEFAULT ' ',
    person_codes TEXT NOT NULL DEFAULT ' '
);
CREATE INDEX board_index_words ON board_index USING gin (words gin_trgm_ops);
CREATE INDEX board_index_codes ON board_index USING gin (codes gin_trgm_ops);
CREATE INDEX board_index_person_words ON board_index USING gin (person_words gin_trgm_ops);
CREATE INDEX board_index_person_codes ON board_index USING gin (person_codes gin_trgm_ops);
-- in the board's own order (board_query.order_by: `created_at DESC NULLS LAST, doc DESC`; a DESC
-- index without NULLS LAST does not give it): newest first, a page is the first rows of the index,
-- also under a frequent word's filter (measured at 1M cases: 0.4 ms against ~200 ms for a sort)
CREATE INDEX board_index_kind_created ON board_index (kind_c, created_at DESC NULLS LAST, doc DESC);
CREATE INDEX board_index_created ON board_index (created_at DESC NULLS LAST, doc DESC);
CREATE INDEX board_index_unit ON board_index (unit_c, kind_c);
CREATE INDEX board_index_creator ON board_index (creator_c, kind_c);
CREATE INDEX board_index_assignee ON board_index (assignee_c) WHERE assignee_c IS NOT NULL;
CREATE INDEX board_index_open ON board_index (kind_c, status_c) WHERE closed_at IS NULL;
CREATE TABLE board_counts (
    key VARCHAR PRIMARY KEY,
    kind_c INTEGER NOT NULL,
    subtype_c INTEGER,
    category_c INTEGER,
    status_c INTEGER,
    unit_c INTEGER,
    creator_c INTEGER,
    assignee_c INTEGER,
    queue_c INTEGER,
    closed BOOLEAN NOT NULL,
    n BIGINT NOT NULL
);
CREATE TABLE pseudonym_key (
    key VARCHAR NOT NULL
);
INSERT INTO pseudonym_key SELECT replace(gen_random_uuid()::VARCHAR || gen_random_uuid()::VARCHAR, '-', '');
CREATE TABLE search_state (
    compacted_doc BIGINT NOT NULL
);
INSERT INTO search_state VALUES (0);
