//! The language of human-readable messages, negotiated from `Accept-Language`.
use axum::http::{HeaderMap, header::ACCEPT_LANGUAGE};

/// The two languages Linli speaks. Chinese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

tokio::task_local! {
    /// Language of the request being handled, set by [`crate::http`]'s middleware so that
    /// errors rendered deep inside a handler speak the caller's language.
    pub static REQUEST_LANG: Lang;
}

impl Lang {
    /// Picks the preferred of zh/en from an `Accept-Language` value; anything else → Chinese.
    pub fn negotiate(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::Zh;
        };
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else if tag == "zh" || tag.starts_with("zh-") {
                Lang::Zh
            } else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map_or(Self::Zh, |(_, l)| l)
    }

    pub fn from_headers(headers: &HeaderMap) -> Self {
        Self::negotiate(headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
    }

    /// The language of the current request, Chinese outside of one.
    pub fn current() -> Self {
        REQUEST_LANG.try_with(|l| *l).unwrap_or_default()
    }

    /// The language tag, as [`app::api::Text::get`] takes it.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_cases() {
        let cases = [
            (None, Lang::Zh, "no header means Chinese"),
            (Some("en"), Lang::En, "plain English"),
            (Some("en-US,en;q=0.9"), Lang::En, "regional English"),
            (Some("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh, "Chinese first"),
            (
                Some("fr-FR,en;q=0.5"),
                Lang::En,
                "English as the only known language",
            ),
            (
                Some("fr-FR,de"),
                Lang::Zh,
                "unknown languages fall back to Chinese",
            ),
            (
                Some("zh;q=0.1,en;q=0.9"),
                Lang::En,
                "q-values decide, not order",
            ),
            (Some("en;q=0"), Lang::Zh, "q=0 means not acceptable"),
            (Some(";;;,=,q=abc"), Lang::Zh, "garbage is ignored"),
        ];
        for (header, want, why) in cases {
            assert_eq!(Lang::negotiate(header), want, "{why}");
        }
    }
}
