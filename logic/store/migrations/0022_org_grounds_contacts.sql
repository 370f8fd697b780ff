-- Issue 17, organisational deviations (seed 002): the grounds for reporting, and a contact
-- register per unit (docs/RULES17.md, ORG-8 … ORG-12).

-- ORG-8: the grounds for reporting an insurance-medicine deviation (seed 002: "Vid brister i
-- följsamhet till försäkringsmedicinska styrande dokument, beteende, samarbete med berörda
-- aktörer, patientsäkerhet, tillgänglighet … den regionala överenskommelsen"). Reference data:
-- the rows are shipped in data/reference/org_grounds.json and loaded when the table is empty
-- (logic/org/reference.py::load_grounds).
CREATE TABLE org_grounds (
    code VARCHAR PRIMARY KEY,
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_da VARCHAR,
    sort INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

-- ORG-8/ORG-9: the grounds a case was reported on (codes of org_grounds), chosen by the
-- reporter and changed by the handling manager. Only cases of an insurance-medicine type
-- (org_deviations.ladder) have grounds; NULL = none recorded. Cases from before this
-- migration (and imported history) keep NULL: their grounds were never asked for, and the
-- statistics count them as "no ground recorded" rather than guess one.
ALTER TABLE org_deviations ADD COLUMN grounds VARCHAR[];

-- ORG-11: each unit's contacts at the collaboration parties — the unit's contact person at
-- Försäkringskassan, the insurance investigators, the managers at the authority.
CREATE SEQUENCE org_unit_contact_seq START 1;
CREATE TABLE org_unit_contacts (
    id BIGINT PRIMARY KEY DEFAULT nextval('org_unit_contact_seq'),
    unit_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,            -- investigator | unit_contact | authority_manager
    party VARCHAR NOT NULL,           -- forsakringskassan | arbetsformedlingen | other
    name VARCHAR NOT NULL,
    phone VARCHAR,
    email VARCHAR,
    note VARCHAR,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    changed_by VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX org_unit_contacts_unit ON org_unit_contacts (unit_id);

-- ORG-12: a contact recorded on a case names the register entry it was chosen from (NULL: typed).
ALTER TABLE org_contacts ADD COLUMN register_id BIGINT;
