//! `/activities/:id`: an activity with everything about it, the caller's sign-up (or the form),
//! the calendar file, sharing, the rating once attended, and the public reviews.
use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::{
    api::{
        Text,
        activities::{Activity, ActivityStatus, Review},
        directory::Term,
    },
    ui::{
        client,
        components::status::{ErrorNotice, Loading},
        i18n::{ActMsg, lang, t, tf},
    },
};

use super::{
    date_label, facts::ActivityFacts, kind_label, list::audience_terms, route_id,
    signup::SignupPanel, stars, status_class, status_label,
};

/// What the last action on the page did, shown next to the sign-up panel (which is rebuilt
/// from the reloaded activity).
pub type Note = RwSignal<Option<Result<ActMsg, client::ApiError>>>;

/// The activity page.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let id = route_id();
    let activity = LocalResource::new(move || {
        let id = id();
        async move { client::get::<Activity>(&format!("/api/v1/activities/{id}")).await }
    });
    let audiences = audience_terms();
    let note: Note = RwSignal::new(None);
    let reload = Callback::new(move |()| activity.refetch());
    view! {
        <section class="page narrow activity">
            <p class="back"><A href="/activities">{t(ActMsg::BackToList)}</A></p>
            <Transition fallback=Loading>
                {move || activity.get().map(|r| match r {
                    Ok(a) => view! { <ActivityContent activity=a audiences note reload /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ActivityContent(
    /// The activity.
    activity: Activity,
    /// The directory's audiences, for their names.
    audiences: Signal<Vec<Term>>,
    /// What the last action did.
    note: Note,
    /// Loads the activity again after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let a = activity.clone();
    let title = a.title.clone();
    view! {
        <h1>{move || title.get(lang().tag()).to_owned()}</h1>
        <p class="meta">
            <span class=status_class(a.status)>{t(status_label(a.status))}</span>
            <span class="chip">{t(kind_label(a.kind))}</span>
        </p>
        {a.cancel_reason.clone().filter(|_| a.status == ActivityStatus::Cancelled).map(|reason| view! {
            <div class="status error" role="alert">
                <p class="error-title">{t(ActMsg::CancelledBanner)}</p>
                <p>{tf(ActMsg::CancelledReason, move || vec![("reason", reason.clone())])}</p>
            </div>
        })}
        <SignupPanel activity=a.clone() note reload />
        <section class="card" aria-labelledby="about-title">
            <h2 id="about-title">{t(ActMsg::About)}</h2>
            <ActivityFacts activity=a.clone() audiences />
        </section>
        {(!a.photos.is_empty()).then(|| {
            let photos = a.photos.clone();
            view! {
                <section class="card" aria-labelledby="photos-title">
                    <h2 id="photos-title">{t(ActMsg::Photos)}</h2>
                    <ul class="photo-grid">
                        {photos.into_iter().map(|p| {
                            let alt = move || p.alt.get(lang().tag()).to_owned();
                            view! { <li><img src=p.url.clone() alt=alt loading="lazy" width="320" height="240" /></li> }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })}
        <ShareBar id=a.id draft=a.status == ActivityStatus::Draft title=a.title.clone() />
        <Reviews reviews=a.reviews.clone() />
    }
}

/// Adds the activity to a calendar (an `.ics` file), and shares its address: the phone's own
/// share sheet where there is one, a copy to the clipboard otherwise.
#[component]
fn ShareBar(
    /// The activity's id.
    id: i64,
    /// Drafts have no calendar file for residents yet.
    draft: bool,
    /// The title, for the share sheet.
    title: Text,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let page_lang = crate::ui::prefs::use_prefs().lang;
    let share = move |_| {
        let url = window().location().href().unwrap_or_default();
        if !open_share_sheet(title.get(page_lang.get_untracked().tag()), &url) {
            let _ = window().navigator().clipboard().write_text(&url);
            copied.set(true);
        }
    };
    view! {
        <p class="actions share-bar">
            {(!draft).then(|| view! {
                <a class="button secondary" href=format!("/api/v1/activities/{id}/ics") download=format!("activity-{id}.ics")>
                    {t(ActMsg::AddToCalendar)}
                </a>
            })}
            <button type="button" class="button secondary" on:click=share>{t(ActMsg::Share)}</button>
            <span role="status">{move || copied.get().then(|| t(ActMsg::LinkCopied))}</span>
        </p>
    }
}

/// `navigator.share({title, url})` when the browser has it (phones); false otherwise. Called
/// by name: the `web-sys` binding would need a feature of its own for one call.
fn open_share_sheet(title: &str, url: &str) -> bool {
    let navigator = window().navigator();
    let Some(share) = js_sys::Reflect::get(&navigator, &"share".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
    share.call1(&navigator, &data).is_ok()
}

/// Public reviews by people who attended, newest first.
#[component]
fn Reviews(
    /// The reviews.
    reviews: Vec<Review>,
) -> impl IntoView {
    (!reviews.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="reviews-title">
                <h2 id="reviews-title">{t(ActMsg::Reviews)}</h2>
                <ul class="queue">
                    {reviews.into_iter().map(|r| {
                        let n = r.stars;
                        let at = r.rated_at.clone();
                        view! {
                            <li class="queue-item">
                                <p>
                                    <span class="rating-stars" aria-hidden="true">{stars(n)}</span>
                                    " "
                                    <span>{tf(ActMsg::StarsN, move || vec![("n", n.to_string())])}</span>
                                    " · "
                                    <span class="muted">{move || date_label(&at, lang())}</span>
                                </p>
                                {(!r.comment.trim().is_empty()).then(|| view! { <p>{r.comment.clone()}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
