//! `/staff/feedback`: the inbox with filters (status, category, place, overdue, text), and the
//! triage queue ("to place": Open311 requests that matched no community) as a second view.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::feedback::{CaseStatus, CategoryList, StaffCaseList, StaffCaseSummary},
    ui::{
        client,
        components::{
            form::{FormError, page_action},
            region_picker::RegionPicker,
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{AccMsg, FbMsg, lang, t, tf},
        pages::feedback::{FEEDBACK_STAFF, kind_label, short_time, status_label},
    },
};

/// The inbox, for staff only.
#[component]
pub fn StaffInbox() -> impl IntoView {
    view! {
        <RequireLogin roles=FEEDBACK_STAFF>
            <InboxContent />
        </RequireLogin>
    }
}

#[component]
fn InboxContent() -> impl IntoView {
    let status = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let overdue = RwSignal::new(false);
    let triage = RwSignal::new(false);
    let q = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<StaffCaseSummary>::new());
    let cursor = RwSignal::new(None::<String>);
    let error: FormError = RwSignal::new(None);
    let categories =
        LocalResource::new(|| client::get::<CategoryList>("/api/v1/feedback/categories"));
    let fetch = page_action(error, items, cursor, |l: StaffCaseList| {
        (l.items, l.next_cursor)
    });
    let loading = fetch.pending();

    let load = move |reset: bool| {
        let mut url = String::from("/api/v1/staff/feedback?limit=20");
        let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
        for (name, v) in [
            ("status", status.get_untracked()),
            ("category", category.get_untracked()),
            ("region", region.get_untracked()),
            ("q", q.get_untracked()),
        ] {
            if !v.trim().is_empty() {
                url.push_str(&format!("&{name}={}", enc(v.trim())));
            }
        }
        if overdue.get_untracked() {
            url.push_str("&overdue=true");
        }
        if triage.get_untracked() {
            url.push_str("&triage=true");
        }
        if !reset && let Some(c) = cursor.get_untracked() {
            url.push_str(&format!("&cursor={c}"));
        }
        fetch.dispatch_local((url, reset));
    };
    load(true);
    let on_filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load(true);
    };
    view! {
        <section class="page staff-inbox">
            <h1>{t(FbMsg::StaffInbox)}</h1>
            <p class="toolbar-links">
                <A href="/staff/feedback/stats">{t(FbMsg::Stats)}</A>" · "
                <A href="/staff/feedback/report">{t(FbMsg::Report)}</A>" · "
                <A href="/staff/feedback/templates">{t(FbMsg::TemplatesLink)}</A>
            </p>
            <div class="tabs" role="group" aria-label=t(FbMsg::InboxView)>
                {[(false, FbMsg::AllCases), (true, FbMsg::ToPlace)].into_iter().map(|(queue, label)| view! {
                    <button type="button" class="button secondary small"
                        aria-pressed=move || (triage.get() == queue).to_string()
                        on:click=move |_| { triage.set(queue); load(true); }>{t(label)}</button>
                }).collect_view()}
            </div>
            <Show when=move || triage.get()>
                <p class="muted">{t(FbMsg::ToPlaceIntro)}</p>
            </Show>
            <form class="filters card" role="search" aria-label=t(FbMsg::Filters) on:submit=on_filter>
                <div class="field">
                    <label for="f-status">{t(FbMsg::Status)}</label>
                    <select id="f-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">{t(FbMsg::AnyStatus)}</option>
                        {CaseStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{t(status_label(*s))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-category">{t(FbMsg::Category)}</label>
                    <select id="f-category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="">{t(FbMsg::AnyCategory)}</option>
                        {move || categories.get().and_then(|r| r.ok()).map(|l| l.items.into_iter().map(|c| {
                            let name = c.name.clone();
                            view! { <option value=c.code.clone()>{move || name.get(lang().tag()).to_owned()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <RegionPicker id="f-region" value=region error communities_only=false legend=AccMsg::Region />
                <div class="field">
                    <label for="f-q">{t(FbMsg::SearchText)}</label>
                    <input id="f-q" type="search" bind:value=q />
                </div>
                <label class="choice">
                    <input type="checkbox" prop:checked=move || overdue.get() on:change=move |ev| overdue.set(event_target_checked(&ev)) />
                    <span>{t(FbMsg::OnlyOverdue)}</span>
                </label>
                <button type="submit" class="button">{t(FbMsg::Apply)}</button>
            </form>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <ul class="case-list">
                <For each=move || items.get() key=|c| c.id let:c>
                    <li class="card case-row" class:is-overdue=c.overdue>
                        <A href=format!("/staff/feedback/{}", c.id)><strong>{c.title.clone()}</strong></A>
                        <p class="meta">
                            <span class=format!("badge status-{}", c.status.as_str())>{t(status_label(c.status))}</span>
                            {c.overdue.then(|| view! { <span class="badge overdue">{t(FbMsg::Overdue)}</span> })}
                            {(c.escalation_level > 0).then(|| view! { <span class="badge escalated">{t(FbMsg::Escalated)}</span> })}
                            {c.hidden.then(|| view! { <span class="badge">{t(FbMsg::Hidden)}</span> })}
                            {c.needs_placement.then(|| view! { <span class="badge triage">{t(FbMsg::ToPlace)}</span> })}
                            <span class="chip">{t(kind_label(c.kind))}</span>
                            <span class="muted">{let n = c.category.name.clone(); move || n.get(lang().tag()).to_owned()}</span>
                            <span class="muted">{let n = c.community.name.clone(); move || n.get(lang().tag()).to_owned()}</span>
                        </p>
                        <p class="meta muted">
                            <span>{short_time(&c.created_at)}</span>
                            {c.due_date.clone().map(|d| view! { <span>{t(FbMsg::Due)}": "{d}</span> })}
                            {(c.support_count > 0).then(|| { let n = c.support_count; view! { <span>{tf(FbMsg::SupportCount, move || vec![("n", n.to_string())])}</span> } })}
                        </p>
                    </li>
                </For>
            </ul>
            <Show when=move || loading.get()><Loading /></Show>
            <Show when=move || !loading.get() && items.with(Vec::is_empty) && error.with(Option::is_none)>
                <p class="muted">{move || if triage.get() { t(FbMsg::NoTriage)() } else { t(FbMsg::NoCases)() }}</p>
            </Show>
            <Show when=move || cursor.with(Option::is_some)>
                <button type="button" class="button secondary" on:click=move |_| load(false) disabled=move || loading.get()>{t(FbMsg::LoadMore)}</button>
            </Show>
        </section>
    }
}
