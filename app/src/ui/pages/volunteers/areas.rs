//! The page behind the volunteer routes. The residents' routes (`/volunteer`,
//! `/volunteer/certificates/:code`, `/certificates/:code`, `/opportunities`, `/opportunities/:id`,
//! `/help-requests`) and the social workers' (`/staff/volunteers`, `…/report`,
//! `/staff/opportunities`, `…/:id`, `/staff/help-requests`) lead to one lazy page, which chooses
//! the page here, in the chunk: each lazy page type costs the first load code of its own.
//! (Wildcard routes, `/volunteer/*rest`, would be fewer but cost more: a new kind of segment
//! for the router to match.)
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::pages::not_found::NotFound;

use super::{
    certificate, help, mine, opportunities, report, roster, staff_help, staff_shifts,
    staff_volunteers,
};

/// Which page a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Mine,
    OwnCertificate,
    Verify,
    Opportunities,
    Opportunity,
    Help,
    StaffVolunteers,
    Report,
    StaffShifts,
    Roster,
    StaffHelp,
    /// The residents' activity pages (their own area, in the same chunk).
    Activities,
    Unknown,
}

/// The page of a path.
fn page_of(path: &str) -> Page {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        ["volunteer"] => Page::Mine,
        ["volunteer", "certificates", code] if !code.is_empty() => Page::OwnCertificate,
        ["certificates", code] if !code.is_empty() => Page::Verify,
        ["opportunities"] => Page::Opportunities,
        ["opportunities", id] if numeric(id) => Page::Opportunity,
        ["help-requests"] => Page::Help,
        ["staff", "volunteers"] => Page::StaffVolunteers,
        ["staff", "volunteers", "report"] => Page::Report,
        ["staff", "opportunities"] => Page::StaffShifts,
        ["staff", "opportunities", id] if numeric(id) => Page::Roster,
        ["staff", "help-requests"] => Page::StaffHelp,
        ["activities"] | ["activities", _] | ["me", "activities"] => Page::Activities,
        _ => Page::Unknown,
    }
}

/// Every volunteer page, the social workers' included: one lazy page type for both costs the
/// first load less than two (the budget is within 1 KB), at the price of the staff pages in
/// the residents' chunk.
#[component]
pub fn VolunteersArea() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|p| page_of(p)));
    move || match page.get() {
        Page::Mine => view! { <mine::MyVolunteerPage /> }.into_any(),
        Page::OwnCertificate => view! { <certificate::OwnCertificate /> }.into_any(),
        Page::Verify => view! { <certificate::VerifyCertificate /> }.into_any(),
        Page::Opportunities => view! { <opportunities::Opportunities /> }.into_any(),
        Page::Opportunity => view! { <opportunities::OpportunityPage /> }.into_any(),
        Page::Help => view! { <help::HelpRequests /> }.into_any(),
        Page::StaffVolunteers => view! { <staff_volunteers::StaffVolunteers /> }.into_any(),
        Page::Report => view! { <report::VolunteerReportPage /> }.into_any(),
        Page::StaffShifts => view! { <staff_shifts::StaffShifts /> }.into_any(),
        Page::Roster => view! { <roster::RosterPage /> }.into_any(),
        Page::StaffHelp => view! { <staff_help::StaffHelp /> }.into_any(),
        Page::Activities => {
            view! { <crate::ui::pages::activities::areas::ActivitiesArea /> }.into_any()
        }
        Page::Unknown => view! { <NotFound /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, page_of};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn paths_name_their_page() {
        assert_eq!(page_of("/volunteer"), Page::Mine);
        assert_eq!(
            page_of("/volunteer/certificates/AB12"),
            Page::OwnCertificate
        );
        assert_eq!(page_of("/certificates/AB12"), Page::Verify);
        assert_eq!(page_of("/opportunities/"), Page::Opportunities);
        assert_eq!(page_of("/opportunities/7"), Page::Opportunity);
        assert_eq!(page_of("/opportunities/x"), Page::Unknown);
        assert_eq!(page_of("/staff/volunteers/report"), Page::Report);
        assert_eq!(page_of("/staff/opportunities/3"), Page::Roster);
        assert_eq!(page_of("/staff/help-requests"), Page::StaffHelp);
        assert_eq!(page_of("/activities/3"), Page::Activities);
        assert_eq!(page_of("/me/activities"), Page::Activities);
    }
}
