//! The frame around every page: skip link, header with navigation and switches, footer.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use crate::ui::{
    i18n::{AccMsg, Msg, lang, t, tf},
    prefs::use_prefs,
    session::use_session,
    site::use_site,
};

/// Header, main landmark holding `children`, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a>
        <Header />
        <ActingBanner />
        <main id="main" tabindex="-1">{children()}</main>
        <Footer />
    }
}

/// While a family proxy acts for a resident: whom for, and a way to stop.
#[component]
fn ActingBanner() -> impl IntoView {
    let session = use_session();
    move || {
        session.acting.get().map(|name| {
            view! {
                <div class="acting-banner" role="status">
                    <span>{tf(AccMsg::ActingFor, move || vec![("name", name.clone())])}</span>
                    " "
                    <button type="button" class="button secondary" on:click=move |_| session.act_for(None)>
                        {t(AccMsg::StopActing)}
                    </button>
                </div>
            }
        })
    }
}

/// Brand, the sections, the language and elder-mode switches.
#[component]
fn Header() -> impl IntoView {
    let prefs = use_prefs();
    let toggle_lang = move |_| prefs.lang.update(|l| *l = l.other());
    let toggle_elder = move |_| prefs.elder.update(|e| *e = !*e);
    let site = use_site();
    let brand = t(Msg::BrandName);
    let name = move || {
        site.info.with(|i| match i {
            Some(i) => i.name.get(lang().tag()).to_owned(),
            None => brand().to_owned(),
        })
    };
    view! {
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"邻"</span>
                    <span class="brand-text">
                        <span class="brand-name">{name}</span>
                        <span class="brand-tagline">{t(Msg::BrandTagline)}</span>
                    </span>
                </A>
                <div class="switches">
                    <MessagesLink />
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
                <A href="/activities">{t(Msg::NavActivities)}</A>
                <A href="/volunteer">{t(Msg::NavVolunteers)}</A>
                <A href="/feedback">{t(Msg::NavFeedback)}</A>
                <A href="/me">{t(Msg::NavMe)}</A>
            </nav>
        </header>
    }
}

/// "消息" with the unread count, for logged-in users; the count is asked again on every
/// page change, so it follows what the user did elsewhere in the app.
#[component]
fn MessagesLink() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        if session.ready.get() {
            session.refresh_unread();
        }
    });
    // The accessible name is the visible text ("消息" and the count) with words around the
    // count for screen readers: "消息，3 条未读" (WCAG 2.5.3, label in name).
    view! {
        <Show when=move || session.logged_in()>
            <A href="/me/notifications" attr:class="switch messages-link">
                {t(AccMsg::NotificationsNav)}
                <Show when=move || { session.unread.get() > 0 }>
                    <span class="visually-hidden">{t(AccMsg::NotificationsCountBefore)}</span>
                    <span class="count">{move || session.unread.get()}</span>
                    <span class="visually-hidden">{t(AccMsg::NotificationsCountAfter)}</span>
                </Show>
            </A>
        </Show>
    }
}

/// Policy basis, the operators' contact when set, and the demo notice on demo sites only.
#[component]
fn Footer() -> impl IntoView {
    let site = use_site();
    let contact = tf(Msg::FooterContact, move || {
        vec![("contact", site.contact().unwrap_or_default())]
    });
    view! {
        <footer class="site-footer">
            <p>{t(Msg::FooterPolicy)}</p>
            <Show when=move || site.contact().is_some()>
                <p class="site-contact">{contact.clone()}</p>
            </Show>
            <Show when=move || site.demo()>
                <p class="demo-note">{t(Msg::FooterDemo)}</p>
            </Show>
        </footer>
    }
}
