//! The Leptos single-page app (client-side rendered).
pub mod client;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod prefs;
pub mod session;
pub mod site;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use components::layout::Layout;
use pages::{
    account::{login::Login, me::MePage, notifications::NotificationsPage, register::Register},
    admin::{
        audit::AdminAudit, calendar::AdminCalendar, open311::AdminOpen311, regions::AdminRegions,
        site::AdminSite, user::AdminUser, users::AdminUsers,
    },
    booking::{
        booking_page::BookingPage, lottery::LotteryPage, my_bookings::MyBookings,
        staff_home::StaffHome, staff_report::StaffReport as VenueReport,
        staff_settings::StaffSettings, staff_venue::StaffVenuePage, strikes::MyStrikes,
        venue_editor::NewVenuePage, venue_page::VenuePage, venues::Venues,
    },
    directory::{
        editor::ServiceEditor, review::ReviewPage, search::ServicesPage, service::ServicePage,
        staff::DirectoryStaff,
    },
    feedback::{
        landing::FeedbackHome, mine::MyFeedback, new::NewFeedback, reports::PublicReports,
        track::TrackCase,
    },
    home::Home,
    not_found::NotFound,
    staff::{
        case::StaffCasePage, inbox::StaffInbox, report::StaffReport as FeedbackReport,
        stats::StaffStats, templates::StaffTemplates,
    },
};

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
                    <Route path=path!("/services/:id") view=ServicePage />
                    <Route path=path!("/directory/manage") view=DirectoryStaff />
                    <Route path=path!("/directory/review") view=ReviewPage />
                    <Route path=path!("/directory/services/:id/edit") view=ServiceEditor />
                    <Route path=path!("/venues") view=Venues />
                    <Route path=path!("/venues/:id") view=VenuePage />
                    <Route path=path!("/bookings/:id") view=BookingPage />
                    <Route path=path!("/me/bookings") view=MyBookings />
                    <Route path=path!("/me/strikes") view=MyStrikes />
                    <Route path=path!("/lotteries/:id") view=LotteryPage />
                    <Route path=path!("/staff/venues") view=StaffHome />
                    <Route path=path!("/staff/venues/new") view=NewVenuePage />
                    <Route path=path!("/staff/venues/:id") view=StaffVenuePage />
                    <Route path=path!("/staff/venues/:id/settings") view=StaffSettings />
                    <Route path=path!("/staff/venues/:id/report") view=VenueReport />
                    <Route path=path!("/feedback") view=FeedbackHome />
                    <Route path=path!("/feedback/new") view=NewFeedback />
                    <Route path=path!("/feedback/mine") view=MyFeedback />
                    <Route path=path!("/feedback/track/:code") view=TrackCase />
                    <Route path=path!("/feedback/reports/:community") view=PublicReports />
                    <Route path=path!("/staff/feedback") view=StaffInbox />
                    <Route path=path!("/staff/feedback/stats") view=StaffStats />
                    <Route path=path!("/staff/feedback/report") view=FeedbackReport />
                    <Route path=path!("/staff/feedback/templates") view=StaffTemplates />
                    <Route path=path!("/staff/feedback/:id") view=StaffCasePage />
                    <Route path=path!("/admin/open311") view=AdminOpen311 />
                    <Route path=path!("/login") view=Login />
                    <Route path=path!("/register") view=Register />
                    <Route path=path!("/me") view=MePage />
                    <Route path=path!("/me/notifications") view=NotificationsPage />
                    <Route path=path!("/admin/users") view=AdminUsers />
                    <Route path=path!("/admin/users/:id") view=AdminUser />
                    <Route path=path!("/admin/audit") view=AdminAudit />
                    <Route path=path!("/admin/regions") view=AdminRegions />
                    <Route path=path!("/admin/site") view=AdminSite />
                    <Route path=path!("/admin/calendar") view=AdminCalendar />
                </Routes>
            </Layout>
        </Router>
    }
}
