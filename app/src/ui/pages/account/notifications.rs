//! "消息通知": the in-app notifications of the logged-in user, newest first.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::notifications::{Notification, NotificationList},
    ui::{
        client,
        components::{
            form::{FormError, form_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{AccMsg, lang, t, tf},
        pages::booking::instant_label,
        session::use_session,
    },
};

/// Notifications asked for per page.
const PAGE: u32 = 20;

/// `/me/notifications`.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <NotificationsContent />
        </RequireLogin>
    }
}

#[component]
fn NotificationsContent() -> impl IntoView {
    let session = use_session();
    let items = RwSignal::new(Vec::<Notification>::new());
    let unread = RwSignal::new(0_i64);
    let next = RwSignal::new(None::<String>);
    let error: FormError = RwSignal::new(None);
    let first = LocalResource::new(|| async {
        client::get::<NotificationList>(&format!("/api/v1/me/notifications?limit={PAGE}")).await
    });
    Effect::new(move |_| {
        if let Some(Ok(list)) = first.get() {
            items.set(list.items);
            unread.set(list.unread);
            next.set(list.next_cursor);
        }
    });
    // Pressed twice, "more" would append the same page twice: it waits for the page it asked for.
    let more = form_action(
        error,
        |cursor: String| async move {
            let path = format!(
                "/api/v1/me/notifications?limit={PAGE}&cursor={}",
                String::from(js_sys::encode_uri_component(&cursor))
            );
            client::get::<NotificationList>(&path).await
        },
        move |list| {
            items.update(|v| v.extend(list.items));
            unread.set(list.unread);
            next.set(list.next_cursor);
        },
    );
    let read_all = form_action(
        error,
        |()| async {
            client::post::<_, ()>("/api/v1/me/notifications/read-all", &serde_json::json!({})).await
        },
        move |()| {
            items.update(|v| v.iter_mut().for_each(|n| n.read = true));
            unread.set(0);
            session.refresh_unread();
        },
    );
    let load_more = move |_| {
        if let Some(cursor) = next.get_untracked() {
            more.dispatch_local(cursor);
        }
    };
    let mark_all = move |_| {
        read_all.dispatch_local(());
    };
    view! {
        <section class="page narrow notifications">
            <h1>{t(AccMsg::NotificationsTitle)}</h1>
            <Suspense fallback=Loading>
                {move || first.get().map(|r| match r {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(_) => view! {
                        <p class="toolbar" role="status">
                            <span>{move || tf(AccMsg::NotificationsUnread, move || vec![("n", unread.get().to_string())])}</span>
                            <Show when=move || { unread.get() > 0 }>
                                <button type="button" class="button secondary" on:click=mark_all disabled=move || read_all.pending().get()>
                                    {t(AccMsg::NotificationsMarkAll)}
                                </button>
                            </Show>
                        </p>
                        <Show when=move || items.with(Vec::is_empty)>
                            <p class="muted">{t(AccMsg::NotificationsEmpty)}</p>
                        </Show>
                        <ul class="notification-list">
                            <For each=move || items.get() key=|n| (n.id, n.read) let:n>
                                <NotificationItem n unread />
                            </For>
                        </ul>
                        <Show when=move || next.with(Option::is_some)>
                            <button type="button" class="button secondary" on:click=load_more disabled=move || more.pending().get()>
                                {t(AccMsg::NotificationsMore)}
                            </button>
                        </Show>
                    }.into_any(),
                })}
            </Suspense>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}

/// One notification; opening its link marks it read.
#[component]
fn NotificationItem(
    /// The notification.
    n: Notification,
    /// The unread count to lower when this one is read.
    unread: RwSignal<i64>,
) -> impl IntoView {
    let session = use_session();
    let id = n.id;
    let read = RwSignal::new(n.read);
    let mark = move || {
        if read.get_untracked() {
            return;
        }
        read.set(true);
        unread.update(|u| *u = (*u - 1).max(0));
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/me/notifications/{id}/read");
            let _ = client::post::<_, ()>(&path, &serde_json::json!({})).await;
            session.refresh_unread();
        });
    };
    let title = n.title.clone();
    let body = n.body.clone();
    let when = n.created_at.clone();
    let shown = n.created_at.clone();
    view! {
        <li class="card notification" class:unread=move || !read.get()>
            <p class="notification-head">
                <Show when=move || !read.get()>
                    <span class="badge">{t(AccMsg::NotificationNew)}</span>" "
                </Show>
                <strong>{move || title.get(lang().tag()).to_owned()}</strong>
            </p>
            <p>{move || body.get(lang().tag()).to_owned()}</p>
            <p class="muted"><time datetime=when>{move || instant_label(&shown, lang())}</time></p>
            <p class="actions">
                {n.link.clone().filter(|l| l.starts_with('/')).map(|link| view! {
                    <A href=link on:click=move |_| mark()>{t(AccMsg::NotificationOpen)}</A>
                })}
                <Show when=move || !read.get()>
                    <button type="button" class="button secondary small" on:click=move |_| mark()>
                        {t(AccMsg::NotificationMarkRead)}
                    </button>
                </Show>
            </p>
        </li>
    }
}
