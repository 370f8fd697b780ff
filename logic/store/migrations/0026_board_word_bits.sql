-- The board's total for a search of two or more frequent words, kept as bitmaps (issue 18).
-- DuckDB: nothing to add — a frequent word is one of the board's bits there (search_shape.py).
-- PostgreSQL has its own file (postgres/0026_board_word_bits.sql).
SELECT 1;
