//! SQL of feedback: the catalogue, cases, their timeline, answers, photos and supports.
use sqlx::{Any, AnyConnection, Executor};

use crate::{Db, accounts::PersonName, db::Sql, lang::Lang, phrase::Phrase};

// ---- catalogue ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub group_code: String,
    pub keywords: String,
    pub department_id: i64,
    pub department_code: String,
    pub department_zh: String,
    pub department_en: Option<String>,
    pub accept_days: i64,
    pub answer_days: i64,
    pub updated_at: i64,
}

const CATEGORY_SELECT: &str = "SELECT c.id, c.code, c.name_zh, c.name_en, c.description_zh, c.description_en, \
     c.group_code, c.keywords, c.department_id, d.code AS department_code, d.name_zh AS department_zh, \
     d.name_en AS department_en, c.accept_days, c.answer_days, c.updated_at \
     FROM feedback_categories c JOIN departments d ON d.id = c.department_id";

pub async fn categories(db: &Db) -> Result<Vec<CategoryRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CATEGORY_SELECT} WHERE c.active = 1 ORDER BY c.sort_order, c.code"
    ))
    .fetch_all(db.pool())
    .await
}

pub async fn category_by_code(db: &Db, code: &str) -> Result<Option<CategoryRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CATEGORY_SELECT} WHERE c.code = $1 AND c.active = 1"
    ))
    .bind(code)
    .fetch_optional(db.pool())
    .await
}

pub async fn category_by_id(db: &Db, id: i64) -> Result<Option<CategoryRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CATEGORY_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub category_id: i64,
    pub code: String,
    pub datatype: String,
    pub variable: i64,
    pub required: i64,
    pub sort_order: i64,
    pub text_zh: String,
    pub text_en: Option<String>,
    pub hint_zh: String,
    pub hint_en: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ValueRow {
    pub question_id: i64,
    pub key: String,
    pub name_zh: String,
    pub name_en: Option<String>,
}

/// Questions of some categories (all when `category` is `None`), in order.
pub async fn questions(
    db: &Db,
    category: Option<i64>,
) -> Result<(Vec<QuestionRow>, Vec<ValueRow>), sqlx::Error> {
    let filter = category.map_or(String::new(), |id| format!(" WHERE q.category_id = {id}"));
    let qs: Vec<QuestionRow> = sqlx::query_as(&format!(
        "SELECT q.id, q.category_id, q.code, q.datatype, q.variable, q.required, q.sort_order, \
         q.text_zh, q.text_en, q.hint_zh, q.hint_en FROM feedback_questions q{filter} \
         ORDER BY q.category_id, q.sort_order"
    ))
    .fetch_all(db.pool())
    .await?;
    let vs: Vec<ValueRow> = sqlx::query_as(&format!(
        "SELECT v.question_id, v.key, v.name_zh, v.name_en FROM feedback_question_values v \
         JOIN feedback_questions q ON q.id = v.question_id{filter} ORDER BY v.question_id, v.sort_order, v.key"
    ))
    .fetch_all(db.pool())
    .await?;
    Ok((qs, vs))
}

/// The newest change to the catalogue (for Open311's `changeset`).
pub async fn catalogue_changed_at(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) FROM feedback_categories",
    )
    .fetch_one(db.pool())
    .await
}

// ---- cases ----

/// A case to insert.
pub struct NewCaseRow<'a> {
    pub tracking_code: &'a str,
    pub kind: &'a str,
    pub category_id: i64,
    pub region_id: i64,
    pub needs_placement: bool,
    pub place: &'a str,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub title: &'a str,
    pub description: &'a str,
    pub privacy: &'a str,
    pub submitter_id: Option<i64>,
    /// A family proxy who filed for the submitter.
    pub filed_by: Option<i64>,
    pub contact_name: Option<&'a str>,
    pub contact_phone: Option<&'a str>,
    pub channel: &'a str,
    pub accept_due: &'a str,
    pub created_on: &'a str,
    pub now: i64,
}

pub async fn insert_case(conn: &mut AnyConnection, c: &NewCaseRow<'_>) -> Result<i64, sqlx::Error> {
    // Coordinates are bound only when present (`NULL` in the text otherwise): on PostgreSQL a
    // statement first prepared with a NULL there and then reused from the connection's cache
    // with a number failed with "incorrect binary data format in bind parameter" (22P03).
    let coords = match (c.lat, c.lng) {
        (Some(_), Some(_)) => "$18, $19",
        _ => "NULL, NULL",
    };
    let sql = format!(
        "INSERT INTO feedback_cases (tracking_code, kind, category_id, region_id, place, title, \
         description, privacy, submitter_id, contact_name, contact_phone, channel, status, due_date, \
         accept_due, created_on, created_at, updated_at, needs_placement, filed_by, lat, lng) VALUES ($1, \
         $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'submitted', $13, $13, $14, $15, $15, $16, $17, \
         {coords}) \
         RETURNING id"
    );
    let mut q = sqlx::query_scalar(&sql)
        .bind(c.tracking_code)
        .bind(c.kind)
        .bind(c.category_id)
        .bind(c.region_id)
        .bind(c.place)
        .bind(c.title)
        .bind(c.description)
        .bind(c.privacy)
        .bind(c.submitter_id)
        .bind(c.contact_name)
        .bind(c.contact_phone)
        .bind(c.channel)
        .bind(c.accept_due)
        .bind(c.created_on)
        .bind(c.now)
        .bind(i64::from(c.needs_placement))
        .bind(c.filed_by);
    if let (Some(lat), Some(lng)) = (c.lat, c.lng) {
        q = q.bind(lat).bind(lng);
    }
    q.fetch_one(conn).await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub tracking_code: String,
    pub kind: String,
    pub category_id: i64,
    pub category_code: String,
    pub category_zh: String,
    pub category_en: Option<String>,
    pub accept_days: i64,
    pub answer_days: i64,
    pub category_department_id: i64,
    pub region_id: i64,
    pub region_code: String,
    pub region_zh: String,
    pub region_en: Option<String>,
    pub place: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub title: String,
    pub description: String,
    pub privacy: String,
    pub submitter_id: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub submitter_name: Option<PersonName>,
    pub submitter_phone: Option<String>,
    pub channel: String,
    pub status: String,
    pub department_id: Option<i64>,
    pub department_code: Option<String>,
    pub department_zh: Option<String>,
    pub department_en: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<PersonName>,
    pub due_date: Option<String>,
    pub accept_due: String,
    pub answer_due: Option<String>,
    pub escalation_level: i64,
    pub reminded_on: Option<String>,
    pub first_response_at: Option<i64>,
    pub answered_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub rated_at: Option<i64>,
    pub reopen_count: i64,
    pub support_count: i64,
    pub merged_into_id: Option<i64>,
    pub hidden: i64,
    /// Why it is hidden: staff's words, or Linli's own (residents' flags) with the English in
    /// `hidden_reason_en`.
    pub hidden_reason: Option<String>,
    pub hidden_reason_en: Option<String>,
    /// A photo link sent by an Open311 client.
    pub media_url: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// 1: an Open311 request waiting in the triage queue of its district (or the city).
    pub needs_placement: i64,
    /// The family proxy who filed the case for its submitter.
    pub filed_by: Option<i64>,
}

impl CaseRow {
    /// The name to show for the submitter: what they typed, else their account name.
    pub fn contact_name(&self) -> Option<String> {
        self.contact_name
            .clone()
            .or_else(|| self.submitter_name.as_ref().map(PersonName::shown))
    }

    pub fn contact_phone(&self) -> Option<&str> {
        self.contact_phone
            .as_deref()
            .or(self.submitter_phone.as_deref())
    }
}

const CASE_SELECT: &str = "SELECT c.id, c.tracking_code, c.kind, c.category_id, cat.code AS category_code, \
     cat.name_zh AS category_zh, cat.name_en AS category_en, cat.accept_days, cat.answer_days, \
     cat.department_id AS category_department_id, c.region_id, r.code AS region_code, r.name_zh AS region_zh, \
     r.name_en AS region_en, c.place, c.lat, c.lng, c.title, c.description, c.privacy, c.submitter_id, \
     c.contact_name, c.contact_phone, u.display_name AS submitter_name, u.phone AS submitter_phone, \
     c.channel, c.status, c.department_id, d.code AS department_code, d.name_zh AS department_zh, \
     d.name_en AS department_en, c.assignee_id, a.display_name AS assignee_name, c.due_date, c.accept_due, \
     c.answer_due, c.escalation_level, c.reminded_on, c.first_response_at, c.answered_at, c.closed_at, \
     c.rating, c.rating_comment, c.rated_at, c.reopen_count, c.support_count, c.merged_into_id, c.hidden, \
     c.hidden_reason, c.hidden_reason_en, c.media_url, c.created_at, c.updated_at, c.needs_placement, c.filed_by \
     FROM feedback_cases c JOIN feedback_categories cat ON cat.id = c.category_id \
     JOIN regions r ON r.id = c.region_id LEFT JOIN users u ON u.id = c.submitter_id \
     LEFT JOIN departments d ON d.id = c.department_id LEFT JOIN users a ON a.id = c.assignee_id";

/// The cases of several tracking codes (codes without a case are absent).
pub async fn cases_by_codes(db: &Db, codes: &[String]) -> Result<Vec<CaseRow>, sqlx::Error> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "{CASE_SELECT} WHERE c.tracking_code IN ({})",
        marks.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for code in codes {
        query = query.bind(code.as_str());
    }
    query.fetch_all(db.pool()).await
}

pub async fn case_by_id<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<CaseRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CASE_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Records which Open311 client filed a case and the photo link it sent with it.
pub async fn set_open311_origin(
    db: &Db,
    id: i64,
    client_id: i64,
    media_url: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE feedback_cases SET open311_client_id = $2, media_url = $3 WHERE id = $1")
        .bind(id)
        .bind(client_id)
        .bind(media_url)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Cases matching a condition on `c` (built by the caller from trusted parts), newest first.
pub async fn cases_where(
    db: &Db,
    condition: &str,
    args: &[String],
    limit: u32,
) -> Result<Vec<CaseRow>, sqlx::Error> {
    let sql = format!("{CASE_SELECT} WHERE {condition} ORDER BY c.id DESC LIMIT {limit}");
    let mut q = sqlx::query_as::<_, CaseRow>(&sql);
    for a in args {
        q = q.bind(a);
    }
    q.fetch_all(db.pool()).await
}

/// A page of cases for lists: the ids are chosen from the case table alone (so the planner
/// picks an index for the filter and the order, not for the joins), then the rows are joined.
pub async fn page_where(db: &Db, filter: &Sql, limit: u32) -> Result<Vec<CaseRow>, sqlx::Error> {
    let mut sql = Sql::new(&format!(
        "{CASE_SELECT} WHERE c.id IN (SELECT c.id FROM feedback_cases c WHERE "
    ));
    sql.append(filter).push(&format!(
        " ORDER BY c.id DESC LIMIT {limit}) ORDER BY c.id DESC"
    ));
    sql.query_as().fetch_all(db.pool()).await
}

/// Like [`cases_where`], one page further down (`OFFSET`), for Open311's `page`.
pub async fn cases_where_page(
    db: &Db,
    condition: &str,
    limit: u32,
    offset: u64,
) -> Result<Vec<CaseRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CASE_SELECT} WHERE {condition} ORDER BY c.id DESC LIMIT {limit} OFFSET {offset}"
    ))
    .fetch_all(db.pool())
    .await
}

// ---- timeline ----

pub struct NewEvent<'a> {
    pub case_id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub kind: &'a str,
    pub public: bool,
    pub status_after: &'a str,
    /// What a person wrote with the step (a reply, a reason, a comment).
    pub body: &'a str,
    pub department_id: Option<i64>,
    /// The server's own sentence about the step, rendered for each reader.
    pub text: Option<&'a Phrase>,
}

pub async fn insert_event(conn: &mut AnyConnection, e: &NewEvent<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO feedback_events (case_id, at, actor_id, kind, public, status_after, body, department_id, text_code, text_params) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(e.case_id)
    .bind(e.at)
    .bind(e.actor_id)
    .bind(e.kind)
    .bind(i64::from(e.public))
    .bind(e.status_after)
    .bind(e.body)
    .bind(e.department_id)
    .bind(e.text.map(|t| t.code))
    .bind(e.text.and_then(Phrase::params_json))
    .execute(conn)
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<PersonName>,
    pub kind: String,
    pub public: i64,
    pub status_after: String,
    pub body: String,
    pub department_code: Option<String>,
    pub department_zh: Option<String>,
    pub department_en: Option<String>,
    pub text_code: Option<String>,
    pub text_params: Option<String>,
}

impl EventRow {
    /// The entry's text in a language: the server's sentence with what the person wrote, or
    /// what the person wrote alone.
    pub fn text(&self, lang: Lang) -> String {
        let Some(code) = &self.text_code else {
            return self.body.clone();
        };
        let department = match lang {
            Lang::En => self
                .department_en
                .clone()
                .or_else(|| self.department_zh.clone()),
            Lang::Zh => self.department_zh.clone(),
        };
        let known = [
            ("body", self.body.clone()),
            ("department", department.unwrap_or_default()),
        ];
        crate::phrase::render(code, self.text_params.as_deref(), &known, lang)
    }
}

pub async fn events(
    db: &Db,
    case_id: i64,
    public_only: bool,
) -> Result<Vec<EventRow>, sqlx::Error> {
    let filter = if public_only { " AND e.public = 1" } else { "" };
    sqlx::query_as(&format!(
        "SELECT e.id, e.at, e.actor_id, u.display_name AS actor_name, e.kind, e.public, e.status_after, e.body, \
         d.code AS department_code, d.name_zh AS department_zh, d.name_en AS department_en, \
         e.text_code, e.text_params \
         FROM feedback_events e LEFT JOIN users u ON u.id = e.actor_id \
         LEFT JOIN departments d ON d.id = e.department_id WHERE e.case_id = $1{filter} ORDER BY e.id"
    ))
    .bind(case_id)
    .fetch_all(db.pool())
    .await
}

// ---- answers, photos, supports ----

pub async fn insert_answer(
    conn: &mut AnyConnection,
    case_id: i64,
    question_id: i64,
    position: i64,
    value: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO feedback_answers (case_id, question_id, position, value) VALUES ($1, $2, $3, $4)")
        .bind(case_id)
        .bind(question_id)
        .bind(position)
        .bind(value)
        .execute(conn)
        .await
        .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnswerRow {
    pub code: String,
    pub text_zh: String,
    pub text_en: Option<String>,
    pub datatype: String,
    pub value: String,
    pub value_zh: Option<String>,
    pub value_en: Option<String>,
}

pub async fn answers(db: &Db, case_id: i64) -> Result<Vec<AnswerRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT q.code, q.text_zh, q.text_en, q.datatype, a.value, v.name_zh AS value_zh, v.name_en AS value_en \
         FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id \
         LEFT JOIN feedback_question_values v ON v.question_id = a.question_id AND v.key = a.value \
         WHERE a.case_id = $1 ORDER BY q.sort_order, a.position",
    )
    .bind(case_id)
    .fetch_all(db.pool())
    .await
}

pub async fn insert_photo(
    conn: &mut AnyConnection,
    case_id: i64,
    position: i64,
    file_name: &str,
    content_type: &str,
    bytes: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO feedback_photos (case_id, position, file_name, content_type, bytes, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case_id)
    .bind(position)
    .bind(file_name)
    .bind(content_type)
    .bind(bytes)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub position: i64,
    pub file_name: String,
    pub content_type: String,
}

/// The accounts that supported a case, other than its submitter.
pub async fn supporter_accounts(
    conn: &mut AnyConnection,
    case_id: i64,
    submitter: Option<i64>,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT user_id FROM feedback_supports WHERE case_id = $1 AND user_id IS NOT NULL \
         AND user_id <> $2 ORDER BY user_id",
    )
    .bind(case_id)
    .bind(submitter.unwrap_or(0))
    .fetch_all(conn)
    .await
}

pub async fn photos(db: &Db, case_id: i64) -> Result<Vec<PhotoRow>, sqlx::Error> {
    sqlx::query_as("SELECT position, file_name, content_type FROM feedback_photos WHERE case_id = $1 ORDER BY position")
        .bind(case_id)
        .fetch_all(db.pool())
        .await
}

/// Adds one support (`user_id`: the supporter's account, told of the case's progress); false
/// when this supporter had already supported the case.
pub async fn add_support(
    conn: &mut AnyConnection,
    case_id: i64,
    supporter: &str,
    user_id: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO feedback_supports (case_id, supporter, created_at, user_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (case_id, supporter) DO NOTHING",
    )
    .bind(case_id)
    .bind(supporter)
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if inserted {
        sqlx::query("UPDATE feedback_cases SET support_count = support_count + 1 WHERE id = $1")
            .bind(case_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(inserted)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CandidateRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub place: String,
    pub status: String,
    pub support_count: i64,
    pub created_at: i64,
}

/// Open, visible cases of a category in a community: the pool for duplicate hints.
pub async fn open_candidates(
    db: &Db,
    category_id: i64,
    region_id: i64,
) -> Result<Vec<CandidateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, description, place, status, support_count, created_at FROM feedback_cases \
         WHERE region_id = $1 AND category_id = $2 AND status IN ('submitted', 'accepted', 'assigned', 'in_progress') \
         AND hidden = 0 ORDER BY id DESC LIMIT 300",
    )
    .bind(region_id)
    .bind(category_id)
    .fetch_all(db.pool())
    .await
}

/// Ids of the cases merged into `id`.
pub async fn merged_into(db: &Db, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM feedback_cases WHERE merged_into_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(db.pool())
        .await
}

/// The ids of every region within the given roots (themselves included).
pub async fn descendants(db: &Db, roots: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_scalar(&format!(
        "SELECT DISTINCT descendant_id FROM region_closure WHERE ancestor_id IN ({}) ORDER BY descendant_id",
        crate::db::id_list(roots)
    ))
    .fetch_all(db.pool())
    .await
}

/// The ancestor of a region at a level (`subdistrict`, `district`).
pub async fn ancestor_at(db: &Db, region_id: i64, level: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT r.id FROM region_closure rc JOIN regions r ON r.id = rc.ancestor_id \
         WHERE rc.descendant_id = $1 AND r.level = $2",
    )
    .bind(region_id)
    .bind(level)
    .fetch_optional(db.pool())
    .await
}

/// Users holding one of `roles` exactly at `region_id` (and, for handlers, the department).
pub async fn staff_at(
    db: &Db,
    roles: &[&str],
    region_ids: &[i64],
    department_id: Option<i64>,
) -> Result<Vec<i64>, sqlx::Error> {
    if region_ids.is_empty() || roles.is_empty() {
        return Ok(Vec::new());
    }
    let roles = roles
        .iter()
        .map(|r| format!("'{r}'"))
        .collect::<Vec<_>>()
        .join(",");
    let dept = department_id.map_or(String::new(), |d| format!(" AND g.department_id = {d}"));
    sqlx::query_scalar(&format!(
        "SELECT DISTINCT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE u.status = 'active' AND g.role IN ({roles}) AND g.region_id IN ({}){dept} ORDER BY g.user_id",
        crate::db::id_list(region_ids)
    ))
    .fetch_all(db.pool())
    .await
}

/// Regions on the path from the city down to `region_id`.
pub async fn ancestors(db: &Db, region_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT ancestor_id FROM region_closure WHERE descendant_id = $1 ORDER BY depth DESC",
    )
    .bind(region_id)
    .fetch_all(db.pool())
    .await
}

/// Open cases past their deadline on `today` (`due_date` is NULL once a case is answered or
/// closed). For the metrics.
pub async fn overdue_count(db: &Db, today: jiff::civil::Date) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM feedback_cases WHERE due_date < $1")
        .bind(today.to_string())
        .fetch_one(db.pool())
        .await
}
