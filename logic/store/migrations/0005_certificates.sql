-- Medical certificates (CERT): types, the patient register, certificates, questions and answers
-- with Försäkringskassan, and the prerequisites a physician and a unit need (CERT-2).
-- The case itself (status, unit, responsible physician, patient id) lives in `cases`
-- with kind 'certificate'; this file holds only what is certificate-specific.

CREATE TABLE certificate_types (    -- reference data, data/reference/certificate_types.json (CERT-1)
    code VARCHAR PRIMARY KEY,         -- e.g. lisjp
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    authority VARCHAR NOT NULL,       -- FK | TS | EMPLOYER | SKV | SOS
    mina_intyg BOOLEAN NOT NULL,      -- made available in the patient's Mina intyg on signing
    staff_send BOOLEAN NOT NULL,      -- staff may send it electronically (with consent, CERT-7)
    auto_send BOOLEAN NOT NULL,       -- sent to the authority on signing (CERT-6)
    sort INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE patients (             -- the patient register certificates are written from
    id VARCHAR PRIMARY KEY,           -- personnummer / samordningsnummer (12 digits) or reservnummer
    id_kind VARCHAR NOT NULL,         -- personnummer | samordningsnummer | reservnummer (CERT-8)
    name VARCHAR NOT NULL,
    protected_identity BOOLEAN NOT NULL DEFAULT FALSE,  -- skyddade personuppgifter (CERT-8)
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL
);

CREATE TABLE certificates (
    case_id VARCHAR PRIMARY KEY,
    type_code VARCHAR NOT NULL,
    patient_id VARCHAR NOT NULL,
    content VARCHAR NOT NULL DEFAULT '{}',   -- JSON: field name -> value, saved on every change
    started_at TIMESTAMP,             -- first change: Tomt utkast -> Utkast (CERT-4)
    locked_at TIMESTAMP,              -- when the derived lock was persisted (CERT-5)
    signed_at TIMESTAMP,
    signed_by VARCHAR,
    in_mina_intyg BOOLEAN NOT NULL DEFAULT FALSE,
    sent_at TIMESTAMP,
    sent_by VARCHAR,
    recipient VARCHAR,                -- authority it was sent to
    consent_confirmed BOOLEAN,        -- CERT-7: confirmed, not documented beyond this flag
    paper_to_police BOOLEAN NOT NULL DEFAULT FALSE,   -- CERT-9
    handed_to_police_at TIMESTAMP,
    voided_at TIMESTAMP,
    voided_by VARCHAR,
    void_reason VARCHAR,
    deleted_at TIMESTAMP,
    deleted_by VARCHAR,
    copied_from VARCHAR,              -- relations between certificates
    replaces VARCHAR,
    replaced_by VARCHAR
);

CREATE SEQUENCE cert_question_seq START 1;
CREATE TABLE cert_questions (       -- ärendekommunikation with Försäkringskassan (CERT-11)
    id BIGINT PRIMARY KEY DEFAULT nextval('cert_question_seq'),
    case_id VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,       -- incoming (from FK) | outgoing (from care)
    kind VARCHAR NOT NULL,            -- question | completion (komplettering)
    topic VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    reply_by DATE,                    -- Svara senast
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL,
    status VARCHAR NOT NULL,          -- waiting_for_care | waiting_for_authority | answered
    answer VARCHAR,
    answered_at TIMESTAMP,
    answered_by VARCHAR,
    handled_at TIMESTAMP,             -- Hanterad
    handled_by VARCHAR
);

CREATE TABLE cert_user_rights (     -- CERT-2, per user (HSA attributes, TakeCare permission)
    username VARCHAR PRIMARY KEY,
    protected_title VARCHAR,          -- skyddad yrkestitel, e.g. Läkare
    webcert BOOLEAN NOT NULL DEFAULT FALSE   -- behörighet "Använda Webcert"
);

CREATE TABLE care_assignments (     -- vårdmedarbetaruppdrag per unit (CERT-2)
    username VARCHAR NOT NULL,
    unit_id VARCHAR NOT NULL,
    purpose VARCHAR NOT NULL,         -- vard_och_behandling
    PRIMARY KEY (username, unit_id, purpose)
);
