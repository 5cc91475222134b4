-- The directory's version (issue 14). Every write to what a public service page shows (a
-- service, its organization, locations, hours, phones, terms and the other records hung on it,
-- the taxonomy, region names) bumps one version in the writing transaction, by trigger, so no
-- write path can forget it. Servers keep service pages under the version they read first and
-- use one only while the version is unchanged: several instances on one database are never
-- stale. Directory writes are rare (staff edits, imports) beside page views, so one version
-- for all of it costs little.
CREATE TABLE directory_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO directory_version (id, version) VALUES (1, 0);
CREATE TRIGGER dir_terms_directory_version_insert AFTER INSERT ON dir_terms BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_terms_directory_version_update AFTER UPDATE ON dir_terms BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_terms_directory_version_delete AFTER DELETE ON dir_terms BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_organizations_directory_version_insert AFTER INSERT ON dir_organizations BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_organizations_directory_version_update AFTER UPDATE ON dir_organizations BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_organizations_directory_version_delete AFTER DELETE ON dir_organizations BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_locations_directory_version_insert AFTER INSERT ON dir_locations BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_locations_directory_version_update AFTER UPDATE ON dir_locations BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_locations_directory_version_delete AFTER DELETE ON dir_locations BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_accessibility_directory_version_insert AFTER INSERT ON dir_accessibility BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_accessibility_directory_version_update AFTER UPDATE ON dir_accessibility BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_accessibility_directory_version_delete AFTER DELETE ON dir_accessibility BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_hours_directory_version_insert AFTER INSERT ON dir_hours BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_hours_directory_version_update AFTER UPDATE ON dir_hours BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_hours_directory_version_delete AFTER DELETE ON dir_hours BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_hours_exceptions_directory_version_insert AFTER INSERT ON dir_hours_exceptions BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_hours_exceptions_directory_version_update AFTER UPDATE ON dir_hours_exceptions BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_hours_exceptions_directory_version_delete AFTER DELETE ON dir_hours_exceptions BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_services_directory_version_insert AFTER INSERT ON dir_services BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_services_directory_version_update AFTER UPDATE ON dir_services BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_services_directory_version_delete AFTER DELETE ON dir_services BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_service_terms_directory_version_insert AFTER INSERT ON dir_service_terms BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_service_terms_directory_version_update AFTER UPDATE ON dir_service_terms BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_service_terms_directory_version_delete AFTER DELETE ON dir_service_terms BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_service_locations_directory_version_insert AFTER INSERT ON dir_service_locations BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_service_locations_directory_version_update AFTER UPDATE ON dir_service_locations BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_service_locations_directory_version_delete AFTER DELETE ON dir_service_locations BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_phones_directory_version_insert AFTER INSERT ON dir_phones BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_phones_directory_version_update AFTER UPDATE ON dir_phones BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_phones_directory_version_delete AFTER DELETE ON dir_phones BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_contacts_directory_version_insert AFTER INSERT ON dir_contacts BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_contacts_directory_version_update AFTER UPDATE ON dir_contacts BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_contacts_directory_version_delete AFTER DELETE ON dir_contacts BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_documents_directory_version_insert AFTER INSERT ON dir_documents BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_documents_directory_version_update AFTER UPDATE ON dir_documents BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_documents_directory_version_delete AFTER DELETE ON dir_documents BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_costs_directory_version_insert AFTER INSERT ON dir_costs BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_costs_directory_version_update AFTER UPDATE ON dir_costs BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_costs_directory_version_delete AFTER DELETE ON dir_costs BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_languages_directory_version_insert AFTER INSERT ON dir_languages BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_languages_directory_version_update AFTER UPDATE ON dir_languages BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_languages_directory_version_delete AFTER DELETE ON dir_languages BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_service_areas_directory_version_insert AFTER INSERT ON dir_service_areas BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_service_areas_directory_version_update AFTER UPDATE ON dir_service_areas BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_service_areas_directory_version_delete AFTER DELETE ON dir_service_areas BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER regions_directory_version_insert AFTER INSERT ON regions BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER regions_directory_version_update AFTER UPDATE ON regions BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER regions_directory_version_delete AFTER DELETE ON regions BEGIN
    UPDATE directory_version SET version = version + 1;
END;
