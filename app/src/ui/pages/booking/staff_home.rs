//! The staff's start page: their venues with links to each venue's pages, the approval queue
//! and the appeals.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::booking::VenueList,
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{BookMsg, lang, t},
    },
};

use super::{
    STAFF_ROLES,
    approvals::{AppealQueue, ApprovalQueue},
    type_label,
};

/// `/staff/venues`.
#[component]
pub fn StaffHome() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <StaffContent />
        </RequireLogin>
    }
}

#[component]
fn StaffContent() -> impl IntoView {
    let venues = LocalResource::new(|| client::get::<VenueList>("/api/v1/staff/venues?limit=100"));
    view! {
        <section class="page booking staff">
            <h1>{t(BookMsg::StaffTitle)}</h1>
            <ApprovalQueue />
            <section class="card" aria-labelledby="venues-title">
                <h2 id="venues-title">{t(BookMsg::StaffVenues)}</h2>
                <p><A href="/staff/venues/new" attr:class="button secondary">{t(BookMsg::NewVenueLink)}</A></p>
                <Suspense fallback=Loading>
                    {move || venues.get().map(|r| match r {
                        Ok(l) => view! {
                            <ul class="staff-venues">
                                {l.items.into_iter().map(|v| {
                                    let name = v.name.clone();
                                    let id = v.id;
                                    view! {
                                        <li>
                                            <p><strong>{move || name.get(lang().tag()).to_owned()}</strong> " "
                                                <span class="chip">{t(type_label(v.venue_type))}</span></p>
                                            <p class="links">
                                                <A href=format!("/staff/venues/{id}")>{t(BookMsg::CalendarLink)}</A>
                                                <A href=format!("/staff/venues/{id}/settings")>{t(BookMsg::SettingsLink)}</A>
                                                <A href=format!("/staff/venues/{id}/report")>{t(BookMsg::ReportLink)}</A>
                                            </p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    })}
                </Suspense>
            </section>
            <AppealQueue />
        </section>
    }
}
