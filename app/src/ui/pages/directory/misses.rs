//! `/directory/misses`: what residents searched for and did not find, per week and district,
//! for the data team (a gap in the directory, or words it should know), with the CSV download.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{
        directory::SearchMisses,
        regions::{RegionLevel, RegionList},
    },
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{DirMsg, FbMsg, Message as _, lang, t},
    },
};

use super::staff::EDITORS;

/// How many weeks back the list can look.
const WEEKS: [u32; 5] = [4, 8, 13, 26, 52];

/// The searches that found nothing.
#[component]
pub fn SearchMissesPage() -> impl IntoView {
    view! {
        <RequireLogin roles=EDITORS>
            <MissesContent />
        </RequireLogin>
    }
}

#[component]
fn MissesContent() -> impl IntoView {
    let weeks = RwSignal::new(8_u32);
    let district = RwSignal::new(String::new());
    let query = move || {
        let d = district.get();
        let mut q = format!("?weeks={}", weeks.get());
        if !d.is_empty() {
            q.push_str("&district=");
            q.push_str(&d);
        }
        q
    };
    let districts =
        LocalResource::new(|| client::get::<RegionList>("/api/v1/regions?level=district"));
    let misses = LocalResource::new(move || {
        let q = query();
        async move { client::get::<SearchMisses>(&format!("/api/v1/directory/search-misses{q}")).await }
    });
    view! {
        <section class="page admin dir-misses">
            <p><A href="/directory/manage">{t(DirMsg::StaffTitle)}</A></p>
            <h1>{t(DirMsg::MissesTitle)}</h1>
            <p class="muted">{t(DirMsg::MissesLead)}</p>
            <div class="toolbar">
                <div class="field">
                    <label for="misses-weeks">{t(DirMsg::MissesWeeks)}</label>
                    <select id="misses-weeks" on:change=move |ev| weeks.set(event_target_value(&ev).parse().unwrap_or(8))>
                        {WEEKS.map(|n| view! { <option value=n.to_string() selected=move || weeks.get() == n>{n}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="misses-district">{t(DirMsg::District)}</label>
                    <select id="misses-district" on:change=move |ev| district.set(event_target_value(&ev))>
                        <option value="">{t(DirMsg::AnyDistrict)}</option>
                        {move || districts.get().and_then(Result::ok).map(|list| list.items.into_iter()
                            .filter(|r| r.level == RegionLevel::District)
                            .map(|r| {
                                let name = r.name.clone();
                                view! { <option value=r.code.clone()>{move || name.get(lang().tag()).to_owned()}</option> }
                            })
                            .collect_view())}
                    </select>
                </div>
                <a class="button secondary" download=""
                    href=move || format!("/api/v1/directory/search-misses.csv{}&lang={}", query(), lang().tag())>
                    {t(FbMsg::DownloadCsv)}</a>
            </div>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || misses.get().map(|r| match r {
                    Ok(list) if list.items.is_empty() => view! { <p class="muted">{t(DirMsg::MissesNone)}</p> }.into_any(),
                    Ok(list) => view! { <MissesTable list /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The list as a table: week, district, words, how often.
#[component]
fn MissesTable(list: SearchMisses) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="misses-caption">
            <table class="data">
                <caption id="misses-caption" class="visually-hidden">{t(DirMsg::MissesTitle)}</caption>
                <thead><tr>
                    <th scope="col">{t(DirMsg::MissesWeek)}</th>
                    <th scope="col">{t(DirMsg::District)}</th>
                    <th scope="col">{t(DirMsg::MissesWords)}</th>
                    <th scope="col" class="num">{t(DirMsg::MissesCount)}</th>
                </tr></thead>
                <tbody>
                    {list.items.into_iter().map(|m| {
                        let place = m.district.map(|d| d.name);
                        view! { <tr>
                            <td>{m.week}</td>
                            <td>{move || place.as_ref().map_or_else(
                                || DirMsg::AnyDistrict.text(lang()).to_owned(),
                                |p| p.get(lang().tag()).to_owned())}</td>
                            <th scope="row" class="wrap">{m.query}</th>
                            <td class="num">{m.count}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
