//! The categories of the policy as tiles that open the directory filtered by one.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::directory::CategoryList,
    ui::{
        client,
        components::status::{ErrorNotice, Loading},
        i18n::{DirMsg, lang, t},
    },
};

/// A grid of category tiles (on the home page).
#[component]
pub fn CategoryTiles() -> impl IntoView {
    let categories = LocalResource::new(|| client::get::<CategoryList>("/api/v1/categories"));
    view! {
        <section class="dir-tiles" aria-labelledby="dir-tiles-title">
            <h2 id="dir-tiles-title">{t(DirMsg::Categories)}</h2>
            <Suspense fallback=Loading>
                {move || categories.get().map(|result| match result {
                    Ok(list) => view! {
                        <ul class="tiles">
                            {list.items.into_iter().map(|c| {
                                let href = format!("/services?category={}", c.code);
                                let name = c.name.clone();
                                let hint = c.description.clone();
                                view! {
                                    <li><A href=href attr:class=format!("tile tile-{}", c.code)>
                                        <span class="tile-name">{move || name.get(lang().tag()).to_owned()}</span>
                                        <span class="tile-hint">{move || hint.get(lang().tag()).to_owned()}</span>
                                    </A></li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice error retry=Callback::new(move |()| categories.refetch()) />
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
