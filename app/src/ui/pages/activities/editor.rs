//! `/staff/activities/new` and `/staff/activities/:id/edit`: the activity form. A new activity
//! is a draft (or, repeated weekly, a series of drafts) until it is published; changing one
//! date of a series leaves the others as they are.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

use crate::{
    api::{
        activities::{Activity, CreatedActivities},
        booking::VenueList,
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, form_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{ActMsg, lang, t},
    },
};

use super::{
    STAFF_ROLES,
    editor_fields::{PlacesFields, RepeatFields, WhatFields, WhenFields, WhereFields},
    fields::{FIELDS, Fields},
    list::audience_terms,
    route_id,
    scope::CommunityField,
};

/// A new activity.
#[component]
pub fn NewActivity() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <section class="page narrow activity-editor">
                <p class="back"><A href="/staff/activities">{t(ActMsg::StaffTitle)}</A></p>
                <h1>{t(ActMsg::NewActivity)}</h1>
                <p class="muted">{t(ActMsg::NewLead)}</p>
                <EditorForm existing=None />
            </section>
        </RequireLogin>
    }
}

/// Changing one date of an activity.
#[component]
pub fn EditActivity() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <EditContent />
        </RequireLogin>
    }
}

#[component]
fn EditContent() -> impl IntoView {
    let id = route_id();
    let activity = LocalResource::new(move || {
        let id = id();
        async move { client::get::<Activity>(&format!("/api/v1/activities/{id}")).await }
    });
    view! {
        <section class="page narrow activity-editor">
            <p class="back"><A href=move || format!("/staff/activities/{}", id())>{t(ActMsg::BackToActivity)}</A></p>
            <h1>{t(ActMsg::EditTitle)}</h1>
            <Suspense fallback=Loading>
                {move || activity.get().map(|r| match r {
                    Ok(a) => view! {
                        {a.series_id.is_some().then(|| view! { <p class="muted">{t(ActMsg::EditSeriesNote)}</p> })}
                        <EditorForm existing=Some(a) />
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// Creates (`POST`, maybe a series) or changes one date (`PUT`), then opens the activity.
async fn save(id: Option<i64>, f: Fields) -> Result<i64, client::ApiError> {
    match id {
        Some(id) => {
            let path = format!("/api/v1/staff/activities/{id}");
            client::send::<_, Activity>("PUT", &path, &f.input(false))
                .await
                .map(|a| a.id)
        }
        None => {
            let created: CreatedActivities =
                client::post("/api/v1/staff/activities", &f.input(true)).await?;
            Ok(created.items.first().map_or(0, |a| a.id))
        }
    }
}

/// The form, empty or filled from `existing`.
#[component]
fn EditorForm(
    /// The activity being changed; `None` for a new one.
    existing: Option<Activity>,
) -> impl IntoView {
    let navigate = use_navigate();
    let f = Fields::new(existing.as_ref());
    let id = existing.as_ref().map(|a| a.id);
    let community_name = existing.as_ref().map(|a| a.community.name.clone());
    let audiences = audience_terms();
    let venue_list =
        LocalResource::new(|| client::get::<VenueList>("/api/v1/staff/venues?limit=100"));
    let venues = Signal::derive(move || {
        venue_list
            .get()
            .and_then(Result::ok)
            .map(|l| l.items)
            .unwrap_or_default()
    });
    let error: FormError = RwSignal::new(None);
    let store = form_action(
        error,
        // A refused form takes the reader to what the server complained about.
        move |()| async move { save(id, f).await.inspect_err(|_| focus_first_error()) },
        move |saved| navigate(&format!("/staff/activities/{saved}"), Default::default()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        store.dispatch_local(());
    };
    view! {
        <form class="form activity-form" on:submit=submit novalidate>
            <FormAlert error fields=FIELDS />
            {match community_name {
                Some(name) => view! {
                    <p><strong>{t(ActMsg::Community)}</strong>" "{move || name.get(lang().tag()).to_owned()}</p>
                }.into_any(),
                None => view! { <CommunityField value=f.community error /> }.into_any(),
            }}
            <h2>{t(ActMsg::SectionWhat)}</h2>
            <WhatFields f audiences error />
            <h2>{t(ActMsg::SectionWhere)}</h2>
            <WhereFields f venues error />
            <h2>{t(ActMsg::SectionWhen)}</h2>
            <WhenFields f error />
            {id.is_none().then(|| view! { <RepeatFields f error /> })}
            <h2>{t(ActMsg::SectionPlaces)}</h2>
            <PlacesFields f error />
            <SubmitButton label=if id.is_some() { ActMsg::SaveChanges } else { ActMsg::SaveDraft } busy_label=ActMsg::Saving busy=store.pending() />
        </form>
    }
}

/// Moves focus to the first field the server complained about, or to the form's alert.
fn focus_first_error() {
    request_animation_frame(|| {
        let target = document()
            .query_selector("[aria-invalid=\"true\"], .activity-form [role=alert]")
            .ok()
            .flatten();
        if let Some(el) = target {
            el.scroll_into_view();
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    });
}
