//! `/staff/activities/report`: a month of activities in one of the staff member's regions:
//! people expected, attended and not come, and the ratings, with the totals.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::activities::{AttendanceReport, AttendanceRow},
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{ActMsg, fixed, lang, t},
    },
};

use super::{
    STAFF_ROLES, date_label, query_string, scope::ScopeSelect, status_class, status_label,
    this_month_cn,
};

/// The page, for organisers.
#[component]
pub fn ActivityReport() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <ReportContent />
        </RequireLogin>
    }
}

#[component]
fn ReportContent() -> impl IntoView {
    let month = RwSignal::new(this_month_cn());
    let region = RwSignal::new(String::new());
    // Asked for on "show", not on every keystroke in the month field.
    let asked = RwSignal::new((month.get_untracked(), region.get_untracked()));
    let report = LocalResource::new(move || {
        let (month, region) = asked.get();
        let path = format!(
            "/api/v1/staff/activities/report?{}",
            query_string(&[("month", month), ("region", region)])
        );
        async move { client::get::<AttendanceReport>(&path).await }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        asked.set((month.get_untracked(), region.get_untracked()));
    };
    view! {
        <section class="page activities report">
            <p class="back"><A href="/staff/activities">{t(ActMsg::StaffTitle)}</A></p>
            <h1>{t(ActMsg::ReportTitle)}</h1>
            <form class="filters card" on:submit=on_submit>
                <div class="field">
                    <label for="report-month">{t(ActMsg::Month)}</label>
                    <input id="report-month" type="month" required bind:value=month />
                </div>
                <ScopeSelect id="report-region" value=region all=false />
                <button type="submit" class="button">{t(ActMsg::ShowReport)}</button>
            </form>
            <Transition fallback=Loading>
                {move || report.get().map(|r| match r {
                    Ok(rep) => view! { <Report report=rep /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn rating(avg: Option<f64>) -> String {
    avg.map_or_else(|| "–".to_owned(), |a| fixed(a, 1))
}

/// The totals, then a table row per activity.
#[component]
fn Report(
    /// The report.
    report: AttendanceReport,
) -> impl IntoView {
    let r = report;
    view! {
        <dl class="stats">
            <div><dt>{t(ActMsg::ReportActivities)}</dt><dd>{r.activities}</dd></div>
            <div><dt>{t(ActMsg::ReportSignedUp)}</dt><dd>{r.signed_up}</dd></div>
            <div><dt>{t(ActMsg::ReportAttended)}</dt><dd>{r.attended}</dd></div>
            <div><dt>{t(ActMsg::ReportNoShows)}</dt><dd>{r.no_shows}</dd></div>
        </dl>
        {if r.rows.is_empty() {
            view! { <p class="muted">{t(ActMsg::ReportEmpty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data">
                        <caption class="visually-hidden">{t(ActMsg::ReportTitle)} " " {r.month.clone()}</caption>
                        <thead><tr>
                            <th scope="col">{t(ActMsg::ReportActivity)}</th>
                            <th scope="col">{t(ActMsg::Date)}</th>
                            <th scope="col">{t(ActMsg::Status)}</th>
                            <th scope="col">{t(ActMsg::ReportSignedUp)}</th>
                            <th scope="col">{t(ActMsg::ReportAttended)}</th>
                            <th scope="col">{t(ActMsg::ReportNoShows)}</th>
                            <th scope="col">{t(ActMsg::Rating)}</th>
                        </tr></thead>
                        <tbody>
                            {r.rows.into_iter().map(|row| view! { <ReportRow row /> }).collect_view()}
                        </tbody>
                        <tfoot><tr>
                            <th scope="row" colspan="3">{t(ActMsg::ReportTotal)}</th>
                            <td>{r.signed_up}</td>
                            <td>{r.attended}</td>
                            <td>{r.no_shows}</td>
                            <td>{rating(r.rating_average)}</td>
                        </tr></tfoot>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn ReportRow(
    /// The activity's line.
    row: AttendanceRow,
) -> impl IntoView {
    let title = row.title.clone();
    let start = row.starts_at.clone();
    let ratings = row.rating_count;
    view! {
        <tr>
            <th scope="row" class="wrap"><A href=format!("/staff/activities/{}", row.activity_id)>{move || title.get(lang().tag()).to_owned()}</A></th>
            <td>{move || date_label(&start, lang())}</td>
            <td><span class=status_class(row.status)>{t(status_label(row.status))}</span></td>
            <td>{row.signed_up}</td>
            <td>{row.attended}</td>
            <td>{row.no_shows}</td>
            <td>{rating(row.rating_average)} {(ratings > 0).then(|| format!(" ({ratings})"))}</td>
        </tr>
    }
}
