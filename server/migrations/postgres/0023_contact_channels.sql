-- Channels (issue 17): an account may add an email address it has proven with a code sent to
-- it, keeps the language its messages are written in, and chooses per topic of notice whether
-- SMS and email also carry it (in-app always does). Email codes share the one-time code table.
ALTER TABLE users ADD COLUMN email TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email = lower(email) AND email LIKE '%_@_%'));
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en'));
CREATE UNIQUE INDEX users_email ON users (email) WHERE email IS NOT NULL;

CREATE TABLE notification_preferences (
    user_id  BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic    TEXT    NOT NULL CHECK (topic IN ('account', 'booking', 'feedback')),
    sms      INTEGER NOT NULL CHECK (sms IN (0, 1)),
    email    INTEGER NOT NULL CHECK (email IN (0, 1)),
    PRIMARY KEY (user_id, topic)
);

ALTER TABLE auth_codes DROP CONSTRAINT auth_codes_purpose_check;
ALTER TABLE auth_codes ADD CONSTRAINT auth_codes_purpose_check
    CHECK (purpose IN ('register', 'login', 'reset', 'change_phone', 'email'));
