-- Case board and its search index (X-4). How and why: logic/store/search_repo.py.
--
-- board_index    one narrow row per case (every kind), written in the same transaction as
--                the case by core_repo.insert_case / update_case: the board's filter columns
--                as small integer codes (board_codes), the dates, and 512 bits for the most
--                frequent words (b0..b7). DuckDB scans such columns an order of magnitude
--                faster than OR-ed string comparisons over `cases`.
-- board_codes    the codes: (field, value) -> a small integer, handed out on first sight;
--                for kinds also the number of cases (the board's count without a scan).
-- search_words / search_codes   the vocabulary: each distinct lower-cased word (no digit) or
--                code (has a digit: article, individual, personal identity number) once per
--                field; `person` marks words of the person's name or identity number.
-- search_postings  which case (doc) holds which word, for words neither rare (their docs
--                are inline in the vocabulary row, up to 32) nor frequent (a bit). No ART index:
--                kept sorted by term (search_repo.rebuild / compact), DuckDB's zone maps find a
--                term's rows in one row group — measured 1 ms against 13 ms through an index.
-- search_bits    which term holds which of the 512 bits.
-- pseudonym_key  per-database key of analysts' pseudonyms for identity numbers (X-5).

CREATE MACRO search_tokens(s) AS list_distinct(regexp_extract_all(lower(coalesce(s, '')), '[\pL\pN]+'));

CREATE MACRO board_hash(s) AS CASE WHEN s IS NULL THEN NULL ELSE ('0x' || left(md5(s), 15))::BIGINT END;

CREATE MACRO search_term_id(tok, person) AS board_hash(CAST(person AS INTEGER)::VARCHAR || ':' || tok);

-- What a case is found by: `search_text` (composed by each kind's service) plus title,
-- description, article and individual number (so a kind that forgets search_text is still
-- found); apart from that the person's name and identity number. The case's own number is
-- left out: number search goes to the case number itself.
CREATE MACRO search_all_tokens() AS TABLE
    SELECT DISTINCT case_id, tok, person FROM (
        SELECT c.id AS case_id, unnest(search_tokens(concat_ws(' ', c.search_text, c.title,
               c.description, c.article_no, c.individual_no))) AS tok, FALSE AS person
        FROM cases c
        UNION ALL
        SELECT c.id, unnest(search_tokens(concat_ws(' ', c.person_name, c.person_id))), TRUE
        FROM cases c)
    WHERE tok <> lower(case_id);

CREATE SEQUENCE board_doc_seq START 1;

CREATE SEQUENCE board_code_seq START 1;

CREATE TABLE board_codes (
    field VARCHAR NOT NULL,           -- kind | subtype | category | status | unit | user | role | idprefix
    value VARCHAR NOT NULL,
    code INTEGER NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,      -- for field 'kind': how many cases there are of it
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
    b0 UBIGINT NOT NULL DEFAULT 0,
    b1 UBIGINT NOT NULL DEFAULT 0,
    b2 UBIGINT NOT NULL DEFAULT 0,
    b3 UBIGINT NOT NULL DEFAULT 0,
    b4 UBIGINT NOT NULL DEFAULT 0,
    b5 UBIGINT NOT NULL DEFAULT 0,
    b6 UBIGINT NOT NULL DEFAULT 0,
    b7 UBIGINT NOT NULL DEFAULT 0
);

CREATE TABLE search_words (
    term_id BIGINT PRIMARY KEY,
    term VARCHAR NOT NULL,
    person BOOLEAN NOT NULL,
    df INTEGER NOT NULL,
    bit SMALLINT,                     -- 0..511 once frequent (see board_index.b0..b7)
    docs BIGINT[]                     -- while rare: the docs of its cases (else postings or bit)
);

CREATE TABLE search_codes (
    term_id BIGINT PRIMARY KEY,
    term VARCHAR NOT NULL,
    person BOOLEAN NOT NULL,
    df INTEGER NOT NULL,
    bit SMALLINT,                     -- 0..511 once frequent (see board_index.b0..b7)
    docs BIGINT[]                     -- while rare: the docs of its cases (else postings or bit)
);

CREATE TABLE search_postings (
    term_id BIGINT NOT NULL,
    doc BIGINT NOT NULL
);

CREATE TABLE search_bits (
    bit SMALLINT PRIMARY KEY,
    term_id BIGINT NOT NULL
);

CREATE TABLE pseudonym_key (
    key VARCHAR NOT NULL
);

INSERT INTO pseudonym_key SELECT replace(gen_random_uuid()::VARCHAR || gen_random_uuid()::VARCHAR, '-', '');

-- Index the cases already there (bits are handed out later, as words turn out frequent).
INSERT INTO board_codes (field, value, code)
    SELECT field, value, nextval('board_code_seq') FROM (
        SELECT DISTINCT 'kind' AS field, kind AS value FROM cases
        UNION SELECT 'subtype', subtype FROM cases
        UNION SELECT 'category', category FROM cases
        UNION SELECT 'status', status FROM cases
        UNION SELECT 'unit', unit_id FROM cases
        UNION SELECT 'user', created_by FROM cases
        UNION SELECT 'user', assignee FROM cases
        UNION SELECT 'role', queue FROM cases
        UNION SELECT 'idprefix', regexp_extract(upper(id), '^[^0-9]+') FROM cases)
    WHERE value IS NOT NULL ORDER BY field, value;

INSERT INTO board_index (doc, case_id, kind_c, subtype_c, category_c, status_c, unit_c, creator_c,
                         assignee_c, queue_c, created_at, updated_at, closed_at)
    SELECT nextval('board_doc_seq'), c.id,
           (SELECT code FROM board_codes WHERE field = 'kind' AND value = c.kind),
           (SELECT code FROM board_codes WHERE field = 'subtype' AND value = c.subtype),
           (SELECT code FROM board_codes WHERE field = 'category' AND value = c.category),
           (SELECT code FROM board_codes WHERE field = 'status' AND value = c.status),
           (SELECT code FROM board_codes WHERE field = 'unit' AND value = c.unit_id),
           (SELECT code FROM board_codes WHERE field = 'user' AND value = c.created_by),
           (SELECT code FROM board_codes WHERE field = 'user' AND value = c.assignee),
           (SELECT code FROM board_codes WHERE field = 'role' AND value = c.queue),
           c.created_at, c.updated_at, c.closed_at
    FROM (SELECT * FROM cases ORDER BY created_at, id) c;

UPDATE board_codes SET n = k.n FROM (SELECT kind, count(*) AS n FROM cases GROUP BY kind) k
    WHERE board_codes.field = 'kind' AND board_codes.value = k.kind;

INSERT INTO search_words
    SELECT search_term_id(t.tok, t.person), t.tok, t.person, count(*), NULL,
           CASE WHEN count(*) <= 32 THEN list(b.doc ORDER BY b.doc) END
    FROM search_all_tokens() t JOIN board_index b ON b.case_id = t.case_id
    WHERE NOT regexp_matches(t.tok, '\pN') GROUP BY t.tok, t.person ORDER BY t.tok;

INSERT INTO search_codes
    SELECT search_term_id(t.tok, t.person), t.tok, t.person, count(*), NULL,
           CASE WHEN count(*) <= 32 THEN list(b.doc ORDER BY b.doc) END
    FROM search_all_tokens() t JOIN board_index b ON b.case_id = t.case_id
    WHERE regexp_matches(t.tok, '\pN') GROUP BY t.tok, t.person ORDER BY t.tok;

INSERT INTO search_postings
    SELECT search_term_id(t.tok, t.person) AS term_id, b.doc FROM search_all_tokens() t
    JOIN board_index b ON b.case_id = t.case_id
    WHERE search_term_id(t.tok, t.person) IN (SELECT term_id FROM search_words WHERE docs IS NULL
                                             UNION ALL SELECT term_id FROM search_codes WHERE docs IS NULL)
    ORDER BY term_id, b.doc;
