//! `/staff/opportunities`: for social workers, posting a shift (community, what, where, when,
//! places, skills wanted) and the shifts of their regions, each linking to its roster.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::{
    api::volunteers::{Opportunity, OpportunityInput, OpportunityList, Skill},
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, field_error, form_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{VolMsg, t},
    },
};

use super::{
    SOCIAL_ROLES, help_form::CommunityField, local_instant, opportunity_card::OpportunityCard,
    profile_form::SkillCheck, query_string, some_text, staff_volunteers::StaffLinks,
    staff_volunteers_forms::ScopeSelect, today_cn,
};

/// The page, for social workers and administrators.
#[component]
pub fn StaffShifts() -> impl IntoView {
    view! {
        <RequireLogin roles=SOCIAL_ROLES>
            <StaffShiftsContent />
        </RequireLogin>
    }
}

#[component]
fn StaffShiftsContent() -> impl IntoView {
    let region = RwSignal::new(String::new());
    let list = LocalResource::new(move || {
        let path = format!(
            "/api/v1/staff/opportunities?{}",
            query_string(&[("region", region.get())])
        );
        async move { client::get::<OpportunityList>(&path).await }
    });
    view! {
        <section class="page volunteers staff">
            <h1>{t(VolMsg::StaffShiftsTitle)}</h1>
            <StaffLinks />
            <details class="card">
                <summary>{t(VolMsg::PostShift)}</summary>
                <ShiftForm />
            </details>
            <div class="filters card"><ScopeSelect id="shift-region" value=region /></div>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.items.is_empty() => view! { <p class="muted">{t(VolMsg::NoOpportunities)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="venue-list">
                            {l.items.into_iter().map(|o| view! { <OpportunityCard opportunity=o base="/staff/opportunities" /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// `date` and `HH:MM` times as the shift's start and end (the next day when the end is not
/// after the start).
fn shift_span(date: &str, start: &str, end: &str) -> (String, String) {
    let at = |time: &str| local_instant(&format!("{date}T{time}")).unwrap_or_default();
    let end_date = if end <= start {
        super::super::booking::add_days(date, 1)
    } else {
        date.to_owned()
    };
    (
        at(start),
        local_instant(&format!("{end_date}T{end}")).unwrap_or_default(),
    )
}

/// The form of a new shift; on success, its roster page.
#[component]
fn ShiftForm() -> impl IntoView {
    let community = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let title_en = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let date = RwSignal::new(today_cn());
    let start = RwSignal::new("09:00".to_owned());
    let end = RwSignal::new("11:00".to_owned());
    let slots = RwSignal::new("5".to_owned());
    let closes = RwSignal::new(String::new());
    let skills = RwSignal::new(Vec::<Skill>::new());
    let error: FormError = RwSignal::new(None);
    let navigate = use_navigate();
    let post = form_action(
        error,
        |body: OpportunityInput| async move {
            client::post::<_, Opportunity>("/api/v1/staff/opportunities", &body).await
        },
        move |o: Opportunity| {
            navigate(
                &format!("/staff/opportunities/{}", o.id),
                Default::default(),
            )
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (starts_at, ends_at) = shift_span(
            &date.get_untracked(),
            &start.get_untracked(),
            &end.get_untracked(),
        );
        post.dispatch_local(OpportunityInput {
            community: community.get_untracked(),
            title: title.get_untracked().trim().to_owned(),
            title_en: some_text(&title_en.get_untracked()),
            description: description.get_untracked().trim().to_owned(),
            place: place.get_untracked().trim().to_owned(),
            starts_at,
            ends_at,
            slots: slots.get_untracked().trim().parse().unwrap_or(0),
            skills: skills.get_untracked(),
            signup_closes_at: local_instant(&closes.get_untracked()),
            ..Default::default()
        });
    };
    let skills_error = field_error(error, "skills");
    view! {
        <form class="shift-form" on:submit=submit>
            <p class="field-hint">{t(VolMsg::PostShiftHint)}</p>
            <CommunityField id="community" value=community error staff=true />
            <TextField id="title" label=VolMsg::ShiftTitleZh value=title error />
            <TextField id="title_en" label=VolMsg::ShiftTitleEn value=title_en error required=false lang="en" />
            <TextField id="description" label=VolMsg::ShiftDescription value=description error required=false multiline=true />
            <TextField id="place" label=VolMsg::Place value=place error />
            <div class="inline-fields">
                <TextField id="shift-date" field="starts_at" label=VolMsg::Date value=date error input_type="date" />
                <TextField id="shift-start" field="starts_at" label=VolMsg::StartTime value=start error input_type="time" />
                <TextField id="shift-end" field="ends_at" label=VolMsg::EndTime value=end error input_type="time" />
            </div>
            <TextField id="slots" label=VolMsg::Slots value=slots error input_type="number" inputmode="numeric" />
            <fieldset class="field" class:has-error=move || skills_error.with(Option::is_some)>
                <legend>{t(VolMsg::SkillsWanted)}</legend>
                <p class="field-hint">{t(VolMsg::SkillsWantedHint)}</p>
                <div class="checks">
                    {Skill::ALL.iter().map(|s| view! { <SkillCheck skill=*s chosen=skills /> }).collect_view()}
                </div>
            </fieldset>
            <TextField id="signup_closes_at" label=VolMsg::SignupClosesLabel value=closes error input_type="datetime-local" required=false hint=VolMsg::SignupClosesHint />
            <FormAlert error fields=&["community", "title", "title_en", "description", "place", "starts_at", "ends_at", "slots", "signup_closes_at"] />
            <SubmitButton label=VolMsg::PostShift busy_label=VolMsg::Sending busy=post.pending() />
        </form>
    }
}
