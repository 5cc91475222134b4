//! Asking the time bank for help (请求帮助): a resident for themselves (or, acting for a family
//! member, for them), or a social worker for an elder by their phone number.
use leptos::prelude::*;

use crate::{
    api::{
        Text,
        regions::{RegionLevel, RegionList},
        volunteers::{HelpRequest, HelpRequestInput, Skill},
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, field_error, form_action},
            region_picker::RegionPicker,
            status::Loading,
        },
        i18n::{AccMsg, VolMsg, t},
        session::use_session,
    },
};

use super::{is_community, local_instant, skill_name, social_regions, some_text, text_of};

/// A region as a choice: its code and name.
type Choice = (String, Text);

/// Most communities listed in a select before the step-by-step picker is used instead.
const MAX_LISTED: usize = 80;

/// The communities within the social worker's grants: a community itself, the communities of a
/// subdistrict, those of a district's subdistricts. `None` when too many to list.
async fn covered(grants: Vec<Choice>) -> Option<Vec<Choice>> {
    let children = |code: String| async move {
        client::get::<RegionList>(&format!("/api/v1/regions?parent={code}"))
            .await
            .map(|l| l.items)
            .unwrap_or_default()
    };
    let mut out: Vec<Choice> = Vec::new();
    for (code, name) in grants {
        if is_community(&code) {
            out.push((code, name));
            continue;
        }
        let below = children(code).await;
        match below.first().map(|r| r.level) {
            Some(RegionLevel::Community) => out.extend(below.into_iter().map(|r| (r.code, r.name))),
            Some(RegionLevel::Subdistrict) => {
                for sub in below {
                    out.extend(
                        children(sub.code)
                            .await
                            .into_iter()
                            .map(|r| (r.code, r.name)),
                    );
                }
            }
            _ => return None,
        }
        if out.len() > MAX_LISTED {
            return None;
        }
    }
    out.dedup_by(|a, b| a.0 == b.0);
    Some(out).filter(|o| !o.is_empty())
}

/// The community of a request or a shift: a select of the caller's communities (their home
/// community, or a social worker's communities), or the step-by-step picker when there are none.
#[component]
pub fn CommunityField(
    /// `id` of the field, also the API field its errors carry.
    id: &'static str,
    /// The chosen community code.
    value: RwSignal<String>,
    /// The submission error.
    error: FormError,
    /// Offer the social worker's communities instead of the home community.
    #[prop(optional)]
    staff: bool,
) -> impl IntoView {
    let grants = if staff { social_regions() } else { Vec::new() };
    let home: Vec<Choice> = use_session().me.with_untracked(|m| {
        m.iter()
            .filter_map(|m| m.home_community.clone())
            .map(|h| (h.code, h.name))
            .collect()
    });
    let choices = LocalResource::new(move || {
        let (grants, home) = (grants.clone(), home.clone());
        async move {
            if staff {
                covered(grants).await
            } else {
                Some(home).filter(|h| !h.is_empty())
            }
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || choices.get().map(|c| match c {
                Some(list) => view! { <CommunitySelect id choices=list value error /> }.into_any(),
                None => view! { <RegionPicker id value error legend=AccMsg::Community /> }.into_any(),
            })}
        </Suspense>
    }
}

/// A select of `choices`, the first chosen to start with.
#[component]
fn CommunitySelect(
    /// `id` of the select; also the API field its errors carry.
    id: &'static str,
    /// The communities.
    choices: Vec<Choice>,
    /// The chosen code.
    value: RwSignal<String>,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    if value.with_untracked(String::is_empty)
        && let Some((code, _)) = choices.first()
    {
        value.set(code.clone());
    }
    let message = field_error(error, id);
    view! {
        <div class="field" class:has-error=move || message.with(Option::is_some)>
            <label for=id>{t(VolMsg::Community)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || message.with(Option::is_some).to_string()>
                {choices.into_iter().map(|(code, name)| {
                    let chosen = code.clone();
                    view! { <option value=code selected=move || value.get() == chosen>{text_of(name)}</option> }
                }).collect_view()}
            </select>
            <Show when=move || message.with(Option::is_some)>
                <p class="field-error" role="alert">{move || message.get()}</p>
            </Show>
        </div>
    }
}

/// A select of the skills, bound to `value` (a skill's code).
#[component]
pub fn SkillSelect(
    /// `id` of the select.
    id: &'static str,
    /// The chosen skill's code.
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(VolMsg::HelpSkill)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {Skill::ALL.iter().map(|s| {
                    let code = s.as_str();
                    view! { <option value=code selected=move || value.get() == code>{skill_name(*s)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The form; `staff` adds the elder's phone number and posts as a social worker.
#[component]
pub fn HelpRequestForm(
    /// Posting for an elder, as a social worker.
    #[prop(optional)]
    staff: bool,
    /// Called with the request posted.
    done: Callback<HelpRequest>,
) -> impl IntoView {
    let community = RwSignal::new(String::new());
    let skill = RwSignal::new(Skill::Companionship.as_str().to_owned());
    let description = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_owned());
    let for_phone = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let sent = RwSignal::new(false);
    let post = form_action(
        error,
        move |body: HelpRequestInput| async move {
            let path = if staff {
                "/api/v1/staff/help-requests"
            } else {
                "/api/v1/help-requests"
            };
            client::post::<_, HelpRequest>(path, &body).await
        },
        move |r| {
            description.set(String::new());
            sent.set(true);
            done.run(r);
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(false);
        post.dispatch_local(HelpRequestInput {
            community: community.get_untracked(),
            skill: Skill::parse(&skill.get_untracked()).unwrap_or(Skill::Companionship),
            description: description.get_untracked().trim().to_owned(),
            address: address.get_untracked().trim().to_owned(),
            phone: some_text(&phone.get_untracked()),
            starts_at: local_instant(&starts.get_untracked()).unwrap_or_default(),
            minutes: minutes.get_untracked().trim().parse().unwrap_or(0),
            for_phone: if staff {
                some_text(&for_phone.get_untracked())
            } else {
                None
            },
        });
    };
    view! {
        <form class="card help-form" on:submit=submit>
            <h2 id=if staff { "staff-help-form" } else { "help-form" }>{t(if staff { VolMsg::StaffHelpForm } else { VolMsg::AskForHelp })}</h2>
            <p class="field-hint">{t(if staff { VolMsg::StaffHelpHint } else { VolMsg::AskForHelpHint })}</p>
            {staff.then(|| view! {
                <TextField id="for_phone" label=VolMsg::ForPhone value=for_phone error input_type="tel" inputmode="numeric" />
            })}
            <CommunityField id="community" value=community error staff />
            <SkillSelect id="help-skill" value=skill />
            <TextField id="description" label=VolMsg::HelpDescription value=description error multiline=true />
            <TextField id="address" label=VolMsg::HelpAddress value=address error hint=VolMsg::HelpAddressHint />
            <TextField id="phone" label=VolMsg::HelpPhone value=phone error input_type="tel" required=false hint=VolMsg::HelpPhoneHint />
            <TextField id="starts_at" label=VolMsg::HelpWhen value=starts error input_type="datetime-local" />
            <TextField id="minutes" label=VolMsg::HelpMinutes value=minutes error input_type="number" inputmode="numeric" hint=VolMsg::HelpMinutesHint />
            <FormAlert error fields=&["for_phone", "community", "description", "address", "phone", "starts_at", "minutes"] />
            <SubmitButton label=if staff { VolMsg::PostRequest } else { VolMsg::AskForHelp } busy_label=VolMsg::Sending busy=post.pending() />
            <p role="status">{move || sent.get().then(|| t(VolMsg::RequestPosted))}</p>
        </form>
    }
}
