-- The board's reads of its filter columns by date and of board_counts by user or unit (issue 18).
-- DuckDB: nothing to add — it reads those columns by zone maps. PostgreSQL has its own file
-- (postgres/0025_board_covering.sql).
SELECT 1;
