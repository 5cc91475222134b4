-- Reference data that every deployment maintains (issue 12): the region tree is no longer
-- fixed, site settings replace sample text, and a year's holiday calendar is confirmed.

-- A retired community keeps its history (cases, venues, services stay attached) and leaves the
-- pickers. Only communities retire.
ALTER TABLE regions ADD COLUMN retired_at BIGINT,
    ADD CONSTRAINT regions_retire_community CHECK (retired_at IS NULL OR level = 'community');

-- Boundaries change: a community may move to another subdistrict (it has no descendants, so
-- only its own ancestor rows change). Districts and subdistricts stay where they are, and no
-- node changes level.
CREATE OR REPLACE FUNCTION regions_parent_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.level IS DISTINCT FROM OLD.level OR (NEW.parent_id IS DISTINCT FROM OLD.parent_id AND (
        OLD.level <> 'community' OR NOT EXISTS (
            SELECT 1 FROM regions p WHERE p.id = NEW.parent_id AND p.level = 'subdistrict'))) THEN
        RAISE EXCEPTION 'region_parent_fixed' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION regions_after_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM region_closure WHERE descendant_id = NEW.id AND depth > 0;
    INSERT INTO region_closure (ancestor_id, descendant_id, depth)
        SELECT ancestor_id, NEW.id, depth + 1 FROM region_closure WHERE descendant_id = NEW.parent_id;
    RETURN NULL;
END $$;
CREATE TRIGGER regions_closure_move AFTER UPDATE OF parent_id ON regions
    FOR EACH ROW WHEN (NEW.parent_id IS DISTINCT FROM OLD.parent_id)
    EXECUTE FUNCTION regions_after_move();

-- What the site says about itself, set by its administrators. `demo_seeded_at` is written by
-- `linli serve --demo` only: the "demo data" notice shows exactly when it is present.
CREATE TABLE site_settings (
    key         TEXT    PRIMARY KEY
                CHECK (key IN ('name_zh', 'name_en', 'contact', 'open311_contact', 'demo_seeded_at')),
    value       TEXT    NOT NULL CHECK (length(value) BETWEEN 1 AND 500),
    updated_at  BIGINT  NOT NULL,
    updated_by  BIGINT  REFERENCES users (id)
);

-- A year whose holidays and make-up days an administrator confirmed as complete. From November
-- on, administrators are warned while next year is not here.
CREATE TABLE calendar_years (
    year          INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    confirmed_at  BIGINT  NOT NULL,
    confirmed_by  BIGINT  REFERENCES users (id)
);
-- 2026 was loaded complete by migration 0003; 2027 holds only the statutory days.
INSERT INTO calendar_years (year, confirmed_at) VALUES (2026, 0);
