-- Notifications (shared by every domain): in-app messages, and an outbox of SMS/email
-- messages that a periodic dispatcher hands to the configured senders. The outbox names the
-- user, not the address: the phone number is looked up at sending time, so the outbox holds
-- no copy of personal data and a deleted account is never messaged.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    title_zh    TEXT    NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 200),
    title_en    TEXT,
    body_zh     TEXT    NOT NULL DEFAULT '',
    body_en     TEXT,
    link        TEXT    CHECK (link IS NULL OR link LIKE '/%'),
    read_at     INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

CREATE TABLE notification_outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
    user_id         INTEGER REFERENCES users (id) ON DELETE CASCADE,
    -- An explicit address (a department mailbox); personal addresses come from `user_id`.
    address         TEXT,
    kind            TEXT    NOT NULL,
    body            TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    CHECK (user_id IS NOT NULL OR address IS NOT NULL),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);

-- Every delivery attempt, kept for support ("did the SMS go out?"); no addresses, no text.
CREATE TABLE notification_attempts (
    id          INTEGER PRIMARY KEY,
    outbox_id   INTEGER NOT NULL REFERENCES notification_outbox (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    sender      TEXT    NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error       TEXT
);
CREATE INDEX notification_attempts_outbox ON notification_attempts (outbox_id);
