-- The number of cases a frequent word finds, kept up to date (issue 18). DuckDB: nothing to add —
-- a frequent word is one of the board's bits there (search_shape.py), counted by a scan of the
-- narrow board in a few ms. PostgreSQL has its own file (postgres/0024_board_word_counts.sql).
SELECT 1;
