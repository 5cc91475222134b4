//! `/directory/manage`: the services a staff member maintains, with links to edit them and to
//! the review queue.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{
        accounts::Role,
        directory::{ServiceRow, ServiceRowList},
    },
    ui::{
        components::{
            form::{FormError, page_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{DirMsg, Message, fill, lang, t},
    },
};

use super::{enc, long_date};

/// Editors' roles.
pub const EDITORS: &[Role] = &[Role::WorkstationStaff, Role::Admin];

/// The staff list of services in scope.
#[component]
pub fn DirectoryStaff() -> impl IntoView {
    view! {
        <RequireLogin roles=EDITORS>
            <StaffContent />
        </RequireLogin>
    }
}

#[component]
fn StaffContent() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<ServiceRow>::new());
    let cursor = RwSignal::new(None::<String>);
    let error: FormError = RwSignal::new(None);
    let fetch = page_action(error, rows, cursor, |l: ServiceRowList| {
        (l.items, l.next_cursor)
    });
    let loading = fetch.pending();
    let load = move |reset: bool| {
        let mut url = format!(
            "/api/v1/directory/services?limit=30&q={}",
            enc(&query.get_untracked())
        );
        if !reset && let Some(c) = cursor.get_untracked() {
            url.push_str(&format!("&cursor={c}"));
        }
        fetch.dispatch_local((url, reset));
    };
    load(true);
    view! {
        <section class="page admin dir-staff">
            <h1>{t(DirMsg::StaffTitle)}</h1>
            <p class="muted">{t(DirMsg::StaffLead)}</p>
            <p class="toolbar">
                <A href="/directory/review" attr:class="button secondary">{t(DirMsg::ReviewLink)}</A>
                <A href="/directory/misses" attr:class="button secondary">{t(DirMsg::MissesTitle)}</A>
                <A href="/directory/services/new" attr:class="button">{t(DirMsg::NewService)}</A>
            </p>
            <form class="toolbar" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(true); }>
                <label for="staff-q" class="visually-hidden">{t(DirMsg::SearchMine)}</label>
                <input id="staff-q" type="search" bind:value=query placeholder=t(DirMsg::SearchMine) />
                <button type="submit" class="button">{t(DirMsg::SearchButton)}</button>
            </form>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <ul class="user-list">
                <For each=move || rows.get() key=|r| (r.id, r.updated_at.clone()) let:row>
                    <StaffRow row />
                </For>
            </ul>
            <Show when=move || loading.get()><Loading /></Show>
            <Show when=move || !loading.get() && rows.with(Vec::is_empty) && error.with(Option::is_none)>
                <p class="muted">{t(DirMsg::NoneInScope)}</p>
            </Show>
            <Show when=move || cursor.with(Option::is_some)>
                <button type="button" class="button secondary" on:click=move |_| load(false) disabled=move || loading.get()>{t(DirMsg::NextPage)}</button>
            </Show>
        </section>
    }
}

/// One service in a staff list: name, region, verification, open reports.
#[component]
pub fn StaffRow(
    /// The service.
    row: ServiceRow,
) -> impl IntoView {
    let name = row.name.clone();
    let region = row.region.name.clone();
    let verified = row.last_verified_at.clone();
    view! {
        <li class="card user-row">
            <A href=format!("/directory/services/{}/edit", row.id)>
                <strong>{move || name.get(lang().tag()).to_owned()}</strong>
            </A>
            <span class="muted">{move || region.get(lang().tag()).to_owned()}</span>
            <span class="muted">{move || match &verified {
                Some(at) => fill(DirMsg::LastVerified.text(lang()), &[("date", long_date(at, lang()))]),
                None => DirMsg::NeverVerified.text(lang()).to_owned(),
            }}</span>
            {row.needs_review.then(|| view! { <span class="badge warn">{t(DirMsg::ReviewTitle)}</span> })}
            {(row.open_suggestions > 0).then(|| view! { <span class="badge">{row.open_suggestions} " " {t(DirMsg::Report)}</span> })}
        </li>
    }
}
