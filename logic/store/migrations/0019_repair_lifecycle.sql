-- Repair requests (RE…) get their life cycle (issue 17; DEV-16 … DEV-19): the centre's
-- technician plans the repair (a date and a technician), answers the reporter (Svar) and closes
-- it with what was done. The case's status and version stay on `cases`; these columns hold the
-- request's own facts. `prescriber_code`: the reporter's code when the request was made, so
-- "Mina avvikelser" (DEV-13) finds her repair requests by it, as it finds her deviations.
ALTER TABLE repair_requests ADD COLUMN prescriber_code VARCHAR;
ALTER TABLE repair_requests ADD COLUMN planned_on DATE;            -- the day the repair is planned for
ALTER TABLE repair_requests ADD COLUMN technician VARCHAR;         -- username (centre staff)
ALTER TABLE repair_requests ADD COLUMN planned_by VARCHAR;
ALTER TABLE repair_requests ADD COLUMN planned_at TIMESTAMP;       -- UTC
ALTER TABLE repair_requests ADD COLUMN answer VARCHAR;             -- Svar, to the reporter
ALTER TABLE repair_requests ADD COLUMN answered_by VARCHAR;
ALTER TABLE repair_requests ADD COLUMN answered_at TIMESTAMP;      -- UTC
ALTER TABLE repair_requests ADD COLUMN work_done VARCHAR;          -- what was done, written at closing
ALTER TABLE repair_requests ADD COLUMN closed_by VARCHAR;
-- requests made before: the code their reporter has now (the best there is)
UPDATE repair_requests SET prescriber_code = (
    SELECT u.prescriber_code FROM cases c JOIN users u ON u.username = c.created_by
    WHERE c.id = repair_requests.case_id);
