//! One search result: a service at a place, with its open-now badge.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::directory::{ServiceHit, ServiceStatus},
    ui::i18n::{DirMsg, lang, t},
};

use super::open_badge::OpenBadge;

/// A result card linking to the service page.
#[component]
pub fn HitCard(
    /// The hit.
    hit: ServiceHit,
) -> impl IntoView {
    let href = format!("/services/{}", hit.id);
    let name = hit.name.clone();
    let org = hit.organization.clone();
    let place = hit.location.name.clone();
    let address = hit.location.address.clone();
    let district = hit.location.district.clone();
    let summary = hit.summary.clone();
    let categories = hit.categories.clone();
    view! {
        <li class="card dir-hit">
            <h2 class="dir-hit-name"><A href=href>{move || name.get(lang().tag()).to_owned()}</A></h2>
            <p class="dir-hit-org">{move || org.get(lang().tag()).to_owned()}
                " · " {move || place.get(lang().tag()).to_owned()}</p>
            <p class="dir-hit-address">
                {move || address.get(lang().tag()).to_owned()}
                {district.map(|d| view! { <span class="muted">" · " {move || d.name.get(lang().tag()).to_owned()}</span> })}
            </p>
            <p class="dir-hit-summary muted">{move || summary.get(lang().tag()).to_owned()}</p>
            <p class="dir-hit-badges">
                <OpenBadge status=hit.open.clone() />
                {hit.is_free.then(|| view! { <span class="badge free">{t(DirMsg::Free)}</span> })}
                {(hit.status == ServiceStatus::TemporarilyClosed).then(|| view! { <span class="badge warn">{t(DirMsg::TemporarilyClosed)}</span> })}
                {categories.into_iter().map(|c| view! { <span class="chip">{move || c.name.get(lang().tag()).to_owned()}</span> }).collect_view()}
            </p>
        </li>
    }
}
