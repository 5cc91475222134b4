-- The region tree: city → district → subdistrict → community. `code` is the stable public
-- identifier (administrative code); `id` is internal.
CREATE TABLE regions (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    parent_id   INTEGER REFERENCES regions (id),
    level       TEXT    NOT NULL CHECK (level IN ('city', 'district', 'subdistrict', 'community')),
    name_zh     TEXT    NOT NULL CHECK (length(name_zh) > 0),
    name_en     TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    CHECK ((level = 'city') = (parent_id IS NULL))
);
CREATE INDEX regions_parent ON regions (parent_id, sort_order);

-- Every (ancestor, descendant) pair, itself included at depth 0, so "everything within this
-- scope" is one indexed join on both backends. Maintained by the trigger below.
CREATE TABLE region_closure (
    ancestor_id   INTEGER NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    descendant_id INTEGER NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    depth         INTEGER NOT NULL CHECK (depth >= 0),
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX region_closure_descendant ON region_closure (descendant_id, ancestor_id);

-- A child sits exactly one level below its parent.
CREATE TRIGGER regions_level_check BEFORE INSERT ON regions
WHEN NEW.parent_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'region_level_mismatch')
    WHERE NOT EXISTS (
        SELECT 1 FROM regions p WHERE p.id = NEW.parent_id AND
            ((p.level = 'city' AND NEW.level = 'district') OR
             (p.level = 'district' AND NEW.level = 'subdistrict') OR
             (p.level = 'subdistrict' AND NEW.level = 'community')));
END;

CREATE TRIGGER regions_closure_insert AFTER INSERT ON regions
BEGIN
    INSERT INTO region_closure (ancestor_id, descendant_id, depth) VALUES (NEW.id, NEW.id, 0);
    INSERT INTO region_closure (ancestor_id, descendant_id, depth)
        SELECT ancestor_id, NEW.id, depth + 1 FROM region_closure WHERE descendant_id = NEW.parent_id;
END;

-- Moving a node would silently change who is in whose scope: not allowed.
CREATE TRIGGER regions_parent_fixed BEFORE UPDATE OF parent_id, level ON regions
WHEN NEW.parent_id IS NOT OLD.parent_id OR NEW.level IS NOT OLD.level
BEGIN
    SELECT RAISE(ABORT, 'region_parent_fixed');
END;
