//! The page behind the feedback staff's routes (`/staff/feedback`, `…/stats`, `…/report`,
//! `…/templates`, `…/:id`): one lazy page type that chooses the page here, in the chunk; each
//! lazy page type costs the first load code of its own (see `pages::admin::area`).
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::pages::not_found::NotFound;

use super::{staff_case, staff_inbox, staff_report, staff_stats, staff_templates};

/// Which page a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Inbox,
    Stats,
    Report,
    Templates,
    Case,
    Unknown,
}

/// The page of a path.
fn page_of(path: &str) -> Page {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["staff", "feedback"] => Page::Inbox,
        ["staff", "feedback", "stats"] => Page::Stats,
        ["staff", "feedback", "report"] => Page::Report,
        ["staff", "feedback", "templates"] => Page::Templates,
        ["staff", "feedback", id] if !id.is_empty() => Page::Case,
        _ => Page::Unknown,
    }
}

/// The feedback staff's pages.
#[component]
pub fn StaffFeedbackArea() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|p| page_of(p)));
    move || match page.get() {
        Page::Inbox => view! { <staff_inbox::StaffInbox /> }.into_any(),
        Page::Stats => view! { <staff_stats::StaffStats /> }.into_any(),
        Page::Report => view! { <staff_report::StaffReport /> }.into_any(),
        Page::Templates => view! { <staff_templates::StaffTemplates /> }.into_any(),
        Page::Case => view! { <staff_case::StaffCasePage /> }.into_any(),
        Page::Unknown => view! { <NotFound /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, page_of};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn feedback_staff_paths_name_their_page() {
        assert_eq!(page_of("/staff/feedback"), Page::Inbox);
        assert_eq!(page_of("/staff/feedback/stats"), Page::Stats);
        assert_eq!(page_of("/staff/feedback/templates/"), Page::Templates);
        assert_eq!(page_of("/staff/feedback/12"), Page::Case);
    }
}
