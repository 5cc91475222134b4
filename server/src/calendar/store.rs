//! SQL of the holiday calendar.
use app::api::{Text, calendar::DayKind};
use jiff::civil::Date;
use sqlx::AnyConnection;

use super::WorkCalendar;
use crate::Db;

#[derive(Debug, sqlx::FromRow)]
pub struct DayRow {
    pub day: String,
    pub kind: String,
    pub name_zh: String,
    pub name_en: Option<String>,
}

impl DayRow {
    pub fn kind(&self) -> DayKind {
        if self.kind == "workday" {
            DayKind::Workday
        } else {
            DayKind::Holiday
        }
    }
}

pub fn kind_str(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Holiday => "holiday",
        DayKind::Workday => "workday",
    }
}

pub async fn year(db: &Db, year: i16) -> Result<Vec<DayRow>, sqlx::Error> {
    sqlx::query_as("SELECT day, kind, name_zh, name_en FROM calendar_days WHERE day >= $1 AND day <= $2 ORDER BY day")
        .bind(format!("{year:04}-01-01"))
        .bind(format!("{year:04}-12-31"))
        .fetch_all(db.pool())
        .await
}

/// The whole calendar, ready for working-day arithmetic.
pub async fn load(db: &Db) -> Result<WorkCalendar, sqlx::Error> {
    let rows: Vec<DayRow> =
        sqlx::query_as("SELECT day, kind, name_zh, name_en FROM calendar_days ORDER BY day")
            .fetch_all(db.pool())
            .await?;
    Ok(WorkCalendar::new(rows.into_iter().filter_map(|r| {
        let date: Date = r.day.parse().ok()?;
        let kind = r.kind();
        Some((date, kind, Text::new(r.name_zh, r.name_en)))
    })))
}

pub async fn upsert(
    conn: &mut AnyConnection,
    day: Date,
    kind: DayKind,
    name_zh: &str,
    name_en: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_days (day, kind, name_zh, name_en, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name_zh = excluded.name_zh, \
         name_en = excluded.name_en, updated_at = excluded.updated_at",
    )
    .bind(day.to_string())
    .bind(kind_str(kind))
    .bind(name_zh)
    .bind(name_en)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn delete(conn: &mut AnyConnection, day: Date) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM calendar_days WHERE day = $1")
        .bind(day.to_string())
        .execute(conn)
        .await?
        .rows_affected()
        > 0)
}

/// Years whose schedule an administrator confirmed as complete.
pub async fn confirmed_years(db: &Db) -> Result<Vec<i16>, sqlx::Error> {
    let years: Vec<i64> =
        sqlx::query_scalar("SELECT CAST(year AS BIGINT) FROM calendar_years ORDER BY year")
            .fetch_all(db.pool())
            .await?;
    Ok(years
        .into_iter()
        .filter_map(|y| i16::try_from(y).ok())
        .collect())
}

/// Marks a year's schedule complete (or not) as confirmed by `by`.
pub async fn set_confirmed(
    conn: &mut AnyConnection,
    year: i16,
    confirmed: bool,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    if confirmed {
        sqlx::query(
            "INSERT INTO calendar_years (year, confirmed_at, confirmed_by) VALUES ($1, $2, $3) \
             ON CONFLICT (year) DO NOTHING",
        )
        .bind(i64::from(year))
        .bind(now)
        .bind(by)
        .execute(conn)
        .await?;
    } else {
        sqlx::query("DELETE FROM calendar_years WHERE year = $1")
            .bind(i64::from(year))
            .execute(conn)
            .await?;
    }
    Ok(())
}
