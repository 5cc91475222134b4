//! Instants on the wire: RFC 3339 with the offset of the place (Asia/Shanghai by default).
use std::sync::OnceLock;

use jiff::{Timestamp, tz::TimeZone};

/// The city's time zone; venues and services may name another IANA zone.
pub const DEFAULT_TZ: &str = "Asia/Shanghai";

pub fn default_tz() -> &'static TimeZone {
    static TZ: OnceLock<TimeZone> = OnceLock::new();
    TZ.get_or_init(|| {
        TimeZone::get(DEFAULT_TZ).unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(8)))
    })
}

/// Looks up an IANA zone name, falling back to the city's zone.
pub fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or_else(|_| default_tz().clone())
}

/// `2026-11-26T15:04:05+08:00` for Unix seconds, in the city's zone.
pub fn rfc3339(ts: i64) -> String {
    rfc3339_in(ts, default_tz())
}

pub fn rfc3339_in(ts: i64, tz: &TimeZone) -> String {
    local(ts, tz, "%Y-%m-%dT%H:%M:%S%:z")
}

/// Unix seconds as local time in `tz`, by a `strftime` format (`%m-%d %H:%M` in notices); empty
/// for an instant out of range.
pub fn local(ts: i64, tz: &TimeZone, format: &str) -> String {
    match Timestamp::from_second(ts) {
        Ok(t) => t.to_zoned_datetime(tz.clone()).strftime(format).to_string(),
        Err(_) => String::new(),
    }
}

/// Parses an RFC 3339 instant (an offset is required) into Unix seconds.
pub fn parse_instant(s: &str) -> Option<i64> {
    s.parse::<Timestamp>().ok().map(Timestamp::as_second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_written_with_the_china_offset() {
        assert_eq!(rfc3339(0), "1970-01-01T08:00:00+08:00");
        assert_eq!(parse_instant("1970-01-01T08:00:00+08:00"), Some(0));
        assert_eq!(parse_instant("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_instant("1970-01-01 00:00"), None);
    }
}
