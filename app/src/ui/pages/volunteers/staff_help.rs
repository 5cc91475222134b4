//! `/staff/help-requests`: for social workers, posting a request for an elder (by their phone
//! number), and the requests of their regions: matching an open one to a volunteer, closing a
//! matched one with the minutes served (which move between the two balances).
use leptos::prelude::*;

use crate::{
    api::volunteers::{CompleteHelp, HelpRequest, HelpRequestList, HelpStatus, MatchRequest},
    ui::{
        client::ApiError,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{VolMsg, t},
    },
};

use super::{
    SOCIAL_ROLES,
    help::HelpCard,
    help::help_action,
    help_form::HelpRequestForm,
    help_status_label, query_string,
    staff_volunteers::{Approved, StaffLinks, approved_volunteers},
    staff_volunteers_forms::{ScopeSelect, VolunteerPicker},
};

/// The page, for social workers and administrators.
#[component]
pub fn StaffHelp() -> impl IntoView {
    view! {
        <RequireLogin roles=SOCIAL_ROLES>
            <StaffHelpContent />
        </RequireLogin>
    }
}

#[component]
fn StaffHelpContent() -> impl IntoView {
    let region = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let version = RwSignal::new(0_u32);
    let list = LocalResource::new(move || {
        version.track();
        let path = format!(
            "/api/v1/staff/help-requests?{}",
            query_string(&[("region", region.get()), ("status", status.get())])
        );
        async move { crate::ui::client::get::<HelpRequestList>(&path).await }
    });
    let approved = approved_volunteers(region, version);
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <section class="page volunteers staff">
            <h1>{t(VolMsg::StaffHelpTitle)}</h1>
            <StaffLinks />
            <details class="card">
                <summary>{t(VolMsg::StaffHelpForm)}</summary>
                <HelpRequestForm staff=true done=Callback::new(move |_| reload.run(())) />
            </details>
            <div class="filters card">
                <ScopeSelect id="help-region" value=region />
                <div class="field">
                    <label for="help-status">{t(VolMsg::Status)}</label>
                    <select id="help-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">{t(VolMsg::AnyStatus)}</option>
                        {HelpStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{t(help_status_label(*s))}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.items.is_empty() => view! { <p class="muted">{t(VolMsg::NoRequests)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="venue-list">
                            {l.items.into_iter().map(|r| view! { <StaffHelpCard request=r approved reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// A request with "match" (open) or "done" with the minutes served (matched).
#[component]
fn StaffHelpCard(
    /// The request.
    request: HelpRequest,
    /// The approved volunteers to match with.
    approved: Approved,
    /// Loads the list again.
    reload: Callback<()>,
) -> impl IntoView {
    let id = request.id;
    let status = request.status;
    let volunteer = RwSignal::new(String::new());
    let minutes = RwSignal::new(request.minutes.to_string());
    let error = RwSignal::new(None::<ApiError>);
    // Matching and completing: one action, so one change at a time.
    let act = help_action(error, move |_| reload.run(()));
    let busy = act.pending();
    let do_match = move |_| {
        let body = MatchRequest {
            volunteer_id: volunteer.get_untracked().parse().unwrap_or(0),
        };
        let path = format!("/api/v1/staff/help-requests/{id}/match");
        act.dispatch_local((path, serde_json::json!(body)));
    };
    let complete = move |_| {
        let body = CompleteHelp {
            minutes: minutes.get_untracked().trim().parse().unwrap_or(0),
        };
        let path = format!("/api/v1/staff/help-requests/{id}/complete");
        act.dispatch_local((path, serde_json::json!(body)));
    };
    let minutes_id = format!("served-{id}");
    view! {
        <HelpCard request>
            {(status == HelpStatus::Open).then(|| view! {
                <VolunteerPicker id=format!("match-{id}") approved value=volunteer />
                <button type="button" class="button" disabled=move || busy.get() on:click=do_match>{t(VolMsg::Match)}</button>
            })}
            {(status == HelpStatus::Matched).then(|| view! {
                <div class="field">
                    <label for=minutes_id.clone()>{t(VolMsg::MinutesServed)}</label>
                    <input id=minutes_id.clone() type="number" inputmode="numeric" min="1" max="720" bind:value=minutes />
                </div>
                <button type="button" class="button" disabled=move || busy.get() on:click=complete>{t(VolMsg::Complete)}</button>
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </HelpCard>
    }
}
