//! A venue: its description and rules, the availability grid by day, and the booking form.
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};

use crate::{
    api::booking::{
        Availability, Booking, DayAvailability, JoinWaitlist, NewBooking, QuotaKind, Slot,
        SlotState, VenueDetail, WaitlistEntry,
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, form_action},
            status::{ErrorNotice, Loading},
        },
        i18n::{BookMsg, lang, t, tf},
        session::{login_href, use_session},
    },
};

use super::{
    add_days, date_label, feature_label, owner_label, slot_label, today, type_label, weekday_name,
};

/// The venue page; `/venues/:id`.
#[component]
pub fn VenuePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let detail = LocalResource::new(move || {
        let id = id();
        async move { client::get::<VenueDetail>(&format!("/api/v1/venues/{id}")).await }
    });
    view! {
        <section class="page booking venue">
            <Suspense fallback=Loading>
                {move || detail.get().map(|r| match r {
                    Ok(d) => view! { <VenueContent detail=d /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The page puts what a resident needs during the release rush first: the date strip, the
/// chosen day's free slots and the booking form; the venue's facts and rules follow.
#[component]
fn VenueContent(
    /// The venue.
    detail: VenueDetail,
) -> impl IntoView {
    let v = detail.venue.clone();
    let name = v.name.clone();
    let chosen = RwSignal::new(None::<Slot>);
    // The date the resident picked in the strip; kept across reloads of the week.
    let day = RwSignal::new(None::<String>);
    let just_taken = RwSignal::new(false);
    let from = RwSignal::new(today());
    let venue_id = v.id;
    let grid = LocalResource::new(move || {
        let from = from.get();
        let to = add_days(&from, 6);
        async move {
            client::get::<Availability>(&format!(
                "/api/v1/venues/{venue_id}/availability?from={from}&to={to}"
            ))
            .await
        }
    });
    let refresh = Callback::new(move |()| {
        chosen.set(None);
        grid.refetch();
    });
    let reload = Callback::new(move |()| grid.refetch());
    let week = move |n: i64| {
        from.update(|f| *f = add_days(f, n));
        day.set(None);
        chosen.set(None);
    };
    view! {
        <h1>{move || name.get(lang().tag()).to_owned()}</h1>
        <p class="meta">
            <span class="chip">{t(type_label(v.venue_type))}</span>
            {v.features.iter().map(|f| view! { <span class="chip">{t(feature_label(*f))}</span> }).collect_view()}
        </p>
        {detail.parent.clone().map(|p| {
            let pname = p.name.clone();
            view! { <p>{t(BookMsg::PartOf)}<A href=format!("/venues/{}", p.id)>{move || pname.get(lang().tag()).to_owned()}</A></p> }
        })}
        <section aria-labelledby="grid-title">
            <h2 id="grid-title">{t(BookMsg::Availability)}</h2>
            <div class="toolbar">
                <button type="button" class="button secondary small"
                    disabled=move || from.get() <= today()
                    on:click=move |_| week(-7)>{t(BookMsg::PrevWeek)}</button>
                <button type="button" class="button secondary small"
                    on:click=move |_| week(7)>{t(BookMsg::NextWeek)}</button>
            </div>
            <Suspense fallback=Loading>
                {move || grid.get().map(|r| match r {
                    Ok(a) => view! { <Grid availability=a chosen day just_taken reload /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
        <BookingPanel detail=detail.clone() chosen refresh just_taken />
        <Show when=move || use_session().logged_in()>
            <super::recurring::RecurringForm venue_id=venue_id on_booked=refresh />
        </Show>
        <VenueFacts detail />
    }
}

/// Address, owner, hours, description, closures, rules and bookable parts.
#[component]
fn VenueFacts(
    /// The venue.
    detail: VenueDetail,
) -> impl IntoView {
    let v = detail.venue.clone();
    let address = v.address.clone();
    let owner = v.owner_name.clone();
    let description = detail.description.clone();
    view! {
        <section class="venue-facts card" aria-labelledby="facts-title">
            <h2 id="facts-title">{t(BookMsg::AboutVenue)}</h2>
            <dl class="facts">
                <dt>{t(BookMsg::Address)}</dt><dd>{move || address.get(lang().tag()).to_owned()}</dd>
                <dt>{t(BookMsg::Owner)}</dt>
                <dd>{t(owner_label(v.owner_kind))} " · " {move || owner.get(lang().tag()).to_owned()}</dd>
                <dt>{t(BookMsg::OpeningHours)}</dt>
                <dd><HoursList detail=detail.clone() /></dd>
            </dl>
            {(!description.zh.is_empty()).then(|| view! { <p>{move || description.get(lang().tag()).to_owned()}</p> })}
            <Closures detail=detail.clone() />
            <RulesSummary detail=detail.clone() />
            {(!detail.parts.is_empty()).then(|| view! {
                <h2>{t(BookMsg::Parts)}</h2>
                <ul class="link-list">
                    {detail.parts.iter().map(|p| {
                        let pname = p.name.clone();
                        view! { <li><A href=format!("/venues/{}", p.id)>{move || pname.get(lang().tag()).to_owned()}</A></li> }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// Weekly hours, one line per weekday.
#[component]
fn HoursList(
    /// The venue.
    detail: VenueDetail,
) -> impl IntoView {
    view! {
        <ul class="hours">
            {(1..=7u8).map(|d| {
                let spans: Vec<String> = detail.hours.iter().filter(|h| h.weekday == d)
                    .map(|h| format!("{}–{}", h.opens, h.closes)).collect();
                let text = spans.join(", ");
                view! {
                    <li><span class="day">{move || weekday_name(d, lang())}</span> " "
                        {if text.is_empty() { t(BookMsg::ClosedDay)().to_owned() } else { text.clone() }}</li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Upcoming closures (暂停开放) with their reasons.
#[component]
fn Closures(
    /// The venue.
    detail: VenueDetail,
) -> impl IntoView {
    (!detail.closures.is_empty()).then(|| {
        view! {
            <div class="status warning-box" role="note">
                <h2>{t(BookMsg::Closures)}</h2>
                <ul>
                    {detail.closures.iter().map(|c| {
                        let c = c.clone();
                        view! { <li>{tf(BookMsg::ClosureLine, move || vec![
                            ("from", c.first_day.clone()), ("to", c.last_day.clone()),
                            ("reason", c.reason.get(lang().tag()).to_owned())])}</li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// The rules in force, in plain words.
#[component]
fn RulesSummary(
    /// The venue.
    detail: VenueDetail,
) -> impl IntoView {
    let r = detail.rules.clone();
    let (slot, min, max) = (r.slot_minutes, r.min_minutes, r.max_minutes);
    let (days, time) = (r.max_advance_days, r.release_time.clone());
    let quota = r.quota_per_week;
    let cancel = r.cancel_deadline_minutes;
    view! {
        <h2>{t(BookMsg::RulesTitle)}</h2>
        <ul class="rules">
            <li>{tf(BookMsg::RuleSlot, move || vec![("n", slot.to_string()), ("min", min.to_string()), ("max", max.to_string())])}</li>
            <li>{tf(BookMsg::RuleAdvance, move || vec![("days", days.to_string()), ("time", time.clone())])}</li>
            {match r.quota_kind {
                QuotaKind::Bookings => Some(view! { <li>{tf(BookMsg::RuleQuotaBookings, move || vec![("n", quota.to_string())])}</li> }.into_any()),
                QuotaKind::Hours => Some(view! { <li>{tf(BookMsg::RuleQuotaHours, move || vec![("n", quota.to_string())])}</li> }.into_any()),
                QuotaKind::None => None,
            }}
            <li>{tf(BookMsg::RuleCancel, move || vec![("n", cancel.to_string())])}</li>
            {r.approval_required.then(|| view! { <li>{t(BookMsg::RuleApproval)}</li> })}
            {detail.needs_owner_approval.then(|| view! { <li>{t(BookMsg::RuleOwnerApproval)}</li> })}
            {r.checkin_required.then(|| view! { <li>{t(BookMsg::RuleCheckin)}</li> })}
        </ul>
    }
}

/// The week as a strip of dates with their free-slot counts, then the shown date's slots.
/// Without a choice the first date with a free slot is shown.
#[component]
fn Grid(
    /// The days and their slots.
    availability: Availability,
    /// The slot the resident picked.
    chosen: RwSignal<Option<Slot>>,
    /// The date the resident picked in the strip.
    day: RwSignal<Option<String>>,
    /// Set when the chosen slot was just taken by someone else.
    just_taken: RwSignal<bool>,
    /// Reloads the week (when a day opens for booking).
    reload: Callback<()>,
) -> impl IntoView {
    let days = StoredValue::new(availability.days);
    let fallback = days.with_value(|days| {
        days.iter()
            .find(|d| free_count(d) > 0)
            .or(days.first())
            .map(|d| d.date.clone())
            .unwrap_or_default()
    });
    let shown = Memo::new(move |_| {
        day.get()
            .filter(|d| days.with_value(|days| days.iter().any(|x| &x.date == d)))
            .unwrap_or_else(|| fallback.clone())
    });
    view! {
        <div class="date-strip" role="group" aria-label=t(BookMsg::ChooseDate)>
            {days.get_value().into_iter().map(|d| {
                let date = d.date.clone();
                let pressed = {
                    let date = date.clone();
                    move || (shown.get() == date).to_string()
                };
                let free = free_count(&d);
                let (closed, not_yet) = (!d.open, d.bookable_from.is_some());
                let status = move || {
                    if closed {
                        t(BookMsg::ClosedDay)().to_owned()
                    } else if not_yet {
                        t(BookMsg::SlotNotYet)().to_owned()
                    } else if free == 0 {
                        t(BookMsg::NoneFree)().to_owned()
                    } else {
                        tf(BookMsg::FreeCount, move || vec![("n", free.to_string())])()
                    }
                };
                let class = if free > 0 { "date-chip has-free" } else { "date-chip" };
                let label = date.clone();
                view! {
                    <button type="button" class=class aria-pressed=pressed
                        on:click=move |_| {
                            day.set(Some(date.clone()));
                            chosen.set(None);
                            just_taken.set(false);
                        }>
                        <span class="date">{move || date_label(&label, lang())}</span>
                        <span class="count">{status}</span>
                    </button>
                }
            }).collect_view()}
        </div>
        {move || {
            let date = shown.get();
            days.with_value(|days| days.iter().find(|d| d.date == date).cloned())
                .map(|d| view! { <DayPanel day=d chosen reload /> })
        }}
    }
}

fn free_count(day: &DayAvailability) -> usize {
    day.slots
        .iter()
        .filter(|s| s.state == SlotState::Free)
        .count()
}

/// One date: its notes, a countdown while it is not bookable yet, its free slots first and
/// then the others (taken ones can be waited for), each group in time order.
#[component]
fn DayPanel(
    /// The date.
    day: DayAvailability,
    /// The slot the resident picked.
    chosen: RwSignal<Option<Slot>>,
    /// Reloads the week.
    reload: Callback<()>,
) -> impl IntoView {
    let date = day.date.clone();
    let head_date = date.clone();
    let (mut slots, others): (Vec<Slot>, Vec<Slot>) = day
        .slots
        .into_iter()
        .partition(|s| s.state == SlotState::Free);
    slots.extend(others);
    view! {
        <section class="day card" aria-label=move || date_label(&head_date, lang())>
            <h3>{move || date_label(&date, lang())}</h3>
            {day.holiday.map(|h| view! { <p class="holiday">{tf(BookMsg::Holiday, move || vec![("name", h.get(lang().tag()).to_owned())])}</p> })}
            {day.closed_reason.map(|r| view! { <p class="closed">{move || r.get(lang().tag()).to_owned()}</p> })}
            {day.note.map(|n| view! { <p class="note">{move || n.get(lang().tag()).to_owned()}</p> })}
            {day.bookable_from.map(|f| {
                let at = f.clone();
                view! {
                    <p class="muted">{tf(BookMsg::BookableFrom, move || vec![("time", super::instant_label(&f, lang()))])}</p>
                    <Countdown at reload />
                }
            })}
            <ul class="slots">
                {slots.into_iter().map(|slot| view! { <SlotButton item=slot chosen /> }).collect_view()}
            </ul>
        </section>
    }
}

/// Time left until a date opens for booking, ticking each second; when it reaches zero the
/// week is reloaded once. A date already due when shown (the browser's clock is ahead of the
/// server's) says so instead of reloading in a loop.
#[component]
fn Countdown(
    /// The RFC 3339 instant the date opens.
    at: String,
    /// Reloads the week.
    reload: Callback<()>,
) -> impl IntoView {
    let target = js_sys::Date::parse(&at);
    let now = RwSignal::new(js_sys::Date::now());
    let due_on_arrival = target <= now.get_untracked();
    if !due_on_arrival
        && let Ok(handle) = set_interval_with_handle(
            move || now.set(js_sys::Date::now()),
            std::time::Duration::from_secs(1),
        )
    {
        on_cleanup(move || handle.clear());
    }
    let fired = StoredValue::new(false);
    Effect::new(move |_| {
        if !due_on_arrival && now.get() >= target && !fired.get_value() {
            fired.set_value(true);
            reload.run(());
        }
    });
    let left = move || {
        let secs = ((target - now.get()) / 1000.0).ceil().max(0.0) as u64;
        format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    };
    view! {
        <p class="countdown" role="timer">
            {move || if due_on_arrival || now.get() >= target {
                t(BookMsg::OpeningNow)().to_owned()
            } else {
                tf(BookMsg::OpensIn, move || vec![("left", left())])()
            }}
        </p>
    }
}

/// One slot: a button when free, a labelled state otherwise.
#[component]
fn SlotButton(
    /// The slot.
    item: Slot,
    /// The chosen slot.
    chosen: RwSignal<Option<Slot>>,
) -> impl IntoView {
    let slot = item;
    let time = format!(
        "{}–{}",
        super::time_of(&slot.start),
        super::time_of(&slot.end)
    );
    let state = slot.state;
    let class = format!("slot slot-{}", state.as_str());
    let left = slot.places_left;
    let reason = slot.reason.clone();
    let start = slot.start.clone();
    let is_chosen = move || chosen.with(|c| c.as_ref().is_some_and(|c| c.start == start));
    let selectable = matches!(
        state,
        SlotState::Free | SlotState::Taken | SlotState::Full | SlotState::Lottery
    );
    let slot_for_click = slot.clone();
    view! {
        <li>
            <button type="button" class=class disabled=!selectable
                aria-pressed=move || is_chosen().to_string()
                on:click=move |_| {
                    chosen.set(Some(slot_for_click.clone()));
                    if let Some(panel) = document().get_element_by_id("booking-panel") {
                        panel.scroll_into_view();
                    }
                }>
                <span class="time">{time.clone()}</span>
                " "
                <span class="state">{t(slot_label(state))}</span>
                {reason.map(|r| view! { " " <span class="reason">{move || r.get(lang().tag()).to_owned()}</span> })}
                {left.filter(|_| state == SlotState::Free).map(|n| view! { <span class="left">{tf(BookMsg::SlotLeft, move || vec![("n", n.to_string())])}</span> })}
            </button>
        </li>
    }
}

/// The end instant of a booking: the start's date and time plus the minutes (the rules keep a
/// booking within one day).
fn end_of(start: &str, minutes: u32) -> String {
    let (h, m) = (
        start
            .get(11..13)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(0),
        start
            .get(14..16)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(0),
    );
    let total = h * 60 + m + minutes;
    format!(
        "{}T{:02}:{:02}:00{}",
        start.get(..10).unwrap_or(start),
        total / 60,
        total % 60,
        start.get(19..).unwrap_or("+08:00")
    )
}

/// The form under the grid: book the chosen free slot, or wait for a taken one.
#[component]
fn BookingPanel(
    /// The venue.
    detail: VenueDetail,
    /// The chosen slot.
    chosen: RwSignal<Option<Slot>>,
    /// Reloads the grid after a change.
    refresh: Callback<()>,
    /// Set when the chosen slot was just taken by someone else.
    just_taken: RwSignal<bool>,
) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let rules = detail.rules.clone();
    let slot_minutes = rules.slot_minutes.max(30);
    let durations: Vec<u32> = (1..=rules.max_minutes / slot_minutes)
        .map(|n| n * slot_minutes)
        .filter(|m| *m >= rules.min_minutes)
        .collect();
    let duration = RwSignal::new(durations.first().copied().unwrap_or(slot_minutes));
    let party = RwSignal::new("1".to_owned());
    let purpose = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let waiting = RwSignal::new(None::<u32>);
    let key = RwSignal::new(super::new_key());
    let venue_id = detail.venue.id;
    Effect::new(move |_| {
        if chosen.with(Option::is_some) {
            just_taken.set(false);
        }
    });
    // The booking, or `None` when someone else took the slot first: that is no error to show,
    // it is told in plain words once the grid is fresh (the date stays).
    let book = form_action(
        error,
        move |(body, k): (NewBooking, String)| async move {
            let answer = client::post_idempotent::<_, Booking>("/api/v1/bookings", &body, &k).await;
            if answer.is_err() {
                key.set(super::new_key());
            }
            match answer {
                Err(e) if e.code == "slot_taken" => Ok(None),
                answer => answer.map(Some),
            }
        },
        move |booked: Option<Booking>| match booked {
            Some(b) => navigate(&format!("/bookings/{}", b.id), Default::default()),
            None => {
                just_taken.set(true);
                refresh.run(());
            }
        },
    );
    let wait = form_action(
        error,
        |body: JoinWaitlist| async move {
            client::post::<_, WaitlistEntry>("/api/v1/waitlist", &body).await
        },
        move |e| waiting.set(e.position),
    );
    let busy = move || book.pending().get() || wait.pending().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(slot) = chosen.get_untracked() else {
            return;
        };
        let body = NewBooking {
            venue_id,
            start: slot.start.clone(),
            end: end_of(&slot.start, duration.get_untracked()),
            party_size: party.get_untracked().trim().parse().ok(),
            purpose: Some(purpose.get_untracked()).filter(|p| !p.trim().is_empty()),
            hold: false,
        };
        book.dispatch_local((body, key.get_untracked()));
    };
    let join = move |_| {
        let Some(slot) = chosen.get_untracked() else {
            return;
        };
        wait.dispatch_local(JoinWaitlist {
            venue_id,
            start: slot.start.clone(),
            end: end_of(&slot.start, duration.get_untracked()),
            party_size: party.get_untracked().trim().parse().ok(),
        });
    };
    view! {
        <section id="booking-panel" class="card booking-panel" aria-labelledby="panel-title" aria-live="polite">
            <h2 id="panel-title">{t(BookMsg::ChosenSlot)}</h2>
            {move || match chosen.get() {
                None if just_taken.get() => view! { <p class="status warning-box" role="alert">{t(BookMsg::SlotJustTaken)}</p> }.into_any(),
                None => view! { <p class="muted">{t(BookMsg::ChooseSlotHint)}</p> }.into_any(),
                Some(slot) if !session.logged_in() => view! {
                    <p>{super::span_label(&slot.start, &slot.end, lang())}</p>
                    <p><a class="button" href=login_href()>{t(BookMsg::LoginToBook)}</a></p>
                }.into_any(),
                Some(slot) => {
                    let state = slot.state;
                    let summary = super::span_label(&slot.start, &slot.end, lang());
                    let durations = durations.clone();
                    view! {
                        <p class="chosen">{summary}" · "{t(slot_label(state))}</p>
                        {(state == SlotState::Lottery).then(|| slot.lottery_id.map(|l| view! {
                            <p><A href=format!("/lotteries/{l}") attr:class="button">{t(BookMsg::SeeLottery)}</A></p>
                        }))}
                        <form class="form" on:submit=submit novalidate>
                            <FormAlert error fields=&["party_size", "purpose"] />
                            <div class="field">
                                <label for="duration">{t(BookMsg::Duration)}</label>
                                <select id="duration" on:change=move |ev| duration.set(event_target_value(&ev).parse().unwrap_or(slot_minutes))>
                                    {durations.into_iter().map(|m| view! {
                                        <option value=m.to_string() selected=move || duration.get() == m>
                                            {tf(BookMsg::Minutes, move || vec![("n", m.to_string())])}
                                        </option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="party">{t(BookMsg::PartySize)}</label>
                                <input id="party" type="number" min="1" inputmode="numeric" bind:value=party />
                            </div>
                            <div class="field">
                                <label for="purpose">{t(BookMsg::Purpose)}</label>
                                <input id="purpose" type="text" maxlength="200" placeholder=t(BookMsg::PurposeHint) bind:value=purpose />
                            </div>
                            {match state {
                                SlotState::Free => view! {
                                    <button type="submit" class="button" disabled=busy>
                                        {move || if busy() { t(BookMsg::Booking)() } else { t(BookMsg::ConfirmBooking)() }}
                                    </button>
                                }.into_any(),
                                SlotState::Taken | SlotState::Full => view! {
                                    <button type="button" class="button secondary" disabled=busy on:click=join>
                                        {t(BookMsg::JoinWaitlist)}
                                    </button>
                                }.into_any(),
                                _ => ().into_any(),
                            }}
                            <button type="button" class="button secondary" on:click=move |_| chosen.set(None)>{t(BookMsg::CancelChoice)}</button>
                        </form>
                        {move || waiting.get().map(|n| view! {
                            <p class="status ok">{tf(BookMsg::JoinedWaitlist, move || vec![("n", n.to_string())])}</p>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}
