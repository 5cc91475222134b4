//! `/services/{id}`: one service with its 办事指南, places, hours, phones (tap to call), a
//! share link, when it was last verified, and "report a problem".
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{
        Text,
        directory::{LocationDetail, Phone, ServiceDetail, ServiceStatus},
    },
    ui::{
        client,
        components::status::{ErrorNotice, Loading},
        i18n::{DirMsg, Message, fill, lang, t},
    },
};

use super::{
    feature_label, long_date, open_badge::OpenBadge, report::ReportProblem, tel_href, weekday_label,
};

fn text(value: &Text) -> impl Fn() -> String + Clone + Send + Sync + 'static + use<> {
    let value = value.clone();
    move || value.get(lang().tag()).to_owned()
}

/// A language code as people say it (`yue` → 粤语).
fn language_name(code: &str, l: crate::ui::i18n::Lang) -> String {
    let msg = match code {
        "zh" => DirMsg::LangZh,
        "yue" => DirMsg::LangYue,
        "hak" => DirMsg::LangHak,
        "en" => DirMsg::LangEn,
        other => return other.to_owned(),
    };
    msg.text(l).to_owned()
}

/// The service page.
#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let service = LocalResource::new(move || {
        let id = id();
        async move { client::get::<ServiceDetail>(&format!("/api/v1/services/{id}")).await }
    });
    view! {
        <section class="page service-page">
            <p class="back"><A href="/services">{t(DirMsg::Back)}</A></p>
            <Suspense fallback=Loading>
                {move || service.get().map(|result| match result {
                    Ok(s) => view! { <ServiceView s /> }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice error retry=Callback::new(move |()| service.refetch()) />
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// Phones as tap-to-call links.
#[component]
fn PhoneLinks(
    /// The numbers.
    phones: Vec<Phone>,
) -> impl IntoView {
    view! {
        <ul class="phones">
            {phones.into_iter().map(|p| {
                let number = p.number.clone();
                let label = move || fill(DirMsg::Call.text(lang()), &[("number", number.clone())]);
                let description = text(&p.description);
                view! {
                    <li>
                        <a class="tel" href=tel_href(&p.number) aria-label=label>{p.number.clone()}</a>
                        {(!p.description.zh.is_empty()).then(|| view! { <span class="muted">" " {description}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ServiceView(
    /// The service.
    s: ServiceDetail,
) -> impl IntoView {
    let name = text(&s.name);
    let page_url = window()
        .location()
        .href()
        .unwrap_or_else(|_| format!("/services/{}", s.id));
    let verified = s.last_verified_at.clone();
    let guide = s.guide.clone();
    let costs = guide.costs.clone();
    let ages = match (guide.minimum_age, guide.maximum_age) {
        (Some(a), Some(b)) => Some(format!("{a}–{b}")),
        (Some(a), None) => Some(format!("≥ {a}")),
        (None, Some(b)) => Some(format!("≤ {b}")),
        (None, None) => None,
    };
    let copied = RwSignal::new(false);
    let copy_url = page_url.clone();
    let on_copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&copy_url);
        copied.set(true);
    };
    let visits = guide.visits_needed;
    let languages = s.languages.clone();
    view! {
        <article class="service">
            <header class="service-head">
                <h1>{name}</h1>
                {s.alternate_name.as_ref().map(|a| view! { <p class="muted">{text(a)}</p> })}
                <p class="service-org">{t(DirMsg::Organization)} "：" {text(&s.organization.name)}</p>
                <p class="dir-hit-badges">
                    {s.guide.is_free.then(|| view! { <span class="badge free">{t(DirMsg::Free)}</span> })}
                    {(s.status == ServiceStatus::TemporarilyClosed).then(|| view! { <span class="badge warn">{t(DirMsg::TemporarilyClosed)}</span> })}
                    {s.categories.iter().map(|c| view! { <span class="chip">{text(&c.name)}</span> }).collect_view()}
                    {s.audiences.iter().map(|c| view! { <span class="chip audience">{text(&c.name)}</span> }).collect_view()}
                </p>
                {s.alert.as_ref().map(|a| view! { <p class="status warning-box" role="note">{text(a)}</p> })}
                <p class="verified muted">
                    {move || match &verified {
                        Some(at) => fill(DirMsg::LastVerified.text(lang()), &[("date", long_date(at, lang()))]),
                        None => DirMsg::NeverVerified.text(lang()).to_owned(),
                    }}
                </p>
                {s.needs_review.then(|| view! { <p class="warning">{t(DirMsg::NeedsReview)}</p> })}
            </header>
            <p class="service-description">{text(&s.description)}</p>

            <section class="card guide" aria-labelledby="guide-title">
                <h2 id="guide-title">{t(DirMsg::Guide)}</h2>
                <dl class="facts guide-facts">
                    <dt>{t(DirMsg::Conditions)}</dt>
                    <dd>{text(&guide.conditions)}</dd>
                    {ages.map(|a| view! { <dt>{t(DirMsg::AgeRange)}</dt><dd>{a}</dd> })}
                    <dt>{t(DirMsg::Documents)}</dt>
                    <dd><ul class="plain">{guide.documents.iter().map(|d| view! { <li>{text(d)}</li> }).collect_view()}</ul></dd>
                    <dt>{t(DirMsg::Process)}</dt>
                    <dd><ol class="steps">{guide.process.iter().map(|d| view! { <li>{text(d)}</li> }).collect_view()}</ol></dd>
                    <dt>{t(DirMsg::TimeLimit)}</dt>
                    <dd>{text(&guide.time_limit)}</dd>
                    <dt>{t(DirMsg::Fees)}</dt>
                    <dd>
                        {text(&guide.fees)}
                        {(!costs.is_empty()).then(|| view! {
                            <ul class="plain">{costs.iter().map(|c| {
                                let amount = c.amount_fen.map(|f| format!("¥{}.{:02}", f / 100, f % 100)).unwrap_or_default();
                                view! { <li>{text(&c.option)} " " <strong>{amount}</strong> " " {text(&c.amount_description)}</li> }
                            }).collect_view()}</ul>
                        })}
                    </dd>
                    {(!guide.fees_basis.zh.is_empty()).then(|| view! { <dt>{t(DirMsg::FeesBasis)}</dt><dd>{text(&guide.fees_basis)}</dd> })}
                    {visits.map(|v| view! { <dt>{t(DirMsg::VisitsNeeded)}</dt><dd>{move || if v == 0 {
                        DirMsg::VisitsNone.text(lang()).to_owned()
                    } else {
                        fill(DirMsg::VisitsValue.text(lang()), &[("n", v.to_string())])
                    }}</dd> })}
                    {(!guide.enquiry_phones.is_empty()).then(|| view! { <dt>{t(DirMsg::EnquiryPhone)}</dt><dd><PhoneLinks phones=guide.enquiry_phones.clone() /></dd> })}
                    {(!guide.complaint_phones.is_empty()).then(|| view! { <dt>{t(DirMsg::ComplaintPhone)}</dt><dd><PhoneLinks phones=guide.complaint_phones.clone() /></dd> })}
                </dl>
            </section>

            <section aria-labelledby="where-title">
                <h2 id="where-title">{t(DirMsg::WhereAndWhen)}</h2>
                {s.locations.into_iter().map(|l| view! { <LocationCard l /> }).collect_view()}
            </section>

            <section class="card" aria-labelledby="more-title">
                <h2 id="more-title" class="visually-hidden">{t(DirMsg::Languages)}</h2>
                <dl class="facts">
                    <dt>{t(DirMsg::Languages)}</dt>
                    <dd>{move || languages.iter().map(|code| language_name(code, lang())).collect::<Vec<_>>().join("、")}</dd>
                    {(!s.service_areas.is_empty()).then(|| view! {
                        <dt>{t(DirMsg::ServiceArea)}</dt>
                        <dd>{s.service_areas.iter().map(|a| view! { <span class="chip">{text(&a.name)}</span> }).collect_view()}</dd>
                    })}
                </dl>
            </section>

            <section class="card share" aria-labelledby="share-title">
                <h2 id="share-title">{t(DirMsg::Share)}</h2>
                <div class="toolbar">
                    <label for="share-url" class="visually-hidden">{t(DirMsg::ShareLink)}</label>
                    <input id="share-url" type="url" readonly=true value=page_url.clone()
                        on:focus=move |ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        } />
                    <button type="button" class="button secondary" on:click=on_copy>
                        {move || if copied.get() { t(DirMsg::Copied)() } else { t(DirMsg::Copy)() }}
                    </button>
                </div>
            </section>
            <ReportProblem service_id=s.id />
        </article>
    }
}

/// A place of the service: address, transport, phones, today's status, the week, special
/// days and accessibility.
#[component]
fn LocationCard(
    /// The location.
    l: LocationDetail,
) -> impl IntoView {
    let heading = format!("loc-{}", l.id);
    let today_note = l.open.note.clone();
    view! {
        <article class="card location" aria-labelledby=heading.clone()>
            <h3 id=heading.clone()>{text(&l.name)}</h3>
            <p><OpenBadge status=l.open.clone() /></p>
            {today_note.map(|n| view! { <p class="muted">{text(&n)}</p> })}
            <dl class="facts">
                <dt>{t(DirMsg::Address)}</dt>
                <dd>{text(&l.address)}
                    {l.district.as_ref().map(|d| view! { <span class="muted">" · " {text(&d.name)}</span> })}
                </dd>
                {(!l.transport.zh.is_empty()).then(|| view! { <dt>{t(DirMsg::Transport)}</dt><dd>{text(&l.transport)}</dd> })}
                {(!l.phones.is_empty()).then(|| view! { <dt>{t(DirMsg::EnquiryPhone)}</dt><dd><PhoneLinks phones=l.phones.clone() /></dd> })}
            </dl>
            <h4>{t(DirMsg::Hours)}</h4>
            <table class="data hours">
                <caption class="visually-hidden">{t(DirMsg::Hours)}</caption>
                <tbody>
                    {l.week.iter().map(|d| {
                        let windows = d.windows.join("，");
                        let closed = windows.is_empty();
                        view! {
                            <tr>
                                <th scope="row">{t(weekday_label(d.weekday))}</th>
                                <td>{if closed { view! { <span class="muted">{t(DirMsg::ClosedDay)}</span> }.into_any() } else { windows.into_any() }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {l.follows_workday_calendar.then(|| view! { <p class="muted small">{t(DirMsg::HolidayRule)}</p> })}
            {(!l.exceptions.is_empty()).then(|| view! {
                <h4>{t(DirMsg::SpecialDays)}</h4>
                <ul class="plain">
                    {l.exceptions.iter().map(|e| {
                        let when = e.date.clone();
                        let hours = if e.closed { DirMsg::ClosedDay.text(lang()).to_owned() } else { e.windows.join("，") };
                        view! { <li><strong>{when}</strong> " " {hours} " · " {text(&e.reason)}</li> }
                    }).collect_view()}
                </ul>
            })}
            {(!l.accessibility.is_empty()).then(|| view! {
                <h4>{t(DirMsg::Accessibility)}</h4>
                <p>{l.accessibility.iter().map(|a| view! { <span class="chip">{t(feature_label(&a.feature))}</span> }).collect_view()}</p>
            })}
        </article>
    }
}
