//! The page behind the directory staff's routes (`/directory/manage`, `/directory/review`,
//! `/directory/misses`, `/directory/services/:id/edit`): one lazy page type that chooses the page here, in the
//! chunk; each lazy page type costs the first load code of its own (see `pages::admin::area`).
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::pages::not_found::NotFound;

use super::{editor, misses, review, staff};

/// The directory staff's pages.
#[component]
pub fn DirectoryStaffArea() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| {
        location.pathname.with(|p| {
            let parts: Vec<&str> = p.trim_matches('/').split('/').collect();
            match parts.as_slice() {
                ["directory", "manage"] => 1,
                ["directory", "review"] => 2,
                ["directory", "services", _, "edit"] => 3,
                ["directory", "misses"] => 4,
                _ => 0,
            }
        })
    });
    move || match page.get() {
        1 => view! { <staff::DirectoryStaff /> }.into_any(),
        2 => view! { <review::ReviewPage /> }.into_any(),
        3 => view! { <editor::ServiceEditor /> }.into_any(),
        4 => view! { <misses::SearchMissesPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}
