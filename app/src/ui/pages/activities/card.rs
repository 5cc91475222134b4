//! One activity in a list: what, when, where, for whom, places and cost, the caller's place.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{
        activities::{Activity, ActivityStatus, SignupStatus},
        directory::Term,
    },
    ui::i18n::{ActMsg, lang, t, tf},
};

use super::{kind_label, signup_class, signup_label, span_label, status_class, status_label};

/// The name of an audience code, from the directory's list (the code until it is loaded).
pub fn audience_name(all: &[Term], code: &str) -> String {
    all.iter()
        .find(|a| a.code == code)
        .map_or_else(|| code.to_owned(), |a| a.name.get(lang().tag()).to_owned())
}

/// Places left, full with the waitlist, or nothing once it is over.
#[component]
pub fn PlacesLine(
    /// The activity.
    activity: Activity,
) -> impl IntoView {
    let (left, capacity, waiting) = (activity.places_left, activity.capacity, activity.waitlisted);
    match activity.status {
        ActivityStatus::Published | ActivityStatus::Draft => view! {
            <span class="places">{tf(ActMsg::PlacesLeft, move || vec![("n", left.to_string()), ("capacity", capacity.to_string())])}</span>
        }
        .into_any(),
        ActivityStatus::Full => view! {
            <span class="places warning">{tf(ActMsg::FullWaitlist, move || vec![("n", waiting.to_string())])}</span>
        }
        .into_any(),
        ActivityStatus::Finished | ActivityStatus::Cancelled => ().into_any(),
    }
}

/// The cost, or 免费.
pub fn cost_text(activity: &Activity) -> impl Fn() -> String + use<> {
    let cost = activity.cost.clone();
    move || match &cost {
        Some(c) if !c.zh.trim().is_empty() => c.get(lang().tag()).to_owned(),
        _ => t(ActMsg::Free)().to_owned(),
    }
}

/// A card linking to `{base}/{id}`.
#[component]
pub fn ActivityCard(
    /// The activity.
    activity: Activity,
    /// Where the title links to, without the id: `/activities` or `/staff/activities`.
    base: &'static str,
    /// The directory's audiences, for their names.
    audiences: Signal<Vec<Term>>,
) -> impl IntoView {
    let a = activity.clone();
    let href = format!("{base}/{}", a.id);
    let title = a.title.clone();
    let place = a.place.clone();
    let community = a.community.name.clone();
    let (start, end) = (a.starts_at.clone(), a.ends_at.clone());
    let codes = a.audiences.clone();
    let cost = cost_text(&a);
    let mine = a
        .my_signup
        .clone()
        .filter(|m| m.status != SignupStatus::Cancelled);
    view! {
        <li class="card venue-card activity-card">
            <h2><A href=href>{move || title.get(lang().tag()).to_owned()}</A></h2>
            <p class="meta">
                <span class=status_class(a.status)>{t(status_label(a.status))}</span>
                <span class="chip">{t(kind_label(a.kind))}</span>
                {mine.map(|m| {
                    let position = m.waitlist_position.unwrap_or(0);
                    view! {
                        <span class=signup_class(m.status)>
                            {t(signup_label(m.status))}
                            {(m.status == SignupStatus::Waitlisted).then(|| view! {
                                " " {tf(ActMsg::WaitPosition, move || vec![("n", position.to_string())])}
                            })}
                        </span>
                    }
                })}
            </p>
            <p><strong>{move || span_label(&start, &end, lang())}</strong></p>
            <p class="muted">
                {move || place.get(lang().tag()).to_owned()}
                " · "
                {move || community.get(lang().tag()).to_owned()}
            </p>
            <p class="meta">
                <PlacesLine activity=activity />
                <span class="cost">{cost}</span>
            </p>
            {(!codes.is_empty()).then(|| view! {
                <p class="meta">
                    <span class="muted">{t(ActMsg::Audiences)}</span>
                    {codes.into_iter().map(|c| view! {
                        <span class="chip audience">{move || audiences.with(|all| audience_name(all, &c))}</span>
                    }).collect_view()}
                </p>
            })}
        </li>
    }
}
