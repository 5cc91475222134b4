-- Open311 requests located by position or by an address without the community's name.
-- A request that cannot be placed waits in a triage queue: it is filed in a district (or the
-- city) with `needs_placement = 1` until staff place it in a community. Every other case is
-- in a community; the triggers below keep both rules whatever the application does.
ALTER TABLE feedback_cases ADD COLUMN needs_placement INTEGER NOT NULL DEFAULT 0
    CHECK (needs_placement IN (0, 1));
CREATE INDEX feedback_cases_triage ON feedback_cases (region_id, id) WHERE needs_placement = 1;

CREATE TRIGGER feedback_cases_placement_insert BEFORE INSERT ON feedback_cases
BEGIN
    SELECT RAISE(ABORT, 'case_region_level')
    WHERE (SELECT level FROM regions WHERE id = NEW.region_id) NOT IN
        (CASE WHEN NEW.needs_placement = 1 THEN 'district' ELSE 'community' END,
         CASE WHEN NEW.needs_placement = 1 THEN 'city' ELSE 'community' END);
END;

CREATE TRIGGER feedback_cases_placement_update BEFORE UPDATE OF region_id, needs_placement ON feedback_cases
BEGIN
    SELECT RAISE(ABORT, 'case_region_level')
    WHERE (SELECT level FROM regions WHERE id = NEW.region_id) NOT IN
        (CASE WHEN NEW.needs_placement = 1 THEN 'district' ELSE 'community' END,
         CASE WHEN NEW.needs_placement = 1 THEN 'city' ELSE 'community' END);
END;
