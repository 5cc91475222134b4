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
                // One table indexed by the key (variants count from 0 in this order): smaller
                // in the first load than a `match` of every key and language.
                const TEXTS: &[[&str; 2]] = &[$([$zh, $en]),*];
                TEXTS[self as usize][lang as usize]
            }
        }
    };
}

mod accounts;
mod activities;
mod admin;
mod booking;
mod directory;
mod feedback;
mod messages;
mod volunteers;

use leptos::prelude::*;

pub use accounts::AccMsg;
pub use activities::ActMsg;
pub use admin::AdmMsg;
pub use booking::BookMsg;
pub use directory::DirMsg;
pub use feedback::FbMsg;
pub use messages::Msg;
pub use volunteers::VolMsg;

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

/// `x` with `decimals` (0 to 6) digits after the point, rounded half away from zero. Written
/// without `format!("{x:.1}")`: `core`'s float formatter costs about 2 KB of the first load
/// once any page uses it (shared code stays in the main module).
pub fn fixed(x: f64, decimals: u32) -> String {
    let scale = 10_u64.pow(decimals.min(6));
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let n = (x.abs() * scale as f64).round() as u64;
    let sign = if x < 0.0 && n > 0 { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{n}")
    } else {
        let width = decimals.min(6) as usize;
        format!("{sign}{}.{:0width$}", n / scale, n % scale)
    }
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
        .chain(table(ActMsg::ALL))
        .chain(table(VolMsg::ALL))
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

#[cfg(test)]
mod tests {
    use super::fixed;

    #[test]
    fn fixed_rounds_half_away_from_zero_and_pads() {
        assert_eq!(fixed(12.345, 2), "12.35");
        assert_eq!(fixed(0.05, 1), "0.1");
        assert_eq!(fixed(3.0, 1), "3.0");
        assert_eq!(fixed(99.5, 0), "100");
        assert_eq!(fixed(-1.25, 1), "-1.3");
        assert_eq!(fixed(-0.01, 1), "0.0");
        assert_eq!(fixed(22.543_21, 5), "22.54321");
        assert_eq!(fixed(114.057_8, 5), "114.05780");
    }
}
