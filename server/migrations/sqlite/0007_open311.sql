-- Open311 GeoReport v2 clients (civic apps, department systems) and their API keys. Only a
-- SHA-256 of each key is stored; the key itself is shown once, when it is issued.
CREATE TABLE open311_clients (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    contact         TEXT    NOT NULL DEFAULT '' CHECK (length(contact) <= 200),
    key_hash        TEXT    NOT NULL UNIQUE CHECK (length(key_hash) = 64),
    -- The first characters of the key, to recognise it in lists.
    key_prefix      TEXT    NOT NULL CHECK (length(key_prefix) BETWEEN 4 AND 12),
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    last_used_at    INTEGER
);

-- Cases filed through Open311 remember the client and the photo link it sent.
ALTER TABLE feedback_cases ADD COLUMN open311_client_id INTEGER REFERENCES open311_clients (id);
ALTER TABLE feedback_cases ADD COLUMN media_url TEXT CHECK (media_url IS NULL OR length(media_url) <= 500);
