-- Uploaded files (feedback photos, venue photos), kept in the database itself: every server
-- instance on the same database serves every file, a file and the row that points at it are
-- written in one transaction, and every database backup holds the files.
-- `name` is `<area>/<random hex>.<ext>` (areas: `feedback`, `venue`); `sha256` is the hex
-- digest of `data`, checked by `linli restore` and `linli files verify`.
CREATE TABLE stored_files (
    name          TEXT    PRIMARY KEY CHECK (length(name) BETWEEN 8 AND 120),
    content_type  TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes         INTEGER NOT NULL CHECK (bytes > 0),
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
    data          BLOB    NOT NULL,
    created_at    INTEGER NOT NULL,
    CHECK (length(data) = bytes)
);

-- A venue photo uploaded by staff points at its file; a photo given as a URL has none.
ALTER TABLE venue_photos ADD COLUMN file_name TEXT REFERENCES stored_files (name);
CREATE INDEX venue_photos_file ON venue_photos (file_name) WHERE file_name IS NOT NULL;
