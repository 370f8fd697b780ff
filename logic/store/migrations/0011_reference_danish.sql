-- Danish names (and guidance) for the reference data users choose from and read: deviation
-- categories (DEV-6), the ORG classification tree (ORG-2, ORG-3) and certificate types (CERT-1).
-- Any user may switch to Danish, so what a screen shows from these tables has a Danish text.
-- NULL = none given (a row an admin added without one): the screens then show the Swedish.
-- Rows shipped in data/reference/ get theirs from those files when the loaders next run
-- (logic/reference.py::load_all, from logic/bootstrap.py on every `make run`), so an existing
-- installation is filled in too; a row whose Swedish name an admin has changed keeps NULL.
ALTER TABLE deviation_categories ADD COLUMN name_da VARCHAR;
ALTER TABLE org_classification ADD COLUMN name_da VARCHAR;
ALTER TABLE org_classification ADD COLUMN guidance_da VARCHAR;
ALTER TABLE certificate_types ADD COLUMN name_da VARCHAR;
