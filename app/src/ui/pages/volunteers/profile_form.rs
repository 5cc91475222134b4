//! Applying as a volunteer, or changing one's profile: skills, languages, usual availability
//! and the communities served (the home community to start with).
use leptos::prelude::*;

use crate::{
    api::{
        Text,
        volunteers::{Skill, VolunteerApplication, VolunteerProfile},
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, field_error, form_action},
            region_picker::RegionPicker,
        },
        i18n::{AccMsg, Lang, VolMsg, lang, t},
        session::use_session,
    },
};

use super::{skill_name, text_of};

/// A community served: code and name (the name shown once known).
type Served = (String, Option<Text>);

/// The form; `profile` fills it for a change or a new application after a decline.
#[component]
pub fn ProfileForm(
    /// The current profile, if any.
    profile: Option<VolunteerProfile>,
    /// Called after the server accepted it.
    done: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let skills = RwSignal::new(
        profile
            .as_ref()
            .map(|p| p.skills.clone())
            .unwrap_or_default(),
    );
    let languages = RwSignal::new(
        profile
            .as_ref()
            .map_or_else(default_language, |p| p.languages.join("、")),
    );
    let availability = RwSignal::new(
        profile
            .as_ref()
            .map(|p| p.availability.clone())
            .unwrap_or_default(),
    );
    let served: RwSignal<Vec<Served>> = RwSignal::new(match &profile {
        Some(p) => p
            .communities
            .iter()
            .map(|c| (c.code.clone(), Some(c.name.clone())))
            .collect(),
        None => session.me.with_untracked(|m| {
            m.iter()
                .filter_map(|m| m.home_community.clone())
                .map(|h| (h.code, Some(h.name)))
                .collect()
        }),
    });
    let error: FormError = RwSignal::new(None);
    let apply = form_action(
        error,
        |body: VolunteerApplication| async move {
            client::post::<_, VolunteerProfile>("/api/v1/me/volunteer", &body).await
        },
        move |_| done.run(()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        apply.dispatch_local(VolunteerApplication {
            skills: skills.get_untracked(),
            languages: split_list(&languages.get_untracked()),
            availability: availability.get_untracked().trim().to_owned(),
            communities: served.with_untracked(|s| s.iter().map(|(c, _)| c.clone()).collect()),
        });
    };
    let skills_error = field_error(error, "skills");
    let label = if profile.is_some() {
        VolMsg::SaveProfile
    } else {
        VolMsg::Apply
    };
    view! {
        <form class="card volunteer-form" on:submit=submit>
            <fieldset class="field" class:has-error=move || skills_error.with(Option::is_some)>
                <legend>{t(VolMsg::Skills)}</legend>
                <p class="field-hint">{t(VolMsg::SkillsHint)}</p>
                <div class="checks">
                    {Skill::ALL.iter().map(|s| view! { <SkillCheck skill=*s chosen=skills /> }).collect_view()}
                </div>
                <Show when=move || skills_error.with(Option::is_some)>
                    <p class="field-error" role="alert">{move || skills_error.get()}</p>
                </Show>
            </fieldset>
            <TextField id="languages" label=VolMsg::Languages value=languages error hint=VolMsg::LanguagesHint required=false />
            <TextField id="availability" label=VolMsg::Availability value=availability error hint=VolMsg::AvailabilityHint required=false />
            <ServedCommunities served error />
            <FormAlert error fields=&["skills", "languages", "availability", "communities"] />
            <SubmitButton label busy_label=VolMsg::Sending busy=apply.pending() />
        </form>
    }
}

/// What most residents speak, offered in the Chinese interface.
fn default_language() -> String {
    match lang() {
        Lang::Zh => "普通话".to_owned(),
        Lang::En => String::new(),
    }
}

/// `普通话、粤语, English` → the languages, trimmed, without blanks.
fn split_list(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A checkbox for one skill: checked while it is in `chosen`.
#[component]
pub fn SkillCheck(
    /// The skill.
    skill: Skill,
    /// The chosen skills.
    chosen: RwSignal<Vec<Skill>>,
) -> impl IntoView {
    let id = format!("skill-{}", skill.as_str());
    let label_for = id.clone();
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        chosen.update(|cs| {
            cs.retain(|c| *c != skill);
            if on {
                cs.push(skill);
            }
        });
    };
    view! {
        <label class="check" for=label_for>
            <input type="checkbox" id=id prop:checked=move || chosen.with(|cs| cs.contains(&skill)) on:change=toggle />
            {skill_name(skill)}
        </label>
    }
}

/// The communities served, each with "remove", and the picker to add one.
#[component]
fn ServedCommunities(
    /// The communities chosen.
    served: RwSignal<Vec<Served>>,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    let picked = RwSignal::new(String::new());
    let message = field_error(error, "communities");
    let add = move |_| {
        let code = picked.get_untracked();
        if !code.is_empty() && served.with_untracked(|s| !s.iter().any(|(c, _)| *c == code)) {
            served.update(|s| s.push((code, None)));
        }
    };
    view! {
        <fieldset class="field served" class:has-error=move || message.with(Option::is_some)>
            <legend>{t(VolMsg::Communities)}</legend>
            <p class="field-hint">{t(VolMsg::CommunitiesHint)}</p>
            <ul class="chips">
                {move || served.get().into_iter().map(|(code, name)| {
                    let shown = code.clone();
                    let gone = code.clone();
                    let name = move || name.clone().map_or_else(|| shown.clone(), |n| text_of(n)());
                    view! {
                        <li class="chip">
                            {name.clone()}
                            " "
                            <button type="button" class="button secondary small"
                                on:click=move |_| served.update(|s| s.retain(|(c, _)| *c != gone))>
                                {t(VolMsg::Remove)}
                                <span class="visually-hidden">" " {name}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || message.with(Option::is_some)>
                <p class="field-error" role="alert">{move || message.get()}</p>
            </Show>
            <details>
                <summary>{t(VolMsg::AddCommunity)}</summary>
                <RegionPicker id="served-community" value=picked error legend=AccMsg::Community />
                <button type="button" class="button secondary small" on:click=add>{t(VolMsg::Add)}</button>
            </details>
        </fieldset>
    }
}
