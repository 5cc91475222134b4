//! Activity rows to wire types. The shown state is derived: a published activity is `full`
//! without places left and `finished` after its end.
use std::collections::HashMap;

use app::api::{
    Text,
    accounts::{RegionRef, mask_phone},
    activities::{
        Activity, ActivityKind, ActivityStatus, ActivityVenue, MySignup, SignupStatus, StaffSignup,
    },
};

use super::store::{ActivityRow, SignupRow};
use crate::time::{rfc3339_in, tz};

pub fn status(a: &ActivityRow, now: i64) -> ActivityStatus {
    match a.status.as_str() {
        "draft" => ActivityStatus::Draft,
        "cancelled" => ActivityStatus::Cancelled,
        _ if a.ends_at <= now => ActivityStatus::Finished,
        _ if a.places_taken >= a.capacity => ActivityStatus::Full,
        _ => ActivityStatus::Published,
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

pub fn average(sum: i64, n: i64) -> Option<f64> {
    #[expect(clippy::cast_precision_loss, reason = "sums of 1..=5 stars are small")]
    (n > 0).then(|| (sum as f64 / n as f64 * 10.0).round() / 10.0)
}

fn signup_status(s: &str) -> SignupStatus {
    SignupStatus::parse(s).unwrap_or(SignupStatus::Cancelled)
}

pub fn my_signup(s: &SignupRow) -> MySignup {
    let status = signup_status(&s.status);
    MySignup {
        status,
        companions: count(s.companions),
        waitlist_position: (status == SignupStatus::Waitlisted).then(|| count(s.position)),
        checkin_code: (status == SignupStatus::Confirmed).then(|| s.checkin_code.clone()),
        checked_in: s.checked_in_at.is_some(),
        rating: s.rating.and_then(|r| u8::try_from(r).ok()),
    }
}

/// Lines of the staff's sign-up list: names as given, phones masked.
pub fn staff_signup(s: &SignupRow) -> StaffSignup {
    let status = signup_status(&s.status);
    StaffSignup {
        id: s.id,
        name: s
            .user_name
            .as_ref()
            .map(crate::accounts::PersonName::shown)
            .or_else(|| s.guest_name.clone())
            .unwrap_or_default(),
        phone: s
            .user_phone
            .as_deref()
            .or(s.guest_phone.as_deref())
            .map(mask_phone)
            .unwrap_or_default(),
        companions: count(s.companions),
        status,
        waitlist_position: (status == SignupStatus::Waitlisted).then(|| count(s.position)),
        checked_in_at: s.checked_in_at.map(crate::time::rfc3339),
        by_staff: s.created_by.is_some() && s.created_by != s.user_id,
        rating: s.rating.and_then(|r| u8::try_from(r).ok()),
        comment: s.comment.clone(),
    }
}

/// The activity as residents see it; `audiences` by activity id, `mine` the caller's sign-ups.
pub fn activity(
    a: &ActivityRow,
    audiences: &HashMap<i64, Vec<String>>,
    mine: Option<&SignupRow>,
    now: i64,
) -> Activity {
    let zone = tz(&a.time_zone);
    let place = if a.place_zh.is_empty() {
        Text::new(a.venue_zh.clone().unwrap_or_default(), a.venue_en.clone())
    } else {
        Text::new(a.place_zh.clone(), a.place_en.clone())
    };
    Activity {
        id: a.id,
        series_id: a.series_id,
        title: Text::new(a.title_zh.clone(), a.title_en.clone()),
        description: Text::new(a.description_zh.clone(), a.description_en.clone()),
        kind: ActivityKind::parse(&a.kind).unwrap_or(ActivityKind::Culture),
        audiences: audiences.get(&a.id).cloned().unwrap_or_default(),
        community: RegionRef {
            code: a.community_code.clone(),
            name: Text::new(a.community_zh.clone(), a.community_en.clone()),
        },
        organizer: a
            .organizer_zh
            .clone()
            .map(|zh| Text::new(zh, a.organizer_en.clone())),
        venue: a.venue_id.map(|id| ActivityVenue {
            id,
            name: Text::new(a.venue_zh.clone().unwrap_or_default(), a.venue_en.clone()),
        }),
        place,
        starts_at: rfc3339_in(a.starts_at, &zone),
        ends_at: rfc3339_in(a.ends_at, &zone),
        capacity: count(a.capacity),
        places_left: count(a.capacity - a.places_taken),
        waitlisted: count(a.waitlisted),
        max_companions: count(a.max_companions),
        signup_opens_at: a.signup_opens_at.map(|t| rfc3339_in(t, &zone)),
        signup_closes_at: rfc3339_in(a.signup_closes_at, &zone),
        cost: a.cost_zh.clone().map(|zh| Text::new(zh, a.cost_en.clone())),
        accessibility: Text::new(a.accessibility_zh.clone(), a.accessibility_en.clone()),
        status: status(a, now),
        cancel_reason: a.cancel_reason.clone(),
        my_signup: mine.map(my_signup),
        reviews: Vec::new(),
        photos: Vec::new(),
        rating_average: average(a.rating_sum, a.rating_count),
        rating_count: count(a.rating_count),
    }
}
