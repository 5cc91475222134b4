-- The service directory, shaped like Open Referral HSDS 3.0: organizations run services at
-- locations (service_at_location is the search hit). Text exists in Chinese (`*_zh`, required)
-- and English (`*_en`, optional; readers fall back to Chinese). `uid` is the record's HSDS id
-- (a UUID), stable across export and import; `id` is internal. Every service and location
-- belongs to a region, which is what staff scope is checked against.

-- Terms of the two taxonomies: what a service is (`category`, two levels: the policy's
-- categories and their sub-categories, codes like `elderly.day_care`) and who it is for
-- (`audience`, the policy's target groups). Codes are stable public identifiers.
CREATE TABLE dir_terms (
    id             INTEGER PRIMARY KEY,
    uid            TEXT    NOT NULL UNIQUE,
    taxonomy       TEXT    NOT NULL CHECK (taxonomy IN ('category', 'audience')),
    code           TEXT    NOT NULL CHECK (length(code) BETWEEN 1 AND 48),
    parent_id      INTEGER REFERENCES dir_terms (id),
    name_zh        TEXT    NOT NULL CHECK (length(name_zh) > 0),
    name_en        TEXT,
    description_zh TEXT    NOT NULL DEFAULT '',
    description_en TEXT,
    sort_order     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (taxonomy, code)
);
CREATE INDEX dir_terms_parent ON dir_terms (parent_id);

CREATE TABLE dir_organizations (
    id             INTEGER PRIMARY KEY,
    uid            TEXT    NOT NULL UNIQUE,
    region_id      INTEGER NOT NULL REFERENCES regions (id),
    name_zh        TEXT    NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
    name_en        TEXT,
    description_zh TEXT    NOT NULL DEFAULT '',
    description_en TEXT,
    email          TEXT,
    website        TEXT,
    legal_status   TEXT,
    -- 统一社会信用代码 (unified social credit code), exported as an organization_identifier.
    credit_code    TEXT    CHECK (credit_code IS NULL OR length(credit_code) = 18),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX dir_organizations_region ON dir_organizations (region_id);
CREATE INDEX dir_organizations_updated ON dir_organizations (updated_at);

-- A physical place. The address is kept inline (HSDS `address`, one physical address per
-- location). `follows_workday_calendar`: government-run sites close on public holidays and
-- open on make-up working days (调休); shops and clinics that open all week set it to 0.
CREATE TABLE dir_locations (
    id                       INTEGER PRIMARY KEY,
    uid                      TEXT    NOT NULL UNIQUE,
    organization_id          INTEGER NOT NULL REFERENCES dir_organizations (id),
    region_id                INTEGER NOT NULL REFERENCES regions (id),
    name_zh                  TEXT    NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
    name_en                  TEXT,
    description_zh           TEXT    NOT NULL DEFAULT '',
    description_en           TEXT,
    address_zh               TEXT    NOT NULL CHECK (length(address_zh) BETWEEN 1 AND 200),
    address_en               TEXT,
    postal_code              TEXT    NOT NULL DEFAULT '518000' CHECK (length(postal_code) = 6),
    transport_zh             TEXT    NOT NULL DEFAULT '',
    transport_en             TEXT,
    latitude                 REAL    CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    longitude                REAL    CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
    -- The district containing `region_id` (NULL for the city itself), kept by the server.
    district_id              INTEGER REFERENCES regions (id),
    timezone                 TEXT    NOT NULL DEFAULT 'Asia/Shanghai' CHECK (length(timezone) BETWEEN 1 AND 64),
    follows_workday_calendar INTEGER NOT NULL DEFAULT 1 CHECK (follows_workday_calendar IN (0, 1)),
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL
);
CREATE INDEX dir_locations_region ON dir_locations (region_id);
CREATE INDEX dir_locations_organization ON dir_locations (organization_id);
CREATE INDEX dir_locations_updated ON dir_locations (updated_at);

CREATE TABLE dir_accessibility (
    id          INTEGER PRIMARY KEY,
    uid         TEXT    NOT NULL UNIQUE,
    location_id INTEGER NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
    feature     TEXT    NOT NULL CHECK (feature IN ('step_free', 'accessible_toilet', 'lift', 'accessible_parking', 'tactile_paving', 'hearing_loop', 'sign_language', 'wheelchair_loan', 'other')),
    details_zh  TEXT    NOT NULL DEFAULT '',
    details_en  TEXT,
    UNIQUE (location_id, feature)
);

-- Weekly opening hours: several windows a day allowed; minutes after local midnight;
-- `weekday` 1 = Monday … 7 = Sunday. Overlaps are refused by the application.
CREATE TABLE dir_hours (
    id          INTEGER PRIMARY KEY,
    uid         TEXT    NOT NULL UNIQUE,
    location_id INTEGER NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens_at    INTEGER NOT NULL CHECK (opens_at BETWEEN 0 AND 1439),
    closes_at   INTEGER NOT NULL CHECK (closes_at BETWEEN 1 AND 1440),
    CHECK (closes_at > opens_at)
);
CREATE INDEX dir_hours_location ON dir_hours (location_id, weekday, opens_at);

-- Dated exceptions: closed all day, or special windows, with a reason shown to the public.
-- They win over the weekly hours and over the holiday calendar.
CREATE TABLE dir_hours_exceptions (
    id          INTEGER PRIMARY KEY,
    uid         TEXT    NOT NULL UNIQUE,
    location_id INTEGER NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
    day         TEXT    NOT NULL CHECK (length(day) = 10 AND day LIKE '____-__-__'),
    closed      INTEGER NOT NULL CHECK (closed IN (0, 1)),
    opens_at    INTEGER CHECK (opens_at BETWEEN 0 AND 1439),
    closes_at   INTEGER CHECK (closes_at BETWEEN 1 AND 1440),
    reason_zh   TEXT    NOT NULL DEFAULT '',
    reason_en   TEXT,
    CHECK ((closed = 1 AND opens_at IS NULL AND closes_at IS NULL) OR
           (closed = 0 AND opens_at IS NOT NULL AND closes_at IS NOT NULL AND closes_at > opens_at))
);
CREATE INDEX dir_hours_exceptions_location ON dir_hours_exceptions (location_id, day);

-- A service. The 办事指南 (how-to guide) fields are part of it: conditions (eligibility),
-- process (one step per line), time limit, fees and their legal basis, visits needed.
-- `last_verified_*` is when staff last confirmed the record is true, apart from `updated_at`.
CREATE TABLE dir_services (
    id                INTEGER PRIMARY KEY,
    uid               TEXT    NOT NULL UNIQUE,
    organization_id   INTEGER NOT NULL REFERENCES dir_organizations (id),
    region_id         INTEGER NOT NULL REFERENCES regions (id),
    name_zh           TEXT    NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 80),
    name_en           TEXT,
    alternate_name_zh TEXT,
    alternate_name_en TEXT,
    description_zh    TEXT    NOT NULL DEFAULT '',
    description_en    TEXT,
    status            TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily_closed')),
    url               TEXT,
    email             TEXT,
    eligibility_zh    TEXT    NOT NULL DEFAULT '',
    eligibility_en    TEXT,
    process_zh        TEXT    NOT NULL DEFAULT '',
    process_en        TEXT,
    time_limit_zh     TEXT    NOT NULL DEFAULT '',
    time_limit_en     TEXT,
    fees_zh           TEXT    NOT NULL DEFAULT '',
    fees_en           TEXT,
    fees_basis_zh     TEXT    NOT NULL DEFAULT '',
    fees_basis_en     TEXT,
    is_free           INTEGER NOT NULL DEFAULT 1 CHECK (is_free IN (0, 1)),
    visits_needed     INTEGER CHECK (visits_needed IS NULL OR visits_needed BETWEEN 0 AND 9),
    minimum_age       INTEGER CHECK (minimum_age IS NULL OR minimum_age BETWEEN 0 AND 150),
    maximum_age       INTEGER CHECK (maximum_age IS NULL OR maximum_age BETWEEN 0 AND 150),
    alert_zh          TEXT,
    alert_en          TEXT,
    -- Bit i (of lo, or i - 64 of hi) is set when the service has the term of id i (0..127):
    -- lets one pass over the hits count every facet. Written with the search row.
    term_bits_lo      INTEGER NOT NULL DEFAULT 0,
    term_bits_hi      INTEGER NOT NULL DEFAULT 0,
    last_verified_at  INTEGER,
    last_verified_by  INTEGER REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age),
    CHECK (last_verified_by IS NULL OR last_verified_at IS NOT NULL)
);
CREATE INDEX dir_services_region ON dir_services (region_id);
CREATE INDEX dir_services_organization ON dir_services (organization_id);
CREATE INDEX dir_services_verified ON dir_services (last_verified_at);
CREATE INDEX dir_services_updated ON dir_services (updated_at);

CREATE TABLE dir_service_terms (
    service_id INTEGER NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    term_id    INTEGER NOT NULL REFERENCES dir_terms (id),
    PRIMARY KEY (service_id, term_id)
);
CREATE INDEX dir_service_terms_term ON dir_service_terms (term_id, service_id);

-- HSDS service_at_location: a service offered at a site. This is the search hit.
CREATE TABLE dir_service_locations (
    id             INTEGER PRIMARY KEY,
    uid            TEXT    NOT NULL UNIQUE,
    service_id     INTEGER NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    location_id    INTEGER NOT NULL REFERENCES dir_locations (id),
    description_zh TEXT    NOT NULL DEFAULT '',
    description_en TEXT,
    UNIQUE (service_id, location_id)
);
CREATE INDEX dir_service_locations_location ON dir_service_locations (location_id);

-- Public telephone numbers of a service (enquiry, complaint) or of a location (main, fax).
-- Office numbers, not personal data.
CREATE TABLE dir_phones (
    id             INTEGER PRIMARY KEY,
    uid            TEXT    NOT NULL UNIQUE,
    service_id     INTEGER REFERENCES dir_services (id) ON DELETE CASCADE,
    location_id    INTEGER REFERENCES dir_locations (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL CHECK (kind IN ('main', 'enquiry', 'complaint', 'fax')),
    number         TEXT    NOT NULL CHECK (length(number) BETWEEN 3 AND 20),
    extension      TEXT,
    description_zh TEXT    NOT NULL DEFAULT '',
    description_en TEXT,
    sort_order     INTEGER NOT NULL DEFAULT 0,
    CHECK ((service_id IS NULL) <> (location_id IS NULL))
);
CREATE INDEX dir_phones_service ON dir_phones (service_id);
CREATE INDEX dir_phones_location ON dir_phones (location_id);

-- Named contact points of a service (a window or post, not a private person).
CREATE TABLE dir_contacts (
    id            INTEGER PRIMARY KEY,
    uid           TEXT    NOT NULL UNIQUE,
    service_id    INTEGER NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    name_zh       TEXT    NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 60),
    name_en       TEXT,
    department_zh TEXT    NOT NULL DEFAULT '',
    department_en TEXT,
    email         TEXT,
    sort_order    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dir_contacts_service ON dir_contacts (service_id);

-- 所需材料.
CREATE TABLE dir_documents (
    id          INTEGER PRIMARY KEY,
    uid         TEXT    NOT NULL UNIQUE,
    service_id  INTEGER NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    document_zh TEXT    NOT NULL CHECK (length(document_zh) BETWEEN 1 AND 200),
    document_en TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dir_documents_service ON dir_documents (service_id);

-- HSDS cost_option; amounts in fen (1/100 yuan) so both backends store them exactly.
CREATE TABLE dir_costs (
    id                    INTEGER PRIMARY KEY,
    uid                   TEXT    NOT NULL UNIQUE,
    service_id            INTEGER NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    option_zh             TEXT    NOT NULL DEFAULT '',
    option_en             TEXT,
    amount_fen            INTEGER CHECK (amount_fen IS NULL OR amount_fen >= 0),
    amount_description_zh TEXT    NOT NULL DEFAULT '',
    amount_description_en TEXT,
    sort_order            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dir_costs_service ON dir_costs (service_id);

-- Languages a service is offered in (ISO 639 codes: zh, yue, en, hak …).
CREATE TABLE dir_languages (
    id         INTEGER PRIMARY KEY,
    uid        TEXT    NOT NULL UNIQUE,
    service_id INTEGER NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    code       TEXT    NOT NULL CHECK (length(code) BETWEEN 2 AND 3),
    UNIQUE (service_id, code)
);

-- Where a service is available, as regions of the tree (HSDS service_area).
CREATE TABLE dir_service_areas (
    id         INTEGER PRIMARY KEY,
    uid        TEXT    NOT NULL UNIQUE,
    service_id INTEGER NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    region_id  INTEGER NOT NULL REFERENCES regions (id),
    UNIQUE (service_id, region_id)
);

-- Per-field change history (HSDS metadata): who changed what, when, old → new.
CREATE TABLE dir_changes (
    id          INTEGER PRIMARY KEY,
    uid         TEXT    NOT NULL UNIQUE,
    entity      TEXT    NOT NULL CHECK (entity IN ('organization', 'service', 'location')),
    entity_id   INTEGER NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('create', 'update', 'delete', 'verify', 'import')),
    field       TEXT    NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    changed_by  INTEGER REFERENCES users (id),
    changed_at  INTEGER NOT NULL
);
CREATE INDEX dir_changes_entity ON dir_changes (entity, entity_id, changed_at);
CREATE INDEX dir_changes_at ON dir_changes (changed_at);

-- "Report a problem" from the public (anonymous allowed), accepted or rejected by staff.
CREATE TABLE dir_suggestions (
    id              INTEGER PRIMARY KEY,
    service_id      INTEGER NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('hours', 'phone', 'address', 'closed', 'guide', 'other')),
    body            TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    user_id         INTEGER REFERENCES users (id),
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    created_at      INTEGER NOT NULL,
    resolved_at     INTEGER,
    resolved_by     INTEGER REFERENCES users (id),
    resolution_note TEXT    NOT NULL DEFAULT '',
    CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE INDEX dir_suggestions_open ON dir_suggestions (status, service_id);
CREATE INDEX dir_suggestions_user ON dir_suggestions (user_id);

-- Searches that found nothing, counted per normalised query and day for the data team.
-- No user, address or time of day is kept; long digit runs are masked before storing.
CREATE TABLE dir_search_misses (
    query TEXT    NOT NULL CHECK (length(query) BETWEEN 1 AND 64),
    day   TEXT    NOT NULL CHECK (length(day) = 10),
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (query, day)
);

-- Query expansion: searching `term` also finds `synonym` (one direction per row).
CREATE TABLE dir_synonyms (
    term    TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 20),
    synonym TEXT NOT NULL CHECK (length(synonym) BETWEEN 1 AND 20),
    PRIMARY KEY (term, synonym),
    CHECK (term <> synonym)
);

-- Search text of a service, segmented by the server (jieba words plus character bigrams of
-- every Han run, lower-cased Latin words), in four columns ranked name > category > body >
-- place. Written by the server in the same transaction as the service.
CREATE TABLE dir_search (
    service_id      INTEGER PRIMARY KEY REFERENCES dir_services (id) ON DELETE CASCADE,
    name_tokens     TEXT NOT NULL,
    category_tokens TEXT NOT NULL,
    body_tokens     TEXT NOT NULL,
    place_tokens    TEXT NOT NULL
);
-- FTS5 index over it (external content; the triggers keep it in step in the same transaction).
CREATE VIRTUAL TABLE dir_search_fts USING fts5(
    name_tokens, category_tokens, body_tokens, place_tokens,
    content = 'dir_search', content_rowid = 'service_id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER dir_search_ai AFTER INSERT ON dir_search BEGIN
    INSERT INTO dir_search_fts (rowid, name_tokens, category_tokens, body_tokens, place_tokens)
    VALUES (NEW.service_id, NEW.name_tokens, NEW.category_tokens, NEW.body_tokens, NEW.place_tokens);
END;
CREATE TRIGGER dir_search_ad AFTER DELETE ON dir_search BEGIN
    INSERT INTO dir_search_fts (dir_search_fts, rowid, name_tokens, category_tokens, body_tokens, place_tokens)
    VALUES ('delete', OLD.service_id, OLD.name_tokens, OLD.category_tokens, OLD.body_tokens, OLD.place_tokens);
END;
CREATE TRIGGER dir_search_au AFTER UPDATE ON dir_search BEGIN
    INSERT INTO dir_search_fts (dir_search_fts, rowid, name_tokens, category_tokens, body_tokens, place_tokens)
    VALUES ('delete', OLD.service_id, OLD.name_tokens, OLD.category_tokens, OLD.body_tokens, OLD.place_tokens);
    INSERT INTO dir_search_fts (rowid, name_tokens, category_tokens, body_tokens, place_tokens)
    VALUES (NEW.service_id, NEW.name_tokens, NEW.category_tokens, NEW.body_tokens, NEW.place_tokens);
END;

-- The two taxonomies (see DESIGN.md): categories from the policy with sub-categories, and
-- the policy's target groups plus 全体居民. Ids (uid) are UUIDv5 of `term:<taxonomy>:<code>`.
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('454fe090-043c-5386-948a-edf49ad88d64', 'category', 'relief', NULL, '社区救助', 'Social assistance', '低保、教育/住房/医疗/就业/司法救助、应急救助、慈善超市', 'Minimum living allowance, education, housing, medical, employment and legal aid, emergency relief, charity stores', 100),
    ('731556eb-c5e8-541f-890c-4b072e906020', 'category', 'elderly', NULL, '为老服务', 'Elderly care', '居家养老、日间照料、心理辅导、家庭调解', 'Home care, day care, counselling, family mediation', 200),
    ('db745719-45c2-5738-8ad2-8051836beef4', 'category', 'labour', NULL, '劳动和社会保障', 'Employment and social security', '就业登记、职业培训、职业介绍、社会保险、退休人员服务', 'Job registration, training, job referral, social insurance, retiree services', 300),
    ('6543fa23-2580-5713-86ba-62aa0da90443', 'category', 'safety', NULL, '社区安全', 'Community safety', '社区警务室、人民调解、法律援助、出租屋管理、社区矫正帮教', 'Police office, mediation, legal aid, rental housing management, community correction', 400),
    ('345aaba4-4218-53e0-a9f8-b8fa9db9e3df', 'category', 'health', NULL, '社区卫生', 'Community health', '社区健康服务中心、慢病管理、预防接种、康复、健康档案', 'Community health centres, chronic disease care, vaccination, rehabilitation, health records', 500),
    ('74f5c59f-8af4-5d2f-a8ee-4c3f37c12de4', 'category', 'family', NULL, '计划生育', 'Family planning', '计划生育与生殖健康服务', 'Family planning and reproductive health', 600),
    ('d39e1813-1e11-58e3-be5a-305d2968b32a', 'category', 'culture', NULL, '教育文化体育', 'Education, culture and sports', '文体活动、全民健身、青少年校外教育、老年教育、科普', 'Cultural activities, fitness, after-school education, senior education, science outreach', 700),
    ('e4a5b3b5-bb24-5a71-bd17-ce45427cbbfd', 'category', 'environment', NULL, '环境卫生与环保', 'Sanitation and environment', '绿色社区、垃圾分类、环境卫生', 'Green community, waste sorting, sanitation', 800),
    ('ace9d902-05ee-547a-a23e-248f00ff8aea', 'category', 'information', NULL, '社区信息化', 'Information services', '社区信息化便民服务', 'Information and digital services for residents', 900),
    ('0c33d004-45cb-5aa7-a1a6-655e2531a6e9', 'category', 'mutual_aid', NULL, '自助互助', 'Self-help and mutual aid', '居民自助与互助服务', 'Residents'' self-help and mutual aid', 1000),
    ('6e2c94b1-7afe-51e0-8d1f-9a77fdb535e7', 'category', 'volunteer', NULL, '志愿服务', 'Volunteer services', '社工引领的义工服务', 'Volunteer (义工) services led by social workers', 1100),
    ('39c265de-03cb-5052-8028-bd2af1c3a832', 'category', 'social_org', NULL, '社区社会组织', 'Community social organisations', '社区社会组织的培育与服务', 'Fostering and serving community organisations', 1200),
    ('4b93e6d1-fa46-50d4-a6ed-30b2adf9af3e', 'category', 'market', NULL, '便民商业服务', 'Convenience services', '购物、餐饮、家政、中介等便民服务', 'Shopping, catering, housekeeping, agencies', 1300),
    ('9bbb7bac-4be9-5c2d-810e-75cce2fcd360', 'audience', 'dibao', NULL, '低保对象', 'Minimum-allowance recipients', '', NULL, 1),
    ('b355edc8-d23f-5091-b38a-52bdced381a2', 'audience', 'disabled', NULL, '残疾人', 'People with disabilities', '', NULL, 2),
    ('63c4fc23-9127-526f-af25-cd34179fbab0', 'audience', 'serious_illness', NULL, '重病患者', 'People with serious illness', '', NULL, 3),
    ('c1a42c48-ec92-5961-9af2-95b16d16836e', 'audience', 'entitled', NULL, '优抚对象', 'Entitled groups (veterans and families)', '', NULL, 4),
    ('0eba8890-b4a2-5a91-af10-c2ce5cf9ef7f', 'audience', 'elderly', NULL, '老年人', 'Older people', '', NULL, 5),
    ('c5841261-1348-5822-a0e3-64b1be3e8ad4', 'audience', 'youth', NULL, '青少年', 'Young people', '', NULL, 6),
    ('527e8940-8ee9-5abc-9206-e1c60b672710', 'audience', 'unemployed', NULL, '失业人员', 'Unemployed people', '', NULL, 7),
    ('854c78a8-61a5-5754-9fee-69d18bf6671d', 'audience', 'migrants', NULL, '流动人口', 'Migrant residents', '', NULL, 8),
    ('1ee28782-ba5d-5c05-9ced-a4c799eda549', 'audience', 'one_child_family', NULL, '独生子女家庭', 'One-child families', '', NULL, 9),
    ('884702f4-c5bf-512e-a212-3f50283d38fa', 'audience', 'correction', NULL, '社区矫正对象', 'People under community correction', '', NULL, 10),
    ('08e42a85-4c54-5947-84d6-0a4c715b4948', 'audience', 'residents', NULL, '全体居民', 'All residents', '', NULL, 11);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('e5639cd2-e3bc-5bbd-a6af-43aafe170701', 'category', 'relief.dibao', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'relief'), '最低生活保障', 'Minimum living allowance', '', NULL, 101);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('1ca12e7b-1b1c-53b9-9212-dcc2189fe7ca', 'category', 'relief.education', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'relief'), '教育救助', 'Education aid', '', NULL, 102);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('57f15206-0b79-56aa-b74d-e2cc4a050784', 'category', 'relief.housing', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'relief'), '住房救助', 'Housing aid', '', NULL, 103);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('87efc5ba-9c0b-5e5a-941b-d3e90b0f2842', 'category', 'relief.medical', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'relief'), '医疗救助', 'Medical aid', '', NULL, 104);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('f97fcb66-256f-544d-9bc8-928621f4ec68', 'category', 'relief.employment', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'relief'), '就业救助', 'Employment aid', '', NULL, 105);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('aa6712dc-e894-5f23-a705-4a9a8249673b', 'category', 'relief.judicial', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'relief'), '司法救助', 'Judicial aid', '', NULL, 106);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('51f5e64a-b914-56e3-9842-495c42c34d69', 'category', 'relief.emergency', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'relief'), '临时与应急救助', 'Temporary and emergency relief', '', NULL, 107);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('411bb71d-e452-5a76-a37d-3ae693faf980', 'category', 'relief.charity_store', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'relief'), '慈善超市', 'Charity store', '', NULL, 108);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('6383d70f-7e21-55f0-9a53-b3f59f0dad47', 'category', 'elderly.home_care', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'elderly'), '居家养老', 'Home-based elderly care', '', NULL, 201);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('64c1745d-2cf7-5aa5-af1b-c9beb7473cbe', 'category', 'elderly.day_care', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'elderly'), '日间照料', 'Day care', '', NULL, 202);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('46a37277-78a8-50b8-967b-625b0b7d0c63', 'category', 'elderly.counselling', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'elderly'), '心理辅导', 'Counselling', '', NULL, 203);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('fd1df626-a446-574f-8fed-84bbc3d7e764', 'category', 'elderly.family_mediation', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'elderly'), '家庭调解', 'Family mediation', '', NULL, 204);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('bd48a6d7-4c6f-5496-9f62-96240af8c5d1', 'category', 'elderly.meals', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'elderly'), '长者助餐', 'Meals for seniors', '', NULL, 205);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('55350452-4945-57b7-93f4-ff734fcf1946', 'category', 'labour.registration', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'labour'), '就业登记', 'Employment registration', '', NULL, 301);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('837df486-e889-5be3-82e1-e5b828e21225', 'category', 'labour.training', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'labour'), '职业培训', 'Vocational training', '', NULL, 302);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('f9ac2801-7be1-5fb5-9c0a-556c90a63203', 'category', 'labour.job_referral', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'labour'), '职业介绍', 'Job referral', '', NULL, 303);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('f2811943-e1a2-501d-8875-7719b876c221', 'category', 'labour.social_insurance', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'labour'), '社会保险', 'Social insurance', '', NULL, 304);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('ceb25c89-a0fc-594f-9940-53918a51eb52', 'category', 'labour.retirees', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'labour'), '退休人员服务', 'Retiree services', '', NULL, 305);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('b5790243-56b5-5a42-a6f5-7526d7b1822e', 'category', 'safety.police', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'safety'), '社区警务室', 'Community police office', '', NULL, 401);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('75701142-8119-5569-9896-f4d1baa354fb', 'category', 'safety.mediation', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'safety'), '人民调解', 'People''s mediation', '', NULL, 402);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('54bb2ca5-1b33-5c5c-90e0-a76502f467e5', 'category', 'safety.legal_aid', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'safety'), '法律援助', 'Legal aid', '', NULL, 403);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('6857f018-19bb-5d20-8a44-4bda3f500abb', 'category', 'safety.rental_housing', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'safety'), '出租屋管理', 'Rental housing management', '', NULL, 404);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('88eff464-c998-59f1-8ecd-db28c412ac7c', 'category', 'safety.correction', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'safety'), '社区矫正帮教', 'Community correction support', '', NULL, 405);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('35e246a7-41e2-5b9f-bc58-5612a3cbd3a8', 'category', 'health.primary_care', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'health'), '基本医疗', 'Primary care', '', NULL, 501);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('0a75a847-6e3c-52fd-9648-b6e32b099dde', 'category', 'health.chronic', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'health'), '慢病管理', 'Chronic disease management', '', NULL, 502);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('5561bae9-2d77-5aa1-88ff-d9762e7103ca', 'category', 'health.prevention', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'health'), '预防接种', 'Vaccination and prevention', '', NULL, 503);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('050e9377-a770-54b3-b9fb-a048df845786', 'category', 'health.rehabilitation', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'health'), '康复服务', 'Rehabilitation', '', NULL, 504);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('ceb45c7c-2439-5b85-95d8-8be4a3847cd2', 'category', 'health.records', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'health'), '健康档案', 'Health records', '', NULL, 505);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('1d1a8bf1-9cfb-561b-b0a0-fb829c1560ee', 'category', 'family.birth_registration', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'family'), '生育登记', 'Birth registration', '', NULL, 601);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('d2ccd929-3348-5fdf-a42d-11a4a9053143', 'category', 'family.reproductive_health', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'family'), '生殖健康', 'Reproductive health', '', NULL, 602);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('10def6e3-cbac-5e1d-9654-243d42befe47', 'category', 'family.maternal', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'family'), '孕产妇保健', 'Maternal care', '', NULL, 603);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('e9c50b4b-f01e-59ac-8423-6955823462e1', 'category', 'family.one_child_support', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'family'), '独生子女家庭扶助', 'Support for one-child families', '', NULL, 604);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('eca8e652-8666-5be2-b150-cbb24dece20e', 'category', 'culture.activities', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'culture'), '文体活动', 'Cultural and sports activities', '', NULL, 701);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('3b598803-bd9f-5ee4-8624-0764c3e915a6', 'category', 'culture.fitness', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'culture'), '全民健身', 'Public fitness', '', NULL, 702);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('330f355a-895d-54b4-879a-05491423a4be', 'category', 'culture.youth', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'culture'), '青少年校外教育', 'After-school education', '', NULL, 703);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('d4a59719-c9d0-5c2c-866b-554a884e925d', 'category', 'culture.senior_education', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'culture'), '老年教育', 'Senior education', '', NULL, 704);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('7c7c8ba6-ee0a-5e57-b7dd-74b84ccfdcb3', 'category', 'culture.science', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'culture'), '科普', 'Science outreach', '', NULL, 705);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('08bda70c-08f6-58fb-8506-e9d22f4a7cd7', 'category', 'culture.library', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'culture'), '社区图书馆', 'Community library', '', NULL, 706);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('95bcc3c9-a8b6-5883-a462-d91bb649d2c2', 'category', 'environment.green', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'environment'), '绿色社区', 'Green community', '', NULL, 801);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('deed9f2e-acd2-59ee-b651-04502e2e0fa2', 'category', 'environment.waste_sorting', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'environment'), '垃圾分类', 'Waste sorting', '', NULL, 802);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('7cfb7801-1a83-57cb-941a-2bdddc964a75', 'category', 'environment.sanitation', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'environment'), '环境卫生', 'Sanitation', '', NULL, 803);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('5ce70e0a-16d4-5f43-8f07-a6e1287cea9e', 'category', 'information.digital_skills', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'information'), '数字技能培训', 'Digital skills training', '', NULL, 901);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('99a01ecc-798b-5829-915b-b232a2e4411b', 'category', 'information.public_internet', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'information'), '公共上网', 'Public internet access', '', NULL, 902);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('1e3ddfbf-d8d1-5ebc-acb2-b427865db4aa', 'category', 'information.online_services', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'information'), '网上办事指导', 'Help with online services', '', NULL, 903);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('fbf03da6-44ad-5ff9-a0e6-0d0ebc080f2d', 'category', 'mutual_aid.neighbourhood', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'mutual_aid'), '邻里互助', 'Neighbourhood help', '', NULL, 1001);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('37e964a0-7d5b-507c-a761-41752a2530a1', 'category', 'mutual_aid.time_bank', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'mutual_aid'), '时间银行', 'Time bank', '', NULL, 1002);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('9eb49775-329f-58b6-8bb4-5c9dd720ddd5', 'category', 'mutual_aid.interest_groups', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'mutual_aid'), '兴趣小组', 'Interest groups', '', NULL, 1003);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('1607ebc6-d68f-5934-a0ec-be73992317de', 'category', 'volunteer.registration', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'volunteer'), '义工注册', 'Volunteer registration', '', NULL, 1101);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('997c0c74-67e4-559c-ac5e-45b506183cd3', 'category', 'volunteer.social_work', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'volunteer'), '社工服务', 'Social work services', '', NULL, 1102);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('0ffcb7a2-4838-5bbe-a726-c0a50b18431e', 'category', 'social_org.incubation', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'social_org'), '社会组织孵化', 'Incubation of organisations', '', NULL, 1201);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('01734c31-37be-5584-b057-60cda6e97d30', 'category', 'social_org.filing', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'social_org'), '社会组织备案', 'Filing of organisations', '', NULL, 1202);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('f3cd6a4d-d944-5e1b-9758-00bd0a573fce', 'category', 'market.housekeeping', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'market'), '家政服务', 'Housekeeping', '', NULL, 1301);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('98467e89-bb30-5cb6-b4f5-84f16e5a2e23', 'category', 'market.catering', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'market'), '社区餐饮', 'Community catering', '', NULL, 1302);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('ddd63f9a-5d4d-56df-ac4c-6f0d5daa2d9f', 'category', 'market.shopping', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'market'), '便民购物', 'Shopping', '', NULL, 1303);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('96adb7bb-d9b8-56f6-9575-d62bf1bd1716', 'category', 'market.repair', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'market'), '维修服务', 'Repairs', '', NULL, 1304);
INSERT INTO dir_terms (uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en, sort_order) VALUES
    ('62844064-ed24-5aa1-a288-241bce66422c', 'category', 'market.agency', (SELECT p.id FROM dir_terms p WHERE p.taxonomy = 'category' AND p.code = 'market'), '中介代办', 'Agencies and errands', '', NULL, 1305);

-- Everyday words people type, mapped to the words the directory uses.
INSERT INTO dir_synonyms (term, synonym) VALUES
    ('老人', '老年人'),
    ('老人', '长者'),
    ('长者', '老年人'),
    ('老年人', '长者'),
    ('养老', '为老'),
    ('残疾', '残障'),
    ('残障', '残疾'),
    ('残疾人', '残障人士'),
    ('低保', '最低生活保障'),
    ('最低生活保障', '低保'),
    ('家政', '保洁'),
    ('保洁', '家政'),
    ('保姆', '家政'),
    ('钟点工', '家政'),
    ('看病', '医疗'),
    ('看病', '门诊'),
    ('医院', '健康服务中心'),
    ('社康', '社区健康服务中心'),
    ('找工作', '就业'),
    ('找工作', '职业介绍'),
    ('失业', '就业'),
    ('义工', '志愿者'),
    ('志愿者', '义工'),
    ('打疫苗', '预防接种'),
    ('疫苗', '预防接种'),
    ('律师', '法律援助'),
    ('打官司', '法律援助'),
    ('吵架', '调解'),
    ('纠纷', '调解'),
    ('垃圾', '垃圾分类'),
    ('上网', 'wifi'),
    ('wifi', '上网'),
    ('小孩', '儿童'),
    ('孩子', '儿童'),
    ('孩子', '青少年'),
    ('吃饭', '助餐'),
    ('饭堂', '助餐'),
    ('食堂', '助餐'),
    ('跳舞', '文体活动'),
    ('健身', '全民健身'),
    ('手机', '智能手机'),
    ('电脑', '数字技能'),
    ('社保', '社会保险'),
    ('医保', '医疗保险'),
    ('租房', '出租屋'),
    ('退休', '退休人员'),
    ('派出所', '警务室'),
    ('警察', '警务室');
