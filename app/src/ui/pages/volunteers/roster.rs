//! `/staff/opportunities/:id`: a shift's roster for its social workers: checking volunteers
//! in and out (now, or at a time given for a paper list), confirming their hours (确认时长,
//! what puts hours in the ledger and the time bank), and cancelling the shift.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::volunteers::{
        AttendanceRequest, CheckAction, HoursEntry, Opportunity, OpportunityStatus, ReasonRequest,
        ShiftCheck, ShiftRoster, ShiftStatus, ShiftVolunteer,
    },
    ui::{
        client::{self, ApiError},
        components::{
            form::form_action,
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{VolMsg, lang, t, tf},
    },
};

use super::{
    SOCIAL_ROLES, hours, instant_label, local_instant, opportunity_card::OpportunityFacts, path_id,
    skill_name, text_of,
};

/// The page, for social workers and administrators.
#[component]
pub fn RosterPage() -> impl IntoView {
    view! {
        <RequireLogin roles=SOCIAL_ROLES>
            <RosterContent />
        </RequireLogin>
    }
}

#[component]
fn RosterContent() -> impl IntoView {
    let id = path_id();
    let roster = LocalResource::new(move || {
        let id = id();
        async move {
            client::get::<ShiftRoster>(&format!("/api/v1/staff/opportunities/{id}/signups")).await
        }
    });
    let reload = Callback::new(move |()| roster.refetch());
    view! {
        <section class="page volunteers roster">
            <p class="back"><A href="/staff/opportunities">{t(VolMsg::StaffShiftsTitle)}</A></p>
            <Transition fallback=Loading>
                {move || roster.get().map(|r| match r {
                    Ok(r) => view! { <Roster roster=r reload /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Roster(
    /// The shift and its volunteers.
    roster: ShiftRoster,
    /// Loads it again after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let o = roster.opportunity;
    let id = o.id;
    let at = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let step = form_action(
        error,
        move |(signup_id, action, at): (i64, Option<CheckAction>, Option<String>)| {
            roster_step(id, signup_id, action, at)
        },
        move |()| reload.run(()),
    );
    let signed: Vec<ShiftVolunteer> = roster
        .items
        .into_iter()
        .filter(|v| v.status == ShiftStatus::SignedUp)
        .collect();
    let live = o.status != OpportunityStatus::Cancelled;
    let ctx = RowContext { at, step };
    view! {
        <h1>{text_of(o.title.clone())}</h1>
        <OpportunityFacts opportunity=o.clone() />
        <section class="card" aria-labelledby="roster-title">
            <h2 id="roster-title">{t(VolMsg::RosterTitle)}</h2>
            {live.then(|| view! {
                <div class="field">
                    <label for="check-at">{t(VolMsg::CheckAt)}</label>
                    <p class="field-hint" id="check-at-hint">{t(VolMsg::CheckAtHint)}</p>
                    <input id="check-at" type="datetime-local" bind:value=at aria-describedby="check-at-hint" />
                </div>
            })}
            <div aria-live="polite">{move || error.get().map(|e| view! { <ErrorNotice error=e /> })}</div>
            {if signed.is_empty() {
                view! { <p class="muted">{t(VolMsg::NoSignups)}</p> }.into_any()
            } else {
                view! {
                    <ul class="venue-list roster-list">
                        {signed.into_iter().map(|v| view! { <RosterLine volunteer=v ctx live /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {live.then(|| view! { <CancelShift id reload /> })}
    }
}

/// Checks a volunteer of shift `id` in or out at `at` (now when `None`), or (`action` `None`)
/// confirms their hours.
async fn roster_step(
    id: i64,
    signup_id: i64,
    action: Option<CheckAction>,
    at: Option<String>,
) -> Result<(), ApiError> {
    match action {
        Some(action) => {
            let body = ShiftCheck {
                signup_id,
                action,
                at,
            };
            let path = format!("/api/v1/staff/opportunities/{id}/checkins");
            client::post::<_, ShiftVolunteer>(&path, &body)
                .await
                .map(|_| ())
        }
        None => {
            let body = AttendanceRequest {
                signup_id,
                ..Default::default()
            };
            let path = format!("/api/v1/staff/opportunities/{id}/attendance");
            client::post::<_, HoursEntry>(&path, &body)
                .await
                .map(|_| ())
        }
    }
}

/// What every line's buttons share: the time given for a paper list, and the one action that
/// takes a volunteer a step further (one at a time).
#[derive(Clone, Copy)]
struct RowContext {
    at: RwSignal<String>,
    step: Action<(i64, Option<CheckAction>, Option<String>), ()>,
}

impl RowContext {
    /// Checks a volunteer in or out, or (`None`) confirms their hours.
    fn act(self, signup_id: i64, action: Option<CheckAction>) {
        let at = local_instant(&self.at.get_untracked());
        self.step.dispatch_local((signup_id, action, at));
    }
}

/// A volunteer: who, skills, arrival and departure, hours confirmed; the next step's button.
#[component]
fn RosterLine(
    /// The volunteer's place.
    volunteer: ShiftVolunteer,
    /// The shared state of the buttons.
    ctx: RowContext,
    /// The shift is not cancelled.
    live: bool,
) -> impl IntoView {
    let v = volunteer;
    let sid = v.signup_id;
    let (inn, out) = (v.checked_in_at.clone(), v.checked_out_at.clone());
    let confirmed = v.confirmed_minutes;
    let step = match (&inn, &out, confirmed) {
        (_, _, Some(_)) => None,
        (None, _, None) => Some((VolMsg::CheckIn, Some(CheckAction::In))),
        (Some(_), None, None) => Some((VolMsg::CheckOut, Some(CheckAction::Out))),
        (Some(_), Some(_), None) => Some((VolMsg::ConfirmHours, None)),
    };
    let name = v.name.clone();
    view! {
        <li class="card roster-line">
            <h3>{v.name.clone()} " " <span class="muted">{v.phone.clone()}</span></h3>
            <p class="meta">{v.skills.iter().map(|s| view! { <span class="chip">{skill_name(*s)}</span> }).collect_view()}</p>
            <dl class="facts">
                <dt>{t(VolMsg::CheckedInAt)}</dt>
                <dd>{move || inn.as_deref().map_or_else(|| "–".to_owned(), |i| instant_label(i, lang()))}</dd>
                <dt>{t(VolMsg::CheckedOutAt)}</dt>
                <dd>{move || out.as_deref().map_or_else(|| "–".to_owned(), |o| instant_label(o, lang()))}</dd>
                <dt>{t(VolMsg::ConfirmedCol)}</dt>
                <dd>{confirmed.map_or_else(|| "–".to_owned(), hours)}</dd>
            </dl>
            {step.filter(|_| live).map(|(label, action)| view! {
                <button type="button" class="button" disabled=move || ctx.step.pending().get()
                    on:click=move |_| ctx.act(sid, action)>
                    {t(label)}<span class="visually-hidden">" " {name.clone()}</span>
                </button>
            })}
            {confirmed.map(|m| view! { <p class="status ok">{tf(VolMsg::HoursConfirmed, move || vec![("h", hours(m))])}</p> })}
        </li>
    }
}

/// Cancels the shift with a reason told to everyone signed up.
#[component]
fn CancelShift(
    /// The shift's id.
    id: i64,
    /// Loads the page again.
    reload: Callback<()>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let cancel = form_action(
        error,
        move |body: ReasonRequest| async move {
            let path = format!("/api/v1/staff/opportunities/{id}/cancel");
            client::post::<_, Opportunity>(&path, &body).await
        },
        move |_| reload.run(()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        cancel.dispatch_local(ReasonRequest {
            reason: reason.get_untracked().trim().to_owned(),
        });
    };
    view! {
        <details class="card">
            <summary>{t(VolMsg::CancelShift)}</summary>
            <form on:submit=submit>
                <p class="field-hint">{t(VolMsg::CancelShiftHint)}</p>
                <div class="field">
                    <label for="cancel-reason">{t(VolMsg::ReasonLabel)}</label>
                    <textarea id="cancel-reason" rows="2" required bind:value=reason></textarea>
                </div>
                <button type="submit" class="button secondary" disabled=move || cancel.pending().get()>{t(VolMsg::CancelShiftConfirm)}</button>
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </form>
        </details>
    }
}
