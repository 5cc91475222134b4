//! `/volunteer` (我的义工): applying as a volunteer; once approved, the confirmed hours, star
//! level, the hours ledger, shifts to come and record certificates. For everyone, the time bank:
//! the balance and its floor, its lines, one's help requests and those one helps, and the form
//! to ask for help.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::volunteers::{MyVolunteer, Stars, VolunteerProfile, VolunteerStatus},
    ui::{
        client,
        components::{
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{VolMsg, t, tf},
    },
};

use super::{
    certificate::CertificateForm,
    help::MyHelp,
    help_form::HelpRequestForm,
    hours,
    ledger::{BankTable, HoursTable},
    opportunity_card::OpportunityCard,
    profile_form::ProfileForm,
    skill_name, text_of, volunteer_status_class, volunteer_status_label,
};

/// The page; asks to log in first.
#[component]
pub fn MyVolunteerPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <MineContent />
        </RequireLogin>
    }
}

#[component]
fn MineContent() -> impl IntoView {
    let version = RwSignal::new(0_u32);
    let mine = LocalResource::new(move || {
        version.track();
        client::get::<MyVolunteer>("/api/v1/me/volunteer")
    });
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <section class="page volunteers mine">
            <h1>{t(VolMsg::MineTitle)}</h1>
            <p class="lead">{t(VolMsg::MineLead)}</p>
            <p class="actions">
                <A href="/opportunities" attr:class="button secondary">{t(VolMsg::OpportunitiesTitle)}</A>
                <A href="/help-requests" attr:class="button secondary">{t(VolMsg::HelpTitle)}</A>
            </p>
            <Transition fallback=Loading>
                {move || mine.get().map(|r| match r {
                    Ok(m) => view! { <Mine mine=m reload /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error retry=reload /> }.into_any(),
                })}
            </Transition>
            <section class="card time-bank" aria-labelledby="bank-help-title">
                <h2 id="bank-help-title">{t(VolMsg::TimeBankHelp)}</h2>
                <MyHelp version />
            </section>
            <HelpRequestForm done=Callback::new(move |_| version.update(|v| *v += 1)) />
        </section>
    }
}

/// Everything of `/me/volunteer`, by the application's state.
#[component]
fn Mine(
    /// The caller's volunteering and time bank.
    mine: MyVolunteer,
    /// Loads it again.
    reload: Callback<()>,
) -> impl IntoView {
    let approved = mine
        .profile
        .as_ref()
        .is_some_and(|p| p.status == VolunteerStatus::Approved);
    let m = mine;
    view! {
        <dl class="stats">
            {approved.then(|| view! {
                <div><dt>{t(VolMsg::ConfirmedHours)}</dt><dd>{hours(m.confirmed_minutes)}</dd></div>
                <div><dt>{t(VolMsg::StarLevel)}</dt><dd><StarLine stars=m.stars.clone() /></dd></div>
            })}
            <div><dt>{t(VolMsg::Balance)}</dt><dd>{hours(m.balance_minutes)}</dd></div>
            <div><dt>{t(VolMsg::Floor)}</dt><dd>{hours(m.floor_minutes)}</dd></div>
        </dl>
        {m.stars.next_in_minutes.filter(|_| approved).map(|n| view! {
            <p class="muted">{tf(VolMsg::NextStar, move || vec![("h", hours(n))])}</p>
        })}
        <ProfileState profile=m.profile.clone() reload />
        {approved.then(|| view! {
            <section class="card" aria-labelledby="shifts-title">
                <h2 id="shifts-title">{t(VolMsg::MyShifts)}</h2>
                {if m.shifts.is_empty() {
                    view! { <p class="muted">{t(VolMsg::NoShifts)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="venue-list">
                            {m.shifts.clone().into_iter().map(|o| view! { <OpportunityCard opportunity=o base="/opportunities" /> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="hours-title">
                <h2 id="hours-title">{t(VolMsg::HoursLedger)}</h2>
                <HoursTable lines=m.hours.clone() />
            </section>
            <CertificateForm />
        })}
        <section class="card" aria-labelledby="bank-title">
            <h2 id="bank-title">{t(VolMsg::BankLedger)}</h2>
            <p class="field-hint">{t(VolMsg::BankHint)}</p>
            <BankTable lines=m.bank />
        </section>
    }
}

/// The level as stars, with the level in words for screen readers.
#[component]
fn StarLine(
    /// The level and thresholds.
    stars: Stars,
) -> impl IntoView {
    let level = usize::from(stars.level);
    let top = stars.thresholds_hours.len().max(level);
    let shown: String = (0..top)
        .map(|i| if i < level { '★' } else { '☆' })
        .collect();
    view! {
        <span class="rating-stars" aria-hidden="true">{shown}</span>
        <span class="visually-hidden">{tf(VolMsg::StarsN, move || vec![("n", level.to_string())])}</span>
    }
}

/// Not applied: the form. Pending or declined: what that means (and the form again).
/// Approved: the profile, with the form to change it folded away.
#[component]
fn ProfileState(
    /// The profile, if applied.
    profile: Option<VolunteerProfile>,
    /// Loads the page's data again.
    reload: Callback<()>,
) -> impl IntoView {
    let Some(p) = profile else {
        return view! {
            <section class="card" aria-labelledby="apply-title">
                <h2 id="apply-title">{t(VolMsg::ApplyTitle)}</h2>
                <p>{t(VolMsg::ApplyLead)}</p>
                <ProfileForm profile=None done=reload />
            </section>
        }
        .into_any();
    };
    let note = match p.status {
        VolunteerStatus::Pending => VolMsg::PendingNote,
        VolunteerStatus::Approved => VolMsg::ApprovedNote,
        VolunteerStatus::Declined => VolMsg::DeclinedNote,
    };
    let declined = p.status == VolunteerStatus::Declined;
    let reason = p.decline_reason.clone().filter(|_| declined);
    view! {
        <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">{t(VolMsg::ProfileTitle)}</h2>
            <p class="meta"><span class=volunteer_status_class(p.status)>{t(volunteer_status_label(p.status))}</span></p>
            <p>{t(note)}</p>
            {reason.map(|r| view! { <p class="status error">{tf(VolMsg::Reason, move || vec![("reason", r.clone())])}</p> })}
            <dl class="facts">
                <dt>{t(VolMsg::Skills)}</dt>
                <dd>{p.skills.iter().map(|s| view! { <span class="chip">{skill_name(*s)}</span> }).collect_view()}</dd>
                <dt>{t(VolMsg::Languages)}</dt><dd>{p.languages.join("、")}</dd>
                <dt>{t(VolMsg::Availability)}</dt><dd>{p.availability.clone()}</dd>
                <dt>{t(VolMsg::Communities)}</dt>
                <dd>{p.communities.iter().map(|c| view! { <span class="chip">{text_of(c.name.clone())}</span> }).collect_view()}</dd>
            </dl>
            <details open=declined>
                <summary>{t(if declined { VolMsg::ApplyAgain } else { VolMsg::EditProfile })}</summary>
                <ProfileForm profile=Some(p) done=reload />
            </details>
        </section>
    }
    .into_any()
}
