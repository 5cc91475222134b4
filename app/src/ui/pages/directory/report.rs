//! "Report a problem" with a service; no login needed.
use leptos::prelude::*;

use crate::{
    api::directory::{Created, NewSuggestion, SuggestionKind},
    ui::{
        client,
        components::form::{FormAlert, FormError, form_action},
        i18n::{DirMsg, t},
    },
};

fn kind_label(kind: SuggestionKind) -> DirMsg {
    match kind {
        SuggestionKind::Hours => DirMsg::KindHours,
        SuggestionKind::Phone => DirMsg::KindPhone,
        SuggestionKind::Address => DirMsg::KindAddress,
        SuggestionKind::Closed => DirMsg::KindClosed,
        SuggestionKind::Guide => DirMsg::KindGuide,
        SuggestionKind::Other => DirMsg::KindOther,
    }
}

/// A small form in a disclosure at the end of the service page.
#[component]
pub fn ReportProblem(
    /// The service reported on.
    service_id: i64,
) -> impl IntoView {
    let kind = RwSignal::new(SuggestionKind::Hours);
    let body = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let sent = RwSignal::new(false);
    let send = form_action(
        error,
        move |req: NewSuggestion| async move {
            client::post::<_, Created>(&format!("/api/v1/services/{service_id}/suggestions"), &req)
                .await
        },
        move |_| {
            sent.set(true);
            body.set(String::new());
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch_local(NewSuggestion {
            kind: kind.get_untracked(),
            body: body.get_untracked(),
        });
    };
    view! {
        <details class="card dir-report">
            <summary><h2>{t(DirMsg::Report)}</h2></summary>
            <p class="muted">{t(DirMsg::ReportLead)}</p>
            <Show when=move || sent.get()>
                <p class="status ok" role="status">{t(DirMsg::ReportThanks)}</p>
            </Show>
            <form class="form" on:submit=on_submit>
                <div class="field">
                    <label for="report-kind">{t(DirMsg::ReportKind)}</label>
                    <select id="report-kind" on:change=move |ev| {
                        if let Some(k) = SuggestionKind::parse(&event_target_value(&ev)) { kind.set(k) }
                    }>
                        {SuggestionKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=move || kind.get() == k>{t(kind_label(k))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="report-body">{t(DirMsg::ReportBody)}</label>
                    <textarea id="report-body" required=true maxlength="1000"
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                </div>
                <FormAlert error fields=&[] />
                <p><button type="submit" class="button" disabled=move || send.pending().get()>{t(DirMsg::ReportSend)}</button></p>
            </form>
        </details>
    }
}
