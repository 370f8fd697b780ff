-- PostgreSQL: text is bound in NFC from the start (logic.store.db.Tx), and postgres/0003_board.sql
-- keeps a case's words through logic/store/pg_board.py, which cuts them from NFC text.
SELECT 1;
