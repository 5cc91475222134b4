//! Everything about one activity, as residents and staff both read it.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{activities::Activity, directory::Term},
    ui::i18n::{ActMsg, fixed, lang, t, tf},
};

use super::{
    card::{audience_name, cost_text},
    has_passed, instant_label, kind_label, span_label,
};

/// When, where, who organises it, for whom, places, cost, the sign-up window, accessibility,
/// the rating, then the description.
#[component]
pub fn ActivityFacts(
    /// The activity.
    activity: Activity,
    /// The directory's audiences, for their names.
    audiences: Signal<Vec<Term>>,
) -> impl IntoView {
    let a = activity;
    let (start, end) = (a.starts_at.clone(), a.ends_at.clone());
    let place = a.place.clone();
    let community = a.community.name.clone();
    let organizer = a
        .organizer
        .clone()
        .unwrap_or_else(|| a.community.name.clone());
    let codes = a.audiences.clone();
    let (capacity, left, waiting) = (a.capacity, a.places_left, a.waitlisted);
    let companions = a.max_companions;
    let accessibility = a.accessibility.clone();
    let description = a.description.clone();
    view! {
        <dl class="facts">
            <dt>{t(ActMsg::When)}</dt>
            <dd>{move || span_label(&start, &end, lang())}</dd>
            <dt>{t(ActMsg::Place)}</dt>
            <dd>{move || place.get(lang().tag()).to_owned()}</dd>
            {a.venue.clone().map(|v| {
                let (href, name) = (format!("/venues/{}", v.id), v.name);
                view! {
                    <dt>{t(ActMsg::Venue)}</dt>
                    <dd><A href=href>{move || name.get(lang().tag()).to_owned()}</A></dd>
                }
            })}
            <dt>{t(ActMsg::Community)}</dt>
            <dd>{move || community.get(lang().tag()).to_owned()}</dd>
            <dt>{t(ActMsg::Organizer)}</dt>
            <dd>{move || organizer.get(lang().tag()).to_owned()}</dd>
            <dt>{t(ActMsg::Kind)}</dt>
            <dd>{t(kind_label(a.kind))}</dd>
            <dt>{t(ActMsg::Audiences)}</dt>
            <dd>{move || if codes.is_empty() {
                t(ActMsg::Everyone)().to_owned()
            } else {
                audiences.with(|all| codes.iter().map(|c| audience_name(all, c)).collect::<Vec<_>>().join(lang().pick("、", ", ")))
            }}</dd>
            <dt>{t(ActMsg::PlacesTitle)}</dt>
            <dd>
                {tf(ActMsg::PlacesLeft, move || vec![("n", left.to_string()), ("capacity", capacity.to_string())])}
                {(waiting > 0).then(|| view! { " · " {tf(ActMsg::Waiting, move || vec![("n", waiting.to_string())])} })}
            </dd>
            <dt>{t(ActMsg::CompanionsTitle)}</dt>
            <dd>{move || if companions == 0 {
                t(ActMsg::NoCompanions)().to_owned()
            } else {
                tf(ActMsg::UpToCompanions, move || vec![("n", companions.to_string())])()
            }}</dd>
            <dt>{t(ActMsg::Cost)}</dt>
            <dd>{cost_text(&a)}</dd>
            <dt>{t(ActMsg::SignupWindow)}</dt>
            <dd><SignupWindow activity=a.clone() /></dd>
            <dt>{t(ActMsg::Accessibility)}</dt>
            <dd>{move || match accessibility.get(lang().tag()) {
                "" => t(ActMsg::NotStated)().to_owned(),
                text => text.to_owned(),
            }}</dd>
            {a.rating_average.map(|avg| {
                let n = a.rating_count;
                view! {
                    <dt>{t(ActMsg::Rating)}</dt>
                    <dd>{tf(ActMsg::RatingLine, move || vec![("avg", fixed(avg, 1)), ("n", n.to_string())])}</dd>
                }
            })}
        </dl>
        {(!description.zh.trim().is_empty()).then(|| view! {
            <p class="activity-description">{move || description.get(lang().tag()).to_owned()}</p>
        })}
    }
}

/// "报名 11月20日 周五 09:00 开始，11月28日 周六 08:00 截止", or only the close.
#[component]
fn SignupWindow(
    /// The activity.
    activity: Activity,
) -> impl IntoView {
    let closes = activity.signup_closes_at.clone();
    let opens = activity.signup_opens_at.filter(|o| !has_passed(o));
    move || match &opens {
        Some(o) => {
            let (o, c) = (o.clone(), closes.clone());
            tf(ActMsg::SignupOpensCloses, move || {
                vec![
                    ("opens", instant_label(&o, lang())),
                    ("closes", instant_label(&c, lang())),
                ]
            })()
        }
        None => {
            let c = closes.clone();
            tf(ActMsg::SignupCloses, move || {
                vec![("closes", instant_label(&c, lang()))]
            })()
        }
    }
}
