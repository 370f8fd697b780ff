-- History imported from the system a team leaves (issue 14: IMP-9, IMP-10, IMP-11).
--
-- imported_cases: which cases came from a file (the case itself is an ordinary row of `cases`
-- with its detail row, found on the board like any other), which file and who imported it, and
-- the case's version as that import left it. A later import of the same number may update the
-- case only while its version is still that one, i.e. nobody changed it in casedesk since; a
-- case registered in casedesk (no row here) is never overwritten by an import.
CREATE TABLE imported_cases (
    case_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- the import's kind: history_deviations, history_org, …
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    imported_by VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,   -- UTC
    version INTEGER NOT NULL          -- cases.version right after that import
);
