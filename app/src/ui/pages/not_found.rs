//! The page for an unknown address.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::i18n::{Msg, t};

/// Says the page does not exist and links home.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page narrow">
            <h1>{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::NotFoundBody)}</p>
            <p><A href="/" attr:class="button">{t(Msg::BackHome)}</A></p>
        </section>
    }
}
