//! Usage report of a venue: hours open and booked, utilisation, no-show rate, and a bar chart
//! drawn here as SVG (no chart service).
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::booking::{DayUse, UtilisationReport},
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{BookMsg, lang, t},
    },
};

use super::{STAFF_ROLES, add_days, date_label, today};

/// `/staff/venues/:id/report`.
#[component]
pub fn StaffReport() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <ReportContent />
        </RequireLogin>
    }
}

#[component]
fn ReportContent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    // (from offset, to offset) in days from today.
    let period = RwSignal::new((-29i64, 0i64));
    let report = LocalResource::new(move || {
        let (id, (a, b)) = (id(), period.get());
        let (from, to) = (add_days(&today(), a), add_days(&today(), b));
        async move {
            client::get::<UtilisationReport>(&format!(
                "/api/v1/staff/venues/{id}/report?from={from}&to={to}"
            ))
            .await
        }
    });
    let choices = [
        ((-6i64, 0i64), BookMsg::Last7),
        ((-29, 0), BookMsg::Last30),
        ((0, 6), BookMsg::Next7),
    ];
    view! {
        <section class="page booking report">
            <h1>{t(BookMsg::ReportTitle)}</h1>
            <div class="tabs" role="group" aria-label=t(BookMsg::ReportPeriod)>
                {choices.into_iter().map(|(p, label)| view! {
                    <button type="button" class="button secondary small" aria-pressed=move || (period.get() == p).to_string()
                        on:click=move |_| period.set(p)>{t(label)}</button>
                }).collect_view()}
            </div>
            <Suspense fallback=Loading>
                {move || report.get().map(|r| match r {
                    Ok(rep) => view! { <Report report=rep /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn percent(x: f64) -> String {
    format!("{}%", crate::ui::i18n::fixed(x * 100.0, 0))
}

#[component]
fn Report(
    /// The report.
    report: UtilisationReport,
) -> impl IntoView {
    let name = report.venue.name.clone();
    let id = report.venue.id;
    view! {
        <p><A href=format!("/staff/venues/{id}")>{move || name.get(lang().tag()).to_owned()}</A>
            " · " {report.from.clone()} " – " {report.to.clone()}</p>
        <dl class="stats">
            <div><dt>{t(BookMsg::HoursOpen)}</dt><dd>{crate::ui::i18n::fixed(report.hours_open, 1)}</dd></div>
            <div><dt>{t(BookMsg::HoursBooked)}</dt><dd>{crate::ui::i18n::fixed(report.hours_booked, 1)}</dd></div>
            <div><dt>{t(BookMsg::Utilisation)}</dt><dd>{percent(report.utilisation)}</dd></div>
            <div><dt>{t(BookMsg::NoShowRate)}</dt><dd>{percent(report.no_show_rate)}</dd></div>
        </dl>
        <Chart days=report.days.clone() />
    }
}

/// Bars per day: hours open (light) behind hours booked (dark), with a data table for screen
/// readers and keyboard users.
#[component]
fn Chart(
    /// The days.
    days: Vec<DayUse>,
) -> impl IntoView {
    let max = days
        .iter()
        .map(|d| d.hours_open.max(d.hours_booked))
        .fold(1.0_f64, f64::max);
    let n = days.len().max(1);
    let (width, height, pad) = (640.0_f64, 220.0_f64, 28.0_f64);
    let step = (width - pad) / n as f64;
    let bar = (step * 0.7).max(2.0);
    let y = move |h: f64| height - pad - (h / max) * (height - 2.0 * pad);
    let label_every = n.div_ceil(7);
    view! {
        <figure class="chart card">
            <figcaption id="chart-title">{t(BookMsg::ChartTitle)}</figcaption>
            <p class="legend" aria-hidden="true">
                <span class="swatch open"></span>{t(BookMsg::HoursOpen)}
                <span class="swatch booked"></span>{t(BookMsg::HoursBooked)}
            </p>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-labelledby="chart-title chart-desc" class="bars">
                <desc id="chart-desc">{t(BookMsg::ChartDesc)}</desc>
                <line x1=pad y1=height - pad x2=width y2=height - pad class="axis" />
                <text x="2" y=y(max) + 4.0 class="tick">{format!("{}h", crate::ui::i18n::fixed(max, 0))}</text>
                {days.iter().enumerate().map(|(i, d)| {
                    let x = pad + i as f64 * step + (step - bar) / 2.0;
                    let label = (i % label_every == 0).then(|| d.date.get(5..).unwrap_or("").to_owned());
                    view! {
                        <g>
                            <rect x=x y=y(d.hours_open) width=bar height=(height - pad - y(d.hours_open)).max(0.0) class="open" />
                            <rect x=x y=y(d.hours_booked) width=bar height=(height - pad - y(d.hours_booked)).max(0.0) class="booked" />
                            {label.map(|l| view! { <text x=x y=height - 8.0 class="tick">{l}</text> })}
                        </g>
                    }
                }).collect_view()}
            </svg>
            <details>
                <summary>{t(BookMsg::ChartTitle)}</summary>
                <div class="table-wrap">
                    <table class="data">
                        <thead><tr><th scope="col">{t(BookMsg::When)}</th><th scope="col">{t(BookMsg::HoursOpen)}</th><th scope="col">{t(BookMsg::HoursBooked)}</th></tr></thead>
                        <tbody>
                            {days.iter().map(|d| {
                                let date = d.date.clone();
                                view! { <tr><td>{move || date_label(&date, lang())}</td><td>{crate::ui::i18n::fixed(d.hours_open, 1)}</td><td>{crate::ui::i18n::fixed(d.hours_booked, 1)}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
