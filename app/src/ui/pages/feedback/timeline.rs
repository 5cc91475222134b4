//! The timeline of a case: public replies for residents, everything for staff.
use leptos::prelude::*;

use crate::{
    api::feedback::TimelineEntry,
    ui::{
        i18n::{lang, t},
        pages::feedback::{event_label, short_time},
    },
};

/// An ordered list of what happened, newest last.
#[component]
pub fn Timeline(
    /// The entries.
    entries: Vec<TimelineEntry>,
) -> impl IntoView {
    view! {
        <ol class="timeline">
            {entries
                .into_iter()
                .map(|e| {
                    let internal = !e.public;
                    let dept = e.department.as_ref().map(|d| d.name.clone());
                    view! {
                        <li class=format!("timeline-entry ev-{}", e.kind) class:internal=internal>
                            <p class="timeline-head">
                                <strong>{t(event_label(&e.kind))}</strong>
                                <time datetime=e.at.clone()>{short_time(&e.at)}</time>
                                {e.actor.clone().map(|a| view! { <span class="muted">{a}</span> })}
                                {dept.map(|d| view! { <span class="chip">{move || d.get(lang().tag()).to_owned()}</span> })}
                            </p>
                            {(!e.text.is_empty()).then(|| view! { <p class="timeline-text">{e.text.clone()}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
