//! `/staff/volunteers`: for social workers, the applications to approve or decline, the
//! approved volunteers with their hours and stars, corrections of the hours ledger and hours
//! granted to residents in hardship.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::volunteers::{ReasonRequest, StaffVolunteer, StaffVolunteerList},
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
    SOCIAL_ROLES, hours, instant_label, query_string, skill_name,
    staff_volunteers_forms::{CorrectionForm, GrantForm, ScopeSelect},
    text_of,
};

/// The page, for social workers and administrators.
#[component]
pub fn StaffVolunteers() -> impl IntoView {
    view! {
        <RequireLogin roles=SOCIAL_ROLES>
            <StaffVolunteersContent />
        </RequireLogin>
    }
}

/// The social workers' links between their pages.
#[component]
pub fn StaffLinks() -> impl IntoView {
    view! {
        <nav class="actions" aria-label=t(VolMsg::StaffNav)>
            <A href="/staff/volunteers">{t(VolMsg::StaffVolunteersTitle)}</A>
            <A href="/staff/opportunities">{t(VolMsg::StaffShiftsTitle)}</A>
            <A href="/staff/help-requests">{t(VolMsg::StaffHelpTitle)}</A>
            <A href="/staff/volunteers/report">{t(VolMsg::ReportTitle)}</A>
        </nav>
    }
}

/// The approved volunteers of a region, or the error.
pub type Approved = LocalResource<Result<StaffVolunteerList, ApiError>>;

/// The approved volunteers of `region` (all of the caller's when empty).
pub fn approved_volunteers(region: RwSignal<String>, version: RwSignal<u32>) -> Approved {
    LocalResource::new(move || {
        version.track();
        let path = format!(
            "/api/v1/staff/volunteers?{}",
            query_string(&[("region", region.get()), ("status", "approved".to_owned())])
        );
        async move { client::get::<StaffVolunteerList>(&path).await }
    })
}

#[component]
fn StaffVolunteersContent() -> impl IntoView {
    let region = RwSignal::new(String::new());
    let version = RwSignal::new(0_u32);
    let pending = LocalResource::new(move || {
        version.track();
        let path = format!(
            "/api/v1/staff/volunteers?{}",
            query_string(&[("region", region.get()), ("status", "pending".to_owned())])
        );
        async move { client::get::<StaffVolunteerList>(&path).await }
    });
    let approved = approved_volunteers(region, version);
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <section class="page volunteers staff">
            <h1>{t(VolMsg::StaffVolunteersTitle)}</h1>
            <StaffLinks />
            <div class="filters card"><ScopeSelect id="vol-region" value=region /></div>
            <section class="card" aria-labelledby="pending-title">
                <h2 id="pending-title">{t(VolMsg::Applications)}</h2>
                <Transition fallback=Loading>
                    {move || pending.get().map(|r| match r {
                        Ok(l) if l.items.is_empty() => view! { <p class="muted">{t(VolMsg::NoApplications)}</p> }.into_any(),
                        Ok(l) => view! {
                            <ul class="venue-list">
                                {l.items.into_iter().map(|v| view! { <Applicant volunteer=v reload /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    })}
                </Transition>
            </section>
            <section class="card" aria-labelledby="approved-title">
                <h2 id="approved-title">{t(VolMsg::VolunteersList)}</h2>
                <Transition fallback=Loading>
                    {move || approved.get().map(|r| match r {
                        Ok(l) => view! { <VolunteerTable list=l /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    })}
                </Transition>
            </section>
            <CorrectionForm approved reload />
            <GrantForm />
        </section>
    }
}

/// An application: who, skills, languages, availability, communities; approve or decline.
#[component]
fn Applicant(
    /// The applicant.
    volunteer: StaffVolunteer,
    /// Loads the lists again.
    reload: Callback<()>,
) -> impl IntoView {
    let v = volunteer;
    let id = v.id;
    let p = v.profile.clone();
    let applied = p.applied_at.clone();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let decision = form_action(
        error,
        |(path, body): (String, serde_json::Value)| async move {
            client::post::<_, StaffVolunteer>(&path, &body).await
        },
        move |_| reload.run(()),
    );
    let busy = decision.pending();
    let decide = move |approve: bool| {
        let (path, body) = if approve {
            (
                format!("/api/v1/staff/volunteers/{id}/approve"),
                serde_json::json!({}),
            )
        } else {
            let body = ReasonRequest {
                reason: reason.get_untracked().trim().to_owned(),
            };
            (
                format!("/api/v1/staff/volunteers/{id}/decline"),
                serde_json::json!(body),
            )
        };
        decision.dispatch_local((path, body));
    };
    let reason_id = format!("decline-reason-{id}");
    view! {
        <li class="card applicant">
            <h3>{v.name.clone()} " " <span class="muted">{v.phone.clone()}</span></h3>
            <dl class="facts">
                <dt>{t(VolMsg::Skills)}</dt>
                <dd>{p.skills.iter().map(|s| view! { <span class="chip">{skill_name(*s)}</span> }).collect_view()}</dd>
                <dt>{t(VolMsg::Languages)}</dt><dd>{p.languages.join("、")}</dd>
                <dt>{t(VolMsg::Availability)}</dt><dd>{p.availability.clone()}</dd>
                <dt>{t(VolMsg::Communities)}</dt>
                <dd>{p.communities.iter().map(|c| view! { <span class="chip">{text_of(c.name.clone())}</span> }).collect_view()}</dd>
                <dt>{t(VolMsg::AppliedAt)}</dt><dd>{move || instant_label(&applied, lang())}</dd>
            </dl>
            <p class="actions">
                <button type="button" class="button" disabled=move || busy.get() on:click=move |_| decide(true)>{t(VolMsg::Approve)}</button>
            </p>
            <details>
                <summary>{t(VolMsg::Decline)}</summary>
                <div class="field">
                    <label for=reason_id.clone()>{t(VolMsg::DeclineReason)}</label>
                    <textarea id=reason_id rows="2" bind:value=reason></textarea>
                </div>
                <button type="button" class="button secondary" disabled=move || busy.get() on:click=move |_| decide(false)>{t(VolMsg::DeclineConfirm)}</button>
            </details>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </li>
    }
}

/// The approved volunteers with their hours and star level.
#[component]
fn VolunteerTable(
    /// The volunteers.
    list: StaffVolunteerList,
) -> impl IntoView {
    if list.items.is_empty() {
        return view! { <p class="muted">{t(VolMsg::NoVolunteers)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t(VolMsg::VolunteersList)>
            <table class="data">
                <caption class="visually-hidden">{t(VolMsg::VolunteersList)}</caption>
                <thead><tr>
                    <th scope="col">{t(VolMsg::VolunteerName)}</th>
                    <th scope="col">{t(VolMsg::Skills)}</th>
                    <th scope="col" class="num">{t(VolMsg::HoursCol)}</th>
                    <th scope="col" class="num">{t(VolMsg::StarLevel)}</th>
                </tr></thead>
                <tbody>
                    {list.items.into_iter().map(|v| {
                        let level = v.star_level;
                        view! {
                            <tr>
                                <th scope="row" class="wrap">
                                    {v.name.clone()} <br /> <span class="muted">{v.phone.clone()} " · #" {v.id}</span>
                                </th>
                                <td class="wrap">{v.profile.skills.iter().map(|s| view! { <span class="chip">{skill_name(*s)}</span> }).collect_view()}</td>
                                <td class="num">{hours(v.confirmed_minutes)}</td>
                                <td class="num">{tf(VolMsg::StarsN, move || vec![("n", level.to_string())])}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
