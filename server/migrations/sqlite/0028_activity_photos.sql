-- Photos of community activities (issue 19): uploaded by organisers, cleaned of metadata and
-- kept in the file store (`stored_files`, area `activity/`), shown in order of upload.
-- A file belongs to one activity; at most 6 per activity (checked when adding).
CREATE TABLE activity_photos (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL UNIQUE,
    alt_zh       TEXT NOT NULL DEFAULT '' CHECK (length(alt_zh) <= 200),
    alt_en       TEXT CHECK (alt_en IS NULL OR length(alt_en) <= 200),
    created_by   INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX activity_photos_activity ON activity_photos (activity_id, id);
