-- Venue summaries (issue 14). The public venue lists show each venue's features and first
-- photo; instances keep them under the venue's version, so writes to either table bump it in
-- the writing transaction, by trigger, like every write that changes availability.
CREATE TRIGGER venue_features_version_insert AFTER INSERT ON venue_features BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id;
END;
CREATE TRIGGER venue_features_version_update AFTER UPDATE ON venue_features BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id;
END;
CREATE TRIGGER venue_features_version_delete AFTER DELETE ON venue_features BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = OLD.venue_id;
END;
CREATE TRIGGER venue_photos_version_insert AFTER INSERT ON venue_photos BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id;
END;
CREATE TRIGGER venue_photos_version_update AFTER UPDATE ON venue_photos BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id;
END;
CREATE TRIGGER venue_photos_version_delete AFTER DELETE ON venue_photos BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = OLD.venue_id;
END;
