//! The hits of a search page as the API sends them.
//!
//! A hit's card (names, summary, categories, place, hours) comes from five queries over the
//! page's services and locations. Hits found by the search index carry the change-log
//! position their document was made at; their cards are kept in memory under it (and the
//! first day of the hours exceptions they hold), so a popular page costs no SQL after its
//! first view, and an edited service — its document re-made at a later position — is read
//! afresh. Every write that changes a card appends the service to the change log: service,
//! organisation and location edits through [`super::index::reindex`], hours through
//! [`super::write::replace_hours`]. Only the "open now" status, which moves with time, is
//! worked out per request. Hits from SQL (no index) carry no position and are never kept.
use std::{collections::HashMap, sync::Arc};

use app::api::{Text, directory as json};
use jiff::civil::Date;

use super::{
    hours::Hours,
    search::HitRow,
    store::{self, Taxonomy, text},
};
use crate::{AppState, calendar::WorkCalendar, error::ApiResult};

/// Cards kept per process; at a few hundred bytes each, a few tens of megabytes.
pub const KEPT_CARDS: u64 = 100_000;

/// What a card is kept under: the hit, its document's change-log position, and the first
/// day of the exceptions its hours hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CardKey {
    sal: i64,
    version: i64,
    from: Date,
}

/// Cards kept by the search index of this process.
pub type Cards = moka::sync::Cache<CardKey, Arc<Card>>;

/// A hit as shown in a result list, all but its opening status now.
#[derive(Debug)]
pub struct Card {
    service_id: i64,
    name: Text,
    organization: Text,
    summary: Text,
    term_ids: Vec<i64>,
    location: json::LocationSummary,
    timezone: String,
    hours: Hours,
    is_free: bool,
    status: json::ServiceStatus,
}

impl Card {
    fn hit(
        &self,
        sal_id: i64,
        tax: &Taxonomy,
        calendar: &WorkCalendar,
        now: jiff::Timestamp,
    ) -> json::ServiceHit {
        json::ServiceHit {
            id: self.service_id,
            service_at_location_id: sal_id,
            name: self.name.clone(),
            organization: self.organization.clone(),
            summary: self.summary.clone(),
            categories: self
                .term_ids
                .iter()
                .filter_map(|id| tax.by_id(*id))
                .filter(|t| t.taxonomy == "category" && t.parent_id.is_none())
                .map(|t| tax.wire(t))
                .collect(),
            location: self.location.clone(),
            open: store::open_status(&self.hours, now, &self.timezone, calendar),
            is_free: self.is_free,
            status: self.status,
        }
    }
}

/// The hits of `rows` in their order, at `now`; rows whose service or location went away
/// since the search are left out.
pub async fn hits(
    state: &AppState,
    tax: &Taxonomy,
    calendar: &WorkCalendar,
    rows: &[HitRow],
    now: jiff::Timestamp,
) -> ApiResult<Vec<json::ServiceHit>> {
    let from = store::exceptions_from(now);
    let kept = state.search_index.cards();
    let key = |row: &HitRow| {
        row.version.map(|version| CardKey {
            sal: row.sal_id,
            version,
            from,
        })
    };
    let mut cards: HashMap<i64, Arc<Card>> = HashMap::with_capacity(rows.len());
    if let Some(kept) = kept {
        for row in rows {
            if let Some(card) = key(row).and_then(|k| kept.get(&k)) {
                cards.insert(row.sal_id, card);
            }
        }
    }
    let missing: Vec<&HitRow> = rows
        .iter()
        .filter(|r| !cards.contains_key(&r.sal_id))
        .collect();
    for (row, card) in load(state, &missing, from).await? {
        let card = Arc::new(card);
        if let (Some(kept), Some(k)) = (kept, key(row)) {
            kept.insert(k, Arc::clone(&card));
        }
        cards.insert(row.sal_id, card);
    }
    Ok(rows
        .iter()
        .filter_map(|row| {
            let card = cards.get(&row.sal_id)?;
            Some(card.hit(row.sal_id, tax, calendar, now))
        })
        .collect())
}

/// The cards of `rows` from the tables (five queries whatever their number).
async fn load<'r>(
    state: &AppState,
    rows: &[&'r HitRow],
    from: Date,
) -> ApiResult<Vec<(&'r HitRow, Card)>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let db = &state.db;
    let service_ids: Vec<i64> = rows.iter().map(|r| r.service_id).collect();
    let location_ids: Vec<i64> = rows.iter().map(|r| r.location_id).collect();
    let services: HashMap<i64, store::ServiceRecord> = store::services_by_ids(db, &service_ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let locations: HashMap<i64, store::LocationRecord> = store::locations_by_ids(db, &location_ids)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let follows: Vec<(i64, bool)> = locations
        .values()
        .map(|l| (l.id, l.follows_workday_calendar == 1))
        .collect();
    let hours = store::hours_of(db, &follows, from).await?;
    let terms = store::terms_of(db, &service_ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for &row in rows {
        let (Some(s), Some(l)) = (
            services.get(&row.service_id),
            locations.get(&row.location_id),
        ) else {
            continue;
        };
        out.push((
            row,
            Card {
                service_id: s.id,
                name: text(&s.name_zh, s.name_en.clone()),
                organization: text(&s.organization_name_zh, s.organization_name_en.clone()),
                summary: text(
                    summary(&s.description_zh, 60),
                    s.description_en.as_deref().map(|e| summary(e, 140)),
                ),
                term_ids: terms.get(&s.id).cloned().unwrap_or_default(),
                location: l.summary(),
                timezone: l.timezone.clone(),
                hours: hours.get(&l.id).cloned().unwrap_or_default(),
                is_free: s.is_free == 1,
                status: s.status(),
            },
        ));
    }
    Ok(out)
}

/// The start of a text, cut at `max` characters with an ellipsis.
fn summary(text: &str, max: usize) -> String {
    let text = text.lines().next().unwrap_or("").trim();
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}
