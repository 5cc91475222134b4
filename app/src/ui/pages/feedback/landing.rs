//! `/feedback`: what residents can do, and tracking a case by its code.
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

use crate::ui::{
    i18n::{FbMsg, t},
    session::use_session,
};

/// Entry to filing, the resident's own cases, tracking by code and (for staff) the inbox.
#[component]
pub fn FeedbackHome() -> impl IntoView {
    let session = use_session();
    let code = RwSignal::new(String::new());
    let navigate = use_navigate();
    let on_track = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = code.get_untracked().trim().to_uppercase();
        if !c.is_empty() {
            navigate(&format!("/feedback/track/{c}"), Default::default());
        }
    };
    view! {
        <section class="page narrow feedback-home">
            <h1>{t(FbMsg::Title)}</h1>
            <p class="lead">{t(FbMsg::Intro)}</p>
            <div class="pillars">
                <A href="/feedback/new" attr:class="pillar pillar-feedback">
                    <span class="pillar-title">{t(FbMsg::NewCase)}</span>
                </A>
                <A href="/feedback/mine" attr:class="pillar">
                    <span class="pillar-title">{t(FbMsg::MyCases)}</span>
                </A>
                <Show when=move || session.is_staff()>
                    <A href="/staff/feedback" attr:class="pillar pillar-venues">
                        <span class="pillar-title">{t(FbMsg::StaffInbox)}</span>
                    </A>
                </Show>
            </div>
            <form class="card track-form" on:submit=on_track>
                <h2>{t(FbMsg::TrackTitle)}</h2>
                <div class="field">
                    <label for="track-code">{t(FbMsg::TrackLabel)}</label>
                    <p class="field-hint" id="track-code-hint">{t(FbMsg::TrackHint)}</p>
                    <div class="search">
                        <input id="track-code" type="text" autocomplete="off" aria-describedby="track-code-hint" bind:value=code />
                        <button type="submit" class="button">{t(FbMsg::TrackButton)}</button>
                    </div>
                </div>
            </form>
        </section>
    }
}
