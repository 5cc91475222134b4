//! The regions a staff member organises activities in (their committee, workstation or
//! administrator grants), for the staff pages' region choices.
use leptos::prelude::*;

use crate::{
    api::{
        Text,
        regions::{RegionLevel, RegionList},
    },
    ui::{
        client,
        components::{
            form::{FormError, field_error},
            region_picker::RegionPicker,
            status::Loading,
        },
        i18n::{AccMsg, ActMsg, Message, lang, t},
        session::use_session,
    },
};

use super::STAFF_ROLES;

/// A region as a choice: its code and name.
type Choice = (String, Text);

/// The regions of the caller's organiser grants, each once.
fn organiser_regions() -> Vec<Choice> {
    use_session().me.with_untracked(|m| {
        let mut out: Vec<Choice> = Vec::new();
        for g in m.iter().flat_map(|m| m.roles.iter()) {
            if STAFF_ROLES.contains(&g.role) && !out.iter().any(|(c, _)| *c == g.region.code) {
                out.push((g.region.code.clone(), g.region.name.clone()));
            }
        }
        out
    })
}

/// Most communities listed in a select before the step-by-step picker is used instead.
const MAX_LISTED: usize = 80;

/// The communities within the grants: a community grant itself, the communities of a
/// subdistrict, those of a district's subdistricts. `None` when they are too many to list (a
/// city-wide administrator): the picker of the whole tree is used then.
async fn covered_communities(grants: Vec<Choice>) -> Result<Option<Vec<Choice>>, client::ApiError> {
    let children = |code: String| async move {
        client::get::<RegionList>(&format!("/api/v1/regions?parent={code}"))
            .await
            .map(|l| l.items)
    };
    let mut out: Vec<Choice> = Vec::new();
    for (code, name) in grants {
        let below = children(code.clone()).await?;
        match below.first().map(|r| r.level) {
            None => out.push((code, name)),
            Some(RegionLevel::Community) => out.extend(below.into_iter().map(|r| (r.code, r.name))),
            Some(RegionLevel::Subdistrict) => {
                for sub in below {
                    let communities = children(sub.code).await?;
                    out.extend(communities.into_iter().map(|r| (r.code, r.name)));
                }
            }
            Some(_) => return Ok(None),
        }
        if out.len() > MAX_LISTED {
            return Ok(None);
        }
    }
    out.dedup_by(|a, b| a.0 == b.0);
    Ok(Some(out))
}

/// A select of `choices` bound to `value`, with an error under it.
#[component]
fn ChoiceSelect<M: Message>(
    /// `id` of the select; also the API field its errors carry.
    id: &'static str,
    /// The label.
    label: M,
    /// The choices.
    choices: Vec<Choice>,
    /// The chosen code.
    value: RwSignal<String>,
    /// The first option, meaning "no choice" (none: a choice is required).
    #[prop(default = None)]
    any: Option<ActMsg>,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    let message = field_error(error, id);
    if any.is_none()
        && value.with_untracked(String::is_empty)
        && let Some((code, _)) = choices.first()
    {
        value.set(code.clone());
    }
    view! {
        <div class="field" class:has-error=move || message.with(Option::is_some)>
            <label for=id>{t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || message.with(Option::is_some).to_string()>
                {any.map(|m| view! { <option value="">{t(m)}</option> })}
                {choices.into_iter().map(|(code, name)| {
                    let chosen = code.clone();
                    view! { <option value=code selected=move || value.get() == chosen>{move || name.get(lang().tag()).to_owned()}</option> }
                }).collect_view()}
            </select>
            <Show when=move || message.with(Option::is_some)>
                <p class="field-error" role="alert">{move || message.get()}</p>
            </Show>
        </div>
    }
}

/// The region filter of the staff pages: the caller's own regions (empty: all of them).
#[component]
pub fn ScopeSelect(
    /// `id` of the select.
    id: &'static str,
    /// The chosen region code.
    value: RwSignal<String>,
    /// Offer "all my regions" (the report needs one).
    #[prop(default = true)]
    all: bool,
) -> impl IntoView {
    let error: FormError = RwSignal::new(None);
    let any = all.then_some(ActMsg::AllMyRegions);
    view! { <ChoiceSelect id label=AccMsg::Region choices=organiser_regions() value any error /> }
}

/// The community of an activity: a select of those the caller organises in, or the picker of
/// the whole tree for city-wide administrators.
#[component]
pub fn CommunityField(
    /// The chosen community code.
    value: RwSignal<String>,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    let grants = organiser_regions();
    let covered = LocalResource::new(move || covered_communities(grants.clone()));
    view! {
        <Suspense fallback=Loading>
            {move || covered.get().map(|r| match r {
                Ok(Some(list)) => view! {
                    <ChoiceSelect id="community" label=AccMsg::Community choices=list value error />
                }.into_any(),
                _ => view! { <RegionPicker id="community" value error legend=AccMsg::Community /> }.into_any(),
            })}
        </Suspense>
    }
}
