-- PostgreSQL (issue 18, measured at 1M cases): the board in its own order (created_at DESC NULLS
-- LAST, doc DESC) with the coded columns the visibility rules and filters test, so a page and a
-- count over a period ("open, last month": ~19 000 rows) are index-only scans instead of a heap
-- visit per row (the count 24 -> 4 ms); and board_counts by the columns a reporter's visibility
-- is made of (creator, unit, assignee), so her total is a few thousand of its ~80 000 rows
-- (21 -> 1 ms) — the board opened by a reporter 10 -> 5 ms, filtered 8 -> 6 ms.
DROP INDEX board_index_created;
CREATE INDEX board_index_created ON board_index (created_at DESC NULLS LAST, doc DESC)
    INCLUDE (kind_c, subtype_c, status_c, unit_c, creator_c, assignee_c, queue_c, closed_at);
CREATE INDEX board_counts_creator ON board_counts (creator_c);
CREATE INDEX board_counts_unit ON board_counts (unit_c);
CREATE INDEX board_counts_assignee ON board_counts (assignee_c);
