//! SQL of accounts, sessions and role grants.
use app::api::accounts::Role;
use sqlx::{Any, Executor};

use super::session::{Grant, SessionUser};
use crate::{Db, db::Sql};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub phone: Option<String>,
    pub password_hash: Option<String>,
    pub display_name: super::PersonName,
    pub home_region_id: Option<i64>,
    pub status: String,
    pub totp_secret: Option<String>,
    pub totp_enabled: i64,
    pub totp_last_step: Option<i64>,
    pub created_at: i64,
    /// Verified email address (lower case), if any.
    pub email: Option<String>,
    /// `zh` or `en`: the language of messages written for the account.
    pub language: String,
}

const USER_COLUMNS: &str = "id, phone, password_hash, display_name, home_region_id, status, \
     totp_secret, totp_enabled, totp_last_step, created_at, email, language";
const USER_COLUMNS_OF_U: &str = "u.id, u.phone, u.password_hash, u.display_name, \
     u.home_region_id, u.status, u.totp_secret, u.totp_enabled, u.totp_last_step, u.created_at, \
     u.email, u.language";

/// SQL condition: the user (alias `u`) lives in, or holds a role in, one of the regions or
/// below them.
fn managed_from(roots: &[i64]) -> String {
    let roots = crate::db::id_list(roots);
    format!(
        "(u.home_region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id IN ({roots})) \
         OR EXISTS (SELECT 1 FROM role_grants g JOIN region_closure c ON c.descendant_id = g.region_id \
         WHERE g.user_id = u.id AND c.ancestor_id IN ({roots})))"
    )
}

/// Whether the user lives in, or holds a role in, one of the regions (an administrator's
/// scope) or below them.
pub async fn manages(db: &Db, roots: &[i64], id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM users u WHERE u.id = $1 AND {}",
        managed_from(roots)
    ))
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

/// Whom an administrator looks for.
pub enum Who<'a> {
    Anyone,
    Phone(&'a str),
    /// Part of the display name.
    NamePart(&'a str),
}

/// An administrator's search among the users of their scope.
pub struct UserSearch<'a> {
    pub roots: &'a [i64],
    pub who: Who<'a>,
    /// Only holders of this role.
    pub role: Option<Role>,
    /// Only accounts in this status.
    pub status: Option<&'a str>,
    /// Only users with a smaller id (the next page).
    pub before: Option<i64>,
    pub take: i64,
}

/// Users matching the search, newest first.
pub async fn search_users(db: &Db, s: &UserSearch<'_>) -> Result<Vec<UserRow>, sqlx::Error> {
    let mut sql = Sql::new(&format!(
        "SELECT {} FROM users u WHERE {}",
        USER_COLUMNS_OF_U,
        managed_from(s.roots)
    ));
    match s.who {
        Who::Anyone => {}
        Who::Phone(phone) => {
            sql.push(" AND u.phone = ").bind(phone);
        }
        Who::NamePart(part) => {
            sql.push(" AND u.display_name LIKE ")
                .bind(format!("%{}%", part.replace(['%', '_'], "")));
        }
    }
    if let Some(role) = s.role {
        sql.push(
            " AND EXISTS (SELECT 1 FROM role_grants g2 WHERE g2.user_id = u.id AND g2.role = ",
        )
        .bind(role.as_str())
        .push(")");
    }
    if let Some(status) = s.status {
        sql.push(" AND u.status = ").bind(status);
    }
    if let Some(before) = s.before {
        sql.push(" AND u.id < ").bind(before);
    }
    sql.push(" ORDER BY u.id DESC LIMIT ").bind(s.take);
    sql.query_as().fetch_all(db.pool()).await
}

pub async fn user_by_phone(db: &Db, phone: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE phone = $1"
    ))
    .bind(phone)
    .fetch_optional(db.pool())
    .await
}

pub async fn user_by_id(db: &Db, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

pub struct NewUser<'a> {
    pub phone: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub home_region_id: Option<i64>,
}

/// Inserts an account; a taken phone number is a unique violation.
pub async fn insert_user<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    user: &NewUser<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (phone, password_hash, display_name, home_region_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(user.phone)
    .bind(user.password_hash)
    .bind(user.display_name)
    .bind(user.home_region_id)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn update_profile(
    db: &Db,
    id: i64,
    display_name: &str,
    home_region_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET display_name = $2, home_region_id = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(display_name)
    .bind(home_region_id)
    .bind(now)
    .execute(db.pool())
    .await
    .map(|_| ())
}

pub async fn set_phone<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
    phone: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET phone = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(phone)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The account that has verified this (normalised) email address.
pub async fn user_id_by_email(db: &Db, email: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(db.pool())
        .await
}

/// Sets (or, with `None`, removes) the account's verified email address.
pub async fn set_email<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
    email: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET email = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(email)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_language<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
    language: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET language = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(language)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_password_hash<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
    hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(hash)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_status<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
    status: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET status = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(status)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Removes every personal field of an account; the row stays for the records that point at it.
pub async fn anonymise<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET phone = NULL, password_hash = NULL, display_name = $3, \
         home_region_id = NULL, status = 'deleted', totp_secret = NULL, totp_enabled = 0, \
         totp_last_step = NULL, email = NULL, updated_at = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .bind(super::PersonName::DELETED)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn set_totp_secret<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
    secret: Option<&str>,
    enabled: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_secret = $2, totp_enabled = $3, totp_last_step = NULL, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(secret)
        .bind(i64::from(enabled))
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Turns the second factor on for the secret that was set up (and only that one).
pub async fn enable_totp<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
    secret: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET totp_enabled = 1, updated_at = $3 WHERE id = $1 AND totp_secret = $2",
    )
    .bind(id)
    .bind(secret)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Records the time step of an accepted code; false when that step (or a later one) was
/// already used, so a code is accepted once only.
pub async fn claim_totp_step(db: &Db, id: i64, step: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(id)
    .bind(step)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

// --- sessions ---

pub struct NewSession<'a> {
    pub hash: &'a str,
    pub user_id: i64,
    pub expires_at: i64,
    pub mfa_pending: bool,
    pub user_agent: &'a str,
}

pub async fn insert_session<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    s: &NewSession<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, mfa_pending, user_agent) \
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(s.hash)
    .bind(s.user_id)
    .bind(now)
    .bind(s.expires_at)
    .bind(i64::from(s.mfa_pending))
    .bind(s.user_agent)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The session of `hash` with its active user and the user's grants, in one round trip (one
/// row per grant, or one row with no grant).
pub async fn session_user(
    db: &Db,
    hash: &str,
) -> Result<Option<(SessionUser, Vec<Grant>)>, sqlx::Error> {
    let rows: Vec<SessionGrantRow> = sqlx::query_as(
        "SELECT s.user_id, u.display_name, u.home_region_id, u.totp_enabled, s.last_seen_at, \
         s.expires_at, s.mfa_pending, g.id AS grant_id, g.role, g.region_id, g.department_id \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN role_grants g ON g.user_id = s.user_id \
         WHERE s.id_hash = $1 AND u.status = 'active' ORDER BY g.id",
    )
    .bind(hash)
    .fetch_all(db.pool())
    .await?;
    let grants = rows
        .iter()
        .filter_map(|r| {
            Some(Grant {
                id: r.grant_id?,
                role: Role::parse(r.role.as_deref()?)?,
                region_id: r.region_id?,
                department_id: r.department_id,
            })
        })
        .collect();
    Ok(rows.into_iter().next().map(|r| (r.session, grants)))
}

#[derive(sqlx::FromRow)]
struct SessionGrantRow {
    #[sqlx(flatten)]
    session: SessionUser,
    grant_id: Option<i64>,
    role: Option<String>,
    region_id: Option<i64>,
    department_id: Option<i64>,
}

/// Whether the session still waits for its second factor.
pub async fn is_pending(db: &Db, hash: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id_hash = $1 AND mfa_pending = 1")
            .bind(hash)
            .fetch_one(db.pool())
            .await?;
    Ok(n > 0)
}

pub async fn touch_session(db: &Db, hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(hash)
        .bind(now)
        .execute(db.pool())
        .await
        .map(|_| ())
}

pub async fn delete_session(db: &Db, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(hash)
        .execute(db.pool())
        .await
        .map(|_| ())
}

/// Ends every session of a user (logout everywhere, password change, disabling, deletion).
pub async fn delete_sessions_of<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    user_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?
        .rows_affected())
}

#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub id_hash: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
}

pub async fn sessions_of(db: &Db, user_id: i64, now: i64) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id_hash, created_at, last_seen_at, user_agent FROM sessions \
         WHERE user_id = $1 AND mfa_pending = 0 AND expires_at > $2 ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(db.pool())
    .await
}

pub async fn purge_expired_sessions(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(db.pool())
        .await?
        .rows_affected())
}

// --- roles ---

#[derive(Debug, sqlx::FromRow)]
struct GrantRow {
    id: i64,
    role: String,
    region_id: i64,
    department_id: Option<i64>,
}

pub async fn grants_of(db: &Db, user_id: i64) -> Result<Vec<Grant>, sqlx::Error> {
    let rows: Vec<GrantRow> = sqlx::query_as(
        "SELECT id, role, region_id, department_id FROM role_grants WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Grant {
                id: r.id,
                role: Role::parse(&r.role)?,
                region_id: r.region_id,
                department_id: r.department_id,
            })
        })
        .collect())
}

/// A grant with the codes and names needed to show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GrantView {
    pub id: i64,
    pub user_id: i64,
    pub role: String,
    pub region_id: i64,
    pub region_code: String,
    pub region_zh: String,
    pub region_en: Option<String>,
    pub department_code: Option<String>,
    pub department_zh: Option<String>,
    pub department_en: Option<String>,
}

pub async fn grant_views(db: &Db, user_ids: &[i64]) -> Result<Vec<GrantView>, sqlx::Error> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = crate::db::id_list(user_ids);
    sqlx::query_as(&format!(
        "SELECT g.id, g.user_id, g.role, g.region_id, r.code AS region_code, r.name_zh AS region_zh, \
         r.name_en AS region_en, d.code AS department_code, d.name_zh AS department_zh, \
         d.name_en AS department_en FROM role_grants g JOIN regions r ON r.id = g.region_id \
         LEFT JOIN departments d ON d.id = g.department_id WHERE g.user_id IN ({list}) ORDER BY g.id"
    ))
    .fetch_all(db.pool())
    .await
}

pub async fn insert_grant<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    user_id: i64,
    role: Role,
    region_id: i64,
    department_id: Option<i64>,
    granted_by: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO role_grants (user_id, role, region_id, department_id, granted_by, granted_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(role.as_str())
    .bind(region_id)
    .bind(department_id)
    .bind(granted_by)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn grant_by_id(db: &Db, id: i64) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, region_id, role FROM role_grants WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

pub async fn delete_grant<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM role_grants WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn delete_grants_of<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM role_grants WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Whether any of `roots` contains `region_id` (or is it).
pub async fn any_region_contains(
    db: &Db,
    roots: &[i64],
    region_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM region_closure WHERE descendant_id = $1 AND ancestor_id IN ({})",
        crate::db::id_list(roots)
    ))
    .bind(region_id)
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

#[derive(Debug, sqlx::FromRow)]
pub struct DepartmentRow {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
}

pub async fn departments(db: &Db) -> Result<Vec<DepartmentRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, code, name_zh, name_en FROM departments ORDER BY sort_order, code")
        .fetch_all(db.pool())
        .await
}

pub async fn department_by_code(db: &Db, code: &str) -> Result<Option<DepartmentRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, code, name_zh, name_en FROM departments WHERE code = $1")
        .bind(code)
        .fetch_optional(db.pool())
        .await
}
