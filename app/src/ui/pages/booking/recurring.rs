//! Recurring bookings for groups: a weekly pattern over a date range, a per-date report of what
//! is free, taken, closed or not allowed, and booking the free dates in one go.
use leptos::prelude::*;

use crate::{
    api::booking::{DateOutcome, RecurringReport, RecurringRequest},
    ui::{
        client,
        components::{form::form_action, status::ErrorNotice},
        i18n::{BookMsg, lang, t, tf},
    },
};

use super::{add_days, date_label, today, weekday_name};

fn outcome_label(o: DateOutcome) -> BookMsg {
    match o {
        DateOutcome::Free => BookMsg::OutcomeFree,
        DateOutcome::Booked => BookMsg::OutcomeBooked,
        DateOutcome::Taken => BookMsg::OutcomeTaken,
        DateOutcome::Closed => BookMsg::OutcomeClosed,
        DateOutcome::Refused => BookMsg::OutcomeRefused,
    }
}

/// The group form under a venue; `on_booked` reloads the grid after booking.
#[component]
pub fn RecurringForm(
    /// The venue.
    venue_id: i64,
    /// Called after dates were booked.
    on_booked: Callback<()>,
) -> impl IntoView {
    let group = RwSignal::new(String::new());
    let first = RwSignal::new(add_days(&today(), 1));
    let last = RwSignal::new(add_days(&today(), 28));
    let days = RwSignal::new(Vec::<u8>::new());
    let start = RwSignal::new("19:00".to_owned());
    let end = RwSignal::new("20:00".to_owned());
    let party = RwSignal::new("10".to_owned());
    let report = RwSignal::new(None::<RecurringReport>);
    let error = RwSignal::new(None::<client::ApiError>);
    let request = form_action(
        error,
        |body: RecurringRequest| async move {
            client::post::<_, RecurringReport>("/api/v1/bookings/recurring", &body).await
        },
        move |r: RecurringReport| {
            if r.booked > 0 {
                on_booked.run(());
            }
            report.set(Some(r));
        },
    );
    let busy = request.pending();
    let send = move |dry_run: bool| {
        request.dispatch_local(RecurringRequest {
            venue_id,
            first_date: first.get_untracked(),
            last_date: last.get_untracked(),
            weekdays: days.get_untracked(),
            start_time: start.get_untracked(),
            end_time: end.get_untracked(),
            group_name: group.get_untracked(),
            party_size: party.get_untracked().trim().parse().ok(),
            purpose: None,
            dry_run,
            resident_phone: None,
        });
    };
    let toggle = move |d: u8| {
        days.update(|v| {
            if let Some(i) = v.iter().position(|x| *x == d) {
                v.remove(i);
            } else {
                v.push(d);
                v.sort_unstable();
            }
        });
    };
    view! {
        <details class="card recurring">
            <summary><h2>{t(BookMsg::RecurringTitle)}</h2></summary>
            <p class="muted">{t(BookMsg::RecurringHint)}</p>
            <form class="form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send(true); }>
                <div class="field"><label for="group-name">{t(BookMsg::GroupName)}</label>
                    <input id="group-name" type="text" maxlength="60" bind:value=group /></div>
                <div class="field"><label for="group-first">{t(BookMsg::FirstDay)}</label>
                    <input id="group-first" type="date" bind:value=first /></div>
                <div class="field"><label for="group-last">{t(BookMsg::LastDay)}</label>
                    <input id="group-last" type="date" bind:value=last /></div>
                <fieldset class="field checks">
                    <legend>{t(BookMsg::Weekdays)}</legend>
                    {(1..=7u8).map(|d| {
                        let id = format!("weekday-{d}");
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="checkbox" id=id prop:checked=move || days.with(|v| v.contains(&d)) on:change=move |_| toggle(d) />
                                {move || weekday_name(d, lang())}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field"><label for="group-start">{t(BookMsg::StartTime)}</label>
                    <input id="group-start" type="time" step="1800" bind:value=start /></div>
                <div class="field"><label for="group-end">{t(BookMsg::EndTime)}</label>
                    <input id="group-end" type="time" step="1800" bind:value=end /></div>
                <div class="field"><label for="group-party">{t(BookMsg::PartySize)}</label>
                    <input id="group-party" type="number" min="1" inputmode="numeric" bind:value=party /></div>
                <div class="actions">
                    <button type="submit" class="button secondary" disabled=move || busy.get()>{t(BookMsg::CheckDates)}</button>
                    <button type="button" class="button" disabled=move || busy.get() on:click=move |_| send(false)>{t(BookMsg::BookFreeDates)}</button>
                </div>
            </form>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <div aria-live="polite">
                {move || report.get().map(|r| {
                    let (booked, other) = (r.booked, r.not_booked);
                    view! {
                        {r.series_id.map(|_| view! { <p class="status ok">{tf(BookMsg::RecurringSummary, move || vec![("booked", booked.to_string()), ("other", other.to_string())])}</p> })}
                        <ul class="date-report">
                            {r.dates.into_iter().map(|d| {
                                let date = d.date.clone();
                                view! {
                                    <li class=format!("outcome-{}", d.outcome.as_str())>
                                        <strong>{move || date_label(&date, lang())}</strong> " "
                                        {t(outcome_label(d.outcome))}
                                        {d.message.map(|m| view! { " · " <span class="muted">{m}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </div>
        </details>
    }
}
