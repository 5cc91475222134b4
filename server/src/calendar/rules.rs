//! Working-day arithmetic over the holiday calendar. Pure: no SQL, no HTTP.
use std::collections::BTreeMap;

use app::api::{Text, calendar::DayKind};
use jiff::civil::{Date, Weekday};

/// Listed days (holidays and make-up working days) with their names in Chinese and English;
/// every other date follows the week.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    days: BTreeMap<Date, (DayKind, Text)>,
}

impl WorkCalendar {
    pub fn new<N: Into<Text>>(days: impl IntoIterator<Item = (Date, DayKind, N)>) -> Self {
        Self {
            days: days
                .into_iter()
                .map(|(d, k, n)| (d, (k, n.into())))
                .collect(),
        }
    }

    /// Monday–Friday unless a holiday; a weekend day only when listed as a make-up working day.
    pub fn is_working_day(&self, date: Date) -> bool {
        match self.days.get(&date) {
            Some((DayKind::Holiday, _)) => false,
            Some((DayKind::Workday, _)) => true,
            None => !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday),
        }
    }

    /// Whether the date is a listed public holiday (not merely a weekend).
    pub fn holiday(&self, date: Date) -> Option<&Text> {
        match self.days.get(&date) {
            Some((DayKind::Holiday, name)) => Some(name),
            _ => None,
        }
    }

    /// Whether the date is a weekend day made a working day (调休上班).
    pub fn is_makeup_workday(&self, date: Date) -> bool {
        matches!(self.days.get(&date), Some((DayKind::Workday, _)))
    }

    /// The `n`-th working day after `start` (`start` itself not counted); `start` when `n` is 0.
    /// A deadline of "3 working days" from a Friday is the next Wednesday.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = date.tomorrow().unwrap_or(date);
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut n = 0;
        let mut date = from;
        while date < to {
            date = match date.tomorrow() {
                Ok(d) => d,
                Err(_) => break,
            };
            if self.is_working_day(date) {
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn calendar_2026() -> WorkCalendar {
        let h = |m, d| (date(2026, m, d), DayKind::Holiday, "假".to_owned());
        let w = |m, d| (date(2026, m, d), DayKind::Workday, "班".to_owned());
        WorkCalendar::new([
            h(10, 1),
            h(10, 2),
            h(10, 3),
            h(10, 4),
            h(10, 5),
            h(10, 6),
            h(10, 7),
            w(9, 20),
            w(10, 10),
            h(2, 15),
            h(2, 16),
            h(2, 17),
            h(2, 18),
            h(2, 19),
            h(2, 20),
            h(2, 21),
            h(2, 22),
            h(2, 23),
            w(2, 14),
            w(2, 28),
        ])
    }

    #[test]
    fn weekdays_holidays_and_makeup_days() {
        let cal = calendar_2026();
        assert!(
            cal.is_working_day(date(2026, 11, 26)),
            "an ordinary Thursday"
        );
        assert!(
            !cal.is_working_day(date(2026, 11, 28)),
            "an ordinary Saturday"
        );
        assert!(
            !cal.is_working_day(date(2026, 10, 5)),
            "National Day holiday, a Monday"
        );
        assert!(cal.is_working_day(date(2026, 10, 10)), "make-up Saturday");
        assert!(cal.is_working_day(date(2026, 9, 20)), "make-up Sunday");
        assert_eq!(
            cal.holiday(date(2026, 10, 1)).map(|t| t.zh.as_str()),
            Some("假")
        );
        assert_eq!(
            cal.holiday(date(2026, 11, 28)),
            None,
            "weekends are not holidays"
        );
    }

    #[test]
    fn deadlines_skip_holidays_and_count_makeup_days() {
        let cal = calendar_2026();
        let cases = [
            (
                date(2026, 11, 27),
                3,
                date(2026, 12, 2),
                "Friday + 3 skips the weekend",
            ),
            (
                date(2026, 9, 30),
                1,
                date(2026, 10, 8),
                "the day before National Day + 1",
            ),
            (
                date(2026, 9, 30),
                3,
                date(2026, 10, 10),
                "…+3 lands on the make-up Saturday",
            ),
            (
                date(2026, 9, 18),
                1,
                date(2026, 9, 20),
                "Friday + 1 is the make-up Sunday",
            ),
            (
                date(2026, 2, 13),
                1,
                date(2026, 2, 14),
                "Spring Festival make-up Saturday",
            ),
            (
                date(2026, 2, 14),
                1,
                date(2026, 2, 24),
                "then the nine-day break",
            ),
            (
                date(2026, 11, 26),
                0,
                date(2026, 11, 26),
                "zero days is the same day",
            ),
        ];
        for (start, n, want, why) in cases {
            assert_eq!(cal.add_working_days(start, n), want, "{why}");
        }
    }

    #[test]
    fn counting_between_dates_matches_adding() {
        let cal = calendar_2026();
        for n in 0..30 {
            let start = date(2026, 9, 25);
            assert_eq!(
                cal.working_days_between(start, cal.add_working_days(start, n)),
                n
            );
        }
    }
}
