-- PostgreSQL: already in postgres/0003_board.sql (the board's final shape).
SELECT 1;
