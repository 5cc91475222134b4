-- Open311 requests located by position or by an address without the community's name.
-- A request that cannot be placed waits in a triage queue: it is filed in a district (or the
-- city) with `needs_placement = 1` until staff place it in a community. Every other case is
-- in a community; the trigger below keeps both rules whatever the application does.
ALTER TABLE feedback_cases ADD COLUMN needs_placement INTEGER NOT NULL DEFAULT 0
    CHECK (needs_placement IN (0, 1));
CREATE INDEX feedback_cases_triage ON feedback_cases (region_id, id) WHERE needs_placement = 1;

CREATE FUNCTION feedback_cases_placement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM regions r WHERE r.id = NEW.region_id AND
            CASE WHEN NEW.needs_placement = 1 THEN r.level IN ('district', 'city')
                 ELSE r.level = 'community' END) THEN
        RAISE EXCEPTION 'case_region_level' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER feedback_cases_placement BEFORE INSERT OR UPDATE OF region_id, needs_placement
    ON feedback_cases FOR EACH ROW EXECUTE FUNCTION feedback_cases_placement();
