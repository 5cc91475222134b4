//! A venue's settings, for staff: details, photos, opening hours, rules, closures, approvers.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::booking::{ClosureCreated, NewClosure, QuotaKind, Rules, StaffVenue},
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
    STAFF_ROLES, add_days, today,
    venue_editor::{ApproversCard, HoursCard, VenueForm},
    venue_photos::PhotosCard,
};

/// `/staff/venues/:id/settings`.
#[component]
pub fn StaffSettings() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <SettingsContent />
        </RequireLogin>
    }
}

#[component]
fn SettingsContent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let venue = LocalResource::new(move || {
        let id = id();
        async move { client::get::<StaffVenue>(&format!("/api/v1/staff/venues/{id}")).await }
    });
    let reload = Callback::new(move |()| venue.refetch());
    view! {
        <section class="page booking staff-settings">
            <Suspense fallback=Loading>
                {move || venue.get().map(|r| match r {
                    Ok(v) => {
                        let name = v.detail.venue.name.clone();
                        let vid = v.detail.venue.id;
                        let photos = RwSignal::new(v.detail.photos.clone());
                        view! {
                            <h1>{move || name.get(lang().tag()).to_owned()}</h1>
                            <p class="links">
                                <A href=format!("/staff/venues/{vid}")>{t(BookMsg::CalendarLink)}</A>
                                <A href=format!("/staff/venues/{vid}/report")>{t(BookMsg::ReportLink)}</A>
                            </p>
                            <VenueForm existing=Some(v.clone()) photos />
                            <PhotosCard
                                upload_url=format!("/api/v1/staff/venues/{vid}/photos")
                                remove_url=Callback::new(move |(i, _): (usize, String)| format!("/api/v1/staff/venues/{vid}/photos/{i}"))
                                photos_of=|v: StaffVenue| v.detail.photos
                                title=BookMsg::PhotosTitle lead=BookMsg::PhotosLead
                                photos />
                            <HoursCard venue_id=vid hours=v.detail.hours.clone() />
                            <RulesForm venue_id=vid rules=v.detail.rules.clone() />
                            <ClosuresCard venue=v.clone() reload />
                            <ApproversCard venue=v />
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// A labelled number input bound to a `u32`.
#[component]
fn NumberField(
    /// Input id.
    id: &'static str,
    /// Label.
    label: BookMsg,
    /// The value.
    value: RwSignal<u32>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <input id=id type="number" min="0" inputmode="numeric"
                prop:value=move || value.get().to_string()
                on:input=move |ev| value.set(event_target_value(&ev).parse().unwrap_or(0)) />
        </div>
    }
}

/// A labelled checkbox bound to a `bool`.
#[component]
fn CheckField(
    /// Input id.
    id: &'static str,
    /// Label.
    label: BookMsg,
    /// The value.
    value: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <label class="check" for=id>
            <input id=id type="checkbox" prop:checked=move || value.get() on:change=move |_| value.update(|v| *v = !*v) />
            {t(label)}
        </label>
    }
}

/// Every rule of the venue; saved at once, validated by the server (errors name the field).
#[component]
fn RulesForm(
    /// The venue.
    venue_id: i64,
    /// The rules in force.
    rules: Rules,
) -> impl IntoView {
    let slot = RwSignal::new(rules.slot_minutes);
    let min = RwSignal::new(rules.min_minutes);
    let max = RwSignal::new(rules.max_minutes);
    let buffer = RwSignal::new(rules.buffer_minutes);
    let min_adv = RwSignal::new(rules.min_advance_days);
    let max_adv = RwSignal::new(rules.max_advance_days);
    let release = RwSignal::new(rules.release_time.clone());
    let quota_kind = RwSignal::new(rules.quota_kind);
    let quota = RwSignal::new(rules.quota_per_week);
    let cancel = RwSignal::new(rules.cancel_deadline_minutes);
    let hold = RwSignal::new(rules.hold_minutes);
    let offer = RwSignal::new(rules.waitlist_offer_minutes);
    let approval = RwSignal::new(rules.approval_required);
    let pending = RwSignal::new(rules.pending_holds_slot);
    let checkin = RwSignal::new(rules.checkin_required);
    let holidays = RwSignal::new(rules.closed_on_holidays);
    let error = RwSignal::new(None::<client::ApiError>);
    let saved = RwSignal::new(false);
    let base = rules.clone();
    let save = form_action(
        error,
        move |body: Rules| async move {
            client::send::<_, Rules>(
                "PUT",
                &format!("/api/v1/staff/venues/{venue_id}/rules"),
                &body,
            )
            .await
        },
        move |_| saved.set(true),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A failed save must not leave the previous one's confirmation on screen.
        saved.set(false);
        save.dispatch_local(Rules {
            slot_minutes: slot.get_untracked(),
            min_minutes: min.get_untracked(),
            max_minutes: max.get_untracked(),
            buffer_minutes: buffer.get_untracked(),
            min_advance_days: min_adv.get_untracked(),
            max_advance_days: max_adv.get_untracked(),
            release_time: release.get_untracked(),
            quota_kind: quota_kind.get_untracked(),
            quota_per_week: quota.get_untracked(),
            cancel_deadline_minutes: cancel.get_untracked(),
            approval_required: approval.get_untracked(),
            pending_holds_slot: pending.get_untracked(),
            capacity_mode: base.capacity_mode,
            capacity: base.capacity,
            hold_minutes: hold.get_untracked(),
            checkin_required: checkin.get_untracked(),
            closed_on_holidays: holidays.get_untracked(),
            waitlist_offer_minutes: offer.get_untracked(),
        });
    };
    view! {
        <form class="card form rules-form" on:submit=submit>
            <h2>{t(BookMsg::RulesEdit)}</h2>
            <NumberField id="slot_minutes" label=BookMsg::SlotMinutes value=slot />
            <NumberField id="min_minutes" label=BookMsg::MinMinutes value=min />
            <NumberField id="max_minutes" label=BookMsg::MaxMinutes value=max />
            <NumberField id="buffer_minutes" label=BookMsg::BufferMinutes value=buffer />
            <NumberField id="min_advance_days" label=BookMsg::MinAdvanceDays value=min_adv />
            <NumberField id="max_advance_days" label=BookMsg::MaxAdvanceDays value=max_adv />
            <div class="field">
                <label for="release_time">{t(BookMsg::ReleaseTime)}</label>
                <input id="release_time" type="time" bind:value=release />
            </div>
            <div class="field">
                <label for="quota_kind">{t(BookMsg::QuotaKind)}</label>
                <select id="quota_kind" on:change=move |ev| quota_kind.set(QuotaKind::parse(&event_target_value(&ev)).unwrap_or(QuotaKind::None))>
                    {[(QuotaKind::None, BookMsg::QuotaNone), (QuotaKind::Bookings, BookMsg::QuotaBookings), (QuotaKind::Hours, BookMsg::QuotaHours)]
                        .into_iter().map(|(k, l)| view! {
                            <option value=k.as_str() selected=move || quota_kind.get() == k>{t(l)}</option>
                        }).collect_view()}
                </select>
            </div>
            <NumberField id="quota_per_week" label=BookMsg::QuotaPerWeek value=quota />
            <NumberField id="cancel_deadline_minutes" label=BookMsg::CancelDeadlineMinutes value=cancel />
            <NumberField id="hold_minutes" label=BookMsg::HoldMinutes value=hold />
            <NumberField id="waitlist_offer_minutes" label=BookMsg::WaitlistOfferMinutes value=offer />
            <CheckField id="approval_required" label=BookMsg::ApprovalRequired value=approval />
            <CheckField id="pending_holds_slot" label=BookMsg::PendingHolds value=pending />
            <CheckField id="checkin_required" label=BookMsg::CheckinRequired value=checkin />
            <CheckField id="closed_on_holidays" label=BookMsg::ClosedOnHolidays value=holidays />
            <button type="submit" class="button" disabled=move || save.pending().get()>{t(BookMsg::SaveRules)}</button>
            <div aria-live="polite">
                <Show when=move || saved.get()><p class="status ok">{t(BookMsg::RulesSaved)}</p></Show>
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </div>
        </form>
    }
}

/// Closures: the list with "reopen", and a form to close for a period with the reason.
#[component]
fn ClosuresCard(
    /// The venue.
    venue: StaffVenue,
    /// Reloads the venue after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let vid = venue.detail.venue.id;
    let first = RwSignal::new(add_days(&today(), 7));
    let last = RwSignal::new(add_days(&today(), 7));
    let reason = RwSignal::new(String::new());
    let cancel_bookings = RwSignal::new(false);
    let error = RwSignal::new(None::<client::ApiError>);
    let close = form_action(
        error,
        move |body: NewClosure| async move {
            client::post::<_, ClosureCreated>(
                &format!("/api/v1/staff/venues/{vid}/closures"),
                &body,
            )
            .await
        },
        move |_| reload.run(()),
    );
    let reopen = form_action(
        error,
        move |cid: i64| async move {
            client::delete::<()>(&format!("/api/v1/staff/venues/{vid}/closures/{cid}")).await
        },
        move |()| reload.run(()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        close.dispatch_local(NewClosure {
            first_day: first.get_untracked(),
            last_day: last.get_untracked(),
            reason_zh: reason.get_untracked(),
            reason_en: None,
            cancel_bookings: cancel_bookings.get_untracked(),
        });
    };
    view! {
        <section class="card" aria-labelledby="closures-title">
            <h2 id="closures-title">{t(BookMsg::Closures)}</h2>
            <ul class="closure-list">
                {venue.detail.closures.iter().map(|c| {
                    let c = c.clone();
                    let cid = c.id;
                    view! {
                        <li>
                            {tf(BookMsg::ClosureLine, move || vec![("from", c.first_day.clone()), ("to", c.last_day.clone()), ("reason", c.reason.get(lang().tag()).to_owned())])}
                            " " <button type="button" class="button secondary small" on:click=move |_| { reopen.dispatch_local(cid); } disabled=move || reopen.pending().get()>{t(BookMsg::RemoveClosure)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="form" on:submit=submit>
                <h3>{t(BookMsg::AddClosure)}</h3>
                <div class="field"><label for="closure-first">{t(BookMsg::FirstDay)}</label>
                    <input id="closure-first" type="date" bind:value=first /></div>
                <div class="field"><label for="closure-last">{t(BookMsg::LastDay)}</label>
                    <input id="closure-last" type="date" bind:value=last /></div>
                <div class="field"><label for="closure-reason">{t(BookMsg::ClosureReason)}</label>
                    <input id="closure-reason" type="text" maxlength="200" bind:value=reason /></div>
                <CheckField id="closure-cancel" label=BookMsg::CancelAffected value=cancel_bookings />
                <button type="submit" class="button" disabled=move || close.pending().get()>{t(BookMsg::SaveClosure)}</button>
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </form>
        </section>
    }
}
