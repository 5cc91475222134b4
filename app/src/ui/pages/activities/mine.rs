//! `/me/activities` ("我的活动"): the caller's sign-ups, those to come first (soonest first),
//! then those of the last 90 days (latest first).
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{
        activities::{Activity, ActivityList},
        directory::Term,
    },
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{ActMsg, t},
    },
};

use super::{card::ActivityCard, has_passed, list::audience_terms};

/// The page; asks to log in first.
#[component]
pub fn MyActivities() -> impl IntoView {
    view! {
        <RequireLogin>
            <MineContent />
        </RequireLogin>
    }
}

#[component]
fn MineContent() -> impl IntoView {
    let audiences = audience_terms();
    let list = LocalResource::new(|| {
        client::get::<ActivityList>("/api/v1/me/activities?past=true&limit=100")
    });
    view! {
        <section class="page activities mine">
            <h1>{t(ActMsg::MineTitle)}</h1>
            <p class="toolbar"><A href="/activities" attr:class="button">{t(ActMsg::FindActivity)}</A></p>
            <Suspense fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(l) => {
                        // The server lists them soonest first.
                        let (mut past, upcoming): (Vec<Activity>, Vec<Activity>) =
                            l.items.into_iter().partition(|a| has_passed(&a.ends_at));
                        past.reverse();
                        view! {
                            <MineGroup title=ActMsg::Upcoming items=upcoming empty=ActMsg::NoUpcoming audiences />
                            <MineGroup title=ActMsg::Past items=past empty=ActMsg::NoPast audiences />
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error retry=Callback::new(move |()| list.refetch()) /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// A heading and its sign-ups.
#[component]
fn MineGroup(
    /// The heading.
    title: ActMsg,
    /// The activities.
    items: Vec<Activity>,
    /// Said when there are none.
    empty: ActMsg,
    /// The directory's audiences, for their names.
    audiences: Signal<Vec<Term>>,
) -> impl IntoView {
    view! {
        <h2>{t(title)}</h2>
        {if items.is_empty() {
            view! { <p class="muted">{t(empty)}</p> }.into_any()
        } else {
            view! {
                <ul class="venue-list">
                    {items.into_iter().map(|a| view! { <ActivityCard base="/activities" activity=a audiences /> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
