//! When a venue is open: weekly hours, dated exceptions, closures (暂停开放) and public holidays.
//! Pure: no SQL, no HTTP.
//!
//! Holidays: a venue is open on a public holiday by the hours of that weekday, unless its rule
//! `closed_on_holidays` says otherwise or an exception/closure covers the date. Make-up working
//! days (调休) follow their own weekday's hours: a venue's week is not a working week.
use app::api::Text;
use jiff::civil::Date;

use crate::calendar::WorkCalendar;

/// One opening interval of a weekday, minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub opens: u32,
    pub closes: u32,
}

/// Weekly hours: (weekday 1 = Monday … 7, interval).
#[derive(Debug, Clone, Default)]
pub struct WeeklyHours(pub Vec<(u8, Interval)>);

impl WeeklyHours {
    pub fn on(&self, weekday: u8) -> Vec<Interval> {
        let mut v: Vec<Interval> = self
            .0
            .iter()
            .filter(|(d, _)| *d == weekday)
            .map(|(_, i)| *i)
            .collect();
        v.sort_by_key(|i| i.opens);
        v
    }

    /// Checks a week of hours: valid weekdays, the 30-minute grid, no overlaps on a day.
    pub fn validate(&self) -> Result<(), &'static str> {
        for (day, i) in &self.0 {
            if !(1..=7).contains(day) {
                return Err("weekday");
            }
            if i.opens >= i.closes
                || i.closes > 1440
                || !i.opens.is_multiple_of(30)
                || !i.closes.is_multiple_of(30)
            {
                return Err("hours");
            }
        }
        for day in 1..=7 {
            let v = self.on(day);
            if v.windows(2).any(|w| w[0].closes > w[1].opens) {
                return Err("overlap");
            }
        }
        Ok(())
    }

    /// Open minutes in a week.
    pub fn minutes_per_week(&self) -> u32 {
        self.0.iter().map(|(_, i)| i.closes - i.opens).sum()
    }
}

/// Other hours on one date (`None`: closed all day), with a note.
#[derive(Debug, Clone)]
pub struct Exception {
    pub date: Date,
    pub hours: Option<Interval>,
    pub note: Text,
}

/// A closure over whole days.
#[derive(Debug, Clone)]
pub struct ClosureSpan {
    pub first: Date,
    pub last: Date,
    pub reason: Text,
}

/// What a date looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayPlan {
    Open {
        intervals: Vec<Interval>,
        note: Option<Text>,
    },
    Closed {
        reason: Text,
    },
}

impl DayPlan {
    pub fn intervals(&self) -> &[Interval] {
        match self {
            Self::Open { intervals, .. } => intervals,
            Self::Closed { .. } => &[],
        }
    }

    pub fn open_minutes(&self) -> u32 {
        self.intervals().iter().map(|i| i.closes - i.opens).sum()
    }
}

/// Everything that decides the plan of a venue's dates.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    pub weekly: WeeklyHours,
    pub exceptions: Vec<Exception>,
    pub closures: Vec<ClosureSpan>,
    pub closed_on_holidays: bool,
}

pub fn weekday_number(date: Date) -> u8 {
    u8::try_from(date.weekday().to_monday_one_offset()).unwrap_or(1)
}

impl Schedule {
    /// The plan of one date. Precedence: a closure, then a dated exception, then a holiday
    /// (when the venue closes on holidays), then the weekly hours.
    pub fn plan(&self, date: Date, calendar: &WorkCalendar) -> DayPlan {
        if let Some(c) = self
            .closures
            .iter()
            .find(|c| c.first <= date && date <= c.last)
        {
            return DayPlan::Closed {
                reason: Text::new(
                    format!("暂停开放：{}", c.reason.zh),
                    Some(format!(
                        "Temporarily closed: {}",
                        c.reason.en.as_deref().unwrap_or(&c.reason.zh)
                    )),
                ),
            };
        }
        if let Some(e) = self.exceptions.iter().find(|e| e.date == date) {
            return match e.hours {
                Some(i) => DayPlan::Open {
                    intervals: vec![i],
                    note: Some(e.note.clone()),
                },
                None => DayPlan::Closed {
                    reason: e.note.clone(),
                },
            };
        }
        if self.closed_on_holidays
            && let Some(name) = calendar.holiday(date)
        {
            return DayPlan::Closed {
                reason: Text::new(
                    format!("{}闭馆", name.zh),
                    Some(format!(
                        "Closed for the public holiday ({})",
                        name.en_or_zh()
                    )),
                ),
            };
        }
        let intervals = self.weekly.on(weekday_number(date));
        if intervals.is_empty() {
            DayPlan::Closed {
                reason: Text::new("当日不开放", Some("Not open on this day".to_owned())),
            }
        } else {
            DayPlan::Open {
                intervals,
                note: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use app::api::calendar::DayKind;
    use jiff::civil::date;

    use super::*;

    fn schedule() -> Schedule {
        let mut weekly = Vec::new();
        for d in 1..=5 {
            weekly.push((
                d,
                Interval {
                    opens: 18 * 60,
                    closes: 22 * 60,
                },
            ));
        }
        weekly.push((
            6,
            Interval {
                opens: 8 * 60,
                closes: 12 * 60,
            },
        ));
        weekly.push((
            6,
            Interval {
                opens: 14 * 60,
                closes: 18 * 60,
            },
        ));
        Schedule {
            weekly: WeeklyHours(weekly),
            exceptions: vec![Exception {
                date: date(2026, 12, 24),
                hours: Some(Interval {
                    opens: 9 * 60,
                    closes: 12 * 60,
                }),
                note: Text::new("平安夜提前闭馆", None),
            }],
            closures: vec![ClosureSpan {
                first: date(2026, 12, 1),
                last: date(2026, 12, 3),
                reason: Text::new("地面翻新", Some("floor renovation".into())),
            }],
            closed_on_holidays: false,
        }
    }

    fn calendar() -> WorkCalendar {
        WorkCalendar::new([(date(2027, 1, 1), DayKind::Holiday, "元旦".to_owned())])
    }

    #[test]
    fn weekly_hours_apply_by_weekday_sorted() {
        let plan = schedule().plan(date(2026, 11, 28), &calendar());
        assert_eq!(plan.intervals().len(), 2, "Saturday has two intervals");
        assert_eq!(plan.intervals()[0].opens, 480);
        assert_eq!(plan.open_minutes(), 480);
        assert!(matches!(
            schedule().plan(date(2026, 11, 29), &calendar()),
            DayPlan::Closed { .. }
        ));
    }

    #[test]
    fn a_closure_shows_its_reason_and_beats_everything() {
        match schedule().plan(date(2026, 12, 2), &calendar()) {
            DayPlan::Closed { reason } => {
                assert_eq!(reason.zh, "暂停开放：地面翻新");
                assert_eq!(
                    reason.en.as_deref(),
                    Some("Temporarily closed: floor renovation")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            schedule().plan(date(2026, 12, 4), &calendar()),
            DayPlan::Open { .. }
        ));
    }

    #[test]
    fn an_exception_replaces_the_day() {
        let plan = schedule().plan(date(2026, 12, 24), &calendar());
        assert_eq!(
            plan.intervals(),
            &[Interval {
                opens: 540,
                closes: 720
            }]
        );
    }

    #[test]
    fn holidays_are_open_unless_the_venue_closes_on_them() {
        let mut s = schedule();
        assert!(
            matches!(s.plan(date(2027, 1, 1), &calendar()), DayPlan::Open { .. }),
            "New Year's Day is a Friday: open by Friday hours"
        );
        s.closed_on_holidays = true;
        match s.plan(date(2027, 1, 1), &calendar()) {
            DayPlan::Closed { reason } => assert!(reason.zh.contains("元旦")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn overlapping_or_off_grid_hours_are_refused() {
        let bad = |v: Vec<(u8, u32, u32)>| {
            WeeklyHours(
                v.into_iter()
                    .map(|(d, o, c)| {
                        (
                            d,
                            Interval {
                                opens: o,
                                closes: c,
                            },
                        )
                    })
                    .collect(),
            )
            .validate()
        };
        assert_eq!(
            bad(vec![(1, 480, 720), (1, 690, 900)]),
            Err("overlap"),
            "overlap"
        );
        assert_eq!(bad(vec![(1, 485, 720)]), Err("hours"), "off the grid");
        assert_eq!(bad(vec![(8, 480, 720)]), Err("weekday"), "no 8th day");
        assert_eq!(bad(vec![(1, 720, 480)]), Err("hours"), "backwards");
        assert_eq!(bad(vec![(1, 480, 720), (1, 720, 900)]), Ok(()), "touching");
    }
}
