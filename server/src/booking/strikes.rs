//! No-show accountability with due process. Pure: no SQL, no HTTP.
//!
//! A no-show earns a strike the resident sees. It can be appealed within [`APPEAL_DAYS`];
//! staff uphold or overturn it. A strike counts for [`LIFETIME_DAYS`] unless overturned.
//! Booking is suspended only when [`THRESHOLD`] counting strikes fall within [`WINDOW_DAYS`]:
//! the suspension starts with the strike that reaches the threshold and lasts
//! [`SUSPENSION_DAYS`]. Overturning a strike lifts the suspension it caused, because the
//! suspension is recomputed from the strikes each time, never stored.
use app::api::booking::StrikeStatus;

pub const DAY: i64 = 86_400;
pub const LIFETIME_DAYS: i64 = 90;
pub const WINDOW_DAYS: i64 = 90;
pub const THRESHOLD: usize = 3;
pub const SUSPENSION_DAYS: i64 = 30;
pub const APPEAL_DAYS: i64 = 14;

/// What the computation needs of a strike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrikeFact {
    pub created_at: i64,
    pub overturned: bool,
}

/// The status residents see: stored status, or `expired` once the lifetime is over.
pub fn shown_status(stored: StrikeStatus, created_at: i64, now: i64) -> StrikeStatus {
    if stored != StrikeStatus::Overturned && created_at + LIFETIME_DAYS * DAY <= now {
        StrikeStatus::Expired
    } else {
        stored
    }
}

pub fn can_appeal(stored: StrikeStatus, created_at: i64, now: i64) -> bool {
    stored == StrikeStatus::Active && now <= created_at + APPEAL_DAYS * DAY
}

/// Strikes that count now.
pub fn counting(strikes: &[StrikeFact], now: i64) -> usize {
    strikes
        .iter()
        .filter(|s| {
            !s.overturned && s.created_at <= now && now < s.created_at + LIFETIME_DAYS * DAY
        })
        .count()
}

/// The end of the suspension in force at `now`, if any.
pub fn suspended_until(strikes: &[StrikeFact], now: i64) -> Option<i64> {
    let mut counted: Vec<i64> = strikes
        .iter()
        .filter(|s| !s.overturned)
        .map(|s| s.created_at)
        .collect();
    counted.sort_unstable();
    counted
        .iter()
        .enumerate()
        .filter(|(i, at)| {
            let in_window = counted[..=*i]
                .iter()
                .filter(|c| **c > **at - WINDOW_DAYS * DAY)
                .count();
            in_window >= THRESHOLD
        })
        .map(|(_, at)| (*at, at + SUSPENSION_DAYS * DAY))
        .filter(|(from, until)| *from <= now && now < *until)
        .map(|(_, until)| until)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(day: i64) -> StrikeFact {
        StrikeFact {
            created_at: day * DAY,
            overturned: false,
        }
    }

    #[test]
    fn two_strikes_never_suspend() {
        assert_eq!(suspended_until(&[s(0), s(1)], 2 * DAY), None);
    }

    #[test]
    fn the_third_strike_within_ninety_days_suspends_for_thirty() {
        let strikes = [s(0), s(30), s(60)];
        assert_eq!(suspended_until(&strikes, 61 * DAY), Some(90 * DAY));
        assert_eq!(
            suspended_until(&strikes, 90 * DAY),
            None,
            "over after 30 days"
        );
        assert_eq!(
            suspended_until(&strikes, 59 * DAY),
            None,
            "not before the third"
        );
    }

    #[test]
    fn strikes_too_far_apart_do_not_add_up() {
        assert_eq!(suspended_until(&[s(0), s(50), s(95)], 96 * DAY), None);
    }

    #[test]
    fn an_overturned_strike_lifts_the_suspension() {
        let mut strikes = [s(0), s(30), s(60)];
        strikes[1].overturned = true;
        assert_eq!(suspended_until(&strikes, 61 * DAY), None);
        assert_eq!(counting(&strikes, 61 * DAY), 2);
    }

    #[test]
    fn strikes_expire_and_show_so() {
        assert_eq!(counting(&[s(0)], 89 * DAY), 1);
        assert_eq!(counting(&[s(0)], 90 * DAY), 0);
        assert_eq!(
            shown_status(StrikeStatus::Active, 0, 90 * DAY),
            StrikeStatus::Expired
        );
        assert_eq!(
            shown_status(StrikeStatus::Overturned, 0, 90 * DAY),
            StrikeStatus::Overturned
        );
    }

    #[test]
    fn appeals_are_possible_for_fourteen_days_and_once() {
        assert!(can_appeal(StrikeStatus::Active, 0, 14 * DAY));
        assert!(!can_appeal(StrikeStatus::Active, 0, 14 * DAY + 1));
        assert!(!can_appeal(StrikeStatus::Appealed, 0, DAY));
        assert!(!can_appeal(StrikeStatus::Upheld, 0, DAY));
    }
}
