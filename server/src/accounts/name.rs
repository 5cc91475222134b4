//! A person's name as stored, and as others read it.
use crate::{error::messages, lang::Lang};

/// The name of an account as it is stored. A deleted account keeps its row (records point at
/// it) but not its name: it stores [`PersonName::DELETED`], which nobody can choose (names are
/// trimmed), and reads as "deleted account" in the reader's language — nothing is stored in
/// one language only.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct PersonName(String);

impl PersonName {
    /// What a deleted account stores as its name.
    pub const DELETED: &str = " ";

    /// A name read by a layer below the accounts (the audit log's actor).
    pub fn stored(name: String) -> Self {
        Self(name)
    }

    /// The name in the language of the current request.
    pub fn shown(&self) -> String {
        self.shown_in(Lang::current())
    }

    pub fn shown_in(&self, lang: Lang) -> String {
        if self.0 == Self::DELETED {
            messages::render::<&str, &str>("deleted_account_name", &[], lang)
        } else {
            self.0.clone()
        }
    }

    /// The name masked for a stranger (李** for 李阿姨); a deleted account reads as one.
    pub fn masked(&self) -> String {
        if self.0 == Self::DELETED {
            self.shown()
        } else {
            app::api::accounts::mask_name(&self.0)
        }
    }

    /// The name exactly as the account holder gave it (their own data).
    pub fn as_given(&self) -> &str {
        &self.0
    }
}

/// An optional name (a joined account that may be absent) in the current request's language.
pub fn shown(name: Option<&PersonName>) -> Option<String> {
    name.map(PersonName::shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deleted_account_reads_in_the_readers_language_and_others_as_given() {
        crate::register_messages();
        let gone = PersonName(PersonName::DELETED.to_owned());
        assert_eq!(gone.shown_in(Lang::Zh), "已注销用户");
        assert_eq!(gone.shown_in(Lang::En), "Deleted account");
        let named = PersonName("李阿姨".to_owned());
        assert_eq!(named.shown_in(Lang::En), "李阿姨");
        assert_eq!(named.as_given(), "李阿姨");
    }
}
