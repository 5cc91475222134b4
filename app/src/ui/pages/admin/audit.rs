//! The audit log of the administrator's region.
use leptos::prelude::*;

use crate::{
    api::accounts::{AuditEntry, AuditList, Role},
    ui::{
        components::{
            form::{FormError, page_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{AccMsg, t},
    },
};

/// Newest first, filterable by action, with "load more".
#[component]
pub fn AdminAudit() -> impl IntoView {
    view! {
        <RequireLogin roles=&[Role::Admin]>
            <AuditContent />
        </RequireLogin>
    }
}

#[component]
fn AuditContent() -> impl IntoView {
    let action = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<AuditEntry>::new());
    let cursor = RwSignal::new(None::<String>);
    let error: FormError = RwSignal::new(None);
    let read = page_action(error, rows, cursor, |l: AuditList| (l.items, l.next_cursor));
    let loading = read.pending();
    let load = move |reset: bool| {
        let mut url = "/api/v1/admin/audit?limit=50".to_owned();
        let a = action.get_untracked();
        if !a.is_empty() {
            url.push_str(&format!(
                "&action={}",
                String::from(js_sys::encode_uri_component(&a))
            ));
        }
        if !reset && let Some(c) = cursor.get_untracked() {
            url.push_str(&format!("&cursor={c}"));
        }
        read.dispatch_local((url, reset));
    };
    load(true);
    view! {
        <section class="page admin">
            <h1>{t(AccMsg::AdminAudit)}</h1>
            <super::notices::AdminNoticeBanner />
            <form class="toolbar" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(true); }>
                <label for="audit-action">{t(AccMsg::Action)}</label>
                <select id="audit-action" on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="">{t(AccMsg::StatusAny)}</option>
                    {["personal_data.view", "role.grant", "role.revoke", "user.disable", "user.enable", "staff.login", "calendar.set"]
                        .into_iter().map(|a| view! { <option value=a>{a}</option> }).collect_view()}
                </select>
                <button type="submit" class="button">{t(AccMsg::Search)}</button>
            </form>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <div class="table-wrap" tabindex="0" role="region" aria-label=t(AccMsg::AdminAudit)>
                <table class="data">
                    <thead><tr>
                        <th scope="col">{t(AccMsg::Time)}</th>
                        <th scope="col">{t(AccMsg::Actor)}</th>
                        <th scope="col">{t(AccMsg::Action)}</th>
                        <th scope="col">{t(AccMsg::Subject)}</th>
                        <th scope="col">{t(AccMsg::Detail)}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || rows.get() key=|e| e.id let:entry>
                            <tr>
                                <td>{entry.at.replace('T', " ").chars().take(16).collect::<String>()}</td>
                                <td>{entry.actor.clone().unwrap_or_else(|| t(AccMsg::System)().to_owned())}</td>
                                <td><code>{entry.action.clone()}</code></td>
                                <td>{entry.subject.clone()}</td>
                                <td class="wrap">{entry.detail.clone()}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || loading.get()><Loading /></Show>
            <Show when=move || cursor.with(Option::is_some)>
                <button type="button" class="button secondary" disabled=move || loading.get() on:click=move |_| load(false)>{t(AccMsg::LoadMore)}</button>
            </Show>
        </section>
    }
}
