//! The code field of the forms that prove a phone number: asks the server to send a code by
//! SMS to the number typed above it, then waits out the minute before another can be sent.
use leptos::prelude::*;

use crate::{
    api::accounts::{CodePurpose, SmsCodeAccepted, SmsCodeRequest, mask_phone},
    ui::{
        client,
        components::form::{FormError, TextField, form_action},
        i18n::{AccMsg, t, tf},
    },
};

/// "Send me a code" beside the code input. Errors (a bad number, too many codes) go to the
/// form's error, on the field they name.
#[component]
pub fn SmsCodeField(
    /// The number the code goes to.
    phone: RwSignal<String>,
    /// What the code is for.
    purpose: CodePurpose,
    /// The code typed by the user.
    value: RwSignal<String>,
    /// The form's submission error.
    error: FormError,
) -> impl IntoView {
    let wait = RwSignal::new(0u32);
    let sent_to = RwSignal::new(None::<String>);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if wait.get_untracked() > 0 {
                wait.update(|w| *w -= 1);
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let request_code = form_action(
        error,
        |req: SmsCodeRequest| async move {
            client::post::<_, SmsCodeAccepted>("/api/v1/auth/sms-codes", &req)
                .await
                .map(|accepted| (accepted, req.phone))
        },
        move |(accepted, number): (SmsCodeAccepted, String)| {
            wait.set(accepted.resend_after_seconds);
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            let local = digits
                .strip_prefix("86")
                .filter(|d| d.len() == 11)
                .unwrap_or(&digits);
            sent_to.set(Some(mask_phone(local)));
        },
    );
    let send = move |_| {
        request_code.dispatch_local(SmsCodeRequest {
            phone: phone.get_untracked(),
            purpose,
        });
    };
    let label = move || {
        if wait.get() > 0 {
            tf(AccMsg::SendCodeAgainIn, move || {
                vec![("n", wait.get().to_string())]
            })()
        } else {
            t(AccMsg::SendCode)().to_owned()
        }
    };
    view! {
        <div class="sms-code">
            <TextField id="sms_code" label=AccMsg::SmsCode value error inputmode="numeric" autocomplete="one-time-code" hint=AccMsg::SmsCodeHint />
            <button type="button" class="button secondary" on:click=send disabled=move || { wait.get() > 0 || request_code.pending().get() }>
                {label}
            </button>
            <p class="sms-code-sent" role="status">
                {move || sent_to.get().map(|p| tf(AccMsg::CodeSent, move || vec![("phone", p.clone())])())}
            </p>
        </div>
    }
}
