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

/// Up to five languages without repeats, each a short name without commas.
fn languages(list: &[String]) -> ApiResult<Vec<String>> {
    let mut languages = Vec::new();
    for l in list {
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
    Ok(languages)
}

/// Checks an application, answering with every invalid field at once.
pub fn application(req: &VolunteerApplication) -> ApiResult<Application> {
    let mut c = Checks::default();
    let mut communities: Vec<String> = req
        .communities
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    communities.sort();
    communities.dedup();
    c.ensure(
        (1..=5).contains(&communities.len()),
        "communities_required",
        "communities",
    );
    let application = Application {
        skills: c.check(skills(&req.skills, 1)),
        languages: c.check(languages(&req.languages)),
        availability: c.check(text(&req.availability, 200, "availability")),
        communities,
    };
    c.done()?;
    Ok(application)
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

/// Checks a request for help, answering with every invalid field at once.
pub fn help(req: &HelpRequestInput, now: i64) -> ApiResult<Help> {
    let mut c = Checks::default();
    let description = c.check(required(
        &req.description,
        500,
        "description",
        "invalid_value",
    ));
    let address = c.check(required(&req.address, 200, "address", "invalid_value"));
    let start = c.check(instant(&req.starts_at, "starts_at").map(Some));
    if let Some(start) = start {
        c.ensure(start > now, "help_in_past", "starts_at");
    }
    if !(15..=480).contains(&req.minutes) {
        c.refuse(minutes_error(15, 480, "minutes"));
    }
    let phone = c.check(
        req.phone
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                crate::accounts::PhoneNumber::parse(p)
                    .map(|p| p.as_str().to_owned())
                    .map_err(|_| ApiError::invalid("invalid_phone", "phone"))
            })
            .transpose(),
    );
    c.done()?;
    Ok(Help {
        skill: req.skill,
        description,
        address,
        phone,
        // Never the default: `done` refused the form when the instant was wrong.
        start: start.unwrap_or_default(),
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

    /// Every (field, code) a refusal names.
    fn all_fields(e: ApiError) -> Vec<(String, String)> {
        let ApiError::InvalidFields(problems) = e else {
            return vec![(
                e.problem().field.unwrap_or_default(),
                e.problem().code.into(),
            )];
        };
        problems
            .into_iter()
            .map(|p| (p.field.unwrap_or_default(), p.code.to_owned()))
            .collect()
    }

    #[test]
    fn a_form_is_answered_with_every_invalid_field() {
        let bad = VolunteerApplication {
            skills: vec![],
            languages: vec!["普通话,粤语".into()],
            availability: "周末".into(),
            communities: vec![],
        };
        assert_eq!(
            all_fields(application(&bad).expect_err("invalid")),
            [
                ("communities".to_owned(), "communities_required".to_owned()),
                ("skills".into(), "skills_required".into()),
                ("languages".into(), "invalid_languages".into()),
            ]
        );
        let help_req = HelpRequestInput {
            description: " ".into(),
            address: String::new(),
            starts_at: "2026-11-20T09:00:00+08:00".into(),
            minutes: 5,
            phone: Some("123".into()),
            community: "440304001001".into(),
            skill: Skill::Meals,
            for_phone: None,
        };
        assert_eq!(
            all_fields(help(&help_req, NOW).expect_err("invalid")),
            [
                ("description".to_owned(), "invalid_value".to_owned()),
                ("address".into(), "invalid_value".into()),
                ("starts_at".into(), "help_in_past".into()),
                ("minutes".into(), "invalid_minutes".into()),
                ("phone".into(), "invalid_phone".into()),
            ]
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
