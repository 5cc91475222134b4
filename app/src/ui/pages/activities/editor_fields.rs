//! The fields of the activity editor, grouped as staff think of them: what, where, when, places
//! and cost, and (for a new activity) the weekly repetition.
use leptos::prelude::*;

use crate::{
    api::{activities::ActivityKind, booking::VenueSummary, directory::Term},
    ui::{
        components::form::{FormError, TextField, field_error},
        i18n::{ActMsg, lang, t},
    },
};

use super::{fields::Fields, kind_label};

/// The message under a field that is not a [`TextField`].
#[component]
fn FieldError(
    /// The API field.
    field: &'static str,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    let message = field_error(error, field);
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p class="field-error" id=format!("{field}-error") role="alert">{move || message.get()}</p>
        </Show>
    }
}

/// Kind, audiences, titles and descriptions.
#[component]
pub fn WhatFields(
    /// The fields.
    f: Fields,
    /// The directory's audiences.
    audiences: Signal<Vec<Term>>,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    view! {
        <TextField id="title_zh" label=ActMsg::TitleZh value=f.title_zh error />
        <TextField id="title_en" label=ActMsg::TitleEn value=f.title_en error required=false lang="en" />
        <div class="field">
            <label for="kind">{t(ActMsg::Kind)}</label>
            <select id="kind" on:change=move |ev| f.kind.set(event_target_value(&ev))>
                {ActivityKind::ALL.iter().map(|k| {
                    let k = *k;
                    view! { <option value=k.as_str() selected=move || f.kind.get() == k.as_str()>{t(kind_label(k))}</option> }
                }).collect_view()}
            </select>
            <FieldError field="kind" error />
        </div>
        <fieldset class="field">
            <legend>{t(ActMsg::Audiences)}</legend>
            <p class="field-hint">{t(ActMsg::AudiencesHint)}</p>
            <div class="checks">
                {move || audiences.get().into_iter().map(|term| view! { <AudienceCheck term chosen=f.audiences /> }).collect_view()}
            </div>
            <FieldError field="audiences" error />
        </fieldset>
        <TextField id="description_zh" label=ActMsg::DescriptionZh value=f.description_zh error required=false multiline=true />
        <TextField id="description_en" label=ActMsg::DescriptionEn value=f.description_en error required=false multiline=true lang="en" />
    }
}

/// A checkbox for one audience: checked while its code is in `chosen`.
#[component]
fn AudienceCheck(
    /// The audience.
    term: Term,
    /// The chosen codes.
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    let Term { code, name, .. } = term;
    let id = format!("audience-{code}");
    let label_for = id.clone();
    let checked = {
        let code = code.clone();
        move || chosen.with(|cs| cs.contains(&code))
    };
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        chosen.update(|cs| {
            cs.retain(|c| *c != code);
            if on {
                cs.push(code.clone());
            }
        });
    };
    view! {
        <label class="check" for=label_for>
            <input type="checkbox" id=id prop:checked=checked on:change=toggle />
            {move || name.get(lang().tag()).to_owned()}
        </label>
    }
}

/// A venue of the community (its time is booked on publishing), or a place in words.
#[component]
pub fn WhereFields(
    /// The fields.
    f: Fields,
    /// The staff member's venues (those of the chosen community are offered).
    venues: Signal<Vec<VenueSummary>>,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    let offered = move || {
        let community = f.community.get();
        venues.with(|all| {
            all.iter()
                .filter(|v| v.community.code == community)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="field">
            <label for="venue_id">{t(ActMsg::Venue)}</label>
            <p class="field-hint" id="venue-hint">{t(ActMsg::VenueHint)}</p>
            <select id="venue_id" aria-describedby="venue-hint" on:change=move |ev| f.venue.set(event_target_value(&ev))>
                <option value="">{t(ActMsg::NoVenue)}</option>
                {move || offered().into_iter().map(|v| {
                    let id = v.id.to_string();
                    let chosen = id.clone();
                    view! { <option value=id selected=move || f.venue.get() == chosen>{move || v.name.get(lang().tag()).to_owned()}</option> }
                }).collect_view()}
            </select>
            <FieldError field="venue_id" error />
        </div>
        <TextField id="place_zh" label=ActMsg::PlaceZh value=f.place_zh error required=false hint=ActMsg::PlaceHint />
        <TextField id="place_en" label=ActMsg::PlaceEn value=f.place_en error required=false lang="en" />
    }
}

/// The date, the start and end times, and the sign-up window.
#[component]
pub fn WhenFields(
    /// The fields.
    f: Fields,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    view! {
        <TextField id="act-date" field="start" label=ActMsg::Date value=f.date error input_type="date" />
        <TextField id="act-start" field="start_time" label=ActMsg::StartTime value=f.start error input_type="time" />
        <TextField id="act-end" field="end" label=ActMsg::EndTime value=f.end error input_type="time" />
        <TextField id="signup_opens" label=ActMsg::SignupOpensLabel value=f.signup_opens error input_type="datetime-local" required=false hint=ActMsg::SignupOpensHint />
        <TextField id="signup_closes" label=ActMsg::SignupClosesLabel value=f.signup_closes error input_type="datetime-local" required=false hint=ActMsg::SignupClosesHint />
    }
}

/// Places, companions, cost and accessibility.
#[component]
pub fn PlacesFields(
    /// The fields.
    f: Fields,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    view! {
        <TextField id="capacity" label=ActMsg::CapacityLabel value=f.capacity error input_type="number" inputmode="numeric" />
        <TextField id="max_companions" label=ActMsg::MaxCompanionsLabel value=f.companions error input_type="number" inputmode="numeric" hint=ActMsg::MaxCompanionsHint />
        <TextField id="cost_zh" label=ActMsg::CostZh value=f.cost_zh error required=false hint=ActMsg::CostHint />
        <TextField id="cost_en" label=ActMsg::CostEn value=f.cost_en error required=false lang="en" />
        <TextField id="accessibility_zh" label=ActMsg::AccessibilityZh value=f.accessibility_zh error required=false multiline=true hint=ActMsg::AccessibilityHint />
        <TextField id="accessibility_en" label=ActMsg::AccessibilityEn value=f.accessibility_en error required=false multiline=true lang="en" />
    }
}

/// "Every week until", and the dates left out.
#[component]
pub fn RepeatFields(
    /// The fields.
    f: Fields,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    let skip_day = RwSignal::new(String::new());
    let add = move |_| {
        let d = skip_day.get_untracked();
        if !d.is_empty() {
            f.skip.update(|s| {
                if !s.contains(&d) {
                    s.push(d);
                    s.sort();
                }
            });
            skip_day.set(String::new());
        }
    };
    view! {
        <fieldset class="field repeat">
            <legend>{t(ActMsg::RepeatTitle)}</legend>
            <label class="check" for="repeat">
                <input id="repeat" type="checkbox" bind:checked=f.repeat />
                {t(ActMsg::RepeatWeekly)}
            </label>
            <Show when=move || f.repeat.get()>
                <TextField id="weekly_until" field="repeat.weekly_until" label=ActMsg::RepeatUntil value=f.until error input_type="date" hint=ActMsg::RepeatHint />
                <div class="field">
                    <label for="skip-day">{t(ActMsg::SkipDate)}</label>
                    <div class="inline-form">
                        <input id="skip-day" type="date" bind:value=skip_day />
                        <button type="button" class="button secondary small" on:click=add>{t(ActMsg::AddSkip)}</button>
                    </div>
                    <FieldError field="repeat.skip" error />
                </div>
                <ul class="queue" aria-label=t(ActMsg::SkippedDates)>
                    <For each=move || f.skip.get() key=|d| d.clone() let:d>
                        {
                            let named = d.clone();
                            let remove = d.clone();
                            view! {
                                <li class="actions">
                                    {d.clone()} " "
                                    <button type="button" class="button secondary small"
                                        aria-label=move || format!("{} {named}", t(ActMsg::RemoveSkip)())
                                        on:click=move |_| f.skip.update(|s| s.retain(|x| *x != remove))>
                                        {t(ActMsg::RemoveSkip)}
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </fieldset>
    }
}
