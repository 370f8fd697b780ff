-- Assistive devices (hjälpmedel) and deviations on them (DEV).
CREATE TABLE recipients (           -- mottagare: a patient (personnummer) or a care unit (kundnummer)
    id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- patient | care_unit
    name VARCHAR NOT NULL,
    unit_id VARCHAR                   -- the service site responsible
);

CREATE TABLE articles (
    article_no VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    individual_classified BOOLEAN NOT NULL,
    manufacturer VARCHAR
);

CREATE TABLE devices (              -- a device registered on a recipient (DEV-4 a)
    id VARCHAR PRIMARY KEY,
    recipient_id VARCHAR NOT NULL,
    article_no VARCHAR NOT NULL,
    individual_no VARCHAR,
    has_components BOOLEAN NOT NULL DEFAULT FALSE,
    ordered DATE,
    delivered DATE                    -- NULL: not handed out yet (DEV-3)
);

CREATE TABLE stock_items (          -- buffer stock (buffertlager) at a unit (DEV-4 c, d)
    id VARCHAR PRIMARY KEY,
    unit_id VARCHAR NOT NULL,
    article_no VARCHAR NOT NULL,
    individual_no VARCHAR,            -- set for individual-classified devices (individkort)
    quantity INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE work_orders (          -- arbetsorder of a performed service (DEV-4 e)
    no VARCHAR PRIMARY KEY,
    recipient_id VARCHAR,
    article_no VARCHAR,
    individual_no VARCHAR,
    description VARCHAR NOT NULL,
    performed DATE,
    unit_id VARCHAR
);

CREATE TABLE deviation_categories ( -- reference data: categories per event type (DEV-6)
    event_type VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    requires_delivery_ref BOOLEAN NOT NULL DEFAULT FALSE,  -- felleverans (DEV-8)
    sort INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (event_type, code)
);

CREATE TABLE deviations (
    case_id VARCHAR PRIMARY KEY,
    path VARCHAR NOT NULL,            -- DEV-4 a..f
    event_type VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    location VARCHAR NOT NULL,
    concerns VARCHAR NOT NULL,
    what_happened VARCHAR NOT NULL,
    injury VARCHAR NOT NULL,
    desired_action VARCHAR NOT NULL,
    device_return VARCHAR NOT NULL,
    report_attached BOOLEAN,
    wanted_back VARCHAR,
    contact_name VARCHAR NOT NULL,
    contact_phone VARCHAR NOT NULL,
    delivery_note_no VARCHAR,
    order_no VARCHAR,
    comment VARCHAR,
    service_site_id VARCHAR NOT NULL,
    prescriber_code VARCHAR,
    recipient_kind VARCHAR,
    recipient_id VARCHAR,
    recipient_name VARCHAR,
    article_no VARCHAR,
    article_name VARCHAR,
    individual_no VARCHAR,
    device_id VARCHAR,
    stock_item_id VARCHAR,
    work_order_no VARCHAR,
    service_description VARCHAR,
    answer VARCHAR,                   -- Svar, written by centre staff (DEV-12)
    answered_by VARCHAR,
    answered_at TIMESTAMP,
    investigation VARCHAR,
    manufacturer_report VARCHAR NOT NULL DEFAULT 'undecided',  -- undecided | not_needed | reported (DEV-14)
    manufacturer_reported_on DATE,
    mpa_report VARCHAR NOT NULL DEFAULT 'undecided',           -- Läkemedelsverket
    mpa_reported_on DATE,
    closed_by VARCHAR
);

CREATE TABLE repair_requests (      -- wear and tear steered away from deviations (DEV-2)
    case_id VARCHAR PRIMARY KEY,
    service_site_id VARCHAR NOT NULL,
    recipient_id VARCHAR,
    article_no VARCHAR,
    individual_no VARCHAR,
    description VARCHAR NOT NULL,
    contact_name VARCHAR,
    contact_phone VARCHAR
);
