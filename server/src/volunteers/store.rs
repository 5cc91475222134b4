//! Every SQL statement of volunteering. Functions taking a connection run inside the caller's
//! transaction; those taking [`Db`] read on their own.
use app::api::volunteers::{Skill, VolunteerFigures};
use sqlx::{Any, AnyConnection, Executor};

use super::input::{Application, Help, Shift};
use crate::{Db, db::id_list};

/// Regions within `root` (itself included), as an SQL condition on `column`.
fn within(column: &str, roots: &[i64]) -> String {
    format!(
        "{column} IN (SELECT descendant_id FROM region_closure WHERE ancestor_id IN ({}))",
        id_list(roots)
    )
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

// ---- volunteers ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VolunteerRow {
    pub id: i64,
    pub user_id: i64,
    pub status: String,
    pub languages: String,
    pub availability: String,
    pub applied_at: i64,
    pub decided_at: Option<i64>,
    pub decline_reason: Option<String>,
    pub name: crate::accounts::PersonName,
    pub phone: Option<String>,
    pub confirmed_minutes: i64,
}

/// A volunteer may serve several communities: entries about them name no region, except
/// where an action happened in one (hours confirmed on a shift name the shift's).
impl crate::audit::Subject for VolunteerRow {
    fn subject(&self) -> String {
        format!("volunteer:{}", self.id)
    }

    fn region(&self) -> Option<i64> {
        None
    }
}

const VOLUNTEER: &str = "SELECT v.id, v.user_id, v.status, v.languages, v.availability, \
    v.applied_at, v.decided_at, v.decline_reason, u.display_name AS name, u.phone, \
    (SELECT CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT) FROM volunteer_hours h WHERE h.volunteer_id = v.id) AS confirmed_minutes \
    FROM volunteers v JOIN users u ON u.id = v.user_id";

pub async fn volunteer_of_user<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    user_id: i64,
) -> Result<Option<VolunteerRow>, sqlx::Error> {
    sqlx::query_as(&format!("{VOLUNTEER} WHERE v.user_id = $1"))
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

pub async fn volunteer_by_id<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<VolunteerRow>, sqlx::Error> {
    sqlx::query_as(&format!("{VOLUNTEER} WHERE v.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Volunteers serving a community within `roots`, optionally in one state, newest first.
pub async fn volunteers_within(
    db: &Db,
    roots: &[i64],
    status: Option<&str>,
) -> Result<Vec<VolunteerRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{VOLUNTEER} WHERE EXISTS (SELECT 1 FROM volunteer_communities vc WHERE vc.volunteer_id = v.id \
         AND {}) AND ($1 = '' OR v.status = $1) ORDER BY v.applied_at DESC, v.id DESC LIMIT 500",
        within("vc.region_id", roots)
    ))
    .bind(status.unwrap_or(""))
    .fetch_all(db.pool())
    .await
}

/// Skills of volunteers, by volunteer id.
pub async fn skills_of(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(&format!(
        "SELECT volunteer_id, skill FROM volunteer_skills WHERE volunteer_id IN ({}) ORDER BY skill",
        id_list(ids)
    ))
    .fetch_all(db.pool())
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommunityRow {
    pub owner_id: i64,
    pub region_id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
}

/// Communities served by volunteers, by volunteer id.
pub async fn communities_of<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    ids: &[i64],
) -> Result<Vec<CommunityRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(&format!(
        "SELECT vc.volunteer_id AS owner_id, r.id AS region_id, r.code, r.name_zh, r.name_en \
         FROM volunteer_communities vc JOIN regions r ON r.id = vc.region_id \
         WHERE vc.volunteer_id IN ({}) ORDER BY r.code",
        id_list(ids)
    ))
    .fetch_all(conn)
    .await
}

/// Applies, or changes one's profile: a declined application becomes pending again; an
/// approval is kept. Skills and communities are replaced.
pub async fn save_volunteer(
    conn: &mut AnyConnection,
    user_id: i64,
    a: &Application,
    communities: &[i64],
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO volunteers (user_id, languages, availability, applied_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (user_id) DO UPDATE SET \
         languages = excluded.languages, availability = excluded.availability, \
         updated_at = excluded.updated_at, \
         applied_at = CASE WHEN volunteers.status = 'declined' THEN excluded.applied_at ELSE volunteers.applied_at END, \
         decline_reason = NULL, \
         status = CASE WHEN volunteers.status = 'declined' THEN 'pending' ELSE volunteers.status END \
         RETURNING id",
    )
    .bind(user_id)
    .bind(a.languages.join(","))
    .bind(&a.availability)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM volunteer_skills WHERE volunteer_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for s in &a.skills {
        sqlx::query("INSERT INTO volunteer_skills (volunteer_id, skill) VALUES ($1, $2)")
            .bind(id)
            .bind(s.as_str())
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM volunteer_communities WHERE volunteer_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for r in communities {
        sqlx::query("INSERT INTO volunteer_communities (volunteer_id, region_id) VALUES ($1, $2)")
            .bind(id)
            .bind(r)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

/// Decides a pending application; false when it was no longer pending.
pub async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    approve: bool,
    reason: Option<&str>,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE volunteers SET status = $2, decline_reason = $3, decided_by = $4, decided_at = $5, \
         updated_at = $5 WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(if approve { "approved" } else { "declined" })
    .bind(reason)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

// ---- shifts ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpportunityRow {
    pub id: i64,
    pub region_id: i64,
    pub organization_id: Option<i64>,
    pub activity_id: Option<i64>,
    pub service_id: Option<i64>,
    pub title_zh: String,
    pub title_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub place_zh: String,
    pub place_en: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub slots: i64,
    pub taken: i64,
    pub signup_closes_at: i64,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub created_by: i64,
    pub community_code: String,
    pub community_zh: String,
    pub community_en: Option<String>,
    pub organizer_zh: Option<String>,
    pub organizer_en: Option<String>,
}

impl crate::audit::Subject for OpportunityRow {
    fn subject(&self) -> String {
        format!("opportunity:{}", self.id)
    }

    fn region(&self) -> Option<i64> {
        Some(self.region_id)
    }
}

const OPPORTUNITY: &str = "SELECT o.id, o.region_id, o.organization_id, o.activity_id, \
    o.service_id, o.title_zh, o.title_en, o.description_zh, o.description_en, o.place_zh, \
    o.place_en, o.starts_at, o.ends_at, o.slots, o.taken, o.signup_closes_at, o.status, \
    o.cancel_reason, o.created_by, r.code AS community_code, r.name_zh AS community_zh, \
    r.name_en AS community_en, g.name_zh AS organizer_zh, g.name_en AS organizer_en \
    FROM opportunities o JOIN regions r ON r.id = o.region_id \
    LEFT JOIN dir_organizations g ON g.id = o.organization_id";

pub async fn opportunity<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<OpportunityRow>, sqlx::Error> {
    sqlx::query_as(&format!("{OPPORTUNITY} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// What a list of shifts asks for.
#[derive(Debug, Clone, Default)]
pub struct ShiftFilter {
    /// Within these regions (none: anywhere).
    pub roots: Option<Vec<i64>>,
    pub skill: Option<Skill>,
    /// Not over by then.
    pub from: i64,
    /// Starting before then.
    pub to: Option<i64>,
    pub include_cancelled: bool,
    /// Of these organisations only (members who are not staff of the region).
    pub organizations: Option<Vec<i64>>,
}

pub async fn opportunities(db: &Db, f: &ShiftFilter) -> Result<Vec<OpportunityRow>, sqlx::Error> {
    let mut cond = vec!["o.ends_at > $1".to_owned(), "o.starts_at < $2".to_owned()];
    if let Some(roots) = &f.roots {
        cond.push(within("o.region_id", roots));
    }
    if let Some(orgs) = &f.organizations {
        cond.push(format!("o.organization_id IN ({})", id_list(orgs)));
    }
    if !f.include_cancelled {
        cond.push("o.status = 'open'".to_owned());
    }
    if f.skill.is_some() {
        cond.push(
            "(NOT EXISTS (SELECT 1 FROM opportunity_skills k WHERE k.opportunity_id = o.id) \
             OR EXISTS (SELECT 1 FROM opportunity_skills k WHERE k.opportunity_id = o.id AND k.skill = $3))"
                .to_owned(),
        );
    } else {
        cond.push("$3 = ''".to_owned());
    }
    sqlx::query_as(&format!(
        "{OPPORTUNITY} WHERE {} ORDER BY o.starts_at, o.id LIMIT 200",
        cond.join(" AND ")
    ))
    .bind(f.from)
    .bind(f.to.unwrap_or(i64::MAX))
    .bind(f.skill.map_or("", Skill::as_str))
    .fetch_all(db.pool())
    .await
}

pub async fn opportunity_skills(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(&format!(
        "SELECT opportunity_id, skill FROM opportunity_skills WHERE opportunity_id IN ({}) ORDER BY skill",
        id_list(ids)
    ))
    .fetch_all(db.pool())
    .await
}

/// What a new shift refers to, looked up by the caller.
pub struct ShiftRefs {
    pub region_id: i64,
    pub organization_id: Option<i64>,
    pub activity_id: Option<i64>,
    pub service_id: Option<i64>,
}

pub async fn insert_opportunity(
    conn: &mut AnyConnection,
    s: &Shift,
    refs: &ShiftRefs,
    by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO opportunities (region_id, organization_id, activity_id, service_id, title_zh, \
         title_en, description_zh, description_en, place_zh, place_en, starts_at, ends_at, slots, \
         signup_closes_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
    )
    .bind(refs.region_id)
    .bind(refs.organization_id)
    .bind(refs.activity_id)
    .bind(refs.service_id)
    .bind(&s.title_zh)
    .bind(s.title_en.as_deref())
    .bind(&s.description_zh)
    .bind(s.description_en.as_deref())
    .bind(&s.place_zh)
    .bind(s.place_en.as_deref())
    .bind(s.start)
    .bind(s.end)
    .bind(s.slots)
    .bind(s.signup_closes)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    for k in &s.skills {
        sqlx::query("INSERT INTO opportunity_skills (opportunity_id, skill) VALUES ($1, $2)")
            .bind(id)
            .bind(k.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn cancel_opportunity(
    conn: &mut AnyConnection,
    id: i64,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE opportunities SET status = 'cancelled', cancel_reason = $2, updated_at = $3 \
         WHERE id = $1 AND status = 'open'",
    )
    .bind(id)
    .bind(reason)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Takes a place on an open shift if one is free (the CHECK on `taken` is the guarantee).
pub async fn take_slot(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE opportunities SET taken = taken + 1, updated_at = $2 \
         WHERE id = $1 AND status = 'open' AND taken < slots",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn give_slot(conn: &mut AnyConnection, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE opportunities SET taken = taken - 1, updated_at = $2 WHERE id = $1 AND taken > 0",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

// ---- sign-ups of shifts ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignupRow {
    pub id: i64,
    pub opportunity_id: i64,
    pub volunteer_id: i64,
    pub status: String,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub user_id: i64,
    pub name: crate::accounts::PersonName,
    pub phone: Option<String>,
    pub confirmed_minutes: Option<i64>,
}

const SIGNUP: &str = "SELECT s.id, s.opportunity_id, s.volunteer_id, s.status, s.checked_in_at, \
    s.checked_out_at, v.user_id, u.display_name AS name, u.phone, \
    (SELECT h.minutes FROM volunteer_hours h WHERE h.signup_id = s.id) AS confirmed_minutes \
    FROM opportunity_signups s JOIN volunteers v ON v.id = s.volunteer_id JOIN users u ON u.id = v.user_id";

/// The volunteer's open sign-up of a shift.
pub async fn open_signup<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    opportunity: i64,
    volunteer: i64,
) -> Result<Option<SignupRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SIGNUP} WHERE s.opportunity_id = $1 AND s.volunteer_id = $2 AND s.status = 'signed_up'"
    ))
    .bind(opportunity)
    .bind(volunteer)
    .fetch_optional(conn)
    .await
}

pub async fn signup_by_id<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    opportunity: i64,
    id: i64,
) -> Result<Option<SignupRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SIGNUP} WHERE s.opportunity_id = $1 AND s.id = $2"
    ))
    .bind(opportunity)
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn roster(db: &Db, opportunity: i64) -> Result<Vec<SignupRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SIGNUP} WHERE s.opportunity_id = $1 ORDER BY s.status, s.id"
    ))
    .bind(opportunity)
    .fetch_all(db.pool())
    .await
}

/// The latest sign-up of a volunteer per shift among `opportunities`.
pub async fn signups_of_volunteer(
    db: &Db,
    volunteer: i64,
    opportunities: &[i64],
) -> Result<Vec<SignupRow>, sqlx::Error> {
    if opportunities.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(&format!(
        "{SIGNUP} WHERE s.volunteer_id = $1 AND s.opportunity_id IN ({}) ORDER BY s.id",
        id_list(opportunities)
    ))
    .bind(volunteer)
    .fetch_all(db.pool())
    .await
}

/// Shifts the volunteer is signed up for that end after `now`, soonest first.
pub async fn upcoming_shifts(
    db: &Db,
    volunteer: i64,
    now: i64,
) -> Result<Vec<OpportunityRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{OPPORTUNITY} WHERE o.ends_at > $2 AND o.id IN (SELECT s.opportunity_id FROM \
         opportunity_signups s WHERE s.volunteer_id = $1 AND s.status = 'signed_up') \
         ORDER BY o.starts_at, o.id LIMIT 50"
    ))
    .bind(volunteer)
    .bind(now)
    .fetch_all(db.pool())
    .await
}

/// The start of another open shift of the volunteer overlapping `start..end`.
pub async fn overlapping_shift(
    conn: &mut AnyConnection,
    volunteer: i64,
    start: i64,
    end: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT o.starts_at FROM opportunity_signups s JOIN opportunities o ON o.id = s.opportunity_id \
         WHERE s.volunteer_id = $1 AND s.status = 'signed_up' AND o.status = 'open' \
         AND o.starts_at < $3 AND o.ends_at > $2 ORDER BY o.starts_at LIMIT 1",
    )
    .bind(volunteer)
    .bind(start)
    .bind(end)
    .fetch_optional(conn)
    .await
}

/// Signs up; none when the partial unique index refused a second open sign-up.
pub async fn insert_signup(
    conn: &mut AnyConnection,
    opportunity: i64,
    volunteer: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO opportunity_signups (opportunity_id, volunteer_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(opportunity)
    .bind(volunteer)
    .bind(now)
    .fetch_optional(conn)
    .await
}

pub async fn withdraw(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE opportunity_signups SET status = 'withdrawn', updated_at = $2 \
         WHERE id = $1 AND status = 'signed_up'",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Records arrival and departure times (the CHECK keeps check-out after check-in).
pub async fn set_times(
    conn: &mut AnyConnection,
    id: i64,
    checked_in: Option<i64>,
    checked_out: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE opportunity_signups SET checked_in_at = $2, checked_out_at = $3, updated_at = $4 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(checked_in)
    .bind(checked_out)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Open sign-ups of a shift (to tell them it is cancelled).
pub async fn signed_up_users(
    conn: &mut AnyConnection,
    opportunity: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT v.user_id FROM opportunity_signups s JOIN volunteers v ON v.id = s.volunteer_id \
         WHERE s.opportunity_id = $1 AND s.status = 'signed_up'",
    )
    .bind(opportunity)
    .fetch_all(conn)
    .await
}

// ---- the hours ledger ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HoursRow {
    pub id: i64,
    pub volunteer_id: i64,
    pub kind: String,
    pub minutes: i64,
    pub corrects_id: Option<i64>,
    pub reason: Option<String>,
    pub served_at: i64,
    pub recorded_at: i64,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub help_skill: Option<String>,
}

const HOURS: &str = "SELECT h.id, h.volunteer_id, h.kind, h.minutes, h.corrects_id, h.reason, \
    h.served_at, h.recorded_at, o.title_zh, o.title_en, q.skill AS help_skill \
    FROM volunteer_hours h LEFT JOIN opportunity_signups s ON s.id = h.signup_id \
    LEFT JOIN opportunities o ON o.id = s.opportunity_id \
    LEFT JOIN help_requests q ON q.id = h.help_request_id";

/// A new line of the ledger.
pub struct NewHours<'a> {
    pub volunteer_id: i64,
    pub kind: &'static str,
    pub minutes: i64,
    pub signup_id: Option<i64>,
    pub help_request_id: Option<i64>,
    pub corrects_id: Option<i64>,
    pub reason: Option<&'a str>,
    pub served_at: i64,
    pub by: i64,
}

/// Appends a line; none when the shift sign-up or help request was already credited.
pub async fn insert_hours(
    conn: &mut AnyConnection,
    h: &NewHours<'_>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO volunteer_hours (volunteer_id, kind, minutes, signup_id, help_request_id, \
         corrects_id, reason, served_at, recorded_at, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(h.volunteer_id)
    .bind(h.kind)
    .bind(h.minutes)
    .bind(h.signup_id)
    .bind(h.help_request_id)
    .bind(h.corrects_id)
    .bind(h.reason)
    .bind(h.served_at)
    .bind(now)
    .bind(h.by)
    .fetch_optional(conn)
    .await
}

pub async fn hours_entry<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<HoursRow>, sqlx::Error> {
    sqlx::query_as(&format!("{HOURS} WHERE h.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// A volunteer's ledger served within `from..to`, newest first.
pub async fn hours_of(
    db: &Db,
    volunteer: i64,
    from: i64,
    to: i64,
) -> Result<Vec<HoursRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{HOURS} WHERE h.volunteer_id = $1 AND h.served_at >= $2 AND h.served_at < $3 \
         ORDER BY h.served_at DESC, h.id DESC"
    ))
    .bind(volunteer)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}

// ---- the time bank ----

/// Opens the resident's account if it has none (balance 0).
pub async fn ensure_account(
    conn: &mut AnyConnection,
    user: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO time_bank_accounts (user_id, minutes, floor_minutes, updated_at) \
         VALUES ($1, 0, 0, $2) ON CONFLICT DO NOTHING",
    )
    .bind(user)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Adds minutes; the balance after.
pub async fn credit(
    conn: &mut AnyConnection,
    user: i64,
    minutes: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE time_bank_accounts SET minutes = minutes + $2, updated_at = $3 WHERE user_id = $1 \
         RETURNING minutes",
    )
    .bind(user)
    .bind(minutes)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Takes minutes if the balance stays at or above `floor`; the balance after, none when it
/// would not. The row's floor is written with it, so the CHECK holds the same line.
pub async fn debit(
    conn: &mut AnyConnection,
    user: i64,
    minutes: i64,
    floor: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE time_bank_accounts SET minutes = minutes - $2, floor_minutes = $3, updated_at = $4 \
         WHERE user_id = $1 AND minutes - $2 >= $3 RETURNING minutes",
    )
    .bind(user)
    .bind(minutes)
    .bind(floor)
    .bind(now)
    .fetch_optional(conn)
    .await
}

pub async fn balance(db: &Db, user: i64) -> Result<i64, sqlx::Error> {
    Ok(
        sqlx::query_scalar("SELECT minutes FROM time_bank_accounts WHERE user_id = $1")
            .bind(user)
            .fetch_optional(db.pool())
            .await?
            .unwrap_or(0),
    )
}

/// A new line of the bank.
pub struct NewBankEntry<'a> {
    pub user_id: i64,
    pub kind: &'static str,
    pub minutes: i64,
    pub balance_after: i64,
    pub hours_id: Option<i64>,
    pub help_request_id: Option<i64>,
    pub reason: Option<&'a str>,
    pub by: i64,
}

pub async fn insert_bank_entry(
    conn: &mut AnyConnection,
    e: &NewBankEntry<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO time_bank_entries (user_id, kind, minutes, balance_after, hours_id, \
         help_request_id, reason, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(e.user_id)
    .bind(e.kind)
    .bind(e.minutes)
    .bind(e.balance_after)
    .bind(e.hours_id)
    .bind(e.help_request_id)
    .bind(e.reason)
    .bind(e.by)
    .bind(now)
    .fetch_one(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BankRow {
    pub id: i64,
    pub kind: String,
    pub minutes: i64,
    pub balance_after: i64,
    pub help_request_id: Option<i64>,
    pub reason: Option<String>,
    pub created_at: i64,
}

pub async fn bank_entry<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<BankRow, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, minutes, balance_after, help_request_id, reason, created_at \
         FROM time_bank_entries WHERE id = $1",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

pub async fn bank_of(db: &Db, user: i64) -> Result<Vec<BankRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, minutes, balance_after, help_request_id, reason, created_at \
         FROM time_bank_entries WHERE user_id = $1 ORDER BY id DESC LIMIT 200",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

// ---- help requests ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HelpRow {
    pub id: i64,
    pub requester_id: i64,
    pub posted_by: i64,
    pub region_id: i64,
    pub skill: String,
    pub description: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub starts_at: i64,
    pub minutes: i64,
    pub status: String,
    pub helper_id: Option<i64>,
    pub minutes_served: Option<i64>,
    pub requester_name: crate::accounts::PersonName,
    pub helper_user_id: Option<i64>,
    pub helper_name: Option<crate::accounts::PersonName>,
    pub community_code: String,
    pub community_zh: String,
    pub community_en: Option<String>,
}

impl crate::audit::Subject for HelpRow {
    fn subject(&self) -> String {
        format!("help_request:{}", self.id)
    }

    fn region(&self) -> Option<i64> {
        Some(self.region_id)
    }
}

const HELP: &str = "SELECT q.id, q.requester_id, q.posted_by, q.region_id, q.skill, \
    q.description, q.address, q.phone, q.starts_at, q.minutes, q.status, q.helper_id, \
    q.minutes_served, u.display_name AS requester_name, v.user_id AS helper_user_id, \
    hu.display_name AS helper_name, r.code AS community_code, r.name_zh AS community_zh, \
    r.name_en AS community_en \
    FROM help_requests q JOIN users u ON u.id = q.requester_id JOIN regions r ON r.id = q.region_id \
    LEFT JOIN volunteers v ON v.id = q.helper_id LEFT JOIN users hu ON hu.id = v.user_id";

pub async fn help_request<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<HelpRow>, sqlx::Error> {
    sqlx::query_as(&format!("{HELP} WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Open requests in these communities, not yet past, soonest first.
pub async fn open_help_in(
    db: &Db,
    communities: &[i64],
    now: i64,
) -> Result<Vec<HelpRow>, sqlx::Error> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(&format!(
        "{HELP} WHERE q.status = 'open' AND q.starts_at > $1 AND q.region_id IN ({}) \
         ORDER BY q.starts_at, q.id LIMIT 200",
        id_list(communities)
    ))
    .bind(now)
    .fetch_all(db.pool())
    .await
}

/// Requests made for the user, or served by the volunteer, newest first.
pub async fn help_of(
    db: &Db,
    user: i64,
    volunteer: Option<i64>,
) -> Result<Vec<HelpRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{HELP} WHERE q.requester_id = $1 OR q.helper_id = $2 ORDER BY q.starts_at DESC, q.id DESC LIMIT 200"
    ))
    .bind(user)
    .bind(volunteer.unwrap_or(-1))
    .fetch_all(db.pool())
    .await
}

pub async fn help_within(
    db: &Db,
    roots: &[i64],
    status: Option<&str>,
) -> Result<Vec<HelpRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{HELP} WHERE {} AND ($1 = '' OR q.status = $1) ORDER BY q.starts_at DESC, q.id DESC LIMIT 500",
        within("q.region_id", roots)
    ))
    .bind(status.unwrap_or(""))
    .fetch_all(db.pool())
    .await
}

pub async fn insert_help(
    conn: &mut AnyConnection,
    requester: i64,
    posted_by: i64,
    region_id: i64,
    h: &Help,
    phone: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO help_requests (requester_id, posted_by, region_id, skill, description, address, \
         phone, starts_at, minutes, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(requester)
    .bind(posted_by)
    .bind(region_id)
    .bind(h.skill.as_str())
    .bind(&h.description)
    .bind(&h.address)
    .bind(phone)
    .bind(h.start)
    .bind(h.minutes)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Gives an open request to a volunteer; false when it was no longer open.
pub async fn match_help(
    conn: &mut AnyConnection,
    id: i64,
    helper: i64,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE help_requests SET status = 'matched', helper_id = $2, matched_by = $3, \
         matched_at = $4, updated_at = $4 WHERE id = $1 AND status = 'open'",
    )
    .bind(id)
    .bind(helper)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Closes a matched request as served; its address and phone are erased (the CHECK requires
/// it). False when it was no longer matched.
pub async fn complete_help(
    conn: &mut AnyConnection,
    id: i64,
    minutes: i64,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE help_requests SET status = 'done', minutes_served = $2, completed_by = $3, \
         completed_at = $4, updated_at = $4, address = NULL, phone = NULL \
         WHERE id = $1 AND status = 'matched'",
    )
    .bind(id)
    .bind(minutes)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Cancels an open or matched request, erasing its address and phone.
pub async fn cancel_help(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE help_requests SET status = 'cancelled', updated_at = $2, address = NULL, phone = NULL \
         WHERE id = $1 AND status IN ('open', 'matched')",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

// ---- certificates ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CertificateRow {
    pub id: i64,
    pub volunteer_id: i64,
    pub verification_code: String,
    pub name_masked: String,
    pub from_date: String,
    pub to_date: String,
    pub minutes: i64,
    pub services: i64,
    pub issued_at: i64,
}

pub struct NewCertificate<'a> {
    pub volunteer_id: i64,
    pub code: &'a str,
    pub name_masked: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub minutes: i64,
    pub services: i64,
}

/// Stores a certificate; none when the code clashed (drawn again).
pub async fn insert_certificate<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    c: &NewCertificate<'_>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO volunteer_certificates (volunteer_id, verification_code, name_masked, \
         from_date, to_date, minutes, services, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(c.volunteer_id)
    .bind(c.code)
    .bind(c.name_masked)
    .bind(c.from)
    .bind(c.to)
    .bind(c.minutes)
    .bind(c.services)
    .bind(now)
    .fetch_optional(conn)
    .await
}

pub async fn certificate(db: &Db, code: &str) -> Result<Option<CertificateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, volunteer_id, verification_code, name_masked, from_date, to_date, minutes, \
         services, issued_at FROM volunteer_certificates WHERE verification_code = $1",
    )
    .bind(code)
    .fetch_optional(db.pool())
    .await
}

// ---- reports ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HoursTotal {
    pub volunteer_id: i64,
    pub name: crate::accounts::PersonName,
    pub minutes: i64,
    pub services: i64,
    pub all_time: i64,
}

/// Minutes served in `from..to` by each volunteer serving a community within `region`.
pub async fn hours_by_volunteer(
    db: &Db,
    region: i64,
    from: i64,
    to: i64,
) -> Result<Vec<HoursTotal>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT v.id AS volunteer_id, u.display_name AS name, \
         CAST(SUM(h.minutes) AS BIGINT) AS minutes, \
         CAST(SUM(CASE WHEN h.kind = 'correction' THEN 0 ELSE 1 END) AS BIGINT) AS services, \
         (SELECT CAST(COALESCE(SUM(a.minutes), 0) AS BIGINT) FROM volunteer_hours a WHERE a.volunteer_id = v.id) AS all_time \
         FROM volunteer_hours h JOIN volunteers v ON v.id = h.volunteer_id JOIN users u ON u.id = v.user_id \
         WHERE h.served_at >= $1 AND h.served_at < $2 AND EXISTS (SELECT 1 FROM volunteer_communities vc \
         WHERE vc.volunteer_id = v.id AND {}) \
         GROUP BY v.id, u.display_name ORDER BY minutes DESC, v.id",
        within("vc.region_id", &[region])
    ))
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommunityTotal {
    pub region_id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub minutes: i64,
    pub volunteers: i64,
}

/// Minutes served in `from..to` by each community's team (a volunteer serving two
/// communities counts in both).
pub async fn hours_by_community(
    db: &Db,
    region: i64,
    from: i64,
    to: i64,
) -> Result<Vec<CommunityTotal>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT r.id AS region_id, r.code, r.name_zh, r.name_en, \
         CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT) AS minutes, \
         CAST(COUNT(DISTINCT h.volunteer_id) AS BIGINT) AS volunteers \
         FROM volunteer_communities vc JOIN regions r ON r.id = vc.region_id \
         JOIN volunteer_hours h ON h.volunteer_id = vc.volunteer_id AND h.served_at >= $1 AND h.served_at < $2 \
         WHERE {} GROUP BY r.id, r.code, r.name_zh, r.name_en ORDER BY r.code",
        within("vc.region_id", &[region])
    ))
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}

/// The figures of a region and period (see [`VolunteerFigures`]).
pub async fn figures(
    db: &Db,
    region: i64,
    from: i64,
    to: i64,
) -> Result<VolunteerFigures, sqlx::Error> {
    let serving = within("vc.region_id", &[region]);
    let (volunteers, active, minutes): (i64, i64, i64) = sqlx::query_as(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN t.m IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(t.m), 0) AS BIGINT) FROM (SELECT v.id, \
         (SELECT SUM(h.minutes) FROM volunteer_hours h WHERE h.volunteer_id = v.id \
          AND h.served_at >= $1 AND h.served_at < $2) AS m \
         FROM volunteers v WHERE v.status = 'approved' AND EXISTS (SELECT 1 FROM \
         volunteer_communities vc WHERE vc.volunteer_id = v.id AND {serving})) t"
    ))
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?;
    let shifts: i64 = sqlx::query_scalar(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM opportunities o WHERE o.status = 'open' \
         AND o.starts_at >= $1 AND o.starts_at < $2 AND {}",
        within("o.region_id", &[region])
    ))
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?;
    let (done, open): (i64, i64) = sqlx::query_as(&format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN q.status = 'done' AND q.completed_at >= $1 AND q.completed_at < $2 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN q.status IN ('open', 'matched') THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM help_requests q WHERE {}",
        within("q.region_id", &[region])
    ))
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?;
    Ok(VolunteerFigures {
        volunteers: count(volunteers),
        active: count(active),
        minutes,
        shifts: count(shifts),
        help_requests_done: count(done),
        help_requests_open: count(open),
    })
}

// ---- privacy ----

/// Open shift sign-ups of the volunteer, with their shifts (to give them up).
pub async fn open_signups_of(db: &Db, volunteer: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, opportunity_id FROM opportunity_signups WHERE volunteer_id = $1 AND status = 'signed_up'",
    )
    .bind(volunteer)
    .fetch_all(db.pool())
    .await
}

/// Erases what a volunteer wrote about themselves (the records stay: the regulation asks
/// organisations to keep them).
pub async fn erase_profile(db: &Db, volunteer: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE volunteers SET languages = '', availability = '', updated_at = $2 WHERE id = $1",
    )
    .bind(volunteer)
    .bind(now)
    .execute(db.pool())
    .await
    .map(|_| ())
}

// ---- references ----

/// Community organisations the user is a member of (they post their organisations' shifts).
pub async fn organizations_of(db: &Db, user: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT organization_id FROM organization_members WHERE user_id = $1")
        .bind(user)
        .fetch_all(db.pool())
        .await
}

/// The region of a community organisation.
pub async fn organization_region(db: &Db, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT region_id FROM dir_organizations WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// The community of an activity.
pub async fn activity_region(db: &Db, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT region_id FROM activities WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

pub async fn service_exists(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM dir_services WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await?;
    Ok(n > 0)
}
