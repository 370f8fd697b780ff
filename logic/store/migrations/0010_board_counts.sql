-- board_counts: how many cases there are of each combination of the board's coded columns
-- (kind, type, category, status, unit, creator, assignee, queue, closed or not). Kept in the
-- case's own transaction by search_repo.index_case / refresh_case, like board_index.
-- The board's count without a period or free text is a sum over this table instead of a
-- scan of board_index: measured at 1M cases it has ~80 000 rows, and a reporter's count
-- (own cases or the unit's, per kind) went from three scans of a million rows (~11 ms) to
-- one of these (~2 ms). It also replaces board_codes.n (the number of cases of each kind).
CREATE TABLE board_counts (
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
INSERT INTO board_counts
SELECT kind_c, subtype_c, category_c, status_c, unit_c, creator_c, assignee_c, queue_c,
       closed_at IS NOT NULL, count(*)
FROM board_index GROUP BY ALL ORDER BY ALL;
ALTER TABLE board_codes DROP COLUMN n;
