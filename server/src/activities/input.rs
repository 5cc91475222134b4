//! What staff write about an activity, checked before anything is stored. Pure: references
//! (community, venue, organisation, audiences) are looked up by the caller.
use app::api::activities::{ActivityInput, ActivityKind};
use jiff::{ToSpan, civil::Date, tz::TimeZone};

use super::MAX_SERIES_DATES;
use crate::{
    error::{ApiError, ApiResult, Problem},
    fields::{Checks, date, instant, instant_opt, optional, text},
};

/// An activity's own fields, checked (times of the first date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub kind: ActivityKind,
    pub title_zh: String,
    pub title_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    /// Empty when a venue gives the place.
    pub place_zh: String,
    pub place_en: Option<String>,
    pub start: i64,
    pub end: i64,
    pub capacity: i64,
    pub max_companions: i64,
    pub signup_opens: Option<i64>,
    pub signup_closes: i64,
    pub cost_zh: Option<String>,
    pub cost_en: Option<String>,
    pub accessibility_zh: String,
    pub accessibility_en: Option<String>,
    pub audiences: Vec<String>,
}

/// One date of a series: the start and end, and the sign-up window moved with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    pub start: i64,
    pub end: i64,
    pub signup_opens: Option<i64>,
    pub signup_closes: i64,
}

/// Checks the fields of an activity, answering with every invalid field at once.
/// `has_venue`: the place may be left out.
pub fn check(req: &ActivityInput, has_venue: bool, now: i64) -> ApiResult<Checked> {
    let mut c = Checks::default();
    let kind = ActivityKind::parse(req.kind.trim());
    c.ensure(kind.is_some(), "invalid_activity_kind", "kind");
    let title_zh = c.check(text(&req.title_zh, 80, "title_zh"));
    if !c.failed("title_zh") {
        c.ensure(!title_zh.is_empty(), "invalid_activity_title", "title_zh");
    }
    let place_zh = c.check(text(&req.place_zh, 200, "place_zh"));
    if !c.failed("place_zh") {
        c.ensure(
            !place_zh.is_empty() || has_venue,
            "invalid_activity_place",
            "place_zh",
        );
    }
    let start = c.check(instant(&req.start, "start").map(Some));
    let end = c.check(instant(&req.end, "end").map(Some));
    if let (Some(start), Some(end)) = (start, end) {
        c.ensure(end > start, "invalid_time_range", "end");
    }
    if let Some(start) = start {
        c.ensure(start > now, "activity_in_past", "start");
    }
    if let (Some(start), Some(end)) = (start, end) {
        c.ensure(
            end <= start || end - start <= 86_400,
            "activity_too_long",
            "end",
        );
    }
    c.ensure(
        (1..=10_000).contains(&req.capacity),
        "invalid_capacity",
        "capacity",
    );
    c.ensure(
        req.max_companions <= 10,
        "invalid_companions_limit",
        "max_companions",
    );
    let signup_opens = c.check(instant_opt(req.signup_opens.as_deref(), "signup_opens"));
    let signup_closes = c.check(instant_opt(req.signup_closes.as_deref(), "signup_closes"));
    if let (Some(start), Some(end)) = (start, end) {
        let closes = signup_closes.unwrap_or(start);
        c.ensure(
            closes <= end && signup_opens.is_none_or(|o| o < closes),
            "invalid_signup_window",
            "signup_closes",
        );
    }
    let checked = Checked {
        // The placeholders below are never used: `done` refuses the form when a check failed.
        kind: kind.unwrap_or(ActivityKind::Culture),
        title_en: c.check(optional(req.title_en.as_deref(), 160, "title_en")),
        description_zh: c.check(text(&req.description_zh, 4000, "description_zh")),
        description_en: c.check(optional(
            req.description_en.as_deref(),
            8000,
            "description_en",
        )),
        place_en: c.check(optional(req.place_en.as_deref(), 400, "place_en")),
        cost_zh: c.check(optional(req.cost_zh.as_deref(), 100, "cost_zh")),
        cost_en: c.check(optional(req.cost_en.as_deref(), 200, "cost_en")),
        accessibility_zh: c.check(text(&req.accessibility_zh, 500, "accessibility_zh")),
        accessibility_en: c.check(optional(
            req.accessibility_en.as_deref(),
            1000,
            "accessibility_en",
        )),
        title_zh,
        place_zh,
        start: start.unwrap_or_default(),
        end: end.unwrap_or_default(),
        capacity: i64::from(req.capacity),
        max_companions: i64::from(req.max_companions),
        signup_opens,
        signup_closes: signup_closes.or(start).unwrap_or_default(),
        audiences: {
            let mut audiences: Vec<String> =
                req.audiences.iter().map(|a| a.trim().to_owned()).collect();
            audiences.sort();
            audiences.dedup();
            audiences
        },
    };
    c.done()?;
    Ok(checked)
}

/// The dates of an activity: the first one, then (with `repeat`) every week at the same local
/// time up to `weekly_until`, without the skipped dates. At most [`MAX_SERIES_DATES`].
pub fn dates(
    c: &Checked,
    repeat: Option<&app::api::activities::Repeat>,
    tz: &TimeZone,
) -> ApiResult<Vec<Dated>> {
    let first = Dated {
        start: c.start,
        end: c.end,
        signup_opens: c.signup_opens,
        signup_closes: c.signup_closes,
    };
    let Some(repeat) = repeat else {
        return Ok(vec![first]);
    };
    let until = date(&repeat.weekly_until, "repeat.weekly_until")?;
    let skip = repeat
        .skip
        .iter()
        .map(|s| date(s, "repeat.skip"))
        .collect::<ApiResult<Vec<Date>>>()?;
    let zoned = crate::booking::rules::zoned(c.start, tz);
    let too_long = || {
        ApiError::Invalid(
            Problem::new("series_too_long")
                .field("repeat.weekly_until")
                .param("max", MAX_SERIES_DATES),
        )
    };
    if until < zoned.date() || until > zoned.date().saturating_add(1.year()) {
        return Err(too_long());
    }
    let mut out = Vec::new();
    for week in 0_i64.. {
        let at = zoned
            .checked_add(week.weeks())
            .map_err(|_| ApiError::invalid("invalid_date", "repeat.weekly_until"))?;
        if at.date() > until {
            break;
        }
        if skip.contains(&at.date()) {
            continue;
        }
        if out.len() == MAX_SERIES_DATES {
            return Err(too_long());
        }
        let shift = at.timestamp().as_second() - c.start;
        out.push(Dated {
            start: first.start + shift,
            end: first.end + shift,
            signup_opens: first.signup_opens.map(|o| o + shift),
            signup_closes: first.signup_closes + shift,
        });
    }
    if out.is_empty() {
        return Err(ApiError::invalid("invalid_date", "repeat.skip"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use app::api::activities::Repeat;

    use super::*;

    /// Thursday 26 Nov 2026 10:00 in Shenzhen.
    const NOW: i64 = 1_795_658_400;

    fn input() -> ActivityInput {
        ActivityInput {
            community: "440304001001".into(),
            title_zh: "太极拳入门".into(),
            kind: "sports".into(),
            place_zh: "红荔社区广场".into(),
            start: "2026-12-01T09:00:00+08:00".into(),
            end: "2026-12-01T10:30:00+08:00".into(),
            capacity: 20,
            ..ActivityInput::default()
        }
    }

    #[test]
    fn a_plain_activity_closes_sign_up_at_its_start() {
        let c = check(&input(), false, NOW).expect("valid input");
        assert_eq!(c.signup_closes, c.start);
        assert_eq!(c.end - c.start, 5400);
        assert_eq!(c.cost_zh, None);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let mut i = input();
        i.title_zh = " ".into();
        i.end = i.start.clone();
        i.capacity = 0;
        i.cost_zh = Some("贵".repeat(101));
        let Err(ApiError::InvalidFields(problems)) = check(&i, false, NOW) else {
            panic!("four bad fields are one answer");
        };
        let named: Vec<_> = problems
            .iter()
            .map(|p| (p.code, p.field.as_deref().unwrap_or_default()))
            .collect();
        assert_eq!(
            named,
            [
                ("invalid_activity_title", "title_zh"),
                ("invalid_time_range", "end"),
                ("invalid_capacity", "capacity"),
                ("text_longer_than", "cost_zh"),
            ]
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let field = |f: &dyn Fn(&mut ActivityInput), venue: bool| {
            let mut i = input();
            f(&mut i);
            match check(&i, venue, NOW) {
                Err(e @ (ApiError::Invalid(_) | ApiError::InvalidFields(_))) => {
                    let p = e.problem();
                    (p.code, p.field.unwrap_or_default())
                }
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            field(&|i| i.kind = "party".into(), false),
            ("invalid_activity_kind", "kind".into())
        );
        assert_eq!(
            field(&|i| i.title_zh = " ".into(), false),
            ("invalid_activity_title", "title_zh".into())
        );
        assert_eq!(
            field(&|i| i.place_zh = String::new(), false),
            ("invalid_activity_place", "place_zh".into())
        );
        assert_eq!(
            field(&|i| i.end = i.start.clone(), false),
            ("invalid_time_range", "end".into())
        );
        assert_eq!(
            field(&|i| i.start = "2026-11-01T09:00:00+08:00".into(), false),
            ("activity_in_past", "start".into())
        );
        assert_eq!(
            field(&|i| i.capacity = 0, false),
            ("invalid_capacity", "capacity".into())
        );
        assert_eq!(
            field(&|i| i.max_companions = 11, false),
            ("invalid_companions_limit", "max_companions".into())
        );
        assert_eq!(
            field(
                &|i| i.signup_closes = Some("2026-12-02T09:00:00+08:00".into()),
                false
            ),
            ("invalid_signup_window", "signup_closes".into())
        );
        assert_eq!(
            field(&|i| i.title_zh = "长".repeat(81), false),
            ("text_longer_than", "title_zh".into())
        );
        assert!(
            check(
                &{
                    let mut i = input();
                    i.place_zh = String::new();
                    i
                },
                true,
                NOW
            )
            .is_ok()
        );
    }

    #[test]
    fn a_weekly_series_keeps_the_local_time_and_skips_dates() {
        let c = check(&input(), false, NOW).expect("valid input");
        let repeat = Repeat {
            weekly_until: "2026-12-29".into(),
            skip: vec!["2026-12-15".into()],
        };
        let d = dates(&c, Some(&repeat), crate::time::default_tz()).expect("a series");
        let starts: Vec<String> = d.iter().map(|d| crate::time::rfc3339(d.start)).collect();
        assert_eq!(
            starts,
            [
                "2026-12-01T09:00:00+08:00",
                "2026-12-08T09:00:00+08:00",
                "2026-12-22T09:00:00+08:00",
                "2026-12-29T09:00:00+08:00"
            ]
        );
        assert!(
            d.iter()
                .all(|d| d.signup_closes == d.start && d.end - d.start == 5400)
        );
    }

    #[test]
    fn a_series_is_at_most_a_year() {
        let c = check(&input(), false, NOW).expect("valid input");
        let repeat = |until: &str| Repeat {
            weekly_until: until.into(),
            skip: Vec::new(),
        };
        let tz = crate::time::default_tz();
        assert_eq!(
            dates(&c, Some(&repeat("2027-11-30")), tz)
                .expect("a year")
                .len(),
            53
        );
        assert!(
            matches!(dates(&c, Some(&repeat("2037-11-30")), tz), Err(ApiError::Invalid(p)) if p.code == "series_too_long")
        );
        assert!(
            matches!(dates(&c, Some(&repeat("2026-11-30")), tz), Err(ApiError::Invalid(p)) if p.code == "series_too_long")
        );
    }
}
