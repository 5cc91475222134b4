//! Opening hours: weekly windows, dated exceptions and the holiday calendar. Pure: no SQL, no
//! HTTP; "now" is always a parameter so every rule is tested at fixed dates.
//!
//! The rule for a date, in the location's own time zone, first match wins:
//! 1. a dated exception (closed, or special windows) — it beats everything else;
//! 2. for a location that follows the workday calendar (`follows_workday_calendar`, the
//!    default for government-run sites): a public holiday is closed; a make-up working day
//!    (调休上班, a Saturday or Sunday made a working day) opens with the hours of the
//!    location's first Monday–Friday day that has hours (usually Monday);
//! 3. the weekly windows of that weekday.
//!
//! Locations that open all week regardless (clinics, shops) do not follow the calendar: only
//! 1 and 3 apply to them.
use std::collections::BTreeMap;

use app::api::Text;
use jiff::{
    Timestamp,
    civil::{Date, Time},
    tz::TimeZone,
};

use crate::calendar::WorkCalendar;

/// Minutes after local midnight; 1440 is the midnight that ends the day.
pub type Minute = u16;

pub const DAY_END: Minute = 1440;
/// At most this many windows a day.
pub const MAX_WINDOWS_PER_DAY: usize = 6;
/// How far ahead "next open" looks.
pub const LOOKAHEAD_DAYS: i64 = 14;

/// Why a set of hours is not acceptable (each maps to an API error code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursError {
    /// Not `HH:MM`, or out of range.
    BadTime,
    /// Closes at or before it opens.
    EmptyWindow,
    /// Two windows of the same day overlap.
    Overlap,
    /// More than [`MAX_WINDOWS_PER_DAY`] windows in a day.
    TooManyWindows,
    /// Weekday outside 1..=7.
    BadWeekday,
    /// A closed exception with windows, or an open one without.
    BadException,
    /// Two exceptions for the same date.
    DuplicateDate,
}

impl HoursError {
    pub fn code(self) -> &'static str {
        match self {
            Self::BadTime => "invalid_time",
            Self::EmptyWindow => "empty_window",
            Self::Overlap => "overlapping_windows",
            Self::TooManyWindows => "too_many_windows",
            Self::BadWeekday => "invalid_weekday",
            Self::BadException => "invalid_exception",
            Self::DuplicateDate => "duplicate_exception_date",
        }
    }
}

/// One opening window within a day, `opens` inclusive, `closes` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Window {
    pub opens: Minute,
    pub closes: Minute,
}

impl Window {
    pub fn new(opens: Minute, closes: Minute) -> Result<Self, HoursError> {
        if opens >= DAY_END || closes > DAY_END {
            return Err(HoursError::BadTime);
        }
        if closes <= opens {
            return Err(HoursError::EmptyWindow);
        }
        Ok(Self { opens, closes })
    }

    /// Parses `("09:00", "12:00")`; `24:00` only as a closing time.
    pub fn parse(opens: &str, closes: &str) -> Result<Self, HoursError> {
        let o = parse_hhmm(opens).ok_or(HoursError::BadTime)?;
        let c = parse_hhmm(closes).ok_or(HoursError::BadTime)?;
        Self::new(o, c)
    }

    pub fn contains(self, minute: Minute) -> bool {
        self.opens <= minute && minute < self.closes
    }

    /// `09:00–12:00`.
    pub fn label(self) -> String {
        format!("{}–{}", format_hhmm(self.opens), format_hhmm(self.closes))
    }
}

/// `HH:MM` → minutes; accepts `24:00`.
pub fn parse_hhmm(s: &str) -> Option<Minute> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: Minute = h.parse().ok()?;
    let m: Minute = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

pub fn format_hhmm(minute: Minute) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Sorts a day's windows and checks they do not overlap (touching is allowed).
pub fn normalise_day(mut windows: Vec<Window>) -> Result<Vec<Window>, HoursError> {
    if windows.len() > MAX_WINDOWS_PER_DAY {
        return Err(HoursError::TooManyWindows);
    }
    windows.sort();
    if windows.windows(2).any(|w| w[1].opens < w[0].closes) {
        return Err(HoursError::Overlap);
    }
    Ok(windows)
}

/// A dated exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub date: Date,
    /// Empty when closed all day.
    pub windows: Vec<Window>,
    pub reason: Text,
}

impl Exception {
    pub fn closed(&self) -> bool {
        self.windows.is_empty()
    }
}

/// All the hours of one location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hours {
    /// Index 0 = Monday … 6 = Sunday; each sorted, non-overlapping.
    pub weekly: [Vec<Window>; 7],
    pub exceptions: BTreeMap<Date, Exception>,
    pub follows_workday_calendar: bool,
}

/// Why a date has the hours it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayReason {
    Regular,
    /// A public holiday (name from the calendar): closed.
    Holiday(Text),
    /// A make-up working day: the Monday–Friday hours apply.
    Makeup,
    /// A dated exception with its reason.
    Exception(Text),
}

impl DayReason {
    /// The note shown next to today's hours; `None` for an ordinary day.
    pub fn note(&self) -> Option<Text> {
        match self {
            Self::Regular => None,
            Self::Holiday(name) => Some(Text::new(
                format!("{}，法定节假日休息", name.zh),
                Some(format!(
                    "Closed for the public holiday ({})",
                    name.en_or_zh()
                )),
            )),
            Self::Makeup => Some(Text::new(
                "调休上班日，按工作日时间开放",
                Some("Make-up working day: open as on weekdays".to_owned()),
            )),
            Self::Exception(reason) => Some(reason.clone()),
        }
    }
}

/// The hours of one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub windows: Vec<Window>,
    pub reason: DayReason,
}

/// Open or closed at an instant, and the neighbouring changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub open_now: bool,
    /// End of the current opening (following windows that run through midnight); `None`
    /// when closed, or open without end in the look-ahead (24/7).
    pub closes_at: Option<Timestamp>,
    /// Next opening within [`LOOKAHEAD_DAYS`] when closed.
    pub next_open: Option<Timestamp>,
    pub today: Day,
}

/// ISO weekday index 0..7 (Monday = 0).
fn weekday_index(date: Date) -> usize {
    usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0)
}

impl Hours {
    /// The weekday (0 = Monday) whose hours a make-up working day uses: the first of
    /// Monday–Friday with any hours.
    pub fn makeup_weekday(&self) -> Option<usize> {
        (0..5).find(|&i| !self.weekly[i].is_empty())
    }

    /// The hours of a date (see the module documentation for the rule).
    pub fn day(&self, date: Date, calendar: &WorkCalendar) -> Day {
        if let Some(exception) = self.exceptions.get(&date) {
            return Day {
                windows: exception.windows.clone(),
                reason: DayReason::Exception(exception.reason.clone()),
            };
        }
        if self.follows_workday_calendar {
            if let Some(name) = calendar.holiday(date) {
                return Day {
                    windows: Vec::new(),
                    reason: DayReason::Holiday(name.clone()),
                };
            }
            if calendar.is_makeup_workday(date) {
                return Day {
                    windows: self
                        .makeup_weekday()
                        .map(|i| self.weekly[i].clone())
                        .unwrap_or_default(),
                    reason: DayReason::Makeup,
                };
            }
        }
        Day {
            windows: self.weekly[weekday_index(date)].clone(),
            reason: DayReason::Regular,
        }
    }

    /// Whether open at an instant, computed in the location's time zone.
    pub fn status(&self, now: Timestamp, tz: &TimeZone, calendar: &WorkCalendar) -> Status {
        let local = now.to_zoned_datetime(tz.clone());
        let date = local.date();
        let minute = minute_of(local.time());
        let today = self.day(date, calendar);
        let current = today.windows.iter().find(|w| w.contains(minute)).copied();
        match current {
            Some(window) => Status {
                open_now: true,
                closes_at: self.end_of_opening(date, window, tz, calendar),
                next_open: None,
                today,
            },
            None => Status {
                open_now: false,
                closes_at: None,
                next_open: self.next_opening(date, minute, &today, tz, calendar),
                today,
            },
        }
    }

    /// When an opening that is in `window` of `date` ends, following windows that close at
    /// midnight into ones that open at midnight the next day.
    fn end_of_opening(
        &self,
        date: Date,
        window: Window,
        tz: &TimeZone,
        calendar: &WorkCalendar,
    ) -> Option<Timestamp> {
        let (mut date, mut window) = (date, window);
        for _ in 0..=LOOKAHEAD_DAYS {
            if window.closes < DAY_END {
                return instant(date, window.closes, tz);
            }
            let next = date.tomorrow().ok()?;
            match self
                .day(next, calendar)
                .windows
                .first()
                .filter(|w| w.opens == 0)
            {
                Some(w) => {
                    date = next;
                    window = *w;
                }
                None => return instant(date, DAY_END, tz),
            }
        }
        None
    }

    fn next_opening(
        &self,
        date: Date,
        minute: Minute,
        today: &Day,
        tz: &TimeZone,
        calendar: &WorkCalendar,
    ) -> Option<Timestamp> {
        if let Some(w) = today.windows.iter().find(|w| w.opens > minute) {
            return instant(date, w.opens, tz);
        }
        let mut day = date;
        for _ in 0..LOOKAHEAD_DAYS {
            day = day.tomorrow().ok()?;
            if let Some(w) = self.day(day, calendar).windows.first() {
                return instant(day, w.opens, tz);
            }
        }
        None
    }
}

fn minute_of(time: Time) -> Minute {
    Minute::try_from(i32::from(time.hour()) * 60 + i32::from(time.minute())).unwrap_or(0)
}

/// The instant of a local date and minute (1440 = the next midnight).
pub fn instant(date: Date, minute: Minute, tz: &TimeZone) -> Option<Timestamp> {
    let (date, minute) = if minute >= DAY_END {
        (date.tomorrow().ok()?, 0)
    } else {
        (date, minute)
    };
    let hour = i8::try_from(minute / 60).ok()?;
    let min = i8::try_from(minute % 60).ok()?;
    date.at(hour, min, 0, 0)
        .to_zoned_datetime(tz.clone())
        .ok()
        .map(|z| z.timestamp())
}

/// The local date, minute and kind of day at an instant in a zone, for the SQL "open now"
/// filter, which applies the same rule as [`Hours::day`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalMoment {
    pub date: Date,
    pub minute: Minute,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i64,
    pub kind: DayKind,
}

/// Ordinary day, public holiday or make-up working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Regular,
    Holiday,
    Makeup,
}

pub fn local_moment(now: Timestamp, tz: &TimeZone, calendar: &WorkCalendar) -> LocalMoment {
    let local = now.to_zoned_datetime(tz.clone());
    let date = local.date();
    let kind = if calendar.holiday(date).is_some() {
        DayKind::Holiday
    } else if calendar.is_makeup_workday(date) {
        DayKind::Makeup
    } else {
        DayKind::Regular
    };
    LocalMoment {
        date,
        minute: minute_of(local.time()),
        weekday: i64::from(date.weekday().to_monday_one_offset()),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use app::api::calendar::DayKind as CalKind;
    use jiff::civil::date;

    use super::*;

    fn shanghai() -> TimeZone {
        crate::time::tz("Asia/Shanghai")
    }

    /// 2026 National Day block: 10-01..10-07 holidays, 09-20 (Sun) and 10-10 (Sat) make-up
    /// working days; Spring Festival 02-15..02-23 with 02-14 and 02-28 make-up Saturdays.
    fn calendar() -> WorkCalendar {
        let h = |m, d| (date(2026, m, d), CalKind::Holiday, "国庆节".to_owned());
        let w = |m, d| (date(2026, m, d), CalKind::Workday, "调休".to_owned());
        let mut days = vec![w(9, 20), w(10, 10), w(2, 14), w(2, 28)];
        days.extend((1..=7).map(|d| h(10, d)));
        days.extend((15..=23).map(|d| (date(2026, 2, d), CalKind::Holiday, "春节".to_owned())));
        WorkCalendar::new(days)
    }

    fn win(o: &str, c: &str) -> Window {
        Window::parse(o, c).expect("valid window")
    }

    /// A community workstation: Mon–Fri 09:00–12:00 and 14:00–18:00, Sat 09:00–12:00.
    fn workstation() -> Hours {
        let weekday = vec![win("09:00", "12:00"), win("14:00", "18:00")];
        Hours {
            weekly: [
                weekday.clone(),
                weekday.clone(),
                weekday.clone(),
                weekday.clone(),
                weekday,
                vec![win("09:00", "12:00")],
                vec![],
            ],
            exceptions: BTreeMap::new(),
            follows_workday_calendar: true,
        }
    }

    fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> Timestamp {
        date(y, m, d)
            .at(h, min, 0, 0)
            .to_zoned_datetime(shanghai())
            .expect("valid")
            .timestamp()
    }

    fn local(ts: Timestamp) -> String {
        crate::time::rfc3339_in(ts.as_second(), &shanghai())
    }

    #[test]
    fn times_parse_strictly() {
        let cases = [
            ("09:00", Some(540), "plain"),
            ("9:30", Some(570), "one-digit hour"),
            ("24:00", Some(1440), "midnight at the end of the day"),
            ("24:01", None, "past midnight"),
            ("12:60", None, "minute out of range"),
            ("1200", None, "no colon"),
            ("", None, "empty"),
            ("-1:00", None, "negative"),
            ("09:0", None, "one-digit minute"),
        ];
        for (input, want, why) in cases {
            assert_eq!(parse_hhmm(input), want, "{why}");
        }
        assert_eq!(format_hhmm(570), "09:30");
        assert_eq!(Window::parse("24:00", "24:00"), Err(HoursError::BadTime));
        assert_eq!(
            Window::parse("12:00", "09:00"),
            Err(HoursError::EmptyWindow)
        );
        assert_eq!(win("08:30", "24:00").label(), "08:30–24:00");
    }

    #[test]
    fn windows_of_a_day_must_not_overlap() {
        assert_eq!(
            normalise_day(vec![win("14:00", "18:00"), win("09:00", "12:00")]),
            Ok(vec![win("09:00", "12:00"), win("14:00", "18:00")]),
            "sorted"
        );
        assert!(
            normalise_day(vec![win("09:00", "12:00"), win("12:00", "13:00")]).is_ok(),
            "touching is fine"
        );
        assert_eq!(
            normalise_day(vec![win("09:00", "12:00"), win("11:00", "13:00")]),
            Err(HoursError::Overlap)
        );
        let many = (0..7u16)
            .map(|i| Window::new(i * 60, i * 60 + 30).expect("w"))
            .collect();
        assert_eq!(normalise_day(many), Err(HoursError::TooManyWindows));
    }

    #[test]
    fn an_ordinary_weekday_follows_the_weekly_windows() {
        let hours = workstation();
        let cal = calendar();
        // Thursday 2026-11-26.
        let open = hours.status(at(2026, 11, 26, 10, 0), &shanghai(), &cal);
        assert!(open.open_now);
        assert_eq!(
            local(open.closes_at.expect("closes")),
            "2026-11-26T12:00:00+08:00"
        );
        let lunch = hours.status(at(2026, 11, 26, 12, 0), &shanghai(), &cal);
        assert!(!lunch.open_now, "closing minute is exclusive");
        assert_eq!(
            local(lunch.next_open.expect("reopens")),
            "2026-11-26T14:00:00+08:00"
        );
        let evening = hours.status(at(2026, 11, 26, 18, 30), &shanghai(), &cal);
        assert_eq!(
            local(evening.next_open.expect("tomorrow")),
            "2026-11-27T09:00:00+08:00"
        );
        let sunday = hours.status(at(2026, 11, 29, 10, 0), &shanghai(), &cal);
        assert!(!sunday.open_now);
        assert_eq!(
            local(sunday.next_open.expect("monday")),
            "2026-11-30T09:00:00+08:00"
        );
    }

    #[test]
    fn public_holidays_close_calendar_following_locations() {
        let hours = workstation();
        let cal = calendar();
        // Thursday 2026-10-01, National Day.
        let status = hours.status(at(2026, 10, 1, 10, 0), &shanghai(), &cal);
        assert!(!status.open_now);
        assert_eq!(
            status.today.reason,
            DayReason::Holiday("国庆节".to_owned().into())
        );
        assert!(status.today.reason.note().is_some());
        // The whole block is closed; the next opening is Thursday 10-08 (10-10 is later).
        assert_eq!(
            local(status.next_open.expect("after the holiday")),
            "2026-10-08T09:00:00+08:00"
        );
    }

    #[test]
    fn makeup_working_days_use_the_weekday_hours() {
        let hours = workstation();
        let cal = calendar();
        // Saturday 2026-10-10 is a make-up working day: Monday's two windows apply.
        let afternoon = hours.status(at(2026, 10, 10, 15, 0), &shanghai(), &cal);
        assert!(afternoon.open_now, "Saturdays usually close at noon");
        assert_eq!(afternoon.today.reason, DayReason::Makeup);
        // Sunday 2026-09-20 too, although Sundays are normally closed.
        assert!(
            hours
                .status(at(2026, 9, 20, 9, 30), &shanghai(), &cal)
                .open_now
        );
        // An ordinary Saturday afternoon is closed.
        assert!(
            !hours
                .status(at(2026, 10, 17, 15, 0), &shanghai(), &cal)
                .open_now
        );
    }

    #[test]
    fn makeup_days_use_the_first_weekday_with_hours() {
        let mut hours = workstation();
        hours.weekly[0] = Vec::new(); // closed on Mondays
        hours.weekly[1] = vec![win("10:00", "16:00")];
        let cal = calendar();
        let day = hours.day(date(2026, 10, 10), &cal);
        assert_eq!(day.windows, vec![win("10:00", "16:00")], "Tuesday's hours");
    }

    #[test]
    fn locations_that_ignore_the_calendar_keep_their_week() {
        let mut hours = workstation();
        hours.follows_workday_calendar = false;
        let cal = calendar();
        assert!(
            hours
                .status(at(2026, 10, 1, 10, 0), &shanghai(), &cal)
                .open_now,
            "a Thursday holiday keeps Thursday's hours"
        );
        assert!(
            !hours
                .status(at(2026, 10, 10, 15, 0), &shanghai(), &cal)
                .open_now,
            "a make-up Saturday keeps Saturday's hours"
        );
    }

    #[test]
    fn dated_exceptions_win_over_holidays_and_the_week() {
        let mut hours = workstation();
        let cal = calendar();
        hours.exceptions.insert(
            date(2026, 10, 2),
            Exception {
                date: date(2026, 10, 2),
                windows: vec![win("09:00", "12:00")],
                reason: Text::new("国庆值班", None),
            },
        );
        hours.exceptions.insert(
            date(2026, 11, 26),
            Exception {
                date: date(2026, 11, 26),
                windows: vec![],
                reason: Text::new("设备检修，暂停开放", Some("Closed for maintenance".into())),
            },
        );
        let duty = hours.status(at(2026, 10, 2, 10, 0), &shanghai(), &cal);
        assert!(duty.open_now, "open on a holiday by exception");
        assert_eq!(
            duty.today.reason.note().map(|t| t.zh),
            Some("国庆值班".to_owned())
        );
        let holiday_before = hours.status(at(2026, 10, 1, 10, 0), &shanghai(), &cal);
        assert_eq!(
            local(holiday_before.next_open.expect("duty day")),
            "2026-10-02T09:00:00+08:00"
        );
        let closed = hours.status(at(2026, 11, 26, 10, 0), &shanghai(), &cal);
        assert!(!closed.open_now, "closed by exception on a working day");
        assert_eq!(
            closed.today.reason.note().and_then(|t| t.en),
            Some("Closed for maintenance".to_owned())
        );
    }

    #[test]
    fn round_the_clock_openings_have_no_closing_time() {
        let all_day = vec![win("00:00", "24:00")];
        let hours = Hours {
            weekly: std::array::from_fn(|_| all_day.clone()),
            exceptions: BTreeMap::new(),
            follows_workday_calendar: false,
        };
        let status = hours.status(at(2026, 11, 26, 3, 0), &shanghai(), &calendar());
        assert!(status.open_now);
        assert_eq!(status.closes_at, None, "24/7 never closes");
        // Open until midnight, then closed on Friday: closes at the midnight.
        let mut late = hours.clone();
        late.weekly[4] = Vec::new();
        let status = late.status(at(2026, 11, 26, 23, 0), &shanghai(), &calendar());
        assert_eq!(
            local(status.closes_at.expect("midnight")),
            "2026-11-27T00:00:00+08:00"
        );
    }

    #[test]
    fn time_zones_are_respected() {
        let hours = workstation();
        let cal = calendar();
        // 10:00 in Shanghai is 08:00 in Urumqi (UTC+6): not yet open there.
        let instant = at(2026, 11, 26, 10, 0);
        assert!(hours.status(instant, &shanghai(), &cal).open_now);
        let urumqi = crate::time::tz("Asia/Urumqi");
        assert!(!hours.status(instant, &urumqi, &cal).open_now);
        let moment = local_moment(instant, &urumqi, &cal);
        assert_eq!(moment.minute, 8 * 60);
        assert_eq!(moment.weekday, 4);
    }

    #[test]
    fn local_moments_classify_the_day() {
        let cal = calendar();
        let kind = |m, d| local_moment(at(2026, m, d, 12, 0), &shanghai(), &cal).kind;
        assert_eq!(kind(10, 3), DayKind::Holiday);
        assert_eq!(kind(10, 10), DayKind::Makeup);
        assert_eq!(kind(10, 17), DayKind::Regular);
        // 23:30 UTC on 09-30 is already 10-01 in Shanghai.
        let late = Timestamp::from_second(at(2026, 10, 1, 7, 30).as_second()).expect("ts");
        assert_eq!(local_moment(late, &shanghai(), &cal).kind, DayKind::Holiday);
    }

    #[test]
    fn nothing_in_two_weeks_means_no_next_opening() {
        let hours = Hours::default();
        let status = hours.status(at(2026, 11, 26, 10, 0), &shanghai(), &calendar());
        assert!(!status.open_now);
        assert_eq!(status.next_open, None);
    }
}
