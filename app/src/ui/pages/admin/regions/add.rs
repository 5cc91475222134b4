//! Adding a subdistrict or community, and the grouped choice of a parent it shares with the
//! move form.
use leptos::prelude::*;

use crate::{
    api::regions::NewRegion,
    ui::{
        components::form::{FormAlert, FormError, SubmitButton, TextField, field_error},
        i18n::{AccMsg, AdmMsg, lang, t, tf},
    },
};

use super::{Page, ParentGroup, parent_groups, region_change, suggest_code};

fn some_text(value: String) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A new subdistrict (under a district) or community (under a subdistrict).
#[component]
pub(super) fn AddRegionForm(
    /// The page.
    page: Page,
) -> impl IntoView {
    let parent = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let name_zh = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let add = region_change(
        page,
        error,
        "POST",
        "/api/v1/admin/regions".to_owned(),
        move |region| {
            code.set(String::new());
            name_zh.set(String::new());
            name_en.set(String::new());
            page.changed(AdmMsg::DoneAdded, &region);
        },
    );
    let groups = Memo::new(move |_| parent_groups(page));
    let suggest = move |parent: &str| {
        page.tree.with_untracked(|t| match t {
            Some(Ok(tree)) if !parent.is_empty() => suggest_code(tree, parent),
            _ => String::new(),
        })
    };
    // After an addition the tree is read again: suggest the next free code.
    Effect::new(move |_| {
        page.tree.track();
        if code.with_untracked(String::is_empty) {
            code.set(suggest(&parent.get_untracked()));
        }
    });
    let on_parent = move |ev| {
        let chosen = event_target_value(&ev);
        code.set(suggest(&chosen));
        parent.set(chosen);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch_local(NewRegion {
            code: code.get_untracked().trim().to_owned(),
            parent: parent.get_untracked(),
            name_zh: name_zh.get_untracked().trim().to_owned(),
            name_en: some_text(name_en.get_untracked()),
        });
    };
    let parent_error = field_error(error, "parent");
    view! {
        <details class="card add-region">
            <summary><h2>{t(AdmMsg::AddRegion)}</h2></summary>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert error fields=&["parent", "code", "name_zh", "name_en"] />
                <div class="field" class:has-error=move || parent_error.with(Option::is_some)>
                    <label for="new-parent">{t(AdmMsg::Parent)}</label>
                    <p class="field-hint" id="new-parent-hint">{t(AdmMsg::ParentHint)}</p>
                    <select id="new-parent" required aria-describedby="new-parent-hint" on:change=on_parent
                        aria-invalid=move || parent_error.with(Option::is_some).to_string()>
                        <option value="">{t(AccMsg::ChooseOne)}</option>
                        {move || groups.get().into_iter().map(|g| view! {
                            <ParentOptions group=g selected=parent with_districts=true />
                        }).collect_view()}
                    </select>
                    <Show when=move || parent_error.with(Option::is_some)>
                        <p class="field-error" role="alert">{move || parent_error.get()}</p>
                    </Show>
                </div>
                <TextField id="new-code" field="code" label=AdmMsg::RegionCode value=code error
                    inputmode="numeric" hint=AdmMsg::RegionCodeHint />
                <TextField id="new-name-zh" field="name_zh" label=AdmMsg::NameZh value=name_zh error />
                <TextField id="new-name-en" field="name_en" label=AdmMsg::NameEn value=name_en error
                    required=false lang="en" />
                <SubmitButton label=AdmMsg::Add busy_label=AdmMsg::Adding busy=add.pending() />
            </form>
        </details>
    }
}

/// One district's `<optgroup>`: the district itself (for a new subdistrict) when asked, then
/// its subdistricts.
#[component]
pub(super) fn ParentOptions(
    /// The district and its subdistricts.
    group: ParentGroup,
    /// The chosen code, to keep the choice when the options are drawn again.
    selected: RwSignal<String>,
    /// Offer the district itself.
    with_districts: bool,
    /// A code not to offer (the community's current subdistrict).
    #[prop(optional)]
    except: Option<String>,
) -> impl IntoView {
    let district_name = group.district.name.clone();
    let option = move |code: String, text: Box<dyn Fn() -> String + Send + Sync>| {
        let is = code.clone();
        view! { <option value=code prop:selected=move || selected.with(|s| *s == is)>{text}</option> }
    };
    let district = (with_districts && group.district_managed).then(|| {
        let name = group.district.name.clone();
        option(
            group.district.code.clone(),
            Box::new(tf(AdmMsg::NewSubdistrictUnder, move || {
                vec![("name", name.get(lang().tag()).to_owned())]
            })),
        )
    });
    let subdistricts = group
        .subdistricts
        .into_iter()
        .filter(|s| except.as_deref() != Some(s.code.as_str()))
        .map(|s| {
            let name = s.name.clone();
            option(s.code, Box::new(move || name.get(lang().tag()).to_owned()))
        })
        .collect_view();
    view! {
        <optgroup label=move || district_name.get(lang().tag()).to_owned()>
            {district}
            {subdistricts}
        </optgroup>
    }
}
