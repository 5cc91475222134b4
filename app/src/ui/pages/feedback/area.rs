//! The page behind the residents' feedback routes (`/feedback`, `…/new`, `…/mine`,
//! `…/track/:code`, `…/reports/:community`): one lazy page type that chooses the page here, in
//! the chunk; each lazy page type costs the first load code of its own (see
//! `pages::admin::area`).
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::pages::not_found::NotFound;

use super::{landing, mine, new, reports, track};

/// Which page a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Home,
    New,
    Mine,
    Track,
    Reports,
    Unknown,
}

/// The page of a path.
fn page_of(path: &str) -> Page {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["feedback"] => Page::Home,
        ["feedback", "new"] => Page::New,
        ["feedback", "mine"] => Page::Mine,
        ["feedback", "track", code] if !code.is_empty() => Page::Track,
        ["feedback", "reports", community] if !community.is_empty() => Page::Reports,
        _ => Page::Unknown,
    }
}

/// The residents' feedback pages.
#[component]
pub fn FeedbackArea() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|p| page_of(p)));
    move || match page.get() {
        Page::Home => view! { <landing::FeedbackHome /> }.into_any(),
        Page::New => view! { <new::NewFeedback /> }.into_any(),
        Page::Mine => view! { <mine::MyFeedback /> }.into_any(),
        Page::Track => view! { <track::TrackCase /> }.into_any(),
        Page::Reports => view! { <reports::PublicReports /> }.into_any(),
        Page::Unknown => view! { <NotFound /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, page_of};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn feedback_paths_name_their_page() {
        assert_eq!(page_of("/feedback"), Page::Home);
        assert_eq!(page_of("/feedback/new"), Page::New);
        assert_eq!(page_of("/feedback/track/FB-1"), Page::Track);
        assert_eq!(page_of("/feedback/reports/440304001001"), Page::Reports);
        assert_eq!(page_of("/feedback/other"), Page::Unknown);
    }
}
