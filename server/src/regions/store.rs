//! SQL for the region tree.
use app::api::regions::RegionLevel;
use sqlx::{Any, Executor};

use crate::Db;

/// Internal id of a region row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RegionId(pub i64);

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegionRow {
    pub id: i64,
    pub code: String,
    pub parent_code: Option<String>,
    pub level: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    /// When the community was retired (Unix seconds); `None` while it is in use.
    pub retired_at: Option<i64>,
}

impl RegionRow {
    pub fn level(&self) -> RegionLevel {
        RegionLevel::parse(&self.level).unwrap_or(RegionLevel::Community)
    }
}

const SELECT: &str = "SELECT r.id, r.code, p.code AS parent_code, r.level, r.name_zh, r.name_en, \
     r.retired_at FROM regions r LEFT JOIN regions p ON p.id = r.parent_id";

/// All regions, parents before children, siblings in display order.
pub async fn all(db: &Db) -> Result<Vec<RegionRow>, sqlx::Error> {
    let sql = format!(
        "{SELECT} ORDER BY CASE r.level WHEN 'city' THEN 0 WHEN 'district' THEN 1 \
         WHEN 'subdistrict' THEN 2 ELSE 3 END, r.sort_order, r.code"
    );
    sqlx::query_as(&sql).fetch_all(db.pool()).await
}

pub async fn by_code(db: &Db, code: &str) -> Result<Option<RegionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE r.code = $1"))
        .bind(code)
        .fetch_optional(db.pool())
        .await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<RegionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

pub async fn children(db: &Db, parent: RegionId) -> Result<Vec<RegionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE r.parent_id = $1 ORDER BY r.sort_order, r.code"
    ))
    .bind(parent.0)
    .fetch_all(db.pool())
    .await
}

pub async fn at_level(db: &Db, level: RegionLevel) -> Result<Vec<RegionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE r.level = $1 ORDER BY r.sort_order, r.code"
    ))
    .bind(level.as_str())
    .fetch_all(db.pool())
    .await
}

/// Every region with itself and the regions above it (the whole closure, in one query).
pub async fn ancestors(db: &Db) -> Result<std::collections::HashMap<i64, Vec<i64>>, sqlx::Error> {
    let pairs: Vec<(i64, i64)> =
        sqlx::query_as("SELECT descendant_id, ancestor_id FROM region_closure")
            .fetch_all(db.pool())
            .await?;
    let mut out: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
    for (descendant, ancestor) in pairs {
        out.entry(descendant).or_default().push(ancestor);
    }
    Ok(out)
}

/// Whether `inner` lies within `outer` (or is it).
pub async fn contains(db: &Db, outer: RegionId, inner: RegionId) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM region_closure WHERE ancestor_id = $1 AND descendant_id = $2",
    )
    .bind(outer.0)
    .bind(inner.0)
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

/// Whether one of `ids` is the root of the tree (the city).
pub async fn has_root_among(db: &Db, ids: &[i64]) -> Result<bool, sqlx::Error> {
    if ids.is_empty() {
        return Ok(false);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM regions WHERE parent_id IS NULL AND id IN ({list})"
    ))
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

/// A region to insert, parent given by code.
pub struct NewRegion<'a> {
    pub code: &'a str,
    pub parent: Option<&'a str>,
    pub level: RegionLevel,
    pub name_zh: &'a str,
    pub name_en: Option<&'a str>,
    /// Display position among siblings; `None` puts it after every existing region.
    pub sort_order: Option<i64>,
}

pub async fn insert<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    region: &NewRegion<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO regions (code, parent_id, level, name_zh, name_en, sort_order) \
         VALUES ($1, (SELECT id FROM regions WHERE code = $2), $3, $4, $5, \
         COALESCE($6, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM regions)))",
    )
    .bind(region.code)
    .bind(region.parent)
    .bind(region.level.as_str())
    .bind(region.name_zh)
    .bind(region.name_en)
    .bind(region.sort_order)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM regions")
        .fetch_one(db.pool())
        .await
}

/// Sets both names of a region (`name_en: None` clears the English one).
pub async fn rename<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: RegionId,
    name_zh: &str,
    name_en: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE regions SET name_zh = $1, name_en = $2 WHERE id = $3")
        .bind(name_zh)
        .bind(name_en)
        .bind(id.0)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Moves a community under another subdistrict; the schema refuses anything else and keeps
/// the closure table in step.
pub async fn move_to<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: RegionId,
    parent: RegionId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE regions SET parent_id = $1 WHERE id = $2")
        .bind(parent.0)
        .bind(id.0)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Retires a community at `at` (Unix seconds), or puts it back in use with `None`.
pub async fn set_retired<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: RegionId,
    at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE regions SET retired_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id.0)
        .execute(conn)
        .await
        .map(|_| ())
}
