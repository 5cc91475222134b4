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

-- Resident feedback (居民意见). The category catalogue carries the responsible department
-- (the policy's division of duties) and the deadlines in working days, counted with the
-- holiday calendar: `accept_days` to accept or decline (受理), `answer_days` to answer (办结).
CREATE TABLE feedback_categories (
    id              INTEGER PRIMARY KEY,
    code            TEXT    NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name_zh         TEXT    NOT NULL CHECK (length(name_zh) > 0),
    name_en         TEXT,
    description_zh  TEXT    NOT NULL DEFAULT '',
    description_en  TEXT,
    -- Code of the directory taxonomy (DESIGN.md) this category belongs to; Open311 `group`.
    group_code      TEXT    NOT NULL CHECK (length(group_code) BETWEEN 1 AND 32),
    -- Comma-separated synonyms (Open311 `keywords`), also used for duplicate hints.
    keywords        TEXT    NOT NULL DEFAULT '',
    department_id   INTEGER NOT NULL REFERENCES departments (id),
    accept_days     INTEGER NOT NULL CHECK (accept_days BETWEEN 1 AND 30),
    answer_days     INTEGER NOT NULL CHECK (answer_days BETWEEN 1 AND 120),
    sort_order      INTEGER NOT NULL DEFAULT 0,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at      INTEGER NOT NULL DEFAULT 0
);

-- Extra questions a category asks (Open311 service definition attributes).
CREATE TABLE feedback_questions (
    id              INTEGER PRIMARY KEY,
    category_id     INTEGER NOT NULL REFERENCES feedback_categories (id) ON DELETE CASCADE,
    code            TEXT    NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
    datatype        TEXT    NOT NULL CHECK (datatype IN ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')),
    -- 0: informational text shown to the resident, nothing to answer.
    variable        INTEGER NOT NULL DEFAULT 1 CHECK (variable IN (0, 1)),
    required        INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
    sort_order      INTEGER NOT NULL CHECK (sort_order > 0),
    text_zh         TEXT    NOT NULL CHECK (length(text_zh) > 0),
    text_en         TEXT,
    hint_zh         TEXT    NOT NULL DEFAULT '',
    hint_en         TEXT,
    UNIQUE (category_id, code),
    UNIQUE (category_id, sort_order),
    CHECK (variable = 1 OR required = 0)
);

CREATE TABLE feedback_question_values (
    question_id     INTEGER NOT NULL REFERENCES feedback_questions (id) ON DELETE CASCADE,
    key             TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 32),
    name_zh         TEXT    NOT NULL CHECK (length(name_zh) > 0),
    name_en         TEXT,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (question_id, key)
);

-- One case. `due_date` is the deadline running now (acceptance, then answer), NULL once the
-- case is answered, declined, closed or merged; "overdue" is `due_date < today`. A fully
-- anonymous case holds nothing that identifies its submitter (checked below).
CREATE TABLE feedback_cases (
    id                  INTEGER PRIMARY KEY,
    tracking_code       TEXT    NOT NULL UNIQUE CHECK (length(tracking_code) BETWEEN 8 AND 24),
    kind                TEXT    NOT NULL CHECK (kind IN ('complaint', 'suggestion', 'question', 'praise')),
    category_id         INTEGER NOT NULL REFERENCES feedback_categories (id),
    region_id           INTEGER NOT NULL REFERENCES regions (id),
    place               TEXT    NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
    lat                 REAL,
    lng                 REAL,
    title               TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    description         TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
    privacy             TEXT    NOT NULL CHECK (privacy IN ('public_name', 'committee_only', 'anonymous')),
    submitter_id        INTEGER REFERENCES users (id),
    contact_name        TEXT    CHECK (contact_name IS NULL OR length(contact_name) BETWEEN 1 AND 64),
    contact_phone       TEXT    CHECK (contact_phone IS NULL OR length(contact_phone) = 11),
    channel             TEXT    NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'open311')),
    status              TEXT    NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'declined', 'assigned', 'in_progress', 'answered', 'closed', 'merged')),
    department_id       INTEGER REFERENCES departments (id),
    assignee_id         INTEGER REFERENCES users (id),
    due_date            TEXT    CHECK (due_date IS NULL OR length(due_date) = 10),
    accept_due          TEXT    NOT NULL CHECK (length(accept_due) = 10),
    answer_due          TEXT    CHECK (answer_due IS NULL OR length(answer_due) = 10),
    -- 0: the community; 1: escalated to the subdistrict; 2: to the district.
    escalation_level    INTEGER NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
    reminded_on         TEXT,
    accept_on_time      INTEGER CHECK (accept_on_time IN (0, 1)),
    answer_on_time      INTEGER CHECK (answer_on_time IN (0, 1)),
    first_response_at   INTEGER,
    accepted_at         INTEGER,
    answered_at         INTEGER,
    closed_at           INTEGER,
    rating              INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_comment      TEXT    CHECK (rating_comment IS NULL OR length(rating_comment) <= 500),
    rated_at            INTEGER,
    reopen_count        INTEGER NOT NULL DEFAULT 0 CHECK (reopen_count >= 0),
    support_count       INTEGER NOT NULL DEFAULT 0 CHECK (support_count >= 0),
    merged_into_id      INTEGER REFERENCES feedback_cases (id),
    hidden              INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    hidden_reason       TEXT,
    -- Local date of submission, for statistics by day, week and month.
    created_on          TEXT    NOT NULL CHECK (length(created_on) = 10),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK ((lat IS NULL) = (lng IS NULL)),
    CHECK (lat IS NULL OR (lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180)),
    CHECK (privacy <> 'anonymous' OR (submitter_id IS NULL AND contact_name IS NULL AND contact_phone IS NULL)),
    CHECK ((status = 'merged') = (merged_into_id IS NOT NULL)),
    CHECK (merged_into_id IS NULL OR merged_into_id <> id),
    CHECK (hidden = 0 OR hidden_reason IS NOT NULL),
    CHECK ((rating IS NULL) = (rated_at IS NULL)),
    CHECK ((status IN ('submitted', 'accepted', 'assigned', 'in_progress')) = (due_date IS NOT NULL)),
    CHECK (status NOT IN ('assigned') OR department_id IS NOT NULL OR assignee_id IS NOT NULL)
);
-- The staff inbox: scope (community) first, newest first; filters by status, due date,
-- department and category each have an index that keeps the first page a short range scan.
CREATE INDEX feedback_cases_region ON feedback_cases (region_id, id);
CREATE INDEX feedback_cases_region_status ON feedback_cases (region_id, status, id);
CREATE INDEX feedback_cases_region_due ON feedback_cases (region_id, due_date);
CREATE INDEX feedback_cases_due ON feedback_cases (due_date, id);
CREATE INDEX feedback_cases_department ON feedback_cases (department_id, region_id, id);
CREATE INDEX feedback_cases_category ON feedback_cases (category_id, region_id, id);
CREATE INDEX feedback_cases_submitter ON feedback_cases (submitter_id, id);
CREATE INDEX feedback_cases_created ON feedback_cases (created_on, region_id);
CREATE INDEX feedback_cases_status ON feedback_cases (status, id);

-- The timeline. Public entries are shown to the resident; `note` is internal, always.
CREATE TABLE feedback_events (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES feedback_cases (id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    actor_id        INTEGER REFERENCES users (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('submitted', 'accepted', 'declined', 'assigned', 'started', 'answered', 'rated', 'reopened', 'closed', 'note', 'extended', 'reminded', 'escalated', 'merged', 'hidden', 'unhidden')),
    public          INTEGER NOT NULL CHECK (public IN (0, 1)),
    status_after    TEXT    NOT NULL,
    body            TEXT    NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
    department_id   INTEGER REFERENCES departments (id),
    CHECK (kind NOT IN ('note', 'reminded', 'escalated', 'hidden', 'unhidden') OR public = 0)
);
CREATE INDEX feedback_events_case ON feedback_events (case_id, id);

-- Answers to the category's extra questions; a multi-value answer has one row per value.
CREATE TABLE feedback_answers (
    case_id         INTEGER NOT NULL REFERENCES feedback_cases (id) ON DELETE CASCADE,
    question_id     INTEGER NOT NULL REFERENCES feedback_questions (id),
    position        INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
    value           TEXT    NOT NULL CHECK (length(value) BETWEEN 1 AND 2000),
    PRIMARY KEY (case_id, question_id, position)
);

-- Photos, stored under <data_dir>/uploads/feedback/ with a random name, metadata stripped.
CREATE TABLE feedback_photos (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES feedback_cases (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL CHECK (position BETWEEN 1 AND 10),
    file_name       TEXT    NOT NULL UNIQUE CHECK (length(file_name) BETWEEN 8 AND 80),
    content_type    TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes           INTEGER NOT NULL CHECK (bytes > 0),
    created_at      INTEGER NOT NULL,
    UNIQUE (case_id, position)
);

-- "Add my support" (+1). `supporter` is a hash (of the account, or of the address for
-- visitors), so one person supports a case once and nobody can tell who.
CREATE TABLE feedback_supports (
    case_id         INTEGER NOT NULL REFERENCES feedback_cases (id) ON DELETE CASCADE,
    supporter       TEXT    NOT NULL CHECK (length(supporter) = 32),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (case_id, supporter)
);

-- Reply templates of a region (and below), optionally for one category.
CREATE TABLE feedback_reply_templates (
    id              INTEGER PRIMARY KEY,
    region_id       INTEGER NOT NULL REFERENCES regions (id),
    category_id     INTEGER REFERENCES feedback_categories (id),
    title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
    body            TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL
);
CREATE INDEX feedback_reply_templates_region ON feedback_reply_templates (region_id);

-- The catalogue, following the routing table of DESIGN.md.
INSERT INTO feedback_categories (code, name_zh, name_en, description_zh, description_en, group_code, keywords, department_id, accept_days, answer_days, sort_order) VALUES
    ('sanitation', '环境卫生与市容', 'Sanitation and street appearance', '垃圾清运、卫生死角、占道经营、乱张贴等', 'Refuse collection, dirty spots, street stalls, fly-posting', 'environment', '垃圾,卫生,清扫,占道,市容,乱摆卖', (SELECT id FROM departments WHERE code = 'urban_management'), 2, 10, 1),
    ('noise_pollution', '噪声与污染', 'Noise and pollution', '施工噪声、油烟、污水、异味等', 'Building-site noise, cooking fumes, sewage, odours', 'environment', '噪音,噪声,油烟,污水,异味,施工', (SELECT id FROM departments WHERE code = 'environment'), 2, 10, 2),
    ('property', '物业管理', 'Property management', '电梯、门禁、公共设施维修、物业服务', 'Lifts, entrance gates, repairs of shared facilities, property services', 'mutual_aid', '物业,电梯,门禁,漏水,停车,维修', (SELECT id FROM departments WHERE code = 'housing'), 2, 15, 3),
    ('public_order', '治安与矛盾纠纷', 'Public order and disputes', '治安隐患、邻里纠纷、出租屋管理', 'Safety hazards, neighbour disputes, rented housing', 'safety', '治安,纠纷,调解,出租屋,安全', (SELECT id FROM departments WHERE code = 'public_security'), 1, 7, 4),
    ('legal_aid', '法律援助', 'Legal aid', '法律咨询、法律援助申请', 'Legal advice and applications for legal aid', 'safety', '法律,律师,援助,维权', (SELECT id FROM departments WHERE code = 'public_security'), 2, 10, 5),
    ('employment', '就业与社会保障', 'Employment and social security', '就业登记、技能培训、社保、退休人员服务', 'Job registration, training, social insurance, retiree services', 'labour', '就业,招聘,培训,社保,养老金,退休', (SELECT id FROM departments WHERE code = 'labour'), 2, 15, 6),
    ('health_service', '社区卫生服务', 'Community health', '社康中心服务、慢病管理、预防接种', 'Community health centre, chronic disease care, vaccination', 'health', '社康,看病,疫苗,体检,慢病', (SELECT id FROM departments WHERE code = 'health'), 2, 10, 7),
    ('family_planning', '计划生育', 'Family planning', '生育登记、独生子女家庭服务', 'Birth registration, services for one-child families', 'family', '生育,计生,独生子女', (SELECT id FROM departments WHERE code = 'family_planning'), 2, 15, 8),
    ('education', '教育', 'Education', '青少年校外教育、托管、老年教育', 'Out-of-school education, after-school care, education for the elderly', 'culture', '学校,学位,托管,课程,老年大学', (SELECT id FROM departments WHERE code = 'education'), 2, 15, 9),
    ('culture', '文化活动', 'Cultural activities', '文化活动、阅览室、文艺团队', 'Cultural events, reading rooms, amateur groups', 'culture', '文化,活动,图书,阅览,演出', (SELECT id FROM departments WHERE code = 'culture'), 2, 15, 10),
    ('sports', '体育健身设施', 'Sports and fitness facilities', '健身器材、球场、全民健身活动', 'Fitness equipment, courts, public fitness events', 'culture', '健身,器材,球场,运动,场地', (SELECT id FROM departments WHERE code = 'sports'), 2, 10, 11),
    ('relief', '社会救助', 'Social assistance', '低保、临时救助、困难帮扶', 'Minimum living allowance, emergency assistance, hardship support', 'relief', '低保,救助,困难,补助,残疾', (SELECT id FROM departments WHERE code = 'civil_affairs'), 1, 10, 12),
    ('elderly_care', '为老服务', 'Elderly care', '居家养老、日间照料、长者饭堂', 'Home care, day care, meals for the elderly', 'elderly', '老人,养老,长者,饭堂,照料', (SELECT id FROM departments WHERE code = 'civil_affairs'), 2, 10, 13),
    ('community_service', '社区服务综合', 'Community services (general)', '社区服务、社区社会组织及其他事项', 'Community services, community organisations and other matters', 'mutual_aid', '社区,服务,建议,其他', (SELECT id FROM departments WHERE code = 'civil_affairs'), 2, 15, 14);

-- Extra questions: every Open311 datatype appears at least once.
INSERT INTO feedback_questions (category_id, code, datatype, variable, required, sort_order, text_zh, text_en, hint_zh, hint_en) VALUES
    ((SELECT id FROM feedback_categories WHERE code = 'sanitation'), 'location_type', 'singlevaluelist', 1, 1, 1, '问题出现在哪里？', 'Where is the problem?', '请选择一项', 'Choose one'),
    ((SELECT id FROM feedback_categories WHERE code = 'sanitation'), 'observed_at', 'datetime', 1, 0, 2, '您什么时候看到的？', 'When did you see it?', '日期和时间', 'Date and time'),
    ((SELECT id FROM feedback_categories WHERE code = 'noise_pollution'), 'notice', 'text', 0, 0, 1, '夜间（22:00–次日 7:00）施工噪声可直接拨打 12345 热线。', 'For building-site noise at night (22:00–7:00) you can also call the 12345 hotline.', '', NULL),
    ((SELECT id FROM feedback_categories WHERE code = 'noise_pollution'), 'time_of_day', 'multivaluelist', 1, 1, 2, '一般在什么时段出现？', 'At what times does it happen?', '可多选', 'Choose all that apply'),
    ((SELECT id FROM feedback_categories WHERE code = 'noise_pollution'), 'days_lasting', 'number', 1, 0, 3, '已经持续多少天？', 'For how many days has it lasted?', '天数', 'Number of days'),
    ((SELECT id FROM feedback_categories WHERE code = 'property'), 'building', 'string', 1, 1, 1, '楼栋和单元', 'Building and unit', '例如：3 栋 B 单元', 'e.g. Block 3, Unit B'),
    ((SELECT id FROM feedback_categories WHERE code = 'property'), 'contacted_management', 'singlevaluelist', 1, 0, 2, '是否已向物业反映？', 'Have you told the property management?', '', NULL),
    ((SELECT id FROM feedback_categories WHERE code = 'property'), 'details', 'text', 1, 0, 3, '物业的答复（如有）', 'The property management''s answer, if any', '', NULL);

INSERT INTO feedback_question_values (question_id, key, name_zh, name_en, sort_order) VALUES
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'sanitation' AND q.code = 'location_type'), 'estate', '小区内', 'Inside a housing estate', 1),
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'sanitation' AND q.code = 'location_type'), 'street', '道路或人行道', 'Street or pavement', 2),
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'sanitation' AND q.code = 'location_type'), 'park', '公园或广场', 'Park or square', 3),
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'sanitation' AND q.code = 'location_type'), 'market', '市场周边', 'Around a market', 4),
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'noise_pollution' AND q.code = 'time_of_day'), 'morning', '早上', 'Morning', 1),
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'noise_pollution' AND q.code = 'time_of_day'), 'daytime', '白天', 'Daytime', 2),
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'noise_pollution' AND q.code = 'time_of_day'), 'evening', '傍晚', 'Evening', 3),
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'noise_pollution' AND q.code = 'time_of_day'), 'night', '夜间', 'Night', 4),
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'property' AND q.code = 'contacted_management'), 'yes', '已反映，未解决', 'Yes, not solved', 1),
    ((SELECT q.id FROM feedback_questions q JOIN feedback_categories c ON c.id = q.category_id WHERE c.code = 'property' AND q.code = 'contacted_management'), 'no', '还没有', 'Not yet', 2);
