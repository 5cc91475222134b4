//! One of the resident's bookings: the entry code (digits and QR), add to calendar, cancel.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::booking::{ApprovalStep, Booking, BookingStatus, CancelBooking},
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

use super::{instant_label, span_label, status_class, status_label};

/// `/bookings/:id`.
#[component]
pub fn BookingPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <BookingContent />
        </RequireLogin>
    }
}

#[component]
fn BookingContent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let booking = LocalResource::new(move || {
        let id = id();
        async move { client::get::<Booking>(&format!("/api/v1/bookings/{id}")).await }
    });
    view! {
        <section class="page narrow booking-detail">
            <h1>{t(BookMsg::BookingTitle)}</h1>
            <Suspense fallback=Loading>
                {move || booking.get().map(|r| match r {
                    Ok(b) => view! { <Detail booking=b reload=Callback::new(move |()| booking.refetch()) /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
            <p><A href="/me/bookings">{t(BookMsg::BackToMine)}</A></p>
        </section>
    }
}

#[component]
fn Detail(
    /// The booking.
    booking: Booking,
    /// Reloads after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let b = booking.clone();
    let venue = b.venue.name.clone();
    let status = b.status;
    let live = matches!(
        status,
        BookingStatus::Confirmed
            | BookingStatus::Pending
            | BookingStatus::CheckedIn
            | BookingStatus::Held
    );
    let party = b.party_size;
    view! {
        <div class="card">
            <p><span class=status_class(status)>{t(status_label(status))}</span>
                {b.approval_step.map(|s| view! { " " <span class="muted">{t(match s {
                    ApprovalStep::Owner => BookMsg::StepOwner,
                    ApprovalStep::Community => BookMsg::StepCommunity,
                })}</span> })}
            </p>
            <dl class="facts">
                <dt>{t(BookMsg::Venue)}</dt>
                <dd><A href=format!("/venues/{}", b.venue.id)>{move || venue.get(lang().tag()).to_owned()}</A></dd>
                <dt>{t(BookMsg::When)}</dt>
                <dd>{let (s, e) = (b.start.clone(), b.end.clone()); move || span_label(&s, &e, lang())}</dd>
                <dt>{t(BookMsg::PartySize)}</dt>
                <dd>{tf(BookMsg::Party, move || vec![("n", party.to_string())])}</dd>
            </dl>
            {(!b.purpose.is_empty()).then(|| view! { <p>{b.purpose.clone()}</p> })}
            {b.reason.clone().map(|r| view! { <p class="warning">{tf(BookMsg::Reason, move || vec![("reason", r.get(lang().tag()).to_owned())])}</p> })}
            {b.waitlist_offer.then(|| view! { <p class="status ok">{t(BookMsg::WaitlistOffer)}</p> })}
        </div>
        {(status == BookingStatus::Held).then(|| view! { <HoldPanel booking=b.clone() reload /> })}
        {(live && status != BookingStatus::Held).then(|| b.entry_code.clone().map(|code| view! {
            <EntryCode id=b.id code />
        }))}
        {live.then(|| view! {
            <p><a class="button secondary" href=move || format!("/api/v1/bookings/{}/ics?lang={}", b.id, lang().tag()) download=format!("booking-{}.ics", b.id)>
                {t(BookMsg::AddToCalendar)}</a></p>
        })}
        <CancelPanel booking=b reload />
    }
}

/// The entry code as big digits and as a QR code.
#[component]
fn EntryCode(
    /// Booking id (for the QR image).
    id: i64,
    /// The eight digits.
    code: String,
) -> impl IntoView {
    let spaced = format!(
        "{} {}",
        &code[..4.min(code.len())],
        code.get(4..).unwrap_or("")
    );
    let path = format!("/api/v1/bookings/{id}/qr");
    let src = RwSignal::new(path.clone());
    if crate::ui::client::acting().is_some() {
        // A family member acting for the resident: the image must carry the proxy's header.
        leptos::task::spawn_local(async move {
            if let Ok(svg) = crate::ui::client::get_text(&path).await {
                let data = js_sys::encode_uri_component(&svg);
                src.set(format!("data:image/svg+xml;charset=utf-8,{data}"));
            }
        });
    }
    view! {
        <section class="card entry-code" aria-labelledby="entry-title">
            <h2 id="entry-title">{t(BookMsg::EntryCode)}</h2>
            <p class="digits" aria-label=code.clone()>{spaced}</p>
            <img class="qr" src=move || src.get() width="200" height="200" alt=t(BookMsg::EntryQrAlt) />
            <p class="muted">{t(BookMsg::EntryCodeHint)}</p>
        </section>
    }
}

/// A held slot (checkout hold or waitlist offer): confirm before it lapses.
#[component]
fn HoldPanel(
    /// The booking.
    booking: Booking,
    /// Reloads after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let error = RwSignal::new(None::<client::ApiError>);
    let until = booking.hold_until.clone().unwrap_or_default();
    let id = booking.id;
    let confirm_hold = form_action(
        error,
        move |()| async move {
            client::post::<_, Booking>(
                &format!("/api/v1/bookings/{id}/confirm"),
                &serde_json::json!({}),
            )
            .await
        },
        move |_| reload.run(()),
    );
    let confirm = move |_| {
        confirm_hold.dispatch_local(());
    };
    view! {
        <div class="card">
            <p>{tf(BookMsg::HoldUntil, move || vec![("time", instant_label(&until, lang()))])}</p>
            <button type="button" class="button" on:click=confirm disabled=move || confirm_hold.pending().get()>{t(BookMsg::ConfirmHold)}</button>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </div>
    }
}

/// Cancel with an optional reason; shows the deadline either way.
#[component]
fn CancelPanel(
    /// The booking.
    booking: Booking,
    /// Reloads after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<client::ApiError>);
    let id = booking.id;
    let deadline = booking.cancel_deadline.clone();
    let live = matches!(
        booking.status,
        BookingStatus::Confirmed | BookingStatus::Pending | BookingStatus::Held
    );
    let cancel = form_action(
        error,
        move |body: CancelBooking| async move {
            client::post::<_, Booking>(&format!("/api/v1/bookings/{id}/cancel"), &body).await
        },
        move |_| reload.run(()),
    );
    let busy = cancel.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        cancel.dispatch_local(CancelBooking {
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
        });
    };
    live.then(|| {
        if booking.can_cancel {
            view! {
                <form class="card form" on:submit=submit>
                    <p>{let d = deadline.clone(); tf(BookMsg::CancelDeadline, move || vec![("time", instant_label(&d, lang()))])}</p>
                    <div class="field">
                        <label for="cancel-reason">{t(BookMsg::CancelReason)}</label>
                        <input id="cancel-reason" type="text" maxlength="200" bind:value=reason />
                    </div>
                    <button type="submit" class="button secondary" disabled=move || busy.get()>
                        {move || if busy.get() { t(BookMsg::Cancelling)() } else { t(BookMsg::CancelBooking)() }}
                    </button>
                    {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                </form>
            }.into_any()
        } else {
            view! { <p class="muted">{let d = deadline.clone(); tf(BookMsg::CancelClosed, move || vec![("time", instant_label(&d, lang()))])}</p> }.into_any()
        }
    })
}
