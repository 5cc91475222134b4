//! `/staff/feedback/templates`: the committee's reply templates (常用答复), added and removed
//! per region; the case page offers them when answering.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{
        accounts::Role,
        feedback::{CategoryList, NewReplyTemplate, ReplyTemplate, ReplyTemplateList},
    },
    ui::{
        client,
        components::{
            form::{FormError, field_error, form_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{FbMsg, lang, t},
        session::use_session,
    },
};

/// The roles that may add templates (department handlers only use them).
const TEMPLATE_EDITORS: &[Role] = &[Role::CommitteeMember, Role::Admin];

/// The template list and the form to add one.
#[component]
pub fn StaffTemplates() -> impl IntoView {
    view! {
        <RequireLogin roles=super::FEEDBACK_STAFF>
            <TemplatesContent />
        </RequireLogin>
    }
}

#[component]
fn TemplatesContent() -> impl IntoView {
    let list =
        LocalResource::new(|| client::get::<ReplyTemplateList>("/api/v1/staff/feedback/templates"));
    let reload = Callback::new(move |()| list.refetch());
    view! {
        <section class="page narrow staff-templates">
            <h1>{t(FbMsg::TemplatesTitle)}</h1>
            <p class="toolbar-links"><A href="/staff/feedback">{t(FbMsg::StaffInbox)}</A></p>
            <p class="muted">{t(FbMsg::TemplatesLead)}</p>
            <NewTemplateForm reload />
            <h2>{t(FbMsg::TemplatesExisting)}</h2>
            <Suspense fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.items.is_empty() => view! { <p class="muted">{t(FbMsg::TemplatesNone)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="template-list">
                            {l.items.into_iter().map(|x| view! { <TemplateItem x reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// One template with its region, category and a delete button.
#[component]
fn TemplateItem(
    /// The template.
    x: ReplyTemplate,
    /// Reloads the list after deleting.
    reload: Callback<()>,
) -> impl IntoView {
    let error: FormError = RwSignal::new(None);
    let id = x.id;
    let region = x.region.name.clone();
    let delete = form_action(
        error,
        move |()| async move {
            client::delete::<()>(&format!("/api/v1/staff/feedback/templates/{id}")).await
        },
        move |()| reload.run(()),
    );
    let title = x.title.clone();
    view! {
        <li class="card">
            <h3>{x.title.clone()}</h3>
            <p class="meta muted">
                <span>{move || region.get(lang().tag()).to_owned()}</span>
                {x.category.clone().map(|c| view! { " · " <code>{c}</code> })}
            </p>
            <p class="template-body">{x.body.clone()}</p>
            <button type="button" class="button secondary small"
                on:click=move |_| { delete.dispatch_local(()); } disabled=move || delete.pending().get()
                aria-label=move || format!("{} {}", t(FbMsg::TemplateDelete)(), title)>
                {t(FbMsg::TemplateDelete)}
            </button>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </li>
    }
}

/// Title, region (one the user covers as committee member or administrator), optional
/// category, body.
#[component]
fn NewTemplateForm(
    /// Reloads the list after adding.
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let regions = move || {
        session.me.with(|m| {
            let mut out: Vec<(String, crate::api::Text)> = Vec::new();
            for g in m.iter().flat_map(|m| m.roles.iter()) {
                if TEMPLATE_EDITORS.contains(&g.role)
                    && !out.iter().any(|(c, _)| *c == g.region.code)
                {
                    out.push((g.region.code.clone(), g.region.name.clone()));
                }
            }
            out
        })
    };
    let categories =
        LocalResource::new(|| client::get::<CategoryList>("/api/v1/feedback/categories"));
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let saved = RwSignal::new(false);
    Effect::new(move |_| {
        if region.with_untracked(String::is_empty)
            && let Some((code, _)) = regions().into_iter().next()
        {
            region.set(code);
        }
    });
    let add = form_action(
        error,
        |req: NewReplyTemplate| async move {
            client::post::<_, ReplyTemplate>("/api/v1/staff/feedback/templates", &req).await
        },
        move |_| {
            title.set(String::new());
            body.set(String::new());
            saved.set(true);
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        add.dispatch_local(NewReplyTemplate {
            title: title.get_untracked(),
            body: body.get_untracked(),
            region: region.get_untracked(),
            category: Some(category.get_untracked()).filter(|c| !c.is_empty()),
        });
    };
    let title_error = field_error(error, "title");
    let body_error = field_error(error, "body");
    let region_error = field_error(error, "region");
    view! {
        <Show when=move || !regions().is_empty()>
            <form class="form card" on:submit=submit novalidate>
                <h2>{t(FbMsg::TemplateNew)}</h2>
                <div class="field">
                    <label for="tpl-title">{t(FbMsg::TemplateTitle)}</label>
                    <input id="tpl-title" type="text" maxlength="40" required bind:value=title
                        aria-invalid=move || title_error.with(Option::is_some).to_string() />
                    {move || title_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                <div class="field">
                    <label for="tpl-region">{t(FbMsg::TemplateRegion)}</label>
                    <select id="tpl-region" on:change=move |ev| region.set(event_target_value(&ev))
                        aria-invalid=move || region_error.with(Option::is_some).to_string()>
                        {move || regions().into_iter().map(|(code, name)| {
                            let selected = region.get_untracked() == code;
                            view! { <option value=code selected=selected>{move || name.get(lang().tag()).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                    {move || region_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                <div class="field">
                    <label for="tpl-category">{t(FbMsg::Category)}</label>
                    <select id="tpl-category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="">{t(FbMsg::AnyCategory)}</option>
                        {move || categories.get().and_then(Result::ok).map(|l| l.items.into_iter().map(|c| {
                            let name = c.name.clone();
                            view! { <option value=c.code.clone()>{move || name.get(lang().tag()).to_owned()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="tpl-body">{t(FbMsg::TemplateBody)}</label>
                    <textarea id="tpl-body" rows="5" maxlength="2000" required bind:value=body
                        aria-invalid=move || body_error.with(Option::is_some).to_string()></textarea>
                    {move || body_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                <button type="submit" class="button" disabled=move || add.pending().get()>{t(FbMsg::TemplateAdd)}</button>
                <Show when=move || saved.get()>
                    <p class="status ok" role="status">{t(FbMsg::TemplateSaved)}</p>
                </Show>
                {move || error.get().filter(|e| e.field.is_none()).map(|e| view! { <ErrorNotice error=e /> })}
            </form>
        </Show>
    }
}
