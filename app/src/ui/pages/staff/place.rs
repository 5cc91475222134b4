//! Placing a request from the triage queue (an Open311 request that matched no community) in a
//! community: a region picker and `POST /api/v1/staff/feedback/{id}/place`.
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::feedback::{PlaceCase, StaffCase},
    ui::{
        client,
        components::{form::FormError, region_picker::RegionPicker},
        i18n::{AccMsg, FbMsg, t},
    },
};

/// The "place in a community" form of a case waiting in the triage queue.
#[component]
pub fn PlacePanel(
    /// Case id.
    id: i64,
    /// Replaced with the placed case.
    case: RwSignal<Option<Result<StaffCase, client::ApiError>>>,
    /// Set when the case was placed here, to confirm it after the page re-renders.
    placed: RwSignal<bool>,
) -> impl IntoView {
    let community = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    // A new choice clears the message about the previous one.
    Effect::new(move |_| {
        community.track();
        error.set(None);
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = PlaceCase {
            community: community.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match client::post::<_, StaffCase>(&format!("/api/v1/staff/feedback/{id}/place"), &body)
                .await
            {
                Ok(c) => {
                    error.set(None);
                    placed.set(true);
                    case.set(Some(Ok(c)));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    // Errors about the community show under the picker; others (already placed) here.
    let general = move || {
        error
            .get()
            .filter(|e| e.field.as_deref() != Some("community"))
    };
    view! {
        <form class="card action-form place-form" on:submit=on_submit aria-labelledby="place-title">
            <h2 id="place-title">{t(FbMsg::PlaceTitle)}</h2>
            <p class="field-hint">{t(FbMsg::PlaceInCommunityHint)}</p>
            <RegionPicker id="community" value=community error legend=AccMsg::CaseCommunity />
            {move || general().map(|e| view! { <div class="status error" role="alert"><p>{e.message}</p></div> })}
            <button type="submit" class="button" disabled=move || busy.get()>
                {move || if busy.get() { t(FbMsg::Placing)() } else { t(FbMsg::PlaceButton)() }}
            </button>
        </form>
    }
}
