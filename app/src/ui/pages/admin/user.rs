//! One user: roles (grant, revoke), status, and the audited phone reveal.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::accounts::{
        AccountStatus, DepartmentList, GrantRoleRequest, RevealedPhone, Role, SetStatusRequest,
        UserSummary,
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, form_action},
            region_picker::RegionPicker,
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{AccMsg, lang, t},
        pages::account::role_label,
    },
};

use super::status_label;

/// The user page for administrators.
#[component]
pub fn AdminUser() -> impl IntoView {
    view! {
        <RequireLogin roles=&[Role::Admin]>
            <UserContent />
        </RequireLogin>
    }
}

#[component]
fn UserContent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let user = LocalResource::new(move || {
        let id = id();
        async move { client::get::<UserSummary>(&format!("/api/v1/admin/users/{id}")).await }
    });
    view! {
        <section class="page admin">
            <p><A href="/admin/users">{t(AccMsg::Back)}</A></p>
            <Suspense fallback=Loading>
                {move || user.get().map(|r| match r {
                    Ok(u) => view! { <UserDetail user=u on_change=Callback::new(move |()| user.refetch()) /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn UserDetail(
    /// The user shown.
    user: UserSummary,
    /// Called after a change, to reload.
    on_change: Callback<()>,
) -> impl IntoView {
    let id = user.id;
    let phone = RwSignal::new(user.phone.clone());
    let error: FormError = RwSignal::new(None);
    let reveal_phone = form_action(
        error,
        move |()| async move {
            let path = format!("/api/v1/admin/users/{id}/phone");
            client::post::<_, RevealedPhone>(&path, &serde_json::json!({})).await
        },
        move |p| phone.set(p.phone),
    );
    let revoke_grant = form_action(
        error,
        move |grant: i64| async move {
            let path = format!("/api/v1/admin/users/{id}/roles/{grant}");
            client::send::<_, ()>("DELETE", &path, &serde_json::json!({})).await
        },
        move |()| on_change.run(()),
    );
    let set_status = form_action(
        error,
        move |req: SetStatusRequest| async move {
            client::post::<_, UserSummary>(&format!("/api/v1/admin/users/{id}/status"), &req).await
        },
        move |_| on_change.run(()),
    );
    let reveal = move |_| {
        reveal_phone.dispatch_local(());
    };
    let revoke = move |grant: i64| {
        revoke_grant.dispatch_local(grant);
    };
    let status = user.status;
    let reason = RwSignal::new(String::new());
    let toggle_status = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = if status == AccountStatus::Active {
            AccountStatus::Disabled
        } else {
            AccountStatus::Active
        };
        set_status.dispatch_local(SetStatusRequest {
            status: next,
            reason: Some(reason.get_untracked()),
        });
    };
    view! {
        <h1>{user.display_name.clone()}</h1>
        <FormAlert error fields=&[] />
        <dl class="facts card">
            <dt>{t(AccMsg::Phone)}</dt>
            <dd>
                {move || phone.get()}
                " "
                <Show when=move || phone.with(|p| p.contains('*'))>
                    <button type="button" class="button small secondary" on:click=reveal disabled=move || reveal_phone.pending().get() title=t(AccMsg::RevealNotice)>{t(AccMsg::RevealPhone)}</button>
                </Show>
            </dd>
            <dt>{t(AccMsg::Status)}</dt><dd>{t(status_label(status))}</dd>
            <dt>{t(AccMsg::RegisteredAt)}</dt><dd>{user.created_at.chars().take(10).collect::<String>()}</dd>
        </dl>
        <p class="muted">{t(AccMsg::RevealNotice)}</p>
        <div class="card">
            <h2>{t(AccMsg::Roles)}</h2>
            <ul class="roles">
                {user.roles.into_iter().map(|g| {
                    let region = g.region.name.clone();
                    let dept = g.department.clone();
                    view! {
                        <li>
                            <span class="role">{t(role_label(g.role))}</span> " · "
                            <span>{move || region.get(lang().tag()).to_owned()}</span>
                            {dept.map(|d| view! { " · " <span>{move || d.name.get(lang().tag()).to_owned()}</span> })}
                            {g.id.map(|grant| view! {
                                " " <button type="button" class="button small secondary" on:click=move |_| revoke(grant) disabled=move || revoke_grant.pending().get()>{t(AccMsg::Revoke)}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <GrantForm id on_change />
        </div>
        <Show when=move || status != AccountStatus::Deleted>
            <form class="card form" on:submit=toggle_status>
                <TextField id="status-reason" field="reason" label=AccMsg::Reason value=reason error required=false />
                <button type="submit" class="button secondary" disabled=move || set_status.pending().get()>
                    {if status == AccountStatus::Active { t(AccMsg::Disable)() } else { t(AccMsg::Enable)() }}
                </button>
            </form>
        </Show>
    }
}

/// Grant a staff role for a region (and a department for handlers).
#[component]
fn GrantForm(
    /// The user.
    id: i64,
    /// Called after the grant.
    on_change: Callback<()>,
) -> impl IntoView {
    let role = RwSignal::new("committee_member".to_owned());
    let region = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let grant = form_action(
        error,
        move |req: GrantRoleRequest| async move {
            client::post::<_, UserSummary>(&format!("/api/v1/admin/users/{id}/roles"), &req).await
        },
        move |_| on_change.run(()),
    );
    let departments = LocalResource::new(|| client::get::<DepartmentList>("/api/v1/departments"));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(parsed) = Role::parse(&role.get_untracked()) else {
            return;
        };
        let dept = department.get_untracked();
        let req = GrantRoleRequest {
            role: parsed,
            region: region.get_untracked(),
            department: (parsed == Role::DepartmentHandler && !dept.is_empty()).then_some(dept),
        };
        grant.dispatch_local(req);
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <h3>{t(AccMsg::GrantRole)}</h3>
            <FormAlert error fields=&["region", "department"] />
            <div class="field">
                <label for="grant-role">{t(AccMsg::Role)}</label>
                <select id="grant-role" on:change=move |ev| role.set(event_target_value(&ev))>
                    {Role::STAFF.into_iter().map(|r| view! { <option value=r.as_str()>{t(role_label(r))}</option> }).collect_view()}
                </select>
            </div>
            <RegionPicker id="region" value=region error communities_only=false legend=AccMsg::Region />
            <Show when=move || role.get() == Role::DepartmentHandler.as_str()>
                <div class="field">
                    <label for="grant-department">{t(AccMsg::Department)}</label>
                    <select id="grant-department" on:change=move |ev| department.set(event_target_value(&ev))>
                        <option value="">{t(AccMsg::ChooseOne)}</option>
                        {move || departments.get().and_then(Result::ok).map(|list| list.items.into_iter().map(|d| {
                            let name = d.name.clone();
                            view! { <option value=d.code.clone()>{move || name.get(lang().tag()).to_owned()}</option> }
                        }).collect_view())}
                    </select>
                </div>
            </Show>
            <SubmitButton label=AccMsg::GrantRole busy_label=AccMsg::Saving busy=grant.pending() />
        </form>
    }
}
