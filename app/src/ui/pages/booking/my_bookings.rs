//! "我的预约": reminders, upcoming bookings, history, the waitlist, the calendar feed.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::booking::{
        Booking, BookingList, CalendarFeed, ReminderList, WaitlistList, WaitlistStatus,
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, form_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{BookMsg, lang, t, tf},
    },
};

use super::{instant_label, span_label, status_class, status_label};

/// `/me/bookings`.
#[component]
pub fn MyBookings() -> impl IntoView {
    view! {
        <RequireLogin>
            <MineContent />
        </RequireLogin>
    }
}

#[component]
fn MineContent() -> impl IntoView {
    let history = RwSignal::new(false);
    let list = LocalResource::new(move || {
        let scope = if history.get() { "history" } else { "upcoming" };
        async move {
            client::get::<BookingList>(&format!("/api/v1/me/bookings?scope={scope}&limit=50")).await
        }
    });
    view! {
        <section class="page booking mine">
            <h1>{t(BookMsg::MineTitle)}</h1>
            <p class="toolbar">
                <A href="/venues" attr:class="button">{t(BookMsg::FindVenue)}</A>
                <A href="/me/strikes" attr:class="button secondary">{t(BookMsg::StrikesLink)}</A>
            </p>
            <Reminders />
            <div class="tabs" role="group">
                <button type="button" class="button secondary small" aria-pressed=move || (!history.get()).to_string()
                    on:click=move |_| history.set(false)>{t(BookMsg::Upcoming)}</button>
                <button type="button" class="button secondary small" aria-pressed=move || history.get().to_string()
                    on:click=move |_| history.set(true)>{t(BookMsg::History)}</button>
            </div>
            <Suspense fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.items.is_empty() => view! { <p class="muted">{t(BookMsg::NoBookings)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="booking-list">
                            {l.items.into_iter().map(|b| view! { <BookingRow booking=b /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
            <Waitlist />
            <Feed />
        </section>
    }
}

/// One booking in the list, linking to its page.
#[component]
fn BookingRow(
    /// The booking.
    booking: Booking,
) -> impl IntoView {
    let venue = booking.venue.name.clone();
    let (s, e) = (booking.start.clone(), booking.end.clone());
    view! {
        <li class="card booking-row">
            <A href=format!("/bookings/{}", booking.id)>{move || venue.get(lang().tag()).to_owned()}</A>
            <span>{move || span_label(&s, &e, lang())}</span>
            <span class=status_class(booking.status)>{t(status_label(booking.status))}</span>
        </li>
    }
}

/// Reminders that are due, each dismissible.
#[component]
fn Reminders() -> impl IntoView {
    let list = LocalResource::new(|| client::get::<ReminderList>("/api/v1/me/reminders"));
    let error: FormError = RwSignal::new(None);
    // Read again whatever the answer: a reminder gone meanwhile leaves the list too.
    let dismiss = form_action(
        error,
        move |id: i64| async move {
            let path = format!("/api/v1/me/reminders/{id}/dismiss");
            let answer = client::post::<_, ()>(&path, &serde_json::json!({})).await;
            list.refetch();
            answer
        },
        |()| {},
    );
    view! {
        <Suspense fallback=|| ()>
            {move || list.get().and_then(Result::ok).filter(|l| !l.items.is_empty()).map(|l| view! {
                <section class="card reminders" aria-labelledby="reminders-title" role="status">
                    <h2 id="reminders-title">{t(BookMsg::Reminders)}</h2>
                    <FormAlert error fields=&[] />
                    <ul>
                        {l.items.into_iter().map(|r| {
                            let name = r.venue.name.clone();
                            let start = r.start.clone();
                            let id = r.id;
                            view! {
                                <li>
                                    <A href=format!("/bookings/{}", r.booking_id)>
                                        {tf(BookMsg::ReminderLine, move || vec![("venue", name.get(lang().tag()).to_owned()), ("time", instant_label(&start, lang()))])}
                                    </A>
                                    " "
                                    <button type="button" class="button secondary small" on:click=move |_| { dismiss.dispatch_local(id); } disabled=move || dismiss.pending().get()>{t(BookMsg::Dismiss)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </Suspense>
    }
}

/// The resident's waitlist entries, with offers to confirm.
#[component]
fn Waitlist() -> impl IntoView {
    let list = LocalResource::new(|| client::get::<WaitlistList>("/api/v1/me/waitlist"));
    let error: FormError = RwSignal::new(None);
    // Read again whatever the answer: an entry left from another device shows as left.
    let leave = form_action(
        error,
        move |id: i64| async move {
            let answer = client::delete::<()>(&format!("/api/v1/waitlist/{id}")).await;
            list.refetch();
            answer
        },
        |()| {},
    );
    view! {
        <Suspense fallback=|| ()>
            {move || list.get().and_then(Result::ok).filter(|l| !l.items.is_empty()).map(|l| view! {
                <section class="card" aria-labelledby="wait-title">
                    <h2 id="wait-title">{t(BookMsg::WaitlistTitle)}</h2>
                    <FormAlert error fields=&[] />
                    <ul class="booking-list">
                        {l.items.into_iter().map(|e| {
                            let name = e.venue.name.clone();
                            let (s, en) = (e.start.clone(), e.end.clone());
                            let id = e.id;
                            let state = match e.status {
                                WaitlistStatus::Waiting => {
                                    let n = e.position.unwrap_or(1);
                                    tf(BookMsg::WaitPosition, move || vec![("n", n.to_string())]).into_any()
                                }
                                WaitlistStatus::Offered => {
                                    let until = e.offer_expires_at.clone().unwrap_or_default();
                                    let offer = e.offer_booking_id.unwrap_or(0);
                                    view! {
                                        <strong>{tf(BookMsg::WaitOffered, move || vec![("time", instant_label(&until, lang()))])}</strong>
                                        " " <A href=format!("/bookings/{offer}") attr:class="button small">{t(BookMsg::AcceptOffer)}</A>
                                    }.into_any()
                                }
                                WaitlistStatus::Accepted => t(BookMsg::WaitAccepted).into_any(),
                                WaitlistStatus::Expired => t(BookMsg::WaitExpired).into_any(),
                                WaitlistStatus::Cancelled => t(BookMsg::WaitCancelled).into_any(),
                            };
                            let active = matches!(e.status, WaitlistStatus::Waiting | WaitlistStatus::Offered);
                            view! {
                                <li class="booking-row">
                                    <span>{move || name.get(lang().tag()).to_owned()}</span>
                                    <span>{move || span_label(&s, &en, lang())}</span>
                                    <span>{state}</span>
                                    {active.then(|| view! {
                                        <button type="button" class="button secondary small" on:click=move |_| { leave.dispatch_local(id); } disabled=move || leave.pending().get()>{t(BookMsg::LeaveWaitlist)}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </Suspense>
    }
}

/// The private calendar feed: make or replace its address (shown once).
#[component]
fn Feed() -> impl IntoView {
    let state = LocalResource::new(|| client::get::<CalendarFeed>("/api/v1/me/calendar-feed"));
    let made = RwSignal::new(None::<String>);
    let error: FormError = RwSignal::new(None);
    // Each address replaces the last: pressed twice, the one shown could already be revoked.
    let make = form_action(
        error,
        |()| async {
            client::post::<_, CalendarFeed>("/api/v1/me/calendar-feed", &serde_json::json!({}))
                .await
        },
        move |f| {
            let origin = window().location().origin().unwrap_or_default();
            // The calendar program reads the feed in the language it was made in.
            made.set(f.path.map(|p| format!("{origin}{p}&lang={}", lang().tag())));
            state.refetch();
        },
    );
    let rotate = move |_| {
        make.dispatch_local(());
    };
    view! {
        <section class="card" aria-labelledby="feed-title">
            <h2 id="feed-title">{t(BookMsg::FeedTitle)}</h2>
            <p class="muted">{t(BookMsg::FeedHint)}</p>
            <Suspense fallback=|| ()>
                {move || state.get().and_then(Result::ok).map(|f| {
                    let active = f.active;
                    let at = f.created_at.clone().unwrap_or_default();
                    view! {
                        {active.then(|| view! { <p>{tf(BookMsg::FeedActive, move || vec![("time", instant_label(&at, lang()))])}</p> })}
                        <button type="button" class="button secondary" on:click=rotate disabled=move || make.pending().get()>
                            {if active { t(BookMsg::FeedRotate) } else { t(BookMsg::FeedCreate) }}
                        </button>
                    }
                })}
            </Suspense>
            {move || made.get().map(|url| view! {
                <div class="field">
                    <label for="feed-url">{t(BookMsg::FeedUrl)}</label>
                    <input id="feed-url" type="text" readonly value=url />
                </div>
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}
