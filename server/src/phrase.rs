//! Text the server writes for people (a case's timeline), kept as a message code and values and
//! rendered in each reader's language when read, so that nothing is stored in one language
//! only. The templates live with the domains' messages ([`crate::error::messages`]).
use crate::{error::messages, lang::Lang};

/// A sentence to store: its code and the values its template names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub code: &'static str,
    pub params: Vec<(&'static str, String)>,
}

impl Phrase {
    pub fn new(code: &'static str) -> Self {
        Self {
            code,
            params: Vec::new(),
        }
    }

    pub fn param(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }

    /// A value with words in each language: `zh` under `name`, `en` under `name_en` (which
    /// [`render`] uses for `name` in English).
    pub fn words(
        self,
        name: &'static str,
        name_en: &'static str,
        zh: impl ToString,
        en: impl ToString,
    ) -> Self {
        self.param(name, zh).param(name_en, en)
    }

    /// The sentence in both languages, for what keeps both (a notification); `known` as for
    /// [`render`].
    pub fn both(&self, known: &[(&str, &str)]) -> app::api::Text {
        let mut params: Vec<(&str, &str)> =
            self.params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        params.extend_from_slice(known);
        app::api::Text::new(
            messages::render(self.code, &params, Lang::Zh),
            Some(messages::render(self.code, &params, Lang::En)),
        )
    }

    /// The values as stored: a JSON object of strings, or none.
    pub fn params_json(&self) -> Option<String> {
        (!self.params.is_empty()).then(|| {
            let map: serde_json::Map<String, serde_json::Value> = self
                .params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.clone())))
                .collect();
            serde_json::Value::Object(map).to_string()
        })
    }
}

/// A stored code and values in a language; `known` adds values read beside them (a
/// department's name in the reader's language). A value named `<name>_en` stands for `<name>`
/// in English (a place's English name). Values that are not strings are ignored.
pub fn render(
    code: &str,
    params_json: Option<&str>,
    known: &[(&str, String)],
    lang: Lang,
) -> String {
    let stored: serde_json::Map<String, serde_json::Value> = params_json
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or_default();
    let strings = || {
        stored
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
    };
    // The first value given for a name wins, so the English ones go first.
    let mut params: Vec<(&str, &str)> = match lang {
        Lang::En => strings()
            .filter_map(|(k, v)| Some((k.strip_suffix("_en")?, v)))
            .collect(),
        Lang::Zh => Vec::new(),
    };
    params.extend(strings());
    params.extend(known.iter().map(|(k, v)| (*k, v.as_str())));
    messages::render(code, &params, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_is_stored_as_json_and_rendered_in_either_language() {
        crate::register_messages();
        let p = Phrase::new("timeline_extended").param("date", "2026-12-20");
        let json = p.params_json();
        assert_eq!(json.as_deref(), Some(r#"{"date":"2026-12-20"}"#));
        let known = [("body", "材料待补充".to_owned())];
        assert_eq!(
            render(p.code, json.as_deref(), &known, Lang::Zh),
            "办理期限延长至 2026-12-20：材料待补充"
        );
        assert_eq!(
            render(p.code, json.as_deref(), &known, Lang::En),
            "Deadline extended to 2026-12-20: 材料待补充"
        );
        assert_eq!(Phrase::new("timeline_merged").params_json(), None);
        let placed = Phrase::new("timeline_placed")
            .param("community", "红荔社区")
            .param("community_en", "Hongli")
            .param("queue", "福田区")
            .param("queue_en", "Futian");
        let json = placed.params_json();
        assert_eq!(
            render(placed.code, json.as_deref(), &[], Lang::En),
            "Placed in Hongli (was in the triage queue of Futian)"
        );
        assert_eq!(
            render(placed.code, json.as_deref(), &[], Lang::Zh),
            "已定位到红荔社区（原在分拣队列：福田区）"
        );
        // A broken value never fails a read.
        assert!(!render("timeline_extended", Some("not json"), &[], Lang::En).is_empty());
    }
}
