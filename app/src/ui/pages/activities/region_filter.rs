//! Where to look for activities: the resident's home community to start with, any district,
//! subdistrict or community on demand, or the whole city.
use leptos::prelude::*;

use crate::{
    api::{Text, regions::RegionLevel},
    ui::{
        components::{form::FormError, region_picker::RegionPicker},
        i18n::{AccMsg, ActMsg, lang, t},
    },
};

/// The region of the list: its name with "change" and "whole city" buttons, or the picker.
#[component]
pub fn RegionFilter(
    /// The chosen region code (empty: the whole city).
    region: RwSignal<String>,
    /// The level of `region` (a community has a calendar feed).
    level: RwSignal<Option<RegionLevel>>,
    /// The name shown while not picking (the home community).
    name: RwSignal<Option<Text>>,
    /// Called when the region changes without the filter form (the whole city).
    on_change: Callback<()>,
) -> impl IntoView {
    let picking = RwSignal::new(false);
    let error: FormError = RwSignal::new(None);
    let whole_city = move |_| {
        region.set(String::new());
        level.set(None);
        name.set(None);
        picking.set(false);
        on_change.run(());
    };
    let pick = move |_| {
        name.set(None);
        picking.set(true);
    };
    view! {
        {move || if picking.get() {
            view! {
                <div class="region-filter">
                    <RegionPicker id="act-region" value=region error communities_only=false legend=AccMsg::Region level />
                    <button type="button" class="button secondary small" on:click=whole_city>{t(ActMsg::WholeCity)}</button>
                </div>
            }.into_any()
        } else {
            view! {
                <fieldset class="field region-filter">
                    <legend>{t(AccMsg::Region)}</legend>
                    <p class="actions">
                        <strong>{move || match name.get() {
                            Some(n) => n.get(lang().tag()).to_owned(),
                            None => t(ActMsg::WholeCity)().to_owned(),
                        }}</strong>
                        <button type="button" class="button secondary small" on:click=pick>{t(ActMsg::ChangeRegion)}</button>
                        <Show when=move || !region.with(String::is_empty)>
                            <button type="button" class="button secondary small" on:click=whole_city>{t(ActMsg::WholeCity)}</button>
                        </Show>
                    </p>
                </fieldset>
            }.into_any()
        }}
    }
}
