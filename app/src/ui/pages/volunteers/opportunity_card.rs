//! One shift in a list (linking to its page) and the buttons to sign up for it or withdraw.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::volunteers::{MyShift, Opportunity, OpportunityStatus, ShiftStatus},
    ui::{
        client::{self, ApiError},
        components::{form::form_action, status::ErrorNotice},
        i18n::{VolMsg, lang, t, tf},
        session::{login_href, use_session},
    },
};

use super::{
    has_passed, hours, instant_label, shift_status_class, shift_status_label, skill_name,
    span_label, text_of,
};

/// What, when, where, skills wanted, places left and the caller's place.
#[component]
pub fn OpportunityFacts(
    /// The shift.
    opportunity: Opportunity,
) -> impl IntoView {
    let o = opportunity;
    let (start, end) = (o.starts_at.clone(), o.ends_at.clone());
    let left = o.slots.saturating_sub(o.taken);
    let slots = o.slots;
    let open = matches!(o.status, OpportunityStatus::Open | OpportunityStatus::Full);
    view! {
        <p class="meta">
            <span class=shift_status_class(o.status)>{t(shift_status_label(o.status))}</span>
            {o.my_shift.clone().filter(|m| m.status == ShiftStatus::SignedUp).map(|m| view! { <MyShiftBadge shift=m /> })}
        </p>
        <p><strong>{move || span_label(&start, &end, lang())}</strong></p>
        <p class="muted">
            {text_of(o.place.clone())} " · " {text_of(o.community.name.clone())}
            {o.organizer.clone().map(|org| view! { " · " {text_of(org)} })}
        </p>
        <p class="meta">
            {if o.skills.is_empty() {
                view! { <span class="chip">{t(VolMsg::AnySkill)}</span> }.into_any()
            } else {
                o.skills.iter().map(|s| view! { <span class="chip">{skill_name(*s)}</span> }).collect_view().into_any()
            }}
            {open.then(|| view! {
                <span class="places">{tf(VolMsg::PlacesLeft, move || vec![("n", left.to_string()), ("slots", slots.to_string())])}</span>
            })}
        </p>
    }
}

/// The caller's place: signed up, checked in or out, hours confirmed.
#[component]
fn MyShiftBadge(
    /// The caller's place.
    shift: MyShift,
) -> impl IntoView {
    let label = match (
        &shift.confirmed_minutes,
        &shift.checked_out_at,
        &shift.checked_in_at,
    ) {
        (Some(_), _, _) => VolMsg::ShiftConfirmed,
        (None, Some(_), _) => VolMsg::ShiftCheckedOut,
        (None, None, Some(_)) => VolMsg::ShiftCheckedIn,
        _ => VolMsg::ShiftSignedUp,
    };
    let confirmed = shift.confirmed_minutes;
    view! {
        <span class="badge state-ok">
            {t(label)}
            {confirmed.map(|m| view! { " " {tf(VolMsg::HoursN, move || vec![("h", hours(m))])} })}
        </span>
    }
}

/// A card linking to `/opportunities/{id}` with the sign-up buttons.
#[component]
pub fn OpportunityCard(
    /// The shift.
    opportunity: Opportunity,
    /// Where the title links to, without the id.
    base: &'static str,
    /// Called after a sign-up or withdrawal (to load the list again); none: no buttons.
    #[prop(optional)]
    reload: Option<Callback<()>>,
) -> impl IntoView {
    let href = format!("{base}/{}", opportunity.id);
    let title = opportunity.title.clone();
    view! {
        <li class="card venue-card shift-card">
            <h2><A href=href>{text_of(title)}</A></h2>
            <OpportunityFacts opportunity=opportunity.clone() />
            {reload.map(|reload| view! { <SignupButtons opportunity reload /> })}
        </li>
    }
}

/// Sign up (when open and signed up for nothing), withdraw (before the sign-up closes), or
/// a link to log in first.
#[component]
pub fn SignupButtons(
    /// The shift.
    opportunity: Opportunity,
    /// Called after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let id = opportunity.id;
    let error = RwSignal::new(None::<ApiError>);
    let signed = opportunity
        .my_shift
        .as_ref()
        .is_some_and(|m| m.status == ShiftStatus::SignedUp);
    let closes = opportunity.signup_closes_at.clone();
    let closed = has_passed(&closes);
    let can_sign = !signed && !closed && opportunity.status == OpportunityStatus::Open;
    let can_leave = signed && !closed && opportunity.status != OpportunityStatus::Cancelled;
    // Signing up (`true`) or withdrawing (`false`).
    let signup = form_action(
        error,
        move |sign_up: bool| async move {
            let path = format!("/api/v1/opportunities/{id}/signup");
            if sign_up {
                client::post::<_, Opportunity>(&path, &serde_json::json!({}))
                    .await
                    .map(|_| ())
            } else {
                client::delete::<()>(&path).await
            }
        },
        move |()| reload.run(()),
    );
    let busy = signup.pending();
    let act = move |sign_up: bool| {
        signup.dispatch_local(sign_up);
    };
    view! {
        <div class="shift-actions">
            {move || if !session.logged_in() {
                (!closed).then(|| view! { <a class="button secondary" href=login_href()>{t(VolMsg::LoginToSignUp)}</a> }).into_any()
            } else {
                view! {
                    {can_sign.then(|| view! {
                        <button type="button" class="button" disabled=move || busy.get() on:click=move |_| act(true)>{t(VolMsg::SignUp)}</button>
                    })}
                    {can_leave.then(|| view! {
                        <button type="button" class="button secondary" disabled=move || busy.get() on:click=move |_| act(false)>{t(VolMsg::Withdraw)}</button>
                    })}
                }.into_any()
            }}
            {(!closed && opportunity.status == OpportunityStatus::Open).then(|| {
                let closes = closes.clone();
                view! { <p class="field-hint">{tf(VolMsg::SignupCloses, move || vec![("time", instant_label(&closes, lang()))])}</p> }
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </div>
    }
}
