//! Section landing pages for pillars whose screens are still being built.
use leptos::prelude::*;

use crate::ui::i18n::{Msg, t};

/// Which section a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Directory,
    Venues,
    Feedback,
}

/// A titled page saying the section is being built.
#[component]
pub fn Pillar(
    /// The section.
    which: Which,
) -> impl IntoView {
    let title = match which {
        Which::Directory => Msg::NavDirectory,
        Which::Venues => Msg::NavVenues,
        Which::Feedback => Msg::NavFeedback,
    };
    view! {
        <section class="page narrow">
            <h1>{t(title)}</h1>
            <p>{t(Msg::ComingSoon)}</p>
        </section>
    }
}
