//! Administrators' pages: users and roles, the audit log, reference data (regions, the
//! holiday calendar, site settings) and the notices that ask them to act.
pub mod area;
pub mod audit;
pub mod calendar;
pub mod notices;
pub mod open311;
pub mod regions;
pub mod site;
pub mod user;
pub mod users;

use std::future::Future;

use leptos::prelude::{Action, GetUntracked as _, RwSignal};
use wasm_bindgen::JsCast as _;

use crate::{
    api::accounts::AccountStatus,
    ui::{
        client::ApiError,
        components::form::{FormError, form_action},
        i18n::{AccMsg, AdmMsg, Lang, Message},
    },
};

pub fn status_label(status: AccountStatus) -> AccMsg {
    match status {
        AccountStatus::Active => AccMsg::StatusActive,
        AccountStatus::Disabled => AccMsg::StatusDisabled,
        AccountStatus::Deleted => AccMsg::StatusDeleted,
    }
}

/// The error with our own wording for the reference-data codes (the server's message for
/// anything else), keeping the field it is about.
pub fn explain(error: ApiError, lang: Lang) -> ApiError {
    let ours = match error.code.as_str() {
        "region_code_taken" => AdmMsg::ErrRegionCodeTaken,
        "invalid_region_code" => AdmMsg::ErrInvalidRegionCode,
        "invalid_region_name" => AdmMsg::ErrInvalidRegionName,
        "region_not_found" => AdmMsg::ErrRegionNotFound,
        "region_parent_invalid" => AdmMsg::ErrRegionParentInvalid,
        "region_not_community" => AdmMsg::ErrRegionNotCommunity,
        "region_retired" => AdmMsg::ErrRegionRetired,
        "out_of_scope" => AdmMsg::ErrOutOfScope,
        "city_admin_only" => AdmMsg::ErrCityAdminOnly,
        _ => return error,
    };
    ApiError {
        message: ours.text(lang).to_owned(),
        ..error
    }
}

/// A [`form_action`] of the administrators' pages: its errors are [`explain`]ed in the page's
/// language.
pub fn admin_action<I, O, Fu>(
    error: FormError,
    lang: RwSignal<Lang>,
    send: impl Fn(I) -> Fu + 'static,
    done: impl Fn(O) + 'static,
) -> Action<I, ()>
where
    I: Clone + 'static,
    O: 'static,
    Fu: Future<Output = Result<O, ApiError>> + 'static,
{
    form_action(
        error,
        move |input| {
            let answer = send(input);
            async move { answer.await.map_err(|e| explain(e, lang.get_untracked())) }
        },
        done,
    )
}

/// Moves the keyboard focus to the element with this id once the page has drawn it (a form
/// just opened, a row just re-drawn after a change).
pub fn focus_soon(id: String) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = leptos::prelude::document()
            .get_element_by_id(&id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}
