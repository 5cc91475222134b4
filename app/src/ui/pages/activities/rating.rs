//! Rating an activity the caller attended (checked in, after its start), once: stars, a
//! comment for the organisers, and whether to show it on the activity's page.
use leptos::prelude::*;

use crate::{
    api::activities::{MySignup, RatingRequest},
    ui::{
        client,
        components::form::outcome_action,
        i18n::{ActMsg, t, tf},
    },
};

use super::{detail::Note, stars};

/// The form, or the rating already given; nothing before the activity was attended.
#[component]
pub fn RatingPanel(
    /// The caller's sign-up.
    mine: MySignup,
    /// The activity has started.
    started: bool,
    /// The activity's id.
    id: i64,
    /// What the last action did.
    note: Note,
    /// Loads the activity again.
    reload: Callback<()>,
) -> impl IntoView {
    match mine.rating {
        Some(n) => view! {
            <p>{t(ActMsg::YourRating)} " "
                <span class="rating-stars" aria-hidden="true">{stars(n)}</span> " "
                <span>{tf(ActMsg::StarsN, move || vec![("n", n.to_string())])}</span></p>
        }
        .into_any(),
        None if mine.checked_in && started => view! { <RatingForm id note reload /> }.into_any(),
        None => ().into_any(),
    }
}

#[component]
fn RatingForm(
    /// The activity's id.
    id: i64,
    /// What the last action did.
    note: Note,
    /// Loads the activity again.
    reload: Callback<()>,
) -> impl IntoView {
    let chosen = RwSignal::new(0_u8);
    let comment = RwSignal::new(String::new());
    let public = RwSignal::new(true);
    let rate = outcome_action(
        note,
        move |body: RatingRequest| async move {
            let path = format!("/api/v1/activities/{id}/rating");
            let answer = client::post::<_, ()>(&path, &body).await;
            reload.run(());
            answer
        },
        |()| ActMsg::Rated,
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        rate.dispatch_local(RatingRequest {
            stars: chosen.get_untracked(),
            comment: comment.get_untracked().trim().to_owned(),
            public: public.get_untracked(),
        });
    };
    view! {
        <form class="form rating-form" on:submit=submit aria-labelledby="rate-title">
            <h3 id="rate-title">{t(ActMsg::RateTitle)}</h3>
            <fieldset class="field">
                <legend>{t(ActMsg::Rating)}</legend>
                <div class="choice-row">
                    {(1..=5_u8).map(|n| view! {
                        <label class="check">
                            <input type="radio" name="stars" value=n.to_string() required
                                prop:checked=move || chosen.get() == n on:change=move |_| chosen.set(n) />
                            <span class="rating-stars" aria-hidden="true">{stars(n)}</span>
                            {tf(ActMsg::StarsN, move || vec![("n", n.to_string())])}
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="field">
                <label for="rate-comment">{t(ActMsg::Comment)}</label>
                <textarea id="rate-comment" rows="3" maxlength="500" bind:value=comment></textarea>
            </div>
            <label class="check" for="rate-public">
                <input id="rate-public" type="checkbox" bind:checked=public />
                {t(ActMsg::ShowPublicly)}
            </label>
            <button type="submit" class="button" disabled=move || rate.pending().get()>
                {t(ActMsg::SubmitRating)}
            </button>
        </form>
    }
}
