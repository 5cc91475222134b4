//! `/staff/feedback/stats`: figures and SVG charts of the caller's scope.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::feedback::{Count, FeedbackStats},
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{FbMsg, Lang, lang, t, tf},
        pages::staff::{
            FEEDBACK_STAFF,
            chart::{BarChart, TrendChart},
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
    v.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
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
                <dd>{move || hours.map_or_else(|| "—".to_owned(), |h| tf(FbMsg::Hours, move || vec![("n", format!("{h:.1}"))])())}</dd></div>
            <div class="tile"><dt>{t(FbMsg::Satisfaction)}</dt><dd>{pct(s.satisfied_rate)}</dd></div>
            <div class="tile"><dt>{t(FbMsg::AverageRating)}</dt><dd>{avg.map_or_else(|| "—".to_owned(), |a| format!("{a:.2}"))}</dd></div>
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
