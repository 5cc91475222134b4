//! The pages behind the venue routes: the venue list and the resident's bookings, strikes and
//! lotteries (`/venues`, `/me/bookings`, `/me/strikes`, `/lotteries/:id`) lead to one lazy page
//! and the staff's (`/staff/venues`, `…/new`, `…/:id`, `…/:id/settings`, `…/:id/report`) to
//! another, which choose the page here, in the chunk; each lazy page type costs the first load
//! code of its own (see `pages::admin::area`). The venue page and the booking page keep a type
//! each: behind one type, the booking page opened from the venue page stayed empty.
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ui::pages::not_found::NotFound;

use super::{
    lottery, my_bookings, staff_home, staff_report, staff_settings, staff_venue, strikes,
    venue_editor, venues,
};

/// Which page a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Venues,
    MyBookings,
    Strikes,
    Lottery,
    StaffHome,
    NewVenue,
    StaffVenue,
    Settings,
    Report,
    /// The organisers' activity pages (their own area, in the same chunk).
    StaffActivities,
    Unknown,
}

/// The page of a path.
fn page_of(path: &str) -> Page {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["venues"] => Page::Venues,
        ["me", "bookings"] => Page::MyBookings,
        ["me", "strikes"] => Page::Strikes,
        ["lotteries", _] => Page::Lottery,
        ["staff", "venues"] => Page::StaffHome,
        ["staff", "venues", "new"] => Page::NewVenue,
        ["staff", "venues", _] => Page::StaffVenue,
        ["staff", "venues", _, "settings"] => Page::Settings,
        ["staff", "venues", _, "report"] => Page::Report,
        ["staff", "activities", ..] => Page::StaffActivities,
        _ => Page::Unknown,
    }
}

/// The venue list and the resident's bookings, strikes and lotteries.
#[component]
pub fn VenuesArea() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|p| page_of(p)));
    move || match page.get() {
        Page::Venues => view! { <venues::Venues /> }.into_any(),
        Page::MyBookings => view! { <my_bookings::MyBookings /> }.into_any(),
        Page::Strikes => view! { <strikes::MyStrikes /> }.into_any(),
        Page::Lottery => view! { <lottery::LotteryPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// The venue staff's pages.
#[component]
pub fn VenueStaffArea() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|p| page_of(p)));
    move || match page.get() {
        Page::StaffHome => view! { <staff_home::StaffHome /> }.into_any(),
        Page::NewVenue => view! { <venue_editor::NewVenuePage /> }.into_any(),
        Page::StaffVenue => view! { <staff_venue::StaffVenuePage /> }.into_any(),
        Page::Settings => view! { <staff_settings::StaffSettings /> }.into_any(),
        Page::Report => view! { <staff_report::StaffReport /> }.into_any(),
        Page::StaffActivities => {
            view! { <crate::ui::pages::activities::areas::StaffActivitiesArea /> }.into_any()
        }
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, page_of};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn venue_paths_name_their_page() {
        assert_eq!(page_of("/venues"), Page::Venues);
        assert_eq!(page_of("/me/strikes"), Page::Strikes);
        assert_eq!(page_of("/staff/venues"), Page::StaffHome);
        assert_eq!(page_of("/staff/venues/new"), Page::NewVenue);
        assert_eq!(page_of("/staff/venues/3"), Page::StaffVenue);
        assert_eq!(page_of("/staff/venues/3/settings"), Page::Settings);
        assert_eq!(page_of("/staff/venues/3/report"), Page::Report);
        assert_eq!(page_of("/staff/activities/3/edit"), Page::StaffActivities);
    }
}
