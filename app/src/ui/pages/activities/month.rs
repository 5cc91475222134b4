//! The month calendar of activities (月历): a grid of the month's weeks, each day listing what
//! is on, on wide screens; the same month as a list of days on a phone.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::activities::{Activity, ActivityList},
    ui::{
        client,
        components::status::{ErrorNotice, Loading},
        i18n::{ActMsg, Lang, lang, t},
    },
};

use super::{add_days, date_label, this_month_cn, today_cn, weekday};
use crate::ui::pages::booking::weekday_name;

/// The dates of a month's grid, Monday first: whole weeks, days outside the month as `None`.
pub fn weeks(month: &str) -> Vec<[Option<String>; 7]> {
    let first = format!("{month}-01");
    let mut day = add_days(&first, 1 - i64::from(weekday(&first)));
    let mut weeks = Vec::new();
    loop {
        let mut week: [Option<String>; 7] = Default::default();
        for cell in &mut week {
            *cell = day.starts_with(month).then(|| day.clone());
            day = add_days(&day, 1);
        }
        weeks.push(week);
        if !day.starts_with(month) {
            break;
        }
    }
    weeks
}

/// `2026-12` moved by `n` months.
pub fn shift_month(month: &str, n: i64) -> String {
    let (y, m) = month.split_once('-').unwrap_or(("2026", "01"));
    let index = y.parse::<i64>().unwrap_or(2026) * 12 + m.parse::<i64>().unwrap_or(1) - 1 + n;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// The last date of a month.
fn last_day(month: &str) -> String {
    add_days(&format!("{}-01", shift_month(month, 1)), -1)
}

/// `2026年12月` / `December 2026`.
pub fn month_label(month: &str, lang: Lang) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m) = month.split_once('-').unwrap_or(("", ""));
    let m: usize = m.parse().unwrap_or(1);
    match lang {
        Lang::Zh => format!("{y}年{m}月"),
        Lang::En => format!("{} {y}", EN[m.clamp(1, 12) - 1]),
    }
}

/// Every activity of the month matching `query` (region, kind, audience), following the
/// pages (at most 500).
async fn load(month: String, query: String) -> Result<Vec<Activity>, client::ApiError> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..5 {
        let mut path = format!(
            "/api/v1/activities?limit=100&from={month}-01&to={}",
            last_day(&month)
        );
        if !query.is_empty() {
            path.push('&');
            path.push_str(&query);
        }
        if let Some(c) = &cursor {
            path.push_str("&cursor=");
            path.push_str(&String::from(js_sys::encode_uri_component(c)));
        }
        let page = client::get::<ActivityList>(&path).await?;
        all.extend(page.items);
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    Ok(all)
}

/// The month calendar; `query` is the list's filters (without dates) as a query string.
#[component]
pub fn MonthView(
    /// `region=…&kind=…&audience=…`.
    query: Signal<String>,
) -> impl IntoView {
    let month = RwSignal::new(this_month_cn());
    let list = LocalResource::new(move || load(month.get(), query.get()));
    view! {
        <section class="month-view" aria-labelledby="month-title">
            <div class="month-nav">
                <button type="button" class="button secondary small" on:click=move |_| month.update(|m| *m = shift_month(m, -1))>
                    {t(ActMsg::PrevMonth)}
                </button>
                <h2 id="month-title" aria-live="polite">{move || month_label(&month.get(), lang())}</h2>
                <button type="button" class="button secondary small" on:click=move |_| month.update(|m| *m = shift_month(m, 1))>
                    {t(ActMsg::NextMonth)}
                </button>
            </div>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || list.get().map(|r| match r {
                    Ok(items) => view! { <Month month=month.get_untracked() items /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// `09:30 太极拳班` of an activity, in the reader's language.
fn line(a: &Activity, l: Lang) -> String {
    format!(
        "{} {}",
        a.starts_at.get(11..16).unwrap_or_default(),
        a.title.get(l.tag())
    )
}

#[component]
fn Month(
    /// `YYYY-MM`.
    month: String,
    /// The month's activities, soonest first.
    items: Vec<Activity>,
) -> impl IntoView {
    let today = today_cn();
    let on = move |date: &str| -> Vec<Activity> {
        items
            .iter()
            .filter(|a| a.starts_at.starts_with(date))
            .cloned()
            .collect()
    };
    let weeks = weeks(&month);
    let days: Vec<(String, Vec<Activity>)> = weeks
        .iter()
        .flatten()
        .flatten()
        .map(|d| (d.clone(), on(d)))
        .filter(|(_, list)| !list.is_empty())
        .collect();
    let grid = weeks
        .into_iter()
        .map(|week| {
            let cells = week
                .into_iter()
                .map(|cell| match cell {
                    None => view! { <td class="outside"></td> }.into_any(),
                    Some(date) => {
                        let list = on(&date);
                        let is_today = date == today;
                        let number = date
                            .get(8..)
                            .unwrap_or_default()
                            .trim_start_matches('0')
                            .to_owned();
                        view! {
                    <td class:today=is_today aria-current=is_today.then_some("date")>
                        <span class="day-number">{number}</span>
                        <ul>
                            {list.into_iter().map(|a| {
                                let href = format!("/activities/{}", a.id);
                                {
                                    let a2 = a.clone();
                                    view! { <li><A href=href attr:title=move || line(&a2, lang())>{move || line(&a, lang())}</A></li> }
                                }
                            }).collect_view()}
                        </ul>
                    </td>
                }.into_any()
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let empty = days.is_empty();
    view! {
        <table class="month-grid">
            <caption class="visually-hidden">{move || month_label(&month, lang())}</caption>
            <thead>
                <tr>
                    {(1..=7).map(|d| view! { <th scope="col">{move || weekday_name(d, lang())}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>{grid}</tbody>
        </table>
        <ol class="month-agenda">
            {days.into_iter().map(|(date, list)| view! {
                <li>
                    <h3>{move || date_label(&date, lang())}</h3>
                    <ul>
                        {list.into_iter().map(|a| {
                            let href = format!("/activities/{}", a.id);
                            view! { <li><A href=href>{move || line(&a, lang())}</A></li> }
                        }).collect_view()}
                    </ul>
                </li>
            }).collect_view()}
        </ol>
        {empty.then(|| view! { <p class="muted">{t(ActMsg::NoActivitiesMonth)}</p> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_grid_is_whole_weeks_from_monday() {
        // December 2026 starts on a Tuesday and ends on a Thursday: five weeks.
        let w = weeks("2026-12");
        assert_eq!(w.len(), 5);
        assert_eq!(w[0][0], None);
        assert_eq!(w[0][1].as_deref(), Some("2026-12-01"));
        assert_eq!(w[4][3].as_deref(), Some("2026-12-31"));
        assert_eq!(w[4][4], None);
        // February 2027 starts on a Monday: four whole weeks.
        assert_eq!(weeks("2027-02").len(), 4);
    }

    #[test]
    fn months_shift_across_years() {
        assert_eq!(shift_month("2026-12", 1), "2027-01");
        assert_eq!(shift_month("2026-01", -1), "2025-12");
        assert_eq!(last_day("2028-02"), "2028-02-29");
        assert_eq!(month_label("2026-12", Lang::En), "December 2026");
        assert_eq!(month_label("2026-12", Lang::Zh), "2026年12月");
    }
}
