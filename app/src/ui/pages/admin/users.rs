//! The list of users in the administrator's region, with search.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::accounts::{Role, UserList, UserSummary},
    ui::{
        components::{
            form::{FormError, page_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{AccMsg, t},
        pages::account::role_label,
    },
};

use super::{notices::AdminNoticeBanner, status_label};

/// Search and browse users; each links to its detail page.
#[component]
pub fn AdminUsers() -> impl IntoView {
    view! {
        <RequireLogin roles=&[Role::Admin]>
            <UsersContent />
        </RequireLogin>
    }
}

#[component]
fn UsersContent() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let submitted = RwSignal::new((String::new(), String::new()));
    let pages = RwSignal::new(Vec::<UserSummary>::new());
    let cursor = RwSignal::new(None::<String>);
    let error: FormError = RwSignal::new(None);
    let read = page_action(error, pages, cursor, |l: UserList| (l.items, l.next_cursor));
    let loading = read.pending();

    let load = move |reset: bool| {
        let (q, st) = submitted.get_untracked();
        let after = if reset { None } else { cursor.get_untracked() };
        let mut url = format!(
            "/api/v1/admin/users?limit=20&q={}",
            String::from(js_sys::encode_uri_component(&q))
        );
        if !st.is_empty() {
            url.push_str(&format!("&status={st}"));
        }
        if let Some(c) = after {
            url.push_str(&format!("&cursor={c}"));
        }
        read.dispatch_local((url, reset));
    };
    load(true);
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set((query.get_untracked(), status.get_untracked()));
        load(true);
    };
    view! {
        <section class="page admin">
            <h1>{t(AccMsg::AdminUsers)}</h1>
            <AdminNoticeBanner />
            <form class="toolbar" role="search" on:submit=on_search>
                <label for="user-q" class="visually-hidden">{t(AccMsg::SearchUsersLabel)}</label>
                <input id="user-q" type="search" bind:value=query placeholder=t(AccMsg::SearchUsersLabel) />
                <label for="user-status" class="visually-hidden">{t(AccMsg::Status)}</label>
                <select id="user-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">{t(AccMsg::StatusAny)}</option>
                    <option value="active">{t(AccMsg::StatusActive)}</option>
                    <option value="disabled">{t(AccMsg::StatusDisabled)}</option>
                    <option value="deleted">{t(AccMsg::StatusDeleted)}</option>
                </select>
                <button type="submit" class="button">{t(AccMsg::Search)}</button>
            </form>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <ul class="user-list">
                <For each=move || pages.get() key=|u| u.id let:user>
                    <li class="card user-row">
                        <A href=format!("/admin/users/{}", user.id)>
                            <strong>{user.display_name.clone()}</strong>
                        </A>
                        <span class="muted">{user.phone.clone()}</span>
                        <span class=format!("badge status-{}", user.status.as_str())>{t(status_label(user.status))}</span>
                        <span class="roles-inline">
                            {user.roles.iter().filter(|g| g.role.is_staff()).map(|g| view! { <span class="chip">{t(role_label(g.role))}</span> }).collect_view()}
                        </span>
                    </li>
                </For>
            </ul>
            <Show when=move || loading.get()><Loading /></Show>
            <Show when=move || !loading.get() && pages.with(Vec::is_empty) && error.with(Option::is_none)>
                <p class="muted">{t(AccMsg::NoResults)}</p>
            </Show>
            <Show when=move || cursor.with(Option::is_some)>
                <button type="button" class="button secondary" disabled=move || loading.get() on:click=move |_| load(false)>{t(AccMsg::LoadMore)}</button>
            </Show>
        </section>
    }
}
