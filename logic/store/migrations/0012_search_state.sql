-- search_state: where the search index was last sorted (search_repo.compact / rebuild). Cases
-- indexed one by one since then (docs above compacted_doc) sit unsorted at the end of
-- search_postings and the vocabularies; once there are search_repo.COMPACT_AFTER of them, the
-- write that indexed the last one starts a compaction after its commit (in the background),
-- and logic.bootstrap compacts at start-up. One row. 0 for an existing installation: its
-- index was never compacted since its cases were registered, so it is compacted once.
CREATE TABLE search_state (
    compacted_doc BIGINT NOT NULL     -- the highest board_index.doc when the index was last sorted
);
INSERT INTO search_state VALUES (0);
