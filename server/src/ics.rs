//! A small iCalendar (RFC 5545) writer: CRLF line ends, lines folded at 75 octets (never inside
//! a UTF-8 character), TEXT values escaped. Times are local with a `TZID` and a `VTIMEZONE`
//! for Asia/Shanghai (no daylight saving since 1991, so one STANDARD rule is exact), and UTC
//! (`…Z`) for any other zone. Pure: no SQL, no HTTP.
//!
//! Why not a crate: the `icalendar` crate brings chrono into a jiff code base and writes no
//! VTIMEZONE; what is needed here is a hundred lines with tests.
use jiff::{Timestamp, tz::TimeZone};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Tentative,
    Confirmed,
    Cancelled,
}

impl EventStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Tentative => "TENTATIVE",
            Self::Confirmed => "CONFIRMED",
            Self::Cancelled => "CANCELLED",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    pub uid: String,
    /// Last change, Unix seconds.
    pub stamp: i64,
    pub start: i64,
    pub end: i64,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub status: EventStatus,
    /// IANA zone of the venue.
    pub time_zone: String,
}

/// Zones written with a `VTIMEZONE` (fixed offset, no DST in the dates Linli deals with).
const FIXED_ZONES: &[(&str, &str, &str)] = &[("Asia/Shanghai", "+0800", "CST")];

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line: at most 75 octets per line, continuation lines start with a space.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn utc(ts: i64) -> String {
    Timestamp::from_second(ts)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

fn local(ts: i64, tz: &TimeZone) -> String {
    Timestamp::from_second(ts)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(tz.clone())
        .strftime("%Y%m%dT%H%M%S")
        .to_string()
}

fn fixed_zone(name: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    FIXED_ZONES.iter().find(|(n, _, _)| *n == name)
}

fn time_property(name: &str, ts: i64, zone: &str) -> String {
    match fixed_zone(zone) {
        Some((tzid, _, _)) => format!("{name};TZID={tzid}:{}", local(ts, &crate::time::tz(tzid))),
        None => format!("{name}:{}", utc(ts)),
    }
}

/// A whole calendar (`METHOD:PUBLISH`) of events.
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Linli//Community services//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape(name)),
    ];
    let mut zones: Vec<&str> = events
        .iter()
        .filter_map(|e| fixed_zone(&e.time_zone).map(|z| z.0))
        .collect();
    zones.sort_unstable();
    zones.dedup();
    for zone in zones {
        if let Some((tzid, offset, abbr)) = fixed_zone(zone) {
            lines.extend([
                "BEGIN:VTIMEZONE".to_owned(),
                format!("TZID:{tzid}"),
                "BEGIN:STANDARD".to_owned(),
                "DTSTART:19700101T000000".to_owned(),
                format!("TZOFFSETFROM:{offset}"),
                format!("TZOFFSETTO:{offset}"),
                format!("TZNAME:{abbr}"),
                "END:STANDARD".to_owned(),
                "END:VTIMEZONE".to_owned(),
            ]);
        }
    }
    for e in events {
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", e.uid),
            format!("DTSTAMP:{}", utc(e.stamp)),
            time_property("DTSTART", e.start, &e.time_zone),
            time_property("DTEND", e.end, &e.time_zone),
            format!("SUMMARY:{}", escape(&e.summary)),
            format!("LOCATION:{}", escape(&e.location)),
            format!("DESCRIPTION:{}", escape(&e.description)),
            format!("STATUS:{}", e.status.as_str()),
            "TRANSP:OPAQUE".to_owned(),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(zone: &str) -> Event {
        Event {
            uid: "booking-7@linli".into(),
            stamp: 1_795_658_400,
            start: 1_795_690_800,
            end: 1_795_698_000,
            summary: "篮球场 A场, 红荔社区; 练习\\赛".into(),
            location: "福田区红荔路 1 号".into(),
            description: "入场码 12345678\n请提前 10 分钟到场".into(),
            status: EventStatus::Confirmed,
            time_zone: zone.into(),
        }
    }

    #[test]
    fn lines_end_with_crlf_and_never_exceed_75_octets() {
        let mut e = event("Asia/Shanghai");
        e.description = "很长的说明".repeat(40);
        let ics = calendar("我的预约", &[e]);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}", "很长的说明".repeat(40))));
    }

    #[test]
    fn folding_never_splits_a_character() {
        let folded = fold(&format!("SUMMARY:{}", "场".repeat(60)));
        for line in folded.split("\r\n") {
            assert!(std::str::from_utf8(line.as_bytes()).is_ok());
            assert!(line.len() <= 75);
        }
        assert_eq!(fold("A"), "A\r\n");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let ics = calendar("x", &[event("Asia/Shanghai")]);
        assert!(ics.contains("SUMMARY:篮球场 A场\\, 红荔社区\\; 练习\\\\赛"));
    }

    #[test]
    fn shanghai_times_carry_tzid_and_a_vtimezone() {
        let ics = calendar("x", &[event("Asia/Shanghai")]);
        assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"));
        assert!(ics.contains("TZOFFSETTO:+0800"));
        assert!(ics.contains("DTSTART;TZID=Asia/Shanghai:20261126T190000\r\n"));
        assert!(ics.contains("DTEND;TZID=Asia/Shanghai:20261126T210000\r\n"));
        assert!(ics.contains("DTSTAMP:20261126T020000Z\r\n"));
    }

    #[test]
    fn other_zones_are_written_in_utc() {
        let ics = calendar("x", &[event("Europe/Helsinki")]);
        assert!(!ics.contains("VTIMEZONE"));
        assert!(ics.contains("DTSTART:20261126T110000Z\r\n"));
    }
}
