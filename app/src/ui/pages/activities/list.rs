//! `/activities`: what is on, by region, kind, audience and dates, with a "this weekend" quick
//! filter and, for a community, its calendar to subscribe to.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{
        Text,
        activities::{Activity, ActivityKind, ActivityList},
        directory::{AudienceList, Term},
        regions::RegionLevel,
    },
    ui::{
        client,
        components::status::{ErrorNotice, Loading},
        i18n::{ActMsg, lang, t},
        session::use_session,
    },
};

use super::{
    card::ActivityCard, kind_label, month::MonthView, query_string, region_filter::RegionFilter,
    today_cn, weekend,
};

/// The directory's audiences (老年人, 青少年 …), for filters and chips.
pub fn audience_terms() -> Signal<Vec<Term>> {
    let list = LocalResource::new(|| client::get::<AudienceList>("/api/v1/audiences"));
    Signal::derive(move || {
        list.get()
            .and_then(Result::ok)
            .map(|l| l.items)
            .unwrap_or_default()
    })
}

/// The filters of the list.
#[derive(Clone, Copy)]
struct Filters {
    region: RwSignal<String>,
    level: RwSignal<Option<RegionLevel>>,
    region_name: RwSignal<Option<Text>>,
    kind: RwSignal<String>,
    audience: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
}

impl Filters {
    fn new() -> Self {
        Self {
            region: RwSignal::new(String::new()),
            level: RwSignal::new(None),
            region_name: RwSignal::new(None),
            kind: RwSignal::new(String::new()),
            audience: RwSignal::new(String::new()),
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
        }
    }

    /// Region, kind and audience as a query string (the month view adds its dates).
    fn query(self) -> String {
        query_string(&[
            ("region", self.region.get_untracked()),
            ("kind", self.kind.get_untracked()),
            ("audience", self.audience.get_untracked()),
        ])
    }

    fn path(self, cursor: Option<String>) -> String {
        format!(
            "/api/v1/activities?{}",
            query_string(&[
                ("limit", "20".to_owned()),
                ("region", self.region.get_untracked()),
                ("kind", self.kind.get_untracked()),
                ("audience", self.audience.get_untracked()),
                ("from", self.from.get_untracked()),
                ("to", self.to.get_untracked()),
                ("cursor", cursor.unwrap_or_default()),
            ])
        )
    }
}

/// Filters and the matching activities, twenty at a time, soonest first.
#[component]
pub fn Activities() -> impl IntoView {
    let session = use_session();
    let f = Filters::new();
    let items = RwSignal::new(Vec::<Activity>::new());
    let cursor = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<client::ApiError>);
    let loading = RwSignal::new(true);
    let audiences = audience_terms();
    let month_view = RwSignal::new(false);
    // Filters apply to the month on "apply", like the list.
    let month_query = RwSignal::new(String::new());
    let community = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("community"))
        .filter(|c| c.len() == 12 && c.bytes().all(|b| b.is_ascii_digit()));
    let load = move |reset: bool| {
        month_query.set(f.query());
        let path = f.path(if reset { None } else { cursor.get_untracked() });
        loading.set(true);
        leptos::task::spawn_local(async move {
            match client::get::<ActivityList>(&path).await {
                Ok(list) => {
                    if reset {
                        items.set(list.items);
                    } else {
                        items.update(|v| v.extend(list.items));
                    }
                    cursor.set(list.next_cursor);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    // The first load waits for the session: a resident sees their own community first.
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if !session.ready.get() || started.get_value() {
            return;
        }
        started.set_value(true);
        let home = session
            .me
            .with_untracked(|m| m.as_ref().and_then(|m| m.home_community.clone()));
        if let Some(code) = community.clone() {
            // Linked from a community's page: that community, named once its list is known.
            f.region.set(code.clone());
            f.level.set(Some(RegionLevel::Community));
            leptos::task::spawn_local(async move {
                let parent = code.get(..9).unwrap_or_default().to_owned();
                let path = format!("/api/v1/regions?parent={parent}&level=community");
                if let Ok(list) = client::get::<crate::api::regions::RegionList>(&path).await {
                    f.region_name.set(
                        list.items
                            .into_iter()
                            .find(|r| r.code == code)
                            .map(|r| r.name),
                    );
                }
            });
        } else if let Some(home) = home {
            f.region.set(home.code);
            f.region_name.set(Some(home.name));
            f.level.set(Some(RegionLevel::Community));
        }
        load(true);
    });
    let reload = Callback::new(move |()| load(true));
    view! {
        <section class="page activities">
            <h1>{t(ActMsg::ListTitle)}</h1>
            <p class="lead">{t(ActMsg::ListLead)}</p>
            <Show when=move || session.logged_in()>
                <p><A href="/me/activities" attr:class="button secondary">{t(ActMsg::MineTitle)}</A></p>
            </Show>
            <div class="tabs" role="group" aria-label=t(ActMsg::ViewAs)>
                <button type="button" class="button secondary small" aria-pressed=move || (!month_view.get()).to_string()
                    on:click=move |_| month_view.set(false)>{t(ActMsg::ViewList)}</button>
                <button type="button" class="button secondary small" aria-pressed=move || month_view.get().to_string()
                    on:click=move |_| month_view.set(true)>{t(ActMsg::ViewMonth)}</button>
            </div>
            <FilterForm f audiences reload month_view />
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Show when=move || month_view.get()>
                <MonthView query=month_query.into() />
            </Show>
            <Show when=move || !month_view.get()>
                <ul class="venue-list" aria-busy=move || loading.get().to_string()>
                    <For each=move || items.get() key=|a| (a.id, a.status, a.places_left) let:a>
                        <ActivityCard base="/activities" activity=a audiences />
                    </For>
                </ul>
                <Show when=move || loading.get()><Loading /></Show>
                <Show when=move || !loading.get() && items.with(Vec::is_empty) && error.with(Option::is_none)>
                    <p class="muted">{t(ActMsg::NoActivities)}</p>
                </Show>
                <Show when=move || cursor.with(Option::is_some) && !loading.get()>
                    <button type="button" class="button secondary" on:click=move |_| load(false)>{t(ActMsg::More)}</button>
                </Show>
            </Show>
            {move || {
                let code = f.region.get();
                (f.level.get() == Some(RegionLevel::Community) && !code.is_empty())
                    .then(|| view! { <CommunityFeed code /> })
            }}
        </section>
    }
}

/// Region, kind, audience and dates, with "upcoming" and "this weekend" shortcuts.
#[component]
fn FilterForm(
    /// The filters.
    f: Filters,
    /// The audiences to choose from.
    audiences: Signal<Vec<Term>>,
    /// Loads the first page again.
    reload: Callback<()>,
    /// The month calendar is shown: it has its own dates.
    month_view: RwSignal<bool>,
) -> impl IntoView {
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reload.run(());
    };
    let is_weekend = move || {
        let (a, b) = weekend(&today_cn());
        f.from.get() == a && f.to.get() == b
    };
    let choose = move |this_weekend: bool| {
        let (a, b) = if this_weekend {
            weekend(&today_cn())
        } else {
            (String::new(), String::new())
        };
        f.from.set(a);
        f.to.set(b);
        reload.run(());
    };
    view! {
        <div class="tabs" role="group" aria-label=t(ActMsg::Dates) hidden=move || month_view.get()>
            <button type="button" class="button secondary small"
                aria-pressed=move || (f.from.with(String::is_empty) && f.to.with(String::is_empty)).to_string()
                on:click=move |_| choose(false)>{t(ActMsg::Upcoming)}</button>
            <button type="button" class="button secondary small" aria-pressed=move || is_weekend().to_string()
                on:click=move |_| choose(true)>{t(ActMsg::ThisWeekend)}</button>
        </div>
        <form class="filters card" role="search" aria-label=t(ActMsg::Filters) on:submit=on_submit>
            <RegionFilter region=f.region level=f.level name=f.region_name on_change=reload />
            <div class="field">
                <label for="act-kind">{t(ActMsg::Kind)}</label>
                <select id="act-kind" on:change=move |ev| f.kind.set(event_target_value(&ev))>
                    <option value="">{t(ActMsg::AnyKind)}</option>
                    {ActivityKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <option value=k.as_str() selected=move || f.kind.get() == k.as_str()>{t(kind_label(k))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="act-audience">{t(ActMsg::Audience)}</label>
                <select id="act-audience" on:change=move |ev| f.audience.set(event_target_value(&ev))>
                    <option value="">{t(ActMsg::AnyAudience)}</option>
                    {move || audiences.get().into_iter().map(|a| {
                        let code = a.code.clone();
                        let chosen = code.clone();
                        view! { <option value=code selected=move || f.audience.get() == chosen>{move || a.name.get(lang().tag()).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field" hidden=move || month_view.get()>
                <label for="act-from">{t(ActMsg::From)}</label>
                <input id="act-from" type="date" bind:value=f.from />
            </div>
            <div class="field" hidden=move || month_view.get()>
                <label for="act-to">{t(ActMsg::To)}</label>
                <input id="act-to" type="date" bind:value=f.to />
            </div>
            <button type="submit" class="button">{t(ActMsg::ApplyFilters)}</button>
        </form>
    }
}

/// A community's activities as a calendar to subscribe to: the address to copy into a phone's
/// calendar, which then follows new and cancelled activities by itself.
#[component]
fn CommunityFeed(
    /// The community's code.
    code: String,
) -> impl IntoView {
    let path = format!("/api/v1/feeds/activities/{code}.ics");
    let origin = window().location().origin().unwrap_or_default();
    let url = format!("{origin}{path}");
    let copied = RwSignal::new(false);
    let copy_url = url.clone();
    let copy = move |_| {
        let _ = window().navigator().clipboard().write_text(&copy_url);
        copied.set(true);
    };
    view! {
        <section class="card feed" aria-labelledby="feed-title">
            <h2 id="feed-title">{t(ActMsg::FeedTitle)}</h2>
            <p class="muted">{t(ActMsg::FeedHint)}</p>
            <div class="field">
                <label for="feed-url">{t(ActMsg::FeedUrl)}</label>
                <input id="feed-url" type="text" readonly value=url />
            </div>
            <p class="actions">
                <button type="button" class="button secondary" on:click=copy>{t(ActMsg::CopyLink)}</button>
                <a class="button secondary" href=path>{t(ActMsg::FeedOpen)}</a>
            </p>
            <p role="status">{move || copied.get().then(|| t(ActMsg::Copied))}</p>
        </section>
    }
}
