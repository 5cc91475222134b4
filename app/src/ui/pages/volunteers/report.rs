//! `/staff/volunteers/report`: a month's volunteer service figures of a region, for the
//! committee's periodic report: volunteers, hours, shifts and help requests, per volunteer and
//! per community (team).
use leptos::prelude::*;

use crate::{
    api::volunteers::VolunteerReport,
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{VolMsg, t, tf},
    },
};

use super::{
    SOCIAL_ROLES, hours, query_string, social_regions, staff_volunteers::StaffLinks,
    staff_volunteers_forms::ScopeSelect, text_of, this_month_cn,
};

/// The page, for social workers and administrators.
#[component]
pub fn VolunteerReportPage() -> impl IntoView {
    view! {
        <RequireLogin roles=SOCIAL_ROLES>
            <ReportContent />
        </RequireLogin>
    }
}

#[component]
fn ReportContent() -> impl IntoView {
    let month = RwSignal::new(this_month_cn());
    let first = social_regions().into_iter().next().map(|(code, _)| code);
    let region = RwSignal::new(first.unwrap_or_default());
    // Asked for on "show", not on every keystroke in the month field.
    let asked = RwSignal::new(Some((month.get_untracked(), region.get_untracked())));
    let report = LocalResource::new(move || {
        let asked = asked.get();
        async move {
            match asked {
                Some((month, region)) => {
                    let path = format!(
                        "/api/v1/staff/volunteers/report?{}",
                        query_string(&[("region", region), ("month", month)])
                    );
                    client::get::<VolunteerReport>(&path).await.map(Some)
                }
                None => Ok(None),
            }
        }
    });
    let show = move || asked.set(Some((month.get_untracked(), region.get_untracked())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        show();
    };
    let print = |_| {
        let _ = window().print();
    };
    view! {
        <section class="page volunteers report">
            <h1>{t(VolMsg::ReportTitle)}</h1>
            <div class="no-print"><StaffLinks /></div>
            <form class="filters card no-print" on:submit=on_submit>
                <div class="field">
                    <label for="report-month">{t(VolMsg::Month)}</label>
                    <input id="report-month" type="month" required bind:value=month />
                </div>
                <ScopeSelect id="report-region" value=region all=false />
                <button type="submit" class="button">{t(VolMsg::ShowReport)}</button>
                <button type="button" class="button secondary" on:click=print>{t(VolMsg::Print)}</button>
            </form>
            <Transition fallback=Loading>
                {move || report.get().map(|r| match r {
                    Ok(Some(rep)) => view! { <Report report=rep /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The figures, then the volunteers and the communities.
#[component]
fn Report(
    /// The report.
    report: VolunteerReport,
) -> impl IntoView {
    let r = report;
    let f = r.figures;
    let heading = {
        let (name, month) = (r.region.name.clone(), r.month.clone());
        let name = text_of(name);
        tf(VolMsg::ReportOf, move || {
            vec![("region", name()), ("month", month.clone())]
        })
    };
    view! {
        <h2>{heading}</h2>
        <dl class="stats">
            <div><dt>{t(VolMsg::FigVolunteers)}</dt><dd>{f.volunteers}</dd></div>
            <div><dt>{t(VolMsg::FigActive)}</dt><dd>{f.active}</dd></div>
            <div><dt>{t(VolMsg::FigHours)}</dt><dd>{hours(f.minutes)}</dd></div>
            <div><dt>{t(VolMsg::FigShifts)}</dt><dd>{f.shifts}</dd></div>
            <div><dt>{t(VolMsg::FigHelpDone)}</dt><dd>{f.help_requests_done}</dd></div>
            <div><dt>{t(VolMsg::FigHelpOpen)}</dt><dd>{f.help_requests_open}</dd></div>
        </dl>
        <h3>{t(VolMsg::ByVolunteer)}</h3>
        {if r.volunteers.is_empty() {
            view! { <p class="muted">{t(VolMsg::ReportEmpty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t(VolMsg::ByVolunteer)>
                    <table class="data">
                        <caption class="visually-hidden">{t(VolMsg::ByVolunteer)}</caption>
                        <thead><tr>
                            <th scope="col">{t(VolMsg::VolunteerName)}</th>
                            <th scope="col" class="num">{t(VolMsg::HoursCol)}</th>
                            <th scope="col" class="num">{t(VolMsg::ServicesCount)}</th>
                            <th scope="col" class="num">{t(VolMsg::StarLevel)}</th>
                        </tr></thead>
                        <tbody>
                            {r.volunteers.into_iter().map(|v| view! {
                                <tr>
                                    <th scope="row">{v.name}</th>
                                    <td class="num">{hours(v.minutes)}</td>
                                    <td class="num">{v.services}</td>
                                    <td class="num">{v.star_level}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <h3>{t(VolMsg::ByCommunity)}</h3>
        {if r.communities.is_empty() {
            view! { <p class="muted">{t(VolMsg::ReportEmpty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t(VolMsg::ByCommunity)>
                    <table class="data">
                        <caption class="visually-hidden">{t(VolMsg::ByCommunity)}</caption>
                        <thead><tr>
                            <th scope="col">{t(VolMsg::Community)}</th>
                            <th scope="col" class="num">{t(VolMsg::HoursCol)}</th>
                            <th scope="col" class="num">{t(VolMsg::FigActive)}</th>
                        </tr></thead>
                        <tbody>
                            {r.communities.into_iter().map(|c| view! {
                                <tr>
                                    <th scope="row">{text_of(c.community.name)}</th>
                                    <td class="num">{hours(c.minutes)}</td>
                                    <td class="num">{c.volunteers}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
