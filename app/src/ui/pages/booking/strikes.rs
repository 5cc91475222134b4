//! The resident's no-show record: the rule in plain words, each strike, appeals, suspension.
use leptos::prelude::*;

use crate::{
    api::booking::{NewAppeal, Strike, StrikeRecord},
    ui::{
        client,
        components::{
            form::form_action,
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{BookMsg, lang, t, tf},
    },
};

use super::{instant_label, strike_label};

/// `/me/strikes`.
#[component]
pub fn MyStrikes() -> impl IntoView {
    view! {
        <RequireLogin>
            <StrikesContent />
        </RequireLogin>
    }
}

#[component]
fn StrikesContent() -> impl IntoView {
    let record = LocalResource::new(|| client::get::<StrikeRecord>("/api/v1/me/strikes"));
    let reload = Callback::new(move |()| record.refetch());
    view! {
        <section class="page narrow strikes">
            <h1>{t(BookMsg::StrikesTitle)}</h1>
            <p class="muted">{t(BookMsg::StrikesRule)}</p>
            <Suspense fallback=Loading>
                {move || record.get().map(|r| match r {
                    Ok(rec) => {
                        let counting = rec.counting;
                        view! {
                            <div class="card">
                                {match rec.suspended_until.clone() {
                                    Some(until) => view! { <p class="status error" role="status">{tf(BookMsg::SuspendedUntil, move || vec![("time", instant_label(&until, lang()))])}</p> }.into_any(),
                                    None => view! { <p class="status ok">{t(BookMsg::NotSuspended)}</p> }.into_any(),
                                }}
                                <p>{tf(BookMsg::StrikesCounting, move || vec![("n", counting.to_string())])}</p>
                            </div>
                            {if rec.strikes.is_empty() {
                                view! { <p class="muted">{t(BookMsg::NoStrikes)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="strike-list">
                                        {rec.strikes.into_iter().map(|s| view! { <StrikeCard strike=s reload /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// One strike, with the appeal form while one is possible.
#[component]
fn StrikeCard(
    /// The strike.
    strike: Strike,
    /// Reloads after an appeal.
    reload: Callback<()>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<client::ApiError>);
    let id = strike.id;
    let venue = strike.venue.name.clone();
    let start = strike.booking_start.clone();
    let expires = strike.expires_at.clone();
    let until = strike.appeal_until.clone();
    let field_id = format!("appeal-{id}");
    let appeal = form_action(
        error,
        move |body: NewAppeal| async move {
            client::post::<_, Strike>(&format!("/api/v1/me/strikes/{id}/appeal"), &body).await
        },
        move |_| reload.run(()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        appeal.dispatch_local(NewAppeal {
            text: text.get_untracked(),
        });
    };
    view! {
        <li class="card">
            <p><strong>{tf(BookMsg::StrikeLine, move || vec![("venue", venue.get(lang().tag()).to_owned()), ("time", instant_label(&start, lang()))])}</strong></p>
            <p><span class="badge">{t(strike_label(strike.status))}</span> " "
                <span class="muted">{tf(BookMsg::StrikeExpires, move || vec![("time", instant_label(&expires, lang()))])}</span></p>
            {strike.appeal.clone().map(|a| view! { <p>{tf(BookMsg::YourAppeal, move || vec![("text", a.clone())])}</p> })}
            {strike.decision_note.clone().map(|d| view! { <p>{tf(BookMsg::Decision, move || vec![("text", d.clone())])}</p> })}
            {strike.can_appeal.then(|| view! {
                <form class="form" on:submit=submit>
                    <p class="muted">{tf(BookMsg::AppealUntil, move || vec![("time", instant_label(&until, lang()))])}</p>
                    <div class="field">
                        <label for=field_id.clone()>{t(BookMsg::AppealText)}</label>
                        <textarea id=field_id.clone() maxlength="500" bind:value=text></textarea>
                    </div>
                    <button type="submit" class="button secondary" disabled=move || appeal.pending().get()>{t(BookMsg::AppealSend)}</button>
                    {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                </form>
            })}
        </li>
    }
}
