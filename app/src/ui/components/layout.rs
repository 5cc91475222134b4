//! The frame around every page: skip link, header with navigation and switches, footer.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::{
    i18n::{Msg, t},
    prefs::use_prefs,
};

/// Header, main landmark holding `children`, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a>
        <Header />
        <main id="main" tabindex="-1">{children()}</main>
        <Footer />
    }
}

/// Brand, the four sections, the language and elder-mode switches.
#[component]
fn Header() -> impl IntoView {
    let prefs = use_prefs();
    let toggle_lang = move |_| prefs.lang.update(|l| *l = l.other());
    let toggle_elder = move |_| prefs.elder.update(|e| *e = !*e);
    view! {
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"邻"</span>
                    <span class="brand-text">
                        <span class="brand-name">{t(Msg::BrandName)}</span>
                        <span class="brand-tagline">{t(Msg::BrandTagline)}</span>
                    </span>
                </A>
                <div class="switches">
                    <button type="button" class="switch" on:click=toggle_lang
                        title=t(Msg::SwitchLanguageLabel)
                        lang=move || prefs.lang.get().other().tag()>
                        {t(Msg::SwitchLanguage)}
                    </button>
                    <button type="button" class="switch" on:click=toggle_elder
                        aria-pressed=move || prefs.elder.get().to_string()
                        title=t(Msg::ElderModeLabel)>
                        {t(Msg::ElderMode)}
                    </button>
                </div>
            </div>
            <nav class="main-nav" aria-label=t(Msg::NavMain)>
                <A href="/services">{t(Msg::NavDirectory)}</A>
                <A href="/venues">{t(Msg::NavVenues)}</A>
                <A href="/feedback">{t(Msg::NavFeedback)}</A>
                <A href="/me">{t(Msg::NavMe)}</A>
            </nav>
        </header>
    }
}

/// Policy basis and the demo notice.
#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{t(Msg::FooterPolicy)}</p>
            <p class="demo-note">{t(Msg::FooterDemo)}</p>
        </footer>
    }
}
