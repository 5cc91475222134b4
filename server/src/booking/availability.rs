//! The availability grid of a venue: each date's slots as free, taken, full, blocked, in a
//! lottery, past, too soon or not open yet. Pure: no SQL, no HTTP.
use std::collections::HashMap;

use app::api::{
    Text,
    booking::{CapacityMode, DayAvailability, Rules, Slot, SlotState},
};
use jiff::{civil::Date, tz::TimeZone};

use super::{
    rules::{self, GRAIN_SECONDS},
    schedule::{DayPlan, weekday_number},
};

/// Who holds a grain (whole-venue mode).
#[derive(Debug, Clone)]
pub struct Holder {
    pub kind: String,
    pub purpose: String,
    pub lottery_id: Option<i64>,
}

/// What the grid is computed from.
pub struct Inputs<'a> {
    pub rules: &'a Rules,
    pub tz: &'a TimeZone,
    pub now: i64,
    /// Claims on any space of the venue, by grain start.
    pub claims: &'a HashMap<i64, Holder>,
    /// Places used per grain (per-person venues).
    pub usage: &'a HashMap<i64, i64>,
}

fn instant(date: Date, minute: u32, tz: &TimeZone) -> Option<i64> {
    let midnight = date
        .to_zoned_datetime(tz.clone())
        .ok()?
        .timestamp()
        .as_second();
    Some(midnight + i64::from(minute) * 60)
}

fn state_of(
    inp: &Inputs<'_>,
    start: i64,
    end: i64,
) -> (SlotState, Option<u32>, Option<Text>, Option<i64>) {
    if start < inp.now {
        return (SlotState::Past, None, None, None);
    }
    match inp.rules.capacity_mode {
        CapacityMode::Whole => {
            let holder = rules::grains(inp.rules, start, end)
                .iter()
                .find_map(|g| inp.claims.get(g));
            if let Some(h) = holder {
                return match h.kind.as_str() {
                    "block" => (
                        SlotState::Blocked,
                        None,
                        Some(Text::new(h.purpose.clone(), None)),
                        None,
                    ),
                    "lottery" => (SlotState::Lottery, None, None, h.lottery_id),
                    _ => (SlotState::Taken, None, None, None),
                };
            }
            (SlotState::Free, None, None, None)
        }
        CapacityMode::PerPerson => {
            let capacity = i64::from(inp.rules.capacity);
            let mut left = capacity;
            let mut g = start;
            while g < end {
                left = left.min(capacity - inp.usage.get(&g).copied().unwrap_or(0));
                g += GRAIN_SECONDS;
            }
            let left = u32::try_from(left.max(0)).unwrap_or(0);
            if left == 0 {
                (SlotState::Full, Some(0), None, None)
            } else {
                (SlotState::Free, Some(left), None, None)
            }
        }
    }
}

/// One date of the grid.
pub fn day(inp: &Inputs<'_>, date: Date, plan: &DayPlan, holiday: Option<Text>) -> DayAvailability {
    let mut out = DayAvailability {
        date: date.to_string(),
        weekday: weekday_number(date),
        open: matches!(plan, DayPlan::Open { .. }),
        closed_reason: None,
        note: None,
        holiday,
        bookable_from: None,
        slots: Vec::new(),
    };
    let intervals = match plan {
        DayPlan::Closed { reason } => {
            out.closed_reason = Some(reason.clone());
            return out;
        }
        DayPlan::Open { intervals, note } => {
            out.note = note.clone();
            intervals
        }
    };
    let today = rules::zoned(inp.now, inp.tz).date();
    let not_yet = date > rules::last_bookable_date(inp.rules, inp.now, inp.tz);
    let too_soon = date
        .since(today)
        .map(|s| i64::from(s.get_days()))
        .unwrap_or(0)
        < i64::from(inp.rules.min_advance_days);
    if not_yet {
        out.bookable_from = rules::bookable_from(inp.rules, date, inp.tz)
            .map(|t| crate::time::rfc3339_in(t, inp.tz));
    }
    let step = inp.rules.slot_minutes.max(30);
    for interval in intervals {
        let mut m = interval.opens;
        while m + step <= interval.closes {
            let (Some(start), Some(end)) =
                (instant(date, m, inp.tz), instant(date, m + step, inp.tz))
            else {
                break;
            };
            let (mut state, places_left, reason, lottery_id) = state_of(inp, start, end);
            if matches!(state, SlotState::Free) {
                if not_yet {
                    state = SlotState::NotYetOpen;
                } else if too_soon {
                    state = SlotState::TooSoon;
                }
            }
            out.slots.push(Slot {
                start: crate::time::rfc3339_in(start, inp.tz),
                end: crate::time::rfc3339_in(end, inp.tz),
                state,
                places_left,
                reason,
                lottery_id,
            });
            m += step;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::{rules::default_rules, schedule::Interval};

    /// 2026-11-26 10:00 Shenzhen.
    const NOW: i64 = 1_795_658_400;

    fn plan() -> DayPlan {
        DayPlan::Open {
            intervals: vec![Interval {
                opens: 18 * 60,
                closes: 22 * 60,
            }],
            note: None,
        }
    }

    fn at(date: Date, h: i64) -> i64 {
        instant(date, 0, crate::time::default_tz()).unwrap_or(0) + h * 3600
    }

    #[test]
    fn slots_follow_the_hours_and_show_who_holds_them() {
        let rules = default_rules(10);
        let date = jiff::civil::date(2026, 11, 27);
        let mut claims = HashMap::new();
        claims.insert(
            at(date, 19),
            Holder {
                kind: "booking".into(),
                purpose: String::new(),
                lottery_id: None,
            },
        );
        claims.insert(
            at(date, 21),
            Holder {
                kind: "block".into(),
                purpose: "设备检修".into(),
                lottery_id: None,
            },
        );
        let usage = HashMap::new();
        let inp = Inputs {
            rules: &rules,
            tz: crate::time::default_tz(),
            now: NOW,
            claims: &claims,
            usage: &usage,
        };
        let d = day(&inp, date, &plan(), None);
        let states: Vec<SlotState> = d.slots.iter().map(|s| s.state).collect();
        assert_eq!(
            states,
            [
                SlotState::Free,
                SlotState::Taken,
                SlotState::Free,
                SlotState::Blocked
            ]
        );
        assert_eq!(d.slots[0].start, "2026-11-27T18:00:00+08:00");
        assert_eq!(
            d.slots[3].reason.as_ref().map(|t| t.zh.as_str()),
            Some("设备检修")
        );
    }

    #[test]
    fn a_buffer_makes_the_slot_before_a_booking_taken() {
        let mut rules = default_rules(10);
        rules.buffer_minutes = 30;
        let date = jiff::civil::date(2026, 11, 27);
        let mut claims = HashMap::new();
        claims.insert(
            at(date, 19),
            Holder {
                kind: "booking".into(),
                purpose: String::new(),
                lottery_id: None,
            },
        );
        let usage = HashMap::new();
        let inp = Inputs {
            rules: &rules,
            tz: crate::time::default_tz(),
            now: NOW,
            claims: &claims,
            usage: &usage,
        };
        let d = day(&inp, date, &plan(), None);
        assert_eq!(
            d.slots[0].state,
            SlotState::Taken,
            "18:00 + buffer reaches 19:00"
        );
    }

    #[test]
    fn places_left_per_person_and_windows() {
        let mut rules = default_rules(20);
        rules.capacity_mode = CapacityMode::PerPerson;
        rules.max_advance_days = 2;
        let date = jiff::civil::date(2026, 11, 27);
        let mut usage = HashMap::new();
        usage.insert(at(date, 18), 20);
        usage.insert(at(date, 19), 5);
        let claims = HashMap::new();
        let inp = Inputs {
            rules: &rules,
            tz: crate::time::default_tz(),
            now: NOW,
            claims: &claims,
            usage: &usage,
        };
        let d = day(&inp, date, &plan(), None);
        assert_eq!(d.slots[0].state, SlotState::Full);
        assert_eq!(d.slots[1].places_left, Some(15));
        let later = day(&inp, jiff::civil::date(2026, 12, 5), &plan(), None);
        assert!(later.slots.iter().all(|s| s.state == SlotState::NotYetOpen));
        assert_eq!(
            later.bookable_from.as_deref(),
            Some("2026-12-03T08:00:00+08:00")
        );
        let today = day(&inp, jiff::civil::date(2026, 11, 26), &plan(), None);
        assert_eq!(
            today.slots[0].state,
            SlotState::Free,
            "today evening is still ahead"
        );
    }

    #[test]
    fn closed_days_say_why() {
        let rules = default_rules(10);
        let (claims, usage) = (HashMap::new(), HashMap::new());
        let inp = Inputs {
            rules: &rules,
            tz: crate::time::default_tz(),
            now: NOW,
            claims: &claims,
            usage: &usage,
        };
        let closed = DayPlan::Closed {
            reason: Text::new("暂停开放：消防检查", None),
        };
        let d = day(&inp, jiff::civil::date(2026, 11, 27), &closed, None);
        assert!(!d.open && d.slots.is_empty());
        assert_eq!(
            d.closed_reason.map(|t| t.zh),
            Some("暂停开放：消防检查".into())
        );
    }
}
