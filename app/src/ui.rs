//! The Leptos single-page app (client-side rendered).
pub mod client;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod prefs;
pub mod routes;
pub mod session;
pub mod site;

use leptos::prelude::*;
use leptos_router::{
    Lazy,
    components::{Route, Router, Routes},
    path,
};

use components::layout::Layout;
use pages::{directory::search::ServicesPage, home::Home, not_found::NotFound};
use routes::*;

/// Mounts the app on `<body>` and removes the static loading notice.
pub fn start() {
    leptos::mount::mount_to_body(App);
    if let Some(el) = document().get_element_by_id("boot") {
        el.remove();
    }
}

/// The whole app: preferences, routes, layout.
#[component]
pub fn App() -> impl IntoView {
    prefs::provide();
    session::provide();
    site::provide();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/services") view=ServicesPage />
                    <Route path=path!("/services/:id") view={Lazy::<ServiceRoute>::new()} />
                    <Route path=path!("/directory/manage") view={Lazy::<DirectoryStaffRoute>::new()} />
                    <Route path=path!("/directory/review") view={Lazy::<DirectoryStaffRoute>::new()} />
                    <Route path=path!("/directory/misses") view={Lazy::<DirectoryStaffRoute>::new()} />
                    <Route path=path!("/directory/services/:id/edit") view={Lazy::<DirectoryStaffRoute>::new()} />
                    <Route path=path!("/venues") view={Lazy::<VenuesRoute>::new()} />
                    <Route path=path!("/venues/:id") view={Lazy::<VenueRoute>::new()} />
                    <Route path=path!("/bookings/:id") view={Lazy::<BookingRoute>::new()} />
                    <Route path=path!("/me/bookings") view={Lazy::<VenuesRoute>::new()} />
                    <Route path=path!("/me/strikes") view={Lazy::<VenuesRoute>::new()} />
                    <Route path=path!("/lotteries/:id") view={Lazy::<VenuesRoute>::new()} />
                    <Route path=path!("/staff/venues") view={Lazy::<VenueStaffRoute>::new()} />
                    <Route path=path!("/staff/venues/new") view={Lazy::<VenueStaffRoute>::new()} />
                    <Route path=path!("/staff/venues/:id") view={Lazy::<VenueStaffRoute>::new()} />
                    <Route path=path!("/staff/venues/:id/settings") view={Lazy::<VenueStaffRoute>::new()} />
                    <Route path=path!("/staff/venues/:id/report") view={Lazy::<VenueStaffRoute>::new()} />
                    <Route path=path!("/activities") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/activities/:id") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/me/activities") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/staff/activities") view={Lazy::<VenueStaffRoute>::new()} />
                    <Route path=path!("/staff/activities/:id") view={Lazy::<VenueStaffRoute>::new()} />
                    <Route path=path!("/staff/activities/:id/edit") view={Lazy::<VenueStaffRoute>::new()} />
                    <Route path=path!("/volunteer") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/volunteer/certificates/:code") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/certificates/:code") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/opportunities") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/opportunities/:id") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/help-requests") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/staff/volunteers") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/staff/volunteers/report") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/staff/opportunities") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/staff/opportunities/:id") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/staff/help-requests") view={Lazy::<VolunteersRoute>::new()} />
                    <Route path=path!("/feedback") view={Lazy::<FeedbackRoute>::new()} />
                    <Route path=path!("/feedback/new") view={Lazy::<FeedbackRoute>::new()} />
                    <Route path=path!("/feedback/mine") view={Lazy::<FeedbackRoute>::new()} />
                    <Route path=path!("/feedback/track/:code") view={Lazy::<FeedbackRoute>::new()} />
                    <Route path=path!("/feedback/reports/:community") view={Lazy::<FeedbackRoute>::new()} />
                    <Route path=path!("/staff/feedback") view={Lazy::<StaffFeedbackRoute>::new()} />
                    <Route path=path!("/staff/feedback/stats") view={Lazy::<StaffFeedbackRoute>::new()} />
                    <Route path=path!("/staff/feedback/report") view={Lazy::<StaffFeedbackRoute>::new()} />
                    <Route path=path!("/staff/feedback/templates") view={Lazy::<StaffFeedbackRoute>::new()} />
                    <Route path=path!("/staff/feedback/:id") view={Lazy::<StaffFeedbackRoute>::new()} />
                    <Route path=path!("/admin/open311") view={Lazy::<AdminRoute>::new()} />
                    <Route path=path!("/login") view={Lazy::<AccountRoute>::new()} />
                    <Route path=path!("/register") view={Lazy::<AccountRoute>::new()} />
                    <Route path=path!("/me") view={Lazy::<AccountRoute>::new()} />
                    <Route path=path!("/me/notifications") view={Lazy::<AccountRoute>::new()} />
                    <Route path=path!("/admin/users") view={Lazy::<AdminRoute>::new()} />
                    <Route path=path!("/admin/users/:id") view={Lazy::<AdminRoute>::new()} />
                    <Route path=path!("/admin/audit") view={Lazy::<AdminRoute>::new()} />
                    <Route path=path!("/admin/regions") view={Lazy::<AdminRoute>::new()} />
                    <Route path=path!("/admin/site") view={Lazy::<AdminRoute>::new()} />
                    <Route path=path!("/admin/calendar") view={Lazy::<AdminRoute>::new()} />
                </Routes>
            </Layout>
        </Router>
    }
}
