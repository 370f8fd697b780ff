-- Core: people, units, the case table every kind shares, the append-only logs, messages.
CREATE TABLE units (
    id VARCHAR PRIMARY KEY,
    code VARCHAR,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,            -- service_site | care_unit | centre | org_unit | company | office
    parent_id VARCHAR,
    manager VARCHAR,                  -- username of the unit's manager (chef)
    workplace_code VARCHAR,           -- arbetsplatskod (CERT-2)
    customer_no VARCHAR,              -- kundnummer of a care unit (DEV-4 b)
    city VARCHAR,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    email VARCHAR,
    password_hash VARCHAR NOT NULL,
    prescriber_code VARCHAR,          -- förskrivarkod
    title VARCHAR,                    -- e.g. Läkare (protected title, CERT-2)
    lang VARCHAR NOT NULL DEFAULT 'sv',
    tz VARCHAR NOT NULL DEFAULT 'Europe/Stockholm',
    authority_level INTEGER,          -- insurer users 1..6 (URG-12)
    failed_logins INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE user_roles (
    username VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    PRIMARY KEY (username, role)
);

CREATE TABLE user_units (
    username VARCHAR NOT NULL,
    unit_id VARCHAR NOT NULL,
    PRIMARY KEY (username, unit_id)
);

-- What every case has; kind-specific detail lives in its own table keyed by case id.
CREATE TABLE cases (
    id VARCHAR PRIMARY KEY,           -- the case number, e.g. AV26070002
    kind VARCHAR NOT NULL,            -- deviation | repair | org | certificate | urgent | ...
    subtype VARCHAR,                  -- e.g. event type of a deviation
    category VARCHAR,
    status VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    description VARCHAR,
    unit_id VARCHAR,
    created_by VARCHAR NOT NULL,
    assignee VARCHAR,                 -- who the case waits for, if a person
    queue VARCHAR,                    -- or the role whose queue it waits in
    person_id VARCHAR,                -- personal identity number of the patient, if any
    person_name VARCHAR,
    article_no VARCHAR,
    individual_no VARCHAR,
    created_at TIMESTAMP NOT NULL,    -- UTC
    updated_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    search_text VARCHAR               -- lower-cased text the board searches
);

CREATE SEQUENCE case_event_seq START 1;
CREATE TABLE case_events (          -- append-only (X-2)
    id BIGINT PRIMARY KEY DEFAULT nextval('case_event_seq'),
    case_id VARCHAR NOT NULL,
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    before_value JSON,
    after_value JSON
);

CREATE SEQUENCE access_log_seq START 1;
CREATE TABLE access_log (           -- append-only: every view of a person's identity (X-2)
    id BIGINT PRIMARY KEY DEFAULT nextval('access_log_seq'),
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    person_id VARCHAR NOT NULL,
    case_id VARCHAR,
    purpose VARCHAR NOT NULL
);

CREATE SEQUENCE security_log_seq START 1;
CREATE TABLE security_log (         -- append-only: logins, lockouts, user administration
    id BIGINT PRIMARY KEY DEFAULT nextval('security_log_seq'),
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR,
    event VARCHAR NOT NULL,
    detail VARCHAR
);

CREATE SEQUENCE message_seq START 1;
CREATE TABLE messages (             -- in-app messages, Meddelanden (X-3)
    id BIGINT PRIMARY KEY DEFAULT nextval('message_seq'),
    recipient VARCHAR NOT NULL,
    sender VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    body VARCHAR,
    case_id VARCHAR,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);

CREATE TABLE number_sequences (     -- last number handed out per prefix, never reused
    prefix VARCHAR PRIMARY KEY,
    last_value INTEGER NOT NULL
);
