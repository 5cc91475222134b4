//! Community activities (社区活动): residents find one, sign up (with companions), show the
//! check-in code at the door, leave, and rate it afterwards; staff draft one date or a weekly
//! series, publish it (which books the venue), cancel, sign people up in person, check them in
//! and read the month's attendance.
//!
//! The resident pages load with the `venues` chunk and the staff pages with `venue_staff`:
//! chunk groups of their own cost the first load 1.5 KB gzip (the splitter's loader lists
//! twice as many shared chunks, and the main module links them), which it did not have.
pub mod areas;
mod card;
pub mod detail;
mod facts;
pub mod list;
pub mod mine;
mod month;
mod rating;
mod region_filter;
mod signup;

pub mod editor;
mod editor_fields;
mod fields;
pub mod report;
mod scope;
mod signups;
mod staff_actions;
pub mod staff_list;
pub mod staff_page;

use leptos::prelude::*;

use crate::{
    api::activities::{ActivityKind, ActivityStatus, SignupStatus},
    ui::i18n::ActMsg,
};

pub use super::booking::{STAFF_ROLES, add_days, date_label, instant_label, span_label, weekday};

pub fn kind_label(k: ActivityKind) -> ActMsg {
    match k {
        ActivityKind::Culture => ActMsg::KindCulture,
        ActivityKind::Sports => ActMsg::KindSports,
        ActivityKind::Education => ActMsg::KindEducation,
        ActivityKind::Science => ActMsg::KindScience,
        ActivityKind::Health => ActMsg::KindHealth,
        ActivityKind::Volunteering => ActMsg::KindVolunteering,
        ActivityKind::Family => ActMsg::KindFamily,
        ActivityKind::Elders => ActMsg::KindElders,
    }
}

pub fn status_label(s: ActivityStatus) -> ActMsg {
    match s {
        ActivityStatus::Draft => ActMsg::StatusDraft,
        ActivityStatus::Published => ActMsg::StatusPublished,
        ActivityStatus::Full => ActMsg::StatusFull,
        ActivityStatus::Finished => ActMsg::StatusFinished,
        ActivityStatus::Cancelled => ActMsg::StatusCancelled,
    }
}

/// The CSS class of an activity's status badge.
pub fn status_class(s: ActivityStatus) -> &'static str {
    match s {
        ActivityStatus::Published => "badge state-ok",
        ActivityStatus::Full | ActivityStatus::Draft => "badge state-wait",
        ActivityStatus::Cancelled => "badge state-bad",
        ActivityStatus::Finished => "badge state-off",
    }
}

pub fn signup_label(s: SignupStatus) -> ActMsg {
    match s {
        SignupStatus::Confirmed => ActMsg::SignupConfirmed,
        SignupStatus::Waitlisted => ActMsg::SignupWaitlisted,
        SignupStatus::Cancelled => ActMsg::SignupCancelled,
    }
}

pub fn signup_class(s: SignupStatus) -> &'static str {
    match s {
        SignupStatus::Confirmed => "badge state-ok",
        SignupStatus::Waitlisted => "badge state-wait",
        SignupStatus::Cancelled => "badge state-off",
    }
}

/// Why a date could not be published (`Conflict::code`).
pub fn conflict_label(code: &str) -> ActMsg {
    match code {
        "slot_taken" => ActMsg::ConflictTaken,
        "venue_closed" => ActMsg::ConflictClosed,
        "in_past" => ActMsg::ConflictPast,
        _ => ActMsg::ConflictOther,
    }
}

/// Shanghai's offset from UTC in milliseconds (activities are in Shenzhen).
const CN_OFFSET_MS: f64 = 8.0 * 3_600_000.0;

/// Today in Asia/Shanghai (`YYYY-MM-DD`), whatever the browser's own zone.
pub fn today_cn() -> String {
    let day = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        js_sys::Date::now() + CN_OFFSET_MS,
    ));
    format!(
        "{:04}-{:02}-{:02}",
        day.get_utc_full_year(),
        day.get_utc_month() + 1,
        day.get_utc_date()
    )
}

/// This month in Asia/Shanghai (`YYYY-MM`).
pub fn this_month_cn() -> String {
    today_cn().get(..7).unwrap_or_default().to_owned()
}

/// The first and last date of "this weekend" (本周末): the Saturday and Sunday of the week
/// `today` is in, from today on when Saturday has passed.
pub fn weekend(today: &str) -> (String, String) {
    let saturday = add_days(today, 6 - i64::from(weekday(today)));
    let sunday = add_days(&saturday, 1);
    let first = if saturday.as_str() < today {
        today.to_owned()
    } else {
        saturday
    };
    (first, sunday)
}

/// Whether an RFC 3339 instant is now or past.
pub fn has_passed(instant: &str) -> bool {
    js_sys::Date::parse(instant) <= js_sys::Date::now()
}

/// `2026-11-28T09:00` of a `datetime-local` input as an instant in Shenzhen.
pub fn local_instant(value: &str) -> Option<String> {
    let v = value.trim();
    (v.len() >= 16).then(|| format!("{}:00+08:00", &v[..16]))
}

/// The `datetime-local` value (`2026-11-28T09:00`) of an RFC 3339 instant.
pub fn input_of_instant(instant: &str) -> String {
    instant.get(..16).unwrap_or_default().to_owned()
}

/// `a=1&b=2` of the pairs whose value is not empty, values URL-encoded.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        .collect::<Vec<_>>()
        .join("&")
}

/// An optional text: `None` when blank.
pub fn some_text(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// A star rating as text: `★★★★☆`.
pub fn stars(n: u8) -> String {
    (1..=5).map(|i| if i <= n { '★' } else { '☆' }).collect()
}

/// The `id` path parameter of the current route (0 when missing).
pub fn route_id() -> impl Fn() -> i64 + Copy {
    let params = leptos_router::hooks::use_params_map();
    move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn this_weekend_is_saturday_and_sunday_of_the_current_week() {
        // 2026-11-25 is a Wednesday.
        let weekend_of = |d: &str| weekend(d);
        assert_eq!(
            weekend_of("2026-11-25"),
            ("2026-11-28".into(), "2026-11-29".into())
        );
        assert_eq!(
            weekend_of("2026-11-28"),
            ("2026-11-28".into(), "2026-11-29".into())
        );
        assert_eq!(
            weekend_of("2026-11-29"),
            ("2026-11-29".into(), "2026-11-29".into()),
            "on Sunday only what is left of it"
        );
        assert_eq!(
            weekend_of("2026-11-30"),
            ("2026-12-05".into(), "2026-12-06".into())
        );
    }

    #[wasm_bindgen_test]
    fn datetime_inputs_become_shenzhen_instants() {
        assert_eq!(
            local_instant("2026-11-28T09:00").as_deref(),
            Some("2026-11-28T09:00:00+08:00")
        );
        assert_eq!(local_instant(""), None);
        assert_eq!(
            input_of_instant("2026-11-28T09:00:00+08:00"),
            "2026-11-28T09:00"
        );
        assert_eq!(stars(3), "★★★☆☆");
    }
}
