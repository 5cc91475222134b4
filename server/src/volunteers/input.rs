//! What residents and staff write about volunteering, checked before anything is stored.
//! Pure: communities, organisations and accounts are looked up by the caller.
use app::api::volunteers::{HelpRequestInput, OpportunityInput, Skill, VolunteerApplication};
use jiff::civil::Date;

use crate::{
    error::{ApiError, ApiResult, Problem},
    fields::{Checks, date, instant, instant_opt, optional, required, text},
};

/// Longest shift, in seconds.
pub const MAX_SHIFT_SECONDS: i64 = 12 * 3600;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub skills: Vec<Skill>,
    pub languages: Vec<String>,
    pub availability: String,
    pub communities: Vec<String>,
}

/// Skills sorted without repeats, `min..=10` of them.
fn skills(list: &[Skill], min: usize) -> ApiResult<Vec<Skill>> {
    let mut s = list.to_vec();
    s.sort();
    s.dedup();
    if s.len() < min || s.len() > 10 {
        return Err(ApiError::invalid("skills_required", "skills"));
    }
    Ok(s)
}

pub fn application(req: &VolunteerApplication) -> ApiResult<Application> {
    let mut languages = Vec::new();
    for l in &req.languages {
        let l = text(l, 20, "languages")?;
        if l.contains('\n') || l.contains(',') {
            return Err(ApiError::invalid("invalid_languages", "languages"));
        }
        if !l.is_empty() && !languages.contains(&l) {
            languages.push(l);
        }
    }
    if languages.len() > 5 {
        return Err(ApiError::invalid("invalid_languages", "languages"));
    }
    let mut communities: Vec<String> = req
        .communities
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    communities.sort();
    communities.dedup();
    if communities.is_empty() || communities.len() > 5 {
        return Err(ApiError::invalid("communities_required", "communities"));
    }
    Ok(Application {
        skills: skills(&req.skills, 1)?,
        languages,
        availability: text(&req.availability, 200, "availability")?,
        communities,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub title_zh: String,
    pub title_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub place_zh: String,
    pub place_en: Option<String>,
    pub start: i64,
    pub end: i64,
    pub slots: i64,
    pub skills: Vec<Skill>,
    pub signup_closes: i64,
}

/// Checks a shift, answering with every invalid field at once.
pub fn opportunity(req: &OpportunityInput, now: i64) -> ApiResult<Shift> {
    let mut c = Checks::default();
    let title_zh = c.check(required(&req.title, 80, "title", "invalid_shift_title"));
    let place_zh = c.check(required(&req.place, 200, "place", "invalid_shift_place"));
    let start = c.check(instant(&req.starts_at, "starts_at").map(Some));
    let end = c.check(instant(&req.ends_at, "ends_at").map(Some));
    if let Some(start) = start {
        c.ensure(start > now, "activity_in_past", "starts_at");
    }
    if let (Some(start), Some(end)) = (start, end) {
        c.ensure(end > start, "invalid_time_range", "ends_at");
        c.ensure(
            end <= start || end - start <= MAX_SHIFT_SECONDS,
            "opportunity_too_long",
            "ends_at",
        );
    }
    c.ensure((1..=200).contains(&req.slots), "invalid_slots", "slots");
    let closes = c.check(instant_opt(
        req.signup_closes_at.as_deref(),
        "signup_closes_at",
    ));
    if let (Some(start), Some(end)) = (start, end) {
        let closes = closes.unwrap_or(start);
        c.ensure(
            closes <= end && closes > now,
            "invalid_signup_window",
            "signup_closes_at",
        );
    }
    let shift = Shift {
        title_en: c.check(optional(req.title_en.as_deref(), 160, "title_en")),
        description_zh: c.check(text(&req.description, 2000, "description")),
        description_en: c.check(optional(
            req.description_en.as_deref(),
            4000,
            "description_en",
        )),
        place_en: c.check(optional(req.place_en.as_deref(), 400, "place_en")),
        skills: c.check(skills(&req.skills, 0)),
        title_zh,
        place_zh,
        // Never used when a check failed: `done` refuses the form first.
        start: start.unwrap_or_default(),
        end: end.unwrap_or_default(),
        slots: i64::from(req.slots),
        signup_closes: closes.or(start).unwrap_or_default(),
    };
    c.done()?;
    Ok(shift)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub skill: Skill,
    pub description: String,
    pub address: String,
    pub phone: Option<String>,
    pub start: i64,
    pub minutes: i64,
}

pub fn help(req: &HelpRequestInput, now: i64) -> ApiResult<Help> {
    let description = required(&req.description, 500, "description", "invalid_value")?;
    let address = required(&req.address, 200, "address", "invalid_value")?;
    let start = instant(&req.starts_at, "starts_at")?;
    if start <= now {
        return Err(ApiError::invalid("help_in_past", "starts_at"));
    }
    if !(15..=480).contains(&req.minutes) {
        return Err(minutes_error(15, 480, "minutes"));
    }
    let phone = match req
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) => Some(
            crate::accounts::PhoneNumber::parse(p)
                .map_err(|_| ApiError::invalid("invalid_phone", "phone"))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    Ok(Help {
        skill: req.skill,
        description,
        address,
        phone,
        start,
        minutes: i64::from(req.minutes),
    })
}

pub fn minutes_error(min: i64, max: i64, field: &str) -> ApiError {
    ApiError::Invalid(
        Problem::new("invalid_minutes")
            .field(field)
            .param("min", min)
            .param("max", max),
    )
}

/// A reason of 1–200 characters.
pub fn reason(s: &str) -> ApiResult<String> {
    required(s, 200, "reason", "reason_required")
}

/// A certificate's period: two dates, in order, at most five years apart.
pub fn period(from: &str, to: &str) -> ApiResult<(Date, Date)> {
    let f = date(from, "from")?;
    let t = date(to, "to")?;
    if f > t || t.since(f).map_or(true, |s| s.get_days() > 5 * 366) {
        return Err(ApiError::invalid("invalid_certificate_period", "to"));
    }
    Ok((f, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_658_400;

    fn shift() -> OpportunityInput {
        OpportunityInput {
            community: "440304001001".into(),
            title: "长者饭堂助餐".into(),
            place: "红荔社区长者饭堂".into(),
            starts_at: "2026-11-28T11:00:00+08:00".into(),
            ends_at: "2026-11-28T13:00:00+08:00".into(),
            slots: 3,
            ..Default::default()
        }
    }

    fn field(e: ApiError) -> (String, Option<String>) {
        let p = e.problem();
        (p.code.to_owned(), p.field)
    }

    #[test]
    fn a_shift_closes_sign_up_at_its_start() {
        let s = opportunity(&shift(), NOW).expect("valid");
        assert_eq!(s.signup_closes, s.start);
        assert_eq!(s.end - s.start, 7200);
    }

    #[test]
    fn bad_shifts_name_the_field() {
        let long = OpportunityInput {
            ends_at: "2026-11-29T00:00:00+08:00".into(),
            ..shift()
        };
        assert_eq!(
            field(opportunity(&long, NOW).expect_err("too long")),
            ("opportunity_too_long".into(), Some("ends_at".into()))
        );
        let none = OpportunityInput {
            slots: 0,
            ..shift()
        };
        assert_eq!(
            field(opportunity(&none, NOW).expect_err("no slots")),
            ("invalid_slots".into(), Some("slots".into()))
        );
        let past = OpportunityInput {
            starts_at: "2026-11-20T11:00:00+08:00".into(),
            ..shift()
        };
        assert_eq!(
            field(opportunity(&past, NOW).expect_err("past")).0,
            "activity_in_past"
        );
    }

    #[test]
    fn applications_need_skills_and_communities() {
        let ok = VolunteerApplication {
            skills: vec![Skill::Meals, Skill::Companionship, Skill::Meals],
            languages: vec!["普通话".into(), " 粤语 ".into()],
            availability: "周末上午".into(),
            communities: vec!["440304001001".into()],
        };
        let a = application(&ok).expect("valid");
        assert_eq!(a.skills, vec![Skill::Companionship, Skill::Meals]);
        assert_eq!(a.languages, vec!["普通话", "粤语"]);
        let no_skill = VolunteerApplication {
            skills: vec![],
            ..ok.clone()
        };
        assert_eq!(
            field(application(&no_skill).expect_err("skills")).0,
            "skills_required"
        );
        let no_place = VolunteerApplication {
            communities: vec![],
            ..ok
        };
        assert_eq!(
            field(application(&no_place).expect_err("communities")).0,
            "communities_required"
        );
    }

    #[test]
    fn periods_are_ordered_and_bounded() {
        assert!(period("2026-01-01", "2026-12-31").is_ok());
        assert!(period("2026-12-31", "2026-01-01").is_err());
        assert!(period("2015-01-01", "2026-12-31").is_err());
        assert!(period("2026-13-01", "2026-12-31").is_err());
    }
}
