-- Functional departments that feedback is routed to (the policy's division of duties).
CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name_zh     TEXT NOT NULL CHECK (length(name_zh) > 0),
    name_en     TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 0
);

-- Accounts. A deleted account keeps its row (other records point at it) but loses every
-- personal field: phone and password hash become NULL, the name a placeholder.
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    phone               TEXT UNIQUE CHECK (phone IS NULL OR (length(phone) = 11 AND phone NOT GLOB '*[^0-9]*')),
    password_hash       TEXT,
    display_name        TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
    home_region_id      INTEGER REFERENCES regions (id),
    status              TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'deleted')),
    totp_secret         TEXT,
    totp_enabled        INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
    totp_last_step      INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK (status = 'deleted' OR (phone IS NOT NULL AND password_hash IS NOT NULL)),
    CHECK (totp_enabled = 0 OR totp_secret IS NOT NULL)
);

-- Staff roles, each for a region (covering everything below it). Every account is also a
-- resident; that role is implicit and not stored. Handlers are bound to a department.
CREATE TABLE role_grants (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL CHECK (role IN ('committee_member', 'workstation_staff', 'department_handler', 'admin')),
    region_id     INTEGER NOT NULL REFERENCES regions (id),
    department_id INTEGER REFERENCES departments (id),
    granted_by    INTEGER REFERENCES users (id),
    granted_at    INTEGER NOT NULL,
    CHECK ((role = 'department_handler') = (department_id IS NOT NULL))
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, region_id, COALESCE(department_id, 0));
CREATE INDEX role_grants_region ON role_grants (region_id, role);

-- Logged-in sessions. The cookie holds a random token; only its SHA-256 is stored, so a
-- leaked table cannot be replayed. `mfa_pending` sessions have passed the password only.
CREATE TABLE sessions (
    id_hash       TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    mfa_pending   INTEGER NOT NULL DEFAULT 0 CHECK (mfa_pending IN (0, 1)),
    user_agent    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Fixed-window counters for rate limits, shared by every server instance.
CREATE TABLE rate_limits (
    bucket        TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    window_start  INTEGER NOT NULL,
    count         INTEGER NOT NULL,
    PRIMARY KEY (bucket, key, window_start)
);

-- What staff did and who viewed unmasked personal data. `detail` never holds personal data.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor_id      INTEGER REFERENCES users (id),
    action        TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    region_id     INTEGER REFERENCES regions (id),
    detail        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_region ON audit_log (region_id, at);

-- The departments of the policy's division of duties (DESIGN.md routing table).
INSERT INTO departments (code, name_zh, name_en, sort_order) VALUES
    ('civil_affairs', '民政部门', 'Civil Affairs', 1),
    ('labour', '劳动保障部门', 'Labour and Social Security', 2),
    ('public_security', '维稳综治 / 公安 / 司法部门', 'Public Order, Police and Justice', 3),
    ('health', '卫生部门', 'Health', 4),
    ('family_planning', '人口和计划生育部门', 'Population and Family Planning', 5),
    ('education', '教育部门', 'Education', 6),
    ('culture', '文化部门', 'Culture', 7),
    ('sports', '体育部门', 'Sports', 8),
    ('urban_management', '城管部门', 'Urban Management', 9),
    ('environment', '环境保护部门', 'Environmental Protection', 10),
    ('housing', '社区工作站 / 住建部门', 'Community Workstation / Housing', 11);
