-- Organisational deviations (ORG) and the care deviations linked to them (ORG-7).
-- The case itself is a row of `cases` (kind org or care); this is its detail.

-- ORG-2: the classification tree, reference data admins extend without code.
-- An affected area has parent_code NULL; a type of deficiency names its area.
CREATE TABLE org_classification (
    code VARCHAR PRIMARY KEY,
    parent_code VARCHAR,
    entry VARCHAR NOT NULL,           -- org | care: the start-page entry the tree belongs to
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    guidance_sv VARCHAR,              -- ORG-3: shown where the reporter chooses
    guidance_en VARCHAR,
    ladder BOOLEAN NOT NULL DEFAULT FALSE,  -- the escalation ladder applies (ORG-6)
    sort INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

-- ORG-6: who holds each level above the manager (assigned in the admin page, never in code).
CREATE TABLE org_ladder_holders (
    level VARCHAR PRIMARY KEY,        -- committee | forum | group
    username VARCHAR NOT NULL,
    title VARCHAR,                    -- e.g. ordförande
    assigned_by VARCHAR NOT NULL,
    assigned_at TIMESTAMP NOT NULL
);

CREATE TABLE org_deviations (
    case_id VARCHAR PRIMARY KEY,
    entry VARCHAR NOT NULL,           -- org | care (= cases.kind)
    reporter_unit_id VARCHAR NOT NULL,
    routed_unit_id VARCHAR NOT NULL,  -- the unit whose manager received it (ORG-4)
    area VARCHAR NOT NULL,
    deficiency VARCHAR NOT NULL,
    ladder BOOLEAN NOT NULL,          -- copied from the deficiency type when reported
    occurred_at TIMESTAMP NOT NULL,
    location VARCHAR NOT NULL,
    what_happened VARCHAR NOT NULL,
    affected VARCHAR[] NOT NULL,      -- patient / staff / organisation
    party VARCHAR,                    -- samverkanspart
    party_other VARCHAR,
    patient_harmed BOOLEAN NOT NULL,
    harm_description VARCHAR,
    level VARCHAR NOT NULL,           -- current (= highest reached) ladder level
    linked_case_id VARCHAR,           -- ORG-7 the care deviation / organisational deviation
    unit_meeting_on DATE,             -- ORG-5 taken up at the unit meeting
    unit_meeting_note VARCHAR,
    outcome VARCHAR,                  -- what the reporter is told
    resolved_at TIMESTAMP,
    resolved_level VARCHAR,
    closed_by VARCHAR
);

-- One row per level a case arrived at: who held it, why it came, what was decided (ORG-6).
CREATE SEQUENCE org_step_seq START 1;
CREATE TABLE org_steps (
    id BIGINT PRIMARY KEY DEFAULT nextval('org_step_seq'),
    case_id VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    holder VARCHAR NOT NULL,
    arrived_at TIMESTAMP NOT NULL,
    arrived_by VARCHAR NOT NULL,
    arrival VARCHAR NOT NULL,         -- routed | routed_self | forwarded | unresolved | learning | reassigned
    arrival_note VARCHAR,             -- the reason given by whoever sent it here
    decision VARCHAR,                 -- forward | escalate | learning | close | reassigned (NULL: pending)
    decided_by VARCHAR,
    decided_at TIMESTAMP,
    outcome VARCHAR
);

-- ORG-5: contacts with the collaboration party.
CREATE SEQUENCE org_contact_seq START 1;
CREATE TABLE org_contacts (
    id BIGINT PRIMARY KEY DEFAULT nextval('org_contact_seq'),
    case_id VARCHAR NOT NULL,
    party VARCHAR NOT NULL,
    contact_role VARCHAR NOT NULL,    -- who was contacted, e.g. the responsible insurance investigator
    contacted_on DATE NOT NULL,
    outcome VARCHAR NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX org_steps_case ON org_steps (case_id);
CREATE INDEX org_contacts_case ON org_contacts (case_id);
