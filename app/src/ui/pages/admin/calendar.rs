//! `/admin/calendar`: the holidays and make-up working days (调休) of this year and the next,
//! and the confirmation that a year's schedule is complete.
mod day_form;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    api::{
        accounts::Role,
        calendar::{CalendarDay, CalendarYear, DayKind, SetCalendarYear},
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{AdmMsg, Lang, Message, fill, lang, t, tf},
        pages::booking::{weekday, weekday_name},
        prefs::use_prefs,
    },
};

use super::{admin_action, focus_soon, notices::AdminNoticeBanner};
use day_form::{DayDraft, DayForm};

/// The calendar page, for administrators (the server lets city administrators change it).
#[component]
pub fn AdminCalendar() -> impl IntoView {
    view! {
        <RequireLogin roles=&[Role::Admin]>
            <CalendarContent />
        </RequireLogin>
    }
}

/// What the parts of the page share: reading the year again after a change, and saying what
/// was done.
#[derive(Clone, Copy)]
struct Page {
    changes: RwSignal<u32>,
    done: RwSignal<Option<String>>,
    lang: RwSignal<Lang>,
}

impl Page {
    fn changed(self, msg: AdmMsg, args: &[(&str, String)]) {
        self.done
            .set(Some(fill(msg.text(self.lang.get_untracked()), args)));
        self.changes.update(|n| *n += 1);
        focus_soon("calendar-done".to_owned());
    }
}

pub fn kind_label(kind: DayKind) -> AdmMsg {
    match kind {
        DayKind::Holiday => AdmMsg::KindHoliday,
        DayKind::Workday => AdmMsg::KindWorkday,
    }
}

#[component]
fn CalendarContent() -> impl IntoView {
    let query = use_query_map();
    let this_year = i16::try_from(js_sys::Date::new_0().get_full_year()).unwrap_or(2026);
    let year = Memo::new(move |_| {
        query
            .with(|q| q.get("year").and_then(|y| y.parse::<i16>().ok()))
            .filter(|y| (2000..=2100).contains(y))
            .unwrap_or(this_year)
    });
    let page = Page {
        changes: RwSignal::new(0),
        done: RwSignal::new(None),
        lang: use_prefs().lang,
    };
    let days = LocalResource::new(move || {
        let y = year.get();
        page.changes.track();
        async move { client::get_fresh::<CalendarYear>(&format!("/api/v1/calendar?year={y}")).await }
    });
    let years = move || {
        let mut ys = vec![this_year, this_year + 1];
        if !ys.contains(&year.get()) {
            ys.push(year.get());
        }
        ys
    };
    view! {
        <section class="page admin calendar-admin">
            <h1>{t(AdmMsg::AdminCalendar)}</h1>
            <p class="lead">{t(AdmMsg::CalendarLead)}</p>
            <AdminNoticeBanner version=page.changes />
            <nav class="tabs" aria-label=t(AdmMsg::CalendarYears)>
                {move || years().into_iter().map(|y| view! {
                    <a class="button secondary" href=format!("/admin/calendar?year={y}")
                        aria-current=move || (year.get() == y).then_some("page")>
                        {tf(AdmMsg::YearN, move || vec![("year", y.to_string())])}
                    </a>
                }).collect_view()}
            </nav>
            <div role="status" aria-live="polite">
                {move || page.done.get().map(|text| view! {
                    <p class="status ok" id="calendar-done" tabindex="-1">{text}</p>
                })}
            </div>
            <Suspense fallback=Loading>
                {move || days.get().map(|r| match r {
                    Ok(cal) => view! { <YearView page cal /> }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice error retry=Callback::new(move |()| days.refetch()) />
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// One year: its confirmation, the form to add or correct a day, the listed days.
#[component]
fn YearView(
    /// The page.
    page: Page,
    /// The year as the server has it.
    cal: CalendarYear,
) -> impl IntoView {
    let draft = DayDraft::new(cal.year);
    view! {
        <ConfirmYear page year=cal.year confirmed=cal.confirmed />
        <DayForm page draft />
        <DayList page year=cal.year days=cal.days draft />
    }
}

/// "This year's schedule is complete": the switch that settles the reminder.
#[component]
fn ConfirmYear(
    /// The page.
    page: Page,
    /// The year.
    year: i16,
    /// Whether it is confirmed now.
    confirmed: bool,
) -> impl IntoView {
    let error: FormError = RwSignal::new(None);
    let year_arg = move || vec![("year", year.to_string())];
    let confirm = admin_action(
        error,
        page.lang,
        move |body: SetCalendarYear| async move {
            let path = format!("/api/v1/admin/calendar/years/{year}");
            client::send::<_, CalendarYear>("PUT", &path, &body).await
        },
        move |cal| {
            let msg = if cal.confirmed {
                AdmMsg::DoneYearConfirmed
            } else {
                AdmMsg::DoneYearUnconfirmed
            };
            page.changed(msg, &year_arg());
        },
    );
    let toggle = move |ev: leptos::ev::Event| {
        confirm.dispatch_local(SetCalendarYear {
            confirmed: event_target_checked(&ev),
        });
    };
    view! {
        <div class="card confirm-year" class:confirmed=confirmed>
            <p class="year-state">
                <span class=if confirmed { "badge state-ok" } else { "badge state-wait" }>
                    {t(if confirmed { AdmMsg::YearConfirmed } else { AdmMsg::YearNotConfirmed })}
                </span>
            </p>
            <label class="check">
                <input type="checkbox" prop:checked=confirmed disabled=move || confirm.pending().get()
                    aria-describedby="confirm-year-hint" on:change=toggle />
                {tf(AdmMsg::ConfirmYear, year_arg)}
            </label>
            <p class="field-hint" id="confirm-year-hint">{t(AdmMsg::ConfirmYearHint)}</p>
            <FormAlert error fields=&[] />
        </div>
    }
}

/// The listed days, each with buttons to correct (fills the form above) or delete it.
#[component]
fn DayList(
    /// The page.
    page: Page,
    /// The year.
    year: i16,
    /// Its listed days.
    days: Vec<CalendarDay>,
    /// The form's fields, filled by "edit".
    draft: DayDraft,
) -> impl IntoView {
    let error: FormError = RwSignal::new(None);
    let count = days.len();
    let remove = admin_action(
        error,
        page.lang,
        |date: String| async move {
            client::delete::<()>(&format!("/api/v1/admin/calendar/{date}"))
                .await
                .map(|()| date)
        },
        move |date| page.changed(AdmMsg::DoneDayDeleted, &[("date", date)]),
    );
    let delete = move |date: String| {
        remove.dispatch_local(date);
    };
    view! {
        <section class="card" aria-labelledby="days-title">
            <h2 id="days-title">{tf(AdmMsg::DaysOfYear, move || vec![("year", year.to_string())])}</h2>
            <p class="muted">{tf(AdmMsg::DaysCount, move || vec![("n", count.to_string())])}</p>
            <FormAlert error fields=&[] />
            {days.is_empty().then(|| view! { <p>{t(AdmMsg::NoDays)}</p> })}
            <ul class="day-list">
                {days.into_iter().map(|day| {
                    let date = day.date.clone();
                    let (delete_date, weekday_of) = (date.clone(), date.clone());
                    let for_label = date.clone();
                    let label = move |msg: AdmMsg| {
                        let date = for_label.clone();
                        tf(msg, move || vec![("date", date.clone())])
                    };
                    let name = day.name.clone();
                    let en = day.name.en.clone();
                    let filled = day.clone();
                    view! {
                        <li class=format!("day-row kind-{}", if day.kind == DayKind::Holiday { "holiday" } else { "workday" })>
                            <span class="day-date">
                                <time datetime=date.clone()>{date.clone()}</time>
                                " "
                                <span class="muted">{move || weekday_name(weekday(&weekday_of), lang())}</span>
                            </span>
                            <span class=if day.kind == DayKind::Holiday { "badge state-ok" } else { "badge state-wait" }>
                                {t(kind_label(day.kind))}
                            </span>
                            <span class="day-name">
                                {move || name.get(lang().tag()).to_owned()}
                                {en.map(|en| view! { " " <span class="muted" lang="en">{en}</span> })}
                            </span>
                            <span class="actions">
                                <button type="button" class="button small secondary" aria-label=label(AdmMsg::EditNamed)
                                    on:click=move |_| draft.fill(&filled)>
                                    {t(AdmMsg::Edit)}
                                </button>
                                <button type="button" class="button small secondary" aria-label=label(AdmMsg::DeleteNamed)
                                    disabled=move || remove.pending().get()
                                    on:click=move |_| delete(delete_date.clone())>
                                    {t(AdmMsg::Delete)}
                                </button>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
