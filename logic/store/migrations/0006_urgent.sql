-- Urgent cases (akut sager) of insurers and their partners (URG).
-- Insurers, partner companies (virksomheder) and their offices (kontorer) are rows of the
-- shared `units` table: kind 'insurer'; kind 'company' with parent_id = the insurer; kind
-- 'office' with parent_id = the company. A partner member belongs (user_units) to the office
-- and to its company; an insurer user belongs to the insurer.
--
-- Cases of kind 'urgent' (id AKUT-yy-nnnn) and the insurer's normal cases, kind 'claim', live
-- in the shared `cases` table with unit_id = the office (urgent) or the origin office (claim),
-- category = the company id, subtype = the insurer id, so the access rule can decide on a
-- bare `cases` row (the case board) without another lookup.

CREATE TABLE urgent_portals (        -- one per insurer: the portal settings
    insurer_id VARCHAR PRIMARY KEY,
    enhanced BOOLEAN NOT NULL DEFAULT FALSE,       -- forbedret akut sag-funktion (URG-3)
    report_period VARCHAR NOT NULL DEFAULT 'week', -- week | month (URG-12)
    updated_at TIMESTAMP,
    updated_by VARCHAR
);

CREATE TABLE urgent_office_hours (   -- kontortid per company (URG-2)
    company_id VARCHAR PRIMARY KEY,
    start_time TIME NOT NULL DEFAULT TIME '08:00:00',
    end_time TIME NOT NULL DEFAULT TIME '16:00:00',
    updated_at TIMESTAMP,
    updated_by VARCHAR
);

CREATE TABLE urgent_office_settings ( -- kontor indstillinger (URG-1, URG-3)
    office_id VARCHAR PRIMARY KEY,
    create_permission VARCHAR NOT NULL DEFAULT 'never',  -- never | outside_hours | always
    may_assign_other_partners BOOLEAN NOT NULL DEFAULT FALSE,
    may_edit_case_id BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP,
    updated_by VARCHAR
);

CREATE TABLE urgent_cases (          -- detail of a case created as urgent (kind 'urgent')
    case_id VARCHAR PRIMARY KEY,
    insurer_id VARCHAR NOT NULL,
    company_id VARCHAR NOT NULL,
    office_id VARCHAR NOT NULL,
    street VARCHAR NOT NULL,
    postcode VARCHAR NOT NULL,
    town VARCHAR NOT NULL,
    customer VARCHAR NOT NULL,
    contact_name VARCHAR NOT NULL,
    contact_phone VARCHAR NOT NULL,
    contact_email VARCHAR,
    contact_type VARCHAR,
    building_year INTEGER,
    short_description VARCHAR NOT NULL,
    notes VARCHAR,
    damage_at TIMESTAMP NOT NULL,      -- skadedato, UTC
    registered_at TIMESTAMP NOT NULL,  -- oprettet, UTC
    inside_office_hours BOOLEAN NOT NULL,   -- when it was created (URG-12)
    state VARCHAR NOT NULL DEFAULT 'open',  -- open | converted | linked
    attached_at TIMESTAMP,             -- when converted or linked (URG-12 time to attach)
    attached_by VARCHAR,
    converted_to VARCHAR,              -- the normal case number (URG-10)
    linked_to VARCHAR                  -- the case it was linked into (URG-11)
);

CREATE TABLE claim_cases (           -- detail of the insurer's normal cases (kind 'claim')
    case_id VARCHAR PRIMARY KEY,
    insurer_id VARCHAR NOT NULL,
    company_id VARCHAR,                -- origin partner company, when converted from urgent
    office_id VARCHAR,
    case_handler VARCHAR,              -- sagsbehandler (username)
    street VARCHAR,
    postcode VARCHAR,
    town VARCHAR,
    customer VARCHAR,
    contact_name VARCHAR,
    contact_phone VARCHAR,
    contact_email VARCHAR,
    contact_type VARCHAR,
    building_year INTEGER,
    short_description VARCHAR,
    notes VARCHAR,
    damage_at TIMESTAMP,
    converted_from VARCHAR             -- the urgent case it was made from (URG-10)
);

CREATE SEQUENCE case_task_seq START 1;
CREATE TABLE case_tasks (            -- opgaver: førstehjælp / besigtigelse (URG-7)
    id BIGINT PRIMARY KEY DEFAULT nextval('case_task_seq'),
    case_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,             -- first_aid | inspection
    office_id VARCHAR,                 -- NULL: ikke tildelt
    budget_state VARCHAR NOT NULL,     -- not_needed | missing | submitted | approved | rejected
    budget_amount DECIMAL(12, 2),
    status VARCHAR NOT NULL DEFAULT 'open',   -- open | done
    origin_case_id VARCHAR,            -- the urgent case it came from, after a move (URG-11)
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL,
    assigned_at TIMESTAMP,
    assigned_by VARCHAR
);

CREATE SEQUENCE task_report_seq START 1;
CREATE TABLE task_reports (          -- what the partner reports on a task
    id BIGINT PRIMARY KEY DEFAULT nextval('task_report_seq'),
    task_id BIGINT NOT NULL,
    case_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    reported_at TIMESTAMP NOT NULL,
    reported_by VARCHAR NOT NULL
);

CREATE SEQUENCE task_attachment_seq START 1;
CREATE TABLE task_attachments (      -- photos and PDFs on a task, checked on their content
    id BIGINT PRIMARY KEY DEFAULT nextval('task_attachment_seq'),
    task_id BIGINT NOT NULL,
    case_id VARCHAR NOT NULL,
    filename VARCHAR NOT NULL,
    mime VARCHAR NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    uploaded_by VARCHAR NOT NULL
);
