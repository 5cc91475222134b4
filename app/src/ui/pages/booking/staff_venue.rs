//! A venue for staff: check-in by entry code, the week's calendar with actions, and blocking
//! time for maintenance or events.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::booking::{
        Booking, BookingKind, BookingList, BookingStatus, CheckIn, Decision, StaffBooking,
        StaffVenue,
    },
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

use super::{
    STAFF_ROLES, add_days, date_label,
    staff_tools::{LotteryForm, OnBehalfForm},
    status_class, status_label, time_of, today,
};

/// `/staff/venues/:id`.
#[component]
pub fn StaffVenuePage() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <StaffVenueContent />
        </RequireLogin>
    }
}

fn venue_id() -> impl Fn() -> i64 + Copy {
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
}

#[component]
fn StaffVenueContent() -> impl IntoView {
    let id = venue_id();
    let venue = LocalResource::new(move || {
        let id = id();
        async move { client::get::<StaffVenue>(&format!("/api/v1/staff/venues/{id}")).await }
    });
    let from = RwSignal::new(today());
    let calendar = LocalResource::new(move || {
        let (id, from) = (id(), from.get());
        let to = add_days(&from, 6);
        async move {
            client::get::<BookingList>(&format!(
                "/api/v1/staff/venues/{id}/bookings?from={from}&to={to}"
            ))
            .await
        }
    });
    let reload = Callback::new(move |()| calendar.refetch());
    view! {
        <section class="page booking staff-venue">
            <Suspense fallback=Loading>
                {move || venue.get().map(|r| match r {
                    Ok(v) => {
                        let name = v.detail.venue.name.clone();
                        view! {
                            <h1>{move || name.get(lang().tag()).to_owned()}</h1>
                            <p class="links">
                                <A href="/staff/venues">{t(BookMsg::StaffTitle)}</A>
                                <A href=format!("/staff/venues/{}/settings", v.detail.venue.id)>{t(BookMsg::SettingsLink)}</A>
                                <A href=format!("/staff/venues/{}/report", v.detail.venue.id)>{t(BookMsg::ReportLink)}</A>
                            </p>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
            <CheckInForm venue_id=id() reload />
            <section class="card" aria-labelledby="cal-title">
                <h2 id="cal-title">{t(BookMsg::CalendarTitle)}</h2>
                <div class="toolbar">
                    <button type="button" class="button secondary small" on:click=move |_| from.update(|f| *f = add_days(f, -7))>{t(BookMsg::PrevWeek)}</button>
                    <button type="button" class="button secondary small" on:click=move |_| from.update(|f| *f = add_days(f, 7))>{t(BookMsg::NextWeek)}</button>
                </div>
                <Suspense fallback=Loading>
                    {move || calendar.get().map(|r| match r {
                        Ok(l) => {
                            let start = from.get_untracked();
                            view! {
                                <div class="calendar-days">
                                    {(0..7).map(|i| {
                                        let day = add_days(&start, i);
                                        let items: Vec<Booking> = l.items.iter().filter(|b| b.start.starts_with(&day)).cloned().collect();
                                        let label = day.clone();
                                        view! {
                                            <section class="cal-day">
                                                <h3>{move || date_label(&label, lang())}</h3>
                                                {if items.is_empty() {
                                                    view! { <p class="muted">{t(BookMsg::NothingThatDay)}</p> }.into_any()
                                                } else {
                                                    view! { <ul>{items.into_iter().map(|b| view! { <CalendarRow booking=b reload /> }).collect_view()}</ul> }.into_any()
                                                }}
                                            </section>
                                        }
                                    }).collect_view()}
                                </div>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    })}
                </Suspense>
            </section>
            <BlockForm venue_id=id() reload />
            <OnBehalfForm venue_id=id() reload />
            <LotteryForm venue_id=id() reload />
        </section>
    }
}

/// Check-in by the entry code shown at the door.
#[component]
fn CheckInForm(
    /// The venue.
    venue_id: i64,
    /// Reloads the calendar after a check-in.
    reload: Callback<()>,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<client::ApiError>);
    let done = RwSignal::new(None::<Booking>);
    let check_in = form_action(
        error,
        move |body: CheckIn| async move {
            client::post::<_, Booking>(&format!("/api/v1/staff/venues/{venue_id}/checkin"), &body)
                .await
        },
        move |b| {
            done.set(Some(b));
            code.set(String::new());
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A failed check-in must not leave the previous one's confirmation on screen.
        done.set(None);
        check_in.dispatch_local(CheckIn {
            code: code.get_untracked(),
        });
    };
    view! {
        <section class="card checkin" aria-labelledby="checkin-title">
            <h2 id="checkin-title">{t(BookMsg::CheckInTitle)}</h2>
            <form class="inline-form" on:submit=submit>
                <div class="field">
                    <label for="checkin-code">{t(BookMsg::CheckInCode)}</label>
                    <input id="checkin-code" type="text" inputmode="numeric" autocomplete="off" maxlength="9" bind:value=code />
                </div>
                <button type="submit" class="button" disabled=move || check_in.pending().get()>{t(BookMsg::CheckInButton)}</button>
            </form>
            <div aria-live="polite">
                {move || done.get().map(|b| {
                    let name = b.booker.map(|x| x.name).unwrap_or_default();
                    let when = format!("{}–{}", time_of(&b.start), time_of(&b.end));
                    view! { <p class="status ok">{tf(BookMsg::CheckedInOk, move || vec![("name", name.clone()), ("time", when.clone())])}</p> }
                })}
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </div>
        </section>
    }
}

/// One booking in the calendar, with what staff may do to it.
#[component]
fn CalendarRow(
    /// The booking.
    booking: Booking,
    /// Reloads after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<client::ApiError>);
    let id = booking.id;
    let live = matches!(
        booking.status,
        BookingStatus::Confirmed | BookingStatus::Pending | BookingStatus::Held
    );
    let started = booking.start <= js_now_rfc3339(&booking.start);
    let who = match booking.kind {
        BookingKind::Block => t(BookMsg::KindBlock)().to_owned(),
        BookingKind::Lottery => t(BookMsg::KindLottery)().to_owned(),
        BookingKind::Booking => booking
            .booker
            .as_ref()
            .map(|b| format!("{}（{}）", b.name, b.phone_masked))
            .unwrap_or_default(),
    };
    let mark_no_show = form_action(
        error,
        move |()| async move {
            client::post::<_, Booking>(
                &format!("/api/v1/staff/bookings/{id}/no-show"),
                &serde_json::json!({}),
            )
            .await
        },
        move |_| reload.run(()),
    );
    let staff_cancel = form_action(
        error,
        move |body: Decision| async move {
            client::post::<_, Booking>(&format!("/api/v1/staff/bookings/{id}/cancel"), &body).await
        },
        move |_| reload.run(()),
    );
    let no_show = move |_| {
        mark_no_show.dispatch_local(());
    };
    let cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        staff_cancel.dispatch_local(Decision {
            reason: Some(reason.get_untracked()),
        });
    };
    let reason_id = format!("cancel-{id}");
    view! {
        <li class="cal-item">
            <p>
                <strong>{format!("{}–{}", time_of(&booking.start), time_of(&booking.end))}</strong> " "
                {who} " "
                <span class=status_class(booking.status)>{t(status_label(booking.status))}</span>
            </p>
            {(!booking.purpose.is_empty()).then(|| view! { <p class="muted">{booking.purpose.clone()}</p> })}
            {(booking.status == BookingStatus::Confirmed && booking.kind == BookingKind::Booking && started).then(|| view! {
                <button type="button" class="button secondary small" on:click=no_show disabled=move || mark_no_show.pending().get()>{t(BookMsg::NoShow)}</button>
            })}
            {live.then(|| view! {
                <details>
                    <summary>{t(BookMsg::StaffCancel)}</summary>
                    <form class="inline-form" on:submit=cancel>
                        <label for=reason_id.clone()>{t(BookMsg::StaffCancelReason)}</label>
                        <input id=reason_id type="text" maxlength="200" bind:value=reason />
                        <button type="submit" class="button secondary small" disabled=move || staff_cancel.pending().get()>{t(BookMsg::StaffCancel)}</button>
                    </form>
                </details>
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </li>
    }
}

/// The browser's "now" written like the server's instants (same offset as `like`), so the two
/// compare as strings.
fn js_now_rfc3339(like: &str) -> String {
    let now = js_sys::Date::new_0();
    let offset_minutes = like
        .get(19..)
        .and_then(|o| {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let h: i32 = o.get(1..3)?.parse().ok()?;
            let m: i32 = o.get(4..6)?.parse().ok()?;
            Some(sign * (h * 60 + m))
        })
        .unwrap_or(480);
    let local = js_sys::Date::new(&(now.get_time() + f64::from(offset_minutes) * 60_000.0).into());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
        local.get_utc_full_year(),
        local.get_utc_month() + 1,
        local.get_utc_date(),
        local.get_utc_hours(),
        local.get_utc_minutes(),
        local.get_utc_seconds(),
        like.get(19..).unwrap_or("+08:00")
    )
}

/// Block time for maintenance or an event; residents see the reason.
#[component]
fn BlockForm(
    /// The venue.
    venue_id: i64,
    /// Reloads the calendar after a block.
    reload: Callback<()>,
) -> impl IntoView {
    let day = RwSignal::new(add_days(&today(), 1));
    let start = RwSignal::new("08:00".to_owned());
    let end = RwSignal::new("10:00".to_owned());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<client::ApiError>);
    let ok = RwSignal::new(false);
    let block = super::staff_tools::staff_booking(error, ok, reload);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A failed block must not leave the previous one's "done" on screen.
        ok.set(false);
        let d = day.get_untracked();
        block.dispatch_local(StaffBooking {
            venue_id,
            start: format!("{d}T{}:00+08:00", start.get_untracked()),
            end: format!("{d}T{}:00+08:00", end.get_untracked()),
            kind: BookingKind::Block,
            resident_phone: None,
            party_size: None,
            purpose: reason.get_untracked(),
        });
    };
    view! {
        <section class="card" aria-labelledby="block-title">
            <h2 id="block-title">{t(BookMsg::BlockTitle)}</h2>
            <form class="form" on:submit=submit>
                <div class="field"><label for="block-day">{t(BookMsg::FirstDay)}</label>
                    <input id="block-day" type="date" bind:value=day /></div>
                <div class="field"><label for="block-start">{t(BookMsg::BlockStart)}</label>
                    <input id="block-start" type="time" step="1800" bind:value=start /></div>
                <div class="field"><label for="block-end">{t(BookMsg::BlockEnd)}</label>
                    <input id="block-end" type="time" step="1800" bind:value=end /></div>
                <div class="field"><label for="block-reason">{t(BookMsg::BlockReason)}</label>
                    <input id="block-reason" type="text" maxlength="200" bind:value=reason /></div>
                <button type="submit" class="button" disabled=move || block.pending().get()>{t(BookMsg::BlockButton)}</button>
                <Show when=move || ok.get()><p class="status ok">{t(BookMsg::Done)}</p></Show>
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </form>
        </section>
    }
}
