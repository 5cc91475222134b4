-- Social workers (社工) are a staff role: the role CHECK of role_grants gains it (SQLite
-- cannot change a CHECK in place; the table is rebuilt with the same rows and indexes).
CREATE TABLE role_grants_new (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL CHECK (role IN ('committee_member', 'workstation_staff', 'department_handler', 'social_worker', 'admin')),
    region_id     INTEGER NOT NULL REFERENCES regions (id),
    department_id INTEGER REFERENCES departments (id),
    granted_by    INTEGER REFERENCES users (id),
    granted_at    INTEGER NOT NULL,
    CHECK ((role = 'department_handler') = (department_id IS NOT NULL))
);
INSERT INTO role_grants_new (id, user_id, role, region_id, department_id, granted_by, granted_at)
    SELECT id, user_id, role, region_id, department_id, granted_by, granted_at FROM role_grants;
DROP TABLE role_grants;
ALTER TABLE role_grants_new RENAME TO role_grants;
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, region_id, COALESCE(department_id, 0));
CREATE INDEX role_grants_region ON role_grants (region_id, role);

-- Volunteers (义工, issue 20): residents who serve, approved and led by social workers (a new
-- staff role); shifts they sign up for; an append-only ledger of confirmed hours; record
-- certificates anyone can verify; and the time bank, where confirmed hours earn credit that
-- pays for help requested later.
--
-- Integrity lives here: a shift's places taken never exceed its slots (CHECK, raised by a
-- conditional UPDATE); one open sign-up per volunteer and shift; a shift or help request is
-- credited at most once (unique references from the ledger); ledger and bank lines can never
-- be changed or deleted (triggers: corrections are new lines); a time-bank balance can never
-- go below the floor written with it (CHECK; debits are conditional UPDATEs); a help request's
-- address and phone exist only while it is open or matched.
CREATE TABLE volunteers (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL UNIQUE REFERENCES users (id),
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
    languages       TEXT NOT NULL DEFAULT '' CHECK (length(languages) <= 120),
    availability    TEXT NOT NULL DEFAULT '' CHECK (length(availability) <= 200),
    applied_at      INTEGER NOT NULL,
    decided_at      INTEGER,
    decided_by      INTEGER REFERENCES users (id),
    decline_reason  TEXT CHECK (decline_reason IS NULL OR length(decline_reason) BETWEEN 1 AND 200),
    updated_at      INTEGER NOT NULL,
    CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
    CHECK (status = 'pending' OR decided_by IS NOT NULL)
);
CREATE INDEX volunteers_status ON volunteers (status);

CREATE TABLE volunteer_skills (
    volunteer_id  INTEGER NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    skill         TEXT NOT NULL CHECK (skill IN ('companionship', 'meals', 'haircut', 'repair', 'teaching', 'legal', 'medical', 'driving', 'errands', 'digital')),
    PRIMARY KEY (volunteer_id, skill)
);

CREATE TABLE volunteer_communities (
    volunteer_id  INTEGER NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    region_id     INTEGER NOT NULL REFERENCES regions (id),
    PRIMARY KEY (volunteer_id, region_id)
);
CREATE INDEX volunteer_communities_region ON volunteer_communities (region_id);

CREATE TABLE opportunities (
    id                INTEGER PRIMARY KEY,
    region_id         INTEGER NOT NULL REFERENCES regions (id),
    organization_id   INTEGER REFERENCES dir_organizations (id),
    activity_id       INTEGER REFERENCES activities (id),
    service_id        INTEGER REFERENCES dir_services (id),
    title_zh          TEXT NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 80),
    title_en          TEXT CHECK (title_en IS NULL OR length(title_en) BETWEEN 1 AND 160),
    description_zh    TEXT NOT NULL DEFAULT '' CHECK (length(description_zh) <= 2000),
    description_en    TEXT CHECK (description_en IS NULL OR length(description_en) <= 4000),
    place_zh          TEXT NOT NULL CHECK (length(place_zh) BETWEEN 1 AND 200),
    place_en          TEXT CHECK (place_en IS NULL OR length(place_en) BETWEEN 1 AND 400),
    starts_at         INTEGER NOT NULL,
    ends_at           INTEGER NOT NULL,
    slots             INTEGER NOT NULL CHECK (slots BETWEEN 1 AND 200),
    taken             INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
    signup_closes_at  INTEGER NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    cancel_reason     TEXT CHECK (cancel_reason IS NULL OR length(cancel_reason) BETWEEN 1 AND 200),
    created_by        INTEGER NOT NULL REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CHECK (ends_at > starts_at AND ends_at - starts_at <= 43200),
    CHECK (taken <= slots),
    CHECK (signup_closes_at <= ends_at),
    CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX opportunities_region_start ON opportunities (region_id, starts_at);
CREATE INDEX opportunities_start ON opportunities (starts_at, id);

CREATE TABLE opportunity_skills (
    opportunity_id  INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    skill           TEXT NOT NULL CHECK (skill IN ('companionship', 'meals', 'haircut', 'repair', 'teaching', 'legal', 'medical', 'driving', 'errands', 'digital')),
    PRIMARY KEY (opportunity_id, skill)
);

CREATE TABLE opportunity_signups (
    id              INTEGER PRIMARY KEY,
    opportunity_id  INTEGER NOT NULL REFERENCES opportunities (id),
    volunteer_id    INTEGER NOT NULL REFERENCES volunteers (id),
    status          TEXT NOT NULL DEFAULT 'signed_up' CHECK (status IN ('signed_up', 'withdrawn')),
    checked_in_at   INTEGER,
    checked_out_at  INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK (checked_out_at IS NULL OR (checked_in_at IS NOT NULL AND checked_out_at > checked_in_at))
);
CREATE UNIQUE INDEX opportunity_signups_open ON opportunity_signups (opportunity_id, volunteer_id)
    WHERE status = 'signed_up';
CREATE INDEX opportunity_signups_volunteer ON opportunity_signups (volunteer_id, status);

CREATE TABLE help_requests (
    id              INTEGER PRIMARY KEY,
    requester_id    INTEGER NOT NULL REFERENCES users (id),
    posted_by       INTEGER NOT NULL REFERENCES users (id),
    region_id       INTEGER NOT NULL REFERENCES regions (id),
    skill           TEXT NOT NULL CHECK (skill IN ('companionship', 'meals', 'haircut', 'repair', 'teaching', 'legal', 'medical', 'driving', 'errands', 'digital')),
    description     TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    address         TEXT CHECK (address IS NULL OR length(address) BETWEEN 1 AND 200),
    phone           TEXT,
    starts_at       INTEGER NOT NULL,
    minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 480),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched', 'done', 'cancelled')),
    helper_id       INTEGER REFERENCES volunteers (id),
    matched_at      INTEGER,
    matched_by      INTEGER REFERENCES users (id),
    completed_at    INTEGER,
    completed_by    INTEGER REFERENCES users (id),
    minutes_served  INTEGER CHECK (minutes_served IS NULL OR minutes_served BETWEEN 1 AND 720),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK (status IN ('open', 'cancelled') OR helper_id IS NOT NULL),
    CHECK ((status = 'done') = (minutes_served IS NOT NULL)),
    CHECK ((status IN ('open', 'matched')) = (address IS NOT NULL AND phone IS NOT NULL))
);
CREATE INDEX help_requests_region_status ON help_requests (region_id, status, starts_at);
CREATE INDEX help_requests_requester ON help_requests (requester_id);
CREATE INDEX help_requests_helper ON help_requests (helper_id);

-- The hours ledger: only confirmed service (a shift's attendance, a help request completed)
-- or a correction with its reason; each shift sign-up and help request at most once.
CREATE TABLE volunteer_hours (
    id               INTEGER PRIMARY KEY,
    volunteer_id     INTEGER NOT NULL REFERENCES volunteers (id),
    kind             TEXT NOT NULL CHECK (kind IN ('shift', 'help', 'correction')),
    minutes          INTEGER NOT NULL CHECK (minutes <> 0 AND minutes BETWEEN -1440 AND 1440),
    signup_id        INTEGER UNIQUE REFERENCES opportunity_signups (id),
    help_request_id  INTEGER UNIQUE REFERENCES help_requests (id),
    corrects_id      INTEGER REFERENCES volunteer_hours (id),
    reason           TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 200),
    served_at        INTEGER NOT NULL,
    recorded_at      INTEGER NOT NULL,
    recorded_by      INTEGER NOT NULL REFERENCES users (id),
    CHECK (kind = 'correction' OR minutes > 0),
    CHECK ((kind = 'shift') = (signup_id IS NOT NULL)),
    CHECK ((kind = 'help') = (help_request_id IS NOT NULL)),
    CHECK ((kind = 'correction') = (reason IS NOT NULL)),
    CHECK (kind = 'correction' OR corrects_id IS NULL)
);
CREATE INDEX volunteer_hours_volunteer ON volunteer_hours (volunteer_id, served_at);
CREATE INDEX volunteer_hours_served ON volunteer_hours (served_at);

CREATE TABLE time_bank_accounts (
    user_id        INTEGER PRIMARY KEY REFERENCES users (id),
    minutes        INTEGER NOT NULL DEFAULT 0,
    floor_minutes  INTEGER NOT NULL DEFAULT 0,
    updated_at     INTEGER NOT NULL,
    CHECK (minutes >= floor_minutes)
);

CREATE TABLE time_bank_entries (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES time_bank_accounts (user_id),
    kind             TEXT NOT NULL CHECK (kind IN ('earned', 'spent', 'grant', 'correction')),
    minutes          INTEGER NOT NULL CHECK (minutes <> 0),
    balance_after    INTEGER NOT NULL,
    hours_id         INTEGER UNIQUE REFERENCES volunteer_hours (id),
    help_request_id  INTEGER REFERENCES help_requests (id),
    reason           TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 200),
    created_by       INTEGER NOT NULL REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    CHECK ((kind IN ('earned', 'correction')) = (hours_id IS NOT NULL)),
    CHECK (kind <> 'spent' OR (minutes < 0 AND help_request_id IS NOT NULL)),
    CHECK (kind <> 'grant' OR (minutes > 0 AND reason IS NOT NULL)),
    CHECK (kind <> 'earned' OR minutes > 0)
);
CREATE UNIQUE INDEX time_bank_spent_once ON time_bank_entries (help_request_id) WHERE kind = 'spent';
CREATE INDEX time_bank_entries_user ON time_bank_entries (user_id, id);

CREATE TABLE volunteer_certificates (
    id                 INTEGER PRIMARY KEY,
    volunteer_id       INTEGER NOT NULL REFERENCES volunteers (id),
    verification_code  TEXT NOT NULL UNIQUE CHECK (length(verification_code) = 12),
    name_masked        TEXT NOT NULL,
    from_date          TEXT NOT NULL,
    to_date            TEXT NOT NULL,
    minutes            INTEGER NOT NULL,
    services           INTEGER NOT NULL CHECK (services >= 0),
    issued_at          INTEGER NOT NULL,
    CHECK (from_date <= to_date)
);
CREATE INDEX volunteer_certificates_volunteer ON volunteer_certificates (volunteer_id);

-- Ledger and bank lines are never changed or deleted: a correction is a new line.
CREATE TRIGGER volunteer_hours_no_update BEFORE UPDATE ON volunteer_hours
BEGIN SELECT RAISE(ABORT, 'ledger_append_only'); END;
CREATE TRIGGER volunteer_hours_no_delete BEFORE DELETE ON volunteer_hours
BEGIN SELECT RAISE(ABORT, 'ledger_append_only'); END;
CREATE TRIGGER time_bank_entries_no_update BEFORE UPDATE ON time_bank_entries
BEGIN SELECT RAISE(ABORT, 'ledger_append_only'); END;
CREATE TRIGGER time_bank_entries_no_delete BEFORE DELETE ON time_bank_entries
BEGIN SELECT RAISE(ABORT, 'ledger_append_only'); END;
