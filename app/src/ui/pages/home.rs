//! The home page: search, the three pillars, and the districts from the API.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

use super::directory::tiles::CategoryTiles;
use crate::{
    api::regions::RegionList,
    ui::{
        client,
        components::status::{ErrorNotice, Loading},
        i18n::{Msg, lang, t, tf},
    },
};

/// Search box, pillar buttons and the district list.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>{t(Msg::HomeTitle)}</h1>
            <p class="lead">{t(Msg::HomeLead)}</p>
            <SearchBox />
        </section>
        <nav class="pillars" aria-label=t(Msg::NavMain)>
            <A href="/services" attr:class="pillar pillar-directory">
                <span class="pillar-title">{t(Msg::HomePillarDirectory)}</span>
                <span class="pillar-hint">{t(Msg::HomePillarDirectoryHint)}</span>
            </A>
            <A href="/venues" attr:class="pillar pillar-venues">
                <span class="pillar-title">{t(Msg::HomePillarVenues)}</span>
                <span class="pillar-hint">{t(Msg::HomePillarVenuesHint)}</span>
            </A>
            <A href="/feedback" attr:class="pillar pillar-feedback">
                <span class="pillar-title">{t(Msg::HomePillarFeedback)}</span>
                <span class="pillar-hint">{t(Msg::HomePillarFeedbackHint)}</span>
            </A>
        </nav>
        <p><A href="/activities">{t(Msg::HomeActivities)}</A></p>
        <p><A href="/volunteer">{t(Msg::HomeVolunteers)}</A></p>
        <CategoryTiles />
        <Districts />
    }
}

/// A search form that opens the directory with the query.
#[component]
fn SearchBox() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        let q = q.trim();
        let target = if q.is_empty() {
            "/services".to_owned()
        } else {
            format!("/services?q={}", js_sys_encode(q))
        };
        navigate(&target, Default::default());
    };
    view! {
        <form class="search" role="search" on:submit=on_submit>
            <label for="home-search" class="visually-hidden">{t(Msg::HomeSearchLabel)}</label>
            <input id="home-search" type="search" name="q" bind:value=query
                placeholder=t(Msg::HomeSearchPlaceholder) autocomplete="off" enterkeyhint="search" />
            <button type="submit" class="button">{t(Msg::HomeSearchButton)}</button>
        </form>
    }
}

fn js_sys_encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// The districts of the city, loaded from `/api/v1/regions`.
#[component]
fn Districts() -> impl IntoView {
    let districts =
        LocalResource::new(|| client::get::<RegionList>("/api/v1/regions?level=district"));
    view! {
        <section class="districts" aria-labelledby="districts-title">
            <h2 id="districts-title">{t(Msg::HomeDistricts)}</h2>
            <Suspense fallback=Loading>
                {move || districts.get().map(|result| match result {
                    Ok(list) => {
                        let n = list.items.len();
                        view! {
                            <p class="muted">{tf(Msg::HomeDistrictsCount, move || vec![("n", n.to_string())])}</p>
                            <ul class="chips">
                                {list.items.into_iter().map(|d| {
                                    let href = format!("/services?region={}", d.code);
                                    let name = d.name.clone();
                                    view! { <li><A href=href>{move || name.get(lang().tag()).to_owned()}</A></li> }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    Err(error) => view! {
                        <ErrorNotice error retry=Callback::new(move |()| districts.refetch()) />
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
