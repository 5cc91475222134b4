//! The caller's place in an activity: the sign-up form (with companions), or the place they
//! have (the check-in code to show at the door, or their turn on the waitlist) with a way to
//! leave, and the rating form once they attended.
use leptos::prelude::*;

use crate::{
    api::activities::{Activity, ActivityStatus, MySignup, SignupRequest, SignupStatus},
    ui::{
        client,
        components::{form::outcome_action, status::ErrorNotice},
        i18n::{ActMsg, lang, t, tf},
        session::{login_href, use_session},
    },
};

use super::{detail::Note, has_passed, instant_label, rating::RatingPanel};

/// The panel under the title.
#[component]
pub fn SignupPanel(
    /// The activity.
    activity: Activity,
    /// What the last action did.
    note: Note,
    /// Loads the activity again after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let a = activity;
    if a.status == ActivityStatus::Cancelled {
        // The banner above says why; a place in it means nothing any more.
        return None;
    }
    let mine = a
        .my_signup
        .clone()
        .filter(|m| m.status != SignupStatus::Cancelled);
    let open = matches!(a.status, ActivityStatus::Published | ActivityStatus::Full);
    let closed = has_passed(&a.signup_closes_at);
    let opens = a.signup_opens_at.clone().filter(|o| !has_passed(o));
    let body = match mine {
        Some(m) => view! {
            <MyPlace mine=m.clone() id=a.id live=open closed note reload />
            <RatingPanel mine=m started=has_passed(&a.starts_at) id=a.id note reload />
        }
        .into_any(),
        // Over, cancelled (the banner says why) or a draft: nothing to sign up for.
        None if !open => return None,
        None if closed => view! { <p class="muted">{t(ActMsg::SignupClosedNote)}</p> }.into_any(),
        None => match opens {
            Some(o) => view! {
                <p class="muted">{tf(ActMsg::SignupOpensAt, move || vec![("time", instant_label(&o, lang()))])}</p>
            }
            .into_any(),
            None => {
                let (id, max, full) = (a.id, a.max_companions, a.status == ActivityStatus::Full);
                view! {
                    {move || if session.logged_in() {
                        view! { <SignupForm id max full note reload /> }.into_any()
                    } else {
                        view! { <p><a class="button" href=login_href()>{t(ActMsg::LoginToSignUp)}</a></p> }.into_any()
                    }}
                }
                .into_any()
            }
        },
    };
    Some(view! {
        <section class="card signup-panel" aria-labelledby="signup-title">
            <h2 id="signup-title">{t(ActMsg::SignupTitle)}</h2>
            <div aria-live="polite">
                {move || note.get().map(|r| match r {
                    Ok(msg) => view! { <p class="status ok">{t(msg)}</p> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </div>
            {body}
        </section>
    })
}

/// Companions (when the activity allows them) and the button: sign up, or join the waitlist
/// when it is full.
#[component]
fn SignupForm(
    /// The activity's id.
    id: i64,
    /// How many companions one sign-up may bring.
    max: u32,
    /// No place left: signing up joins the waitlist.
    full: bool,
    /// What the last action did.
    note: Note,
    /// Loads the activity again.
    reload: Callback<()>,
) -> impl IntoView {
    let companions = RwSignal::new(0_u32);
    // Signed up or not, the activity is loaded again: its places have changed either way.
    let sign_up = outcome_action(
        note,
        move |body: SignupRequest| async move {
            let path = format!("/api/v1/activities/{id}/signup");
            let answer = client::post::<_, MySignup>(&path, &body).await;
            reload.run(());
            answer
        },
        |m| match m.status {
            SignupStatus::Waitlisted => ActMsg::JoinedWaitlist,
            _ => ActMsg::SignedUp,
        },
    );
    let busy = sign_up.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sign_up.dispatch_local(SignupRequest {
            companions: companions.get_untracked(),
        });
    };
    view! {
        <form class="form" on:submit=submit>
            {full.then(|| view! { <p class="warning">{t(ActMsg::FullHint)}</p> })}
            {(max > 0).then(|| view! {
                <div class="field">
                    <label for="companions">{t(ActMsg::CompanionsLabel)}</label>
                    <p class="field-hint" id="companions-hint">{tf(ActMsg::CompanionsHint, move || vec![("n", max.to_string())])}</p>
                    <select id="companions" aria-describedby="companions-hint"
                        on:change=move |ev| companions.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {(0..=max).map(|n| view! {
                            <option value=n.to_string() selected=move || companions.get() == n>{n}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <button type="submit" class="button" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                {move || match (busy.get(), full) {
                    (true, _) => t(ActMsg::Sending)(),
                    (false, true) => t(ActMsg::JoinWaitlist)(),
                    (false, false) => t(ActMsg::SignUp)(),
                }}
            </button>
        </form>
    }
}

/// The caller's place: the check-in code, or their turn on the waitlist; and leaving it
/// (after a confirmation) until sign-up closes.
#[component]
fn MyPlace(
    /// The caller's sign-up.
    mine: MySignup,
    /// The activity's id.
    id: i64,
    /// Published and not over: the code is still needed, leaving still possible.
    live: bool,
    /// Sign-up (and leaving) has closed.
    closed: bool,
    /// What the last action did.
    note: Note,
    /// Loads the activity again.
    reload: Callback<()>,
) -> impl IntoView {
    let companions = mine.companions;
    let waitlisted = mine.status == SignupStatus::Waitlisted;
    let position = mine.waitlist_position.unwrap_or(0);
    let code = mine
        .checkin_code
        .clone()
        .filter(|_| live && !mine.checked_in);
    view! {
        {if waitlisted {
            view! {
                <p class="result"><span class="badge state-wait">{t(ActMsg::SignupWaitlisted)}</span> " "
                    <strong>{tf(ActMsg::WaitPosition, move || vec![("n", position.to_string())])}</strong></p>
                <p class="muted">{t(ActMsg::WaitlistHint)}</p>
            }.into_any()
        } else {
            view! {
                <p class="result"><span class="badge state-ok">{t(ActMsg::SignupConfirmed)}</span>
                    {(companions > 0).then(|| view! { " " {tf(ActMsg::WithCompanions, move || vec![("n", companions.to_string())])} })}
                </p>
            }.into_any()
        }}
        {mine.checked_in.then(|| view! { <p class="status ok">{t(ActMsg::CheckedIn)}</p> })}
        {code.map(|code| view! {
            <div class="entry-code">
                <h3>{t(ActMsg::CheckinCode)}</h3>
                <p class="digits">{code}</p>
                <p class="muted">{t(ActMsg::CheckinCodeHint)}</p>
            </div>
        })}
        {match (live && !mine.checked_in, closed) {
            (false, _) => ().into_any(),
            (true, true) => view! { <p class="muted">{t(ActMsg::LeaveClosed)}</p> }.into_any(),
            (true, false) => view! { <LeaveButton id waitlisted note reload /> }.into_any(),
        }}
    }
}

/// "退出报名", then a confirmation that says what happens to the place.
#[component]
fn LeaveButton(
    /// The activity's id.
    id: i64,
    /// Leaving the waitlist rather than a place.
    waitlisted: bool,
    /// What the last action did.
    note: Note,
    /// Loads the activity again.
    reload: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let label = if waitlisted {
        ActMsg::LeaveWaitlist
    } else {
        ActMsg::Leave
    };
    let leaving = outcome_action(
        note,
        move |()| async move {
            let answer = client::delete::<()>(&format!("/api/v1/activities/{id}/signup")).await;
            reload.run(());
            answer
        },
        |()| ActMsg::Left,
    );
    let leave = move |_| {
        leaving.dispatch_local(());
    };
    let ask = move |_| {
        asking.set(true);
        request_animation_frame(|| {
            if let Some(el) = document().get_element_by_id("leave-confirm")
                && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
            {
                let _ = el.focus();
            }
        });
    };
    view! {
        <Show when=move || asking.get() fallback=move || view! {
            <p><button type="button" class="button secondary" on:click=ask>{t(label)}</button></p>
        }>
            <div class="confirm" id="leave-confirm" tabindex="-1" role="group" aria-labelledby="leave-q">
                <p class="confirm-title" id="leave-q">{t(ActMsg::LeaveQuestion)}</p>
                <p>{t(if waitlisted { ActMsg::LeaveWaitlistHint } else { ActMsg::LeaveHint })}</p>
                <p class="actions">
                    <button type="button" class="button" disabled=move || leaving.pending().get() on:click=leave>{t(ActMsg::LeaveConfirm)}</button>
                    <button type="button" class="button secondary" on:click=move |_| asking.set(false)>{t(ActMsg::Keep)}</button>
                </p>
            </div>
        </Show>
    }
}
