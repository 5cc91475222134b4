-- Ledger versions (issue 14). A venue's version (0016) changed with every booking, so at the
-- release rush each booking made every instance reload the venue, its rules, its schedule and
-- every cached day. What a booking changes is the ledger: the claims of space-time, the
-- bookings behind them and the places taken. Those now bump `ledger`; `version` stays for the
-- venue's setup (the venue, rules, hours, exceptions, closures, spaces, features, photos).
-- An instance that finds only `ledger` moved reloads the claims of the days it shows and keeps
-- the rest. Both are bumped by trigger in the writing transaction, as before.
ALTER TABLE venue_versions ADD COLUMN ledger INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER booking_claims_version_insert;
DROP TRIGGER booking_claims_version_update;
DROP TRIGGER booking_claims_version_delete;
DROP TRIGGER bookings_version_update;
DROP TRIGGER slot_usage_version_insert;
DROP TRIGGER slot_usage_version_update;
DROP TRIGGER slot_usage_version_delete;

CREATE TRIGGER booking_claims_version_insert AFTER INSERT ON booking_claims BEGIN
    UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id IN (SELECT venue_id FROM venue_spaces WHERE space_id = NEW.space_id);
END;
CREATE TRIGGER booking_claims_version_update AFTER UPDATE ON booking_claims BEGIN
    UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id IN (SELECT venue_id FROM venue_spaces WHERE space_id = NEW.space_id);
END;
CREATE TRIGGER booking_claims_version_delete AFTER DELETE ON booking_claims BEGIN
    UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id IN (SELECT venue_id FROM venue_spaces WHERE space_id = OLD.space_id);
END;
CREATE TRIGGER bookings_version_update AFTER UPDATE OF kind, purpose, lottery_id, status, hold_until, starts_at ON bookings BEGIN
    UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id IN (SELECT vs.venue_id FROM booking_claims c JOIN venue_spaces vs ON vs.space_id = c.space_id WHERE c.booking_id = NEW.id);
END;
CREATE TRIGGER slot_usage_version_insert AFTER INSERT ON slot_usage BEGIN
    UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER slot_usage_version_update AFTER UPDATE ON slot_usage BEGIN
    UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER slot_usage_version_delete AFTER DELETE ON slot_usage BEGIN
    UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id = OLD.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = OLD.venue_id);
END;

-- The public venue list (issue 14). A page of the list is chosen from the venues, their rules
-- and features and the region tree; instances keep each page under this one version, bumped
-- by any write to those tables (rare: bookings touch none of them).
CREATE TABLE venue_list_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO venue_list_version (id, version) VALUES (1, 0);
CREATE TRIGGER venues_list_version_insert AFTER INSERT ON venues BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER venues_list_version_update AFTER UPDATE ON venues BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER venues_list_version_delete AFTER DELETE ON venues BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER venue_rules_list_version_insert AFTER INSERT ON venue_rules BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER venue_rules_list_version_update AFTER UPDATE ON venue_rules BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER venue_rules_list_version_delete AFTER DELETE ON venue_rules BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER venue_features_list_version_insert AFTER INSERT ON venue_features BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER venue_features_list_version_update AFTER UPDATE ON venue_features BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER venue_features_list_version_delete AFTER DELETE ON venue_features BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER regions_list_version_insert AFTER INSERT ON regions BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER regions_list_version_update AFTER UPDATE ON regions BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER regions_list_version_delete AFTER DELETE ON regions BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER region_closure_list_version_insert AFTER INSERT ON region_closure BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER region_closure_list_version_update AFTER UPDATE ON region_closure BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
CREATE TRIGGER region_closure_list_version_delete AFTER DELETE ON region_closure BEGIN
    UPDATE venue_list_version SET version = version + 1;
END;
