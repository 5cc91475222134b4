//! Adding or correcting one date of the calendar: holiday or make-up working day, named in
//! Chinese and, optionally, English.
use leptos::prelude::*;

use crate::{
    api::calendar::{CalendarDay, DayKind, SetCalendarDay},
    ui::{
        client,
        components::form::{FormAlert, FormError, SubmitButton, TextField},
        i18n::{AdmMsg, t},
        pages::admin::{admin_action, focus_soon},
    },
};

use super::{Page, kind_label};

/// The form's fields; "edit" in the list fills them.
#[derive(Clone, Copy)]
pub(super) struct DayDraft {
    year: i16,
    date: RwSignal<String>,
    holiday: RwSignal<bool>,
    name_zh: RwSignal<String>,
    name_en: RwSignal<String>,
}

impl DayDraft {
    pub(super) fn new(year: i16) -> Self {
        Self {
            year,
            date: RwSignal::new(String::new()),
            holiday: RwSignal::new(true),
            name_zh: RwSignal::new(String::new()),
            name_en: RwSignal::new(String::new()),
        }
    }

    /// Puts a listed day into the form and takes the user there.
    pub(super) fn fill(self, day: &CalendarDay) {
        self.date.set(day.date.clone());
        self.holiday.set(day.kind == DayKind::Holiday);
        self.name_zh.set(day.name.zh.clone());
        self.name_en.set(day.name.en.clone().unwrap_or_default());
        focus_soon("day-date".to_owned());
    }
}

/// `PUT /api/v1/admin/calendar/{date}`.
#[component]
pub(super) fn DayForm(
    /// The page.
    page: Page,
    /// The fields.
    draft: DayDraft,
) -> impl IntoView {
    let error: FormError = RwSignal::new(None);
    let save = admin_action(
        error,
        page.lang,
        |(date, body): (String, SetCalendarDay)| async move {
            let path = format!("/api/v1/admin/calendar/{date}");
            client::send::<_, CalendarDay>("PUT", &path, &body).await
        },
        move |day| page.changed(AdmMsg::DoneDaySaved, &[("date", day.date)]),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let date = draft.date.get_untracked();
        let body = SetCalendarDay {
            kind: if draft.holiday.get_untracked() {
                DayKind::Holiday
            } else {
                DayKind::Workday
            },
            name_zh: draft.name_zh.get_untracked().trim().to_owned(),
            name_en: Some(draft.name_en.get_untracked().trim().to_owned())
                .filter(|s| !s.is_empty()),
        };
        save.dispatch_local((date, body));
    };
    let (min, max) = (
        format!("{}-01-01", draft.year),
        format!("{}-12-31", draft.year),
    );
    view! {
        <form class="card form day-form" on:submit=on_submit novalidate aria-labelledby="day-form-title">
            <h2 id="day-form-title">{t(AdmMsg::SetDay)}</h2>
            <p class="field-hint">{t(AdmMsg::SetDayHint)}</p>
            <FormAlert error fields=&["name_zh", "name_en"] />
            <div class="field">
                <label for="day-date">{t(AdmMsg::Date)}</label>
                <input id="day-date" name="date" type="date" required min=min max=max bind:value=draft.date />
            </div>
            <div class="field">
                <label for="day-kind">{t(AdmMsg::Kind)}</label>
                <select id="day-kind" on:change=move |ev| draft.holiday.set(event_target_value(&ev) == "holiday")>
                    <option value="holiday" prop:selected=move || draft.holiday.get()>{t(kind_label(DayKind::Holiday))}</option>
                    <option value="workday" prop:selected=move || !draft.holiday.get()>{t(kind_label(DayKind::Workday))}</option>
                </select>
            </div>
            <TextField id="day-name-zh" field="name_zh" label=AdmMsg::NameZh value=draft.name_zh error />
            <TextField id="day-name-en" field="name_en" label=AdmMsg::NameEn value=draft.name_en error
                required=false lang="en" />
            <SubmitButton label=AdmMsg::Save busy_label=AdmMsg::Saving busy=save.pending() />
        </form>
    }
}
