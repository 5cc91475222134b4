//! The activity form's state: every field as text while it is edited, filled from an
//! activity or for a new one, and the [`ActivityInput`] it makes.
use leptos::prelude::*;

use crate::api::activities::{Activity, ActivityInput, ActivityKind, Repeat};

use super::{add_days, input_of_instant, local_instant, some_text, today_cn};

/// Every field of the form, as text while being edited.
#[derive(Clone, Copy)]
pub struct Fields {
    pub(super) community: RwSignal<String>,
    pub(super) kind: RwSignal<String>,
    pub(super) audiences: RwSignal<Vec<String>>,
    pub(super) title_zh: RwSignal<String>,
    pub(super) title_en: RwSignal<String>,
    pub(super) description_zh: RwSignal<String>,
    pub(super) description_en: RwSignal<String>,
    pub(super) venue: RwSignal<String>,
    pub(super) place_zh: RwSignal<String>,
    pub(super) place_en: RwSignal<String>,
    pub(super) date: RwSignal<String>,
    pub(super) start: RwSignal<String>,
    pub(super) end: RwSignal<String>,
    pub(super) capacity: RwSignal<String>,
    pub(super) companions: RwSignal<String>,
    pub(super) signup_opens: RwSignal<String>,
    pub(super) signup_closes: RwSignal<String>,
    pub(super) cost_zh: RwSignal<String>,
    pub(super) cost_en: RwSignal<String>,
    pub(super) accessibility_zh: RwSignal<String>,
    pub(super) accessibility_en: RwSignal<String>,
    pub(super) repeat: RwSignal<bool>,
    pub(super) until: RwSignal<String>,
    pub(super) skip: RwSignal<Vec<String>>,
}

fn text(s: impl Into<String>) -> RwSignal<String> {
    RwSignal::new(s.into())
}

/// `HH:MM` of an RFC 3339 instant.
fn time_of(s: &str) -> String {
    s.get(11..16).unwrap_or_default().to_owned()
}

impl Fields {
    /// A new activity tomorrow morning, or the fields of `existing`.
    pub fn new(existing: Option<&Activity>) -> Self {
        let Some(a) = existing else {
            return Self::blank();
        };
        let en = |t: &crate::api::Text| t.en.clone().unwrap_or_default();
        // With a venue and no place of its own, the place shown is the venue's (its name first).
        let own_place = a
            .venue
            .as_ref()
            .is_none_or(|v| !a.place.zh.starts_with(&v.name.zh));
        let cost = a.cost.clone().unwrap_or_default();
        Self {
            community: text(a.community.code.clone()),
            kind: text(a.kind.as_str()),
            audiences: RwSignal::new(a.audiences.clone()),
            title_zh: text(a.title.zh.clone()),
            title_en: text(en(&a.title)),
            description_zh: text(a.description.zh.clone()),
            description_en: text(en(&a.description)),
            venue: text(
                a.venue
                    .as_ref()
                    .map(|v| v.id.to_string())
                    .unwrap_or_default(),
            ),
            place_zh: text(if own_place {
                a.place.zh.clone()
            } else {
                String::new()
            }),
            place_en: text(if own_place {
                en(&a.place)
            } else {
                String::new()
            }),
            date: text(a.starts_at.get(..10).unwrap_or_default()),
            start: text(time_of(&a.starts_at)),
            end: text(time_of(&a.ends_at)),
            capacity: text(a.capacity.to_string()),
            companions: text(a.max_companions.to_string()),
            signup_opens: text(
                a.signup_opens_at
                    .as_deref()
                    .map(input_of_instant)
                    .unwrap_or_default(),
            ),
            // Closing at the start is the default: left empty, it follows a new start.
            signup_closes: text(if a.signup_closes_at == a.starts_at {
                String::new()
            } else {
                input_of_instant(&a.signup_closes_at)
            }),
            cost_zh: text(cost.zh.clone()),
            cost_en: text(en(&cost)),
            accessibility_zh: text(a.accessibility.zh.clone()),
            accessibility_en: text(en(&a.accessibility)),
            repeat: RwSignal::new(false),
            until: text(""),
            skip: RwSignal::new(Vec::new()),
        }
    }

    fn blank() -> Self {
        let tomorrow = add_days(&today_cn(), 1);
        Self {
            community: text(""),
            kind: text(ActivityKind::Culture.as_str()),
            audiences: RwSignal::new(Vec::new()),
            title_zh: text(""),
            title_en: text(""),
            description_zh: text(""),
            description_en: text(""),
            venue: text(""),
            place_zh: text(""),
            place_en: text(""),
            until: text(add_days(&tomorrow, 28)),
            date: text(tomorrow),
            start: text("09:00"),
            end: text("10:30"),
            capacity: text("30"),
            companions: text("0"),
            signup_opens: text(""),
            signup_closes: text(""),
            cost_zh: text(""),
            cost_en: text(""),
            accessibility_zh: text(""),
            accessibility_en: text(""),
            repeat: RwSignal::new(false),
            skip: RwSignal::new(Vec::new()),
        }
    }

    /// What the API is sent; `repeat` only when creating.
    pub fn input(self, creating: bool) -> ActivityInput {
        let g = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let date = g(self.date);
        let at = |time: RwSignal<String>| {
            let time = g(time);
            format!("{date}T{}:00+08:00", time.get(..5).unwrap_or(&time))
        };
        ActivityInput {
            community: g(self.community),
            organization_id: None,
            title_zh: g(self.title_zh),
            title_en: some_text(&g(self.title_en)),
            description_zh: g(self.description_zh),
            description_en: some_text(&g(self.description_en)),
            kind: g(self.kind),
            audiences: self.audiences.get_untracked(),
            venue_id: g(self.venue).parse().ok(),
            place_zh: g(self.place_zh),
            place_en: some_text(&g(self.place_en)),
            start: at(self.start),
            end: at(self.end),
            capacity: g(self.capacity).parse().unwrap_or(0),
            max_companions: g(self.companions).parse().unwrap_or(0),
            signup_opens: local_instant(&g(self.signup_opens)),
            signup_closes: local_instant(&g(self.signup_closes)),
            cost_zh: some_text(&g(self.cost_zh)),
            cost_en: some_text(&g(self.cost_en)),
            accessibility_zh: g(self.accessibility_zh),
            accessibility_en: some_text(&g(self.accessibility_en)),
            repeat: (creating && self.repeat.get_untracked()).then(|| Repeat {
                weekly_until: g(self.until),
                skip: self.skip.get_untracked(),
            }),
        }
    }
}

/// The API fields shown next to their inputs (other errors show above the form).
pub const FIELDS: &[&str] = &[
    "community",
    "kind",
    "audiences",
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "venue_id",
    "place_zh",
    "place_en",
    "start",
    "end",
    "capacity",
    "max_companions",
    "signup_opens",
    "signup_closes",
    "cost_zh",
    "cost_en",
    "accessibility_zh",
    "accessibility_en",
    "repeat.weekly_until",
    "repeat.skip",
];
