//! Rows to the wire types residents and staff see.
use std::{collections::HashMap, sync::Arc};

use app::api::{
    Text,
    accounts::RegionRef,
    booking::{
        Booker, Booking, BookingKind, BookingStatus, CapacityMode, Closure, DateException, Feature,
        OpeningHours, OwnerKind, Photo, VenueDetail, VenueRef, VenueSummary, VenueType, hhmm,
    },
};

use super::{
    cache::AvailabilityCache,
    flows,
    ledger::BookingRow,
    rules,
    store::{self, PhotoRow, VenueRow},
    venue::Venue,
};
use crate::{Db, error::ApiResult, time::rfc3339_in};

/// A venue's features and first photo, as its summary shows them.
pub type Extras = (Vec<Feature>, Option<Photo>);

pub fn venue_ref(id: i64, zh: &str, en: Option<&str>) -> VenueRef {
    VenueRef {
        id,
        name: Text::new(zh, en.map(str::to_owned)),
    }
}

pub fn summary(row: &VenueRow, features: Vec<Feature>, photo: Option<Photo>) -> VenueSummary {
    VenueSummary {
        id: row.id,
        name: Text::new(row.name_zh.clone(), row.name_en.clone()),
        venue_type: VenueType::parse(&row.venue_type).unwrap_or(VenueType::MultipurposeRoom),
        community: RegionRef {
            code: row.community_code.clone(),
            name: Text::new(row.community_zh.clone(), row.community_en.clone()),
        },
        district: row.district_code.clone().map(|code| RegionRef {
            code,
            name: Text::new(
                row.district_zh.clone().unwrap_or_default(),
                row.district_en.clone(),
            ),
        }),
        address: Text::new(row.address_zh.clone(), row.address_en.clone()),
        capacity: u32::try_from(row.capacity).unwrap_or(0),
        capacity_mode: CapacityMode::parse(&row.capacity_mode).unwrap_or(CapacityMode::Whole),
        owner_kind: OwnerKind::parse(&row.owner_kind).unwrap_or(OwnerKind::Community),
        owner_name: Text::new(row.owner_name_zh.clone(), row.owner_name_en.clone()),
        features,
        parent_id: row.parent_id,
        approval_required: row.approval_required == 1 || row.needs_owner_approval == 1,
        photo,
        next_free: None,
    }
}

fn photo(p: &PhotoRow) -> Photo {
    Photo {
        url: p.url.clone(),
        alt: Text::new(p.alt_zh.clone(), p.alt_en.clone()),
    }
}

/// The features and first photo of each of `ids` (two queries).
async fn extras(db: &Db, ids: &[i64]) -> ApiResult<HashMap<i64, Extras>> {
    let features = store::features(db, ids).await?;
    let photos = store::photos(db, ids).await?;
    Ok(ids
        .iter()
        .map(|&id| {
            let f = features
                .iter()
                .filter(|(v, _)| *v == id)
                .filter_map(|(_, f)| Feature::parse(f))
                .collect();
            let p = photos.iter().find(|p| p.venue_id == id).map(photo);
            (id, (f, p))
        })
        .collect())
}

/// Summaries of venue rows with their features and first photo (two queries for the page).
pub async fn summaries(db: &Db, rows: &[VenueRow]) -> ApiResult<Vec<VenueSummary>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut extras = extras(db, &ids).await?;
    Ok(rows
        .iter()
        .map(|r| {
            let (f, p) = extras.remove(&r.id).unwrap_or_default();
            summary(r, f, p)
        })
        .collect())
}

/// [`summaries`] for the public lists: features and first photos come from the availability
/// cache when kept under the venue's current versions (triggers on both tables bump them).
pub async fn public_summaries(
    db: &Db,
    cache: &AvailabilityCache,
    rows: &[VenueRow],
) -> ApiResult<Vec<VenueSummary>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let versions = cache.versions_of(db, &ids).await?;
    let kept: HashMap<i64, Arc<Extras>> = ids
        .iter()
        .filter_map(|id| Some((*id, cache.extras(*id, *versions.get(id)?)?)))
        .collect();
    let missing: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| !kept.contains_key(id))
        .collect();
    // Loaded after reading the versions, so what is kept is at least as new as they are.
    let mut loaded = extras(db, &missing).await?;
    for (id, e) in &loaded {
        if let Some(v) = versions.get(id) {
            cache.keep_extras(*id, *v, e.clone());
        }
    }
    Ok(rows
        .iter()
        .map(|r| {
            let (f, p) = match kept.get(&r.id) {
                Some(e) => (e.0.clone(), e.1.clone()),
                None => loaded.remove(&r.id).unwrap_or_default(),
            };
            summary(r, f, p)
        })
        .collect())
}

/// The full public description of a venue.
pub async fn detail(db: &Db, venue: &Venue, now: i64) -> ApiResult<VenueDetail> {
    let row = &venue.row;
    let mut s = summaries(db, std::slice::from_ref(row)).await?;
    let summary = s
        .pop()
        .ok_or_else(|| crate::ApiError::not_found("venue_not_found"))?;
    let photos = store::photos(db, &[row.id])
        .await?
        .iter()
        .map(photo)
        .collect();
    let weekly = store::weekly_hours(db.pool(), row.id).await?;
    let today = rules::zoned(now, &venue.tz).date();
    let until = today
        .checked_add(jiff::Span::new().days(366))
        .unwrap_or(today);
    let exceptions = store::exceptions(db, &[row.id], &today.to_string(), &until.to_string())
        .await?
        .into_iter()
        .map(|e| DateException {
            date: e.day,
            opens: e.opens_minute.map(|m| hhmm(u32::try_from(m).unwrap_or(0))),
            closes: e.closes_minute.map(|m| hhmm(u32::try_from(m).unwrap_or(0))),
            note: Text::new(e.note_zh, e.note_en),
        })
        .collect();
    let closures = store::closures(db, row.id, &today.to_string(), "9999-12-31")
        .await?
        .into_iter()
        .map(|c| Closure {
            id: c.id,
            first_day: c.first_day,
            last_day: c.last_day,
            reason: Text::new(c.reason_zh, c.reason_en),
        })
        .collect();
    let parent = match row.parent_id {
        Some(pid) => store::venue(db.pool(), pid)
            .await?
            .map(|p| venue_ref(p.id, &p.name_zh, p.name_en.as_deref())),
        None => None,
    };
    let parts = store::parts(db, row.id)
        .await?
        .into_iter()
        .map(|(id, zh, en)| venue_ref(id, &zh, en.as_deref()))
        .collect();
    Ok(VenueDetail {
        venue: summary,
        description: Text::new(row.description_zh.clone(), row.description_en.clone()),
        time_zone: row.time_zone.clone(),
        needs_owner_approval: row.needs_owner_approval == 1,
        photos,
        hours: weekly
            .0
            .iter()
            .map(|(d, i)| OpeningHours {
                weekday: *d,
                opens: hhmm(i.opens),
                closes: hhmm(i.closes),
            })
            .collect(),
        exceptions,
        closures,
        rules: venue.rules.clone(),
        parent,
        parts,
    })
}

/// Who sees a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The resident who booked: with the entry code.
    Owner,
    /// Staff of the venue: with the booker's name and masked phone, without the entry code.
    Staff,
}

/// What a booking is for: the words typed, or, for the bookings a lottery makes (the slot kept
/// for the draw, a winner's booking), Linli's own words in the reader's language.
fn purpose(b: &BookingRow) -> String {
    if !b.purpose.is_empty() || b.lottery_id.is_none() {
        return b.purpose.clone();
    }
    let lang = crate::lang::Lang::current();
    match b.kind() {
        BookingKind::Lottery => lang.pick("抽签分配", "Kept for the lottery draw"),
        _ => lang.pick("抽签中签", "Won in the lottery"),
    }
    .to_owned()
}

pub fn booking(b: &BookingRow, audience: Audience, now: i64) -> ApiResult<Booking> {
    let tz = b.tz();
    let rules = b.frozen_rules()?;
    let status = b.status();
    let deadline = rules::cancel_deadline(&rules, b.starts_at);
    let can_cancel = match status {
        BookingStatus::Held | BookingStatus::Pending => true,
        BookingStatus::Confirmed => now <= deadline,
        _ => false,
    };
    Ok(Booking {
        id: b.id,
        venue: venue_ref(b.venue_id, &b.venue_zh, b.venue_en.as_deref()),
        kind: b.kind(),
        status,
        start: rfc3339_in(b.starts_at, &tz),
        end: rfc3339_in(b.ends_at, &tz),
        party_size: u32::try_from(b.party_size).unwrap_or(1),
        purpose: purpose(b),
        entry_code: match audience {
            Audience::Owner => b.entry_code.clone(),
            Audience::Staff => None,
        },
        hold_until: b.hold_until.map(|t| rfc3339_in(t, &tz)),
        cancel_deadline: rfc3339_in(deadline, &tz),
        can_cancel,
        // Empty: cancelled by the resident without a reason (the status says it all).
        reason: b
            .reason
            .clone()
            .filter(|r| !r.is_empty())
            .map(|r| Text::new(r, b.reason_en.clone())),
        approval_step: flows::approval_step(b),
        rules,
        created_at: rfc3339_in(b.created_at, &tz),
        series_id: b.series_id,
        waitlist_offer: b.waitlist_offer == 1,
        checked_in_at: b.checked_in_at.map(|t| rfc3339_in(t, &tz)),
        booker: match audience {
            Audience::Owner => None,
            Audience::Staff => b.booker_name.as_ref().map(|name| Booker {
                name: name.shown(),
                phone_masked: crate::accounts::views::masked_phone(b.booker_phone.as_deref()),
            }),
        },
    })
}
