//! Volunteers (义工) and the time bank: the policy's 社工引领义工 and its incentive, "so that
//! volunteers, when they themselves need help, receive it promptly".
//!
//! - `input`: checking what people write (pure).
//! - `store`: every SQL statement of the domain; `views`: rows to wire types.
//! - `ledger`: the hours ledger and the time bank, one transaction per movement: confirmed
//!   hours credit the volunteer's balance; a help request served moves minutes from the
//!   requester's balance to the helper's; a debit is a conditional UPDATE, so concurrent
//!   debits never take a balance below the policy's floor (the CHECK is the guarantee).
//! - `routes` (public and residents), `help` (help requests), `staff` (social workers and
//!   organisers): the HTTP API. `privacy`: the export and account deletion; `seed`: demo data.
//!
//! Social workers (role `social_worker`) and administrators act within their region;
//! community organisations' members post and run shifts of their organisations. A volunteer
//! serves the communities named in their profile; the volunteers of a community form its team.
mod help;
pub mod input;
pub mod ledger;
pub mod privacy;
mod routes;
pub mod seed;
mod staff;
pub mod store;
mod views;

use app::api::{accounts::Role, volunteers::Stars};
use utoipa_axum::router::OpenApiRouter;

use crate::{AppState, accounts::session::RoleSet, error::messages::Message, phrase::Phrase};

pub fn router() -> OpenApiRouter<AppState> {
    routes::router()
        .merge(help::router())
        .merge(staff::router())
}

/// Staff who approve volunteers, post shifts, confirm hours and run the time bank: social
/// workers and administrators, within their region.
pub struct SocialWorkers;
impl RoleSet for SocialWorkers {
    const ROLES: &'static [Role] = &[Role::SocialWorker, Role::Admin];
}

/// The time bank's policy (`--time-bank-floor-hours`, `--volunteer-star-hours`).
#[derive(Debug, Clone)]
pub struct Policy {
    /// The lowest a balance may go, in minutes (0: no help on credit; negative: that much).
    pub floor_minutes: i64,
    /// Cumulative hours for each star level, ascending.
    pub star_hours: Vec<u32>,
}

impl Default for Policy {
    /// No credit; the star levels commonly used for volunteers in China (一星 100 hours …
    /// 五星 1500 hours).
    fn default() -> Self {
        Self {
            floor_minutes: 0,
            star_hours: vec![100, 300, 600, 1000, 1500],
        }
    }
}

impl Policy {
    /// The star level reached with `minutes` of confirmed service.
    pub fn stars(&self, minutes: i64) -> Stars {
        let reached = self
            .star_hours
            .iter()
            .take_while(|h| minutes >= i64::from(**h) * 60)
            .count();
        Stars {
            level: u8::try_from(reached).unwrap_or(u8::MAX),
            thresholds_hours: self.star_hours.clone(),
            next_in_minutes: self
                .star_hours
                .get(reached)
                .map(|h| i64::from(*h) * 60 - minutes),
        }
    }

    /// Parses `100,300,600`: ascending whole hours, at most 10 levels.
    pub fn parse_star_hours(s: &str) -> Result<Vec<u32>, String> {
        let hours: Vec<u32> = s
            .split(',')
            .map(|h| h.trim().parse::<u32>())
            .collect::<Result<_, _>>()
            .map_err(|_| "star hours are whole numbers separated by commas".to_owned())?;
        if hours.is_empty() || hours.len() > 10 || hours.windows(2).any(|w| w[0] >= w[1]) {
            return Err("give 1 to 10 ascending star thresholds".to_owned());
        }
        if hours[0] == 0 {
            return Err("the first star needs at least one hour".to_owned());
        }
        Ok(hours)
    }
}

/// Star thresholds as given on the command line.
#[derive(Debug, Clone)]
pub struct StarHours(pub Vec<u32>);

impl StarHours {
    pub fn parse(s: &str) -> Result<Self, String> {
        Policy::parse_star_hours(s).map(Self)
    }
}

/// The audit detail of a help request: the skill asked for, in words, and the minutes.
pub fn help_requested(skill: app::api::volunteers::Skill, minutes: impl ToString) -> Phrase {
    let label = skill.label();
    Phrase::new("audit_help_requested")
        .words(
            "skill",
            "skill_en",
            &label.zh,
            label.en.as_deref().unwrap_or(&label.zh),
        )
        .param("minutes", minutes)
}

/// The audit detail of an application: its skills in words.
pub fn skills_phrase(skills: &[app::api::volunteers::Skill]) -> Phrase {
    let labels: Vec<_> = skills.iter().map(|s| s.label()).collect();
    let zh: Vec<&str> = labels.iter().map(|l| l.zh.as_str()).collect();
    let en: Vec<&str> = labels
        .iter()
        .map(|l| l.en.as_deref().unwrap_or(&l.zh))
        .collect();
    Phrase::new("audit_volunteer_skills").words("skills", "skills_en", zh.join("、"), en.join(", "))
}

/// Volunteer figures of a region for `from..to` (Unix seconds): the interface the committee's
/// periodic report reads.
pub async fn figures(
    db: &crate::Db,
    region_id: i64,
    from: i64,
    to: i64,
) -> Result<app::api::volunteers::VolunteerFigures, sqlx::Error> {
    store::figures(db, region_id, from, to).await
}

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("invalid_skill", "请选择技能。", "Choose the skills."),
    ("skills_required", "请至少选择一项技能（最多 10 项）。", "Choose 1 to 10 skills."),
    ("communities_required", "请选择服务的社区（1 到 5 个）。", "Choose 1 to 5 communities to serve."),
    ("invalid_languages", "最多填写 5 种语言，每种不超过 20 字。", "At most 5 languages of at most 20 characters."),
    ("volunteer_not_found", "找不到该义工。", "No such volunteer."),
    ("volunteer_not_approved", "您的义工申请尚未通过审核。", "Your volunteer application has not been approved yet."),
    ("volunteer_not_pending", "该申请已处理。", "This application has already been decided."),
    ("opportunity_not_found", "找不到该服务岗位。", "No such volunteer shift."),
    ("opportunity_not_open", "该服务岗位未在报名中。", "This shift is not open for sign-up."),
    ("opportunity_full", "该服务岗位已满员。", "This shift is full."),
    ("invalid_shift_title", "请填写岗位名称（不超过 80 字）。", "Give the shift a title (at most 80 characters)."),
    ("invalid_shift_place", "请填写服务地点（不超过 200 字）。", "Give the place (at most 200 characters)."),
    ("opportunity_too_long", "单次服务不能超过 12 小时。", "One shift cannot last more than 12 hours."),
    ("invalid_slots", "所需人数应在 1 到 200 之间。", "Volunteers wanted must be between 1 and 200."),
    ("shift_overlap", "您在 {when} 已有另一项服务，时间重叠。", "You already serve another shift at {when}; the times overlap."),
    ("skill_mismatch", "该岗位需要以下技能之一：{skills}。", "This shift needs one of these skills: {skills}."),
    ("outside_your_communities", "该社区不在您的服务社区中。", "This community is not one you serve."),
    ("already_on_shift", "您已报名该服务岗位。", "You have already signed up for this shift."),
    ("not_on_shift", "您没有报名该服务岗位。", "You have not signed up for this shift."),
    ("shift_signup_not_found", "找不到该报名。", "No such sign-up."),
    ("checkout_before_checkin", "签退时间应晚于签到时间。", "Check-out must be after check-in."),
    ("not_checked_in", "请先签到。", "Check in first."),
    ("outside_shift", "签到、签退时间应在服务时段前后一小时内。", "Check-in and check-out must be within an hour of the shift."),
    ("hours_exceed_shift", "服务时长不能超过岗位时长（{max} 分钟）。", "Hours cannot exceed the shift's length ({max} minutes)."),
    ("hours_already_confirmed", "该服务时长已确认。", "These hours have already been confirmed."),
    ("own_hours", "不能确认自己的服务时长。", "You cannot confirm your own hours."),
    ("shift_not_started", "服务开始后才能确认时长。", "Hours can be confirmed once the shift has started."),
    ("invalid_minutes", "时长应在 {min} 到 {max} 分钟之间。", "Minutes must be between {min} and {max}."),
    ("hours_entry_not_found", "找不到要更正的记录。", "No such ledger line to correct."),
    ("balance_below_floor", "时间银行余额不足（不能低于 {floor} 分钟）。", "Not enough time-bank balance (it cannot go below {floor} minutes)."),
    ("help_request_not_found", "找不到该求助。", "No such help request."),
    ("help_request_not_open", "该求助已有人接手或已结束。", "This help request has been taken or has ended."),
    ("help_request_not_matched", "该求助尚未匹配义工。", "This help request has no volunteer yet."),
    ("own_help_request", "不能接手自己的求助。", "You cannot take your own help request."),
    ("help_in_past", "求助时间已过。", "The time of the help request has passed."),
    ("invalid_certificate_period", "请填写开始和结束日期（开始不晚于结束，最长 5 年）。", "Give a start and end date (start not after end, at most 5 years)."),
    ("certificate_not_found", "找不到该证明，请核对验证码。", "No such certificate; check the verification code."),
];

/// What the audit log says about volunteers, shifts and the time bank.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_volunteer_skills", "技能：{skills}", "Skills: {skills}"),
    ("audit_certificate", "{from} 至 {to}，共 {minutes} 分钟", "{from} to {to}: {minutes} minutes"),
    ("audit_help_requested", "{skill}，{minutes} 分钟", "{skill}, {minutes} minutes"),
    ("audit_help_matched", "义工 #{volunteer}", "Volunteer #{volunteer}"),
    ("audit_opportunity_title", "{title}", "{title}"),
    ("audit_hours_confirmed", "服务岗位 #{opportunity}，{minutes} 分钟", "Shift #{opportunity}: {minutes} minutes"),
];

#[cfg(test)]
mod tests {
    use super::Policy;

    #[test]
    fn stars_follow_the_thresholds() {
        let p = Policy::default();
        assert_eq!(p.stars(0).level, 0);
        assert_eq!(p.stars(0).next_in_minutes, Some(6000));
        assert_eq!(p.stars(100 * 60).level, 1);
        assert_eq!(p.stars(1500 * 60).level, 5);
        assert_eq!(p.stars(1500 * 60).next_in_minutes, None);
    }

    #[test]
    fn star_hours_parse_ascending_lists_only() {
        assert_eq!(Policy::parse_star_hours("10, 20,30"), Ok(vec![10, 20, 30]));
        assert!(Policy::parse_star_hours("20,10").is_err());
        assert!(Policy::parse_star_hours("0,10").is_err());
        assert!(Policy::parse_star_hours("a").is_err());
        assert!(Policy::parse_star_hours("").is_err());
    }
}
