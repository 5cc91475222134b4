//! Staff tools on a venue page: book for a resident (phone, walk-in) and open a lottery for a
//! peak time.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::booking::{Booking, BookingKind, Lottery, NewLottery, StaffBooking},
    ui::{
        client,
        components::{
            form::{FormError, form_action},
            status::ErrorNotice,
        },
        i18n::{BookMsg, t},
    },
};

use super::{add_days, today};

fn instant(day: &str, time: &str) -> String {
    format!("{day}T{time}:00+08:00")
}

/// A booking made by staff (for a resident, or a block): `ok` says it is done, and the calendar
/// is reloaded.
pub(super) fn staff_booking(
    error: FormError,
    ok: RwSignal<bool>,
    reload: Callback<()>,
) -> Action<StaffBooking, ()> {
    form_action(
        error,
        |body: StaffBooking| async move {
            client::post::<_, Booking>("/api/v1/staff/bookings", &body).await
        },
        move |_| {
            ok.set(true);
            reload.run(());
        },
    )
}

/// Book a slot for a resident named by phone; confirmed at once (the advance window and the
/// weekly quota are waived, every other rule applies).
#[component]
pub fn OnBehalfForm(
    /// The venue.
    venue_id: i64,
    /// Reloads the calendar after booking.
    reload: Callback<()>,
) -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let day = RwSignal::new(add_days(&today(), 1));
    let start = RwSignal::new("09:00".to_owned());
    let end = RwSignal::new("10:00".to_owned());
    let purpose = RwSignal::new(String::new());
    let error = RwSignal::new(None::<client::ApiError>);
    let ok = RwSignal::new(false);
    let book = staff_booking(error, ok, reload);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A failed booking must not leave the previous one's "done" on screen.
        ok.set(false);
        let d = day.get_untracked();
        book.dispatch_local(StaffBooking {
            venue_id,
            start: instant(&d, &start.get_untracked()),
            end: instant(&d, &end.get_untracked()),
            kind: BookingKind::Booking,
            resident_phone: Some(phone.get_untracked()),
            party_size: None,
            purpose: purpose.get_untracked(),
        });
    };
    view! {
        <details class="card">
            <summary><h2>{t(BookMsg::OnBehalfTitle)}</h2></summary>
            <form class="form" on:submit=submit>
                <div class="field"><label for="ob-phone">{t(BookMsg::ResidentPhone)}</label>
                    <input id="ob-phone" type="tel" inputmode="numeric" autocomplete="off" bind:value=phone /></div>
                <div class="field"><label for="ob-day">{t(BookMsg::FirstDay)}</label>
                    <input id="ob-day" type="date" bind:value=day /></div>
                <div class="field"><label for="ob-start">{t(BookMsg::StartTime)}</label>
                    <input id="ob-start" type="time" step="1800" bind:value=start /></div>
                <div class="field"><label for="ob-end">{t(BookMsg::EndTime)}</label>
                    <input id="ob-end" type="time" step="1800" bind:value=end /></div>
                <div class="field"><label for="ob-purpose">{t(BookMsg::Purpose)}</label>
                    <input id="ob-purpose" type="text" maxlength="200" bind:value=purpose /></div>
                <button type="submit" class="button" disabled=move || book.pending().get()>{t(BookMsg::OnBehalfButton)}</button>
                <Show when=move || ok.get()><p class="status ok">{t(BookMsg::Done)}</p></Show>
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </form>
        </details>
    }
}

/// Open a lottery for a peak slot: the slot is kept until entries close and the draw.
#[component]
pub fn LotteryForm(
    /// The venue.
    venue_id: i64,
    /// Reloads the calendar after opening.
    reload: Callback<()>,
) -> impl IntoView {
    let day = RwSignal::new(add_days(&today(), 7));
    let start = RwSignal::new("19:00".to_owned());
    let end = RwSignal::new("21:00".to_owned());
    let closes_day = RwSignal::new(add_days(&today(), 5));
    let closes_time = RwSignal::new("20:00".to_owned());
    let error = RwSignal::new(None::<client::ApiError>);
    let made = RwSignal::new(None::<i64>);
    let open = form_action(
        error,
        |body: NewLottery| async move {
            client::post::<_, Lottery>("/api/v1/staff/lotteries", &body).await
        },
        move |l| {
            made.set(Some(l.id));
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = day.get_untracked();
        open.dispatch_local(NewLottery {
            venue_id,
            start: instant(&d, &start.get_untracked()),
            end: instant(&d, &end.get_untracked()),
            opens_at: None,
            closes_at: instant(&closes_day.get_untracked(), &closes_time.get_untracked()),
        });
    };
    view! {
        <details class="card">
            <summary><h2>{t(BookMsg::LotteryNewTitle)}</h2></summary>
            <form class="form" on:submit=submit>
                <div class="field"><label for="lot-day">{t(BookMsg::FirstDay)}</label>
                    <input id="lot-day" type="date" bind:value=day /></div>
                <div class="field"><label for="lot-start">{t(BookMsg::StartTime)}</label>
                    <input id="lot-start" type="time" step="1800" bind:value=start /></div>
                <div class="field"><label for="lot-end">{t(BookMsg::EndTime)}</label>
                    <input id="lot-end" type="time" step="1800" bind:value=end /></div>
                <div class="field"><label for="lot-closes-day">{t(BookMsg::LotteryCloses)}</label>
                    <input id="lot-closes-day" type="date" bind:value=closes_day /></div>
                <div class="field"><label for="lot-closes-time">{t(BookMsg::StartTime)}</label>
                    <input id="lot-closes-time" type="time" bind:value=closes_time /></div>
                <button type="submit" class="button" disabled=move || open.pending().get()>{t(BookMsg::LotteryNewButton)}</button>
                {move || made.get().map(|id| view! {
                    <p class="status ok">{t(BookMsg::LotteryOpened)}<A href=format!("/lotteries/{id}")>{format!("#{id}")}</A></p>
                })}
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </form>
        </details>
    }
}
