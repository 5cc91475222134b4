//! `/admin/open311`: city administrators issue and revoke Open311 API keys.
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{
        accounts::Role,
        open311::{IssuedKey, NewOpen311Client, Open311Client, Open311ClientList},
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, TextField, form_action},
            require_login::RequireLogin,
            status::ErrorNotice,
        },
        i18n::{FbMsg, t, tf},
        pages::feedback::short_time,
    },
};

/// The clients, a form to issue a key, and revoke buttons.
#[component]
pub fn AdminOpen311() -> impl IntoView {
    view! {
        <RequireLogin roles=&[Role::Admin]>
            <Open311Content />
        </RequireLogin>
    }
}

#[component]
fn Open311Content() -> impl IntoView {
    let clients = RwSignal::new(Vec::<Open311Client>::new());
    let load_error = RwSignal::new(None::<client::ApiError>);
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let issued = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match client::get::<Open311ClientList>("/api/v1/admin/open311/clients").await {
                Ok(l) => clients.set(l.items),
                Err(e) => load_error.set(Some(e)),
            }
        });
    };
    load();
    // Pressed twice, "issue" would make two keys: the button waits for the first.
    let issue = form_action(
        error,
        |body: NewOpen311Client| async move {
            client::post::<_, IssuedKey>("/api/v1/admin/open311/clients", &body).await
        },
        move |k| {
            issued.set(Some(k.api_key));
            name.set(String::new());
            contact.set(String::new());
            load();
        },
    );
    let revoke_key = form_action(
        error,
        |id: i64| async move {
            let path = format!("/api/v1/admin/open311/clients/{id}/revoke");
            client::post::<_, Open311Client>(&path, &serde_json::json!({})).await
        },
        move |_| load(),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        issue.dispatch_local(NewOpen311Client {
            name: name.get_untracked(),
            contact: contact.get_untracked(),
        });
    };
    let revoke = move |id: i64| {
        revoke_key.dispatch_local(id);
    };
    view! {
        <section class="page admin">
            <h1>{t(FbMsg::Open311Title)}</h1>
            <super::notices::AdminNoticeBanner />
            <p>{t(FbMsg::Open311Intro)}</p>
            {move || load_error.get().map(|error| view! { <ErrorNotice error /> })}
            <form class="card" on:submit=on_submit>
                <FormAlert error fields=&["name", "contact"] />
                <TextField id="name" label=FbMsg::ClientName value=name error />
                <TextField id="contact" label=FbMsg::ClientContact value=contact error required=false />
                <button type="submit" class="button" disabled=move || issue.pending().get()>{t(FbMsg::IssueKey)}</button>
            </form>
            {move || issued.get().map(|k| view! { <div class="status ok" role="status"><p>{t(FbMsg::NewKey)}</p><code class="key">{k}</code></div> })}
            <ul class="case-list">
                <For each=move || clients.get() key=|c| (c.id, c.revoked_at.clone()) let:c>
                    <li class="card">
                        <strong>{c.name.clone()}</strong>" "<code>{c.key_prefix.clone()}"…"</code>
                        <p class="muted">{c.contact.clone()}" · "{match c.last_used_at.clone() {
                            Some(at) => tf(FbMsg::LastUsed, move || vec![("at", short_time(&at))])(),
                            None => t(FbMsg::NeverUsed)().to_owned(),
                        }}</p>
                        {if c.revoked_at.is_some() {
                            view! { <span class="badge">{t(FbMsg::Revoked)}</span> }.into_any()
                        } else {
                            let id = c.id;
                            view! { <button type="button" class="button secondary" disabled=move || revoke_key.pending().get() on:click=move |_| revoke(id)>{t(FbMsg::Revoke)}</button> }.into_any()
                        }}
                    </li>
                </For>
            </ul>
        </section>
    }
}
