//! The pages behind the activity routes. `/activities`, `/activities/:id` and
//! `/me/activities` are routes to one lazy page, and the staff's `/staff/activities`,
//! `…/:id` (also `new` and `report`) and `…/:id/edit` to another, which choose the page to show
//! here, in the chunk: each lazy page type costs the main module code of its own, and the main
//! module is within a few KB of the first-load budget.
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

use crate::ui::pages::not_found::NotFound;

use super::{detail, editor, list, mine, report, staff_list, staff_page};

/// Which resident page a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResidentPage {
    List,
    One,
    Mine,
}

/// `/activities`, `/activities/:id` and `/me/activities`.
#[component]
pub fn ActivitiesArea() -> impl IntoView {
    let location = use_location();
    let params = use_params_map();
    let page = Memo::new(move |_| {
        if location.pathname.with(|p| p.starts_with("/me/")) {
            ResidentPage::Mine
        } else if params.with(|p| p.get_str("id").is_some()) {
            ResidentPage::One
        } else {
            ResidentPage::List
        }
    });
    move || match page.get() {
        ResidentPage::List => view! { <list::Activities /> }.into_any(),
        ResidentPage::One => view! { <detail::ActivityPage /> }.into_any(),
        ResidentPage::Mine => view! { <mine::MyActivities /> }.into_any(),
    }
}

/// Which staff page a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StaffPage {
    List,
    New,
    Report,
    One,
    Edit,
    Unknown,
}

/// The page of `/staff/activities/{id}` (`None`: the list), with `/edit` after it or not.
fn staff_page(id: Option<&str>, edit: bool) -> StaffPage {
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match (id, edit) {
        (None, _) => StaffPage::List,
        (Some("new"), false) => StaffPage::New,
        (Some("report"), false) => StaffPage::Report,
        (Some(id), false) if numeric(id) => StaffPage::One,
        (Some(id), true) if numeric(id) => StaffPage::Edit,
        _ => StaffPage::Unknown,
    }
}

/// `/staff/activities`, `…/new`, `…/report`, `…/:id` and `…/:id/edit`.
#[component]
pub fn StaffActivitiesArea() -> impl IntoView {
    let location = use_location();
    let params = use_params_map();
    let page = Memo::new(move |_| {
        let edit = location
            .pathname
            .with(|p| p.trim_end_matches('/').ends_with("/edit"));
        params.with(|p| staff_page(p.get_str("id"), edit))
    });
    move || match page.get() {
        StaffPage::List => view! { <staff_list::StaffActivities /> }.into_any(),
        StaffPage::New => view! { <editor::NewActivity /> }.into_any(),
        StaffPage::Report => view! { <report::ActivityReport /> }.into_any(),
        StaffPage::One => view! { <staff_page::StaffActivityPage /> }.into_any(),
        StaffPage::Edit => view! { <editor::EditActivity /> }.into_any(),
        StaffPage::Unknown => view! { <NotFound /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::{StaffPage, staff_page};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn staff_paths_name_their_page() {
        assert_eq!(staff_page(None, false), StaffPage::List);
        assert_eq!(staff_page(Some("new"), false), StaffPage::New);
        assert_eq!(staff_page(Some("report"), false), StaffPage::Report);
        assert_eq!(staff_page(Some("12"), false), StaffPage::One);
        assert_eq!(staff_page(Some("12"), true), StaffPage::Edit);
        assert_eq!(staff_page(Some("new"), true), StaffPage::Unknown);
        assert_eq!(staff_page(Some("x"), false), StaffPage::Unknown);
    }
}
