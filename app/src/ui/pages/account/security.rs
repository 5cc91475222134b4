//! Security and data sections of "我的": password, phone number, two-step verification,
//! sessions, export and deletion.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::sms_code::SmsCodeField;
use crate::{
    api::accounts::{
        ChangePasswordRequest, ChangePhoneRequest, CodePurpose, Me, PasswordConfirmation,
        SessionList, TotpCode, TotpSetup,
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, form_action},
            status::{ErrorNotice, Loading},
        },
        i18n::{AccMsg, t},
        session::use_session,
    },
};

/// Change the password (other sessions end).
#[component]
pub fn ChangePassword() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let done = RwSignal::new(false);
    let change = form_action(
        error,
        |req: ChangePasswordRequest| async move {
            client::post::<_, ()>("/api/v1/me/password", &req).await
        },
        move |()| {
            done.set(true);
            current.set(String::new());
            new.set(String::new());
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change.dispatch_local(ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };
    view! {
        <details class="card">
            <summary><h2>{t(AccMsg::ChangePassword)}</h2></summary>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert error fields=&["current_password", "new_password"] />
                <TextField id="current_password" label=AccMsg::CurrentPassword value=current error input_type="password" autocomplete="current-password" />
                <TextField id="new_password" label=AccMsg::NewPassword value=new error input_type="password" autocomplete="new-password" hint=AccMsg::PasswordHint />
                <SubmitButton label=AccMsg::Submit busy_label=AccMsg::Saving busy=change.pending() />
                <Show when=move || done.get()><p class="status ok" role="status">{t(AccMsg::PasswordChanged)}</p></Show>
            </form>
        </details>
    }
}

/// Move the account to a new phone number: a code sent to the new number, and the password.
#[component]
pub fn ChangePhone() -> impl IntoView {
    let session = use_session();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let done = RwSignal::new(false);
    let change = form_action(
        error,
        |req: ChangePhoneRequest| async move {
            client::send::<_, Me>("PUT", "/api/v1/me/phone", &req).await
        },
        move |me| {
            done.set(true);
            session.me.set(Some(me));
            for field in [phone, code, password] {
                field.set(String::new());
            }
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change.dispatch_local(ChangePhoneRequest {
            phone: phone.get_untracked(),
            sms_code: code.get_untracked(),
            password: password.get_untracked(),
        });
    };
    view! {
        <details class="card">
            <summary><h2>{t(AccMsg::ChangePhone)}</h2></summary>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert error fields=&["phone", "sms_code", "password"] />
                <TextField id="new_phone" field="phone" label=AccMsg::NewPhone value=phone error input_type="tel" inputmode="numeric" autocomplete="tel" hint=AccMsg::PhoneHint />
                <SmsCodeField phone purpose=CodePurpose::ChangePhone value=code error />
                <TextField id="phone_password" field="password" label=AccMsg::CurrentPassword value=password error input_type="password" autocomplete="current-password" />
                <SubmitButton label=AccMsg::Submit busy_label=AccMsg::Saving busy=change.pending() />
                <Show when=move || done.get()><p class="status ok" role="status">{t(AccMsg::PhoneChanged)}</p></Show>
            </form>
        </details>
    }
}

/// Turn two-step verification on (scan, confirm with a code) or off.
#[component]
pub fn TwoStep() -> impl IntoView {
    let session = use_session();
    let enabled = move || {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.mfa_enabled))
    };
    let setup = RwSignal::new(None::<TotpSetup>);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let set_up = form_action(
        error,
        |()| async {
            client::post::<_, TotpSetup>("/api/v1/me/totp/setup", &serde_json::json!({})).await
        },
        move |s| setup.set(Some(s)),
    );
    let enable = form_action(
        error,
        |req: TotpCode| async move { client::post::<_, Me>("/api/v1/me/totp/enable", &req).await },
        move |me| {
            session.me.set(Some(me));
            setup.set(None);
        },
    );
    let disable = form_action(
        error,
        |req: PasswordConfirmation| async move {
            client::post::<_, Me>("/api/v1/me/totp/disable", &req).await
        },
        move |me| {
            session.me.set(Some(me));
            password.set(String::new());
        },
    );
    let start = move |_| {
        set_up.dispatch_local(());
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        enable.dispatch_local(TotpCode {
            code: code.get_untracked(),
        });
    };
    let turn_off = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        disable.dispatch_local(PasswordConfirmation {
            password: password.get_untracked(),
        });
    };
    let qr_src = move || {
        setup.with(|s| {
            s.as_ref().map(|s| {
                format!(
                    "data:image/svg+xml;charset=utf-8,{}",
                    String::from(js_sys::encode_uri_component(&s.qr_svg))
                )
            })
        })
    };
    view! {
        <details class="card">
            <summary><h2>{t(AccMsg::TotpTitle)}</h2></summary>
            <Show when=enabled fallback=move || view! {
                <p>{t(AccMsg::TotpOff)}</p>
                <Show when=move || setup.with(Option::is_some) fallback=move || view! {
                    <button type="button" class="button secondary" on:click=start disabled=move || set_up.pending().get()>{t(AccMsg::TotpSetUp)}</button>
                }>
                    <p>{t(AccMsg::TotpScan)}</p>
                    <img class="qr" src=qr_src alt=t(AccMsg::TotpQrAlt) width="200" height="200" />
                    <p><code class="secret">{move || setup.with(|s| s.as_ref().map(|s| s.secret.clone()))}</code></p>
                    <form class="form" on:submit=confirm novalidate>
                        <FormAlert error fields=&["code"] />
                        <TextField id="totp-code" field="code" label=AccMsg::TotpCode value=code error inputmode="numeric" autocomplete="one-time-code" />
                        <SubmitButton label=AccMsg::TotpEnable busy_label=AccMsg::Saving busy=enable.pending() />
                    </form>
                </Show>
            }>
                <p class="status ok">{t(AccMsg::TotpOn)}</p>
                <form class="form" on:submit=turn_off novalidate>
                    <FormAlert error fields=&["password"] />
                    <TextField id="totp-off-password" field="password" label=AccMsg::ConfirmWithPassword value=password error input_type="password" autocomplete="current-password" />
                    <SubmitButton label=AccMsg::TotpDisable busy_label=AccMsg::Saving busy=disable.pending() />
                </form>
            </Show>
        </details>
    }
}

/// Where the account is logged in, and logging out everywhere.
#[component]
pub fn SessionsList() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(|| client::get::<SessionList>("/api/v1/me/sessions"));
    let navigate = use_navigate();
    let error: FormError = RwSignal::new(None);
    let log_out = form_action(
        error,
        |()| async {
            client::post::<_, ()>("/api/v1/auth/logout-all", &serde_json::json!({})).await
        },
        move |()| {
            session.me.set(None);
            navigate("/login", Default::default());
        },
    );
    let out_everywhere = move |_| {
        log_out.dispatch_local(());
    };
    view! {
        <details class="card">
            <summary><h2>{t(AccMsg::Sessions)}</h2></summary>
            <Suspense fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(list) => view! {
                        <ul class="sessions">
                            {list.items.into_iter().map(|s| view! {
                                <li>
                                    <span class="ua">{s.user_agent.clone()}</span>
                                    {s.current.then(|| view! { <strong class="badge">{t(AccMsg::ThisDevice)}</strong> })}
                                    <span class="muted">{t(AccMsg::LastSeen)} " " {s.last_seen_at.replace('T', " ").chars().take(16).collect::<String>()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
            <FormAlert error fields=&[] />
            <button type="button" class="button secondary" on:click=out_everywhere disabled=move || log_out.pending().get()>{t(AccMsg::LogOutEverywhere)}</button>
        </details>
    }
}

/// Download one's data; delete the account.
#[component]
pub fn DataRights() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let delete = form_action(
        error,
        |req: PasswordConfirmation| async move {
            client::post::<_, ()>("/api/v1/me/delete", &req).await
        },
        move |()| {
            session.me.set(None);
            navigate("/", Default::default());
        },
    );
    let on_delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        delete.dispatch_local(PasswordConfirmation {
            password: password.get_untracked(),
        });
    };
    view! {
        <details class="card">
            <summary><h2>{t(AccMsg::MyData)}</h2></summary>
            <p>{t(AccMsg::MyDataHint)}</p>
            <p><a class="button secondary" href="/api/v1/me/export" download="linli-my-data.json">{t(AccMsg::ExportData)}</a></p>
            <h3>{t(AccMsg::DeleteAccount)}</h3>
            <p class="warning">{t(AccMsg::DeleteWarning)}</p>
            <form class="form" on:submit=on_delete novalidate>
                <FormAlert error fields=&["password"] />
                <TextField id="delete-password" field="password" label=AccMsg::ConfirmWithPassword value=password error input_type="password" autocomplete="current-password" />
                <SubmitButton label=AccMsg::DeleteAccount busy_label=AccMsg::Saving busy=delete.pending() />
            </form>
        </details>
    }
}
