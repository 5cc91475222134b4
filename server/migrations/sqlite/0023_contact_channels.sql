-- Channels (issue 17): an account may add an email address it has proven with a code sent to
-- it, keeps the language its messages are written in, and chooses per topic of notice whether
-- SMS and email also carry it (in-app always does). Email codes share the one-time code table.
ALTER TABLE users ADD COLUMN email TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email = lower(email) AND email LIKE '%_@_%'));
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en'));
CREATE UNIQUE INDEX users_email ON users (email) WHERE email IS NOT NULL;

CREATE TABLE notification_preferences (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic    TEXT    NOT NULL CHECK (topic IN ('account', 'booking', 'feedback')),
    sms      INTEGER NOT NULL CHECK (sms IN (0, 1)),
    email    INTEGER NOT NULL CHECK (email IN (0, 1)),
    PRIMARY KEY (user_id, topic)
);

-- The purpose check gains `email`; SQLite rebuilds the table (codes live ten minutes).
CREATE TABLE auth_codes_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    phone_hash  TEXT    NOT NULL,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('register', 'login', 'reset', 'change_phone', 'email')),
    code_hash   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL CHECK (expires_at > created_at),
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    used_at     INTEGER
);
INSERT INTO auth_codes_new SELECT * FROM auth_codes;
DROP TABLE auth_codes;
ALTER TABLE auth_codes_new RENAME TO auth_codes;
CREATE INDEX auth_codes_phone ON auth_codes (phone_hash, purpose, created_at);
CREATE INDEX auth_codes_expiry ON auth_codes (expires_at);
