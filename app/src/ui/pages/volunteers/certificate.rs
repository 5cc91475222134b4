//! Record certificates (志愿服务记录证明): asking for one for a period, the printable copy
//! (`/volunteer/certificates/:code`, with the services listed), and the public check of a
//! verification code (`/certificates/:code`: the name masked, the totals).
use std::cell::RefCell;

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

use crate::{
    api::volunteers::{Certificate, CertificateRequest},
    ui::{
        client::{self, ApiError},
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, form_action},
            status::{ErrorNotice, Loading},
        },
        i18n::{Lang, VolMsg, lang, t, tf},
    },
};

use super::{hours, instant_label, path_tail, text_of, today_cn};

thread_local! {
    /// The certificate just issued, with its services: the public route gives the totals only.
    static ISSUED: RefCell<Option<Certificate>> = const { RefCell::new(None) };
}

/// The certificate of `code`: the one just issued, or the public record.
async fn certificate(code: String) -> Result<Certificate, ApiError> {
    if let Some(c) = ISSUED.with_borrow(|c| c.clone().filter(|c| c.verification_code == code)) {
        return Ok(c);
    }
    let code = String::from(js_sys::encode_uri_component(&code));
    client::get::<Certificate>(&format!("/api/v1/certificates/{code}")).await
}

/// `2026年1月1日` / `1 Jan 2026` of a `YYYY-MM-DD` date: a certificate's dates carry the year.
fn long_date(date: &str, lang: Lang) -> String {
    let mut parts = date.get(..10).unwrap_or(date).split('-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_owned();
    };
    let (m, d) = (m.parse::<usize>().unwrap_or(0), d.trim_start_matches('0'));
    match lang {
        Lang::Zh => format!("{y}年{m}月{d}日"),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let month = MONTHS.get(m.wrapping_sub(1)).unwrap_or(&"");
            format!("{d} {month} {y}")
        }
    }
}

/// From and to dates (this year so far to start with); on success, the certificate's page.
#[component]
pub fn CertificateForm() -> impl IntoView {
    let today = today_cn();
    let from = RwSignal::new(format!("{}-01-01", today.get(..4).unwrap_or("2026")));
    let to = RwSignal::new(today);
    let error: FormError = RwSignal::new(None);
    let navigate = use_navigate();
    let issue = form_action(
        error,
        |body: CertificateRequest| async move {
            client::post::<_, Certificate>("/api/v1/me/volunteer/certificates", &body).await
        },
        move |c: Certificate| {
            let path = format!("/volunteer/certificates/{}", c.verification_code);
            ISSUED.set(Some(c));
            navigate(&path, Default::default());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        issue.dispatch_local(CertificateRequest {
            from: from.get_untracked(),
            to: to.get_untracked(),
        });
    };
    view! {
        <form class="card" aria-labelledby="cert-title" on:submit=submit>
            <h2 id="cert-title">{t(VolMsg::CertificateTitle)}</h2>
            <p class="field-hint">{t(VolMsg::CertificateHint)}</p>
            <div class="inline-fields">
                <TextField id="from" label=VolMsg::From value=from error input_type="date" />
                <TextField id="to" label=VolMsg::To value=to error input_type="date" />
            </div>
            <FormAlert error fields=&["from", "to"] />
            <SubmitButton label=VolMsg::IssueCertificate busy_label=VolMsg::Sending busy=issue.pending() />
        </form>
    }
}

/// The volunteer's printable copy.
#[component]
pub fn OwnCertificate() -> impl IntoView {
    let code = path_tail();
    let cert = LocalResource::new(move || certificate(code()));
    let print = |_| {
        let _ = window().print();
    };
    view! {
        <section class="page volunteers certificate-page">
            <p class="back no-print"><A href="/volunteer">{t(VolMsg::MineTitle)}</A></p>
            <p class="no-print"><button type="button" class="button" on:click=print>{t(VolMsg::Print)}</button></p>
            <Suspense fallback=Loading>
                {move || cert.get().map(|r| match r {
                    Ok(c) => view! { <CertificateDoc cert=c /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The certificate as printed: the statement, the services, the verification code.
#[component]
fn CertificateDoc(
    /// The certificate.
    cert: Certificate,
) -> impl IntoView {
    let c = cert;
    let statement = {
        let c = c.clone();
        tf(VolMsg::CertificateStatement, move || {
            let l = lang();
            vec![
                ("name", c.volunteer_name.clone()),
                ("from", long_date(&c.from, l)),
                ("to", long_date(&c.to, l)),
                ("n", c.services.to_string()),
                ("h", hours(c.minutes)),
            ]
        })
    };
    let verify_url = format!(
        "{}/certificates/{}",
        window().location().origin().unwrap_or_default(),
        c.verification_code
    );
    let issued = c.issued_at.clone();
    let (from, to) = (c.from.clone(), c.to.clone());
    view! {
        <article class="certificate card">
            <h1>{t(VolMsg::CertificateDocTitle)}</h1>
            <p class="certificate-statement">{statement}</p>
            <dl class="facts">
                <dt>{t(VolMsg::Period)}</dt><dd>{move || format!("{} – {}", long_date(&from, lang()), long_date(&to, lang()))}</dd>
                <dt>{t(VolMsg::Communities)}</dt>
                <dd>{c.communities.into_iter().map(|r| view! { <span class="chip">{text_of(r.name)}</span> }).collect_view()}</dd>
                <dt>{t(VolMsg::IssuedAt)}</dt><dd>{move || instant_label(&issued, lang())}</dd>
                <dt>{t(VolMsg::VerificationCode)}</dt><dd><strong class="code">{c.verification_code.clone()}</strong></dd>
            </dl>
            {(!c.lines.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t(VolMsg::Services)>
                    <table class="data">
                        <caption>{t(VolMsg::Services)}</caption>
                        <thead><tr>
                            <th scope="col">{t(VolMsg::Date)}</th>
                            <th scope="col">{t(VolMsg::Service)}</th>
                            <th scope="col" class="num">{t(VolMsg::HoursCol)}</th>
                        </tr></thead>
                        <tbody>
                            {c.lines.into_iter().map(|l| view! {
                                <tr>
                                    <td>{l.date.clone()}</td>
                                    <th scope="row" class="wrap">{text_of(l.what)}</th>
                                    <td class="num">{hours(l.minutes)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <p class="muted">{tf(VolMsg::VerifyAt, move || vec![("url", verify_url.clone())])}</p>
            <p class="muted">{t(VolMsg::CertificateBasis)}</p>
        </article>
    }
}

/// The public check of a verification code.
#[component]
pub fn VerifyCertificate() -> impl IntoView {
    let code = path_tail();
    let cert = LocalResource::new(move || {
        let code = String::from(js_sys::encode_uri_component(&code()));
        async move { client::get::<Certificate>(&format!("/api/v1/certificates/{code}")).await }
    });
    view! {
        <section class="page narrow volunteers verify">
            <h1>{t(VolMsg::VerifyTitle)}</h1>
            <Suspense fallback=Loading>
                {move || cert.get().map(|r| match r {
                    Ok(c) => view! { <Verified cert=c /> }.into_any(),
                    Err(e) if e.status == 404 => view! {
                        <div class="status error" role="alert">
                            <p class="error-title">{t(VolMsg::NotFoundTitle)}</p>
                            <p>{tf(VolMsg::NotFoundBody, move || vec![("code", code())])}</p>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// A valid certificate as anyone sees it.
#[component]
fn Verified(
    /// The public record.
    cert: Certificate,
) -> impl IntoView {
    let c = cert;
    let issued = c.issued_at.clone();
    let (from, to) = (c.from.clone(), c.to.clone());
    let h = hours(c.minutes);
    view! {
        <div class="status ok" role="status"><p>{t(VolMsg::ValidCertificate)}</p></div>
        <dl class="facts card">
            <dt>{t(VolMsg::VerificationCode)}</dt><dd><strong class="code">{c.verification_code.clone()}</strong></dd>
            <dt>{t(VolMsg::VolunteerName)}</dt><dd>{c.volunteer_name.clone()}</dd>
            <dt>{t(VolMsg::Period)}</dt><dd>{move || format!("{} – {}", long_date(&from, lang()), long_date(&to, lang()))}</dd>
            <dt>{t(VolMsg::TotalHours)}</dt><dd>{tf(VolMsg::HoursN, move || vec![("h", h.clone())])}</dd>
            <dt>{t(VolMsg::ServicesCount)}</dt><dd>{c.services}</dd>
            <dt>{t(VolMsg::Communities)}</dt>
            <dd>{c.communities.into_iter().map(|r| view! { <span class="chip">{text_of(r.name)}</span> }).collect_view()}</dd>
            <dt>{t(VolMsg::IssuedAt)}</dt><dd>{move || instant_label(&issued, lang())}</dd>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::long_date;
    use crate::ui::i18n::Lang;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn certificate_dates_carry_the_year() {
        assert_eq!(long_date("2026-01-01", Lang::Zh), "2026年1月1日");
        assert_eq!(long_date("2026-12-05", Lang::En), "5 Dec 2026");
        assert_eq!(long_date("soon", Lang::En), "soon");
    }
}
