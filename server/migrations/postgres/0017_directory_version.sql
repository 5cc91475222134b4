-- The directory's version (issue 14). Every write to what a public service page shows (a
-- service, its organization, locations, hours, phones, terms and the other records hung on it,
-- the taxonomy, region names) bumps one version in the writing transaction, by trigger, so no
-- write path can forget it. Servers keep service pages under the version they read first and
-- use one only while the version is unchanged: several instances on one database are never
-- stale. Directory writes are rare (staff edits, imports) beside page views, so one version
-- for all of it costs little.
CREATE TABLE directory_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO directory_version (id, version) VALUES (1, 0);

CREATE FUNCTION directory_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_version SET version = version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER dir_terms_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_terms
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_organizations_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_organizations
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_locations_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_locations
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_accessibility_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_accessibility
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_hours_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_hours
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_hours_exceptions_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_hours_exceptions
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_services_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_services
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_service_terms_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_service_terms
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_service_locations_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_service_locations
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_phones_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_phones
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_contacts_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_contacts
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_documents_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_documents
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_costs_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_costs
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_languages_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_languages
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER dir_service_areas_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_service_areas
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER regions_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
