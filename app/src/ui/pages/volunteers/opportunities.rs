//! `/opportunities` (志愿服务机会): the shifts volunteers can sign up for, by skill, dates and
//! region (the resident's home community to start with), and `/opportunities/:id`, one shift.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::volunteers::{Opportunity, OpportunityList, OpportunityStatus, Skill},
    ui::{
        client,
        components::status::{ErrorNotice, Loading},
        i18n::{VolMsg, t, tf},
        session::use_session,
    },
};

use super::{
    opportunity_card::{OpportunityCard, OpportunityFacts, SignupButtons},
    path_id, query_string, skill_name, text_of,
};

/// Filters and the matching shifts, soonest first.
#[component]
pub fn Opportunities() -> impl IntoView {
    let session = use_session();
    let region = RwSignal::new(String::new());
    let skill = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // Asked for on "filter", once the session is known (a resident sees their community).
    let asked = RwSignal::new(None::<String>);
    let ask = move || {
        asked.set(Some(format!(
            "/api/v1/opportunities?{}",
            query_string(&[
                ("region", region.get_untracked()),
                ("skill", skill.get_untracked()),
                ("from", from.get_untracked()),
                ("to", to.get_untracked()),
            ])
        )));
    };
    let home = move || {
        session
            .me
            .with(|m| m.as_ref().and_then(|m| m.home_community.clone()))
    };
    Effect::new(move |_| {
        if session.ready.get() && asked.with_untracked(Option::is_none) {
            if let Some(h) = home() {
                region.set(h.code);
            }
            ask();
        }
    });
    let list = LocalResource::new(move || {
        let path = asked.get();
        async move {
            match path {
                Some(p) => client::get::<OpportunityList>(&p).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let reload = Callback::new(move |()| list.refetch());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ask();
    };
    view! {
        <section class="page volunteers">
            <h1>{t(VolMsg::OpportunitiesTitle)}</h1>
            <p class="lead">{t(VolMsg::OpportunitiesLead)}</p>
            <p class="actions">
                <A href="/volunteer" attr:class="button secondary">{t(VolMsg::MineTitle)}</A>
                <A href="/help-requests" attr:class="button secondary">{t(VolMsg::HelpTitle)}</A>
            </p>
            <form class="filters card" role="search" aria-label=t(VolMsg::Filters) on:submit=on_submit>
                <div class="field">
                    <label for="opp-region">{t(VolMsg::Region)}</label>
                    <select id="opp-region" on:change=move |ev| region.set(event_target_value(&ev))>
                        {move || home().map(|h| {
                            let code = h.code.clone();
                            let chosen = code.clone();
                            view! { <option value=code selected=move || region.get() == chosen>{text_of(h.name)}</option> }
                        })}
                        <option value="" selected=move || region.with(String::is_empty)>{t(VolMsg::WholeCity)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="opp-skill">{t(VolMsg::Skill)}</label>
                    <select id="opp-skill" on:change=move |ev| skill.set(event_target_value(&ev))>
                        <option value="">{t(VolMsg::AnySkill)}</option>
                        {Skill::ALL.iter().map(|s| view! { <option value=s.as_str()>{skill_name(*s)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="opp-from">{t(VolMsg::From)}</label>
                    <input id="opp-from" type="date" bind:value=from />
                </div>
                <div class="field">
                    <label for="opp-to">{t(VolMsg::To)}</label>
                    <input id="opp-to" type="date" bind:value=to />
                </div>
                <button type="submit" class="button">{t(VolMsg::ApplyFilters)}</button>
            </form>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(Some(l)) if l.items.is_empty() => view! { <p class="muted">{t(VolMsg::NoOpportunities)}</p> }.into_any(),
                    Ok(Some(l)) => view! {
                        <ul class="venue-list">
                            {l.items.into_iter().map(|o| view! { <OpportunityCard opportunity=o base="/opportunities" reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(None) => view! { <Loading /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error retry=reload /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// One shift: what it is, when and where, and signing up.
#[component]
pub fn OpportunityPage() -> impl IntoView {
    let id = path_id();
    let one = LocalResource::new(move || {
        let id = id();
        async move { client::get::<Opportunity>(&format!("/api/v1/opportunities/{id}")).await }
    });
    let reload = Callback::new(move |()| one.refetch());
    view! {
        <section class="page volunteers shift">
            <p class="back"><A href="/opportunities">{t(VolMsg::BackToOpportunities)}</A></p>
            <Transition fallback=Loading>
                {move || one.get().map(|r| match r {
                    Ok(o) => view! { <ShiftDetail opportunity=o reload /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ShiftDetail(
    /// The shift.
    opportunity: Opportunity,
    /// Loads it again after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let o = opportunity;
    let reason = o
        .cancel_reason
        .clone()
        .filter(|_| o.status == OpportunityStatus::Cancelled);
    let description = o.description.clone();
    view! {
        <h1>{text_of(o.title.clone())}</h1>
        {reason.map(|reason| view! {
            <div class="status error" role="note">
                <p class="error-title">{t(VolMsg::ShiftCancelledBanner)}</p>
                <p>{tf(VolMsg::Reason, move || vec![("reason", reason.clone())])}</p>
            </div>
        })}
        <OpportunityFacts opportunity=o.clone() />
        {(!description.zh.trim().is_empty()).then(|| view! {
            <section class="card" aria-labelledby="shift-about">
                <h2 id="shift-about">{t(VolMsg::About)}</h2>
                <p class="activity-description">{text_of(description)}</p>
            </section>
        })}
        <section class="card" aria-labelledby="shift-signup">
            <h2 id="shift-signup">{t(VolMsg::SignupTitle)}</h2>
            <p class="field-hint">{t(VolMsg::SignupHint)}</p>
            <SignupButtons opportunity=o reload />
        </section>
    }
}
