//! All text a user reads, in Chinese and English side by side.
//!
//! The table is the single source: each entry must give both languages, so a missing English
//! string is a compile error rather than a gap on screen. Views call [`t`], which follows the
//! language preference reactively; [`tf`] fills `{name}` placeholders.

/// A key of one of the message tables.
pub trait Message: Copy + Send + Sync + 'static {
    fn text(self, lang: Lang) -> &'static str;
}

/// Declares a message table: `Enum { Name: "中文", "English"; … }`. Each page family keeps its
/// own table (see `i18n/`); every table is listed in [`all_messages`] for the tests.
macro_rules! message_table {
    ($table:ident { $($name:ident: $zh:literal, $en:literal;)* }) => {
        /// A key of this message table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $table { $($name),* }

        impl $table {
            pub const ALL: &'static [$table] = &[$($table::$name),*];
        }

        impl $crate::ui::i18n::Message for $table {
            fn text(self, lang: $crate::ui::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(($table::$name, $crate::ui::i18n::Lang::Zh) => $zh,
                      ($table::$name, $crate::ui::i18n::Lang::En) => $en,)*
                }
            }
        }
    };
}

mod accounts;
mod admin;
mod booking;
mod directory;
mod feedback;
mod messages;

use leptos::prelude::*;

pub use accounts::AccMsg;
pub use admin::AdmMsg;
pub use booking::BookMsg;
pub use directory::DirMsg;
pub use feedback::FbMsg;
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

/// Every message of every table as (key, zh-CN, en), for completeness tests.
pub fn all_messages() -> Vec<(String, &'static str, &'static str)> {
    fn table<M: Message + std::fmt::Debug>(
        all: &[M],
    ) -> impl Iterator<Item = (String, &'static str, &'static str)> + '_ {
        all.iter()
            .map(|m| (format!("{m:?}"), m.text(Lang::Zh), m.text(Lang::En)))
    }
    table(Msg::ALL)
        .chain(table(AccMsg::ALL))
        .chain(table(AdmMsg::ALL))
        .chain(table(DirMsg::ALL))
        .chain(table(BookMsg::ALL))
        .chain(table(FbMsg::ALL))
        .collect()
}

/// A message in the current language; re-renders when the language changes.
pub fn t<M: Message>(msg: M) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = super::prefs::use_prefs().lang;
    move || msg.text(lang.get())
}

/// A message with placeholders filled from reactive arguments.
pub fn tf<M: Message, F>(msg: M, args: F) -> impl Fn() -> String + Clone + Send + Sync + 'static
where
    F: Fn() -> Vec<(&'static str, String)> + Clone + Send + Sync + 'static,
{
    let lang = super::prefs::use_prefs().lang;
    move || fill(msg.text(lang.get()), &args())
}
