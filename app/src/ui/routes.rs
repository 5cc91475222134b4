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
/// that give the same type (`Lazy::<VolunteersRoute>` for `/activities`, `/activities/:id` and
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
    DirectoryStaffRoute(directory_staff) in directory_staff => super::pages::directory::area::DirectoryStaffArea;
    VenuesRoute(venues) in venues => super::pages::booking::area::VenuesArea;
    VenueRoute(venue) in venues => super::pages::booking::venue_page::VenuePage;
    BookingRoute(booking) in venues => super::pages::booking::booking_page::BookingPage;
    VenueStaffRoute(venue_staff) in venue_staff => super::pages::booking::area::VenueStaffArea;
    AdminRoute(admin) in admin => super::pages::admin::area::AdminArea;
    VolunteersRoute(volunteers) in venues => super::pages::volunteers::areas::VolunteersArea;
    FeedbackRoute(feedback) in feedback => super::pages::feedback::area::FeedbackArea;
    StaffFeedbackRoute(staff_feedback) in feedback_staff => super::pages::feedback::staff_area::StaffFeedbackArea;
    AccountRoute(account) in account => super::pages::account::area::AccountArea;
}
