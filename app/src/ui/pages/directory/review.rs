//! `/directory/review`: stale services to verify and public reports to accept or reject.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::directory::{ResolveSuggestion, ReviewQueue, ServiceEdit, Suggestion, SuggestionStatus},
    ui::{
        client,
        components::{
            form::{FormError, form_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{DirMsg, lang, t, tf},
    },
};

use super::{
    long_date,
    staff::{EDITORS, StaffRow},
};

/// The review queue of the staff member's area.
#[component]
pub fn ReviewPage() -> impl IntoView {
    view! {
        <RequireLogin roles=EDITORS>
            <ReviewContent />
        </RequireLogin>
    }
}

#[component]
fn ReviewContent() -> impl IntoView {
    let queue = LocalResource::new(|| client::get::<ReviewQueue>("/api/v1/directory/review"));
    view! {
        <section class="page admin dir-review">
            <h1>{t(DirMsg::ReviewTitle)}</h1>
            <p class="muted">{t(DirMsg::ReviewLead)}</p>
            <Suspense fallback=Loading>
                {move || queue.get().map(|result| match result {
                    Ok(q) => {
                        let stale_total = q.stale_total;
                        let open_total = q.suggestions_total;
                        let empty = q.stale.is_empty() && q.suggestions.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="status ok">{t(DirMsg::NothingToReview)}</p> })}
                            <h2>{tf(DirMsg::OpenSuggestions, move || vec![("n", open_total.to_string())])}</h2>
                            <ul class="user-list">
                                {q.suggestions.into_iter().map(|s| view! {
                                    <SuggestionCard s on_done=Callback::new(move |()| queue.refetch()) />
                                }).collect_view()}
                            </ul>
                            <h2>{tf(DirMsg::StaleServices, move || vec![("n", stale_total.to_string())])}</h2>
                            <ul class="user-list">
                                {q.stale.into_iter().map(|row| {
                                    let id = row.id;
                                    view! {
                                        <StaffRow row />
                                        <li class="verify-row"><VerifyButton id on_done=Callback::new(move |()| queue.refetch()) /></li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error retry=Callback::new(move |()| queue.refetch()) /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// "Mark verified" for one service.
#[component]
pub fn VerifyButton(
    /// The service.
    id: i64,
    /// Called after success.
    on_done: Callback<()>,
) -> impl IntoView {
    let error: FormError = RwSignal::new(None);
    let verify = form_action(
        error,
        move |()| async move {
            client::post::<_, ServiceEdit>(
                &format!("/api/v1/directory/services/{id}/verify"),
                &serde_json::json!({}),
            )
            .await
        },
        move |_| on_done.run(()),
    );
    view! {
        <button type="button" class="button small" disabled=move || verify.pending().get()
            on:click=move |_| { verify.dispatch_local(()); }>{t(DirMsg::Verify)}</button>
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
    }
}

/// A public report with accept/reject and a note.
#[component]
fn SuggestionCard(
    /// The report.
    s: Suggestion,
    /// Called after it was resolved.
    on_done: Callback<()>,
) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let id = s.id;
    let resolve = form_action(
        error,
        move |req: ResolveSuggestion| async move {
            client::post::<_, Suggestion>(
                &format!("/api/v1/directory/suggestions/{id}/resolve"),
                &req,
            )
            .await
        },
        move |_| on_done.run(()),
    );
    let resolve_as = move |status: SuggestionStatus| {
        move |_| {
            resolve.dispatch_local(ResolveSuggestion {
                status,
                note: note.get_untracked(),
            });
        }
    };
    let name = s.service_name.clone();
    let created = s.created_at.clone();
    let note_id = format!("note-{id}");
    view! {
        <li class="card suggestion">
            <p><A href=format!("/directory/services/{}/edit", s.service_id)><strong>{move || name.get(lang().tag()).to_owned()}</strong></A>
                " · " <span class="muted">{move || long_date(&created, lang())}</span>
                " · " <span class="muted">{if s.from_account { t(DirMsg::FromAccount)() } else { t(DirMsg::Anonymous)() }}</span></p>
            <blockquote>{s.body.clone()}</blockquote>
            <div class="field">
                <label for=note_id.clone()>{t(DirMsg::Note)}</label>
                <input id=note_id type="text" bind:value=note />
            </div>
            <p class="toolbar">
                <button type="button" class="button small" on:click=resolve_as(SuggestionStatus::Accepted)
                    disabled=move || resolve.pending().get()>{t(DirMsg::Accept)}</button>
                <button type="button" class="button small secondary" on:click=resolve_as(SuggestionStatus::Rejected)
                    disabled=move || resolve.pending().get()>{t(DirMsg::Reject)}</button>
            </p>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </li>
    }
}
