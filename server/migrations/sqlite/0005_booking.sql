-- Venue booking (文体设施预约). The guarantee against double booking lives here, not in code:
-- a booking claims (indivisible space, 30-minute grain) rows whose primary key makes a second
-- claim of the same space-time a unique violation; per-person places and weekly quotas are
-- counter rows whose CHECK constraints cannot be exceeded, updated conditionally.

-- A bookable venue. Parts of a divisible venue (court A of a hall) are venues too, with
-- `parent_id` naming the whole; both are sets of spaces (see venue_spaces).
CREATE TABLE venues (
    id                   INTEGER PRIMARY KEY,
    region_id            INTEGER NOT NULL REFERENCES regions (id),
    parent_id            INTEGER REFERENCES venues (id),
    name_zh              TEXT    NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 80),
    name_en              TEXT,
    venue_type           TEXT    NOT NULL CHECK (venue_type IN ('basketball', 'badminton', 'table_tennis', 'gym', 'multipurpose_room', 'dance_room', 'reading_room', 'school_sports_ground', 'football', 'tennis')),
    capacity             INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    owner_kind           TEXT    NOT NULL CHECK (owner_kind IN ('community', 'school', 'government')),
    owner_name_zh        TEXT    NOT NULL CHECK (length(owner_name_zh) BETWEEN 1 AND 80),
    owner_name_en        TEXT,
    address_zh           TEXT    NOT NULL CHECK (length(address_zh) BETWEEN 1 AND 200),
    address_en           TEXT,
    description_zh       TEXT    NOT NULL DEFAULT '',
    description_en       TEXT,
    time_zone            TEXT    NOT NULL DEFAULT 'Asia/Shanghai',
    needs_owner_approval INTEGER NOT NULL DEFAULT 0 CHECK (needs_owner_approval IN (0, 1)),
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX venues_region ON venues (region_id, id);
CREATE INDEX venues_type ON venues (venue_type, id);
CREATE INDEX venues_parent ON venues (parent_id);

-- Structured accessibility that residents filter on.
CREATE TABLE venue_features (
    venue_id  INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    feature   TEXT    NOT NULL CHECK (feature IN ('step_free', 'accessible_toilet', 'hearing_loop', 'accessible_parking', 'elevator', 'braille_signage', 'wheelchair_loan')),
    PRIMARY KEY (venue_id, feature)
);
CREATE INDEX venue_features_feature ON venue_features (feature, venue_id);

-- Optional photos, served from this origin only (no outside hosts).
CREATE TABLE venue_photos (
    venue_id  INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position BETWEEN 0 AND 19),
    url       TEXT    NOT NULL CHECK (substr(url, 1, 1) = '/' AND substr(url, 1, 2) <> '//'),
    alt_zh    TEXT    NOT NULL DEFAULT '',
    alt_en    TEXT,
    PRIMARY KEY (venue_id, position)
);

-- Indivisible spaces of a site (the top venue); a simple venue has exactly one.
CREATE TABLE spaces (
    id        INTEGER PRIMARY KEY,
    site_id   INTEGER NOT NULL REFERENCES venues (id),
    code      TEXT    NOT NULL CHECK (length(code) BETWEEN 1 AND 16),
    name_zh   TEXT    NOT NULL,
    UNIQUE (site_id, code)
);

-- Which spaces a venue occupies: the hall all of them, court A only its own.
CREATE TABLE venue_spaces (
    venue_id  INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    space_id  INTEGER NOT NULL REFERENCES spaces (id),
    PRIMARY KEY (venue_id, space_id)
);
CREATE INDEX venue_spaces_space ON venue_spaces (space_id, venue_id);

-- The rule set in force for a venue (copied, frozen, onto every booking as JSON).
CREATE TABLE venue_rules (
    venue_id                INTEGER PRIMARY KEY REFERENCES venues (id) ON DELETE CASCADE,
    slot_minutes            INTEGER NOT NULL CHECK (slot_minutes BETWEEN 30 AND 480 AND slot_minutes % 30 = 0),
    min_minutes             INTEGER NOT NULL CHECK (min_minutes >= slot_minutes AND min_minutes % slot_minutes = 0),
    max_minutes             INTEGER NOT NULL CHECK (max_minutes >= min_minutes AND max_minutes <= 1440 AND max_minutes % slot_minutes = 0),
    buffer_minutes          INTEGER NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 240 AND buffer_minutes % 30 = 0),
    min_advance_days        INTEGER NOT NULL DEFAULT 0 CHECK (min_advance_days BETWEEN 0 AND 365),
    max_advance_days        INTEGER NOT NULL CHECK (max_advance_days BETWEEN 0 AND 365 AND max_advance_days >= min_advance_days),
    release_minute          INTEGER NOT NULL DEFAULT 0 CHECK (release_minute BETWEEN 0 AND 1439),
    quota_kind              TEXT    NOT NULL DEFAULT 'none' CHECK (quota_kind IN ('none', 'bookings', 'hours')),
    quota_per_week          INTEGER NOT NULL DEFAULT 0 CHECK (quota_per_week BETWEEN 0 AND 168),
    cancel_deadline_minutes INTEGER NOT NULL DEFAULT 0 CHECK (cancel_deadline_minutes BETWEEN 0 AND 10080),
    approval_required       INTEGER NOT NULL DEFAULT 0 CHECK (approval_required IN (0, 1)),
    pending_holds_slot      INTEGER NOT NULL DEFAULT 1 CHECK (pending_holds_slot IN (0, 1)),
    capacity_mode           TEXT    NOT NULL DEFAULT 'whole' CHECK (capacity_mode IN ('whole', 'per_person')),
    hold_minutes            INTEGER NOT NULL DEFAULT 10 CHECK (hold_minutes BETWEEN 1 AND 60),
    checkin_required        INTEGER NOT NULL DEFAULT 1 CHECK (checkin_required IN (0, 1)),
    closed_on_holidays      INTEGER NOT NULL DEFAULT 0 CHECK (closed_on_holidays IN (0, 1)),
    waitlist_offer_minutes  INTEGER NOT NULL DEFAULT 60 CHECK (waitlist_offer_minutes BETWEEN 5 AND 1440),
    updated_at              INTEGER NOT NULL,
    updated_by              INTEGER REFERENCES users (id),
    CHECK (quota_kind = 'none' OR quota_per_week > 0)
);

-- Weekly opening hours (1 = Monday), minutes after local midnight, on the 30-minute grid.
CREATE TABLE venue_hours (
    venue_id      INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens_minute  INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1410 AND opens_minute % 30 = 0),
    closes_minute INTEGER NOT NULL CHECK (closes_minute BETWEEN 30 AND 1440 AND closes_minute % 30 = 0),
    PRIMARY KEY (venue_id, weekday, opens_minute),
    CHECK (closes_minute > opens_minute)
);

-- A dated exception: other hours that day, or closed (both NULL), with a note shown to residents.
CREATE TABLE venue_exceptions (
    venue_id      INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    day           TEXT    NOT NULL CHECK (length(day) = 10 AND day LIKE '____-__-__'),
    opens_minute  INTEGER CHECK (opens_minute BETWEEN 0 AND 1410 AND opens_minute % 30 = 0),
    closes_minute INTEGER CHECK (closes_minute BETWEEN 30 AND 1440 AND closes_minute % 30 = 0),
    note_zh       TEXT    NOT NULL CHECK (length(note_zh) BETWEEN 1 AND 200),
    note_en       TEXT,
    PRIMARY KEY (venue_id, day),
    CHECK ((opens_minute IS NULL) = (closes_minute IS NULL)),
    CHECK (opens_minute IS NULL OR closes_minute > opens_minute)
);

-- Closures (暂停开放) over whole days, with the reason residents see.
CREATE TABLE venue_closures (
    id          INTEGER PRIMARY KEY,
    venue_id    INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    first_day   TEXT    NOT NULL CHECK (length(first_day) = 10 AND first_day LIKE '____-__-__'),
    last_day    TEXT    NOT NULL CHECK (length(last_day) = 10 AND last_day LIKE '____-__-__'),
    reason_zh   TEXT    NOT NULL CHECK (length(reason_zh) BETWEEN 1 AND 200),
    reason_en   TEXT,
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    CHECK (last_day >= first_day)
);
CREATE INDEX venue_closures_venue ON venue_closures (venue_id, last_day);

-- Named approvers: `owner` decides first for venues that need the owner's approval (a school),
-- then `community` (staff of the venue's community).
CREATE TABLE venue_approvers (
    venue_id  INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    step      TEXT    NOT NULL CHECK (step IN ('owner', 'community')),
    PRIMARY KEY (venue_id, user_id, step)
);

-- A weekly pattern booked for a group (广场舞队, 合唱团).
CREATE TABLE booking_series (
    id            INTEGER PRIMARY KEY,
    venue_id      INTEGER NOT NULL REFERENCES venues (id),
    user_id       INTEGER REFERENCES users (id),
    group_name    TEXT    NOT NULL CHECK (length(group_name) BETWEEN 1 AND 60),
    first_day     TEXT    NOT NULL,
    last_day      TEXT    NOT NULL,
    weekdays      TEXT    NOT NULL,
    start_minute  INTEGER NOT NULL,
    end_minute    INTEGER NOT NULL,
    created_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    CHECK (last_day >= first_day AND end_minute > start_minute)
);

-- Lottery for an oversubscribed peak slot: a request window, a committed seed, a public draw.
CREATE TABLE lotteries (
    id              INTEGER PRIMARY KEY,
    venue_id        INTEGER NOT NULL REFERENCES venues (id),
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    opens_at        INTEGER NOT NULL,
    closes_at       INTEGER NOT NULL,
    party_size      INTEGER NOT NULL DEFAULT 1 CHECK (party_size >= 1),
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'drawn', 'cancelled')),
    seed_secret     TEXT    NOT NULL,
    seed_commitment TEXT    NOT NULL,
    result          TEXT,
    drawn_at        INTEGER,
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    CHECK (ends_at > starts_at AND closes_at > opens_at AND closes_at <= starts_at),
    CHECK ((status = 'drawn') = (result IS NOT NULL))
);
CREATE INDEX lotteries_venue ON lotteries (venue_id, starts_at);
CREATE INDEX lotteries_due ON lotteries (status, closes_at);

-- Bookings of every kind: residents' bookings, staff blocks (maintenance, events) and the
-- placeholder that keeps a lottery's slot until the draw. `rules` is the frozen rule set.
CREATE TABLE bookings (
    id                INTEGER PRIMARY KEY,
    venue_id          INTEGER NOT NULL REFERENCES venues (id),
    user_id           INTEGER REFERENCES users (id),
    kind              TEXT    NOT NULL DEFAULT 'booking' CHECK (kind IN ('booking', 'block', 'lottery')),
    status            TEXT    NOT NULL CHECK (status IN ('held', 'pending', 'confirmed', 'checked_in', 'no_show', 'completed', 'cancelled', 'rejected', 'expired')),
    starts_at         INTEGER NOT NULL,
    ends_at           INTEGER NOT NULL,
    party_size        INTEGER NOT NULL DEFAULT 1 CHECK (party_size BETWEEN 1 AND 10000),
    purpose           TEXT    NOT NULL DEFAULT '' CHECK (length(purpose) <= 200),
    entry_code        TEXT    CHECK (entry_code IS NULL OR (length(entry_code) = 8 AND entry_code NOT GLOB '*[^0-9]*')),
    rules             TEXT    NOT NULL,
    holds_slot        INTEGER NOT NULL DEFAULT 0 CHECK (holds_slot IN (0, 1)),
    quota_week        TEXT,
    quota_units       INTEGER NOT NULL DEFAULT 0 CHECK (quota_units >= 0),
    hold_until        INTEGER,
    series_id         INTEGER REFERENCES booking_series (id),
    lottery_id        INTEGER REFERENCES lotteries (id),
    waitlist_offer    INTEGER NOT NULL DEFAULT 0 CHECK (waitlist_offer IN (0, 1)),
    created_at        INTEGER NOT NULL,
    created_by        INTEGER REFERENCES users (id),
    owner_approved_by INTEGER REFERENCES users (id),
    owner_approved_at INTEGER,
    decided_by        INTEGER REFERENCES users (id),
    decided_at        INTEGER,
    reason            TEXT    CHECK (reason IS NULL OR length(reason) <= 200),
    checked_in_at     INTEGER,
    checked_in_by     INTEGER REFERENCES users (id),
    updated_at        INTEGER NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (kind <> 'booking' OR user_id IS NOT NULL),
    CHECK ((kind = 'booking') = (entry_code IS NOT NULL)),
    CHECK (status <> 'held' OR hold_until IS NOT NULL),
    CHECK (status NOT IN ('cancelled', 'rejected') OR reason IS NOT NULL),
    CHECK (status <> 'checked_in' OR checked_in_at IS NOT NULL),
    UNIQUE (venue_id, entry_code)
);
CREATE INDEX bookings_user ON bookings (user_id, starts_at);
CREATE INDEX bookings_venue ON bookings (venue_id, starts_at);
CREATE INDEX bookings_hold ON bookings (status, hold_until);
CREATE INDEX bookings_status_end ON bookings (status, ends_at);
CREATE INDEX bookings_series ON bookings (series_id);

-- THE double-booking guarantee: one row per (space, 30-minute grain) claimed.
CREATE TABLE booking_claims (
    space_id    INTEGER NOT NULL REFERENCES spaces (id),
    slot_start  INTEGER NOT NULL CHECK (slot_start % 1800 = 0),
    booking_id  INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    PRIMARY KEY (space_id, slot_start)
);
CREATE INDEX booking_claims_booking ON booking_claims (booking_id);

-- Places taken per grain of a per-person venue; the CHECK makes overfilling impossible.
CREATE TABLE slot_usage (
    venue_id    INTEGER NOT NULL REFERENCES venues (id),
    slot_start  INTEGER NOT NULL CHECK (slot_start % 1800 = 0),
    used        INTEGER NOT NULL CHECK (used >= 0),
    capacity    INTEGER NOT NULL CHECK (capacity >= 1),
    PRIMARY KEY (venue_id, slot_start),
    CHECK (used <= capacity)
);

-- Weekly quota per resident and venue (`week` is the ISO week, e.g. 2026-W48).
CREATE TABLE booking_quotas (
    venue_id     INTEGER NOT NULL REFERENCES venues (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    week         TEXT    NOT NULL CHECK (length(week) = 8),
    used         INTEGER NOT NULL CHECK (used >= 0),
    quota_limit  INTEGER NOT NULL CHECK (quota_limit >= 0),
    PRIMARY KEY (venue_id, user_id, week),
    CHECK (used <= quota_limit)
);

-- Retried POSTs: the first successful answer is stored and replayed for the same key.
CREATE TABLE idempotency_keys (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key           TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    request_hash  TEXT    NOT NULL,
    status        INTEGER NOT NULL,
    response      TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Waitlist: a freed slot is offered (as a held booking) to one person at a time.
CREATE TABLE waitlist_entries (
    id                INTEGER PRIMARY KEY,
    venue_id          INTEGER NOT NULL REFERENCES venues (id),
    user_id           INTEGER NOT NULL REFERENCES users (id),
    starts_at         INTEGER NOT NULL,
    ends_at           INTEGER NOT NULL,
    party_size        INTEGER NOT NULL DEFAULT 1 CHECK (party_size >= 1),
    status            TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'accepted', 'expired', 'cancelled')),
    offer_booking_id  INTEGER REFERENCES bookings (id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (status <> 'offered' OR offer_booking_id IS NOT NULL)
);
CREATE INDEX waitlist_venue ON waitlist_entries (venue_id, status, created_at);
CREATE INDEX waitlist_user ON waitlist_entries (user_id, status);
CREATE UNIQUE INDEX waitlist_one_per_slot ON waitlist_entries (venue_id, user_id, starts_at, ends_at) WHERE status IN ('waiting', 'offered');

CREATE TABLE lottery_entries (
    lottery_id  INTEGER NOT NULL REFERENCES lotteries (id),
    entry_no    INTEGER NOT NULL CHECK (entry_no >= 1),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    weight      INTEGER NOT NULL CHECK (weight >= 1),
    party_size  INTEGER NOT NULL DEFAULT 1 CHECK (party_size >= 1),
    result      TEXT    CHECK (result IS NULL OR result IN ('won', 'lost')),
    booking_id  INTEGER REFERENCES bookings (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (lottery_id, entry_no),
    UNIQUE (lottery_id, user_id)
);
CREATE INDEX lottery_entries_user ON lottery_entries (user_id, result);

-- No-show strikes, with the resident's appeal and the staff decision on it.
CREATE TABLE booking_strikes (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    booking_id    INTEGER NOT NULL UNIQUE REFERENCES bookings (id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'appealed', 'upheld', 'overturned')),
    appeal_text   TEXT    CHECK (appeal_text IS NULL OR length(appeal_text) <= 500),
    appealed_at   INTEGER,
    decided_by    INTEGER REFERENCES users (id),
    decided_at    INTEGER,
    decision_note TEXT,
    CHECK (expires_at > created_at),
    CHECK (status = 'active' OR appeal_text IS NOT NULL)
);
CREATE INDEX booking_strikes_user ON booking_strikes (user_id, created_at);
CREATE INDEX booking_strikes_status ON booking_strikes (status);

-- In-app reminders before a booking (until the notifications module takes them over).
CREATE TABLE booking_reminders (
    id            INTEGER PRIMARY KEY,
    booking_id    INTEGER NOT NULL UNIQUE REFERENCES bookings (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    remind_at     INTEGER NOT NULL,
    dismissed_at  INTEGER
);
CREATE INDEX booking_reminders_user ON booking_reminders (user_id, remind_at);

-- Private calendar feed per resident: only the SHA-256 of the URL token is stored.
CREATE TABLE calendar_feeds (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);
