//! Choosing a region step by step: district → subdistrict → community.
use leptos::prelude::*;

use crate::{
    api::regions::{Region, RegionLevel, RegionList},
    ui::{
        client,
        components::form::{FormError, field_error},
        i18n::{AccMsg, lang, t},
    },
};

/// Cascading selects over the region tree. `value` receives the code of the deepest region
/// chosen; with `communities_only` it is set only once a community is chosen.
#[component]
pub fn RegionPicker(
    /// API field name, for error display and ids.
    id: &'static str,
    /// The chosen region code (empty when none).
    value: RwSignal<String>,
    /// The submission error.
    error: FormError,
    /// Require a community (residents' home); otherwise any level may be chosen.
    #[prop(default = true)]
    communities_only: bool,
    /// The legend of the group (default: the home community).
    #[prop(default = AccMsg::HomeCommunity)]
    legend: AccMsg,
    /// Receives the level of the region in `value` (`None` when none is chosen).
    #[prop(optional)]
    level: Option<RwSignal<Option<RegionLevel>>>,
) -> impl IntoView {
    let district = RwSignal::new(String::new());
    let subdistrict = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    let districts =
        LocalResource::new(|| client::get::<RegionList>("/api/v1/regions?level=district"));
    let subdistricts = LocalResource::new(move || {
        let d = district.get();
        async move {
            if d.is_empty() {
                Ok(RegionList { items: vec![] })
            } else {
                client::get::<RegionList>(&format!("/api/v1/regions?parent={d}")).await
            }
        }
    });
    let communities = LocalResource::new(move || {
        let s = subdistrict.get();
        async move {
            if s.is_empty() {
                Ok(RegionList { items: vec![] })
            } else {
                client::get::<RegionList>(&format!("/api/v1/regions?parent={s}")).await
            }
        }
    });
    Effect::new(move |_| {
        let (chosen, depth) = match (district.get(), subdistrict.get(), community.get()) {
            (_, _, c) if !c.is_empty() => (c, Some(RegionLevel::Community)),
            (_, s, _) if !s.is_empty() && !communities_only => (s, Some(RegionLevel::Subdistrict)),
            (d, _, _) if !d.is_empty() && !communities_only => (d, Some(RegionLevel::District)),
            _ => (String::new(), None),
        };
        value.set(chosen);
        if let Some(level) = level {
            level.set(depth);
        }
    });
    let message = field_error(error, id);
    let options = |list: Option<Result<RegionList, client::ApiError>>| -> Vec<Region> {
        list.and_then(Result::ok)
            .map(|l| l.items)
            .unwrap_or_default()
    };
    let render = move |items: Vec<Region>| {
        items
            .into_iter()
            .map(|r| {
                let code = r.code.clone();
                view! { <option value=code>{move || r.name.get(lang().tag()).to_owned()}</option> }
            })
            .collect_view()
    };
    view! {
        <fieldset class="field region-picker" id=id aria-invalid=move || message.with(Option::is_some).to_string()>
            <legend>{t(legend)}</legend>
            <label for=format!("{id}-district")>{t(AccMsg::District)}</label>
            <select id=format!("{id}-district") on:change=move |ev| {
                district.set(event_target_value(&ev));
                subdistrict.set(String::new());
                community.set(String::new());
            }>
                <option value="">{t(AccMsg::ChooseOne)}</option>
                {move || render(options(districts.get()))}
            </select>
            <label for=format!("{id}-subdistrict")>{t(AccMsg::Subdistrict)}</label>
            <select id=format!("{id}-subdistrict") disabled=move || district.with(String::is_empty)
                on:change=move |ev| {
                    subdistrict.set(event_target_value(&ev));
                    community.set(String::new());
                }>
                <option value="">{t(AccMsg::ChooseOne)}</option>
                {move || render(options(subdistricts.get()))}
            </select>
            <label for=format!("{id}-community")>{t(AccMsg::Community)}</label>
            <select id=format!("{id}-community") disabled=move || subdistrict.with(String::is_empty)
                on:change=move |ev| community.set(event_target_value(&ev))>
                <option value="">{t(AccMsg::ChooseOne)}</option>
                {move || render(options(communities.get()))}
            </select>
            <Show when=move || message.with(Option::is_some)>
                <p class="field-error" role="alert">{move || message.get()}</p>
            </Show>
        </fieldset>
    }
}
