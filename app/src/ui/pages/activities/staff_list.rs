//! `/staff/activities`: the activities of the staff member's regions, drafts included, with
//! the way to a new one and to the attendance report.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::activities::{Activity, ActivityList},
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{ActMsg, t},
    },
};

use super::{
    STAFF_ROLES, card::ActivityCard, list::audience_terms, query_string, scope::ScopeSelect,
};

/// The statuses staff filter by (full and finished are published ones).
const STATUSES: [(&str, ActMsg); 4] = [
    ("", ActMsg::AnyStatus),
    ("draft", ActMsg::StatusDraft),
    ("published", ActMsg::StatusPublished),
    ("cancelled", ActMsg::StatusCancelled),
];

/// The page, for organisers.
#[component]
pub fn StaffActivities() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <StaffListContent />
        </RequireLogin>
    }
}

#[component]
fn StaffListContent() -> impl IntoView {
    let status = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<Activity>::new());
    let cursor = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<client::ApiError>);
    let loading = RwSignal::new(false);
    let audiences = audience_terms();
    let load = move |reset: bool| {
        let path = format!(
            "/api/v1/staff/activities?{}",
            query_string(&[
                ("limit", "30".to_owned()),
                ("status", status.get_untracked()),
                ("region", region.get_untracked()),
                ("from", from.get_untracked()),
                (
                    "cursor",
                    if reset {
                        String::new()
                    } else {
                        cursor.get_untracked().unwrap_or_default()
                    }
                ),
            ])
        );
        loading.set(true);
        leptos::task::spawn_local(async move {
            match client::get::<ActivityList>(&path).await {
                Ok(list) => {
                    if reset {
                        items.set(list.items);
                    } else {
                        items.update(|v| v.extend(list.items));
                    }
                    cursor.set(list.next_cursor);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    load(true);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load(true);
    };
    view! {
        <section class="page activities staff">
            <h1>{t(ActMsg::StaffTitle)}</h1>
            <p class="actions">
                <A href="/staff/activities/new" attr:class="button">{t(ActMsg::NewActivity)}</A>
                <A href="/staff/activities/report" attr:class="button secondary">{t(ActMsg::ReportTitle)}</A>
            </p>
            <form class="filters card" role="search" aria-label=t(ActMsg::Filters) on:submit=on_submit>
                <div class="field">
                    <label for="staff-status">{t(ActMsg::Status)}</label>
                    <select id="staff-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        {STATUSES.into_iter().map(|(code, label)| view! {
                            <option value=code selected=move || status.get() == code>{t(label)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <ScopeSelect id="staff-region" value=region />
                <div class="field">
                    <label for="staff-from">{t(ActMsg::From)}</label>
                    <input id="staff-from" type="date" bind:value=from />
                </div>
                <button type="submit" class="button">{t(ActMsg::ApplyFilters)}</button>
            </form>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <ul class="venue-list" aria-busy=move || loading.get().to_string()>
                <For each=move || items.get() key=|a| (a.id, a.status) let:a>
                    <ActivityCard base="/staff/activities" activity=a audiences />
                </For>
            </ul>
            <Show when=move || loading.get()><Loading /></Show>
            <Show when=move || !loading.get() && items.with(Vec::is_empty) && error.with(Option::is_none)>
                <p class="muted">{t(ActMsg::NoActivities)}</p>
            </Show>
            <Show when=move || cursor.with(Option::is_some) && !loading.get()>
                <button type="button" class="button secondary" on:click=move |_| load(false)>{t(ActMsg::More)}</button>
            </Show>
        </section>
    }
}
