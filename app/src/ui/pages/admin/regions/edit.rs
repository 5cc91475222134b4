//! Changing one region in its row: rename, move, retire (after a confirmation), restore.
use leptos::prelude::*;

use crate::{
    api::regions::{Region, UpdateRegion},
    ui::{
        components::form::{FormAlert, FormError, SubmitButton, TextField, field_error},
        i18n::{AccMsg, AdmMsg, lang, t, tf},
        pages::admin::focus_soon,
    },
};

use super::{
    Page, ParentGroup, add::ParentOptions, parent_groups, refresh_public_list, region_change,
};

/// Closes the inline form and gives the focus back to the button that opened it.
fn close(page: Page, button: String) {
    page.editing.set(None);
    focus_soon(button);
}

/// Escape closes an inline form, as it would a dialog.
fn close_on_escape(page: Page, button: String) -> impl Fn(leptos::ev::KeyboardEvent) + 'static {
    move |ev| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            close(page, button.clone());
        }
    }
}

/// Rename a region in Chinese and English (an empty English name clears it).
#[component]
pub(super) fn RenameForm(
    /// The page.
    page: Page,
    /// The region.
    region: Region,
) -> impl IntoView {
    let code = region.code.clone();
    let zh = RwSignal::new(region.name.zh.clone());
    let en = RwSignal::new(region.name.en.clone().unwrap_or_default());
    let error: FormError = RwSignal::new(None);
    let rename = region_change(
        page,
        error,
        "PATCH",
        format!("/api/v1/admin/regions/{code}"),
        move |region| page.changed(AdmMsg::DoneRenamed, &region),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        rename.dispatch_local(UpdateRegion {
            name_zh: Some(zh.get_untracked().trim().to_owned()),
            name_en: Some(en.get_untracked().trim().to_owned()),
            parent: None,
        });
    };
    let name = region.name.clone();
    let title = tf(AdmMsg::RenameTitle, move || {
        vec![("name", name.get(lang().tag()).to_owned())]
    });
    let opener = format!("rename-{code}");
    let escape = close_on_escape(page, opener.clone());
    let cancel = move |_| close(page, opener.clone());
    view! {
        <form class="form inline-edit" aria-label=title on:submit=on_submit novalidate
            on:keydown=escape>
            <FormAlert error fields=&["name_zh", "name_en"] />
            <TextField id="rename-zh" field="name_zh" label=AdmMsg::NameZh value=zh error />
            <TextField id="rename-en" field="name_en" label=AdmMsg::NameEn value=en error
                required=false lang="en" />
            <div class="actions">
                <SubmitButton label=AdmMsg::Save busy_label=AdmMsg::Saving busy=rename.pending() />
                <button type="button" class="button secondary"
                    on:click=cancel>
                    {t(AdmMsg::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// Move a community to another subdistrict the administrator manages.
#[component]
pub(super) fn MoveForm(
    /// The page.
    page: Page,
    /// The community.
    region: Region,
) -> impl IntoView {
    let code = region.code.clone();
    let target = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let groups: Vec<ParentGroup> = parent_groups(page)
        .into_iter()
        .filter(|g| {
            g.subdistricts
                .iter()
                .any(|s| Some(&s.code) != region.parent.as_ref())
        })
        .collect();
    let from = region.parent.clone();
    let move_to = region_change(
        page,
        error,
        "PATCH",
        format!("/api/v1/admin/regions/{code}"),
        move |moved| {
            if let Some(old) = &from {
                refresh_public_list(old);
            }
            page.changed(AdmMsg::DoneMoved, &moved);
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        move_to.dispatch_local(UpdateRegion {
            parent: Some(target.get_untracked()),
            ..UpdateRegion::default()
        });
    };
    let name = region.name.clone();
    let title = tf(AdmMsg::MoveTitle, move || {
        vec![("name", name.get(lang().tag()).to_owned())]
    });
    let target_error = field_error(error, "parent");
    let current = region.parent.clone();
    let opener = format!("move-{code}");
    let escape = close_on_escape(page, opener.clone());
    let cancel = move |_| close(page, opener.clone());
    view! {
        <form class="form inline-edit" aria-label=title on:submit=on_submit novalidate
            on:keydown=escape>
            <FormAlert error fields=&["parent"] />
            <div class="field" class:has-error=move || target_error.with(Option::is_some)>
                <label for="move-parent">{t(AdmMsg::NewSubdistrict)}</label>
                <select id="move-parent" required on:change=move |ev| target.set(event_target_value(&ev))
                    aria-invalid=move || target_error.with(Option::is_some).to_string()>
                    <option value="">{t(AccMsg::ChooseOne)}</option>
                    {groups.into_iter().map(|g| view! {
                        <ParentOptions group=g selected=target with_districts=false except=current.clone().unwrap_or_default() />
                    }).collect_view()}
                </select>
                <Show when=move || target_error.with(Option::is_some)>
                    <p class="field-error" role="alert">{move || target_error.get()}</p>
                </Show>
            </div>
            <div class="actions">
                <SubmitButton label=AdmMsg::Move busy_label=AdmMsg::Saving busy=move_to.pending() />
                <button type="button" class="button secondary"
                    on:click=cancel>
                    {t(AdmMsg::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// Asks before retiring a community, saying what happens to it.
#[component]
pub(super) fn RetireConfirm(
    /// The page.
    page: Page,
    /// The community.
    region: Region,
) -> impl IntoView {
    let code = region.code.clone();
    let error: FormError = RwSignal::new(None);
    let retire_region = region_change(
        page,
        error,
        "POST",
        format!("/api/v1/admin/regions/{code}/retire"),
        move |region| page.changed(AdmMsg::DoneRetired, &region),
    );
    let retire = move |_| {
        retire_region.dispatch_local(serde_json::json!({}));
    };
    let name = region.name.clone();
    let title = tf(AdmMsg::RetireTitle, move || {
        vec![("name", name.get(lang().tag()).to_owned())]
    });
    let opener = format!("retire-{code}");
    let escape = close_on_escape(page, opener.clone());
    let cancel = move |_| close(page, opener.clone());
    view! {
        <div class="confirm" id="retire-confirm" tabindex="-1" role="group" aria-labelledby="retire-title"
            on:keydown=escape>
            <p class="confirm-title" id="retire-title">{title}</p>
            <p>{t(AdmMsg::RetireExplain)}</p>
            <FormAlert error fields=&[] />
            <div class="actions">
                <button type="button" class="button" disabled=move || retire_region.pending().get() on:click=retire>
                    {t(AdmMsg::RetireConfirm)}
                </button>
                <button type="button" class="button secondary"
                    on:click=cancel>
                    {t(AdmMsg::Cancel)}
                </button>
            </div>
        </div>
    }
}

/// Brings a retired community back into the pickers.
#[component]
pub(super) fn RestoreButton(
    /// The page.
    page: Page,
    /// The retired community.
    region: Region,
) -> impl IntoView {
    let code = region.code.clone();
    let error: FormError = RwSignal::new(None);
    let restore_region = region_change(
        page,
        error,
        "POST",
        format!("/api/v1/admin/regions/{code}/restore"),
        move |region| page.changed(AdmMsg::DoneRestored, &region),
    );
    let restore = move |_| {
        restore_region.dispatch_local(serde_json::json!({}));
    };
    let name = region.name.clone();
    let label = tf(AdmMsg::RestoreNamed, move || {
        vec![("name", name.get(lang().tag()).to_owned())]
    });
    view! {
        <button type="button" class="button small secondary" aria-label=label
            disabled=move || restore_region.pending().get() on:click=restore>
            {t(AdmMsg::Restore)}
        </button>
        <FormAlert error fields=&[] />
    }
}
