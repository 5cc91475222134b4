//! Every SQL statement of activities. Functions taking a connection run inside the caller's
//! transaction; those taking [`Db`] read on their own.
use sqlx::{Any, AnyConnection, Executor};

use super::input::{Checked, Dated};
use crate::{
    Db,
    db::{Sql, id_list},
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: i64,
    pub series_id: Option<i64>,
    pub region_id: i64,
    pub organization_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub booking_id: Option<i64>,
    pub kind: String,
    pub title_zh: String,
    pub title_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub place_zh: String,
    pub place_en: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub capacity: i64,
    pub places_taken: i64,
    pub max_companions: i64,
    pub signup_opens_at: Option<i64>,
    pub signup_closes_at: i64,
    pub cost_zh: Option<String>,
    pub cost_en: Option<String>,
    pub accessibility_zh: String,
    pub accessibility_en: Option<String>,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub updated_at: i64,
    pub community_code: String,
    pub community_zh: String,
    pub community_en: Option<String>,
    pub organizer_zh: Option<String>,
    pub organizer_en: Option<String>,
    pub venue_zh: Option<String>,
    pub venue_en: Option<String>,
    pub waitlisted: i64,
    pub rating_count: i64,
    pub rating_sum: i64,
}

impl crate::audit::Subject for ActivityRow {
    fn subject(&self) -> String {
        format!("activity:{}", self.id)
    }

    fn region(&self) -> Option<i64> {
        Some(self.region_id)
    }
}

const SELECT: &str = "SELECT a.id, a.series_id, a.region_id, a.organization_id, a.venue_id, \
    a.booking_id, a.kind, a.title_zh, a.title_en, a.description_zh, a.description_en, a.place_zh, \
    a.place_en, a.starts_at, a.ends_at, a.time_zone, a.capacity, a.places_taken, a.max_companions, \
    a.signup_opens_at, a.signup_closes_at, a.cost_zh, a.cost_en, a.accessibility_zh, \
    a.accessibility_en, a.status, a.cancel_reason, a.updated_at, r.code AS community_code, \
    r.name_zh AS community_zh, r.name_en AS community_en, o.name_zh AS organizer_zh, \
    o.name_en AS organizer_en, v.name_zh AS venue_zh, v.name_en AS venue_en, \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM activity_signups w WHERE w.activity_id = a.id AND w.status = 'waitlisted') AS waitlisted, \
    (SELECT CAST(COUNT(s.rating) AS BIGINT) FROM activity_signups s WHERE s.activity_id = a.id) AS rating_count, \
    (SELECT CAST(COALESCE(SUM(s.rating), 0) AS BIGINT) FROM activity_signups s WHERE s.activity_id = a.id) AS rating_sum \
    FROM activities a JOIN regions r ON r.id = a.region_id \
    LEFT JOIN dir_organizations o ON o.id = a.organization_id LEFT JOIN venues v ON v.id = a.venue_id";

pub async fn by_id<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<ActivityRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The dates of a series (or the activity alone), in order, for publishing or cancelling all.
pub async fn series_ids(
    conn: &mut AnyConnection,
    a: &ActivityRow,
) -> Result<Vec<i64>, sqlx::Error> {
    match a.series_id {
        Some(s) => {
            sqlx::query_scalar(
                "SELECT id FROM activities WHERE series_id = $1 ORDER BY starts_at, id",
            )
            .bind(s)
            .fetch_all(conn)
            .await
        }
        None => Ok(vec![a.id]),
    }
}

/// Filters of a list. Public lists never show drafts.
#[derive(Debug, Default)]
pub struct Filter {
    pub region_id: Option<i64>,
    /// Staff lists: only activities within these regions or of these organisations, drafts
    /// included.
    pub scope_roots: Option<Vec<i64>>,
    pub organizations: Vec<i64>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub audience: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Only those the user signed up for (not given up).
    pub signed_up: Option<i64>,
    /// After this (start, id).
    pub after: Option<(i64, i64)>,
    pub limit: u32,
}

pub async fn list(db: &Db, f: &Filter) -> Result<Vec<ActivityRow>, sqlx::Error> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE 1 = 1");
    match &f.scope_roots {
        Some(roots) => {
            let mut any = vec!["1 = 0".to_owned()];
            if !roots.is_empty() {
                any.push(format!(
                    "a.region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id IN ({}))",
                    id_list(roots)
                ));
            }
            if !f.organizations.is_empty() {
                any.push(format!(
                    "a.organization_id IN ({})",
                    id_list(&f.organizations)
                ));
            }
            sql.push(&format!(" AND ({})", any.join(" OR ")));
        }
        None => {
            sql.push(" AND a.status <> 'draft'");
        }
    }
    if let Some(r) = f.region_id {
        sql.push(
            " AND a.region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id = ",
        )
        .bind(r)
        .push(")");
    }
    if let Some(s) = &f.status {
        sql.push(" AND a.status = ").bind(s.as_str());
    }
    if let Some(k) = &f.kind {
        sql.push(" AND a.kind = ").bind(k.as_str());
    }
    if let Some(code) = &f.audience {
        sql.push(" AND EXISTS (SELECT 1 FROM activity_audiences aa JOIN dir_terms t ON t.id = aa.term_id \
             WHERE aa.activity_id = a.id AND t.taxonomy = 'audience' AND t.code = ").bind(code.as_str())
        .push(")");
    }
    if let Some(from) = f.from {
        sql.push(" AND a.ends_at > ").bind(from);
    }
    if let Some(to) = f.to {
        sql.push(" AND a.starts_at < ").bind(to);
    }
    if let Some(user) = f.signed_up {
        sql.push(" AND a.id IN (SELECT activity_id FROM activity_signups WHERE status <> 'cancelled' AND user_id = ").bind(user)
        .push(")");
    }
    if let Some((start, id)) = f.after {
        sql.push(" AND (a.starts_at > ")
            .bind(start)
            .push(" OR (a.starts_at = ")
            .bind(start)
            .push(" AND a.id > ")
            .bind(id)
            .push("))");
    }
    sql.push(" ORDER BY a.starts_at, a.id LIMIT ")
        .bind(i64::from(f.limit) + 1);
    sql.query_as().fetch_all(db.pool()).await
}

/// Audience codes of activities: (activity id, code).
pub async fn audiences_of(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(&format!(
        "SELECT aa.activity_id, t.code FROM activity_audiences aa JOIN dir_terms t ON t.id = aa.term_id \
         WHERE aa.activity_id IN ({}) ORDER BY t.sort_order, t.code",
        id_list(ids)
    ))
    .fetch_all(db.pool())
    .await
}

/// Term ids of audience codes (unknown codes are missing from the answer).
pub async fn audience_terms(db: &Db, codes: &[String]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mut sql =
        Sql::new("SELECT id, code FROM dir_terms WHERE taxonomy = 'audience' AND code IN (''");
    for c in codes {
        sql.push(", ").bind(c.as_str());
    }
    sql.push(")");
    sql.query_as().fetch_all(db.pool()).await
}

/// The organisation's region, when it exists.
pub async fn organization_region(db: &Db, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT region_id FROM dir_organizations WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// Everything an activity row holds besides its state.
pub struct NewActivity<'a> {
    pub series_id: Option<i64>,
    pub region_id: i64,
    pub organization_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub fields: &'a Checked,
    /// The place as written, or the venue's name and address.
    pub place_zh: &'a str,
    pub place_en: Option<&'a str>,
    pub dated: Dated,
    pub created_by: i64,
}

pub async fn insert_series(
    conn: &mut AnyConnection,
    by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO activity_series (created_by, created_at) VALUES ($1, $2) RETURNING id",
    )
    .bind(by)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn insert(
    conn: &mut AnyConnection,
    a: &NewActivity<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let f = a.fields;
    sqlx::query_scalar(
        "INSERT INTO activities (series_id, region_id, organization_id, venue_id, kind, title_zh, \
         title_en, description_zh, description_en, place_zh, place_en, starts_at, ends_at, capacity, \
         max_companions, signup_opens_at, signup_closes_at, cost_zh, cost_en, accessibility_zh, \
         accessibility_en, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, 'draft', $22, $23, $23) RETURNING id",
    )
    .bind(a.series_id)
    .bind(a.region_id)
    .bind(a.organization_id)
    .bind(a.venue_id)
    .bind(f.kind.as_str())
    .bind(&f.title_zh)
    .bind(&f.title_en)
    .bind(&f.description_zh)
    .bind(&f.description_en)
    .bind(a.place_zh)
    .bind(a.place_en)
    .bind(a.dated.start)
    .bind(a.dated.end)
    .bind(f.capacity)
    .bind(f.max_companions)
    .bind(a.dated.signup_opens)
    .bind(a.dated.signup_closes)
    .bind(&f.cost_zh)
    .bind(&f.cost_en)
    .bind(&f.accessibility_zh)
    .bind(&f.accessibility_en)
    .bind(a.created_by)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Rewrites one date's fields (not its state, series or places taken).
pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    a: &NewActivity<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let f = a.fields;
    sqlx::query(
        "UPDATE activities SET region_id = $2, organization_id = $3, venue_id = $4, kind = $5, \
         title_zh = $6, title_en = $7, description_zh = $8, description_en = $9, place_zh = $10, \
         place_en = $11, starts_at = $12, ends_at = $13, capacity = $14, max_companions = $15, \
         signup_opens_at = $16, signup_closes_at = $17, cost_zh = $18, cost_en = $19, \
         accessibility_zh = $20, accessibility_en = $21, updated_at = $22, reminded_at = NULL \
         WHERE id = $1",
    )
    .bind(id)
    .bind(a.region_id)
    .bind(a.organization_id)
    .bind(a.venue_id)
    .bind(f.kind.as_str())
    .bind(&f.title_zh)
    .bind(&f.title_en)
    .bind(&f.description_zh)
    .bind(&f.description_en)
    .bind(a.place_zh)
    .bind(a.place_en)
    .bind(a.dated.start)
    .bind(a.dated.end)
    .bind(f.capacity)
    .bind(f.max_companions)
    .bind(a.dated.signup_opens)
    .bind(a.dated.signup_closes)
    .bind(&f.cost_zh)
    .bind(&f.cost_en)
    .bind(&f.accessibility_zh)
    .bind(&f.accessibility_en)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn set_audiences(
    conn: &mut AnyConnection,
    id: i64,
    terms: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM activity_audiences WHERE activity_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for t in terms {
        sqlx::query("INSERT INTO activity_audiences (activity_id, term_id) VALUES ($1, $2)")
            .bind(id)
            .bind(t)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Deletes a draft (one date of a series); false when it is not a draft any more.
pub async fn delete_draft(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "DELETE FROM stored_files WHERE name IN (SELECT 'activity/' || p.file_name FROM activity_photos p \
         JOIN activities a ON a.id = p.activity_id WHERE a.id = $1 AND a.status = 'draft')",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM activity_audiences WHERE activity_id = $1 AND EXISTS (SELECT 1 FROM activities WHERE id = $1 AND status = 'draft')")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let n = sqlx::query("DELETE FROM activities WHERE id = $1 AND status = 'draft'")
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// Publishes a draft, with the booking that holds its venue time.
pub async fn publish(
    conn: &mut AnyConnection,
    id: i64,
    booking_id: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE activities SET status = 'published', booking_id = $2, published_at = $3, updated_at = $3 \
         WHERE id = $1 AND status = 'draft'",
    )
    .bind(id)
    .bind(booking_id)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Points a published activity at its (new) venue booking.
pub async fn set_booking(
    conn: &mut AnyConnection,
    id: i64,
    booking_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE activities SET booking_id = $2 WHERE id = $1")
        .bind(id)
        .bind(booking_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Cancels a draft or published activity; false when it was cancelled already.
pub async fn cancel(
    conn: &mut AnyConnection,
    id: i64,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE activities SET status = 'cancelled', cancel_reason = $2, booking_id = NULL, \
         published_at = COALESCE(published_at, $3), updated_at = $3 WHERE id = $1 AND status <> 'cancelled'",
    )
    .bind(id)
    .bind(reason)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Live bookings (and blocks) that hold time of this venue, or of a venue sharing a space with
/// it, overlapping `start..end`, other than `except`.
pub async fn venue_taken(
    conn: &mut AnyConnection,
    venue_id: i64,
    start: i64,
    end: i64,
    except: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM bookings b WHERE b.holds_slot = 1 AND b.starts_at < $3 \
         AND b.ends_at > $2 AND b.id <> $4 AND b.venue_id IN (SELECT s2.venue_id FROM venue_spaces s1 \
         JOIN venue_spaces s2 ON s2.space_id = s1.space_id WHERE s1.venue_id = $1)",
    )
    .bind(venue_id)
    .bind(start)
    .bind(end)
    .bind(except.unwrap_or(0))
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Whether a closure of the venue covers the local date.
pub async fn venue_closed(
    conn: &mut AnyConnection,
    venue_id: i64,
    day: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM venue_closures WHERE venue_id = $1 AND first_day <= $2 AND last_day >= $2",
    )
    .bind(venue_id)
    .bind(day)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignupRow {
    pub id: i64,
    pub activity_id: i64,
    pub user_id: Option<i64>,
    pub guest_name: Option<String>,
    pub guest_phone: Option<String>,
    pub companions: i64,
    pub status: String,
    pub checkin_code: String,
    pub checked_in_at: Option<i64>,
    pub created_by: Option<i64>,
    pub rating: Option<i64>,
    pub comment: Option<String>,
    pub comment_public: i64,
    pub rated_at: Option<i64>,
    pub user_name: Option<crate::accounts::PersonName>,
    pub user_phone: Option<String>,
    /// Waitlisted sign-ups before this one (and this one): its place in line.
    pub position: i64,
}

impl SignupRow {
    /// The people this sign-up brings.
    pub fn places(&self) -> i64 {
        1 + self.companions
    }
}

const SIGNUP_SELECT: &str = "SELECT s.id, s.activity_id, s.user_id, s.guest_name, s.guest_phone, \
    s.companions, s.status, s.checkin_code, s.checked_in_at, s.created_by, s.rating, s.comment, \
    s.comment_public, s.rated_at, u.display_name AS user_name, u.phone AS user_phone, \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM activity_signups q WHERE q.activity_id = s.activity_id \
     AND q.status = 'waitlisted' AND q.id <= s.id) AS position \
    FROM activity_signups s LEFT JOIN users u ON u.id = s.user_id";

/// The open (not given up) sign-up of an account.
pub async fn signup_of<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    activity: i64,
    user: i64,
) -> Result<Option<SignupRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SIGNUP_SELECT} WHERE s.activity_id = $1 AND s.user_id = $2 AND s.status <> 'cancelled'"
    ))
    .bind(activity)
    .bind(user)
    .fetch_optional(conn)
    .await
}

/// The latest sign-up of an account (given up or not), for ratings after the event.
pub async fn signups_of_user(
    db: &Db,
    user: i64,
    ids: &[i64],
) -> Result<Vec<SignupRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(&format!(
        "{SIGNUP_SELECT} WHERE s.user_id = $1 AND s.status <> 'cancelled' AND s.activity_id IN ({})",
        id_list(ids)
    ))
    .bind(user)
    .fetch_all(db.pool())
    .await
}

pub async fn signup_by_id<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    activity: i64,
    id: i64,
) -> Result<Option<SignupRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SIGNUP_SELECT} WHERE s.activity_id = $1 AND s.id = $2"
    ))
    .bind(activity)
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn signup_by_code(
    conn: &mut AnyConnection,
    activity: i64,
    code: &str,
) -> Result<Option<SignupRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SIGNUP_SELECT} WHERE s.activity_id = $1 AND s.checkin_code = $2"
    ))
    .bind(activity)
    .bind(code)
    .fetch_optional(conn)
    .await
}

/// Every sign-up of an activity: confirmed, then the waitlist in order, then those given up.
pub async fn signups(db: &Db, activity: i64) -> Result<Vec<SignupRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SIGNUP_SELECT} WHERE s.activity_id = $1 ORDER BY CASE s.status WHEN 'confirmed' THEN 0 \
         WHEN 'waitlisted' THEN 1 ELSE 2 END, s.id LIMIT 2000"
    ))
    .bind(activity)
    .fetch_all(db.pool())
    .await
}

/// The waitlist of an activity, first in line first.
pub async fn waitlist(
    conn: &mut AnyConnection,
    activity: i64,
) -> Result<Vec<SignupRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SIGNUP_SELECT} WHERE s.activity_id = $1 AND s.status = 'waitlisted' ORDER BY s.id"
    ))
    .bind(activity)
    .fetch_all(conn)
    .await
}

/// Open sign-ups of accounts (for notices to everyone signed up).
pub async fn open_signups(
    conn: &mut AnyConnection,
    activity: i64,
) -> Result<Vec<SignupRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SIGNUP_SELECT} WHERE s.activity_id = $1 AND s.status <> 'cancelled' ORDER BY s.id"
    ))
    .bind(activity)
    .fetch_all(conn)
    .await
}

/// A new sign-up.
#[derive(Debug, Clone, Copy)]
pub struct NewSignup<'a> {
    pub activity_id: i64,
    pub user_id: Option<i64>,
    pub guest_name: Option<&'a str>,
    pub guest_phone: Option<&'a str>,
    pub companions: i64,
    pub confirmed: bool,
    pub checkin_code: &'a str,
    pub created_by: i64,
}

/// Inserts a sign-up; none when a unique index refused it (the account's open sign-up, or the
/// check-in code): `ON CONFLICT DO NOTHING` keeps the transaction usable on PostgreSQL.
pub async fn insert_signup(
    conn: &mut AnyConnection,
    s: &NewSignup<'_>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO activity_signups (activity_id, user_id, guest_name, guest_phone, companions, \
         status, checkin_code, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(s.activity_id)
    .bind(s.user_id)
    .bind(s.guest_name)
    .bind(s.guest_phone)
    .bind(s.companions)
    .bind(if s.confirmed {
        "confirmed"
    } else {
        "waitlisted"
    })
    .bind(s.checkin_code)
    .bind(s.created_by)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Takes `places` of a published activity if they are free (the CHECK on `places_taken` is
/// the guarantee; this condition keeps it from failing).
pub async fn take_places(
    conn: &mut AnyConnection,
    activity: i64,
    places: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE activities SET places_taken = places_taken + $2, updated_at = $3 \
         WHERE id = $1 AND status = 'published' AND places_taken + $2 <= capacity",
    )
    .bind(activity)
    .bind(places)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn give_places(
    conn: &mut AnyConnection,
    activity: i64,
    places: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE activities SET places_taken = places_taken - $2, updated_at = $3 WHERE id = $1",
    )
    .bind(activity)
    .bind(places)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Moves a sign-up from one state to another; false when it was not in `from` any more.
pub async fn set_signup_status(
    conn: &mut AnyConnection,
    id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE activity_signups SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn check_in(
    conn: &mut AnyConnection,
    id: i64,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE activity_signups SET checked_in_at = COALESCE(checked_in_at, $3), \
         checked_in_by = COALESCE(checked_in_by, $2), updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Records a rating once; false when there was one already.
pub async fn rate(
    db: &Db,
    id: i64,
    stars: i64,
    comment: Option<&str>,
    public: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE activity_signups SET rating = $2, comment = $3, comment_public = $4, rated_at = $5, \
         updated_at = $5 WHERE id = $1 AND rating IS NULL",
    )
    .bind(id)
    .bind(stars)
    .bind(comment)
    .bind(i64::from(public))
    .bind(now)
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Public reviews: (stars, comment, rated at), newest first.
pub async fn reviews(db: &Db, activity: i64) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT rating, comment, rated_at FROM activity_signups WHERE activity_id = $1 \
         AND rating IS NOT NULL AND comment_public = 1 AND comment IS NOT NULL ORDER BY rated_at DESC LIMIT 20",
    )
    .bind(activity)
    .fetch_all(db.pool())
    .await
}

/// One row of the attendance report.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttendanceRow {
    pub id: i64,
    pub title_zh: String,
    pub title_en: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
    pub places_taken: i64,
    pub capacity: i64,
    pub signed_up: i64,
    pub attended: i64,
    pub no_shows: i64,
    pub rating_count: i64,
    pub rating_sum: i64,
}

/// Activities (not drafts) starting in `from..to` within a region, with their attendance.
pub async fn attendance(
    db: &Db,
    region: i64,
    from: i64,
    to: i64,
    now: i64,
) -> Result<Vec<AttendanceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.title_zh, a.title_en, a.starts_at, a.ends_at, a.status, a.places_taken, a.capacity, \
         CAST(COALESCE(SUM(CASE WHEN s.status = 'confirmed' THEN 1 + s.companions ELSE 0 END), 0) AS BIGINT) AS signed_up, \
         CAST(COALESCE(SUM(CASE WHEN s.checked_in_at IS NOT NULL THEN 1 + s.companions ELSE 0 END), 0) AS BIGINT) AS attended, \
         CAST(COALESCE(SUM(CASE WHEN s.status = 'confirmed' AND s.checked_in_at IS NULL AND a.ends_at <= $4 THEN 1 ELSE 0 END), 0) AS BIGINT) AS no_shows, \
         CAST(COUNT(s.rating) AS BIGINT) AS rating_count, CAST(COALESCE(SUM(s.rating), 0) AS BIGINT) AS rating_sum \
         FROM activities a LEFT JOIN activity_signups s ON s.activity_id = a.id \
         WHERE a.status <> 'draft' AND a.starts_at >= $2 AND a.starts_at < $3 \
         AND a.region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id = $1) \
         GROUP BY a.id, a.title_zh, a.title_en, a.starts_at, a.ends_at, a.status, a.places_taken, a.capacity \
         ORDER BY a.starts_at, a.id",
    )
    .bind(region)
    .bind(from)
    .bind(to)
    .bind(now)
    .fetch_all(db.pool())
    .await
}

/// Published activities of a community from `since`, for its calendar feed.
pub async fn of_community(
    db: &Db,
    region: i64,
    since: i64,
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE a.region_id = $1 AND a.status <> 'draft' AND a.ends_at > $2 ORDER BY a.starts_at, a.id LIMIT 500"
    ))
    .bind(region)
    .bind(since)
    .fetch_all(db.pool())
    .await
}

/// Published activities starting within `now..until` whose reminder has not gone out.
pub async fn due_reminders(db: &Db, now: i64, until: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM activities WHERE status = 'published' AND reminded_at IS NULL \
         AND starts_at > $1 AND starts_at <= $2 ORDER BY starts_at LIMIT 200",
    )
    .bind(now)
    .bind(until)
    .fetch_all(db.pool())
    .await
}

/// Marks an activity's reminder sent; false when another instance sent it.
pub async fn mark_reminded(
    conn: &mut AnyConnection,
    id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n =
        sqlx::query("UPDATE activities SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL")
            .bind(id)
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected();
    Ok(n == 1)
}

/// Every sign-up of an account with the activity's title and start, for the data export.
pub async fn signups_for_export(
    db: &Db,
    user: i64,
) -> Result<Vec<(SignupRow, String, i64)>, sqlx::Error> {
    let rows: Vec<SignupRow> = sqlx::query_as(&format!(
        "{SIGNUP_SELECT} WHERE s.user_id = $1 ORDER BY s.id"
    ))
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    let ids: Vec<i64> = rows.iter().map(|s| s.activity_id).collect();
    let titles: Vec<(i64, String, i64)> = if ids.is_empty() {
        Vec::new()
    } else {
        sqlx::query_as(&format!(
            "SELECT id, title_zh, starts_at FROM activities WHERE id IN ({})",
            id_list(&ids)
        ))
        .fetch_all(db.pool())
        .await?
    };
    Ok(rows
        .into_iter()
        .map(|s| {
            let (title, start) = titles
                .iter()
                .find(|(id, _, _)| *id == s.activity_id)
                .map(|(_, t, st)| (t.clone(), *st))
                .unwrap_or_default();
            (s, title, start)
        })
        .collect())
}

/// Erases an account's comments on activities (ratings stay, anonymous).
pub async fn erase_comments(db: &Db, user: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE activity_signups SET comment = NULL, comment_public = 0 WHERE user_id = $1")
        .bind(user)
        .execute(db.pool())
        .await
        .map(|_| ())
}

/// Organisations an account organises for: (id, name zh, name en, region code).
pub async fn organizations_of(
    db: &Db,
    user: i64,
) -> Result<Vec<(i64, String, Option<String>, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.name_zh, o.name_en, r.code FROM organization_members m \
         JOIN dir_organizations o ON o.id = m.organization_id JOIN regions r ON r.id = o.region_id \
         WHERE m.user_id = $1 ORDER BY o.id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// One organisation: (id, name zh, name en, region id, region code).
pub async fn organization(
    db: &Db,
    id: i64,
) -> Result<Option<(i64, String, Option<String>, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.name_zh, o.name_en, o.region_id, r.code FROM dir_organizations o \
         JOIN regions r ON r.id = o.region_id WHERE o.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await
}

/// Members of an organisation: (user id, name, phone, added at).
pub async fn members(
    db: &Db,
    org: i64,
) -> Result<Vec<(i64, crate::accounts::PersonName, Option<String>, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.display_name, u.phone, m.added_at FROM organization_members m \
         JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 ORDER BY m.added_at, u.id",
    )
    .bind(org)
    .fetch_all(db.pool())
    .await
}

/// Adds a member; false when they were one already.
pub async fn add_member<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    org: i64,
    user: i64,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "INSERT INTO organization_members (organization_id, user_id, added_by, added_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(org)
    .bind(user)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Removes a member (of one organisation, or of all with `org` none); false when there was none.
pub async fn remove_member<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    org: Option<i64>,
    user: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "DELETE FROM organization_members WHERE user_id = $1 AND ($2 = 0 OR organization_id = $2)",
    )
    .bind(user)
    .bind(org.unwrap_or(0))
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n > 0)
}

// ---- photos ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub file_name: String,
    pub alt_zh: String,
    pub alt_en: Option<String>,
}

pub async fn photos(db: &Db, activity: i64) -> Result<Vec<PhotoRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT file_name, alt_zh, alt_en FROM activity_photos WHERE activity_id = $1 ORDER BY id",
    )
    .bind(activity)
    .fetch_all(db.pool())
    .await
}

/// Adds a photo after the others; false when the activity already has `max`.
pub async fn append_photo(
    conn: &mut AnyConnection,
    activity: i64,
    p: &PhotoRow,
    max: usize,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM activity_photos WHERE activity_id = $1",
    )
    .bind(activity)
    .fetch_one(&mut *conn)
    .await?;
    if usize::try_from(count).unwrap_or(usize::MAX) >= max {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO activity_photos (activity_id, file_name, alt_zh, alt_en, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(activity)
    .bind(&p.file_name)
    .bind(&p.alt_zh)
    .bind(p.alt_en.as_deref())
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(true)
}

/// Removes a photo of the activity and its file; false when there is none by that name.
pub async fn remove_photo(
    conn: &mut AnyConnection,
    activity: i64,
    file_name: &str,
    stored_name: &str,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query("DELETE FROM activity_photos WHERE activity_id = $1 AND file_name = $2")
        .bind(activity)
        .bind(file_name)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if n == 1 {
        sqlx::query("DELETE FROM stored_files WHERE name = $1")
            .bind(stored_name)
            .execute(conn)
            .await?;
    }
    Ok(n == 1)
}

/// The activity a photo belongs to (to check who may see it).
pub async fn photo_activity(db: &Db, file_name: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT activity_id FROM activity_photos WHERE file_name = $1")
        .bind(file_name)
        .fetch_optional(db.pool())
        .await
}
