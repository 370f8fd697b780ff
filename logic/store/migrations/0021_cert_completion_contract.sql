-- Issue 17, certificates (docs/RULES17.md, CERT-13 … CERT-18).
-- A completion request (komplettering) from Försäkringskassan is answered, the way Webcert does,
-- by a new version of the certificate: `completes` on the new one points at the original,
-- `completed_by` on the original at the new one once it is signed and sent; the completion
-- request names the certificate that answered it (`answered_with`).
ALTER TABLE certificates ADD COLUMN completes VARCHAR;
ALTER TABLE certificates ADD COLUMN completed_by VARCHAR;
ALTER TABLE cert_questions ADD COLUMN answered_with VARCHAR;

-- CERT-18: "Vårdenhetens HSA-id ska ha anslutning till tjänstekontrakt hos Inera" — one more
-- prerequisite, per unit, kept by the certificate admin. A unit without a row is not connected.
CREATE TABLE cert_unit_contracts (
    unit_id VARCHAR PRIMARY KEY,
    connected BOOLEAN NOT NULL,
    changed_at TIMESTAMP,
    changed_by VARCHAR
);
-- An existing installation: a unit that already has a workplace code has been issuing
-- certificates, so it was connected; the admin can take that back on the admin page.
INSERT INTO cert_unit_contracts (unit_id, connected, changed_at, changed_by)
SELECT id, TRUE, NULL, 'migration' FROM units WHERE coalesce(trim(workplace_code), '') <> '';
