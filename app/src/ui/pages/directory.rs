//! The service directory: search with filters, service pages, category tiles, and the staff
//! pages (editor, review queue).
pub mod area;
pub mod editor;
pub mod hit;
pub mod misses;
pub mod open_badge;
pub mod report;
pub mod review;
pub mod search;
pub mod service;
pub mod staff;
pub mod tiles;

use crate::ui::i18n::{DirMsg, Lang};

/// `encodeURIComponent`.
pub fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// `2026-11-27T09:00:00+08:00` as `09:00` when it is today, else `11月27日 09:00` /
/// `27 Nov 09:00`.
pub fn short_time(rfc3339: &str, lang: Lang) -> String {
    let date = rfc3339.get(..10).unwrap_or("");
    let time = rfc3339.get(11..16).unwrap_or("");
    let now = js_sys::Date::new_0();
    let today = format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    );
    if date == today {
        return time.to_owned();
    }
    let month: u32 = date.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let day: u32 = date.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(1);
    match lang {
        Lang::Zh => format!("{month}月{day}日 {time}"),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let m = MONTHS[usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0)];
            format!("{day} {m} {time}")
        }
    }
}

/// `2026-11-27…` as `2026年11月27日` / `27 Nov 2026`.
pub fn long_date(rfc3339: &str, lang: Lang) -> String {
    let year = rfc3339.get(..4).unwrap_or("");
    let month: u32 = rfc3339.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let day: u32 = rfc3339.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(1);
    match lang {
        Lang::Zh => format!("{year}年{month}月{day}日"),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let m = MONTHS[usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0)];
            format!("{day} {m} {year}")
        }
    }
}

pub fn weekday_label(weekday: u8) -> DirMsg {
    match weekday {
        1 => DirMsg::Weekday1,
        2 => DirMsg::Weekday2,
        3 => DirMsg::Weekday3,
        4 => DirMsg::Weekday4,
        5 => DirMsg::Weekday5,
        6 => DirMsg::Weekday6,
        _ => DirMsg::Weekday7,
    }
}

pub fn feature_label(feature: &str) -> DirMsg {
    match feature {
        "step_free" => DirMsg::FeatureStepFree,
        "accessible_toilet" => DirMsg::FeatureToilet,
        "lift" => DirMsg::FeatureLift,
        "accessible_parking" => DirMsg::FeatureParking,
        "tactile_paving" => DirMsg::FeatureTactile,
        "hearing_loop" => DirMsg::FeatureHearing,
        "sign_language" => DirMsg::FeatureSign,
        "wheelchair_loan" => DirMsg::FeatureWheelchair,
        _ => DirMsg::FeatureOther,
    }
}

/// `tel:` target of a number as dialled (`0755-83001234` → `tel:075583001234`).
pub fn tel_href(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("tel:{digits}")
}
