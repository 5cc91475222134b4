//! Volunteers (义工) and the time bank: residents apply as volunteers, sign up for shifts,
//! see their confirmed hours, print record certificates (anyone can verify them), ask for help
//! and help others; social workers (社工) approve volunteers, post shifts, check volunteers in
//! and out, confirm hours, match and close help requests, grant hours in hardship and read the
//! month's figures.
//!
//! The pages load with the `venues` chunk, as the residents' activity pages do: a chunk group
//! of their own would cost the first load about 1.5 KB.
pub mod areas;
mod certificate;
mod help;
mod help_form;
mod ledger;
mod mine;
mod opportunities;
mod opportunity_card;
mod profile_form;

mod report;
mod roster;
mod staff_help;
mod staff_shifts;
mod staff_volunteers;
mod staff_volunteers_forms;

use leptos::prelude::*;

use crate::{
    api::{
        Text,
        accounts::Role,
        volunteers::{BankKind, HelpStatus, HoursKind, OpportunityStatus, Skill, VolunteerStatus},
    },
    ui::{
        client::ApiError,
        i18n::{VolMsg, fixed, lang},
        session::use_session,
    },
};

pub use super::activities::{
    date_label, has_passed, instant_label, local_instant, query_string, route_id, some_text,
    span_label, this_month_cn, today_cn,
};

/// Roles that see the social workers' pages.
pub const SOCIAL_ROLES: &[Role] = &[Role::SocialWorker, Role::Admin];

/// Minutes as hours with one decimal: `90` → `1.5`.
pub fn hours(minutes: i64) -> String {
    fixed(minutes as f64 / 60.0, 1)
}

/// A bilingual text in the current language, reactively.
pub fn text_of(text: Text) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    move || text.get(lang().tag()).to_owned()
}

/// The name of a skill, reactively.
pub fn skill_name(skill: Skill) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    text_of(skill.label())
}

pub fn volunteer_status_label(s: VolunteerStatus) -> VolMsg {
    match s {
        VolunteerStatus::Pending => VolMsg::StatusPending,
        VolunteerStatus::Approved => VolMsg::StatusApproved,
        VolunteerStatus::Declined => VolMsg::StatusDeclined,
    }
}

pub fn volunteer_status_class(s: VolunteerStatus) -> &'static str {
    match s {
        VolunteerStatus::Pending => "badge state-wait",
        VolunteerStatus::Approved => "badge state-ok",
        VolunteerStatus::Declined => "badge state-bad",
    }
}

pub fn shift_status_label(s: OpportunityStatus) -> VolMsg {
    match s {
        OpportunityStatus::Open => VolMsg::ShiftOpen,
        OpportunityStatus::Full => VolMsg::ShiftFull,
        OpportunityStatus::Finished => VolMsg::ShiftFinished,
        OpportunityStatus::Cancelled => VolMsg::ShiftCancelled,
    }
}

pub fn shift_status_class(s: OpportunityStatus) -> &'static str {
    match s {
        OpportunityStatus::Open => "badge state-ok",
        OpportunityStatus::Full => "badge state-wait",
        OpportunityStatus::Finished => "badge state-off",
        OpportunityStatus::Cancelled => "badge state-bad",
    }
}

pub fn help_status_label(s: HelpStatus) -> VolMsg {
    match s {
        HelpStatus::Open => VolMsg::HelpOpen,
        HelpStatus::Matched => VolMsg::HelpMatched,
        HelpStatus::Done => VolMsg::HelpDone,
        HelpStatus::Cancelled => VolMsg::HelpCancelled,
    }
}

pub fn help_status_class(s: HelpStatus) -> &'static str {
    match s {
        HelpStatus::Open => "badge state-wait",
        HelpStatus::Matched => "badge state-ok",
        HelpStatus::Done => "badge state-off",
        HelpStatus::Cancelled => "badge state-bad",
    }
}

pub fn hours_kind_label(k: HoursKind) -> VolMsg {
    match k {
        HoursKind::Shift => VolMsg::KindShift,
        HoursKind::Help => VolMsg::KindHelp,
        HoursKind::Correction => VolMsg::KindCorrection,
    }
}

pub fn bank_kind_label(k: BankKind) -> VolMsg {
    match k {
        BankKind::Earned => VolMsg::BankEarned,
        BankKind::Spent => VolMsg::BankSpent,
        BankKind::Grant => VolMsg::BankGrant,
        BankKind::Correction => VolMsg::KindCorrection,
    }
}

/// The regions of the caller's social-worker (or administrator) grants, each once.
pub fn social_regions() -> Vec<(String, Text)> {
    use_session().me.with_untracked(|m| {
        let mut out: Vec<(String, Text)> = Vec::new();
        for g in m.iter().flat_map(|m| m.roles.iter()) {
            if SOCIAL_ROLES.contains(&g.role) && !out.iter().any(|(c, _)| *c == g.region.code) {
                out.push((g.region.code.clone(), g.region.name.clone()));
            }
        }
        out
    })
}

/// The last segment of the current path, decoded: the shift's id or the certificate's code
/// (the routes are wildcards, so there is no named parameter).
pub fn path_tail() -> impl Fn() -> String + Copy {
    let location = leptos_router::hooks::use_location();
    move || {
        location.pathname.with(|p| {
            let last = p
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            js_sys::decode_uri_component(last).map_or_else(|_| last.to_owned(), String::from)
        })
    }
}

/// The id at the end of the current path (0 when it is not a number).
pub fn path_id() -> impl Fn() -> i64 + Copy {
    let tail = path_tail();
    move || tail().parse().unwrap_or(0)
}

/// Region codes of communities have 12 digits (district 6, subdistrict 9).
pub fn is_community(code: &str) -> bool {
    code.len() == 12
}

/// The result of the last action of a form: a line to show, or the error.
pub type Outcome = RwSignal<Option<Result<String, ApiError>>>;

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn minutes_show_as_hours_with_one_decimal() {
        assert_eq!(hours(90), "1.5");
        assert_eq!(hours(0), "0.0");
        assert_eq!(hours(-30), "-0.5");
        assert_eq!(hours(125), "2.1");
        assert!(is_community("440304001001"));
        assert!(!is_community("440304"));
    }
}
