//! SQL of venues: the venue rows, their spaces, rules, hours, exceptions, closures and
//! approvers. Bookings and the double-booking guarantee are in `ledger.rs`.
use app::api::booking::{CapacityMode, Feature, QuotaKind, Rules, hhmm};
use sqlx::{Any, AnyConnection, Executor};

use super::schedule::{ClosureSpan, Exception, Interval, WeeklyHours};
use crate::{Db, db::Sql};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VenueRow {
    pub id: i64,
    pub region_id: i64,
    pub parent_id: Option<i64>,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub venue_type: String,
    pub capacity: i64,
    pub owner_kind: String,
    pub owner_name_zh: String,
    pub owner_name_en: Option<String>,
    pub address_zh: String,
    pub address_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub time_zone: String,
    pub needs_owner_approval: i64,
    pub active: i64,
    pub community_code: String,
    pub community_zh: String,
    pub community_en: Option<String>,
    pub district_code: Option<String>,
    pub district_zh: Option<String>,
    pub district_en: Option<String>,
    pub capacity_mode: String,
    pub approval_required: i64,
}

pub const VENUE_SELECT: &str = "SELECT v.id, v.region_id, v.parent_id, v.name_zh, v.name_en, \
    v.venue_type, v.capacity, v.owner_kind, v.owner_name_zh, v.owner_name_en, v.address_zh, \
    v.address_en, v.description_zh, v.description_en, v.time_zone, v.needs_owner_approval, \
    v.active, c.code AS community_code, c.name_zh AS community_zh, c.name_en AS community_en, \
    d.code AS district_code, d.name_zh AS district_zh, d.name_en AS district_en, \
    vr.capacity_mode, vr.approval_required \
    FROM venues v JOIN regions c ON c.id = v.region_id JOIN venue_rules vr ON vr.venue_id = v.id \
    LEFT JOIN region_closure drc ON drc.descendant_id = v.region_id \
      AND drc.ancestor_id IN (SELECT id FROM regions WHERE level = 'district') \
    LEFT JOIN regions d ON d.id = drc.ancestor_id";

pub async fn venue<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<VenueRow>, sqlx::Error> {
    sqlx::query_as(&format!("{VENUE_SELECT} WHERE v.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Filters of the public list.
#[derive(Debug, Default)]
pub struct VenueFilter {
    pub region_id: Option<i64>,
    pub venue_type: Option<String>,
    pub features: Vec<Feature>,
    pub after: Option<i64>,
    pub limit: u32,
    /// Staff lists: only venues within these regions (and inactive ones too).
    pub scope_roots: Option<Vec<i64>>,
}

pub async fn list(db: &Db, f: &VenueFilter) -> Result<Vec<VenueRow>, sqlx::Error> {
    // The page is chosen from `venues` alone, then joined: PostgreSQL would otherwise join
    // every venue before sorting (3.7 ms at 300 venues, 0.5 ms this way; SQLite 0.2–0.4 ms
    // either way, by `EXPLAIN ANALYZE` and sqlite3's timer).
    let mut sql = Sql::new(VENUE_SELECT);
    sql.push(" WHERE v.id IN (SELECT v.id FROM venues v WHERE 1 = 1");
    match &f.scope_roots {
        Some(roots) => {
            sql.push(&format!(
                " AND v.region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id IN ({}))",
                crate::db::id_list(roots)
            ));
        }
        None => {
            sql.push(" AND v.active = 1");
        }
    }
    if let Some(r) = f.region_id {
        sql.push(
            " AND v.region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id = ",
        )
        .bind(r)
        .push(")");
    }
    if let Some(t) = &f.venue_type {
        sql.push(" AND v.venue_type = ").bind(t.as_str());
    }
    for feature in &f.features {
        sql.push(
            " AND EXISTS (SELECT 1 FROM venue_features f WHERE f.venue_id = v.id AND f.feature = ",
        )
        .bind(feature.as_str())
        .push(")");
    }
    if let Some(after) = f.after {
        sql.push(" AND v.id > ").bind(after);
    }
    sql.push(" ORDER BY v.id LIMIT ")
        .bind(i64::from(f.limit) + 1)
        .push(") ORDER BY v.id");
    sql.query_as().fetch_all(db.pool()).await
}

pub async fn features(db: &Db, venue_ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if venue_ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(&format!(
        "SELECT venue_id, feature FROM venue_features WHERE venue_id IN ({}) ORDER BY venue_id, feature",
        crate::db::id_list(venue_ids)
    ))
    .fetch_all(db.pool())
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub venue_id: i64,
    pub url: String,
    pub alt_zh: String,
    pub alt_en: Option<String>,
}

pub async fn photos(db: &Db, venue_ids: &[i64]) -> Result<Vec<PhotoRow>, sqlx::Error> {
    if venue_ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(&format!(
        "SELECT venue_id, url, alt_zh, alt_en FROM venue_photos WHERE venue_id IN ({}) ORDER BY venue_id, position",
        crate::db::id_list(venue_ids)
    ))
    .fetch_all(db.pool())
    .await
}

/// The parts of a venue: (id, name_zh, name_en).
pub async fn parts(
    db: &Db,
    venue_id: i64,
) -> Result<Vec<(i64, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name_zh, name_en FROM venues WHERE parent_id = $1 AND active = 1 ORDER BY id",
    )
    .bind(venue_id)
    .fetch_all(db.pool())
    .await
}

/// The spaces a venue occupies, ascending (the order claims are taken in).
pub async fn space_ids<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    venue_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT space_id FROM venue_spaces WHERE venue_id = $1 ORDER BY space_id")
        .bind(venue_id)
        .fetch_all(conn)
        .await
}

/// Venues that share a space with this one (itself included): a booking of any of them
/// blocks this one.
pub async fn overlapping_venues(db: &Db, venue_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT b.venue_id FROM venue_spaces a JOIN venue_spaces b ON b.space_id = a.space_id \
         WHERE a.venue_id = $1 ORDER BY b.venue_id",
    )
    .bind(venue_id)
    .fetch_all(db.pool())
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RulesRow {
    pub slot_minutes: i64,
    pub min_minutes: i64,
    pub max_minutes: i64,
    pub buffer_minutes: i64,
    pub min_advance_days: i64,
    pub max_advance_days: i64,
    pub release_minute: i64,
    pub quota_kind: String,
    pub quota_per_week: i64,
    pub cancel_deadline_minutes: i64,
    pub approval_required: i64,
    pub pending_holds_slot: i64,
    pub capacity_mode: String,
    pub hold_minutes: i64,
    pub checkin_required: i64,
    pub closed_on_holidays: i64,
    pub waitlist_offer_minutes: i64,
}

fn u(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

impl RulesRow {
    pub fn into_rules(self, capacity: i64) -> Rules {
        Rules {
            slot_minutes: u(self.slot_minutes),
            min_minutes: u(self.min_minutes),
            max_minutes: u(self.max_minutes),
            buffer_minutes: u(self.buffer_minutes),
            min_advance_days: u(self.min_advance_days),
            max_advance_days: u(self.max_advance_days),
            release_time: hhmm(u(self.release_minute)),
            quota_kind: QuotaKind::parse(&self.quota_kind).unwrap_or(QuotaKind::None),
            quota_per_week: u(self.quota_per_week),
            cancel_deadline_minutes: u(self.cancel_deadline_minutes),
            approval_required: self.approval_required == 1,
            pending_holds_slot: self.pending_holds_slot == 1,
            capacity_mode: CapacityMode::parse(&self.capacity_mode).unwrap_or(CapacityMode::Whole),
            capacity: u(capacity),
            hold_minutes: u(self.hold_minutes),
            checkin_required: self.checkin_required == 1,
            closed_on_holidays: self.closed_on_holidays == 1,
            waitlist_offer_minutes: u(self.waitlist_offer_minutes),
        }
    }
}

pub async fn rules<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    venue_id: i64,
) -> Result<Option<RulesRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT slot_minutes, min_minutes, max_minutes, buffer_minutes, min_advance_days, \
         max_advance_days, release_minute, quota_kind, quota_per_week, cancel_deadline_minutes, \
         approval_required, pending_holds_slot, capacity_mode, hold_minutes, checkin_required, \
         closed_on_holidays, waitlist_offer_minutes FROM venue_rules WHERE venue_id = $1",
    )
    .bind(venue_id)
    .fetch_optional(conn)
    .await
}

fn flag(b: bool) -> i64 {
    i64::from(b)
}

/// Inserts or replaces the rules of a venue (rules must be validated).
pub async fn upsert_rules(
    conn: &mut AnyConnection,
    venue_id: i64,
    r: &Rules,
    by: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let release = app::api::booking::parse_hhmm(&r.release_time).unwrap_or(0);
    sqlx::query(
        "INSERT INTO venue_rules (venue_id, slot_minutes, min_minutes, max_minutes, buffer_minutes, \
         min_advance_days, max_advance_days, release_minute, quota_kind, quota_per_week, \
         cancel_deadline_minutes, approval_required, pending_holds_slot, capacity_mode, \
         hold_minutes, checkin_required, closed_on_holidays, waitlist_offer_minutes, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) \
         ON CONFLICT (venue_id) DO UPDATE SET slot_minutes = excluded.slot_minutes, \
         min_minutes = excluded.min_minutes, max_minutes = excluded.max_minutes, \
         buffer_minutes = excluded.buffer_minutes, min_advance_days = excluded.min_advance_days, \
         max_advance_days = excluded.max_advance_days, release_minute = excluded.release_minute, \
         quota_kind = excluded.quota_kind, quota_per_week = excluded.quota_per_week, \
         cancel_deadline_minutes = excluded.cancel_deadline_minutes, \
         approval_required = excluded.approval_required, pending_holds_slot = excluded.pending_holds_slot, \
         capacity_mode = excluded.capacity_mode, hold_minutes = excluded.hold_minutes, \
         checkin_required = excluded.checkin_required, closed_on_holidays = excluded.closed_on_holidays, \
         waitlist_offer_minutes = excluded.waitlist_offer_minutes, updated_at = excluded.updated_at, \
         updated_by = excluded.updated_by",
    )
    .bind(venue_id)
    .bind(i64::from(r.slot_minutes))
    .bind(i64::from(r.min_minutes))
    .bind(i64::from(r.max_minutes))
    .bind(i64::from(r.buffer_minutes))
    .bind(i64::from(r.min_advance_days))
    .bind(i64::from(r.max_advance_days))
    .bind(i64::from(release))
    .bind(r.quota_kind.as_str())
    .bind(i64::from(r.quota_per_week))
    .bind(i64::from(r.cancel_deadline_minutes))
    .bind(flag(r.approval_required))
    .bind(flag(r.pending_holds_slot))
    .bind(r.capacity_mode.as_str())
    .bind(i64::from(r.hold_minutes))
    .bind(flag(r.checkin_required))
    .bind(flag(r.closed_on_holidays))
    .bind(i64::from(r.waitlist_offer_minutes))
    .bind(now)
    .bind(by)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn weekly_hours<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    venue_id: i64,
) -> Result<WeeklyHours, sqlx::Error> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT weekday, opens_minute, closes_minute FROM venue_hours WHERE venue_id = $1 ORDER BY weekday, opens_minute",
    )
    .bind(venue_id)
    .fetch_all(conn)
    .await?;
    Ok(WeeklyHours(
        rows.into_iter()
            .map(|(d, o, c)| {
                (
                    u8::try_from(d).unwrap_or(1),
                    Interval {
                        opens: u(o),
                        closes: u(c),
                    },
                )
            })
            .collect(),
    ))
}

pub async fn set_weekly_hours(
    conn: &mut AnyConnection,
    venue_id: i64,
    hours: &WeeklyHours,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM venue_hours WHERE venue_id = $1")
        .bind(venue_id)
        .execute(&mut *conn)
        .await?;
    for (day, i) in &hours.0 {
        sqlx::query("INSERT INTO venue_hours (venue_id, weekday, opens_minute, closes_minute) VALUES ($1, $2, $3, $4)")
            .bind(venue_id)
            .bind(i64::from(*day))
            .bind(i64::from(i.opens))
            .bind(i64::from(i.closes))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExceptionRow {
    pub venue_id: i64,
    pub day: String,
    pub opens_minute: Option<i64>,
    pub closes_minute: Option<i64>,
    pub note_zh: String,
    pub note_en: Option<String>,
}

impl ExceptionRow {
    pub fn to_exception(&self) -> Option<Exception> {
        Some(Exception {
            date: self.day.parse().ok()?,
            hours: match (self.opens_minute, self.closes_minute) {
                (Some(o), Some(c)) => Some(Interval {
                    opens: u(o),
                    closes: u(c),
                }),
                _ => None,
            },
            note: app::api::Text::new(self.note_zh.clone(), self.note_en.clone()),
        })
    }
}

/// Exceptions of the venue and of the whole it is part of, in a date range (own first).
pub async fn exceptions(
    db: &Db,
    venue_ids: &[i64],
    from: &str,
    to: &str,
) -> Result<Vec<ExceptionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT venue_id, day, opens_minute, closes_minute, note_zh, note_en FROM venue_exceptions \
         WHERE venue_id IN ({}) AND day >= $1 AND day <= $2 ORDER BY day",
        crate::db::id_list(venue_ids)
    ))
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}

pub async fn set_exception(
    conn: &mut AnyConnection,
    venue_id: i64,
    e: &ExceptionRow,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO venue_exceptions (venue_id, day, opens_minute, closes_minute, note_zh, note_en) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (venue_id, day) DO UPDATE SET \
         opens_minute = excluded.opens_minute, closes_minute = excluded.closes_minute, \
         note_zh = excluded.note_zh, note_en = excluded.note_en",
    )
    .bind(venue_id)
    .bind(&e.day)
    .bind(e.opens_minute)
    .bind(e.closes_minute)
    .bind(&e.note_zh)
    .bind(&e.note_en)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn delete_exception(
    conn: &mut AnyConnection,
    venue_id: i64,
    day: &str,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM venue_exceptions WHERE venue_id = $1 AND day = $2")
            .bind(venue_id)
            .bind(day)
            .execute(conn)
            .await?
            .rows_affected()
            > 0,
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClosureRow {
    pub id: i64,
    pub venue_id: i64,
    pub first_day: String,
    pub last_day: String,
    pub reason_zh: String,
    pub reason_en: Option<String>,
}

impl ClosureRow {
    pub fn to_span(&self) -> Option<ClosureSpan> {
        Some(ClosureSpan {
            first: self.first_day.parse().ok()?,
            last: self.last_day.parse().ok()?,
            reason: app::api::Text::new(self.reason_zh.clone(), self.reason_en.clone()),
        })
    }
}

/// Closures of every venue sharing a space with this one, overlapping a date range.
pub async fn closures(
    db: &Db,
    venue_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<ClosureRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, venue_id, first_day, last_day, reason_zh, reason_en FROM venue_closures \
         WHERE venue_id IN (SELECT DISTINCT b.venue_id FROM venue_spaces a JOIN venue_spaces b \
         ON b.space_id = a.space_id WHERE a.venue_id = $1) AND last_day >= $2 AND first_day <= $3 \
         ORDER BY first_day, id",
    )
    .bind(venue_id)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}

/// A closure to record: its days (`YYYY-MM-DD`, inclusive), its reason, who closed.
pub struct NewClosure<'a> {
    pub first_day: &'a str,
    pub last_day: &'a str,
    pub reason_zh: &'a str,
    pub reason_en: Option<&'a str>,
    pub by: i64,
}

pub async fn insert_closure(
    conn: &mut AnyConnection,
    venue_id: i64,
    c: &NewClosure<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO venue_closures (venue_id, first_day, last_day, reason_zh, reason_en, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(venue_id)
    .bind(c.first_day)
    .bind(c.last_day)
    .bind(c.reason_zh)
    .bind(c.reason_en)
    .bind(c.by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
}

pub async fn delete_closure(
    conn: &mut AnyConnection,
    venue_id: i64,
    id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM venue_closures WHERE venue_id = $1 AND id = $2")
            .bind(venue_id)
            .bind(id)
            .execute(conn)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Named approvers: (user id, name, step).
pub async fn approvers(
    db: &Db,
    venue_id: i64,
) -> Result<Vec<(i64, crate::accounts::PersonName, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.user_id, u.display_name, a.step FROM venue_approvers a JOIN users u ON u.id = a.user_id \
         WHERE a.venue_id = $1 ORDER BY a.step, u.id",
    )
    .bind(venue_id)
    .fetch_all(db.pool())
    .await
}

pub async fn set_approvers(
    conn: &mut AnyConnection,
    venue_id: i64,
    list: &[(i64, &str)],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM venue_approvers WHERE venue_id = $1")
        .bind(venue_id)
        .execute(&mut *conn)
        .await?;
    for (user, step) in list {
        sqlx::query("INSERT INTO venue_approvers (venue_id, user_id, step) VALUES ($1, $2, $3)")
            .bind(venue_id)
            .bind(user)
            .bind(*step)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Staff (committee members, workstation staff) whose grants cover a region: (id, name, role).
pub async fn staff_covering(
    db: &Db,
    region_id: i64,
) -> Result<Vec<(i64, crate::accounts::PersonName, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT u.id, u.display_name, g.role FROM role_grants g JOIN users u ON u.id = g.user_id \
         JOIN region_closure rc ON rc.ancestor_id = g.region_id AND rc.descendant_id = $1 \
         WHERE g.role IN ('committee_member', 'workstation_staff') AND u.status = 'active' \
         ORDER BY u.id, g.role",
    )
    .bind(region_id)
    .fetch_all(db.pool())
    .await
}

/// A venue to insert.
pub struct NewVenue<'a> {
    pub region_id: i64,
    pub parent_id: Option<i64>,
    pub input: &'a app::api::booking::VenueInput,
    pub name_zh: &'a str,
    pub name_en: Option<&'a str>,
    pub time_zone: &'a str,
}

pub async fn insert_venue(
    conn: &mut AnyConnection,
    v: &NewVenue<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let i = v.input;
    sqlx::query_scalar(
        "INSERT INTO venues (region_id, parent_id, name_zh, name_en, venue_type, capacity, owner_kind, \
         owner_name_zh, owner_name_en, address_zh, address_en, description_zh, description_en, \
         time_zone, needs_owner_approval, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $16) RETURNING id",
    )
    .bind(v.region_id)
    .bind(v.parent_id)
    .bind(v.name_zh)
    .bind(v.name_en)
    .bind(i.venue_type.as_str())
    .bind(i64::from(i.capacity))
    .bind(i.owner_kind.as_str())
    .bind(i.owner_name_zh.trim())
    .bind(i.owner_name_en.as_deref())
    .bind(i.address_zh.trim())
    .bind(i.address_en.as_deref())
    .bind(i.description_zh.trim())
    .bind(i.description_en.as_deref())
    .bind(v.time_zone)
    .bind(flag(i.needs_owner_approval))
    .bind(now)
    .fetch_one(&mut *conn)
    .await
}

/// Updates the descriptive fields of a venue (not its parts, rules or hours).
pub async fn update_venue(
    conn: &mut AnyConnection,
    id: i64,
    region_id: i64,
    i: &app::api::booking::VenueInput,
    time_zone: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE venues SET region_id = $2, name_zh = $3, name_en = $4, venue_type = $5, capacity = $6, \
         owner_kind = $7, owner_name_zh = $8, owner_name_en = $9, address_zh = $10, address_en = $11, \
         description_zh = $12, description_en = $13, time_zone = $14, needs_owner_approval = $15, \
         updated_at = $16 WHERE id = $1",
    )
    .bind(id)
    .bind(region_id)
    .bind(i.name_zh.trim())
    .bind(i.name_en.as_deref())
    .bind(i.venue_type.as_str())
    .bind(i64::from(i.capacity))
    .bind(i.owner_kind.as_str())
    .bind(i.owner_name_zh.trim())
    .bind(i.owner_name_en.as_deref())
    .bind(i.address_zh.trim())
    .bind(i.address_en.as_deref())
    .bind(i.description_zh.trim())
    .bind(i.description_en.as_deref())
    .bind(time_zone)
    .bind(flag(i.needs_owner_approval))
    .bind(now)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn set_features(
    conn: &mut AnyConnection,
    venue_id: i64,
    features: &[Feature],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM venue_features WHERE venue_id = $1")
        .bind(venue_id)
        .execute(&mut *conn)
        .await?;
    let mut list = features.to_vec();
    list.sort();
    list.dedup();
    for f in list {
        sqlx::query("INSERT INTO venue_features (venue_id, feature) VALUES ($1, $2)")
            .bind(venue_id)
            .bind(f.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Replaces the photos of a venue. A URL of an uploaded photo links its file; files no
/// longer shown on any venue are deleted.
pub async fn set_photos(
    conn: &mut AnyConnection,
    venue_id: i64,
    photos: &[app::api::booking::PhotoInput],
) -> Result<(), sqlx::Error> {
    let before = photo_files(conn, venue_id).await?;
    sqlx::query("DELETE FROM venue_photos WHERE venue_id = $1")
        .bind(venue_id)
        .execute(&mut *conn)
        .await?;
    for (i, p) in photos.iter().enumerate() {
        insert_photo(
            conn,
            venue_id,
            i64::try_from(i).unwrap_or(0),
            &p.url,
            p.alt_zh.trim(),
            p.alt_en.as_deref(),
        )
        .await?;
    }
    delete_unused_files(conn, &before).await
}

/// One photo row; `file_name` is filled when the URL is an uploaded photo's and the file exists.
async fn insert_photo(
    conn: &mut AnyConnection,
    venue_id: i64,
    position: i64,
    url: &str,
    alt_zh: &str,
    alt_en: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO venue_photos (venue_id, position, url, alt_zh, alt_en, file_name) \
         VALUES ($1, $2, $3, $4, $5, (SELECT name FROM stored_files WHERE name = $6))",
    )
    .bind(venue_id)
    .bind(position)
    .bind(url)
    .bind(alt_zh)
    .bind(alt_en)
    .bind(super::photos::stored_name_of_url(url))
    .execute(conn)
    .await
    .map(|_| ())
}

async fn photo_files(conn: &mut AnyConnection, venue_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT file_name FROM venue_photos WHERE venue_id = $1 AND file_name IS NOT NULL",
    )
    .bind(venue_id)
    .fetch_all(conn)
    .await
}

/// Deletes those of the given venue files that no venue shows any more.
async fn delete_unused_files(
    conn: &mut AnyConnection,
    names: &[String],
) -> Result<(), sqlx::Error> {
    for name in names {
        sqlx::query(
            "DELETE FROM stored_files WHERE name = $1 AND name LIKE 'venue/%' \
             AND NOT EXISTS (SELECT 1 FROM venue_photos WHERE file_name = $1)",
        )
        .bind(name)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Adds an uploaded photo after the others; false when the venue already has the most photos.
pub async fn append_uploaded_photo(
    conn: &mut AnyConnection,
    venue_id: i64,
    file_name: &str,
    alt_zh: &str,
    alt_en: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let count: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM venue_photos WHERE venue_id = $1")
            .bind(venue_id)
            .fetch_one(&mut *conn)
            .await?;
    if usize::try_from(count).unwrap_or(usize::MAX) >= super::photos::MAX_PHOTOS {
        return Ok(false);
    }
    insert_photo(
        conn,
        venue_id,
        count,
        &super::photos::url_of(file_name),
        alt_zh,
        alt_en,
    )
    .await?;
    Ok(true)
}

/// Removes the photo at `position` (0-based, as listed) and closes the gap; its file goes
/// too when no venue shows it any more. False when there is no such photo.
pub async fn remove_photo(
    conn: &mut AnyConnection,
    venue_id: i64,
    position: i64,
) -> Result<bool, sqlx::Error> {
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT position, url, alt_zh, alt_en FROM venue_photos WHERE venue_id = $1 ORDER BY position",
    )
    .bind(venue_id)
    .fetch_all(&mut *conn)
    .await?;
    let Some(index) = usize::try_from(position).ok().filter(|i| *i < rows.len()) else {
        return Ok(false);
    };
    let keep: Vec<app::api::booking::PhotoInput> = rows
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(
            |(_, (_, url, alt_zh, alt_en))| app::api::booking::PhotoInput {
                url,
                alt_zh,
                alt_en,
            },
        )
        .collect();
    set_photos(conn, venue_id, &keep).await?;
    Ok(true)
}

/// Whether an uploaded venue photo is shown on some venue (only those are served).
pub async fn photo_file_shown(db: &Db, stored_name: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM venue_photos WHERE file_name = $1",
    )
    .bind(stored_name)
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

pub async fn insert_space(
    conn: &mut AnyConnection,
    site_id: i64,
    code: &str,
    name_zh: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO spaces (site_id, code, name_zh) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(site_id)
    .bind(code)
    .bind(name_zh)
    .fetch_one(&mut *conn)
    .await
}

pub async fn map_space(
    conn: &mut AnyConnection,
    venue_id: i64,
    space_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO venue_spaces (venue_id, space_id) VALUES ($1, $2)")
        .bind(venue_id)
        .bind(space_id)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

pub async fn count_venues(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM venues")
        .fetch_one(db.pool())
        .await
}
