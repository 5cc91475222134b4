//! The login page, with the second-factor step when the account has one.
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::accounts::{LoginRequest, LoginResponse, Me, TotpCode},
    ui::{
        client,
        components::form::{FormAlert, FormError, SubmitButton, TextField},
        i18n::{AccMsg, t},
        session::use_session,
    },
};

use super::safe_next;

/// Phone and password; then, if needed, the authenticator code.
#[component]
pub fn Login() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let next = move || safe_next(query.with_untracked(|q| q.get("next")));
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let needs_code = RwSignal::new(false);
    let error: FormError = RwSignal::new(None);
    let (busy, set_busy) = signal(false);

    let done = {
        let navigate = navigate.clone();
        move |me: Me| {
            session.me.set(Some(me));
            session.ready.set(true);
            navigate(&next(), Default::default());
        }
    };
    let on_login = {
        let done = done.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let req = LoginRequest {
                phone: phone.get_untracked(),
                password: password.get_untracked(),
            };
            let done = done.clone();
            set_busy.set(true);
            leptos::task::spawn_local(async move {
                match client::post::<_, LoginResponse>("/api/v1/auth/login", &req).await {
                    Ok(LoginResponse {
                        mfa_required: true, ..
                    }) => {
                        error.set(None);
                        needs_code.set(true);
                    }
                    Ok(LoginResponse { me: Some(me), .. }) => done(me),
                    Ok(_) => {}
                    Err(e) => error.set(Some(e)),
                }
                set_busy.set(false);
            });
        }
    };
    let on_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = TotpCode {
            code: code.get_untracked(),
        };
        let done = done.clone();
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            match client::post::<_, Me>("/api/v1/auth/totp", &req).await {
                Ok(me) => done(me),
                Err(e) => error.set(Some(e)),
            }
            set_busy.set(false);
        });
    };

    view! {
        <section class="page narrow">
            <Show when=move || !needs_code.get() fallback=move || view! {
                <h1>{t(AccMsg::TotpTitle)}</h1>
                <p>{t(AccMsg::TotpPrompt)}</p>
                <form class="form" on:submit=on_code.clone() novalidate>
                    <FormAlert error fields=&["code"] />
                    <TextField id="code" label=AccMsg::TotpCode value=code error inputmode="numeric" autocomplete="one-time-code" />
                    <SubmitButton label=AccMsg::Verify busy_label=AccMsg::Saving busy />
                </form>
            }>
                <h1>{t(AccMsg::LoginTitle)}</h1>
                <form class="form" on:submit=on_login.clone() novalidate>
                    <FormAlert error fields=&["phone", "password"] />
                    <TextField id="phone" label=AccMsg::Phone value=phone error input_type="tel" inputmode="numeric" autocomplete="tel" hint=AccMsg::PhoneHint />
                    <TextField id="password" label=AccMsg::Password value=password error input_type="password" autocomplete="current-password" />
                    <SubmitButton label=AccMsg::LogIn busy_label=AccMsg::Saving busy />
                </form>
                <p class="form-footer">{t(AccMsg::NoAccountYet)} " " <A href="/register">{t(AccMsg::Register)}</A></p>
            </Show>
        </section>
    }
}
