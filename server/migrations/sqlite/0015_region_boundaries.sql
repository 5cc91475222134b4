-- Community boundaries (issue 18): an Open311 position inside a community's boundary is placed
-- in that community before the nearest-place rule. A boundary is a GeoJSON geometry (Polygon or
-- MultiPolygon, WGS84 longitude/latitude) as `linli regions import` checked and wrote it.
ALTER TABLE regions ADD COLUMN boundary TEXT
    CHECK (boundary IS NULL OR (level = 'community' AND length(boundary) BETWEEN 2 AND 4000000));

-- Servers keep the boundaries in memory under this version and reload them when it changes:
-- every change of a boundary, or of whether its community is in use, bumps it by trigger, so
-- an import through any process is seen by every instance's next placement.
CREATE TABLE region_boundaries_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO region_boundaries_version (id, version) VALUES (1, 0);

CREATE TRIGGER regions_boundary_version AFTER UPDATE OF boundary, retired_at ON regions
WHEN NEW.boundary IS NOT OLD.boundary OR (NEW.boundary IS NOT NULL AND NEW.retired_at IS NOT OLD.retired_at)
BEGIN
    UPDATE region_boundaries_version SET version = version + 1;
END;
