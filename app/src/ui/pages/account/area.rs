//! The page behind the account routes (`/login`, `/register`, `/me`, `/me/notifications`):
//! one lazy page type that chooses the page here, in the chunk; each lazy page type costs the
//! first load code of its own (see `pages::admin::area`).
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::pages::not_found::NotFound;

use super::{login, me, notifications, register};

/// Which page a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Login,
    Register,
    Me,
    Notifications,
    Unknown,
}

/// The page of a path.
fn page_of(path: &str) -> Page {
    match path.trim_end_matches('/') {
        "/login" => Page::Login,
        "/register" => Page::Register,
        "/me" => Page::Me,
        "/me/notifications" => Page::Notifications,
        _ => Page::Unknown,
    }
}

/// Logging in, registering and the user's own pages.
#[component]
pub fn AccountArea() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|p| page_of(p)));
    move || match page.get() {
        Page::Login => view! { <login::Login /> }.into_any(),
        Page::Register => view! { <register::Register /> }.into_any(),
        Page::Me => view! { <me::MePage /> }.into_any(),
        Page::Notifications => view! { <notifications::NotificationsPage /> }.into_any(),
        Page::Unknown => view! { <NotFound /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, page_of};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn account_paths_name_their_page() {
        assert_eq!(page_of("/login"), Page::Login);
        assert_eq!(page_of("/me/"), Page::Me);
        assert_eq!(page_of("/me/notifications"), Page::Notifications);
        assert_eq!(page_of("/me/other"), Page::Unknown);
    }
}
