//! Text that exists in Chinese and, where translated, in English.
use serde::{Deserialize, Serialize};

/// A bilingual text. Chinese is always present; English falls back to Chinese when missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    pub zh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: Option<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.filter(|e| !e.trim().is_empty()),
        }
    }

    /// The English text, or the Chinese where there is none.
    pub fn en_or_zh(&self) -> &str {
        self.en.as_deref().unwrap_or(&self.zh)
    }

    /// The text for a language tag; anything but English gets Chinese.
    pub fn get(&self, lang: &str) -> &str {
        match (&self.en, lang.starts_with("en")) {
            (Some(en), true) => en,
            _ => &self.zh,
        }
    }
}

/// Chinese only (names written before they had an English one, test data).
impl From<String> for Text {
    fn from(zh: String) -> Self {
        Self::new(zh, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_falls_back_to_chinese_when_missing() {
        let t = Text::new("社区", None);
        assert_eq!(t.get("en"), "社区");
        assert_eq!(t.get("zh-CN"), "社区");
    }

    #[test]
    fn blank_english_counts_as_missing() {
        let t = Text::new("社区", Some("  ".into()));
        assert_eq!(t.en, None);
    }

    #[test]
    fn english_is_used_for_english_tags() {
        let t = Text::new("社区", Some("Community".into()));
        assert_eq!(t.get("en-GB"), "Community");
        assert_eq!(t.get("zh"), "社区");
    }
}
