-- Ledger versions (issue 14). A venue's version (0016) changed with every booking, so at the
-- release rush each booking made every instance reload the venue, its rules, its schedule and
-- every cached day. What a booking changes is the ledger: the claims of space-time, the
-- bookings behind them and the places taken. Those now bump `ledger`; `version` stays for the
-- venue's setup (the venue, rules, hours, exceptions, closures, spaces, features, photos).
-- An instance that finds only `ledger` moved reloads the claims of the days it shows and keeps
-- the rest. Both are bumped by trigger in the writing transaction, as before.
ALTER TABLE venue_versions ADD COLUMN ledger BIGINT NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION venue_version_by_space() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN s := OLD.space_id; ELSE s := NEW.space_id; END IF;
    UPDATE venue_versions SET ledger = ledger + 1
        WHERE venue_id IN (SELECT venue_id FROM venue_spaces WHERE space_id = s);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION venue_version_by_booking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id IN
        (SELECT vs.venue_id FROM booking_claims c JOIN venue_spaces vs ON vs.space_id = c.space_id WHERE c.booking_id = NEW.id);
    RETURN NULL;
END $$;

-- Places taken per slot: the venue and every venue sharing a space with it.
CREATE FUNCTION venue_ledger_by_venue() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN v := OLD.venue_id; ELSE v := NEW.venue_id; END IF;
    UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id = v OR venue_id IN
        (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = v);
    RETURN NULL;
END $$;

-- The ledger bump takes the venue's row in `venue_versions` until commit, so two bookings of
-- one venue wait for each other there even for different slots. Deferred to the commit, the
-- bump holds that row only while the transaction commits, not while it checks quotas, writes
-- reminders and answers (at the release rush every booking is for the same venue).
DROP TRIGGER slot_usage_version ON slot_usage;
DROP TRIGGER booking_claims_version ON booking_claims;
DROP TRIGGER bookings_version ON bookings;
CREATE CONSTRAINT TRIGGER slot_usage_version AFTER INSERT OR UPDATE OR DELETE ON slot_usage
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION venue_ledger_by_venue();
CREATE CONSTRAINT TRIGGER booking_claims_version AFTER INSERT OR UPDATE OR DELETE ON booking_claims
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION venue_version_by_space();
CREATE CONSTRAINT TRIGGER bookings_version AFTER UPDATE OF kind, purpose, lottery_id, status, hold_until, starts_at ON bookings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION venue_version_by_booking();

-- The public venue list (issue 14). A page of the list is chosen from the venues, their rules
-- and features and the region tree; instances keep each page under this one version, bumped
-- by any write to those tables (rare: bookings touch none of them).
CREATE TABLE venue_list_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO venue_list_version (id, version) VALUES (1, 0);
CREATE FUNCTION venue_list_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE venue_list_version SET version = version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER venues_list_version AFTER INSERT OR UPDATE OR DELETE ON venues
    FOR EACH STATEMENT EXECUTE FUNCTION venue_list_version_bump();
CREATE TRIGGER venue_rules_list_version AFTER INSERT OR UPDATE OR DELETE ON venue_rules
    FOR EACH STATEMENT EXECUTE FUNCTION venue_list_version_bump();
CREATE TRIGGER venue_features_list_version AFTER INSERT OR UPDATE OR DELETE ON venue_features
    FOR EACH STATEMENT EXECUTE FUNCTION venue_list_version_bump();
CREATE TRIGGER regions_list_version AFTER INSERT OR UPDATE OR DELETE ON regions
    FOR EACH STATEMENT EXECUTE FUNCTION venue_list_version_bump();
CREATE TRIGGER region_closure_list_version AFTER INSERT OR UPDATE OR DELETE ON region_closure
    FOR EACH STATEMENT EXECUTE FUNCTION venue_list_version_bump();
