//! Feedback pages. For residents: the landing page with tracking by code, the form, the
//! resident's own cases and the case page with its timeline and rating. For committee members,
//! department handlers and administrators (`staff_*`): the inbox, a case's workflow, placing a
//! case, statistics, the report upward and reply templates.
pub mod area;
pub mod landing;
pub mod mine;
pub mod new;
pub mod reports;
pub mod staff_area;
pub mod staff_case;
pub mod staff_chart;
pub mod staff_inbox;
pub mod staff_place;
pub mod staff_report;
pub mod staff_stats;
pub mod staff_templates;
pub mod timeline;
pub mod track;

use crate::{
    api::{
        accounts::Role,
        feedback::{CaseStatus, FeedbackKind},
    },
    ui::i18n::FbMsg,
};

/// The roles that work on feedback.
pub const FEEDBACK_STAFF: &[Role] = &[Role::CommitteeMember, Role::DepartmentHandler, Role::Admin];

pub fn kind_label(kind: FeedbackKind) -> FbMsg {
    match kind {
        FeedbackKind::Complaint => FbMsg::KindComplaint,
        FeedbackKind::Suggestion => FbMsg::KindSuggestion,
        FeedbackKind::Question => FbMsg::KindQuestion,
        FeedbackKind::Praise => FbMsg::KindPraise,
    }
}

pub fn status_label(status: CaseStatus) -> FbMsg {
    match status {
        CaseStatus::Submitted => FbMsg::StatusSubmitted,
        CaseStatus::Accepted => FbMsg::StatusAccepted,
        CaseStatus::Declined => FbMsg::StatusDeclined,
        CaseStatus::Assigned => FbMsg::StatusAssigned,
        CaseStatus::InProgress => FbMsg::StatusInProgress,
        CaseStatus::Answered => FbMsg::StatusAnswered,
        CaseStatus::Closed => FbMsg::StatusClosed,
        CaseStatus::Merged => FbMsg::StatusMerged,
    }
}

pub fn event_label(kind: &str) -> FbMsg {
    match kind {
        "accepted" => FbMsg::EvAccepted,
        "declined" => FbMsg::EvDeclined,
        "assigned" => FbMsg::EvAssigned,
        "started" => FbMsg::EvStarted,
        "answered" => FbMsg::EvAnswered,
        "rated" => FbMsg::EvRated,
        "reopened" => FbMsg::EvReopened,
        "closed" => FbMsg::EvClosed,
        "extended" => FbMsg::EvExtended,
        "merged" => FbMsg::EvMerged,
        "note" => FbMsg::EvNote,
        "reminded" => FbMsg::EvReminded,
        "escalated" => FbMsg::EvEscalated,
        "hidden" => FbMsg::EvHidden,
        "unhidden" => FbMsg::EvUnhidden,
        "details" => FbMsg::EvDetails,
        _ => FbMsg::EvSubmitted,
    }
}

/// An answer as text: the names of list values, or the values as typed.
pub fn answer_text(a: &crate::api::feedback::AnswerView, l: crate::ui::i18n::Lang) -> String {
    if a.labels.len() == a.values.len() {
        a.labels
            .iter()
            .map(|t| t.get(l.tag()).to_owned())
            .collect::<Vec<_>>()
            .join("、")
    } else {
        a.values.join("、")
    }
}

/// `2026-11-26T15:04:05+08:00` → `2026-11-26 15:04` for display.
pub fn short_time(rfc3339: &str) -> String {
    rfc3339
        .get(..16)
        .map_or_else(|| rfc3339.to_owned(), |s| s.replace('T', " "))
}

/// Tracking codes of anonymous cases sent from this device (the only way back to them).
pub mod device_codes {
    const KEY: &str = "linli.feedback.codes";

    fn storage() -> Option<web_sys::Storage> {
        leptos::prelude::window().local_storage().ok().flatten()
    }

    pub fn list() -> Vec<String> {
        storage()
            .and_then(|s| s.get_item(KEY).ok().flatten())
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default()
    }

    pub fn remember(code: &str) {
        let mut codes = list();
        if !codes.iter().any(|c| c == code) {
            codes.insert(0, code.to_owned());
            codes.truncate(20);
        }
        if let (Some(s), Ok(v)) = (storage(), serde_json::to_string(&codes)) {
            let _ = s.set_item(KEY, &v);
        }
    }
}
