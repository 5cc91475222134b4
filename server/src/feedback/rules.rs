//! Deadlines, overdue flags, escalation and reminders in working days. Pure: no SQL, no HTTP;
//! "today" is always passed in.
use jiff::civil::Date;

use crate::calendar::WorkCalendar;

/// Last day to accept or decline a case submitted on `submitted_on`: the `days`-th working day
/// after it (a case filed on a holiday starts counting on the next working day).
pub fn accept_due(cal: &WorkCalendar, submitted_on: Date, days: u32) -> Date {
    cal.add_working_days(submitted_on, days)
}

/// Last day to answer a case accepted (or reopened) on `on`.
pub fn answer_due(cal: &WorkCalendar, on: Date, days: u32) -> Date {
    cal.add_working_days(on, days)
}

/// A deadline moved by `days` working days.
pub fn extended(cal: &WorkCalendar, due: Date, days: u32) -> Date {
    cal.add_working_days(due, days)
}

/// The deadline is the last allowed day: a case is overdue from the day after.
pub fn is_overdue(due: Date, today: Date) -> bool {
    today > due
}

/// Whether something done on `done_on` met the deadline `due`.
pub fn on_time(done_on: Date, due: Date) -> bool {
    done_on <= due
}

/// Most working days an extension may add at once.
pub const MAX_EXTENSION_DAYS: u32 = 30;

/// Escalation level a case should have: 0 (community) while on time or late only by days off,
/// 1 (subdistrict) from the first working day late, 2 (district) from the third.
pub fn escalation_level(cal: &WorkCalendar, due: Date, today: Date) -> i64 {
    if !is_overdue(due, today) {
        return 0;
    }
    match cal.working_days_between(due, today) {
        0 => 0,
        1..=2 => 1,
        _ => 2,
    }
}

/// Whether to remind whoever holds the case: on the last working day before the deadline and
/// on the deadline itself, once per deadline (`reminded_on` is reset when the deadline moves).
pub fn reminder_due(cal: &WorkCalendar, due: Date, today: Date, reminded_on: Option<Date>) -> bool {
    if reminded_on.is_some() || is_overdue(due, today) || !cal.is_working_day(today) {
        return false;
    }
    cal.working_days_between(today, due) <= 1
}

/// Whether an answered case nobody rated closes by itself on `today`.
pub fn auto_close_due(answered_on: Date, today: Date, after_days: u32) -> bool {
    answered_on
        .checked_add(jiff::Span::new().days(i64::from(after_days)))
        .is_ok_and(|limit| today >= limit)
}

/// A rating of 1 or 2 means "not satisfied".
pub fn is_satisfied(score: i64, not_satisfied: bool) -> bool {
    score >= 3 && !not_satisfied
}

#[cfg(test)]
mod tests {
    use app::api::calendar::DayKind;
    use jiff::civil::date;

    use super::*;

    /// The 2026 National Day and Mid-Autumn arrangement (as in migration 0003).
    fn cal() -> WorkCalendar {
        let mut days = Vec::new();
        for d in [25, 26, 27] {
            days.push((date(2026, 9, d), DayKind::Holiday, "中秋节".to_owned()));
        }
        for d in 1..=7 {
            days.push((date(2026, 10, d), DayKind::Holiday, "国庆节".to_owned()));
        }
        days.push((date(2026, 9, 20), DayKind::Workday, "调休".to_owned()));
        days.push((date(2026, 10, 10), DayKind::Workday, "调休".to_owned()));
        WorkCalendar::new(days)
    }

    #[test]
    fn acceptance_deadlines_around_holidays_and_makeup_days() {
        let cal = cal();
        let cases = [
            (
                date(2026, 11, 23),
                2,
                date(2026, 11, 25),
                "Monday + 2 is Wednesday",
            ),
            (
                date(2026, 11, 27),
                2,
                date(2026, 12, 1),
                "Friday + 2 skips the weekend",
            ),
            (
                date(2026, 11, 28),
                1,
                date(2026, 11, 30),
                "filed on Saturday: Monday",
            ),
            (
                date(2026, 9, 30),
                2,
                date(2026, 10, 9),
                "before National Day: the week after",
            ),
            (
                date(2026, 10, 3),
                1,
                date(2026, 10, 8),
                "filed during the holiday",
            ),
            (
                date(2026, 10, 9),
                1,
                date(2026, 10, 10),
                "make-up Saturday counts",
            ),
            (
                date(2026, 9, 18),
                1,
                date(2026, 9, 20),
                "make-up Sunday counts",
            ),
            (
                date(2026, 9, 24),
                1,
                date(2026, 9, 28),
                "Mid-Autumn Friday to Sunday skipped",
            ),
        ];
        for (filed, days, want, why) in cases {
            assert_eq!(accept_due(&cal, filed, days), want, "{why}");
        }
    }

    #[test]
    fn answer_deadlines_and_extensions_count_working_days() {
        let cal = cal();
        assert_eq!(
            answer_due(&cal, date(2026, 9, 28), 10),
            date(2026, 10, 16),
            "ten working days across National Day incl. the make-up Saturday"
        );
        assert_eq!(extended(&cal, date(2026, 9, 30), 3), date(2026, 10, 10));
    }

    #[test]
    fn a_case_is_overdue_from_the_day_after_its_deadline() {
        assert!(!is_overdue(date(2026, 11, 25), date(2026, 11, 25)));
        assert!(is_overdue(date(2026, 11, 25), date(2026, 11, 26)));
        assert!(on_time(date(2026, 11, 25), date(2026, 11, 25)));
        assert!(!on_time(date(2026, 11, 26), date(2026, 11, 25)));
    }

    #[test]
    fn escalation_waits_for_working_days_late() {
        let cal = cal();
        let due = date(2026, 11, 27); // Friday
        assert_eq!(
            escalation_level(&cal, due, date(2026, 11, 27)),
            0,
            "due today"
        );
        assert_eq!(
            escalation_level(&cal, due, date(2026, 11, 29)),
            0,
            "late only by the weekend"
        );
        assert_eq!(
            escalation_level(&cal, due, date(2026, 11, 30)),
            1,
            "one working day late"
        );
        assert_eq!(escalation_level(&cal, due, date(2026, 12, 1)), 1);
        assert_eq!(
            escalation_level(&cal, due, date(2026, 12, 2)),
            2,
            "three working days late"
        );
        let before_holiday = date(2026, 9, 30);
        assert_eq!(
            escalation_level(&cal, before_holiday, date(2026, 10, 7)),
            0,
            "the holiday week does not count"
        );
        assert_eq!(escalation_level(&cal, before_holiday, date(2026, 10, 8)), 1);
        assert_eq!(
            escalation_level(&cal, before_holiday, date(2026, 10, 10)),
            2,
            "the make-up Saturday counts"
        );
    }

    #[test]
    fn reminders_come_once_on_the_last_working_days() {
        let cal = cal();
        let due = date(2026, 12, 2); // Wednesday
        assert!(
            !reminder_due(&cal, due, date(2026, 11, 30), None),
            "two working days ahead"
        );
        assert!(
            reminder_due(&cal, due, date(2026, 12, 1), None),
            "the day before"
        );
        assert!(
            reminder_due(&cal, due, date(2026, 12, 2), None),
            "the day itself"
        );
        assert!(
            !reminder_due(&cal, due, date(2026, 12, 1), Some(date(2026, 12, 1))),
            "once"
        );
        assert!(
            !reminder_due(&cal, due, date(2026, 12, 3), None),
            "overdue: escalation instead"
        );
        let after_holiday = date(2026, 10, 8);
        assert!(
            reminder_due(&cal, after_holiday, date(2026, 9, 30), None),
            "the last working day before the break"
        );
        assert!(
            !reminder_due(&cal, after_holiday, date(2026, 10, 4), None),
            "not on a holiday"
        );
    }

    #[test]
    fn unrated_answers_close_after_the_configured_days() {
        assert!(!auto_close_due(date(2026, 11, 20), date(2026, 11, 26), 7));
        assert!(auto_close_due(date(2026, 11, 20), date(2026, 11, 27), 7));
    }

    #[test]
    fn low_scores_or_an_explicit_no_mean_not_satisfied() {
        assert!(is_satisfied(3, false));
        assert!(!is_satisfied(2, false));
        assert!(!is_satisfied(5, true));
    }
}
