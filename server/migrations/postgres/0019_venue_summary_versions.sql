-- Venue summaries (issue 14). The public venue lists show each venue's features and first
-- photo; instances keep them under the venue's version, so writes to either table bump it in
-- the writing transaction, by trigger, like every write that changes availability.

CREATE FUNCTION venue_version_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE venue_versions SET version = version + 1 WHERE venue_id = OLD.venue_id;
    ELSE
        UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER venue_features_version AFTER INSERT OR UPDATE OR DELETE ON venue_features
    FOR EACH ROW EXECUTE FUNCTION venue_version_of_row();
CREATE TRIGGER venue_photos_version AFTER INSERT OR UPDATE OR DELETE ON venue_photos
    FOR EACH ROW EXECUTE FUNCTION venue_version_of_row();
