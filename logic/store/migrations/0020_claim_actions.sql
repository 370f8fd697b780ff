-- Issue 17 (URG-13 … URG-20): the insurer's normal case (kind 'claim') gets its actions.
-- Its state is cases.status: open | on_hold (i bero) | closed (lukket) | deleted (slettet);
-- closed and deleted set cases.closed_at. The claim decision (erstatningsbeslutning) and the
-- deletion's reason are kept on the detail row with who and when; every change is also in the
-- append-only case log (Grand log).
ALTER TABLE claim_cases ADD COLUMN decision VARCHAR;          -- accepted | rejected | more_info
ALTER TABLE claim_cases ADD COLUMN decision_reason VARCHAR;   -- why (begrundelse)
ALTER TABLE claim_cases ADD COLUMN decision_at TIMESTAMP;     -- UTC
ALTER TABLE claim_cases ADD COLUMN decision_by VARCHAR;       -- username
ALTER TABLE claim_cases ADD COLUMN deleted_reason VARCHAR;    -- Slet sagen: why
ALTER TABLE claim_cases ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE claim_cases ADD COLUMN deleted_by VARCHAR;
-- URG-16: a deleted case's files are erased (content emptied); the row stays, saying when and by whom
ALTER TABLE task_attachments ADD COLUMN erased_at TIMESTAMP;
ALTER TABLE task_attachments ADD COLUMN erased_by VARCHAR;
