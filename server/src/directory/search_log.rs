//! The directory's change log (`dir_search_log`): what each server's search index follows.
//!
//! Every write that can change what search finds appends the service it touched inside the
//! writing transaction ([`append`], called by [`super::index::reindex`], which every write
//! path already calls); bulk loads append a rebuild marker ([`append_rebuild`]). The search
//! index reads the log in `seq` order ([`since`]).
use sqlx::AnyConnection;

use crate::Db;

/// Appends a change of one service (`None`: everything, rebuild).
///
/// First takes the `directory_version` row lock (by bumping it, as every directory write
/// does through its triggers anyway): appends are serialised until commit, so on PostgreSQL a
/// `seq` never becomes visible after a larger one and a follower reading `seq > cursor` never
/// skips a committed change. SQLite has one writer, where this costs nothing more.
pub async fn append(conn: &mut AnyConnection, service_id: Option<i64>) -> Result<(), sqlx::Error> {
    lock(conn).await?;
    sqlx::query("INSERT INTO dir_search_log (service_id) VALUES ($1)")
        .bind(service_id)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Appends a change of every service offered at a location (its hours changed: search
/// results show them, see [`super::hits`]).
pub async fn append_location(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<(), sqlx::Error> {
    lock(conn).await?;
    sqlx::query(
        "INSERT INTO dir_search_log (service_id) \
         SELECT service_id FROM dir_service_locations WHERE location_id = $1",
    )
    .bind(location_id)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Takes the `directory_version` row lock that orders appends (see [`append`]).
async fn lock(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE directory_version SET version = version + 1")
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Asks every search index to rebuild from the tables (after a bulk load, or on request).
pub async fn append_rebuild(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    append(conn, None).await
}

/// The newest change (0 when the log is empty).
pub async fn latest(db: &Db) -> Result<i64, sqlx::Error> {
    let max: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM dir_search_log")
        .fetch_one(db.pool())
        .await?;
    Ok(max.unwrap_or(0))
}

/// One entry of the log.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Change {
    pub seq: i64,
    pub service_id: Option<i64>,
}

/// Up to `limit` changes after `cursor`, oldest first.
pub async fn since(db: &Db, cursor: i64, limit: i64) -> Result<Vec<Change>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, service_id FROM dir_search_log WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(cursor)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}
