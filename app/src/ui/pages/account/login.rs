//! The login page: by password or by SMS code, a password reset by SMS code, and the
//! second-factor step when the account has one.
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::accounts::{
        CodePurpose, LoginCodeRequest, LoginRequest, LoginResponse, Me, PasswordResetRequest,
        TotpCode,
    },
    ui::{
        client,
        components::form::{FormAlert, FormError, SubmitButton, TextField, form_action},
        i18n::{AccMsg, t},
        session::use_session,
    },
};

use super::{safe_next, sms_code::SmsCodeField};

/// How the visitor proves who they are (`?mode=` on `/login`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Password,
    Code,
    Reset,
}

/// `/login` in another mode (`""` for the password), keeping where to go afterwards.
fn mode_href(next: Option<String>, mode: &str) -> String {
    let mut params = Vec::new();
    if !mode.is_empty() {
        params.push(format!("mode={mode}"));
    }
    if let Some(n) = next {
        params.push(format!(
            "next={}",
            String::from(js_sys::encode_uri_component(&n))
        ));
    }
    if params.is_empty() {
        "/login".to_owned()
    } else {
        format!("/login?{}", params.join("&"))
    }
}

/// Phone and password, or phone and an SMS code, or a new password set with an SMS code; then,
/// if the account has one, the authenticator code.
#[component]
pub fn Login() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let next = move || safe_next(query.with_untracked(|q| q.get("next")));
    let mode = Memo::new(move |_| match query.with(|q| q.get("mode")).as_deref() {
        Some("code") => Mode::Code,
        Some("reset") => Mode::Reset,
        _ => Mode::Password,
    });
    let mode_href = move |m: &'static str| mode_href(query.with(|q| q.get("next")), m);
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sms_code = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let needs_code = RwSignal::new(false);
    let error: FormError = RwSignal::new(None);
    Effect::new(move |_| {
        mode.track();
        error.set(None);
    });

    let done = {
        let navigate = navigate.clone();
        move |me: Me| {
            session.me.set(Some(me));
            session.ready.set(true);
            navigate(&next(), Default::default());
        }
    };
    // The three first steps answer alike: logged in, or a second factor to ask for.
    let log_in = form_action(
        error,
        |(path, body): (&'static str, serde_json::Value)| async move {
            client::post::<_, LoginResponse>(path, &body).await
        },
        {
            let done = done.clone();
            move |answer: LoginResponse| {
                if answer.mfa_required {
                    needs_code.set(true);
                } else if let Some(me) = answer.me {
                    done(me);
                }
            }
        },
    );
    let verify = form_action(
        error,
        |req: TotpCode| async move { client::post::<_, Me>("/api/v1/auth/totp", &req).await },
        done,
    );
    let busy = Signal::derive(move || log_in.pending().get() || verify.pending().get());
    let first_step = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (path, body) = match mode.get_untracked() {
            Mode::Password => (
                "/api/v1/auth/login",
                serde_json::to_value(LoginRequest {
                    phone: phone.get_untracked(),
                    password: password.get_untracked(),
                }),
            ),
            Mode::Code => (
                "/api/v1/auth/login-code",
                serde_json::to_value(LoginCodeRequest {
                    phone: phone.get_untracked(),
                    sms_code: sms_code.get_untracked(),
                }),
            ),
            Mode::Reset => (
                "/api/v1/auth/password-reset",
                serde_json::to_value(PasswordResetRequest {
                    phone: phone.get_untracked(),
                    sms_code: sms_code.get_untracked(),
                    new_password: new_password.get_untracked(),
                }),
            ),
        };
        if let Ok(body) = body {
            log_in.dispatch_local((path, body));
        }
    };
    let on_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        verify.dispatch_local(TotpCode {
            code: code.get_untracked(),
        });
    };
    let phone_field = move || {
        view! { <TextField id="phone" label=AccMsg::Phone value=phone error input_type="tel" inputmode="numeric" autocomplete="tel" hint=AccMsg::PhoneHint /> }
    };

    view! {
        <section class="page narrow">
            <Show when=move || !needs_code.get() fallback=move || view! {
                <h1>{t(AccMsg::TotpTitle)}</h1>
                <p>{t(AccMsg::TotpPrompt)}</p>
                <form class="form" on:submit=on_code novalidate>
                    <FormAlert error fields=&["code"] />
                    <TextField id="code" label=AccMsg::TotpCode value=code error inputmode="numeric" autocomplete="one-time-code" />
                    <SubmitButton label=AccMsg::Verify busy_label=AccMsg::Saving busy />
                </form>
            }>
                {
                    move || match mode.get() {
                        Mode::Password => view! {
                            <h1>{t(AccMsg::LoginTitle)}</h1>
                            <form class="form" on:submit=first_step novalidate>
                                <FormAlert error fields=&["phone", "password"] />
                                {phone_field}
                                <TextField id="password" label=AccMsg::Password value=password error input_type="password" autocomplete="current-password" />
                                <SubmitButton label=AccMsg::LogIn busy_label=AccMsg::Saving busy />
                            </form>
                            <p class="form-footer"><A href=mode_href("reset")>{t(AccMsg::ForgotPassword)}</A></p>
                            <p class="form-footer"><A href=mode_href("code")>{t(AccMsg::LoginWithCode)}</A></p>
                        }.into_any(),
                        Mode::Code => view! {
                            <h1>{t(AccMsg::LoginTitle)}</h1>
                            <form class="form" on:submit=first_step novalidate>
                                <FormAlert error fields=&["phone", "sms_code"] />
                                {phone_field}
                                <SmsCodeField phone purpose=CodePurpose::Login value=sms_code error />
                                <SubmitButton label=AccMsg::LogIn busy_label=AccMsg::Saving busy />
                            </form>
                            <p class="form-footer"><A href=mode_href("")>{t(AccMsg::LoginWithPassword)}</A></p>
                        }.into_any(),
                        Mode::Reset => view! {
                            <h1>{t(AccMsg::ResetTitle)}</h1>
                            <p>{t(AccMsg::ResetIntro)}</p>
                            <form class="form" on:submit=first_step novalidate>
                                <FormAlert error fields=&["phone", "sms_code", "new_password"] />
                                {phone_field}
                                <SmsCodeField phone purpose=CodePurpose::Reset value=sms_code error />
                                <TextField id="new_password" label=AccMsg::NewPassword value=new_password error input_type="password" autocomplete="new-password" hint=AccMsg::PasswordHint />
                                <SubmitButton label=AccMsg::ResetSubmit busy_label=AccMsg::Saving busy />
                            </form>
                            <p class="form-footer"><A href=mode_href("")>{t(AccMsg::LoginWithPassword)}</A></p>
                        }.into_any(),
                    }
                }
                <p class="form-footer">{t(AccMsg::NoAccountYet)} " " <A href="/register">{t(AccMsg::Register)}</A></p>
            </Show>
        </section>
    }
}
