-- The report dashboard's (X-5) reads of cases by kind and registration time.
-- DuckDB: nothing to add — it reads those columns by their row groups' min/max (zone maps),
-- which is faster at a million cases than any index would be. PostgreSQL has its own file
-- (postgres/0023_report_indexes.sql): covering B-tree indexes, so each figure of a 12-month
-- dashboard is an index-only scan of that year instead of a scan of every case.
SELECT 1;
