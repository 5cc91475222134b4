-- One-time SMS codes that prove a phone number belongs to the person using it (issue 17):
-- registration, login by code, password reset and phone changes. Only a hash of the code is
-- kept; a code lives ten minutes, allows five tries and is used once. The phone is kept as a
-- hash too (as the rate-limit keys are), so the table never lists numbers in clear; the
-- janitor removes rows a day after they expire.
CREATE TABLE auth_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    phone_hash  TEXT    NOT NULL,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('register', 'login', 'reset', 'change_phone')),
    code_hash   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL CHECK (expires_at > created_at),
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    used_at     INTEGER
);
CREATE INDEX auth_codes_phone ON auth_codes (phone_hash, purpose, created_at);
CREATE INDEX auth_codes_expiry ON auth_codes (expires_at);
