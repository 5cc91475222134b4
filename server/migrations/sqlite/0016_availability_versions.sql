-- Availability versions (issue 14). Every write that can change what a venue's availability
-- grid shows bumps the version of that venue, and of every venue sharing a space with it (a
-- hall and its courts), in the writing transaction, by trigger: no write path can forget it.
-- Servers cache a venue's days under the version they read first and use a cached day only
-- while the version is unchanged, so several instances on one database are never stale.
CREATE TABLE venue_versions (
    venue_id  INTEGER PRIMARY KEY REFERENCES venues (id) ON DELETE CASCADE,
    version   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO venue_versions (venue_id) SELECT id FROM venues;
CREATE TRIGGER venue_versions_new AFTER INSERT ON venues BEGIN
    INSERT INTO venue_versions (venue_id) VALUES (NEW.id);
END;

-- The holiday calendar decides closed days of every venue: one version for all of it.
CREATE TABLE calendar_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO calendar_version (id, version) VALUES (1, 0);

-- The venue itself (active, time zone), its rules, weekly hours, dated exceptions and closures.
CREATE TRIGGER venues_version_update AFTER UPDATE ON venues BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.id);
END;
CREATE TRIGGER venue_rules_version_insert AFTER INSERT ON venue_rules BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER venue_rules_version_update AFTER UPDATE ON venue_rules BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER venue_rules_version_delete AFTER DELETE ON venue_rules BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = OLD.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = OLD.venue_id);
END;
CREATE TRIGGER venue_hours_version_insert AFTER INSERT ON venue_hours BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER venue_hours_version_update AFTER UPDATE ON venue_hours BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER venue_hours_version_delete AFTER DELETE ON venue_hours BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = OLD.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = OLD.venue_id);
END;
CREATE TRIGGER venue_exceptions_version_insert AFTER INSERT ON venue_exceptions BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER venue_exceptions_version_update AFTER UPDATE ON venue_exceptions BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER venue_exceptions_version_delete AFTER DELETE ON venue_exceptions BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = OLD.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = OLD.venue_id);
END;
CREATE TRIGGER venue_closures_version_insert AFTER INSERT ON venue_closures BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER venue_closures_version_update AFTER UPDATE ON venue_closures BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER venue_closures_version_delete AFTER DELETE ON venue_closures BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = OLD.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = OLD.venue_id);
END;
CREATE TRIGGER venue_spaces_version_insert AFTER INSERT ON venue_spaces BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER venue_spaces_version_delete AFTER DELETE ON venue_spaces BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = OLD.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = OLD.venue_id);
END;

-- Per-person places taken.
CREATE TRIGGER slot_usage_version_insert AFTER INSERT ON slot_usage BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER slot_usage_version_update AFTER UPDATE ON slot_usage BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = NEW.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = NEW.venue_id);
END;
CREATE TRIGGER slot_usage_version_delete AFTER DELETE ON slot_usage BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id = OLD.venue_id OR venue_id IN (SELECT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id WHERE a.venue_id = OLD.venue_id);
END;

-- Claims of space-time (bookings, holds, blocks, lottery placeholders) and their release.
CREATE TRIGGER booking_claims_version_insert AFTER INSERT ON booking_claims BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id IN (SELECT venue_id FROM venue_spaces WHERE space_id = NEW.space_id);
END;
CREATE TRIGGER booking_claims_version_update AFTER UPDATE ON booking_claims BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id IN (SELECT venue_id FROM venue_spaces WHERE space_id = NEW.space_id);
END;
CREATE TRIGGER booking_claims_version_delete AFTER DELETE ON booking_claims BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id IN (SELECT venue_id FROM venue_spaces WHERE space_id = OLD.space_id);
END;

-- What a claim shows comes from its booking (kind, purpose: a block's reason, lottery), and when
-- the sweep will release it by itself (status, hold_until, starts_at) decides how long a cached
-- day is good.
CREATE TRIGGER bookings_version_update AFTER UPDATE OF kind, purpose, lottery_id, status, hold_until, starts_at ON bookings BEGIN
    UPDATE venue_versions SET version = version + 1 WHERE venue_id IN (SELECT vs.venue_id FROM booking_claims c JOIN venue_spaces vs ON vs.space_id = c.space_id WHERE c.booking_id = NEW.id);
END;

-- Holidays and make-up working days.
CREATE TRIGGER calendar_days_version_insert AFTER INSERT ON calendar_days BEGIN
    UPDATE calendar_version SET version = version + 1;
END;
CREATE TRIGGER calendar_days_version_update AFTER UPDATE ON calendar_days BEGIN
    UPDATE calendar_version SET version = version + 1;
END;
CREATE TRIGGER calendar_days_version_delete AFTER DELETE ON calendar_days BEGIN
    UPDATE calendar_version SET version = version + 1;
END;
