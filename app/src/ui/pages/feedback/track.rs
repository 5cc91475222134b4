//! `/feedback/track/:code`: a case by its tracking code — status, deadlines, the public
//! timeline, photos, and the rating form once answered.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    api::feedback::{AddDetails, PublicCase, RatingRequest},
    ui::{
        client,
        components::{
            form::{FormError, form_action},
            status::{ErrorNotice, Loading},
        },
        i18n::{FbMsg, lang, t, tf},
        pages::feedback::{kind_label, status_label, timeline::Timeline},
    },
};

/// The public view of one case.
#[component]
pub fn TrackCase() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let reload = RwSignal::new(0u32);
    let prefs = crate::ui::prefs::use_prefs();
    let case = LocalResource::new(move || {
        let c = code();
        reload.get();
        // Read again in another language: the timeline is written in the reader's.
        prefs.lang.track();
        async move {
            client::get::<PublicCase>(&format!(
                "/api/v1/feedback/{}",
                String::from(js_sys::encode_uri_component(&c))
            ))
            .await
        }
    });
    view! {
        <section class="page narrow case-page">
            <Suspense fallback=|| view! { <Loading /> }>
                {move || case.get().map(|r| match r {
                    Ok(c) => view! { <CaseView case=c reload /> }.into_any(),
                    Err(e) => view! { <h1>{t(FbMsg::TrackTitle)}</h1><ErrorNotice error=e /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CaseView(
    /// The case.
    case: PublicCase,
    /// Bumped to load the case again after rating.
    reload: RwSignal<u32>,
) -> impl IntoView {
    let cat = case.category.name.clone();
    let community = case.community.name.clone();
    let code = case.tracking_code.clone();
    view! {
        <h1>{case.title.clone()}</h1>
        <p class="meta">
            <span class=format!("badge status-{}", case.status.as_str())>{t(status_label(case.status))}</span>
            {case.overdue.then(|| view! { <span class="badge overdue">{t(FbMsg::Overdue)}</span> })}
            <span class="chip">{t(kind_label(case.kind))}</span>
            <span class="muted">{move || cat.get(lang().tag()).to_owned()}</span>
        </p>
        <dl class="facts">
            <dt>{t(FbMsg::TrackLabel)}</dt><dd class="tracking-code">{code}</dd>
            <dt>{t(FbMsg::Place)}</dt><dd>{move || community.get(lang().tag()).to_owned()}" · "{case.place.clone()}</dd>
            <dt>{t(FbMsg::AcceptDue)}</dt><dd>{case.accept_due.clone()}</dd>
            {case.answer_due.clone().map(|d| view! { <dt>{t(FbMsg::AnswerDue)}</dt><dd>{d}</dd> })}
            {case.department.clone().map(|d| view! { <dt>{t(FbMsg::Department)}</dt><dd>{move || d.name.get(lang().tag()).to_owned()}</dd> })}
            {case.submitter_name.clone().map(|n| view! { <dt>{t(FbMsg::Contact)}</dt><dd>{n}</dd> })}
        </dl>
        <p class="description">{case.description.clone()}</p>
        {(!case.answers.is_empty()).then(|| view! {
            <dl class="facts">
                {case.answers.iter().map(|a| {
                    let q = a.question.clone();
                    view! { <dt>{move || q.get(lang().tag()).to_owned()}</dt><dd>{let a = a.clone(); move || crate::ui::pages::feedback::answer_text(&a, lang())}</dd> }
                }).collect_view()}
            </dl>
        })}
        {(!case.photos.is_empty()).then(|| view! {
            <ul class="photos">
                {case.photos.iter().map(|p| view! { <li><img src=p.url.clone() alt=tf(FbMsg::PhotoN, { let n = p.position; move || vec![("n", n.to_string())] }) loading="lazy" /></li> }).collect_view()}
            </ul>
        })}
        <h2>{t(FbMsg::Timeline)}</h2>
        <Timeline entries=case.timeline.clone() />
        {case.rating.clone().map(|r| view! { <p class="rating-given">{tf(FbMsg::YourRating, move || vec![("n", r.score.to_string())])}</p> })}
        {case.can_rate.then(|| view! { <RatingForm code=case.tracking_code.clone() reload /> })}
        {case.status.is_open().then(|| view! { <DetailsForm code=case.tracking_code.clone() reload /> })}
    }
}

/// More details from the submitter while the case is open (the server checks who may add).
#[component]
fn DetailsForm(
    /// The case's tracking code.
    code: String,
    /// Bumped once the addition is in.
    reload: RwSignal<u32>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let files = NodeRef::<leptos::html::Input>::new();
    let error: FormError = RwSignal::new(None);
    let add = form_action(
        error,
        move |(body, chosen): (AddDetails, Option<web_sys::FileList>)| {
            let path = format!("/api/v1/feedback/{code}/details");
            async move {
                match chosen.filter(|l| l.length() > 0) {
                    None => client::post::<_, PublicCase>(&path, &body).await,
                    Some(list) => {
                        // The text as the JSON part `details`, each photo as a `photo` part.
                        let form = web_sys::FormData::new().ok();
                        if let Some(form) = &form {
                            let json = serde_json::to_string(&body).unwrap_or_default();
                            let _ = form.append_with_str("details", &json);
                            for f in (0..list.length()).filter_map(|i| list.get(i)) {
                                let _ = form.append_with_blob_and_filename("photo", &f, &f.name());
                            }
                        }
                        match form {
                            Some(form) => client::post_form_data::<PublicCase>(&path, form).await,
                            None => client::post::<_, PublicCase>(&path, &body).await,
                        }
                    }
                }
            }
        },
        move |_| reload.update(|n| *n += 1),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = AddDetails {
            text: text.get_untracked(),
        };
        let chosen = files.get_untracked().and_then(|i| i.files());
        add.dispatch_local((body, chosen));
    };
    view! {
        <form class="card" on:submit=on_submit>
            <div class="field">
                <label for="case-details">{t(FbMsg::AddDetails)}</label>
                <textarea id="case-details" rows="3" maxlength="1000" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="case-details-photos">{t(FbMsg::Photos)}</label>
                <input id="case-details-photos" type="file" accept="image/jpeg,image/png,image/webp" multiple node_ref=files />
            </div>
            {move || error.get().map(|e| view! { <div class="status error" role="alert"><p>{e.message}</p></div> })}
            <button type="submit" class="button secondary" disabled=move || add.pending().get()>{t(FbMsg::AddDetails)}</button>
        </form>
    }
}

/// 1–5 stars as radio buttons, a comment, and "not solved".
#[component]
fn RatingForm(
    /// The case's tracking code.
    code: String,
    /// Bumped once the rating is in.
    reload: RwSignal<u32>,
) -> impl IntoView {
    let score = RwSignal::new(0i64);
    let comment = RwSignal::new(String::new());
    let not_satisfied = RwSignal::new(false);
    let error: FormError = RwSignal::new(None);
    let rate = form_action(
        error,
        move |body: RatingRequest| {
            let path = format!("/api/v1/feedback/{code}/rating");
            async move { client::post::<_, PublicCase>(&path, &body).await }
        },
        move |_| reload.update(|n| *n += 1),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        rate.dispatch_local(RatingRequest {
            score: score.get_untracked(),
            comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
            not_satisfied: not_satisfied.get_untracked(),
        });
    };
    view! {
        <form class="card rating-form" on:submit=on_submit>
            <h2>{t(FbMsg::RateTitle)}</h2>
            <fieldset class="stars">
                <legend>{t(FbMsg::Score)}</legend>
                {(1..=5).map(|n| view! {
                    <label class="choice star">
                        <input type="radio" name="score" value=n.to_string()
                            prop:checked=move || score.get() == n on:change=move |_| score.set(n) />
                        <span>{tf(FbMsg::ScoreN, move || vec![("n", n.to_string())])}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="rating-comment">{t(FbMsg::Comment)}</label>
                <textarea id="rating-comment" rows="3" maxlength="500" prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </div>
            <label class="choice">
                <input type="checkbox" prop:checked=move || not_satisfied.get() on:change=move |ev| not_satisfied.set(event_target_checked(&ev)) />
                <span>{t(FbMsg::NotSatisfied)}</span>
            </label>
            {move || error.get().map(|e| view! { <div class="status error" role="alert"><p>{e.message}</p></div> })}
            <button type="submit" class="button" disabled=move || rate.pending().get() || score.get() == 0>{t(FbMsg::SendRating)}</button>
        </form>
    }
}
