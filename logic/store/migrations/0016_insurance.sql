-- Issue 14, ADM-8: a partner office's details, as the seed's "Kontor indstillinger" shows them
-- (seed 004: e-mail, telephone, CVR number, contact person with telephone and e-mail, the
-- office's address, a description) — kept beside the office's urgent-case permissions in the
-- same per-office settings row. The office itself (name, company = parent, city, active) is a
-- row of `units`; its members are its users in `user_units`. No row: never, no details.
ALTER TABLE urgent_office_settings ADD COLUMN email VARCHAR;          -- E-post kontor
ALTER TABLE urgent_office_settings ADD COLUMN phone VARCHAR;          -- Telefonnummer kontor
ALTER TABLE urgent_office_settings ADD COLUMN cvr VARCHAR;            -- CVR nummer (8 digits, modulus 11)
ALTER TABLE urgent_office_settings ADD COLUMN contact_name VARCHAR;   -- Kontaktperson
ALTER TABLE urgent_office_settings ADD COLUMN contact_phone VARCHAR;  -- Kontaktpersons tlf.
ALTER TABLE urgent_office_settings ADD COLUMN contact_email VARCHAR;  -- Kontaktperson e-post
ALTER TABLE urgent_office_settings ADD COLUMN address VARCHAR;        -- Kontorets adresse
ALTER TABLE urgent_office_settings ADD COLUMN description VARCHAR;    -- Beskrivelse
