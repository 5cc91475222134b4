//! A venue loaded with what booking decisions need: its rules, time zone, spaces and schedule.
use app::api::booking::{Rules, VenueInput};
use jiff::{civil::Date, tz::TimeZone};

use super::{
    schedule::{DayPlan, Schedule, WeeklyHours},
    store::{self, VenueRow},
};
use crate::{
    Db,
    accounts::CurrentUser,
    audit,
    calendar::WorkCalendar,
    error::{ApiError, ApiResult},
    phrase::Phrase,
};

#[derive(Debug, Clone)]
pub struct Venue {
    pub row: VenueRow,
    pub rules: Rules,
    pub tz: TimeZone,
    pub spaces: Vec<i64>,
}

impl crate::audit::Subject for Venue {
    fn subject(&self) -> String {
        format!("venue:{}", self.id())
    }

    fn region(&self) -> Option<i64> {
        Some(self.row.region_id)
    }
}

impl Venue {
    /// Any venue (staff); 404 `venue_not_found` when there is none.
    pub async fn load(db: &Db, id: i64) -> ApiResult<Self> {
        let row = store::venue(db.pool(), id)
            .await?
            .ok_or_else(|| ApiError::not_found("venue_not_found"))?;
        let rules = store::rules(db.pool(), id)
            .await?
            .ok_or_else(|| ApiError::not_found("venue_not_found"))?
            .into_rules(row.capacity);
        let spaces = store::space_ids(db.pool(), id).await?;
        Ok(Self {
            tz: crate::time::tz(&row.time_zone),
            row,
            rules,
            spaces,
        })
    }

    /// A venue residents can see and book: active ones only.
    pub async fn load_public(db: &Db, id: i64) -> ApiResult<Self> {
        let v = Self::load(db, id).await?;
        if v.row.active != 1 {
            return Err(ApiError::not_found("venue_not_found"));
        }
        Ok(v)
    }

    /// A venue within the caller's staff scope (404 outside it, so it does not appear to exist).
    pub async fn load_in_scope(
        db: &Db,
        user: &CurrentUser,
        roles: &[app::api::accounts::Role],
        id: i64,
    ) -> ApiResult<Self> {
        let v = Self::load(db, id).await?;
        if !user.covers(db, roles, v.row.region_id).await? {
            return Err(ApiError::not_found("venue_not_found"));
        }
        Ok(v)
    }

    pub fn id(&self) -> i64 {
        self.row.id
    }

    /// Approval is needed by the rules, or because the owner (a school) decides first.
    pub fn approval_required(&self) -> bool {
        self.rules.approval_required || self.row.needs_owner_approval == 1
    }

    pub fn name(&self) -> app::api::Text {
        app::api::Text::new(self.row.name_zh.clone(), self.row.name_en.clone())
    }

    /// The schedule for dates `from..=to`: the venue's weekly hours, its (or its whole's)
    /// exceptions, and the closures of every venue sharing a space with it.
    pub async fn schedule(&self, db: &Db, from: Date, to: Date) -> ApiResult<Schedule> {
        let (from, to) = (from.to_string(), to.to_string());
        let weekly = store::weekly_hours(db.pool(), self.id()).await?;
        let mut ids = vec![self.id()];
        ids.extend(self.row.parent_id);
        let rows = store::exceptions(db, &ids, &from, &to).await?;
        // The venue's own exception for a date wins over its whole's.
        let mut exceptions: Vec<_> = rows
            .iter()
            .filter(|r| r.venue_id == self.id())
            .filter_map(store::ExceptionRow::to_exception)
            .collect();
        for r in rows.iter().filter(|r| r.venue_id != self.id()) {
            if let Some(e) = r.to_exception()
                && !exceptions.iter().any(|x| x.date == e.date)
            {
                exceptions.push(e);
            }
        }
        let closures = store::closures(db, self.id(), &from, &to)
            .await?
            .iter()
            .filter_map(store::ClosureRow::to_span)
            .collect();
        Ok(Schedule {
            weekly,
            exceptions,
            closures,
            closed_on_holidays: self.rules.closed_on_holidays,
        })
    }

    /// The plan of one date.
    pub async fn plan(&self, db: &Db, date: Date) -> ApiResult<DayPlan> {
        let calendar = crate::calendar::store::load(db).await?;
        Ok(self.schedule(db, date, date).await?.plan(date, &calendar))
    }

    pub async fn calendar(db: &Db) -> ApiResult<WorkCalendar> {
        Ok(crate::calendar::store::load(db).await?)
    }
}

/// Where a new venue is and when it opens, besides the description in its [`VenueInput`].
pub struct Setup<'a> {
    pub region_id: i64,
    pub tz: &'a str,
    pub rules: &'a Rules,
    pub hours: &'a WeeklyHours,
}

/// Inserts a venue, its spaces, its parts, rules, hours, features and photos in one go, with
/// the audit entry of the staff member `by` who made it (none for seeds and generators).
pub async fn create(
    db: &Db,
    by: Option<i64>,
    input: &VenueInput,
    setup: &Setup<'_>,
    now: i64,
) -> ApiResult<i64> {
    let Setup {
        region_id,
        tz,
        rules,
        hours,
    } = *setup;
    let mut tx = db.begin_write().await?;
    let id = store::insert_venue(
        &mut tx,
        &store::NewVenue {
            region_id,
            parent_id: None,
            input,
            name_zh: input.name_zh.trim(),
            name_en: input.name_en.as_deref(),
            time_zone: tz,
        },
        now,
    )
    .await?;
    let (r, h) = (rules, hours);
    store::upsert_rules(&mut tx, id, r, by, now).await?;
    store::set_weekly_hours(&mut tx, id, h).await?;
    store::set_features(&mut tx, id, &input.features).await?;
    store::set_photos(&mut tx, id, &input.photos).await?;
    if input.parts.is_empty() {
        let space = store::insert_space(&mut tx, id, "main", input.name_zh.trim()).await?;
        store::map_space(&mut tx, id, space).await?;
    } else {
        for part in &input.parts {
            let space =
                store::insert_space(&mut tx, id, part.code.trim(), part.name_zh.trim()).await?;
            store::map_space(&mut tx, id, space).await?;
            let name = format!("{} {}", input.name_zh.trim(), part.name_zh.trim());
            let name_en = match (&input.name_en, &part.name_en) {
                (Some(a), Some(b)) => Some(format!("{a} {b}")),
                _ => None,
            };
            let part_id = store::insert_venue(
                &mut tx,
                &store::NewVenue {
                    region_id,
                    parent_id: Some(id),
                    input,
                    name_zh: &name,
                    name_en: name_en.as_deref(),
                    time_zone: tz,
                },
                now,
            )
            .await?;
            store::map_space(&mut tx, part_id, space).await?;
            store::upsert_rules(&mut tx, part_id, r, by, now).await?;
            store::set_weekly_hours(&mut tx, part_id, h).await?;
            store::set_features(&mut tx, part_id, &input.features).await?;
        }
    }
    let made = by.map(|actor| {
        audit::Event::new(
            actor,
            "venue.create",
            format!("venue:{id}"),
            Some(region_id),
        )
        .saying(Phrase::new("audit_venue_parts").param("parts", input.parts.len()))
    });
    audit::commit(tx, made, now).await?;
    Ok(id)
}
