//! `/staff/feedback/stats`: figures and SVG charts of the caller's scope.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::feedback::{Accountability, AccountabilityRow, Count, FeedbackStats},
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{FbMsg, Lang, Message as _, lang, t, tf},
        pages::feedback::{
            FEEDBACK_STAFF,
            staff_chart::{BarChart, TrendChart},
        },
    },
};

/// Statistics for staff.
#[component]
pub fn StaffStats() -> impl IntoView {
    view! {
        <RequireLogin roles=FEEDBACK_STAFF>
            <StatsContent />
        </RequireLogin>
    }
}

pub fn pct(v: Option<f64>) -> String {
    v.map_or_else(
        || "—".to_owned(),
        |r| format!("{}%", crate::ui::i18n::fixed(r * 100.0, 1)),
    )
}

fn bars(list: &[Count], l: Lang) -> Vec<(String, i64)> {
    list.iter()
        .take(12)
        .map(|c| (c.label.get(l.tag()).to_owned(), c.count))
        .collect()
}

#[component]
fn StatsContent() -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let stats = LocalResource::new(move || {
        let q = query.get();
        async move { client::get::<FeedbackStats>(&format!("/api/v1/staff/feedback/stats{q}")).await }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts = Vec::new();
        if !from.get_untracked().is_empty() {
            parts.push(format!("from={}", from.get_untracked()));
        }
        if !to.get_untracked().is_empty() {
            parts.push(format!("to={}", to.get_untracked()));
        }
        query.set(if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        });
    };
    view! {
        <section class="page staff-stats">
            <p><A href="/staff/feedback">{t(FbMsg::StaffInbox)}</A>" · "<A href="/staff/feedback/report">{t(FbMsg::Report)}</A></p>
            <h1>{t(FbMsg::Stats)}</h1>
            <form class="filters card" on:submit=on_submit>
                <div class="field"><label for="s-from">{t(FbMsg::From)}</label><input id="s-from" type="date" bind:value=from /></div>
                <div class="field"><label for="s-to">{t(FbMsg::To)}</label><input id="s-to" type="date" bind:value=to /></div>
                <button type="submit" class="button">{t(FbMsg::Show)}</button>
            </form>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || stats.get().map(|r| match r {
                    Ok(s) => view! { <StatsView s /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                })}
            </Suspense>
            <Responsibility query />
        </section>
    }
}

/// Key figures as tiles.
#[component]
pub fn Figures(
    /// The statistics.
    s: FeedbackStats,
) -> impl IntoView {
    let hours = s.median_response_hours;
    let avg = s.average_rating;
    view! {
        <dl class="tiles">
            <div class="tile"><dt>{t(FbMsg::Total)}</dt><dd>{s.total}</dd></div>
            <div class="tile"><dt>{t(FbMsg::OpenCases)}</dt><dd>{s.open}</dd></div>
            <div class="tile"><dt>{t(FbMsg::Overdue)}</dt><dd>{s.overdue}</dd></div>
            <div class="tile"><dt>{t(FbMsg::AcceptOnTime)}</dt><dd>{pct(s.accept_on_time_rate)}</dd></div>
            <div class="tile"><dt>{t(FbMsg::AnswerOnTime)}</dt><dd>{pct(s.answer_on_time_rate)}</dd></div>
            <div class="tile"><dt>{t(FbMsg::MedianResponse)}</dt>
                <dd>{move || hours.map_or_else(|| "—".to_owned(), |h| tf(FbMsg::Hours, move || vec![("n", crate::ui::i18n::fixed(h, 1))])())}</dd></div>
            <div class="tile"><dt>{t(FbMsg::Satisfaction)}</dt><dd>{pct(s.satisfied_rate)}</dd></div>
            <div class="tile"><dt>{t(FbMsg::AverageRating)}</dt><dd>{avg.map_or_else(|| "—".to_owned(), |a| crate::ui::i18n::fixed(a, 2))}</dd></div>
        </dl>
    }
}

#[component]
fn StatsView(
    /// The statistics.
    s: FeedbackStats,
) -> impl IntoView {
    let region = s.region.name.clone();
    let s2 = s.clone();
    view! {
        <p class="muted">{move || region.get(lang().tag()).to_owned()}" · "{s.from.clone()}" – "{s.to.clone()}</p>
        <Figures s=s.clone() />
        {move || {
            let l = lang();
            let s = s2.clone();
            view! {
                <div class="charts">
                    <section><h2>{t(FbMsg::ByCategory)}</h2><BarChart title=t(FbMsg::ByCategory)().to_owned() data=bars(&s.by_category, l) /></section>
                    <section><h2>{t(FbMsg::ByCommunity)}</h2><BarChart title=t(FbMsg::ByCommunity)().to_owned() data=bars(&s.by_community, l) /></section>
                    <section><h2>{t(FbMsg::ByKind)}</h2><BarChart title=t(FbMsg::ByKind)().to_owned() data=bars(&s.by_kind, l) /></section>
                    <section><h2>{t(FbMsg::Trend)}</h2>
                        <TrendChart title=t(FbMsg::Trend)().to_owned()
                            data=s.weekly.iter().map(|p| (p.period.clone(), p.submitted, p.answered)).collect()
                            first=t(FbMsg::Submitted)().to_owned() second=t(FbMsg::Answered)().to_owned() />
                    </section>
                </div>
            }
        }}
    }
}

/// Who is late: cases by department and handler, the CSV, and the overdue list.
#[component]
fn Responsibility(
    /// The query string of the period shown (`?from=…&to=…` or empty).
    query: RwSignal<String>,
) -> impl IntoView {
    let data = LocalResource::new(move || {
        let q = query.get();
        async move {
            client::get::<Accountability>(&format!("/api/v1/staff/feedback/accountability{q}"))
                .await
        }
    });
    view! {
        <section class="accountability">
            <h2 id="by-responsible">{t(FbMsg::ByResponsible)}</h2>
            <p><a class="button secondary" href=move || format!("/api/v1/staff/feedback/accountability.csv{}", query.get()) download="">{t(FbMsg::DownloadCsv)}</a></p>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || data.get().map(|r| match r {
                    Ok(a) => view! { <ResponsibilityView a /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn responsible_cells(row: &AccountabilityRow, l: Lang) -> (String, String) {
    (
        row.department.as_ref().map_or_else(
            || FbMsg::CommitteeItself.text(l).to_owned(),
            |d| d.name.get(l.tag()).to_owned(),
        ),
        row.handler
            .clone()
            .unwrap_or_else(|| FbMsg::NobodyYet.text(l).to_owned()),
    )
}

#[component]
fn ResponsibilityView(
    /// The rows and the overdue list.
    a: Accountability,
) -> impl IntoView {
    move || {
        let l = lang();
        let a = a.clone();
        let none = a.overdue.is_empty();
        let rows = a.rows.into_iter().map(|r| {
            let r = &r;
            let (dept, handler) = responsible_cells(r, l);
            let age = r.open_by_age;
            let late = if r.overdue > 0 { "late" } else { "" };
            view! {
                <tr>
                    <th scope="row">{dept}</th><td>{handler}</td><td>{r.cases}</td><td>{r.open}</td>
                    <td class=late>{r.overdue}</td>
                    <td>{pct(r.accept_on_time_rate)}</td><td>{pct(r.answer_on_time_rate)}</td>
                    <td>{age.up_to_3_days}</td><td>{age.up_to_7_days}</td><td>{age.up_to_30_days}</td><td>{age.older}</td>
                </tr>
            }
        }).collect_view();
        let overdue = a.overdue.into_iter().map(|c| {
            let who = c.department.as_ref().map_or_else(
                || FbMsg::CommitteeItself.text(l).to_owned(),
                |d| d.name.get(l.tag()).to_owned(),
            );
            let handler = c.handler.clone().map(|h| format!(" · {h}")).unwrap_or_default();
            let days = c.days_overdue;
            view! {
                <li>
                    <A href=format!("/staff/feedback/{}", c.id)>{c.title}</A>
                    " · "{c.community.get(l.tag()).to_owned()}" · "{who}{handler}" · "
                    <strong>{tf(FbMsg::DaysOverdue, move || vec![("n", days.to_string())])}</strong>
                </li>
            }
        }).collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="by-responsible">
                <table class="data">
                    <thead><tr>
                        <th scope="col">{t(FbMsg::Department)}</th><th scope="col">{t(FbMsg::Assignee)}</th>
                        <th scope="col">{t(FbMsg::Cases)}</th><th scope="col">{t(FbMsg::OpenCases)}</th>
                        <th scope="col">{t(FbMsg::Overdue)}</th><th scope="col">{t(FbMsg::AcceptOnTime)}</th>
                        <th scope="col">{t(FbMsg::AnswerOnTime)}</th><th scope="col">{t(FbMsg::OpenUpTo3)}</th>
                        <th scope="col">{t(FbMsg::OpenUpTo7)}</th><th scope="col">{t(FbMsg::OpenUpTo30)}</th>
                        <th scope="col">{t(FbMsg::OpenOlder)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h3>{t(FbMsg::OverdueCases)}</h3>
            {if none {
                view! { <p class="muted">{t(FbMsg::NoOverdue)}</p> }.into_any()
            } else {
                view! { <ul class="overdue-list">{overdue}</ul> }.into_any()
            }}
        }
    }
}
