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
                    <Route path=path!("/directory/review") view={Lazy::<ReviewRoute>::new()} />
                    <Route path=path!("/directory/services/:id/edit") view={Lazy::<ServiceEditorRoute>::new()} />
                    <Route path=path!("/venues") view={Lazy::<VenuesRoute>::new()} />
                    <Route path=path!("/venues/:id") view={Lazy::<VenueRoute>::new()} />
                    <Route path=path!("/bookings/:id") view={Lazy::<BookingRoute>::new()} />
                    <Route path=path!("/me/bookings") view={Lazy::<MyBookingsRoute>::new()} />
                    <Route path=path!("/me/strikes") view={Lazy::<MyStrikesRoute>::new()} />
                    <Route path=path!("/lotteries/:id") view={Lazy::<LotteryRoute>::new()} />
                    <Route path=path!("/staff/venues") view={Lazy::<StaffHomeRoute>::new()} />
                    <Route path=path!("/staff/venues/new") view={Lazy::<NewVenueRoute>::new()} />
                    <Route path=path!("/staff/venues/:id") view={Lazy::<StaffVenueRoute>::new()} />
                    <Route path=path!("/staff/venues/:id/settings") view={Lazy::<StaffSettingsRoute>::new()} />
                    <Route path=path!("/staff/venues/:id/report") view={Lazy::<VenueReportRoute>::new()} />
                    <Route path=path!("/activities") view={Lazy::<ActivitiesRoute>::new()} />
                    <Route path=path!("/activities/:id") view={Lazy::<ActivitiesRoute>::new()} />
                    <Route path=path!("/me/activities") view={Lazy::<ActivitiesRoute>::new()} />
                    <Route path=path!("/staff/activities") view={Lazy::<StaffActivitiesRoute>::new()} />
                    <Route path=path!("/staff/activities/:id") view={Lazy::<StaffActivitiesRoute>::new()} />
                    <Route path=path!("/staff/activities/:id/edit") view={Lazy::<StaffActivitiesRoute>::new()} />
                    <Route path=path!("/feedback") view={Lazy::<FeedbackHomeRoute>::new()} />
                    <Route path=path!("/feedback/new") view={Lazy::<NewFeedbackRoute>::new()} />
                    <Route path=path!("/feedback/mine") view={Lazy::<MyFeedbackRoute>::new()} />
                    <Route path=path!("/feedback/track/:code") view={Lazy::<TrackCaseRoute>::new()} />
                    <Route path=path!("/feedback/reports/:community") view={Lazy::<PublicReportsRoute>::new()} />
                    <Route path=path!("/staff/feedback") view={Lazy::<StaffInboxRoute>::new()} />
                    <Route path=path!("/staff/feedback/stats") view={Lazy::<StaffStatsRoute>::new()} />
                    <Route path=path!("/staff/feedback/report") view={Lazy::<FeedbackReportRoute>::new()} />
                    <Route path=path!("/staff/feedback/templates") view={Lazy::<StaffTemplatesRoute>::new()} />
                    <Route path=path!("/staff/feedback/:id") view={Lazy::<StaffCaseRoute>::new()} />
                    <Route path=path!("/admin/open311") view={Lazy::<AdminOpen311Route>::new()} />
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} />
                    <Route path=path!("/register") view={Lazy::<RegisterRoute>::new()} />
                    <Route path=path!("/me") view={Lazy::<MeRoute>::new()} />
                    <Route path=path!("/me/notifications") view={Lazy::<NotificationsRoute>::new()} />
                    <Route path=path!("/admin/users") view={Lazy::<AdminUsersRoute>::new()} />
                    <Route path=path!("/admin/users/:id") view={Lazy::<AdminUserRoute>::new()} />
                    <Route path=path!("/admin/audit") view={Lazy::<AdminAuditRoute>::new()} />
                    <Route path=path!("/admin/regions") view={Lazy::<AdminRegionsRoute>::new()} />
                    <Route path=path!("/admin/site") view={Lazy::<AdminSiteRoute>::new()} />
                    <Route path=path!("/admin/calendar") view={Lazy::<AdminCalendarRoute>::new()} />
                </Routes>
            </Layout>
        </Router>
    }
}
