//! The sentences the server writes into a case's timeline, stored as codes and values
//! ([`crate::phrase::Phrase`]) and rendered in the reader's language. `{body}` is what a person
//! wrote with the step (the reason of an extension, a rating's comment); `{department}` is the
//! event's department in the reader's language.
use super::states::Step;
use crate::{error::messages::Message, lang::Lang, phrase::Phrase};

/// The timeline's sentences.
#[rustfmt::skip]
pub const TIMELINE: &[Message] = &[
    ("timeline_assigned_department", "已转交{department}办理。", "Passed on to {department}."),
    ("timeline_assigned_person", "已指定专人办理。", "Assigned to a named member of staff."),
    ("timeline_extended", "办理期限延长至 {date}：{body}", "Deadline extended to {date}: {body}"),
    ("timeline_merged", "与同一问题的其他意见合并办理，答复将在合并后的意见中给出。", "Merged with other feedback about the same problem; the answer will be given there."),
    ("timeline_closed_unrated", "答复后 {days} 天内未评价，系统自动办结。", "Closed automatically: not rated within {days} days of the answer."),
    ("timeline_rated", "评价 {score} 分", "Rated {score} of 5"),
    ("timeline_rated_comment", "评价 {score} 分：{body}", "Rated {score} of 5: {body}"),
    ("timeline_reopened", "居民对答复不满意，已重新办理。", "The resident was not satisfied with the answer; the case is being handled again."),
    ("timeline_due_soon", "期限 {date} 将至，系统自动提醒。", "The deadline {date} is near: automatic reminder."),
    ("timeline_escalated_district", "已逾期（期限 {date}），升级至区级督办。", "Overdue (deadline {date}): escalated to the district for supervision."),
    ("timeline_escalated_subdistrict", "已逾期（期限 {date}），升级至街道督办。", "Overdue (deadline {date}): escalated to the subdistrict for supervision."),
    ("timeline_merged_in", "合并了 {code}（{title}）", "Merged in {code} ({title})"),
    ("timeline_placed", "已定位到{community}（原在分拣队列：{queue}）", "Placed in {community} (was in the triage queue of {queue})"),
    ("timeline_hidden_flagged", "{flags} 位居民举报，待审核。", "Flagged by {flags} residents; pending review."),
];

/// What the audit log says about a case: the step a member of staff took and where it led.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_feedback_step", "{step}：{from} → {to}", "{step}: {from} → {to}"),
    ("audit_feedback_contact_shown", "向承办人显示了提交人的联系方式", "The submitter's contact details were shown to the assigned handler"),
];

/// The audit entry of a staff step from one status to the next.
pub fn audited_step(step: Step, from: &str, to: &str) -> Phrase {
    let (step_zh, step_en) = step_label(step);
    let (from_zh, from_en) = status_label(from);
    let (to_zh, to_en) = status_label(to);
    Phrase::new("audit_feedback_step")
        .words("step", "step_en", step_zh, step_en)
        .words("from", "from_en", from_zh, from_en)
        .words("to", "to_en", to_zh, to_en)
}

/// A workflow step for people (zh, en).
pub fn step_label(step: Step) -> (&'static str, &'static str) {
    match step {
        Step::Accept => ("受理", "Accept"),
        Step::Decline => ("不予受理", "Decline"),
        Step::Assign => ("转办", "Pass on"),
        Step::Start => ("开始办理", "Start"),
        Step::Answer => ("答复", "Answer"),
        Step::RateSatisfied => ("满意评价", "Rated satisfied"),
        Step::RateUnsatisfied => ("不满意评价", "Rated unsatisfied"),
        Step::AutoClose => ("自动办结", "Closed automatically"),
        Step::Merge => ("合并", "Merge"),
        Step::Note => ("备注", "Note"),
        Step::Extend => ("延期", "Extend"),
        Step::Remind => ("催办", "Remind"),
        Step::Escalate => ("升级督办", "Escalate"),
        Step::Hide => ("隐藏", "Hide"),
        Step::Unhide => ("取消隐藏", "Unhide"),
    }
}

/// A rating, with the resident's comment (stored as the entry's body) or without.
pub fn rated(score: i64, has_comment: bool) -> Phrase {
    let code = if has_comment {
        "timeline_rated_comment"
    } else {
        "timeline_rated"
    };
    Phrase::new(code).param("score", score)
}

/// An escalation after the deadline, to the subdistrict (level 1) or the district (2 and up).
pub fn escalated(level: i64, due: &str) -> Phrase {
    let code = if level >= 2 {
        "timeline_escalated_district"
    } else {
        "timeline_escalated_subdistrict"
    };
    Phrase::new(code).param("date", due)
}

/// A case status for people (zh, en); the code itself when unknown.
pub fn status_label(status: &str) -> (&str, &str) {
    match status {
        "submitted" => ("待受理", "Waiting"),
        "accepted" => ("已受理", "Accepted"),
        "declined" => ("不予受理", "Declined"),
        "assigned" => ("已转办", "Passed on"),
        "in_progress" => ("办理中", "In progress"),
        "answered" => ("已答复", "Answered"),
        "closed" => ("已办结", "Closed"),
        "merged" => ("已合并", "Merged"),
        other => (other, other),
    }
}

/// The labels of the report's figures (CSV), by key.
#[rustfmt::skip]
const REPORT: &[(&str, &str, &str)] = &[
    ("total", "意见总数", "Cases"),
    ("open", "办理中", "Open"),
    ("overdue", "逾期", "Overdue"),
    ("accept_on_time_rate", "按时受理率", "Accepted on time"),
    ("answer_on_time_rate", "按时办结率", "Answered on time"),
    ("median_response_hours", "响应时间中位数（小时）", "Median first response (hours)"),
    ("rated", "已评价", "Rated"),
    ("average_rating", "平均评分", "Average rating"),
    ("satisfied_rate", "满意率", "Satisfied"),
    ("submitted_answered", "提交/办结", "Filed/answered"),
    ("activities.held", "举办活动", "Activities held"),
    ("activities.cancelled", "取消活动", "Activities cancelled"),
    ("activities.signed_up", "报名人次", "Sign-ups"),
    ("activities.attended", "到场人次", "Attended"),
    ("activities.no_shows", "报名未到", "No-shows"),
    ("activities.rating_average", "活动平均评分", "Average activity rating"),
    ("volunteers.volunteers", "在册义工", "Registered volunteers"),
    ("volunteers.active", "有服务记录的义工", "Volunteers who served"),
    ("volunteers.hours", "确认服务时长（小时）", "Confirmed service (hours)"),
    ("volunteers.shifts", "服务岗位", "Shifts"),
    ("volunteers.help_requests_done", "完成时间银行求助", "Time-bank requests done"),
    ("volunteers.help_requests_open", "待完成求助", "Time-bank requests open"),
];

/// The label of a report figure in a language; the key itself when unknown.
pub fn report_label(key: &str, lang: Lang) -> String {
    REPORT
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, zh, en)| lang.pick(zh, en))
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_label_and_status_has_both_languages() {
        for (key, zh, en) in REPORT {
            assert!(!zh.is_empty() && en.is_ascii() && !en.is_empty(), "{key}");
            assert_eq!(report_label(key, Lang::En), *en);
        }
        for status in app::api::feedback::CaseStatus::ALL {
            let (zh, en) = status_label(status.as_str());
            assert_ne!(zh, en, "{status:?} has words, not its code");
        }
    }
}
