//! The sentences the server writes into a case's timeline, stored as codes and values
//! ([`crate::phrase::Phrase`]) and rendered in the reader's language. `{body}` is what a person
//! wrote with the step (the reason of an extension, a rating's comment); `{department}` is the
//! event's department in the reader's language.
use crate::{error::messages::Message, phrase::Phrase};

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
