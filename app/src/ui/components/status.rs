//! Loading and error states, the same on every page.
use leptos::prelude::*;

use crate::ui::{
    client::ApiError,
    i18n::{Msg, t},
};

/// Shown while data loads; announced politely to screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="status loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {t(Msg::Loading)}
        </p>
    }
}

/// An error with the server's message and, when given, a retry button.
#[component]
pub fn ErrorNotice(
    /// What went wrong.
    error: ApiError,
    /// Called by the retry button; no button when `None`.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="status error" role="alert">
            <p class="error-title">{t(Msg::ErrorTitle)}</p>
            <p>{error.message.clone()}</p>
            {retry.map(|retry| view! {
                <button type="button" class="button secondary" on:click=move |_| retry.run(())>
                    {t(Msg::Retry)}
                </button>
            })}
        </div>
    }
}
