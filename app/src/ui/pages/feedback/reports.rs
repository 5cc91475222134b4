//! `/feedback/reports/:community`: what neighbours have already reported in a community,
//! newest first, open or closed, each with its public timeline and "me too (add my support)",
//! so a resident supports an existing case instead of filing a duplicate. Pages of 50, with
//! "load more" for the next.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::feedback::{
        FlagReason, FlagRequest, FlagResult, PublicReport, PublicReportList, SupportResult,
    },
    ui::{
        client,
        components::{
            form::{FormError, form_action},
            status::{ErrorNotice, Loading},
        },
        i18n::{FbMsg, lang, t, tf},
        pages::feedback::{kind_label, short_time, status_label, timeline::Timeline},
    },
};

/// Which cases the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Open,
    Closed,
}

impl Filter {
    fn query(self) -> &'static str {
        match self {
            Self::All => "",
            Self::Open => "&status=open",
            Self::Closed => "&status=closed",
        }
    }

    fn label(self) -> FbMsg {
        match self {
            Self::All => FbMsg::ReportsAll,
            Self::Open => FbMsg::ReportsOpen,
            Self::Closed => FbMsg::ReportsClosed,
        }
    }
}

/// The community's public reports with a status filter.
#[component]
pub fn PublicReports() -> impl IntoView {
    let params = use_params_map();
    let community = move || params.with(|p| p.get("community").unwrap_or_default());
    let filter = RwSignal::new(Filter::All);
    let list = LocalResource::new(move || {
        let url = format!(
            "/api/v1/feedback/reports?community={}&limit=50{}",
            String::from(js_sys::encode_uri_component(&community())),
            filter.get().query()
        );
        async move { client::get::<PublicReportList>(&url).await }
    });
    // Later pages, appended under the first; reset whenever the first page is loaded again.
    let more = RwSignal::new(Vec::<PublicReport>::new());
    let next = RwSignal::new(None::<String>);
    let more_error: FormError = RwSignal::new(None);
    Effect::new(move |_| {
        let cursor = list.get().and_then(Result::ok).and_then(|l| l.next_cursor);
        next.set(cursor);
        more.set(Vec::new());
        more_error.set(None);
    });
    // An action, so a second press cannot fetch (and append) the same page twice.
    let fetch_more = form_action(
        more_error,
        |url: String| async move { client::get::<PublicReportList>(&url).await },
        move |l: PublicReportList| {
            more.update(|m| m.extend(l.items));
            next.set(l.next_cursor);
        },
    );
    let load_more = move |_| {
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
        let url = format!(
            "/api/v1/feedback/reports?community={}&limit=50{}&cursor={}",
            enc(&params.with_untracked(|p| p.get("community").unwrap_or_default())),
            filter.get_untracked().query(),
            enc(&cursor)
        );
        fetch_more.dispatch_local(url);
    };
    view! {
        <section class="page narrow">
            <h1>
                {t(FbMsg::ReportsTitle)}
                <Suspense fallback=|| ()>
                    {move || list.get().and_then(Result::ok).map(|l| {
                        let name = l.community.name.clone();
                        view! { <span class="muted">{" · "}{move || name.get(lang().tag()).to_owned()}</span> }
                    })}
                </Suspense>
            </h1>
            <p>{t(FbMsg::ReportsIntro)}</p>
            <div class="filter-tabs" role="group" aria-label=move || t(FbMsg::ReportsFilter)()>
                {[Filter::All, Filter::Open, Filter::Closed].into_iter().map(|f| view! {
                    <button type="button" class="button secondary small"
                        aria-pressed=move || (filter.get() == f).to_string()
                        on:click=move |_| filter.set(f)>{t(f.label())}</button>
                }).collect_view()}
            </div>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.items.is_empty() => view! { <p class="muted">{t(FbMsg::ReportsNone)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="case-list">
                            {l.items.into_iter().map(|item| view! { <ReportItem item /> }).collect_view()}
                            <For each=move || more.get() key=|r| r.id let:item>
                                <ReportItem item />
                            </For>
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                })}
            </Suspense>
            {move || more_error.get().map(|error| view! { <ErrorNotice error /> })}
            <Show when=move || next.with(Option::is_some)>
                <button type="button" class="button secondary" on:click=load_more disabled=move || fetch_more.pending().get()>
                    {t(FbMsg::LoadMore)}
                </button>
            </Show>
            <p class="actions">
                <A href="/feedback/new" attr:class="button">{t(FbMsg::ReportsFileNew)}</A>
                <A href=move || format!("/activities?community={}", community()) attr:class="button secondary">{t(FbMsg::CommunityActivities)}</A>
            </p>
        </section>
    }
}

/// One report: what, where, status, supporters, "me too", and the public timeline.
#[component]
fn ReportItem(
    /// The report.
    item: PublicReport,
) -> impl IntoView {
    let count = RwSignal::new(item.support_count);
    let done = RwSignal::new(false);
    let id = item.id;
    let open = item.status.is_open();
    // A failure (too many supports from one address, logged out meanwhile) shows under the
    // case; the button stays, to be pressed again.
    let error: FormError = RwSignal::new(None);
    let support = form_action(
        error,
        move |()| async move {
            client::post::<_, SupportResult>(
                &format!("/api/v1/feedback/support/{id}"),
                &serde_json::json!({}),
            )
            .await
        },
        move |r: SupportResult| {
            count.set(r.support_count);
            done.set(true);
        },
    );
    let flagged = RwSignal::new(false);
    let flag = form_action(
        error,
        move |()| async move {
            let body = FlagRequest {
                reason: FlagReason::Abusive,
            };
            client::post::<_, FlagResult>(&format!("/api/v1/feedback/flags/{id}"), &body).await
        },
        move |_| flagged.set(true),
    );
    let logged_in = crate::ui::session::use_session().logged_in();
    let cat = item.category.name.clone();
    view! {
        <li class="card case-row">
            <h2 class="case-title">{item.title.clone()}</h2>
            <p class="meta">
                <span class=format!("badge status-{}", item.status.as_str())>{t(status_label(item.status))}</span>
                <span class="chip">{t(kind_label(item.kind))}</span>
                <span class="muted">{move || cat.get(lang().tag()).to_owned()}</span>
                <time class="muted" datetime=item.created_at.clone()>{short_time(&item.created_at)}</time>
            </p>
            <p class="muted">{item.place.clone()}</p>
            <p>{item.description.clone()}</p>
            <p class="muted">{tf(FbMsg::SupportCount, move || vec![("n", count.get().to_string())])}</p>
            {open.then(|| view! {
                <Show when=move || !done.get()
                    fallback=move || view! { <p role="status">{tf(FbMsg::Supported, move || vec![("n", count.get().to_string())])}</p> }>
                    <button type="button" class="button secondary" on:click=move |_| { support.dispatch_local(()); }
                        disabled=move || support.pending().get()>{t(FbMsg::AddSupport)}</button>
                </Show>
            })}
            <details>
                <summary>{t(FbMsg::ReportsTimeline)}</summary>
                <Timeline entries=item.timeline.clone() />
            </details>
            {logged_in.then(|| view! {
                <Show when=move || !flagged.get()
                    fallback=move || view! { <p role="status" class="muted">{t(FbMsg::Flagged)}</p> }>
                    <button type="button" class="button secondary" on:click=move |_| { flag.dispatch_local(()); }
                        disabled=move || flag.pending().get()>{t(FbMsg::Flag)}</button>
                </Show>
            })}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </li>
    }
}
