-- Availability versions (issue 14). Every write that can change what a venue's availability
-- grid shows bumps the version of that venue, and of every venue sharing a space with it (a
-- hall and its courts), in the writing transaction, by trigger: no write path can forget it.
-- Servers cache a venue's days under the version they read first and use a cached day only
-- while the version is unchanged, so several instances on one database are never stale.
CREATE TABLE venue_versions (
    venue_id  BIGINT PRIMARY KEY REFERENCES venues (id) ON DELETE CASCADE,
    version   BIGINT NOT NULL DEFAULT 0
);
INSERT INTO venue_versions (venue_id) SELECT id FROM venues;

-- The holiday calendar decides closed days of every venue: one version for all of it.
CREATE TABLE calendar_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO calendar_version (id, version) VALUES (1, 0);

CREATE FUNCTION venue_versions_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO venue_versions (venue_id) VALUES (NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER venue_versions_new AFTER INSERT ON venues
    FOR EACH ROW EXECUTE FUNCTION venue_versions_new();

-- Bumps venue `v` and every venue sharing a space with it.
CREATE FUNCTION bump_venue_versions(v BIGINT) RETURNS void LANGUAGE sql AS $$
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = v OR venue_id IN
        (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = v);
$$;

-- For tables with a `venue_id` column.
CREATE FUNCTION venue_version_by_venue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN PERFORM bump_venue_versions(OLD.venue_id);
    ELSE PERFORM bump_venue_versions(NEW.venue_id); END IF;
    RETURN NULL;
END $$;

-- For the venues table itself.
CREATE FUNCTION venue_version_by_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bump_venue_versions(NEW.id);
    RETURN NULL;
END $$;

-- For claims: every venue occupying the claimed space.
CREATE FUNCTION venue_version_by_space() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN s := OLD.space_id; ELSE s := NEW.space_id; END IF;
    UPDATE venue_versions SET version = version + 1
        WHERE venue_id IN (SELECT venue_id FROM venue_spaces WHERE space_id = s);
    RETURN NULL;
END $$;

-- What a claim shows comes from its booking (kind, purpose: a block's reason, lottery), and when
-- the sweep will release it by itself (status, hold_until, starts_at) decides how long a cached
-- day is good.
CREATE FUNCTION venue_version_by_booking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id IN
        (SELECT vs.venue_id FROM booking_claims c JOIN venue_spaces vs ON vs.space_id = c.space_id WHERE c.booking_id = NEW.id);
    RETURN NULL;
END $$;

CREATE FUNCTION calendar_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE calendar_version SET version = version + 1;
    RETURN NULL;
END $$;

-- The venue itself (active, time zone), its rules, weekly hours, dated exceptions, closures,
-- spaces and per-person places taken.
CREATE TRIGGER venues_version AFTER UPDATE ON venues
    FOR EACH ROW EXECUTE FUNCTION venue_version_by_id();
CREATE TRIGGER venue_rules_version AFTER INSERT OR UPDATE OR DELETE ON venue_rules
    FOR EACH ROW EXECUTE FUNCTION venue_version_by_venue();
CREATE TRIGGER venue_hours_version AFTER INSERT OR UPDATE OR DELETE ON venue_hours
    FOR EACH ROW EXECUTE FUNCTION venue_version_by_venue();
CREATE TRIGGER venue_exceptions_version AFTER INSERT OR UPDATE OR DELETE ON venue_exceptions
    FOR EACH ROW EXECUTE FUNCTION venue_version_by_venue();
CREATE TRIGGER venue_closures_version AFTER INSERT OR UPDATE OR DELETE ON venue_closures
    FOR EACH ROW EXECUTE FUNCTION venue_version_by_venue();
CREATE TRIGGER venue_spaces_version AFTER INSERT OR UPDATE OR DELETE ON venue_spaces
    FOR EACH ROW EXECUTE FUNCTION venue_version_by_venue();
CREATE TRIGGER slot_usage_version AFTER INSERT OR UPDATE OR DELETE ON slot_usage
    FOR EACH ROW EXECUTE FUNCTION venue_version_by_venue();

-- Claims of space-time (bookings, holds, blocks, lottery placeholders) and their release.
CREATE TRIGGER booking_claims_version AFTER INSERT OR UPDATE OR DELETE ON booking_claims
    FOR EACH ROW EXECUTE FUNCTION venue_version_by_space();
CREATE TRIGGER bookings_version AFTER UPDATE OF kind, purpose, lottery_id, status, hold_until, starts_at ON bookings
    FOR EACH ROW EXECUTE FUNCTION venue_version_by_booking();

-- Holidays and make-up working days.
CREATE TRIGGER calendar_days_version AFTER INSERT OR UPDATE OR DELETE ON calendar_days
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_version_bump();
