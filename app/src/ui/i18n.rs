//! All text a user reads, in Chinese and English side by side.
//!
//! The table is the single source: each entry must give both languages, so a missing English
//! string is a compile error rather than a gap on screen. Views call [`t`], which follows the
//! language preference reactively; [`tf`] fills `{name}` placeholders.

/// Declares the message table: `Name: "中文", "English";`.
macro_rules! message_table {
    ($($name:ident: $zh:literal, $en:literal;)*) => {
        /// A key of the message table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($name),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];

            pub fn text(self, lang: super::Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, super::Lang::Zh) => $zh,
                      (Msg::$name, super::Lang::En) => $en,)*
                }
            }
        }
    };
}

mod messages;

use leptos::prelude::*;

pub use messages::Msg;

/// The languages of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// BCP 47 tag, for `<html lang>`, `Accept-Language` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            t if t.starts_with("zh") => Some(Self::Zh),
            t if t.starts_with("en") => Some(Self::En),
            _ => None,
        }
    }

    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Zh => Self::En,
            Self::En => Self::Zh,
        }
    }
}

/// Fills `{name}` placeholders of a template.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The current language, reactively.
pub fn lang() -> Lang {
    super::prefs::use_prefs().lang.get()
}

/// A message in the current language; re-renders when the language changes.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = super::prefs::use_prefs().lang;
    move || msg.text(lang.get())
}

/// A message with placeholders filled from reactive arguments.
pub fn tf<F>(msg: Msg, args: F) -> impl Fn() -> String + Clone + Send + Sync + 'static
where
    F: Fn() -> Vec<(&'static str, String)> + Clone + Send + Sync + 'static,
{
    let lang = super::prefs::use_prefs().lang;
    move || fill(msg.text(lang.get()), &args())
}
