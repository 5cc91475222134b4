//! The booking rules of a venue, as pure functions: each rule broken is a [`Problem`] whose code
//! names the rule (`rule_max_duration`, `rule_max_advance`, …), answered as 422. No SQL, no HTTP.
//!
//! The weekly quota and the "one booking per space and time" rule are not here: they are
//! guaranteed by the database (see `ledger.rs`); this module only says how many quota units a
//! booking uses and which 30-minute grains it claims.
use app::api::booking::{CapacityMode, QuotaKind, Rules, hhmm, parse_hhmm};
use jiff::{Timestamp, ZonedDateTime, civil::Date, tz::TimeZone};

use super::schedule::DayPlan;
use crate::{error::Problem, phrase::Phrase};

/// Claims and counters are kept per 30 minutes; slot lengths, buffers and hours are multiples.
pub const GRAIN_SECONDS: i64 = 1800;

/// Rules of a new venue unless staff give others.
pub fn default_rules(capacity: u32) -> Rules {
    Rules {
        slot_minutes: 60,
        min_minutes: 60,
        max_minutes: 120,
        buffer_minutes: 0,
        min_advance_days: 0,
        max_advance_days: 7,
        release_time: "08:00".to_owned(),
        quota_kind: QuotaKind::Bookings,
        quota_per_week: 3,
        cancel_deadline_minutes: 120,
        approval_required: false,
        pending_holds_slot: true,
        capacity_mode: CapacityMode::Whole,
        capacity,
        hold_minutes: 10,
        checkin_required: true,
        closed_on_holidays: false,
        waitlist_offer_minutes: 60,
    }
}

/// Each rule (a key of [`Rules`] as JSON) with what it is called in Chinese and English, as the
/// venue editor's form calls it, in the form's order.
#[rustfmt::skip]
const RULE_NAMES: &[(&str, &str, &str)] = &[
    ("slot_minutes", "每段分钟数", "slot minutes"),
    ("min_minutes", "最短分钟数", "minimum minutes"),
    ("max_minutes", "最长分钟数", "maximum minutes"),
    ("buffer_minutes", "间隔分钟数", "buffer minutes"),
    ("min_advance_days", "至少提前天数", "minimum days ahead"),
    ("max_advance_days", "最多提前天数", "maximum days ahead"),
    ("release_time", "每日放号时间", "daily release time"),
    ("quota_kind", "每周限额方式", "weekly quota"),
    ("quota_per_week", "每周限额", "quota per week"),
    ("cancel_deadline_minutes", "自行取消截止（开始前分钟数）", "cancellation deadline minutes"),
    ("approval_required", "需审批", "approval required"),
    ("pending_holds_slot", "待审批时保留时段", "pending requests hold the slot"),
    ("capacity_mode", "容量方式", "capacity mode"),
    ("capacity", "容量", "capacity"),
    ("hold_minutes", "保留时长（分钟）", "hold minutes"),
    ("checkin_required", "需签到", "check-in required"),
    ("closed_on_holidays", "法定节假日闭馆", "closed on public holidays"),
    ("waitlist_offer_minutes", "候补确认时限（分钟）", "waitlist offer minutes"),
];

/// A rule's value as a reader sees it, in Chinese and English: yes or no, a quota's kind in
/// words, numbers and times as they are.
fn rule_value(value: &serde_json::Value) -> (String, String) {
    use serde_json::Value;
    let words = |zh: &str, en: &str| (zh.to_owned(), en.to_owned());
    match value {
        Value::Bool(true) => words("是", "yes"),
        Value::Bool(false) => words("否", "no"),
        Value::String(s) => match s.as_str() {
            "none" => words("不限", "none"),
            "bookings" => words("按次数", "bookings"),
            "hours" => words("按小时", "hours"),
            "whole" => words("整场", "whole venue"),
            "per_person" => words("按人数", "per person"),
            other => words(other, other),
        },
        other => (other.to_string(), other.to_string()),
    }
}

/// The audit detail of a rule change: every rule that changed, with its value before and after,
/// in each language (`None` when nothing changed).
pub fn rule_changes(old: &Rules, new: &Rules) -> Option<Phrase> {
    let (Ok(serde_json::Value::Object(old)), Ok(serde_json::Value::Object(new))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return None;
    };
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for (key, name_zh, name_en) in RULE_NAMES {
        let (before, after) = (old.get(*key), new.get(*key));
        let (Some(before), Some(after)) = (before, after) else {
            continue;
        };
        if before == after {
            continue;
        }
        let ((before_zh, before_en), (after_zh, after_en)) =
            (rule_value(before), rule_value(after));
        zh.push(format!("{name_zh} {before_zh} → {after_zh}"));
        en.push(format!("{name_en} {before_en} → {after_en}"));
    }
    (!zh.is_empty()).then(|| {
        Phrase::new("audit_venue_rules_changed").words(
            "changes",
            "changes_en",
            zh.join("；"),
            en.join("; "),
        )
    })
}

fn invalid(field: &str) -> Problem {
    Problem::new("invalid_rule").field(field)
}

/// Checks a rule set edited by staff; the database checks the same bounds again.
pub fn validate(r: &Rules) -> Result<(), Problem> {
    if !(30..=480).contains(&r.slot_minutes) || !r.slot_minutes.is_multiple_of(30) {
        return Err(invalid("slot_minutes"));
    }
    if r.min_minutes < r.slot_minutes || !r.min_minutes.is_multiple_of(r.slot_minutes) {
        return Err(invalid("min_minutes"));
    }
    if r.max_minutes < r.min_minutes
        || r.max_minutes > 1440
        || !r.max_minutes.is_multiple_of(r.slot_minutes)
    {
        return Err(invalid("max_minutes"));
    }
    if r.buffer_minutes > 240 || !r.buffer_minutes.is_multiple_of(30) {
        return Err(invalid("buffer_minutes"));
    }
    if r.min_advance_days > 365 {
        return Err(invalid("min_advance_days"));
    }
    if r.max_advance_days > 365 || r.max_advance_days < r.min_advance_days {
        return Err(invalid("max_advance_days"));
    }
    if parse_hhmm(&r.release_time).is_none_or(|m| m >= 1440) {
        return Err(invalid("release_time"));
    }
    if r.quota_per_week > 168 || (r.quota_kind != QuotaKind::None && r.quota_per_week == 0) {
        return Err(invalid("quota_per_week"));
    }
    if r.cancel_deadline_minutes > 10080 {
        return Err(invalid("cancel_deadline_minutes"));
    }
    if !(1..=10000).contains(&r.capacity) {
        return Err(invalid("capacity"));
    }
    if !(1..=60).contains(&r.hold_minutes) {
        return Err(invalid("hold_minutes"));
    }
    if !(5..=1440).contains(&r.waitlist_offer_minutes) {
        return Err(invalid("waitlist_offer_minutes"));
    }
    Ok(())
}

/// What is asked for.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub start: i64,
    pub end: i64,
    pub party_size: u32,
}

/// Which rules staff may set aside when booking on a resident's behalf.
#[derive(Debug, Clone, Copy, Default)]
pub struct Waivers {
    pub advance: bool,
}

pub fn zoned(ts: i64, tz: &TimeZone) -> ZonedDateTime {
    Timestamp::from_second(ts)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(tz.clone())
}

/// Minutes after local midnight of an instant.
fn minute_of_day(z: &ZonedDateTime) -> u32 {
    u32::try_from(i32::from(z.hour()) * 60 + i32::from(z.minute())).unwrap_or(0)
}

/// The local date a booking ends on (an end at midnight belongs to the day before).
pub fn end_date(end: i64, tz: &TimeZone) -> Date {
    zoned(end - 1, tz).date()
}

fn days_between(from: Date, to: Date) -> i64 {
    i64::from(to.since(from).map(|s| s.get_days()).unwrap_or(0))
}

/// The last date bookable at `now`: `max_advance_days` ahead once today's release time has
/// passed, one day less before it.
pub fn last_bookable_date(rules: &Rules, now: i64, tz: &TimeZone) -> Date {
    let z = zoned(now, tz);
    let release = parse_hhmm(&rules.release_time).unwrap_or(0);
    let ahead = i64::from(rules.max_advance_days) - i64::from(minute_of_day(&z) < release);
    z.date()
        .checked_add(jiff::Span::new().days(ahead))
        .unwrap_or(z.date())
}

/// When a date becomes bookable (its end date minus the advance window, at the release time).
pub fn bookable_from(rules: &Rules, date: Date, tz: &TimeZone) -> Option<i64> {
    let release = parse_hhmm(&rules.release_time).unwrap_or(0);
    let day = date
        .checked_sub(jiff::Span::new().days(i64::from(rules.max_advance_days)))
        .ok()?;
    let dt = day.to_datetime(
        jiff::civil::Time::new(
            i8::try_from(release / 60).ok()?,
            i8::try_from(release % 60).ok()?,
            0,
            0,
        )
        .ok()?,
    );
    tz.to_timestamp(dt).ok().map(|t| t.as_second())
}

/// Checks a request against the rules and the plan of its date (`plan` is the plan of the
/// start's local date). The first rule broken is returned.
pub fn check(
    rules: &Rules,
    plan: &DayPlan,
    req: Request,
    now: i64,
    tz: &TimeZone,
    waivers: Waivers,
) -> Result<(), Problem> {
    if req.end <= req.start {
        return Err(Problem::new("invalid_time_range").field("end"));
    }
    let minutes = (req.end - req.start) / 60;
    let slot = i64::from(rules.slot_minutes);
    if req.start % GRAIN_SECONDS != 0 || req.end % GRAIN_SECONDS != 0 || minutes % slot != 0 {
        return Err(Problem::new("rule_slot_length")
            .field("end")
            .param("minutes", rules.slot_minutes));
    }
    if minutes < i64::from(rules.min_minutes) {
        return Err(Problem::new("rule_min_duration")
            .field("end")
            .param("minutes", rules.min_minutes));
    }
    if minutes > i64::from(rules.max_minutes) {
        return Err(Problem::new("rule_max_duration")
            .field("end")
            .param("minutes", rules.max_minutes));
    }
    if req.party_size == 0 || req.party_size > rules.capacity {
        return Err(Problem::new("rule_capacity")
            .field("party_size")
            .param("capacity", rules.capacity));
    }
    if req.start < now {
        return Err(Problem::new("rule_in_past").field("start"));
    }
    let start = zoned(req.start, tz);
    let last = end_date(req.end, tz);
    if last != start.date() {
        return Err(Problem::new("rule_opening_hours").field("end"));
    }
    let from = minute_of_day(&start);
    let to = from + u32::try_from(minutes).unwrap_or(u32::MAX);
    match plan {
        DayPlan::Closed { reason } => {
            return Err(Problem::new("venue_closed")
                .field("start")
                .param("reason", &reason.zh));
        }
        DayPlan::Open { intervals, .. } => {
            let Some(interval) = intervals.iter().find(|i| i.opens <= from && to <= i.closes)
            else {
                return Err(Problem::new("rule_opening_hours").field("start"));
            };
            if !(from - interval.opens).is_multiple_of(rules.slot_minutes) {
                return Err(Problem::new("rule_slot_length")
                    .field("start")
                    .param("minutes", rules.slot_minutes));
            }
        }
    }
    if !waivers.advance {
        let today = zoned(now, tz).date();
        if days_between(today, last) < i64::from(rules.min_advance_days) {
            return Err(Problem::new("rule_min_advance")
                .field("start")
                .param("days", rules.min_advance_days));
        }
        if last > last_bookable_date(rules, now, tz) {
            let from = bookable_from(rules, last, tz)
                .map(|t| crate::time::rfc3339_in(t, tz))
                .unwrap_or_default();
            return Err(Problem::new("rule_max_advance")
                .field("start")
                .param("days", rules.max_advance_days)
                .param("release_time", &rules.release_time)
                .param("bookable_from", from));
        }
    }
    Ok(())
}

/// The last moment a resident may cancel.
pub fn cancel_deadline(rules: &Rules, start: i64) -> i64 {
    start - i64::from(rules.cancel_deadline_minutes) * 60
}

/// A resident's cancellation, by the frozen rules of the booking.
pub fn check_cancel(rules: &Rules, start: i64, now: i64, tz: &TimeZone) -> Result<(), Problem> {
    let deadline = cancel_deadline(rules, start);
    if now > deadline {
        return Err(Problem::new("rule_cancel_deadline")
            .param("deadline", crate::time::rfc3339_in(deadline, tz))
            .param("minutes", rules.cancel_deadline_minutes));
    }
    Ok(())
}

/// The weekly quota a booking counts against: (ISO week key, units, limit), or `None`.
/// Units are bookings (1 each) or minutes; the limit is in the same unit.
pub fn quota(rules: &Rules, req: Request, tz: &TimeZone) -> Option<(String, i64, i64)> {
    let limit = i64::from(rules.quota_per_week);
    let (units, limit) = match rules.quota_kind {
        QuotaKind::None => return None,
        QuotaKind::Bookings => (1, limit),
        QuotaKind::Hours => ((req.end - req.start) / 60, limit * 60),
    };
    Some((week_key(zoned(req.start, tz).date()), units, limit))
}

/// `2026-W48`.
pub fn week_key(date: Date) -> String {
    let w = date.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// The grains a booking claims: its time plus the buffer after it.
pub fn grains(rules: &Rules, start: i64, end: i64) -> Vec<i64> {
    let until = end + i64::from(rules.buffer_minutes) * 60;
    (start / GRAIN_SECONDS..(until + GRAIN_SECONDS - 1) / GRAIN_SECONDS)
        .map(|g| g * GRAIN_SECONDS)
        .collect()
}

/// Text of a rule for messages: `HH:MM`.
pub fn release_label(minutes: u32) -> String {
    hhmm(minutes)
}

#[cfg(test)]
mod tests {
    use app::api::Text;

    use super::*;
    use crate::booking::schedule::Interval;

    #[test]
    fn every_rule_has_a_name_in_both_languages() {
        let serde_json::Value::Object(rules) =
            serde_json::to_value(default_rules(20)).expect("rules are JSON")
        else {
            panic!("rules are an object");
        };
        let named: Vec<&str> = RULE_NAMES.iter().map(|(key, _, _)| *key).collect();
        let mut keys: Vec<&str> = rules.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut sorted = named.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, keys, "every rule is named once, and only rules");
        for (key, zh, en) in RULE_NAMES {
            assert!(!zh.is_ascii(), "{key} has a Chinese name");
            assert!(
                en.is_ascii() && !en.contains('_'),
                "{key} has an English name: {en}"
            );
        }
    }

    #[test]
    fn a_rule_change_lists_each_changed_rule_with_its_values_in_each_language() {
        crate::register_messages();
        let old = default_rules(20);
        assert_eq!(rule_changes(&old, &old.clone()), None, "nothing changed");
        let new = Rules {
            quota_kind: QuotaKind::Hours,
            release_time: "07:30".to_owned(),
            checkin_required: false,
            ..old.clone()
        };
        let changes = rule_changes(&old, &new).expect("three rules changed");
        let read =
            |lang| crate::phrase::render(changes.code, changes.params_json().as_deref(), &[], lang);
        assert_eq!(
            read(crate::lang::Lang::En),
            "Changed rules: daily release time 08:00 → 07:30; weekly quota bookings → hours; \
             check-in required yes → no"
        );
        assert_eq!(
            read(crate::lang::Lang::Zh),
            "修改了规则：每日放号时间 08:00 → 07:30；每周限额方式 按次数 → 按小时；需签到 是 → 否"
        );
    }

    fn tz() -> TimeZone {
        crate::time::default_tz().clone()
    }

    /// 2026-11-26 (Thursday) 10:00 in Shenzhen.
    const NOW: i64 = 1_795_658_400;

    fn at(day: i8, h: i8, m: i8) -> i64 {
        jiff::civil::date(2026, 11, day)
            .at(h, m, 0, 0)
            .to_zoned_datetime(tz())
            .map(|z| z.timestamp().as_second())
            .unwrap_or_default()
    }

    fn open() -> DayPlan {
        DayPlan::Open {
            intervals: vec![Interval {
                opens: 8 * 60,
                closes: 22 * 60,
            }],
            note: None,
        }
    }

    fn req(day: i8, h: i8, hours: i64) -> Request {
        let start = at(day, h, 0);
        Request {
            start,
            end: start + hours * 3600,
            party_size: 4,
        }
    }

    fn code(r: Result<(), Problem>) -> &'static str {
        r.err().map_or("ok", |p| p.code)
    }

    fn check_default(rules: &Rules, r: Request) -> &'static str {
        code(check(rules, &open(), r, NOW, &tz(), Waivers::default()))
    }

    #[test]
    fn now_constant_is_thursday_ten_o_clock() {
        assert_eq!(crate::time::rfc3339(NOW), "2026-11-26T10:00:00+08:00");
        assert_eq!(at(26, 10, 0), NOW);
    }

    #[test]
    fn a_plain_request_passes() {
        assert_eq!(check_default(&default_rules(10), req(27, 19, 2)), "ok");
    }

    #[test]
    fn slot_length_and_grid() {
        let rules = default_rules(10);
        let mut r = req(27, 19, 1);
        r.end += 1800;
        assert_eq!(
            check_default(&rules, r),
            "rule_slot_length",
            "90 min on a 60 min slot"
        );
        let mut r = req(27, 19, 1);
        r.start += 60;
        r.end += 60;
        assert_eq!(check_default(&rules, r), "rule_slot_length", "off the grid");
        let mut thirty = default_rules(10);
        thirty.slot_minutes = 60;
        let r = Request {
            start: at(27, 19, 30),
            end: at(27, 20, 30),
            party_size: 1,
        };
        assert_eq!(
            check_default(&thirty, r),
            "rule_slot_length",
            "slots start on the hour when the venue opens on the hour"
        );
    }

    #[test]
    fn min_and_max_duration() {
        let mut rules = default_rules(10);
        rules.min_minutes = 120;
        rules.max_minutes = 180;
        assert_eq!(check_default(&rules, req(27, 19, 1)), "rule_min_duration");
        assert_eq!(check_default(&rules, req(27, 8, 4)), "rule_max_duration");
        assert_eq!(check_default(&rules, req(27, 8, 3)), "ok");
    }

    #[test]
    fn capacity_limits_the_party() {
        let rules = default_rules(3);
        assert_eq!(check_default(&rules, req(27, 19, 1)), "rule_capacity");
        let mut r = req(27, 19, 1);
        r.party_size = 0;
        assert_eq!(check_default(&rules, r), "rule_capacity");
    }

    #[test]
    fn the_past_is_refused() {
        assert_eq!(
            check_default(&default_rules(10), req(26, 8, 1)),
            "rule_in_past"
        );
    }

    #[test]
    fn opening_hours_and_closures() {
        let rules = default_rules(10);
        assert_eq!(
            check_default(&rules, req(27, 21, 2)),
            "rule_opening_hours",
            "runs past closing"
        );
        assert_eq!(
            check_default(&rules, req(27, 7, 1)),
            "rule_opening_hours",
            "before opening"
        );
        let closed = DayPlan::Closed {
            reason: Text::new("暂停开放：维修", None),
        };
        let err = check(
            &rules,
            &closed,
            req(27, 19, 1),
            NOW,
            &tz(),
            Waivers::default(),
        )
        .err();
        assert_eq!(err.as_ref().map(|p| p.code), Some("venue_closed"));
        assert_eq!(
            err.map(|p| p.params),
            Some(vec![("reason", "暂停开放：维修".to_owned())])
        );
    }

    #[test]
    fn advance_window_is_measured_to_the_end_and_opens_at_the_release_time() {
        let mut rules = default_rules(10);
        rules.max_advance_days = 3;
        rules.release_time = "08:00".into();
        // Today is the 26th, 10:00, after the release time: up to the 29th.
        assert_eq!(check_default(&rules, req(29, 19, 1)), "ok");
        assert_eq!(check_default(&rules, req(30, 8, 1)), "rule_max_advance");
        rules.release_time = "12:00".into();
        assert_eq!(
            check_default(&rules, req(29, 19, 1)),
            "rule_max_advance",
            "before today's release time the 29th is not open yet"
        );
        assert_eq!(check_default(&rules, req(28, 19, 1)), "ok");
        let waived = check(
            &rules,
            &open(),
            req(30, 8, 1),
            NOW,
            &tz(),
            Waivers { advance: true },
        );
        assert!(waived.is_ok(), "staff may waive the window");
        rules.min_advance_days = 1;
        assert_eq!(check_default(&rules, req(26, 19, 1)), "rule_min_advance");
        assert_eq!(check_default(&rules, req(27, 19, 1)), "ok");
    }

    #[test]
    fn bookable_from_is_the_release_time_of_the_day_the_window_reaches_the_date() {
        let mut rules = default_rules(10);
        rules.max_advance_days = 7;
        rules.release_time = "08:00".into();
        let from = bookable_from(&rules, jiff::civil::date(2026, 12, 10), &tz());
        assert_eq!(
            from.map(crate::time::rfc3339),
            Some("2026-12-03T08:00:00+08:00".to_owned())
        );
    }

    #[test]
    fn cancellation_deadline() {
        let rules = default_rules(10);
        let start = at(26, 11, 0);
        assert_eq!(
            code(check_cancel(&rules, start, NOW, &tz())),
            "rule_cancel_deadline",
            "one hour before, with a two-hour deadline"
        );
        assert_eq!(code(check_cancel(&rules, at(26, 12, 0), NOW, &tz())), "ok");
    }

    #[test]
    fn quota_units_and_weeks() {
        let mut rules = default_rules(10);
        let r = req(27, 19, 2);
        assert_eq!(quota(&rules, r, &tz()), Some(("2026-W48".into(), 1, 3)));
        rules.quota_kind = QuotaKind::Hours;
        rules.quota_per_week = 4;
        assert_eq!(quota(&rules, r, &tz()), Some(("2026-W48".into(), 120, 240)));
        rules.quota_kind = QuotaKind::None;
        assert_eq!(quota(&rules, r, &tz()), None);
        assert_eq!(week_key(jiff::civil::date(2027, 1, 1)), "2026-W53");
    }

    #[test]
    fn grains_cover_the_booking_and_its_buffer() {
        let mut rules = default_rules(10);
        let r = req(27, 19, 1);
        assert_eq!(grains(&rules, r.start, r.end).len(), 2);
        rules.buffer_minutes = 30;
        let g = grains(&rules, r.start, r.end);
        assert_eq!(g.len(), 3);
        assert_eq!(g[0], r.start);
        assert_eq!(g[2], r.end);
    }

    #[test]
    fn staff_rule_edits_are_validated() {
        let ok = default_rules(10);
        assert!(validate(&ok).is_ok());
        type Change = Box<dyn Fn(&mut Rules)>;
        let cases: Vec<(&str, Change)> = vec![
            ("slot_minutes", Box::new(|r| r.slot_minutes = 45)),
            ("min_minutes", Box::new(|r| r.min_minutes = 30)),
            ("max_minutes", Box::new(|r| r.max_minutes = 90)),
            ("buffer_minutes", Box::new(|r| r.buffer_minutes = 10)),
            ("max_advance_days", Box::new(|r| r.max_advance_days = 400)),
            (
                "release_time",
                Box::new(|r| r.release_time = "25:00".into()),
            ),
            ("quota_per_week", Box::new(|r| r.quota_per_week = 0)),
            ("hold_minutes", Box::new(|r| r.hold_minutes = 0)),
            ("capacity", Box::new(|r| r.capacity = 0)),
        ];
        for (field, change) in cases {
            let mut r = ok.clone();
            change(&mut r);
            assert_eq!(
                validate(&r).err().and_then(|p| p.field),
                Some(field.to_owned()),
                "{field}"
            );
        }
    }
}
