-- One more column on board_index: `shown`, the values a board row shows (number, kind, type,
-- category, status, title, unit, people, person, article, individual, dates) as one JSON
-- array in search_repo.SHOWN_FIELDS order, dates as text. A board page is found on the narrow
-- coded columns and then reads this one column for its fifty rows: measured at 1M cases,
-- reading fourteen string columns for a page cost 6-8 ms (DuckDB decompresses a vector of every
-- column), this one column ~1 ms. The separate columns stay for sorting and exports.
-- Kept current in the case's own transaction by search_repo.index_case / refresh_case.
ALTER TABLE board_index ADD COLUMN shown VARCHAR;
UPDATE board_index SET shown = json_array(case_id, kind, subtype, category, status, title, unit_id,
    created_by, assignee, queue, person_id, person_name, article_no, individual_no,
    created_at::VARCHAR, updated_at::VARCHAR, closed_at::VARCHAR)::VARCHAR;
