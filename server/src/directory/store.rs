//! SQL that reads the directory: taxonomy, services with their children, locations, hours.
use std::collections::{BTreeMap, HashMap};

use app::api::{Text, accounts::RegionRef, directory as json};
use jiff::civil::Date;
use sqlx::{Any, Executor};

use super::hours::{self, Exception, Hours, Window};
use crate::{Db, db::Sql};

/// A record unverified for this long is flagged for review.
pub const STALE_AFTER_SECS: i64 = 180 * 24 * 3600;

pub fn needs_review(last_verified_at: Option<i64>, now: i64) -> bool {
    last_verified_at.is_none_or(|t| now - t > STALE_AFTER_SECS)
}

pub fn text(zh: impl Into<String>, en: Option<String>) -> Text {
    Text::new(zh, en)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TermRow {
    pub id: i64,
    pub uid: String,
    pub taxonomy: String,
    pub code: String,
    pub parent_id: Option<i64>,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
}

impl TermRow {
    pub fn name(&self) -> Text {
        text(&self.name_zh, self.name_en.clone())
    }
}

/// Both taxonomies, in display order.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub terms: Vec<TermRow>,
}

impl Taxonomy {
    pub async fn load(db: &Db) -> Result<Self, sqlx::Error> {
        let terms = sqlx::query_as(
            "SELECT id, uid, taxonomy, code, parent_id, name_zh, name_en, description_zh, description_en \
             FROM dir_terms ORDER BY taxonomy, sort_order, id",
        )
        .fetch_all(db.pool())
        .await?;
        Ok(Self { terms })
    }

    pub fn find(&self, taxonomy: &str, code: &str) -> Option<&TermRow> {
        self.terms
            .iter()
            .find(|t| t.taxonomy == taxonomy && t.code == code)
    }

    pub fn by_id(&self, id: i64) -> Option<&TermRow> {
        self.terms.iter().find(|t| t.id == id)
    }

    pub fn parent_code(&self, term: &TermRow) -> Option<String> {
        term.parent_id
            .and_then(|p| self.by_id(p))
            .map(|p| p.code.clone())
    }

    /// A category and its sub-categories.
    pub fn with_children(&self, term: &TermRow) -> Vec<i64> {
        std::iter::once(term.id)
            .chain(
                self.terms
                    .iter()
                    .filter(|t| t.parent_id == Some(term.id))
                    .map(|t| t.id),
            )
            .collect()
    }

    pub fn wire(&self, term: &TermRow) -> json::Term {
        json::Term {
            code: term.code.clone(),
            name: term.name(),
            parent: self.parent_code(term),
        }
    }

    pub fn of(&self, taxonomy: &'static str) -> impl Iterator<Item = &TermRow> {
        self.terms.iter().filter(move |t| t.taxonomy == taxonomy)
    }
}

/// Term ids of services, in taxonomy order.
pub async fn terms_of(db: &Db, service_ids: &[i64]) -> Result<HashMap<i64, Vec<i64>>, sqlx::Error> {
    let mut map: HashMap<i64, Vec<i64>> = HashMap::new();
    if service_ids.is_empty() {
        return Ok(map);
    }
    let mut sql = Sql::new(
        "SELECT st.service_id, st.term_id FROM dir_service_terms st JOIN dir_terms t ON t.id = st.term_id \
         WHERE st.service_id IN ",
    );
    sql.bind_list(service_ids)
        .push(" ORDER BY st.service_id, t.sort_order");
    let rows: Vec<(i64, i64)> = sql.query_as().fetch_all(db.pool()).await?;
    for (service, term) in rows {
        map.entry(service).or_default().push(term);
    }
    Ok(map)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRecord {
    pub id: i64,
    pub uid: String,
    pub organization_id: i64,
    pub organization_name_zh: String,
    pub organization_name_en: Option<String>,
    pub region_id: i64,
    pub region_code: String,
    pub region_name_zh: String,
    pub region_name_en: Option<String>,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub alternate_name_zh: Option<String>,
    pub alternate_name_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub status: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub eligibility_zh: String,
    pub eligibility_en: Option<String>,
    pub process_zh: String,
    pub process_en: Option<String>,
    pub time_limit_zh: String,
    pub time_limit_en: Option<String>,
    pub fees_zh: String,
    pub fees_en: Option<String>,
    pub fees_basis_zh: String,
    pub fees_basis_en: Option<String>,
    pub is_free: i64,
    pub visits_needed: Option<i64>,
    pub minimum_age: Option<i64>,
    pub maximum_age: Option<i64>,
    pub alert_zh: Option<String>,
    pub alert_en: Option<String>,
    pub last_verified_at: Option<i64>,
    pub last_verified_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ServiceRecord {
    pub fn region_ref(&self) -> RegionRef {
        RegionRef {
            code: self.region_code.clone(),
            name: text(&self.region_name_zh, self.region_name_en.clone()),
        }
    }

    pub fn status(&self) -> json::ServiceStatus {
        json::ServiceStatus::parse(&self.status).unwrap_or(json::ServiceStatus::Inactive)
    }
}

pub const SERVICE_SELECT: &str = "SELECT s.id, s.uid, s.organization_id, o.name_zh AS organization_name_zh, \
     o.name_en AS organization_name_en, s.region_id, r.code AS region_code, r.name_zh AS region_name_zh, \
     r.name_en AS region_name_en, s.name_zh, s.name_en, s.alternate_name_zh, s.alternate_name_en, \
     s.description_zh, s.description_en, s.status, s.url, s.email, s.eligibility_zh, s.eligibility_en, \
     s.process_zh, s.process_en, s.time_limit_zh, s.time_limit_en, s.fees_zh, s.fees_en, s.fees_basis_zh, \
     s.fees_basis_en, s.is_free, s.visits_needed, s.minimum_age, s.maximum_age, s.alert_zh, s.alert_en, \
     s.last_verified_at, s.last_verified_by, s.created_at, s.updated_at \
     FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id \
     JOIN regions r ON r.id = s.region_id";

pub async fn service<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<ServiceRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{SERVICE_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn service_by_uid(db: &Db, uid: &str) -> Result<Option<ServiceRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{SERVICE_SELECT} WHERE s.uid = $1"))
        .bind(uid)
        .fetch_optional(db.pool())
        .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LocationRecord {
    pub id: i64,
    pub uid: String,
    pub organization_id: i64,
    pub region_id: i64,
    pub region_code: String,
    pub region_name_zh: String,
    pub region_name_en: Option<String>,
    pub district_code: Option<String>,
    pub district_name_zh: Option<String>,
    pub district_name_en: Option<String>,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub address_zh: String,
    pub address_en: Option<String>,
    pub postal_code: String,
    pub transport_zh: String,
    pub transport_en: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub timezone: String,
    pub follows_workday_calendar: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl LocationRecord {
    pub fn region_ref(&self) -> RegionRef {
        RegionRef {
            code: self.region_code.clone(),
            name: text(&self.region_name_zh, self.region_name_en.clone()),
        }
    }

    pub fn district_ref(&self) -> Option<RegionRef> {
        Some(RegionRef {
            code: self.district_code.clone()?,
            name: text(
                self.district_name_zh.clone().unwrap_or_default(),
                self.district_name_en.clone(),
            ),
        })
    }

    pub fn summary(&self) -> json::LocationSummary {
        json::LocationSummary {
            id: self.id,
            name: text(&self.name_zh, self.name_en.clone()),
            address: text(&self.address_zh, self.address_en.clone()),
            region: self.region_ref(),
            district: self.district_ref(),
        }
    }
}

/// The district containing a region (itself when it is one), as a scalar subquery.
const DISTRICT_OF: &str = "(SELECT d.{col} FROM region_closure rc JOIN regions d ON d.id = rc.ancestor_id \
     WHERE rc.descendant_id = l.region_id AND d.level = 'district')";

pub fn location_select() -> String {
    let district = |col: &str| DISTRICT_OF.replace("{col}", col);
    format!(
        "SELECT l.id, l.uid, l.organization_id, l.region_id, r.code AS region_code, r.name_zh AS region_name_zh, \
         r.name_en AS region_name_en, {} AS district_code, {} AS district_name_zh, {} AS district_name_en, \
         l.name_zh, l.name_en, l.description_zh, l.description_en, l.address_zh, l.address_en, l.postal_code, \
         l.transport_zh, l.transport_en, l.latitude, l.longitude, l.timezone, l.follows_workday_calendar, \
         l.created_at, l.updated_at FROM dir_locations l JOIN regions r ON r.id = l.region_id",
        district("code"),
        district("name_zh"),
        district("name_en")
    )
}

/// The services with these ids, in no particular order.
pub async fn services_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<ServiceRecord>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(SERVICE_SELECT);
    sql.push(" WHERE s.id IN ").bind_list(ids);
    sql.query_as().fetch_all(db.pool()).await
}

pub async fn locations_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<LocationRecord>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&location_select());
    sql.push(" WHERE l.id IN ")
        .bind_list(ids)
        .push(" ORDER BY l.id");
    sql.query_as().fetch_all(db.pool()).await
}

/// Whether an organisation of the directory exists.
pub async fn organization_exists(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dir_organizations WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

pub async fn location<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<LocationRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{} WHERE l.id = $1", location_select()))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Locations of a service, in the order they were linked.
pub async fn service_location_ids(db: &Db, service_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT location_id FROM dir_service_locations WHERE service_id = $1 ORDER BY id",
    )
    .bind(service_id)
    .fetch_all(db.pool())
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct HoursRow {
    location_id: i64,
    weekday: i64,
    opens_at: i64,
    closes_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct ExceptionRow {
    location_id: i64,
    day: String,
    closed: i64,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    reason_zh: String,
    reason_en: Option<String>,
}

fn window(opens: i64, closes: i64) -> Option<Window> {
    Window::new(u16::try_from(opens).ok()?, u16::try_from(closes).ok()?).ok()
}

/// The hours of locations; exceptions only from `from` on (older ones never matter).
pub async fn hours_of(
    db: &Db,
    locations: &[(i64, bool)],
    from: Date,
) -> Result<HashMap<i64, Hours>, sqlx::Error> {
    let mut map = empty_hours(locations);
    if locations.is_empty() {
        return Ok(map);
    }
    let ids: Vec<i64> = locations.iter().map(|l| l.0).collect();
    let mut sql = Sql::new(
        "SELECT location_id, weekday, opens_at, closes_at FROM dir_hours WHERE location_id IN ",
    );
    sql.bind_list(&ids)
        .push(" ORDER BY location_id, weekday, opens_at");
    let rows: Vec<HoursRow> = sql.query_as().fetch_all(db.pool()).await?;
    let mut sql = Sql::new(
        "SELECT location_id, day, closed, opens_at, closes_at, reason_zh, reason_en \
         FROM dir_hours_exceptions WHERE location_id IN ",
    );
    sql.bind_list(&ids)
        .push(" AND day >= ")
        .bind(from.to_string())
        .push(" ORDER BY location_id, day, opens_at");
    let exceptions: Vec<ExceptionRow> = sql.query_as().fetch_all(db.pool()).await?;
    fill_hours(&mut map, rows, exceptions);
    Ok(map)
}

/// The hours of every location with its time zone (the search index's "open now"), in three
/// queries whatever the number of locations.
pub async fn all_hours(db: &Db, from: Date) -> Result<HashMap<i64, (String, Hours)>, sqlx::Error> {
    let locations: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT id, timezone, follows_workday_calendar FROM dir_locations")
            .fetch_all(db.pool())
            .await?;
    let follows: Vec<(i64, bool)> = locations.iter().map(|l| (l.0, l.2 == 1)).collect();
    let mut map = empty_hours(&follows);
    let rows: Vec<HoursRow> = sqlx::query_as(
        "SELECT location_id, weekday, opens_at, closes_at FROM dir_hours \
         ORDER BY location_id, weekday, opens_at",
    )
    .fetch_all(db.pool())
    .await?;
    let exceptions: Vec<ExceptionRow> = sqlx::query_as(
        "SELECT location_id, day, closed, opens_at, closes_at, reason_zh, reason_en \
         FROM dir_hours_exceptions WHERE day >= $1 ORDER BY location_id, day, opens_at",
    )
    .bind(from.to_string())
    .fetch_all(db.pool())
    .await?;
    fill_hours(&mut map, rows, exceptions);
    Ok(locations
        .into_iter()
        .filter_map(|(id, tz, _)| map.remove(&id).map(|h| (id, (tz, h))))
        .collect())
}

fn empty_hours(locations: &[(i64, bool)]) -> HashMap<i64, Hours> {
    locations
        .iter()
        .map(|&(id, follows)| {
            (
                id,
                Hours {
                    follows_workday_calendar: follows,
                    ..Hours::default()
                },
            )
        })
        .collect()
}

fn fill_hours(map: &mut HashMap<i64, Hours>, rows: Vec<HoursRow>, exceptions: Vec<ExceptionRow>) {
    for row in rows {
        let (Some(h), Some(w), Ok(day)) = (
            map.get_mut(&row.location_id),
            window(row.opens_at, row.closes_at),
            usize::try_from(row.weekday - 1),
        ) else {
            continue;
        };
        if let Some(list) = h.weekly.get_mut(day) {
            list.push(w);
        }
    }
    for row in exceptions {
        let (Some(h), Ok(date)) = (map.get_mut(&row.location_id), row.day.parse::<Date>()) else {
            continue;
        };
        let entry = h.exceptions.entry(date).or_insert_with(|| Exception {
            date,
            windows: Vec::new(),
            reason: text(&row.reason_zh, row.reason_en.clone()),
        });
        if row.closed == 1 {
            entry.windows.clear();
            entry.reason = text(&row.reason_zh, row.reason_en.clone());
        } else if let (Some(o), Some(c)) = (row.opens_at, row.closes_at)
            && let Some(w) = window(o, c)
        {
            entry.windows.push(w);
        }
    }
}

/// The wire form of a location's status at `now`.
pub fn open_status(
    hours: &Hours,
    now: jiff::Timestamp,
    tz_name: &str,
    calendar: &crate::calendar::WorkCalendar,
) -> json::OpenStatus {
    let tz = crate::time::tz(tz_name);
    let status = hours.status(now, &tz, calendar);
    json::OpenStatus {
        open_now: status.open_now,
        closes_at: status
            .closes_at
            .map(|t| crate::time::rfc3339_in(t.as_second(), &tz)),
        next_open: status
            .next_open
            .map(|t| crate::time::rfc3339_in(t.as_second(), &tz)),
        today: status.today.windows.iter().map(|w| w.label()).collect(),
        note: status.today.reason.note(),
    }
}

pub fn week(hours: &Hours) -> Vec<json::WeekdayHours> {
    hours
        .weekly
        .iter()
        .enumerate()
        .map(|(i, windows)| json::WeekdayHours {
            weekday: u8::try_from(i + 1).unwrap_or(1),
            windows: windows.iter().map(|w| w.label()).collect(),
        })
        .collect()
}

pub fn exceptions(hours: &Hours) -> Vec<json::HoursException> {
    hours
        .exceptions
        .values()
        .map(|e| json::HoursException {
            date: e.date.to_string(),
            closed: e.closed(),
            windows: e.windows.iter().map(|w| w.label()).collect(),
            reason: e.reason.clone(),
        })
        .collect()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhoneRow {
    pub id: i64,
    pub uid: String,
    pub service_id: Option<i64>,
    pub location_id: Option<i64>,
    pub kind: String,
    pub number: String,
    pub extension: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
}

impl PhoneRow {
    pub fn wire(&self) -> json::Phone {
        json::Phone {
            kind: json::PhoneKind::parse(&self.kind).unwrap_or(json::PhoneKind::Main),
            number: self.number.clone(),
            extension: self.extension.clone(),
            description: text(&self.description_zh, self.description_en.clone()),
        }
    }
}

const PHONE_SELECT: &str = "SELECT id, uid, service_id, location_id, kind, number, extension, description_zh, \
     description_en FROM dir_phones";

pub async fn phones_of_services(db: &Db, ids: &[i64]) -> Result<Vec<PhoneRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(PHONE_SELECT);
    sql.push(" WHERE service_id IN ")
        .bind_list(ids)
        .push(" ORDER BY sort_order, id");
    sql.query_as().fetch_all(db.pool()).await
}

pub async fn phones_of_locations(db: &Db, ids: &[i64]) -> Result<Vec<PhoneRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(PHONE_SELECT);
    sql.push(" WHERE location_id IN ")
        .bind_list(ids)
        .push(" ORDER BY sort_order, id");
    sql.query_as().fetch_all(db.pool()).await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccessibilityRow {
    pub uid: String,
    pub location_id: i64,
    pub feature: String,
    pub details_zh: String,
    pub details_en: Option<String>,
}

pub async fn accessibility_of(db: &Db, ids: &[i64]) -> Result<Vec<AccessibilityRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT uid, location_id, feature, details_zh, details_en FROM dir_accessibility WHERE location_id IN ",
    );
    sql.bind_list(ids).push(" ORDER BY id");
    sql.query_as().fetch_all(db.pool()).await
}

/// Children of one service that are lists of bilingual texts or small records.
#[derive(Debug, Clone, Default)]
pub struct ServiceChildren {
    pub documents: Vec<(String, String, Option<String>)>,
    pub costs: Vec<CostRow>,
    pub languages: Vec<(String, String)>,
    pub areas: Vec<AreaRow>,
    pub contacts: Vec<ContactRow>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CostRow {
    pub uid: String,
    pub option_zh: String,
    pub option_en: Option<String>,
    pub amount_fen: Option<i64>,
    pub amount_description_zh: String,
    pub amount_description_en: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AreaRow {
    pub uid: String,
    pub code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactRow {
    pub uid: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub department_zh: String,
    pub department_en: Option<String>,
    pub email: Option<String>,
}

pub async fn children(db: &Db, service_id: i64) -> Result<ServiceChildren, sqlx::Error> {
    let documents = sqlx::query_as(
        "SELECT uid, document_zh, document_en FROM dir_documents WHERE service_id = $1 ORDER BY sort_order, id",
    )
    .bind(service_id)
    .fetch_all(db.pool())
    .await?;
    let costs = sqlx::query_as(
        "SELECT uid, option_zh, option_en, amount_fen, amount_description_zh, amount_description_en \
         FROM dir_costs WHERE service_id = $1 ORDER BY sort_order, id",
    )
    .bind(service_id)
    .fetch_all(db.pool())
    .await?;
    let languages =
        sqlx::query_as("SELECT uid, code FROM dir_languages WHERE service_id = $1 ORDER BY id")
            .bind(service_id)
            .fetch_all(db.pool())
            .await?;
    let areas = sqlx::query_as(
        "SELECT a.uid, r.code, r.name_zh, r.name_en FROM dir_service_areas a JOIN regions r ON r.id = a.region_id \
         WHERE a.service_id = $1 ORDER BY r.sort_order, r.code",
    )
    .bind(service_id)
    .fetch_all(db.pool())
    .await?;
    let contacts = sqlx::query_as(
        "SELECT uid, name_zh, name_en, department_zh, department_en, email FROM dir_contacts \
         WHERE service_id = $1 ORDER BY sort_order, id",
    )
    .bind(service_id)
    .fetch_all(db.pool())
    .await?;
    Ok(ServiceChildren {
        documents,
        costs,
        languages,
        areas,
        contacts,
    })
}

/// Splits a multi-line text into its non-empty lines (process steps are stored this way).
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Steps of a process in both languages, paired by position.
pub fn steps(zh: &str, en: Option<&str>) -> Vec<Text> {
    let en_lines = en.map(lines).unwrap_or_default();
    lines(zh)
        .into_iter()
        .enumerate()
        .map(|(i, z)| text(z, en_lines.get(i).cloned()))
        .collect()
}

/// Counts of open suggestions per service.
pub async fn open_suggestions(
    db: &Db,
    service_ids: &[i64],
) -> Result<BTreeMap<i64, i64>, sqlx::Error> {
    if service_ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let mut sql = Sql::new(
        "SELECT service_id, CAST(COUNT(*) AS BIGINT) FROM dir_suggestions WHERE status = 'open' AND service_id IN ",
    );
    sql.bind_list(service_ids).push(" GROUP BY service_id");
    let rows: Vec<(i64, i64)> = sql.query_as().fetch_all(db.pool()).await?;
    Ok(rows.into_iter().collect())
}

pub fn today_in(tz: &str, now: jiff::Timestamp) -> Date {
    now.to_zoned_datetime(crate::time::tz(tz)).date()
}

/// The calendar-aware date used for exception loading: yesterday in the city, so a location
/// in a zone behind still sees its current date's exceptions.
pub fn exceptions_from(now: jiff::Timestamp) -> Date {
    let today = today_in(crate::time::DEFAULT_TZ, now);
    today.yesterday().unwrap_or(today)
}

pub use hours::Hours as LocationHours;
