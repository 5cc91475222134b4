//! The venue list with filters by type, district and accessibility.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{
        booking::{Feature, PartOfDay, VenueList, VenueSummary, VenueType},
        regions::RegionList,
    },
    ui::{
        client,
        components::{
            form::page_action,
            status::{ErrorNotice, Loading},
        },
        i18n::{BookMsg, lang, t, tf},
        session::use_session,
    },
};

use super::{feature_label, type_label};

/// Filters and the matching venues, twenty at a time.
#[component]
pub fn Venues() -> impl IntoView {
    let session = use_session();
    let venue_type = RwSignal::new(String::new());
    let district = RwSignal::new(String::new());
    let features = RwSignal::new(Vec::<Feature>::new());
    let free_on = RwSignal::new(String::new());
    let part = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<VenueSummary>::new());
    let cursor = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<client::ApiError>);
    let districts =
        LocalResource::new(|| client::get::<RegionList>("/api/v1/regions?level=district"));

    let page = page_action(error, items, cursor, |l: VenueList| {
        (l.items, l.next_cursor)
    });
    let loading = page.pending();
    let load = move |reset: bool| {
        let mut url = "/api/v1/venues?limit=20".to_owned();
        let t = venue_type.get_untracked();
        if !t.is_empty() {
            url.push_str(&format!("&type={t}"));
        }
        let d = district.get_untracked();
        if !d.is_empty() {
            url.push_str(&format!("&region={d}"));
        }
        let f = features.get_untracked();
        if !f.is_empty() {
            let list: Vec<&str> = f.iter().map(|f| f.as_str()).collect();
            url.push_str(&format!("&accessible={}", list.join(",")));
        }
        let on = free_on.get_untracked();
        if !on.is_empty() {
            url.push_str(&format!("&free_on={on}"));
            let p = part.get_untracked();
            if !p.is_empty() {
                url.push_str(&format!("&part_of_day={p}"));
            }
        }
        if !reset && let Some(c) = cursor.get_untracked() {
            url.push_str(&format!("&cursor={c}"));
        }
        page.dispatch_local((url, reset));
    };
    load(true);
    let on_filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load(true);
    };
    let toggle = move |f: Feature| {
        features.update(|v| {
            if let Some(i) = v.iter().position(|x| *x == f) {
                v.remove(i);
            } else {
                v.push(f);
            }
        });
    };

    view! {
        <section class="page booking">
            <h1>{t(BookMsg::VenuesTitle)}</h1>
            <p class="lead">{t(BookMsg::VenuesLead)}</p>
            <Show when=move || session.logged_in()>
                <p><A href="/me/bookings" attr:class="button secondary">{t(BookMsg::MyBookingsLink)}</A></p>
            </Show>
            <form class="filters card" on:submit=on_filter>
                <div class="field">
                    <label for="venue-type">{t(BookMsg::FilterType)}</label>
                    <select id="venue-type" on:change=move |ev| venue_type.set(event_target_value(&ev))>
                        <option value="">{t(BookMsg::AnyType)}</option>
                        {VenueType::ALL.iter().map(|v| {
                            let v = *v;
                            view! { <option value=v.as_str()>{t(type_label(v))}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="venue-district">{t(BookMsg::FilterDistrict)}</label>
                    <select id="venue-district" on:change=move |ev| district.set(event_target_value(&ev))>
                        <option value="">{t(BookMsg::AnyDistrict)}</option>
                        <Suspense fallback=|| ()>
                            {move || districts.get().and_then(Result::ok).map(|list| list.items.into_iter().map(|d| {
                                let name = d.name.clone();
                                view! { <option value=d.code.clone()>{move || name.get(lang().tag()).to_owned()}</option> }
                            }).collect_view())}
                        </Suspense>
                    </select>
                </div>
                <div class="field">
                    <label for="free-on">{t(BookMsg::FilterFreeOn)}</label>
                    <input id="free-on" type="date" min=super::today() bind:value=free_on />
                </div>
                <div class="field">
                    <label for="part-of-day">{t(BookMsg::FilterPartOfDay)}</label>
                    <select id="part-of-day" disabled=move || free_on.with(String::is_empty)
                        on:change=move |ev| part.set(event_target_value(&ev))>
                        <option value="">{t(BookMsg::AnyTime)}</option>
                        {PartOfDay::ALL.iter().map(|p| {
                            let p = *p;
                            view! { <option value=p.as_str()>{t(part_label(p))}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="field checks">
                    <legend>{t(BookMsg::FilterAccess)}</legend>
                    {Feature::ALL.iter().map(|f| {
                        let f = *f;
                        let id = format!("feature-{}", f.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="checkbox" id=id on:change=move |_| toggle(f)
                                    prop:checked=move || features.with(|v| v.contains(&f)) />
                                {t(feature_label(f))}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button">{t(BookMsg::ApplyFilters)}</button>
            </form>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <ul class="venue-list" aria-busy=move || loading.get().to_string()>
                {move || items.get().into_iter().map(|v| view! { <VenueCard venue=v /> }).collect_view()}
            </ul>
            <Show when=move || loading.get()><Loading /></Show>
            <Show when=move || !loading.get() && items.with(Vec::is_empty) && error.with(Option::is_none)>
                <p class="muted">{t(BookMsg::NoVenues)}</p>
            </Show>
            <Show when=move || cursor.with(Option::is_some)>
                <button type="button" class="button secondary" on:click=move |_| load(false) disabled=move || loading.get()>{t(BookMsg::MoreVenues)}</button>
            </Show>
        </section>
    }
}

fn part_label(p: PartOfDay) -> BookMsg {
    match p {
        PartOfDay::Morning => BookMsg::Morning,
        PartOfDay::Afternoon => BookMsg::Afternoon,
        PartOfDay::Evening => BookMsg::Evening,
    }
}

/// One venue in the list: name, type, place, capacity, approval, accessibility.
#[component]
fn VenueCard(
    /// The venue.
    venue: VenueSummary,
) -> impl IntoView {
    let href = format!("/venues/{}", venue.id);
    let name = venue.name.clone();
    let community = venue.community.name.clone();
    let district = venue.district.as_ref().map(|d| d.name.clone());
    let address = venue.address.clone();
    let capacity = venue.capacity;
    let per_person = venue.capacity_mode == crate::api::booking::CapacityMode::PerPerson;
    let next_free = venue.next_free.clone();
    view! {
        <li class="card venue-card">
            <h2><A href=href>{move || name.get(lang().tag()).to_owned()}</A></h2>
            <p class="meta">
                <span class="chip">{t(type_label(venue.venue_type))}</span>
                {if venue.approval_required {
                    view! { <span class="badge state-wait">{t(BookMsg::NeedsApproval)}</span> }.into_any()
                } else {
                    view! { <span class="badge state-ok">{t(BookMsg::Instant)}</span> }.into_any()
                }}
            </p>
            <p class="muted">
                {move || district.as_ref().map(|d| format!("{} · ", d.get(lang().tag()))).unwrap_or_default()}
                {move || community.get(lang().tag()).to_owned()}
                " · "
                {move || address.get(lang().tag()).to_owned()}
            </p>
            <p>{if per_person {
                tf(BookMsg::Places, move || vec![("n", capacity.to_string())]).into_any()
            } else {
                tf(BookMsg::Capacity, move || vec![("n", capacity.to_string())]).into_any()
            }}</p>
            {match next_free {
                Some(at) => view! {
                    <p class="next-free">{tf(BookMsg::NextFree, move || vec![("time", super::instant_label(&at, lang()))])}</p>
                }.into_any(),
                None => view! { <p class="next-free none">{t(BookMsg::NoFreeSoon)}</p> }.into_any(),
            }}
            {(!venue.features.is_empty()).then(|| view! {
                <ul class="features" aria-label=t(BookMsg::FilterAccess)>
                    {venue.features.iter().map(|f| view! { <li>{t(feature_label(*f))}</li> }).collect_view()}
                </ul>
            })}
        </li>
    }
}
