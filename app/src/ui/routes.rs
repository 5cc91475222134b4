//! Pages loaded on demand. The shell, the home page and directory search are in the main module,
//! which every visitor downloads; every other page is compiled into a wasm chunk (feature
//! `split`, turned on by `scripts/build-ui.sh`, whose splitter cuts the chunks out) and fetched
//! the first time it is opened. The service page has a chunk of its own: in the main module it
//! cost 41 KB of the first load after gzip (the budget is 250 KB), as a chunk 30 KB when a
//! resident opens a result.
//!
//! Without `split` (the wasm tests, clippy) the same routes load their page directly, so every
//! build either is split or has no split points: an unsplit build with split points could not
//! start.
//!
//! A chunk that cannot be fetched (the site was upgraded while the page was open, so the old
//! chunk names are gone, or the network dropped) shows [`ReloadNotice`] instead of the page.
use leptos::prelude::*;
use leptos_router::LazyRoute;

use super::i18n::{Msg, t};

/// A page's chunk could not be fetched.
#[derive(Debug, Clone, Copy)]
pub struct ChunkFailed;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self
    }
}

/// What a visitor sees when a page's code could not be fetched: most often Linli was updated
/// since the page was opened, and a reload fetches the new version.
#[component]
pub fn ReloadNotice() -> impl IntoView {
    let reload = |_| {
        let _ = window().location().reload();
    };
    view! {
        <section class="page narrow" role="alert">
            <h1>{t(Msg::ReloadTitle)}</h1>
            <p>{t(Msg::ReloadBody)}</p>
            <p><button type="button" class="button" on:click=reload>{t(Msg::ReloadButton)}</button></p>
        </section>
    }
}

/// Declares route types whose page lives in a chunk:
/// `RouteType(loader_fn) in chunk => path::to::Page;` (the loader's name, given here, makes
/// the splitter's link names unique).
/// Pages of one chunk are used together (a resident's booking pages, the feedback staff's
/// pages): one module per group keeps the number of files a page needs small, where one module
/// per page made 440 chunks, mostly code shared by a few pages.
///
/// Each route type costs the main module code of its own (the loader, and the router's
/// matching code for each new shape of path, about 3 KB for one with optional segments); routes
/// that give the same type (`Lazy::<ActivitiesRoute>` for `/activities`, `/activities/:id` and
/// `/me/activities`) share it, the page choosing what to show in its chunk.
macro_rules! lazy_pages {
    ($($route:ident($load:ident) in $chunk:ident => $page:path;)*) => {$(
        #[doc = concat!("The route of [`", stringify!($page), "`], loaded from its own chunk.")]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_: Self) -> AnyView {
                #[cfg_attr(feature = "split", leptos::wasm_split::wasm_split(
                    $chunk, wasm_split_path = leptos::wasm_split, fallible
                ))]
                fn $load() -> Result<AnyView, ChunkFailed> {
                    use $page as Page;
                    Ok(view! { <Page /> }.into_any())
                }
                #[cfg(feature = "split")]
                let page = $load().await;
                #[cfg(not(feature = "split"))]
                let page = $load();
                page.unwrap_or_else(|ChunkFailed| view! { <ReloadNotice /> }.into_any())
            }
        }
    )*};
}

lazy_pages! {
    ServiceRoute(service) in service => super::pages::directory::service::ServicePage;
    DirectoryStaffRoute(directory_staff) in directory_staff => super::pages::directory::staff::DirectoryStaff;
    ReviewRoute(review) in directory_staff => super::pages::directory::review::ReviewPage;
    ServiceEditorRoute(service_editor) in directory_staff => super::pages::directory::editor::ServiceEditor;
    VenuesRoute(venues) in venues => super::pages::booking::venues::Venues;
    VenueRoute(venue) in venues => super::pages::booking::venue_page::VenuePage;
    BookingRoute(booking) in venues => super::pages::booking::booking_page::BookingPage;
    MyBookingsRoute(my_bookings) in venues => super::pages::booking::my_bookings::MyBookings;
    MyStrikesRoute(my_strikes) in venues => super::pages::booking::strikes::MyStrikes;
    LotteryRoute(lottery) in venues => super::pages::booking::lottery::LotteryPage;
    StaffHomeRoute(staff_home) in venue_staff => super::pages::booking::staff_home::StaffHome;
    NewVenueRoute(new_venue) in venue_staff => super::pages::booking::venue_editor::NewVenuePage;
    StaffVenueRoute(staff_venue) in venue_staff => super::pages::booking::staff_venue::StaffVenuePage;
    StaffSettingsRoute(staff_settings) in venue_staff => super::pages::booking::staff_settings::StaffSettings;
    VenueReportRoute(venue_report) in venue_staff => super::pages::booking::staff_report::StaffReport;
    ActivitiesRoute(activities) in venues => super::pages::activities::areas::ActivitiesArea;
    StaffActivitiesRoute(staff_activities) in venue_staff => super::pages::activities::areas::StaffActivitiesArea;
    FeedbackHomeRoute(feedback_home) in feedback => super::pages::feedback::landing::FeedbackHome;
    NewFeedbackRoute(new_feedback) in feedback => super::pages::feedback::new::NewFeedback;
    MyFeedbackRoute(my_feedback) in feedback => super::pages::feedback::mine::MyFeedback;
    TrackCaseRoute(track_case) in feedback => super::pages::feedback::track::TrackCase;
    PublicReportsRoute(public_reports) in feedback => super::pages::feedback::reports::PublicReports;
    StaffInboxRoute(staff_inbox) in feedback_staff => super::pages::staff::inbox::StaffInbox;
    StaffStatsRoute(staff_stats) in feedback_staff => super::pages::staff::stats::StaffStats;
    FeedbackReportRoute(feedback_report) in feedback_staff => super::pages::staff::report::StaffReport;
    StaffTemplatesRoute(staff_templates) in feedback_staff => super::pages::staff::templates::StaffTemplates;
    StaffCaseRoute(staff_case) in feedback_staff => super::pages::staff::case::StaffCasePage;
    LoginRoute(login) in account => super::pages::account::login::Login;
    RegisterRoute(register) in account => super::pages::account::register::Register;
    MeRoute(me) in account => super::pages::account::me::MePage;
    NotificationsRoute(notifications) in account => super::pages::account::notifications::NotificationsPage;
    AdminUsersRoute(admin_users) in admin => super::pages::admin::users::AdminUsers;
    AdminUserRoute(admin_user) in admin => super::pages::admin::user::AdminUser;
    AdminAuditRoute(admin_audit) in admin => super::pages::admin::audit::AdminAudit;
    AdminRegionsRoute(admin_regions) in admin => super::pages::admin::regions::AdminRegions;
    AdminSiteRoute(admin_site) in admin => super::pages::admin::site::AdminSite;
    AdminCalendarRoute(admin_calendar) in admin => super::pages::admin::calendar::AdminCalendar;
    AdminOpen311Route(admin_open_311) in admin => super::pages::admin::open311::AdminOpen311;
}
