//! The social workers' smaller tools: the region filter, picking an approved volunteer,
//! correcting a volunteer's hours (a new ledger line with a reason) and granting hours to a
//! resident in hardship.
use leptos::prelude::*;

use crate::{
    api::volunteers::{BankEntry, CorrectionRequest, GrantRequest, HoursEntry},
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, form_action},
            status::ErrorNotice,
        },
        i18n::{Lang, Message, VolMsg, fill, t},
        prefs::use_prefs,
    },
};

use super::{Outcome, hours, social_regions, staff_volunteers::Approved, text_of};

/// The caller's regions (empty: all of them).
#[component]
pub fn ScopeSelect(
    /// `id` of the select.
    id: &'static str,
    /// The chosen region code.
    value: RwSignal<String>,
    /// Offer "all my regions".
    #[prop(default = true)]
    all: bool,
) -> impl IntoView {
    let choices = social_regions();
    if !all
        && value.with_untracked(String::is_empty)
        && let Some((code, _)) = choices.first()
    {
        value.set(code.clone());
    }
    view! {
        <div class="field">
            <label for=id>{t(VolMsg::Region)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {all.then(|| view! { <option value="">{t(VolMsg::AllMyRegions)}</option> })}
                {choices.into_iter().map(|(code, name)| {
                    let chosen = code.clone();
                    view! { <option value=code selected=move || value.get() == chosen>{text_of(name)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A select of the approved volunteers (`#id name`), bound to `value` (the id).
#[component]
pub fn VolunteerPicker(
    /// `id` of the select.
    id: String,
    /// The approved volunteers.
    approved: Approved,
    /// The chosen volunteer's id.
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{t(VolMsg::Volunteer)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{t(VolMsg::ChooseVolunteer)}</option>
                {move || approved.get().and_then(Result::ok).map(|l| l.items.into_iter().map(|v| {
                    let code = v.id.to_string();
                    let chosen = code.clone();
                    view! { <option value=code selected=move || value.get() == chosen>{format!("{} {} (#{})", v.name, v.phone, v.id)}</option> }
                }).collect_view())}
            </select>
        </div>
    }
}

/// `msg` with `{h}` filled, in the page's language when the answer arrives.
fn said(msg: VolMsg, page_lang: RwSignal<Lang>, minutes: i64) -> String {
    fill(
        msg.text(page_lang.get_untracked()),
        &[("h", hours(minutes))],
    )
}

/// The result of a tool: a line, or the error.
#[component]
fn OutcomeLine(
    /// What happened last.
    outcome: Outcome,
) -> impl IntoView {
    view! {
        <div aria-live="polite">
            {move || outcome.get().map(|r| match r {
                Ok(line) => view! { <p class="status ok">{line}</p> }.into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })}
        </div>
    }
}

/// Adds or takes away hours of a volunteer, with the reason (and the line corrected).
#[component]
pub fn CorrectionForm(
    /// The approved volunteers to choose from.
    approved: Approved,
    /// Loads the lists again.
    reload: Callback<()>,
) -> impl IntoView {
    let volunteer = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let corrects = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let outcome: Outcome = RwSignal::new(None);
    let page_lang = use_prefs().lang;
    // Dispatched with the volunteer's id and the correction.
    let correct = form_action(
        error,
        |(id, body): (String, CorrectionRequest)| async move {
            let path = format!("/api/v1/staff/volunteers/{id}/corrections");
            client::post::<_, HoursEntry>(&path, &body).await
        },
        move |line: HoursEntry| {
            outcome.set(Some(Ok(said(VolMsg::Corrected, page_lang, line.minutes))));
            reason.set(String::new());
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CorrectionRequest {
            minutes: minutes.get_untracked().trim().parse().unwrap_or(0),
            reason: reason.get_untracked().trim().to_owned(),
            corrects: corrects.get_untracked().trim().parse().ok(),
        };
        correct.dispatch_local((volunteer.get_untracked(), body));
    };
    view! {
        <form class="card" aria-labelledby="correction-title" on:submit=submit>
            <h2 id="correction-title">{t(VolMsg::CorrectionTitle)}</h2>
            <p class="field-hint">{t(VolMsg::CorrectionHint)}</p>
            <VolunteerPicker id="correction-volunteer".to_owned() approved value=volunteer />
            <TextField id="correction-minutes" field="minutes" label=VolMsg::CorrectionMinutes value=minutes error input_type="number" hint=VolMsg::CorrectionMinutesHint />
            <TextField id="correction-reason" field="reason" label=VolMsg::ReasonLabel value=reason error />
            <TextField id="correction-line" field="corrects" label=VolMsg::CorrectsLine value=corrects error input_type="number" required=false />
            <FormAlert error fields=&["minutes", "reason", "corrects"] />
            <SubmitButton label=VolMsg::SaveCorrection busy_label=VolMsg::Sending busy=correct.pending() />
            <OutcomeLine outcome />
        </form>
    }
}

/// Grants hours to a resident in hardship, by their phone number (logged).
#[component]
pub fn GrantForm() -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let outcome: Outcome = RwSignal::new(None);
    let page_lang = use_prefs().lang;
    let grant = form_action(
        error,
        |body: GrantRequest| async move {
            client::post::<_, BankEntry>("/api/v1/staff/time-bank/grants", &body).await
        },
        move |line: BankEntry| {
            outcome.set(Some(Ok(said(
                VolMsg::Granted,
                page_lang,
                line.balance_after,
            ))));
            phone.set(String::new());
            minutes.set(String::new());
            reason.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        grant.dispatch_local(GrantRequest {
            phone: phone.get_untracked().trim().to_owned(),
            minutes: minutes.get_untracked().trim().parse().unwrap_or(0),
            reason: reason.get_untracked().trim().to_owned(),
        });
    };
    view! {
        <form class="card" aria-labelledby="grant-title" on:submit=submit>
            <h2 id="grant-title">{t(VolMsg::GrantTitle)}</h2>
            <p class="field-hint">{t(VolMsg::GrantHint)}</p>
            <TextField id="grant-phone" field="phone" label=VolMsg::GrantPhone value=phone error input_type="tel" inputmode="numeric" />
            <TextField id="grant-minutes" field="minutes" label=VolMsg::GrantMinutes value=minutes error input_type="number" inputmode="numeric" hint=VolMsg::GrantMinutesHint />
            <TextField id="grant-reason" field="reason" label=VolMsg::ReasonLabel value=reason error />
            <FormAlert error fields=&["phone", "minutes", "reason"] />
            <SubmitButton label=VolMsg::Grant busy_label=VolMsg::Sending busy=grant.pending() />
            <OutcomeLine outcome />
        </form>
    }
}
