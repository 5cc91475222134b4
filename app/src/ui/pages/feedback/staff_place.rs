//! Placing a request from the triage queue (an Open311 request that matched no community) in a
//! community: a region picker and `POST /api/v1/staff/feedback/{id}/place`.
use leptos::prelude::*;

use crate::{
    api::feedback::{PlaceCase, StaffCase},
    ui::{
        client,
        components::{
            form::{FormError, SubmitButton, form_action},
            region_picker::RegionPicker,
        },
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
    // A new choice clears the message about the previous one.
    Effect::new(move |_| {
        community.track();
        error.set(None);
    });
    let place = form_action(
        error,
        move |body: PlaceCase| async move {
            client::post::<_, StaffCase>(&format!("/api/v1/staff/feedback/{id}/place"), &body).await
        },
        move |c: StaffCase| {
            placed.set(true);
            case.set(Some(Ok(c)));
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        place.dispatch_local(PlaceCase {
            community: community.get_untracked(),
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
            <SubmitButton label=FbMsg::PlaceButton busy_label=FbMsg::Placing busy=place.pending() />
        </form>
    }
}
