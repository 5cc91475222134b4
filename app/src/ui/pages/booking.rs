//! Venue booking pages: residents find a venue, book a slot, show the entry code, cancel; staff
//! approve, check in, keep the calendar, set rules and closures, read the usage report.
pub mod approvals;
pub mod area;
pub mod booking_page;
pub mod lottery;
pub mod my_bookings;
pub mod recurring;
pub mod staff_home;
pub mod staff_report;
pub mod staff_settings;
pub mod staff_tools;
pub mod staff_venue;
pub mod strikes;
pub mod venue_editor;
pub mod venue_page;
pub mod venue_photos;
pub mod venues;

use crate::{
    api::{
        accounts::Role,
        booking::{BookingStatus, Feature, OwnerKind, SlotState, StrikeStatus, VenueType},
    },
    ui::i18n::{BookMsg, Lang},
};

/// Roles that see the venue management pages.
pub const STAFF_ROLES: &[Role] = &[Role::CommitteeMember, Role::WorkstationStaff, Role::Admin];

pub fn type_label(t: VenueType) -> BookMsg {
    match t {
        VenueType::Basketball => BookMsg::TypeBasketball,
        VenueType::Badminton => BookMsg::TypeBadminton,
        VenueType::TableTennis => BookMsg::TypeTableTennis,
        VenueType::Gym => BookMsg::TypeGym,
        VenueType::MultipurposeRoom => BookMsg::TypeMultipurposeRoom,
        VenueType::DanceRoom => BookMsg::TypeDanceRoom,
        VenueType::ReadingRoom => BookMsg::TypeReadingRoom,
        VenueType::SchoolSportsGround => BookMsg::TypeSchoolSportsGround,
        VenueType::Football => BookMsg::TypeFootball,
        VenueType::Tennis => BookMsg::TypeTennis,
    }
}

pub fn feature_label(f: Feature) -> BookMsg {
    match f {
        Feature::StepFree => BookMsg::FeatStepFree,
        Feature::AccessibleToilet => BookMsg::FeatAccessibleToilet,
        Feature::HearingLoop => BookMsg::FeatHearingLoop,
        Feature::AccessibleParking => BookMsg::FeatAccessibleParking,
        Feature::Elevator => BookMsg::FeatElevator,
        Feature::BrailleSignage => BookMsg::FeatBrailleSignage,
        Feature::WheelchairLoan => BookMsg::FeatWheelchairLoan,
    }
}

pub fn owner_label(o: OwnerKind) -> BookMsg {
    match o {
        OwnerKind::Community => BookMsg::OwnerCommunity,
        OwnerKind::School => BookMsg::OwnerSchool,
        OwnerKind::Government => BookMsg::OwnerGovernment,
    }
}

pub fn status_label(s: BookingStatus) -> BookMsg {
    match s {
        BookingStatus::Held => BookMsg::StatusHeld,
        BookingStatus::Pending => BookMsg::StatusPending,
        BookingStatus::Confirmed => BookMsg::StatusConfirmed,
        BookingStatus::CheckedIn => BookMsg::StatusCheckedIn,
        BookingStatus::NoShow => BookMsg::StatusNoShow,
        BookingStatus::Completed => BookMsg::StatusCompleted,
        BookingStatus::Cancelled => BookMsg::StatusCancelled,
        BookingStatus::Rejected => BookMsg::StatusRejected,
        BookingStatus::Expired => BookMsg::StatusExpired,
    }
}

pub fn slot_label(s: SlotState) -> BookMsg {
    match s {
        SlotState::Free => BookMsg::SlotFree,
        SlotState::Taken => BookMsg::SlotTaken,
        SlotState::Full => BookMsg::SlotFull,
        SlotState::Blocked => BookMsg::SlotBlocked,
        SlotState::Lottery => BookMsg::SlotLottery,
        SlotState::Past => BookMsg::SlotPast,
        SlotState::NotYetOpen => BookMsg::SlotNotYet,
        SlotState::TooSoon => BookMsg::SlotTooSoon,
    }
}

pub fn strike_label(s: StrikeStatus) -> BookMsg {
    match s {
        StrikeStatus::Active => BookMsg::StrikeActive,
        StrikeStatus::Appealed => BookMsg::StrikeAppealed,
        StrikeStatus::Upheld => BookMsg::StrikeUpheld,
        StrikeStatus::Overturned => BookMsg::StrikeOverturned,
        StrikeStatus::Expired => BookMsg::StrikeExpired,
    }
}

/// The CSS class of a status badge.
pub fn status_class(s: BookingStatus) -> &'static str {
    match s {
        BookingStatus::Confirmed | BookingStatus::CheckedIn => "badge state-ok",
        BookingStatus::Held | BookingStatus::Pending => "badge state-wait",
        BookingStatus::NoShow | BookingStatus::Rejected => "badge state-bad",
        _ => "badge state-off",
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn parse_date(date: &str) -> Option<(i64, i64, i64)> {
    let mut it = date.get(..10)?.split('-').map(|p| p.parse::<i64>().ok());
    Some((it.next()??, it.next()??, it.next()??))
}

/// `date` plus `n` days (`YYYY-MM-DD`).
pub fn add_days(date: &str, n: i64) -> String {
    let Some((y, m, d)) = parse_date(date) else {
        return date.to_owned();
    };
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + n);
    format!("{y:04}-{m:02}-{d:02}")
}

/// 1 = Monday … 7 = Sunday.
pub fn weekday(date: &str) -> u8 {
    parse_date(date)
        .map(|(y, m, d)| {
            u8::try_from((days_from_civil(y, m, d) + 3).rem_euclid(7) + 1).unwrap_or(1)
        })
        .unwrap_or(1)
}

pub fn weekday_name(day: u8, lang: Lang) -> &'static str {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = usize::from(day.clamp(1, 7) - 1);
    match lang {
        Lang::Zh => ZH[i],
        Lang::En => EN[i],
    }
}

/// `11月27日 周五` / `Fri 27 Nov` of a date or an RFC 3339 instant (venue-local).
pub fn date_label(s: &str, lang: Lang) -> String {
    let Some((_, m, d)) = parse_date(s) else {
        return s.to_owned();
    };
    let wd = weekday_name(weekday(s), lang);
    match lang {
        Lang::Zh => format!("{m}月{d}日 {wd}"),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let month = MONTHS[usize::try_from(m.clamp(1, 12) - 1).unwrap_or(0)];
            format!("{wd} {d} {month}")
        }
    }
}

/// `HH:MM` of an RFC 3339 instant (venue-local, as the server writes it).
pub fn time_of(s: &str) -> &str {
    s.get(11..16).unwrap_or("")
}

/// `11月27日 周五 19:00–21:00`.
pub fn span_label(start: &str, end: &str, lang: Lang) -> String {
    format!(
        "{} {}–{}",
        date_label(start, lang),
        time_of(start),
        time_of(end)
    )
}

/// `11月27日 周五 19:00`.
pub fn instant_label(s: &str, lang: Lang) -> String {
    format!("{} {}", date_label(s, lang), time_of(s))
}

/// Today in the browser's calendar (`YYYY-MM-DD`).
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// A fresh random key for `Idempotency-Key`.
pub fn new_key() -> String {
    format!(
        "ui-{:x}-{:x}",
        (js_sys::Math::random() * 1e15) as u64,
        js_sys::Date::now() as u64
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn dates_add_and_know_their_weekday() {
        assert_eq!(add_days("2026-11-30", 1), "2026-12-01");
        assert_eq!(add_days("2026-12-31", 1), "2027-01-01");
        assert_eq!(add_days("2024-03-01", -1), "2024-02-29");
        assert_eq!(weekday("2026-11-26"), 4, "a Thursday");
        assert_eq!(weekday("2026-11-29T19:00:00+08:00"), 7);
        assert_eq!(date_label("2026-11-27", Lang::Zh), "11月27日 周五");
        assert_eq!(date_label("2026-11-27", Lang::En), "Fri 27 Nov");
        assert_eq!(
            span_label(
                "2026-11-27T19:00:00+08:00",
                "2026-11-27T21:00:00+08:00",
                Lang::Zh
            ),
            "11月27日 周五 19:00–21:00"
        );
    }
}
