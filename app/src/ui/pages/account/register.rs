//! Registration of a resident account, with the phone proven by a code sent to it.
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::accounts::{CodePurpose, Me, RegisterRequest},
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, form_action},
            region_picker::RegionPicker,
        },
        i18n::{AccMsg, t},
        session::use_session,
    },
};

use super::{safe_next, sms_code::SmsCodeField};

/// Phone and its SMS code, password, name and home community; logs the new resident in.
#[component]
pub fn Register() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let register = form_action(
        error,
        |req: RegisterRequest| async move { client::post::<_, Me>("/api/v1/auth/register", &req).await },
        move |me| {
            session.me.set(Some(me));
            let next = safe_next(query.with_untracked(|q| q.get("next")));
            navigate(&next, Default::default());
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        register.dispatch_local(RegisterRequest {
            phone: phone.get_untracked(),
            password: password.get_untracked(),
            display_name: name.get_untracked(),
            home_community: community.get_untracked(),
            sms_code: code.get_untracked(),
        });
    };
    view! {
        <section class="page narrow">
            <h1>{t(AccMsg::RegisterTitle)}</h1>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert error fields=&["phone", "sms_code", "password", "display_name", "home_community"] />
                <TextField id="phone" label=AccMsg::Phone value=phone error input_type="tel" inputmode="numeric" autocomplete="tel" hint=AccMsg::PhoneHint />
                <SmsCodeField phone purpose=CodePurpose::Register value=code error />
                <TextField id="password" label=AccMsg::Password value=password error input_type="password" autocomplete="new-password" hint=AccMsg::PasswordHint />
                <TextField id="display_name" label=AccMsg::DisplayName value=name error autocomplete="nickname" hint=AccMsg::DisplayNameHint />
                <RegionPicker id="home_community" value=community error />
                <SubmitButton label=AccMsg::Register busy_label=AccMsg::Saving busy=register.pending() />
            </form>
            <p class="form-footer">{t(AccMsg::HaveAccount)} " " <A href="/login">{t(AccMsg::LogIn)}</A></p>
        </section>
    }
}
