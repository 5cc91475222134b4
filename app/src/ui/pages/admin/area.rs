//! The page behind the administrators' routes (`/admin/users`, `…/users/:id`, `…/audit`,
//! `…/regions`, `…/site`, `…/calendar`, `…/open311`): one lazy page type that chooses the page
//! here, in the chunk. Each lazy page type costs the main module about 2 KB of router code
//! (0.7 KB of the first load after gzip); seven of them, all in the `admin` chunk, made room
//! in the first-load budget for the volunteer pages.
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::pages::not_found::NotFound;

use super::{audit, calendar, open311, regions, site, user, users};

/// Which page a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Users,
    User,
    Audit,
    Regions,
    Site,
    Calendar,
    Open311,
    Unknown,
}

/// The page of a path.
fn page_of(path: &str) -> Page {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["admin", "users"] => Page::Users,
        ["admin", "users", id] if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {
            Page::User
        }
        ["admin", "audit"] => Page::Audit,
        ["admin", "regions"] => Page::Regions,
        ["admin", "site"] => Page::Site,
        ["admin", "calendar"] => Page::Calendar,
        ["admin", "open311"] => Page::Open311,
        _ => Page::Unknown,
    }
}

/// The administrators' pages.
#[component]
pub fn AdminArea() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|p| page_of(p)));
    move || match page.get() {
        Page::Users => view! { <users::AdminUsers /> }.into_any(),
        Page::User => view! { <user::AdminUser /> }.into_any(),
        Page::Audit => view! { <audit::AdminAudit /> }.into_any(),
        Page::Regions => view! { <regions::AdminRegions /> }.into_any(),
        Page::Site => view! { <site::AdminSite /> }.into_any(),
        Page::Calendar => view! { <calendar::AdminCalendar /> }.into_any(),
        Page::Open311 => view! { <open311::AdminOpen311 /> }.into_any(),
        Page::Unknown => view! { <NotFound /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, page_of};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn admin_paths_name_their_page() {
        assert_eq!(page_of("/admin/users"), Page::Users);
        assert_eq!(page_of("/admin/users/12"), Page::User);
        assert_eq!(page_of("/admin/users/x"), Page::Unknown);
        assert_eq!(page_of("/admin/open311/"), Page::Open311);
        assert_eq!(page_of("/admin/site"), Page::Site);
    }
}
