//! The sign-ups of an activity for its organisers: who is coming (phones masked), check-in by
//! the code shown at the door or by the line, and signing up someone who came in person or
//! called (an account by phone number, or a name for someone without one).
use leptos::prelude::*;

use crate::{
    api::activities::{CheckinRequest, SignupList, SignupStatus, StaffSignup, StaffSignupRequest},
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, form_action, outcome_action},
            status::{ErrorNotice, Loading},
        },
        i18n::{ActMsg, Lang, Message, fill, lang, t, tf},
        prefs::use_prefs,
    },
};

use super::{instant_label, signup_class, signup_label, some_text, stars};

/// What the last check-in or sign-up did: a line naming who, or the error.
type Done = RwSignal<Option<Result<String, client::ApiError>>>;

/// `msg` naming `name`, in the page's language when the answer arrives (`page_lang`, read
/// where the component was made: the request's task has no reactive owner to ask).
fn named(msg: ActMsg, page_lang: RwSignal<Lang>, name: &str) -> String {
    fill(
        msg.text(page_lang.get_untracked()),
        &[("name", name.to_owned())],
    )
}

/// Checks someone in, by the code shown at the door or by their line: the outcome names who
/// (then `checked` runs and the list is loaded again) or says what went wrong.
fn check_in_action(
    id: i64,
    done: Done,
    reload: Callback<()>,
    checked: impl Fn() + 'static,
) -> Action<CheckinRequest, ()> {
    let page_lang = use_prefs().lang;
    outcome_action(
        done,
        move |body: CheckinRequest| async move {
            let path = format!("/api/v1/staff/activities/{id}/checkins");
            client::post::<_, StaffSignup>(&path, &body).await
        },
        move |s| {
            checked();
            reload.run(());
            named(ActMsg::CheckedInName, page_lang, &s.name)
        },
    )
}

/// The sign-up list with check-in, and the in-person form.
#[component]
pub fn SignupsSection(
    /// The activity's id.
    id: i64,
    /// How many companions one sign-up may bring.
    max_companions: u32,
    /// Not over nor cancelled: people can still be signed up.
    open: bool,
    /// Not cancelled: people can be checked in (also afterwards, from a paper list).
    checkin: bool,
) -> impl IntoView {
    let list = LocalResource::new(move || async move {
        client::get::<SignupList>(&format!("/api/v1/staff/activities/{id}/signups")).await
    });
    let done: Done = RwSignal::new(None);
    let reload = Callback::new(move |()| list.refetch());
    view! {
        <section class="card signups" aria-labelledby="signups-title">
            <h2 id="signups-title">{t(ActMsg::SignupsTitle)}</h2>
            {checkin.then(|| view! { <CheckinByCode id done reload /> })}
            <div aria-live="polite">
                {move || done.get().map(|r| match r {
                    Ok(line) => view! { <p class="status ok">{line}</p> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </div>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(l) => view! { <SignupLines list=l id open=checkin done reload /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
        </section>
        {open.then(|| view! { <InPersonForm id max_companions done reload /> })}
    }
}

/// The code a resident shows at the door.
#[component]
fn CheckinByCode(
    /// The activity's id.
    id: i64,
    /// What the last action did.
    done: Done,
    /// Loads the list again.
    reload: Callback<()>,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let check_in = check_in_action(id, done, reload, move || code.set(String::new()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        check_in.dispatch_local(CheckinRequest {
            code: some_text(&code.get_untracked()),
            signup_id: None,
        });
    };
    view! {
        <form class="inline-form checkin" on:submit=submit>
            <div class="field">
                <label for="checkin-code">{t(ActMsg::CheckinByCode)}</label>
                <input id="checkin-code" class="digits-input" type="text" inputmode="numeric" autocomplete="off" required bind:value=code />
            </div>
            <button type="submit" class="button" disabled=move || check_in.pending().get()>{t(ActMsg::CheckinButton)}</button>
        </form>
    }
}

/// The totals and one line per sign-up: confirmed, the waitlist in order, those who left.
#[component]
fn SignupLines(
    /// The sign-ups.
    list: SignupList,
    /// The activity's id.
    id: i64,
    /// Check-in is still possible.
    open: bool,
    /// What the last action did.
    done: Done,
    /// Loads the list again.
    reload: Callback<()>,
) -> impl IntoView {
    let (taken, capacity, arrived) = (list.places_taken, list.capacity, list.checked_in);
    view! {
        <p>{tf(ActMsg::SignupTotals, move || vec![
            ("taken", taken.to_string()), ("capacity", capacity.to_string()), ("arrived", arrived.to_string()),
        ])}</p>
        {if list.items.is_empty() {
            view! { <p class="muted">{t(ActMsg::NoSignups)}</p> }.into_any()
        } else {
            view! {
                <ul class="queue">
                    {list.items.into_iter().map(|s| view! { <SignupLine signup=s id open done reload /> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// One person (and their companions) with their state and a check-in button.
#[component]
fn SignupLine(
    /// The sign-up.
    signup: StaffSignup,
    /// The activity's id.
    id: i64,
    /// Check-in is still possible.
    open: bool,
    /// What the last action did.
    done: Done,
    /// Loads the list again.
    reload: Callback<()>,
) -> impl IntoView {
    let s = signup;
    let signup_id = s.id;
    let name = s.name.clone();
    let companions = s.companions;
    let position = s.waitlist_position.unwrap_or(0);
    let checking_in = check_in_action(id, done, reload, || ());
    let check_in = move |_| {
        checking_in.dispatch_local(CheckinRequest {
            code: None,
            signup_id: Some(signup_id),
        });
    };
    let can_check_in = open && s.status == SignupStatus::Confirmed && s.checked_in_at.is_none();
    let button_name = name.clone();
    view! {
        <li class="queue-item" class:muted=s.status == SignupStatus::Cancelled>
            <p>
                <strong>{s.name.clone()}</strong> " " <span>{s.phone.clone()}</span>
                {(companions > 0).then(|| view! { " · " {tf(ActMsg::WithCompanions, move || vec![("n", companions.to_string())])} })}
                {s.by_staff.then(|| view! { " · " <span class="muted">{t(ActMsg::ByStaff)}</span> })}
            </p>
            <p class="actions">
                <span class=signup_class(s.status)>{t(signup_label(s.status))}
                    {(s.status == SignupStatus::Waitlisted).then(|| view! {
                        " " {tf(ActMsg::WaitPosition, move || vec![("n", position.to_string())])}
                    })}
                </span>
                {s.checked_in_at.clone().map(|at| view! {
                    <span class="badge state-ok">{tf(ActMsg::CheckedInAt, move || vec![("time", instant_label(&at, lang()))])}</span>
                })}
                {can_check_in.then(|| view! {
                    <button type="button" class="button secondary small" on:click=check_in
                        disabled=move || checking_in.pending().get()
                        aria-label=move || format!("{} {}", t(ActMsg::CheckinButton)(), button_name)>
                        {t(ActMsg::CheckinButton)}
                    </button>
                })}
            </p>
            {s.rating.map(|n| {
                let comment = s.comment.clone().unwrap_or_default();
                view! { <p><span aria-hidden="true">{stars(n)}</span> " " {tf(ActMsg::StarsN, move || vec![("n", n.to_string())])} " " {comment}</p> }
            })}
        </li>
    }
}

/// Signing up someone who came in person or called.
#[component]
fn InPersonForm(
    /// The activity's id.
    id: i64,
    /// How many companions one sign-up may bring.
    max_companions: u32,
    /// What the last action did.
    done: Done,
    /// Loads the list again.
    reload: Callback<()>,
) -> impl IntoView {
    let has_account = RwSignal::new(true);
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let guest_phone = RwSignal::new(String::new());
    let companions = RwSignal::new("0".to_owned());
    let error: FormError = RwSignal::new(None);
    let page_lang = use_prefs().lang;
    let sign_up = form_action(
        error,
        move |body: StaffSignupRequest| async move {
            let path = format!("/api/v1/staff/activities/{id}/signups");
            client::post::<_, StaffSignup>(&path, &body).await
        },
        move |s: StaffSignup| {
            done.set(Some(Ok(named(ActMsg::SignedUpName, page_lang, &s.name))));
            for field in [phone, name, guest_phone] {
                field.set(String::new());
            }
            companions.set("0".to_owned());
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let account = has_account.get_untracked();
        sign_up.dispatch_local(StaffSignupRequest {
            resident_phone: account.then(|| phone.get_untracked().trim().to_owned()),
            guest_name: (!account).then(|| name.get_untracked().trim().to_owned()),
            guest_phone: (!account)
                .then(|| some_text(&guest_phone.get_untracked()))
                .flatten(),
            companions: companions.get_untracked().trim().parse().unwrap_or(0),
        });
    };
    view! {
        <section class="card" aria-labelledby="in-person-title">
            <h2 id="in-person-title">{t(ActMsg::InPersonTitle)}</h2>
            <form class="form" on:submit=submit novalidate>
                <FormAlert error fields=&["resident_phone", "guest_name", "guest_phone", "companions"] />
                <fieldset class="choices">
                    <legend>{t(ActMsg::WhoSignsUp)}</legend>
                    <label><input type="radio" name="in-person-who" prop:checked=move || has_account.get() on:change=move |_| has_account.set(true) />" "{t(ActMsg::HasAccount)}</label>
                    <label><input type="radio" name="in-person-who" prop:checked=move || !has_account.get() on:change=move |_| has_account.set(false) />" "{t(ActMsg::NoAccount)}</label>
                </fieldset>
                <Show when=move || has_account.get() fallback=move || view! {
                    <TextField id="guest_name" label=ActMsg::GuestName value=name error />
                    <TextField id="guest_phone" label=ActMsg::GuestPhone value=guest_phone error input_type="tel" inputmode="numeric" required=false />
                }>
                    <TextField id="resident_phone" label=ActMsg::ResidentPhone value=phone error input_type="tel" inputmode="numeric" />
                </Show>
                {(max_companions > 0).then(|| view! {
                    <TextField id="companions" label=ActMsg::CompanionsLabel value=companions error input_type="number" inputmode="numeric" />
                })}
                <SubmitButton label=ActMsg::SignUpThem busy_label=ActMsg::Sending busy=sign_up.pending() />
            </form>
        </section>
    }
}
