//! `/services`: search, filters with facet counts (a drawer on phones), results, pages. The
//! URL holds the whole search, so results can be shared, bookmarked and navigated back to.
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::directory::ServiceSearch,
    ui::{
        client,
        components::status::{ErrorNotice, Loading},
        i18n::{DirMsg, Message, fill, lang, t, tf},
    },
};

use super::{enc, hit::HitCard};

pub const PAGE_SIZE: i64 = 20;

/// What the URL says to search for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pub q: String,
    pub category: Option<String>,
    pub audience: Option<String>,
    pub region: Option<String>,
    pub open_now: bool,
    pub free: bool,
    pub cursor: Option<String>,
}

impl Params {
    fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let some = |k: &str| get(k).filter(|v| !v.is_empty());
        Self {
            q: get("q").unwrap_or_default(),
            category: some("category"),
            audience: some("audience"),
            region: some("region"),
            open_now: get("open_now").as_deref() == Some("true"),
            free: get("free").as_deref() == Some("true"),
            cursor: some("cursor"),
        }
    }

    fn query(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.trim().is_empty() {
            parts.push(format!("q={}", enc(self.q.trim())));
        }
        for (key, value) in [
            ("category", &self.category),
            ("audience", &self.audience),
            ("region", &self.region),
            ("cursor", &self.cursor),
        ] {
            if let Some(v) = value {
                parts.push(format!("{key}={}", enc(v)));
            }
        }
        if self.open_now {
            parts.push("open_now=true".into());
        }
        if self.free {
            parts.push("free=true".into());
        }
        parts.join("&")
    }

    /// The page URL of these parameters.
    pub fn href(&self) -> String {
        let q = self.query();
        if q.is_empty() {
            "/services".into()
        } else {
            format!("/services?{q}")
        }
    }

    /// The API request; "near me" sends the visitor's position (to about 100 m) with it,
    /// never in the page's URL.
    fn api(&self, near: Option<String>) -> String {
        let near = near.map_or_else(String::new, |at| format!("&near={at}"));
        format!("/api/v1/services?{}{near}&limit={PAGE_SIZE}", self.query())
    }

    /// The same search with a change, back on the first page.
    fn with(&self, change: impl FnOnce(&mut Self)) -> String {
        let mut next = self.clone();
        next.cursor = None;
        change(&mut next);
        next.href()
    }

    fn offset(&self) -> i64 {
        self.cursor
            .as_deref()
            .and_then(|c| c.strip_prefix('o'))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    fn chosen(&self) -> usize {
        [
            self.category.is_some(),
            self.audience.is_some(),
            self.region.is_some(),
            self.open_now,
            self.free,
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }
}

fn is_wide() -> bool {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= 900.0)
}

/// The directory's search page.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(|q| Params::from_query(|k| q.get(k))));
    let near = RwSignal::new(None::<String>);
    let results = LocalResource::new(move || {
        let url = params.get().api(near.get());
        async move { client::get::<ServiceSearch>(&url).await }
    });
    let text = RwSignal::new(params.get_untracked().q);
    Effect::new(move |_| text.set(params.get().q));
    let navigate = use_navigate();
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let href = params.get_untracked().with(|p| p.q = text.get_untracked());
        navigate(&href, Default::default());
    };
    view! {
        <section class="page directory">
            <h1>{t(DirMsg::Title)}</h1>
            <p class="lead muted">{t(DirMsg::Lead)}</p>
            <form class="search" role="search" on:submit=on_search>
                <label for="dir-q" class="visually-hidden">{t(DirMsg::SearchLabel)}</label>
                <input id="dir-q" type="search" name="q" bind:value=text autocomplete="off"
                    enterkeyhint="search" placeholder=t(DirMsg::SearchPlaceholder) />
                <button type="submit" class="button">{t(DirMsg::SearchButton)}</button>
            </form>
            <div class="dir-layout">
                <Filters params results near />
                <div class="dir-results">
                    <Suspense fallback=Loading>
                        {move || results.get().map(|result| match result {
                            Ok(found) => view! { <Results params found /> }.into_any(),
                            Err(error) => view! {
                                <ErrorNotice error retry=Callback::new(move |()| results.refetch()) />
                            }.into_any(),
                        })}
                    </Suspense>
                </div>
            </div>
            <p class="open-data muted">
                {t(DirMsg::OpenData)}" "
                <a href="/api/hsds/export" download="linli-hsds.zip">{t(DirMsg::OpenDataLink)}</a>
            </p>
        </section>
    }
}

/// The filter drawer: facets as links with their counts, and three switches (open now, free,
/// nearest first).
#[component]
fn Filters(
    /// The current search.
    params: Memo<Params>,
    /// The current results (for the facet counts).
    results: LocalResource<Result<ServiceSearch, client::ApiError>>,
    /// The visitor's position when they asked for the nearest first.
    near: RwSignal<Option<String>>,
) -> impl IntoView {
    let navigate = use_navigate();
    let unavailable = RwSignal::new(false);
    // One closure type for every switch's state and one for every switch's change: each
    // closure type of its own costs the main module's code (its budget is tight).
    let on = move |which: &'static str| {
        move || match which {
            "open_now" => params.get().open_now,
            "free" => params.get().free,
            "near" => near.get().is_some(),
            _ => !unavailable.get(),
        }
    };
    let toggle = move |which: &'static str| {
        let navigate = navigate.clone();
        move |_| {
            if which == "near" {
                if near.get_untracked().is_some() {
                    near.set(None);
                } else {
                    client::locate(move |found| {
                        unavailable.set(found.is_none());
                        near.set(found);
                    });
                }
                return;
            }
            let href = params.get_untracked().with(|p| match which {
                "open_now" => p.open_now = !p.open_now,
                _ => p.free = !p.free,
            });
            navigate(&href, Default::default());
        }
    };
    let summary = move || {
        let n = params.get().chosen();
        if n == 0 {
            DirMsg::Filters.text(lang()).to_owned()
        } else {
            fill(DirMsg::FiltersActive.text(lang()), &[("n", n.to_string())])
        }
    };
    view! {
        <details class="card dir-filters" open=is_wide()>
            <summary><h2>{summary}</h2></summary>
            <div class="dir-switches">
                {[("open_now", DirMsg::OpenNow), ("free", DirMsg::FreeOnly), ("near", DirMsg::NearMe)]
                    .into_iter()
                    .map(|(which, label)| view! {
                        <label class="switch-row">
                            <input type="checkbox" prop:checked=on(which) on:change=toggle(which) />
                            {t(label)}
                        </label>
                    })
                    .collect_view()}
            </div>
            <p class="muted" role="alert" prop:hidden=on("unavailable")>{t(DirMsg::NearMeFailed)}</p>
            <FacetGroup title=DirMsg::Category all=DirMsg::AnyCategory facet="category" params results />
            <FacetGroup title=DirMsg::District all=DirMsg::AnyDistrict facet="region" params results />
            <FacetGroup title=DirMsg::Audience all=DirMsg::AnyAudience facet="audience" params results />
            <Show when=move || { params.get().chosen() > 0 }>
                <p><A href=move || params.get().with(|p| {
                    let q = p.q.clone();
                    *p = Params { q, ..Params::default() };
                }) attr:class="button secondary small">{t(DirMsg::ClearFilters)}</A></p>
            </Show>
        </details>
    }
}

/// One facet: "all" plus each value with its count; the chosen one is marked. (Not generic:
/// the three facets share one copy of its code, which the main module's budget needs.)
#[component]
fn FacetGroup(
    /// Heading of the group.
    title: DirMsg,
    /// Label of the "no filter" link.
    all: DirMsg,
    /// Which parameter the facet sets: `category`, `region` or `audience`.
    facet: &'static str,
    /// The current search.
    params: Memo<Params>,
    /// The current results (for the counts).
    results: LocalResource<Result<ServiceSearch, client::ApiError>>,
) -> impl IntoView {
    let items = Signal::derive(move || {
        results
            .get()
            .and_then(|r| r.ok())
            .map(|r| match facet {
                "category" => r.facets.categories,
                "region" => r.facets.districts,
                _ => r.facets.audiences,
            })
            .unwrap_or_default()
    });
    let selected = Signal::derive(move || {
        let p = params.get();
        match facet {
            "category" => p.category,
            "region" => p.region,
            _ => p.audience,
        }
    });
    // The page URL choosing a value (`None`: clear it).
    let href = move |code: Option<String>| {
        params.get().with(|p| match facet {
            "category" => p.category = code,
            "region" => p.region = code,
            _ => p.audience = code,
        })
    };
    view! {
        <div class="facet" role="group" aria-label=t(title)>
            <h3>{t(title)}</h3>
            <ul class="facet-list">
                <li><A href=move || href(None) attr:aria-current=move || selected.get().is_none().then_some("true")>
                    {t(all)}</A></li>
                <For each=move || items.get() key=|f| (f.code.clone(), f.count) let:facet>
                    {
                        let code = facet.code.clone();
                        let current = {
                            let code = code.clone();
                            move || (selected.get().as_deref() == Some(code.as_str())).then_some("true")
                        };
                        let name = facet.name.clone();
                        view! {
                            <li><A href=move || href(Some(code.clone())) attr:aria-current=current>
                                <span>{move || name.get(lang().tag()).to_owned()}</span>
                                <span class="count">{facet.count}</span>
                            </A></li>
                        }
                    }
                </For>
            </ul>
        </div>
    }
}

/// The hit count, the hits and the page links.
#[component]
fn Results(
    /// The current search.
    params: Memo<Params>,
    /// The answer.
    found: ServiceSearch,
) -> impl IntoView {
    let total = found.total;
    let offset = params.get_untracked().offset();
    let page = offset / PAGE_SIZE + 1;
    let prev = (offset > 0).then(|| {
        let mut p = params.get_untracked();
        let back = (offset - PAGE_SIZE).max(0);
        p.cursor = (back > 0).then(|| format!("o{back}"));
        p.href()
    });
    let next = found.next_cursor.clone().map(|c| {
        let mut p = params.get_untracked();
        p.cursor = Some(c);
        p.href()
    });
    let empty = found.items.is_empty();
    view! {
        <p class="dir-count" role="status" aria-live="polite">
            {tf(DirMsg::ResultCount, move || vec![("n", total.to_string())])}
        </p>
        {empty.then(|| view! { <p class="muted">{t(DirMsg::NoResults)}</p> })}
        <ul class="dir-hits" aria-label=t(DirMsg::Results)>
            {found.items.into_iter().map(|hit| view! { <HitCard hit /> }).collect_view()}
        </ul>
        {(prev.is_some() || next.is_some()).then(|| view! {
            <nav class="pager" aria-label=t(DirMsg::Pagination)>
                {prev.map(|href| view! { <A href=href attr:class="button secondary" attr:rel="prev">{t(DirMsg::PreviousPage)}</A> })}
                <span class="muted">{tf(DirMsg::PageOf, move || vec![("n", page.to_string())])}</span>
                {next.map(|href| view! { <A href=href attr:class="button secondary" attr:rel="next">{t(DirMsg::NextPage)}</A> })}
            </nav>
        })}
    }
}
