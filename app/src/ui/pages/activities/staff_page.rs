//! `/staff/activities/:id`: one activity for its organisers: what it is, publishing,
//! cancelling, changing or deleting it, and (once published) its sign-ups and check-in.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{
        activities::{Activity, ActivityStatus},
        directory::Term,
    },
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{ActMsg, BookMsg, lang, t, tf},
        pages::booking::venue_photos::PhotosCard,
    },
};

use super::{
    STAFF_ROLES,
    facts::ActivityFacts,
    kind_label,
    list::audience_terms,
    route_id,
    signups::SignupsSection,
    staff_actions::{CancelPanel, DeletePanel, PublishPanel},
    status_class, status_label,
};

/// The page, for organisers.
#[component]
pub fn StaffActivityPage() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <StaffActivityContent />
        </RequireLogin>
    }
}

#[component]
fn StaffActivityContent() -> impl IntoView {
    let id = route_id();
    let activity = LocalResource::new(move || {
        let id = id();
        async move { client::get::<Activity>(&format!("/api/v1/activities/{id}")).await }
    });
    let audiences = audience_terms();
    let reload = Callback::new(move |()| activity.refetch());
    view! {
        <section class="page activity staff-activity">
            <p class="back"><A href="/staff/activities">{t(ActMsg::StaffTitle)}</A></p>
            <Transition fallback=Loading>
                {move || activity.get().map(|r| match r {
                    Ok(a) => view! { <StaffActivity activity=a audiences reload /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn StaffActivity(
    /// The activity.
    activity: Activity,
    /// The directory's audiences, for their names.
    audiences: Signal<Vec<Term>>,
    /// Loads the activity again after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let a = activity;
    let id = a.id;
    let title = a.title.clone();
    let status = a.status;
    let draft = status == ActivityStatus::Draft;
    let editable = !matches!(status, ActivityStatus::Cancelled | ActivityStatus::Finished);
    view! {
        <h1>{move || title.get(lang().tag()).to_owned()}</h1>
        <p class="meta">
            <span class=status_class(status)>{t(status_label(status))}</span>
            <span class="chip">{t(kind_label(a.kind))}</span>
            {a.series_id.is_some().then(|| view! { <span class="chip">{t(ActMsg::PartOfSeries)}</span> })}
        </p>
        {a.cancel_reason.clone().filter(|_| status == ActivityStatus::Cancelled).map(|reason| view! {
            <div class="status error" role="note">
                <p class="error-title">{t(ActMsg::CancelledBanner)}</p>
                <p>{tf(ActMsg::CancelledReason, move || vec![("reason", reason.clone())])}</p>
            </div>
        })}
        <p class="links">
            {editable.then(|| view! { <A href=format!("/staff/activities/{id}/edit")>{t(ActMsg::Edit)}</A> })}
            {(!draft).then(|| view! { <A href=format!("/activities/{id}")>{t(ActMsg::PublicPage)}</A> })}
        </p>
        {draft.then(|| view! { <PublishPanel activity=a.clone() reload /> })}
        <section class="card" aria-labelledby="about-title">
            <h2 id="about-title">{t(ActMsg::About)}</h2>
            <ActivityFacts activity=a.clone() audiences />
        </section>
        {editable.then(|| {
            let photos = RwSignal::new(a.photos.clone());
            view! {
                <PhotosCard
                    upload_url=format!("/api/v1/staff/activities/{id}/photos")
                    remove_url=Callback::new(move |(_, url): (usize, String)| {
                        format!("/api/v1/staff/activities/{id}/photos/{}", url.rsplit('/').next().unwrap_or_default())
                    })
                    photos_of=|a: Activity| a.photos
                    title=BookMsg::ActivityPhotosTitle lead=BookMsg::ActivityPhotosLead
                    photos />
            }
        })}
        {(!draft).then(|| view! { <SignupsSection id max_companions=a.max_companions open=editable checkin=status != ActivityStatus::Cancelled /> })}
        {editable.then(|| view! { <CancelPanel activity=a.clone() reload /> })}
        {draft.then(|| view! { <DeletePanel id /> })}
    }
}
