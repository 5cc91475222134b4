//! `/staff/feedback/report`: the periodic opinion report (定期听取居民意见) for a month or a
//! quarter, printable, with the CSV download.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::feedback::OpinionReport,
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{FbMsg, lang, t, tf},
        pages::feedback::{
            FEEDBACK_STAFF, staff_chart::BarChart, staff_stats::Figures, status_label,
        },
    },
};

/// The report page.
#[component]
pub fn StaffReport() -> impl IntoView {
    view! {
        <RequireLogin roles=FEEDBACK_STAFF>
            <ReportContent />
        </RequireLogin>
    }
}

fn this_month() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}", d.get_full_year(), d.get_month() + 1)
}

fn reason_label(r: &str) -> FbMsg {
    match r {
        "most_supported" => FbMsg::NotableMostSupported,
        "overdue" => FbMsg::NotableOverdue,
        "reopened" => FbMsg::NotableReopened,
        _ => FbMsg::NotablePraise,
    }
}

#[component]
fn ReportContent() -> impl IntoView {
    let period = RwSignal::new(this_month());
    let shown = RwSignal::new(period.get_untracked());
    let report = LocalResource::new(move || {
        let p = shown.get();
        async move {
            client::get::<OpinionReport>(&format!("/api/v1/staff/feedback/report?period={p}")).await
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        shown.set(period.get_untracked().trim().to_owned());
    };
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <section class="page staff-report">
            <p class="no-print"><A href="/staff/feedback">{t(FbMsg::StaffInbox)}</A>" · "<A href="/staff/feedback/stats">{t(FbMsg::Stats)}</A></p>
            <h1>{t(FbMsg::Report)}</h1>
            <form class="filters card no-print" on:submit=on_submit>
                <div class="field">
                    <label for="r-period">{t(FbMsg::Period)}</label>
                    <p class="field-hint" id="r-period-hint">{t(FbMsg::PeriodHint)}</p>
                    <input id="r-period" type="text" aria-describedby="r-period-hint" bind:value=period />
                </div>
                <button type="submit" class="button">{t(FbMsg::Show)}</button>
                <button type="button" class="button secondary" on:click=print>{t(FbMsg::Print)}</button>
                <a class="button secondary" href=move || format!("/api/v1/staff/feedback/report.csv?period={}&lang={}", shown.get(), lang().tag()) download="">{t(FbMsg::DownloadCsv)}</a>
            </form>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || report.get().map(|r| match r {
                    Ok(r) => view! { <ReportView r /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ReportView(
    /// The report.
    r: OpinionReport,
) -> impl IntoView {
    let region = r.stats.region.name.clone();
    let at = r.generated_at.clone();
    let cats = r.stats.by_category.clone();
    let acts = r.activities.clone();
    let vols = r.volunteers.clone();
    view! {
        <article class="report">
            <h2>{move || region.get(lang().tag()).to_owned()}" · "{r.period.clone()}</h2>
            <p class="muted">{r.stats.from.clone()}" – "{r.stats.to.clone()}" · "{tf(FbMsg::GeneratedAt, move || vec![("at", at.replace('T', " ").chars().take(16).collect())])}</p>
            {if r.stats.total == 0 {
                view! { <p>{t(FbMsg::NoData)}</p> }.into_any()
            } else {
                view! {
                    <h3>{t(FbMsg::ReportFigures)}</h3>
                    <Figures s=r.stats.clone() />
                    <h3>{t(FbMsg::ByCategory)}</h3>
                    {move || { let l = lang(); view! { <BarChart title=t(FbMsg::ByCategory)().to_owned() data=cats.iter().take(10).map(|c| (c.label.get(l.tag()).to_owned(), c.count)).collect() /> } }}
                    <h3>{t(FbMsg::TopIssues)}</h3>
                    <ol class="top-issues">
                        {r.top_issues.clone().into_iter().map(|i| {
                            let name = i.category.name.clone();
                            view! { <li><strong>{move || name.get(lang().tag()).to_owned()}</strong>" ("{i.count}")："{i.examples.join("；")}</li> }
                        }).collect_view()}
                    </ol>
                    <h3>{t(FbMsg::Notable)}</h3>
                    <ul class="notable">
                        {r.notable.clone().into_iter().map(|n| view! {
                            <li>
                                <span class="chip">{t(reason_label(&n.reason))}</span>" "
                                <A href=format!("/staff/feedback/{}", n.id)>{n.title.clone()}</A>
                                " "<span class="muted">{n.community.clone()}</span>" "
                                <span class=format!("badge status-{}", n.status.as_str())>{t(status_label(n.status))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>{t(FbMsg::ReportActivities)}</h3>
            <dl class="tiles">
                <div class="tile"><dt>{t(FbMsg::ActivitiesHeld)}</dt><dd>{acts.held}</dd></div>
                <div class="tile"><dt>{t(FbMsg::ActivitiesCancelled)}</dt><dd>{acts.cancelled}</dd></div>
                <div class="tile"><dt>{t(FbMsg::ActivitiesSignedUp)}</dt><dd>{acts.signed_up}</dd></div>
                <div class="tile"><dt>{t(FbMsg::ActivitiesAttended)}</dt><dd>{acts.attended}</dd></div>
                <div class="tile"><dt>{t(FbMsg::ActivitiesNoShows)}</dt><dd>{acts.no_shows}</dd></div>
                <div class="tile"><dt>{t(FbMsg::ActivitiesRating)}</dt>
                    <dd>{acts.rating_average.map_or_else(|| "—".to_owned(), |a| crate::ui::i18n::fixed(a, 1))}</dd></div>
            </dl>
            <h3>{t(FbMsg::ReportVolunteers)}</h3>
            <dl class="tiles">
                <div class="tile"><dt>{t(FbMsg::VolunteersRegistered)}</dt><dd>{vols.volunteers}</dd></div>
                <div class="tile"><dt>{t(FbMsg::VolunteersActive)}</dt><dd>{vols.active}</dd></div>
                <div class="tile"><dt>{t(FbMsg::VolunteerHours)}</dt>
                    <dd>{crate::ui::i18n::fixed(f64::from(i32::try_from(vols.minutes).unwrap_or(i32::MAX)) / 60.0, 1)}</dd></div>
                <div class="tile"><dt>{t(FbMsg::VolunteerShifts)}</dt><dd>{vols.shifts}</dd></div>
                <div class="tile"><dt>{t(FbMsg::HelpRequestsDone)}</dt><dd>{vols.help_requests_done}</dd></div>
                <div class="tile"><dt>{t(FbMsg::HelpRequestsOpen)}</dt><dd>{vols.help_requests_open}</dd></div>
            </dl>
        </article>
    }
}
