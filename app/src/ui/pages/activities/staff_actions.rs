//! What organisers do to an activity as a whole: publish it (after seeing the dates whose
//! venue time is taken), cancel it with a reason, delete a draft. A date of a weekly series can
//! be acted on alone or with the whole series.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

use crate::{
    api::activities::{Activity, CancelActivity, Conflict, ConflictList, Published, SeriesChoice},
    ui::{
        client,
        components::{form::form_action, status::ErrorNotice},
        i18n::{ActMsg, lang, t},
    },
};

use super::{conflict_label, date_label};

/// "This date" or "the whole series", as two radio buttons.
#[component]
fn SeriesField(
    /// Distinguishes the groups of the page.
    name: &'static str,
    /// Whether the whole series is chosen.
    whole: RwSignal<bool>,
    /// The label of the whole-series choice.
    whole_label: ActMsg,
) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>{t(ActMsg::WhichDates)}</legend>
            <label><input type="radio" name=name prop:checked=move || !whole.get() on:change=move |_| whole.set(false) />" "{t(ActMsg::ThisDate)}</label>
            <label><input type="radio" name=name prop:checked=move || whole.get() on:change=move |_| whole.set(true) />" "{t(whole_label)}</label>
        </fieldset>
    }
}

async fn conflicts(id: i64, whole: bool) -> Result<Vec<Conflict>, client::ApiError> {
    let path = format!("/api/v1/staff/activities/{id}/conflicts?whole_series={whole}");
    client::get::<ConflictList>(&path).await.map(|l| l.items)
}

/// Checks the dates first and publishes only when none is taken; otherwise lists them, each
/// with the way to change it.
#[component]
pub fn PublishPanel(
    /// The draft.
    activity: Activity,
    /// Loads the activity again.
    reload: Callback<()>,
) -> impl IntoView {
    let id = activity.id;
    let series = activity.series_id.is_some();
    let whole = RwSignal::new(series);
    let found = RwSignal::new(Vec::<Conflict>::new());
    let error = RwSignal::new(None::<client::ApiError>);
    // Published (`None`), or the dates whose venue time is taken.
    let check_and_publish = form_action(
        error,
        move |whole_series: bool| async move {
            let list = conflicts(id, whole_series).await?;
            if !list.is_empty() {
                return Ok(Some(list));
            }
            let path = format!("/api/v1/staff/activities/{id}/publish");
            match client::post::<_, Published>(&path, &SeriesChoice { whole_series }).await {
                Ok(_) => Ok(None),
                // Taken between the check and the publishing.
                Err(e) if e.code == "venue_conflict" => conflicts(id, whole_series).await.map(Some),
                Err(e) => Err(e),
            }
        },
        move |taken: Option<Vec<Conflict>>| match taken {
            Some(list) => found.set(list),
            None => reload.run(()),
        },
    );
    let busy = check_and_publish.pending();
    let publish = move |_| {
        check_and_publish.dispatch_local(whole.get_untracked());
    };
    view! {
        <section class="card publish" aria-labelledby="publish-title">
            <h2 id="publish-title">{t(ActMsg::PublishTitle)}</h2>
            <p class="muted">{t(ActMsg::PublishHint)}</p>
            {series.then(|| view! { <SeriesField name="publish-dates" whole whole_label=ActMsg::WholeSeriesDrafts /> })}
            <button type="button" class="button" disabled=move || busy.get() on:click=publish>
                {move || if busy.get() { t(ActMsg::Checking)() } else { t(ActMsg::Publish)() }}
            </button>
            <div aria-live="polite">
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                <Show when=move || !found.with(Vec::is_empty)>
                    <div class="status warning-box" role="alert">
                        <h3>{t(ActMsg::ConflictsTitle)}</h3>
                        <ul>
                            {move || found.get().into_iter().map(|c| {
                                let date = c.date.clone();
                                view! {
                                    <li>
                                        {move || date_label(&date, lang())} {move || lang().pick("：", ": ")} {t(conflict_label(&c.code))} " "
                                        <A href=format!("/staff/activities/{}/edit", c.activity_id)>{t(ActMsg::ChangeDate)}</A>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                </Show>
            </div>
        </section>
    }
}

/// Cancel with the reason everyone signed up is told.
#[component]
pub fn CancelPanel(
    /// The activity.
    activity: Activity,
    /// Loads the activity again.
    reload: Callback<()>,
) -> impl IntoView {
    let id = activity.id;
    let series = activity.series_id.is_some();
    let reason = RwSignal::new(String::new());
    let whole = RwSignal::new(false);
    let error = RwSignal::new(None::<client::ApiError>);
    let cancel = form_action(
        error,
        move |body: CancelActivity| async move {
            let path = format!("/api/v1/staff/activities/{id}/cancel");
            client::post::<_, ()>(&path, &body).await
        },
        move |()| reload.run(()),
    );
    let busy = cancel.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        cancel.dispatch_local(CancelActivity {
            reason: reason.get_untracked().trim().to_owned(),
            whole_series: whole.get_untracked(),
        });
    };
    view! {
        <details class="card cancel-activity">
            <summary><h2>{t(ActMsg::CancelTitle)}</h2></summary>
            <form class="form" on:submit=submit>
                <p class="muted">{t(ActMsg::CancelHint)}</p>
                <div class="field">
                    <label for="cancel-reason">{t(ActMsg::CancelReason)}</label>
                    <input id="cancel-reason" type="text" required maxlength="200" bind:value=reason />
                </div>
                {series.then(|| view! { <SeriesField name="cancel-dates" whole whole_label=ActMsg::WholeSeriesLeft /> })}
                <button type="submit" class="button" disabled=move || busy.get()>{t(ActMsg::CancelConfirm)}</button>
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </form>
        </details>
    }
}

/// Deletes a draft (a date dropped from a series, or a draft given up), after a confirmation.
#[component]
pub fn DeletePanel(
    /// The draft's id.
    id: i64,
) -> impl IntoView {
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<client::ApiError>);
    let remove = form_action(
        error,
        move |()| async move { client::delete::<()>(&format!("/api/v1/staff/activities/{id}")).await },
        move |()| navigate("/staff/activities", Default::default()),
    );
    let delete = move |_| {
        remove.dispatch_local(());
    };
    view! {
        <section class="card" aria-labelledby="delete-title">
            <h2 id="delete-title">{t(ActMsg::DeleteTitle)}</h2>
            <Show when=move || asking.get() fallback=move || view! {
                <button type="button" class="button secondary" on:click=move |_| asking.set(true)>{t(ActMsg::DeleteDraft)}</button>
            }>
                <div class="confirm" role="group" aria-labelledby="delete-q">
                    <p class="confirm-title" id="delete-q">{t(ActMsg::DeleteQuestion)}</p>
                    <p class="actions">
                        <button type="button" class="button" on:click=delete disabled=move || remove.pending().get()>{t(ActMsg::DeleteConfirm)}</button>
                        <button type="button" class="button secondary" on:click=move |_| asking.set(false)>{t(ActMsg::Keep)}</button>
                    </p>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}
