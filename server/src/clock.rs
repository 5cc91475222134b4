//! The one source of "now": every instant the server stores or compares (sessions, bookings,
//! deadlines, audit entries) is read from the clock in the application state, once per request,
//! and passed down to the store functions as `now`.
//!
//! Production reads the system clock. Tests set a fixed instant and move it forward, so a
//! deadline around a holiday is checked on the day it falls instead of by waiting for it, and
//! no test depends on the time of day it runs at.
use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use jiff::{Timestamp, civil::Date};

/// System time, or a settable instant (tests, benchmarks, the data generator).
#[derive(Debug, Clone, Default)]
pub struct Clock {
    fixed: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock standing at `at` (Unix seconds) until [`Clock::set`] moves it.
    pub fn fixed(at: i64) -> Self {
        Self {
            fixed: Some(Arc::new(AtomicI64::new(at))),
        }
    }

    /// Moves a fixed clock (no effect on the system clock).
    pub fn set(&self, at: i64) {
        if let Some(t) = &self.fixed {
            t.store(at, Ordering::SeqCst);
        }
    }

    /// Unix seconds, the way instants are stored.
    pub fn now(&self) -> i64 {
        match &self.fixed {
            Some(t) => t.load(Ordering::SeqCst),
            None => Timestamp::now().as_second(),
        }
    }

    /// Today's date in the city's time zone.
    pub fn today(&self) -> Date {
        local_date(self.now())
    }
}

/// The date of an instant in the city's time zone.
pub fn local_date(ts: i64) -> Date {
    Timestamp::from_second(ts)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(crate::time::default_tz().clone())
        .date()
}

/// Unix seconds of a local date and time in the city's time zone.
pub fn local_instant(date: Date, hour: i8, minute: i8) -> i64 {
    date.at(hour, minute, 0, 0)
        .to_zoned_datetime(crate::time::default_tz().clone())
        .map_or(0, |z| z.timestamp().as_second())
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn a_fixed_clock_stands_still_until_moved() {
        let at = local_instant(date(2026, 9, 30), 16, 0);
        let clock = Clock::fixed(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.today(), date(2026, 9, 30));
        clock.set(at + 9 * 3600);
        assert_eq!(
            clock.today(),
            date(2026, 10, 1),
            "01:00 the next day in Shenzhen"
        );
    }
}
