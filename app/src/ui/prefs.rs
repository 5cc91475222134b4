//! The visitor's preferences — language and elder mode — kept in `localStorage` so they
//! survive reloads, and reflected on `<html>` (`lang`, class `elder`) for CSS and assistive tech.
use leptos::prelude::*;

use super::i18n::Lang;

const LANG_KEY: &str = "linli.lang";
const ELDER_KEY: &str = "linli.elder";

/// Shared, reactive preferences; get them with [`use_prefs`].
#[derive(Clone, Copy)]
pub struct Prefs {
    pub lang: RwSignal<Lang>,
    pub elder: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        // Private browsing may refuse to store; the choice then lasts for this page only.
        let _ = s.set_item(key, value);
    }
}

/// Chinese unless the visitor has chosen English before: Linli speaks zh-CN first, whatever
/// the browser's own language.
pub fn initial_lang(stored: Option<&str>) -> Lang {
    stored.and_then(Lang::from_tag).unwrap_or(Lang::Zh)
}

/// Creates the preferences from storage and keeps storage and `<html>` in step with them.
pub fn provide() {
    let prefs = Prefs {
        lang: RwSignal::new(initial_lang(load(LANG_KEY).as_deref())),
        elder: RwSignal::new(load(ELDER_KEY).as_deref() == Some("1")),
    };
    provide_context(prefs);
    super::client::set_lang(prefs.lang.get_untracked());
    Effect::new(move |_| {
        let lang = prefs.lang.get();
        super::client::set_lang(lang);
        save(LANG_KEY, lang.tag());
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        document().set_title(lang.pick("邻里 · 社区服务", "Linli · Community services"));
    });
    Effect::new(move |_| {
        let elder = prefs.elder.get();
        save(ELDER_KEY, if elder { "1" } else { "0" });
        if let Some(html) = document().document_element() {
            let _ = html.class_list().toggle_with_force("elder", elder);
        }
    });
}

pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}
