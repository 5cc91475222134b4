//! The staff's queues: bookings awaiting approval (the school first, then the community) and
//! appeals against no-show strikes.
use leptos::prelude::*;

use crate::{
    api::booking::{
        AppealDecision, ApprovalStep, Booking, BookingList, Decision, Strike, StrikeList,
    },
    ui::{
        client,
        components::{
            form::form_action,
            status::{ErrorNotice, Loading},
        },
        i18n::{BookMsg, lang, t},
    },
};

use super::{instant_label, span_label};

/// Pending bookings with approve and reject (with a reason).
#[component]
pub fn ApprovalQueue() -> impl IntoView {
    let list = LocalResource::new(|| client::get::<BookingList>("/api/v1/staff/approvals"));
    let reload = Callback::new(move |()| list.refetch());
    view! {
        <section class="card" aria-labelledby="approvals-title">
            <h2 id="approvals-title">{t(BookMsg::ApprovalsTitle)}</h2>
            <Suspense fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.items.is_empty() => view! { <p class="muted">{t(BookMsg::NoApprovals)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="queue">
                            {l.items.into_iter().map(|b| view! { <PendingRow booking=b reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PendingRow(
    /// The pending booking.
    booking: Booking,
    /// Reloads the queue after a decision.
    reload: Callback<()>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<client::ApiError>);
    let id = booking.id;
    let venue = booking.venue.name.clone();
    let (s, e) = (booking.start.clone(), booking.end.clone());
    let who = booking
        .booker
        .as_ref()
        .map(|b| format!("{}（{}）", b.name, b.phone_masked))
        .unwrap_or_default();
    let step = booking.approval_step;
    let approval = form_action(
        error,
        move |()| async move {
            client::post::<_, Booking>(
                &format!("/api/v1/staff/bookings/{id}/approve"),
                &serde_json::json!({}),
            )
            .await
        },
        move |_| reload.run(()),
    );
    let rejection = form_action(
        error,
        move |body: Decision| async move {
            client::post::<_, Booking>(&format!("/api/v1/staff/bookings/{id}/reject"), &body).await
        },
        move |_| reload.run(()),
    );
    // One decision at a time: approving and rejecting together would race.
    let deciding = move || approval.pending().get() || rejection.pending().get();
    let approve = move |_| {
        approval.dispatch_local(());
    };
    let reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        rejection.dispatch_local(Decision {
            reason: Some(reason.get_untracked()),
        });
    };
    let reason_id = format!("reject-{id}");
    view! {
        <li class="queue-item">
            <p><strong>{move || venue.get(lang().tag()).to_owned()}</strong> " " {move || span_label(&s, &e, lang())}</p>
            <p class="muted">{t(BookMsg::Booker)} "：" {who} " · "
                {step.map(|s| t(match s { ApprovalStep::Owner => BookMsg::StepOwner, ApprovalStep::Community => BookMsg::StepCommunity }))}
            </p>
            {(!booking.purpose.is_empty()).then(|| view! { <p>{booking.purpose.clone()}</p> })}
            <div class="actions">
                <button type="button" class="button" on:click=approve disabled=deciding>{t(BookMsg::Approve)}</button>
                <form class="inline-form" on:submit=reject>
                    <label for=reason_id.clone() class="visually-hidden">{t(BookMsg::RejectReason)}</label>
                    <input id=reason_id type="text" maxlength="200" placeholder=t(BookMsg::RejectReason) bind:value=reason />
                    <button type="submit" class="button secondary" disabled=deciding>{t(BookMsg::Reject)}</button>
                </form>
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </li>
    }
}

/// Appeals waiting for a decision.
#[component]
pub fn AppealQueue() -> impl IntoView {
    let list = LocalResource::new(|| client::get::<StrikeList>("/api/v1/staff/appeals"));
    let reload = Callback::new(move |()| list.refetch());
    view! {
        <section class="card" aria-labelledby="appeals-title">
            <h2 id="appeals-title">{t(BookMsg::AppealsTitle)}</h2>
            <Suspense fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.items.is_empty() => view! { <p class="muted">{t(BookMsg::NoAppeals)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="queue">
                            {l.items.into_iter().map(|s| view! { <AppealRow strike=s reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    // Administrators do not decide appeals: the list is not theirs to see.
                    Err(e) if e.status == 403 => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AppealRow(
    /// The appealed strike.
    strike: Strike,
    /// Reloads after a decision.
    reload: Callback<()>,
) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<client::ApiError>);
    let id = strike.id;
    let venue = strike.venue.name.clone();
    let start = strike.booking_start.clone();
    let who = strike
        .booker
        .as_ref()
        .map(|b| format!("{}（{}）", b.name, b.phone_masked))
        .unwrap_or_default();
    let decision = form_action(
        error,
        move |body: AppealDecision| async move {
            client::post::<_, Strike>(&format!("/api/v1/staff/strikes/{id}/decide"), &body).await
        },
        move |_| reload.run(()),
    );
    let decide = move |overturn: bool| {
        decision.dispatch_local(AppealDecision {
            overturn,
            note: note.get_untracked(),
        });
    };
    let note_id = format!("note-{id}");
    view! {
        <li class="queue-item">
            <p><strong>{move || venue.get(lang().tag()).to_owned()}</strong> " " {move || instant_label(&start, lang())}</p>
            <p class="muted">{t(BookMsg::Booker)} "：" {who}</p>
            {strike.appeal.clone().map(|a| view! { <p>{t(BookMsg::AppealText)} "：" {a}</p> })}
            <div class="field">
                <label for=note_id.clone()>{t(BookMsg::DecisionNote)}</label>
                <input id=note_id type="text" maxlength="200" bind:value=note />
            </div>
            <div class="actions">
                <button type="button" class="button" on:click=move |_| decide(true) disabled=move || decision.pending().get()>{t(BookMsg::Overturn)}</button>
                <button type="button" class="button secondary" on:click=move |_| decide(false) disabled=move || decision.pending().get()>{t(BookMsg::Uphold)}</button>
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </li>
    }
}
