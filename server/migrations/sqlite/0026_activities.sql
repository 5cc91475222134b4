-- Community activities (社区活动, issue 19): classes, sports, talks and outings that residents
-- sign up for. A weekly class is a series: one activity per date sharing `series_id`, so each
-- date has its own sign-ups, venue booking and attendance, and a date can be moved, dropped or
-- cancelled alone (the series' exceptions).
--
-- Integrity lives here: `places_taken` (sign-ups and their companions) can never exceed the
-- capacity (CHECK; sign-ups raise it with a conditional UPDATE), one open sign-up per account
-- and activity (partial unique index), and an activity held in a venue owns a `block` booking
-- of the booking ledger, whose claims make a court booked by a resident and by a class a
-- unique violation.
CREATE TABLE activity_series (
    id          INTEGER PRIMARY KEY,
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL
);

CREATE TABLE activities (
    id                INTEGER PRIMARY KEY,
    series_id         INTEGER REFERENCES activity_series (id),
    region_id         INTEGER NOT NULL REFERENCES regions (id),
    organization_id   INTEGER REFERENCES dir_organizations (id),
    venue_id          INTEGER REFERENCES venues (id),
    booking_id        INTEGER REFERENCES bookings (id),
    kind              TEXT    NOT NULL CHECK (kind IN ('culture', 'sports', 'education', 'science', 'health', 'volunteering', 'family', 'elders')),
    title_zh          TEXT    NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 80),
    title_en          TEXT    CHECK (title_en IS NULL OR length(title_en) BETWEEN 1 AND 160),
    description_zh    TEXT    NOT NULL DEFAULT '' CHECK (length(description_zh) <= 4000),
    description_en    TEXT    CHECK (description_en IS NULL OR length(description_en) <= 8000),
    place_zh          TEXT    NOT NULL CHECK (length(place_zh) BETWEEN 1 AND 200),
    place_en          TEXT,
    starts_at         INTEGER NOT NULL,
    ends_at           INTEGER NOT NULL,
    time_zone         TEXT    NOT NULL DEFAULT 'Asia/Shanghai',
    capacity          INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    places_taken      INTEGER NOT NULL DEFAULT 0 CHECK (places_taken >= 0),
    max_companions    INTEGER NOT NULL DEFAULT 0 CHECK (max_companions BETWEEN 0 AND 10),
    signup_opens_at   INTEGER,
    signup_closes_at  INTEGER NOT NULL,
    cost_zh           TEXT    CHECK (cost_zh IS NULL OR length(cost_zh) BETWEEN 1 AND 100),
    cost_en           TEXT,
    accessibility_zh  TEXT    NOT NULL DEFAULT '' CHECK (length(accessibility_zh) <= 500),
    accessibility_en  TEXT,
    status            TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
    cancel_reason     TEXT    CHECK (cancel_reason IS NULL OR length(cancel_reason) BETWEEN 1 AND 200),
    created_by        INTEGER REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    published_at      INTEGER,
    reminded_at       INTEGER,
    CHECK (ends_at > starts_at),
    CHECK (places_taken <= capacity),
    CHECK (signup_closes_at <= ends_at),
    CHECK (signup_opens_at IS NULL OR signup_opens_at < signup_closes_at),
    CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL)),
    CHECK (booking_id IS NULL OR (venue_id IS NOT NULL AND status = 'published')),
    CHECK (status = 'draft' OR published_at IS NOT NULL)
);
CREATE INDEX activities_region_start ON activities (region_id, starts_at);
CREATE INDEX activities_status_start ON activities (status, starts_at, id);
CREATE INDEX activities_series ON activities (series_id);
CREATE UNIQUE INDEX activities_booking ON activities (booking_id);

-- Who it is for: terms of the directory's audience taxonomy.
CREATE TABLE activity_audiences (
    activity_id  INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    term_id      INTEGER NOT NULL REFERENCES dir_terms (id),
    PRIMARY KEY (activity_id, term_id)
);

-- A place (with companions) or a waitlist place. Staff sign up residents who come in person
-- or call: an account, or a name (and phone) for someone without one. The check-in code is
-- shown at the door; attendance is `checked_in_at`; a rating comes only after attending.
CREATE TABLE activity_signups (
    id              INTEGER PRIMARY KEY,
    activity_id     INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    user_id         INTEGER REFERENCES users (id),
    guest_name      TEXT    CHECK (guest_name IS NULL OR length(guest_name) BETWEEN 1 AND 40),
    guest_phone     TEXT,
    companions      INTEGER NOT NULL DEFAULT 0 CHECK (companions BETWEEN 0 AND 10),
    status          TEXT    NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    checkin_code    TEXT    NOT NULL CHECK (length(checkin_code) = 6 AND checkin_code NOT GLOB '*[^0-9]*'),
    checked_in_at   INTEGER,
    checked_in_by   INTEGER REFERENCES users (id),
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    comment         TEXT    CHECK (comment IS NULL OR length(comment) <= 500),
    comment_public  INTEGER NOT NULL DEFAULT 0 CHECK (comment_public IN (0, 1)),
    rated_at        INTEGER,
    CHECK (user_id IS NOT NULL OR guest_name IS NOT NULL),
    CHECK (checked_in_at IS NULL OR status = 'confirmed'),
    CHECK ((rating IS NULL) = (rated_at IS NULL)),
    CHECK (rating IS NULL OR checked_in_at IS NOT NULL)
);
CREATE UNIQUE INDEX activity_signups_once ON activity_signups (activity_id, user_id) WHERE status <> 'cancelled' AND user_id IS NOT NULL;
CREATE UNIQUE INDEX activity_signups_code ON activity_signups (activity_id, checkin_code);
CREATE INDEX activity_signups_user ON activity_signups (user_id, activity_id);
CREATE INDEX activity_signups_queue ON activity_signups (activity_id, status, id);

-- Accounts that organise activities for a community organisation of the directory (a choir,
-- a volunteer team): added by organisers of the organisation's region; they act only on
-- their organisation's activities.
CREATE TABLE organization_members (
    organization_id  INTEGER NOT NULL REFERENCES dir_organizations (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_by         INTEGER REFERENCES users (id),
    added_at         INTEGER NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_user ON organization_members (user_id);
