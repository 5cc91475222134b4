//! `/feedback/mine`: the resident's own cases, and anonymous ones sent from this device.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::feedback::CaseSummaryList,
    ui::{
        client,
        components::status::{ErrorNotice, Loading},
        i18n::{FbMsg, lang, t},
        pages::feedback::{device_codes, kind_label, short_time, status_label},
        session::{login_href, use_session},
    },
};

/// The list, newest first, with a "please rate" mark where an answer waits for a rating.
#[component]
pub fn MyFeedback() -> impl IntoView {
    let session = use_session();
    let cases = LocalResource::new(move || {
        let logged_in = session.logged_in();
        async move {
            if logged_in {
                client::get::<CaseSummaryList>("/api/v1/me/feedback?limit=50")
                    .await
                    .map(Some)
            } else {
                Ok(None)
            }
        }
    });
    let codes = device_codes::list();
    view! {
        <section class="page narrow">
            <h1>{t(FbMsg::MyCases)}</h1>
            <p><A href="/feedback/new" attr:class="button">{t(FbMsg::NewCase)}</A></p>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || cases.get().map(|r| match r {
                    Ok(Some(list)) if list.items.is_empty() => view! { <p class="muted">{t(FbMsg::NoCases)}</p> }.into_any(),
                    Ok(Some(list)) => view! {
                        <ul class="case-list">
                            {list.items.into_iter().map(|c| {
                                let cat = c.category.name.clone();
                                view! {
                                    <li class="card case-row">
                                        <A href=format!("/feedback/track/{}", c.tracking_code)><strong>{c.title.clone()}</strong></A>
                                        <p class="meta">
                                            <span class=format!("badge status-{}", c.status.as_str())>{t(status_label(c.status))}</span>
                                            <span class="chip">{t(kind_label(c.kind))}</span>
                                            <span class="muted">{move || cat.get(lang().tag()).to_owned()}</span>
                                            <span class="muted">{short_time(&c.created_at)}</span>
                                            {c.needs_rating.then(|| view! { <span class="badge needs-rating">{t(FbMsg::NeedsRating)}</span> })}
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(None) => view! { <p><a href=login_href()>{t(crate::ui::i18n::AccMsg::LogIn)}</a></p> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                })}
            </Suspense>
            {(!codes.is_empty()).then(|| view! {
                <h2>{t(FbMsg::AnonymousOnDevice)}</h2>
                <ul class="code-list">
                    {codes.into_iter().map(|c| view! { <li><A href=format!("/feedback/track/{c}")>{c.clone()}</A></li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}
