//! Stored rows brought up to date where SQL cannot do it, run after the schema migrations by
//! [`crate::migrate`]. Top layer: it speaks every domain's words (roles, steps, skills…), the
//! same ones new rows get.
use app::api::{
    booking::{ApprovalStep, BookingKind},
    calendar::DayKind,
    directory::SuggestionStatus,
    regions::RegionLevel,
    volunteers::Skill,
};

use crate::{Db, audit, phrase::Phrase};

/// How many entries one transaction converts.
const BATCH: i64 = 500;

/// Audit entries written before details had codes (migration 0033) kept their detail as
/// English technical text. Each is stored again as a code and values, as a new entry of its
/// action would be, and so read in the reader's language. A detail of a shape no action ever
/// wrote is kept word for word (`audit_as_written`). Returns how many entries were converted;
/// entries already converted are not read again.
pub async fn old_audit_details(db: &Db) -> Result<u64, sqlx::Error> {
    let mut converted = 0;
    let mut after = 0;
    loop {
        let rows = audit::uncoded(db, after, BATCH).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let mut tx = db.begin_write().await?;
        for row in rows {
            let detail = match old_detail(&row.action, &row.detail) {
                Some(detail) => detail,
                None => Some(Phrase::new("audit_as_written").param("text", &row.detail)),
            };
            audit::set_detail(&mut *tx, row.id, detail.as_ref()).await?;
            converted += 1;
        }
        tx.commit().await?;
    }
    Ok(converted)
}

/// The detail an entry of `action` gets today for what it said before codes (`Some(None)`:
/// nothing worth saying), or `None` when the text is not of a shape that action wrote.
fn old_detail(action: &str, d: &str) -> Option<Option<Phrase>> {
    let (owner, _) = action.split_once('.')?;
    match owner {
        "role" | "user" | "personal_data" | "account" | "family" | "staff" | "organization" => {
            accounts(action, d)
        }
        "activity" => activities(action, d),
        "booking" | "venue" => booking(action, d),
        "help" | "volunteer" | "time_bank" | "opportunity" => volunteers(action, d),
        _ => others(action, d),
    }
}

/// Accounts, roles and logins.
fn accounts(action: &str, d: &str) -> Option<Option<Phrase>> {
    let phrase = match action {
        "role.grant" => role_granted(d)?,
        "role.revoke" => {
            let (grant, role) = d.strip_prefix("grant ")?.split_once(": ")?;
            crate::accounts::with_role(Phrase::new("audit_role_revoked"), role)
                .param("grant", int(grant)?)
        }
        "user.disable" | "user.enable" => reason(d),
        "personal_data.view" => match d {
            "phone number" => Phrase::new("audit_phone_shown"),
            "submitter contact shown to the assigned handler" => {
                Phrase::new("audit_feedback_contact_shown")
            }
            _ => return None,
        },
        "account.password_reset" => {
            let ended = d
                .strip_prefix("by sms code; ")?
                .strip_suffix(" sessions ended")?;
            Phrase::new("audit_password_reset").param("sessions", int(ended)?)
        }
        "account.phone_changed" if d == "proven by sms code" => Phrase::new("audit_phone_proven"),
        "account.email_set" if d == "proven by email code" => Phrase::new("audit_email_proven"),
        "family.acted" => {
            let (method, route) = d.split_once(' ')?;
            if !method.chars().all(|c| c.is_ascii_uppercase()) || !route.starts_with('/') {
                return None;
            }
            Phrase::new("audit_family_acted")
                .param("method", method)
                .param("route", route)
        }
        "staff.login" => {
            return match d.strip_suffix(" ok, second factor pending") {
                Some(how) => Some(crate::accounts::login_detail(how, true)),
                None => Some(crate::accounts::login_detail(d.strip_prefix("by ")?, false)),
            };
        }
        "organization.member_added" | "organization.member_removed" => {
            Phrase::new("audit_user").param("user", int(d.strip_prefix("user=")?)?)
        }
        _ => return None,
    };
    Some(Some(phrase))
}

/// Community activities.
fn activities(action: &str, d: &str) -> Option<Option<Phrase>> {
    let phrase = match action {
        "activity.photo_add" => Phrase::new("audit_photo_added").param("bytes", bytes(d)?),
        "activity.photo_remove" => Phrase::new("audit_photo_removed").param("file", d),
        "activity.created" => {
            Phrase::new("audit_activity_dates").param("dates", int(d.strip_prefix("dates=")?)?)
        }
        "activity.updated" => match d {
            "moved=true" => Phrase::new("audit_activity_moved"),
            "moved=false" => return Some(None),
            _ => return None,
        },
        "activity.signup_by_staff" | "activity.checkin" => {
            Phrase::new("audit_activity_signup").param("signup", int(d.strip_prefix("signup=")?)?)
        }
        _ => return None,
    };
    Some(Some(phrase))
}

/// Bookings and venues.
fn booking(action: &str, d: &str) -> Option<Option<Phrase>> {
    let phrase = match action {
        "booking.appeal_decide" => match d {
            "overturned" => Phrase::new("audit_appeal_overturned"),
            "upheld" => Phrase::new("audit_appeal_upheld"),
            _ => return None,
        },
        "booking.recurring" => {
            let (series, booked) = d.strip_prefix("series ")?.split_once(" booked ")?;
            Phrase::new("audit_series_booked")
                .param("series", int(series)?)
                .param("booked", int(booked)?)
        }
        "booking.lottery_create" => {
            Phrase::new("audit_lottery_venue").param("venue", int(d.strip_prefix("venue ")?)?)
        }
        "booking.approve" => {
            let (zh, en) = crate::booking::approval_step_label(ApprovalStep::parse(d)?);
            Phrase::new("audit_booking_approved").words("step", "step_en", zh, en)
        }
        "booking.staff_create" => {
            let (zh, en) = crate::booking::kind_label(BookingKind::parse(d)?);
            Phrase::new("audit_booking_kind").words("kind", "kind_en", zh, en)
        }
        "venue.create" => {
            Phrase::new("audit_venue_parts").param("parts", int(d.strip_prefix("parts ")?)?)
        }
        "venue.rules" => {
            serde_json::from_str::<serde_json::Value>(d).ok()?;
            Phrase::new("audit_venue_rules").param("rules", d)
        }
        "venue.hours" => {
            Phrase::new("audit_venue_hours").param("intervals", int(d.strip_suffix(" intervals")?)?)
        }
        "venue.exception" | "venue.exception_delete" => {
            Phrase::new("audit_day").param("day", d.parse::<jiff::civil::Date>().ok()?)
        }
        "venue.closure" => {
            let (days, cancelled) = d.split_once(", cancelled ")?;
            let (first, last) = days.split_once("..")?;
            Phrase::new("audit_venue_closure")
                .param("first", first.parse::<jiff::civil::Date>().ok()?)
                .param("last", last.parse::<jiff::civil::Date>().ok()?)
                .param("cancelled", int(cancelled)?)
        }
        "venue.closure_delete" => {
            Phrase::new("audit_venue_closure_removed").param("closure", int(d)?)
        }
        "venue.approvers" => {
            Phrase::new("audit_venue_approvers").param("count", int(d.strip_suffix(" named")?)?)
        }
        "venue.photo_add" => Phrase::new("audit_venue_photo_added").param("bytes", bytes(d)?),
        "venue.photo_remove" => {
            let position = int(d.strip_prefix("position ")?)?;
            Phrase::new("audit_venue_photo_removed").param("number", position + 1)
        }
        _ => return None,
    };
    Some(Some(phrase))
}

/// Volunteers, help requests and the time bank.
fn volunteers(action: &str, d: &str) -> Option<Option<Phrase>> {
    let phrase = match action {
        "volunteer.approved" | "volunteer.declined" | "opportunity.cancelled" => reason(d),
        "help.requested" => {
            let (skill, minutes) = d.strip_suffix(" min")?.split_once(' ')?;
            crate::volunteers::help_requested(Skill::parse(skill)?, int(minutes)?)
        }
        "help.matched" => Phrase::new("audit_help_matched")
            .param("volunteer", int(d.strip_prefix("volunteer:")?)?),
        "help.completed" => Phrase::new("audit_minutes").param("minutes", minutes(d)?),
        "volunteer.applied" | "volunteer.updated" => {
            let skills: Option<Vec<Skill>> = d.split(',').map(Skill::parse).collect();
            crate::volunteers::skills_phrase(&skills?)
        }
        "volunteer.certificate_issued" => {
            let (days, rest) = d.split_once(' ')?;
            let (from, to) = days.split_once("..")?;
            Phrase::new("audit_certificate")
                .param("from", from.parse::<jiff::civil::Date>().ok()?)
                .param("to", to.parse::<jiff::civil::Date>().ok()?)
                .param("minutes", minutes(rest)?)
        }
        "volunteer.hours_corrected" | "time_bank.granted" => {
            let (time, reason) = d.split_once(": ")?;
            Phrase::new("audit_minutes_reason")
                .param("minutes", minutes(time)?)
                .param("reason", reason)
        }
        "volunteer.hours_confirmed" => {
            let (shift, time) = d.strip_prefix("opportunity:")?.split_once(' ')?;
            Phrase::new("audit_hours_confirmed")
                .param("opportunity", int(shift)?)
                .param("minutes", minutes(time)?)
        }
        "opportunity.posted" => {
            Phrase::new("audit_opportunity_title").words("title", "title_en", d, d)
        }
        _ => return None,
    };
    Some(Some(phrase))
}

/// The calendar, the directory, feedback, Open311, regions and site settings.
fn others(action: &str, d: &str) -> Option<Option<Phrase>> {
    let phrase = match action {
        "calendar.set" => {
            let (kind, name) = d.split_once(' ')?;
            crate::calendar::day_detail(wire::<DayKind>(kind)?, name, None)
        }
        "directory.import" => {
            let (services, rest) = d.split_once(" services, ")?;
            let (locations, rest) = rest.split_once(" locations, ")?;
            Phrase::new("audit_directory_import")
                .param("services", int(services)?)
                .param("locations", int(locations)?)
                .param("organizations", int(rest.strip_suffix(" organizations")?)?)
        }
        "directory.service.update"
        | "directory.location.update"
        | "directory.organization.update"
        | "directory.hours.update" => {
            let keys: Vec<&str> = d.split(',').collect();
            if keys
                .iter()
                .any(|k| crate::directory::rules::field_name(k).0 == *k)
            {
                return None;
            }
            crate::directory::staff::fields_phrase(&keys)
        }
        "directory.suggestion.resolve" => {
            crate::directory::suggestions::resolved(SuggestionStatus::parse(d)?)
        }
        "feedback.action" => {
            let (step, change) = d.split_once(' ')?;
            let (from, to) = change.split_once(" -> ")?;
            let step = crate::feedback::states::Step::ALL
                .into_iter()
                .find(|s| format!("{s:?}") == step)?;
            crate::feedback::texts::audited_step(step, from, to)
        }
        "open311.key_issue" => Phrase::new("audit_open311_client").param("name", d),
        "regions.add" => region_added(d)?,
        "regions.rename" => {
            let (from, to) = d.split_once(" → ")?;
            let (zh, en) = match to.split_once(" / ") {
                Some((zh, "-")) => (zh, None),
                Some((zh, en)) => (zh, Some(en)),
                None => (to, None),
            };
            crate::regions::renamed((from, None), (zh, en))
        }
        "regions.move" => {
            let (from, to) = d.split_once(" → ")?;
            crate::regions::moved(from, to)
        }
        "regions.boundary" if d == "removed" => Phrase::new("audit_boundary_removed"),
        "regions.boundary" => {
            let (polygons, positions) = d.split_once(" polygon(s), ")?;
            Phrase::new("audit_boundary_set")
                .param("polygons", int(polygons)?)
                .param("positions", int(positions.strip_suffix(" positions")?)?)
        }
        "site.set" => {
            let mut values = Vec::new();
            for pair in d.split("; ") {
                let (key, value) = pair.split_once('=')?;
                values.push((key, Some(value.to_owned()).filter(|v| !v.is_empty())));
            }
            crate::site::settings_detail(&values)
        }
        _ => return None,
    };
    Some(Some(phrase))
}

/// `grant 7: admin @ 440304 (民政科)`, `grant 7: admin @ 440304` or, from the command line,
/// `admin @ 440304 (command line)`.
fn role_granted(d: &str) -> Option<Phrase> {
    if let Some(rest) = d.strip_suffix(" (command line)") {
        let (role, region) = rest.split_once(" @ ")?;
        return Some(
            crate::accounts::with_role(Phrase::new("audit_role_granted_cli"), role)
                .param("region", region),
        );
    }
    let (grant, rest) = d.strip_prefix("grant ")?.split_once(": ")?;
    let (role, rest) = rest.split_once(" @ ")?;
    let phrase = match rest.split_once(" (") {
        Some((region, department)) => {
            crate::accounts::with_role(Phrase::new("audit_role_granted_department"), role)
                .param("region", region)
                .param("department", department.strip_suffix(')')?)
        }
        None => crate::accounts::with_role(Phrase::new("audit_role_granted"), role)
            .param("region", rest),
    };
    Some(phrase.param("grant", int(grant)?))
}

/// `community 荔园社区 in 440304001` (added in the tree) or `community 荔园社区` (imported).
fn region_added(d: &str) -> Option<Phrase> {
    let (level, rest) = d.split_once(' ')?;
    let level = RegionLevel::parse(level)?;
    match rest.rsplit_once(" in ") {
        Some((name, parent)) if parent.chars().all(|c| c.is_ascii_digit()) => Some(
            crate::regions::added("audit_region_added_in", level, name, None)
                .param("parent", parent),
        ),
        _ => Some(crate::regions::added(
            "audit_region_added",
            level,
            rest,
            None,
        )),
    }
}

/// A reason as it was typed.
fn reason(d: &str) -> Phrase {
    Phrase::new("audit_reason").param("reason", d)
}

fn int(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

/// `123 bytes`.
fn bytes(s: &str) -> Option<i64> {
    int(s.strip_suffix(" bytes")?)
}

/// `90 min`.
fn minutes(s: &str) -> Option<i64> {
    int(s.strip_suffix(" min")?)
}

/// A value of a wire enum from its code.
fn wire<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lang::Lang, phrase};

    /// The English and Chinese an old detail reads as after the upgrade.
    fn read(action: &str, old: &str) -> Option<(String, String)> {
        crate::register_messages();
        let p = old_detail(action, old)??;
        let params = p.params_json();
        let say = |lang| phrase::render(p.code, params.as_deref(), &[], lang);
        Some((say(Lang::En), say(Lang::Zh)))
    }

    /// Old details (action, text) and what they read as in English and in Chinese.
    #[rustfmt::skip]
    const CASES: &[(&str, &str, &str, &str)] = &[
        ("role.grant", "grant 7: admin @ 440304 (民政科)", "Grant 7: Administrator in 440304, department 民政科", "第 7 号授权：管理员，地区 440304，部门 民政科"),
        ("role.grant", "grant 8: committee_member @ 440304001001", "Grant 8: Committee member in 440304001001", "第 8 号授权：居委会委员，地区 440304001001"),
        ("role.grant", "admin @ 440300 (command line)", "Administrator in 440300 (granted on the command line)", "管理员，地区 440300（命令行授予）"),
        ("role.revoke", "grant 7: admin", "Grant 7 revoked: Administrator", "撤销第 7 号授权：管理员"),
        ("user.disable", "left the job", "Reason: left the job", "原因：left the job"),
        ("personal_data.view", "phone number", "The full phone number was shown", "查看了完整手机号"),
        ("account.password_reset", "by sms code; 3 sessions ended", "Reset with a code sent by SMS; 3 sessions ended", "通过短信验证码重置，结束了 3 个登录会话"),
        ("staff.login", "sms code ok, second factor pending", "Signed in by SMS code; second factor pending", "通过短信验证码登录，待完成第二步验证"),
        ("staff.login", "by sms code", "Signed in by SMS code", "通过短信验证码登录"),
        ("activity.created", "dates=4", "4 dates", "共 4 个场次"),
        ("activity.checkin", "signup=12", "Sign-up #12", "报名 #12"),
        ("booking.appeal_decide", "upheld", "Appeal refused: the strike stays", "申诉不成立，维持记录"),
        ("booking.recurring", "series 3 booked 9", "Series #3: 9 dates booked", "周期预约 #3：预约了 9 个日期"),
        ("booking.approve", "owner", "Approved by the venue's owner", "场地所属单位审批通过"),
        ("venue.closure", "2026-02-01..2026-02-03, cancelled 2", "Closed 2026-02-01 to 2026-02-03; 2 bookings cancelled", "2026-02-01 至 2026-02-03 停用，取消了 2 个预约"),
        ("venue.photo_remove", "position 0", "Photo 1 removed", "删除了第 1 张照片"),
        ("calendar.set", "holiday 春节", "Holiday: 春节", "节假日：春节"),
        ("directory.import", "12 services, 3 locations, 2 organizations", "12 services, 3 locations, 2 organisations", "12 项服务，3 个地点，2 个机构"),
        ("directory.service.update", "name,description", "Changed: name, description", "修改了：名称、简介"),
        ("directory.suggestion.resolve", "accepted", "Outcome: accepted", "处理结果：已采纳"),
        ("feedback.action", "Accept submitted -> accepted", "Accept: Waiting → Accepted", "受理：待受理 → 已受理"),
        ("regions.add", "community 荔园社区 in 440304001", "New community in 440304001: 荔园社区", "在 440304001 下新增社区：荔园社区"),
        ("regions.rename", "园岭社区 → 荔园社区 / Liyuan", "园岭社区 → Liyuan", "园岭社区 → 荔园社区"),
        ("regions.boundary", "2 polygon(s), 40 positions", "2 polygon(s), 40 positions", "2 个多边形，40 个坐标点"),
        ("help.requested", "meals 60 min", "Meals, 60 minutes", "助餐，60 分钟"),
        ("volunteer.applied", "meals,repair", "Skills: Meals, Repairs", "技能：助餐、维修"),
        ("volunteer.certificate_issued", "2026-01-01..2026-06-30 240 min", "2026-01-01 to 2026-06-30: 240 minutes", "2026-01-01 至 2026-06-30，共 240 分钟"),
        ("time_bank.granted", "30 min: 补录", "30 minutes; reason: 补录", "30 分钟，原因：补录"),
        ("volunteer.hours_confirmed", "opportunity:5 90 min", "Shift #5: 90 minutes", "服务岗位 #5，90 分钟"),
        ("volunteer.declined", "证件不全", "Reason: 证件不全", "原因：证件不全"),
    ];

    #[test]
    fn every_old_shape_reads_in_both_languages() {
        for &(action, old, en, zh) in CASES {
            let (got_en, got_zh) =
                read(action, old).unwrap_or_else(|| panic!("{action} {old:?} is understood"));
            assert_eq!(
                (got_en.as_str(), got_zh.as_str()),
                (en, zh),
                "{action} {old:?}"
            );
        }
    }

    #[test]
    fn a_shape_the_action_never_wrote_is_not_guessed() {
        for (action, old) in [
            ("role.revoke", "admin"),
            ("booking.recurring", "series x booked 2"),
            ("venue.exception", "tomorrow"),
            ("directory.service.update", "name,colour"),
            ("feedback.action", "Frobnicate submitted -> accepted"),
            ("volunteer.applied", "meals,juggling"),
            ("unknown.action", "anything"),
        ] {
            assert!(old_detail(action, old).is_none(), "{action} {old:?}");
        }
        assert!(
            matches!(old_detail("activity.updated", "moved=false"), Some(None)),
            "nothing to say"
        );
    }
}
