-- Community boundaries (issue 18): an Open311 position inside a community's boundary is placed
-- in that community before the nearest-place rule. A boundary is a GeoJSON geometry (Polygon or
-- MultiPolygon, WGS84 longitude/latitude) as `linli regions import` checked and wrote it. Plain
-- text on both backends: the point-in-polygon test runs in the server (the `geo` crate), so no
-- PostGIS is needed.
ALTER TABLE regions ADD COLUMN boundary TEXT,
    ADD CONSTRAINT regions_boundary_community
        CHECK (boundary IS NULL OR (level = 'community' AND length(boundary) BETWEEN 2 AND 4000000));

-- Servers keep the boundaries in memory under this version and reload them when it changes:
-- every change of a boundary, or of whether its community is in use, bumps it by trigger, so
-- an import through any process is seen by every instance's next placement.
CREATE TABLE region_boundaries_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO region_boundaries_version (id, version) VALUES (1, 0);

CREATE FUNCTION region_boundaries_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE region_boundaries_version SET version = version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER regions_boundary_version AFTER UPDATE OF boundary, retired_at ON regions
    FOR EACH ROW WHEN (NEW.boundary IS DISTINCT FROM OLD.boundary OR
        (NEW.boundary IS NOT NULL AND NEW.retired_at IS DISTINCT FROM OLD.retired_at))
    EXECUTE FUNCTION region_boundaries_version_bump();
