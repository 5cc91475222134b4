//! The changes an administrator makes to the tree: add, rename, move, retire, restore.
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::regions::{NewRegion, Region, UpdateRegion},
    ui::{
        client,
        components::form::{FormAlert, FormError, SubmitButton, TextField, field_error},
        i18n::{AccMsg, AdmMsg, lang, t, tf},
    },
};

use super::{Page, ParentGroup, parent_groups, refresh_public_list, suggest_code};
use crate::ui::pages::admin::{explain, focus_soon};

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
    let (busy, set_busy) = signal(false);
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
        let body = NewRegion {
            code: code.get_untracked().trim().to_owned(),
            parent: parent.get_untracked(),
            name_zh: name_zh.get_untracked().trim().to_owned(),
            name_en: some_text(name_en.get_untracked()),
        };
        set_busy.set(true);
        spawn_local(async move {
            match client::post::<_, Region>("/api/v1/admin/regions", &body).await {
                Ok(region) => {
                    error.set(None);
                    code.set(String::new());
                    name_zh.set(String::new());
                    name_en.set(String::new());
                    page.changed(AdmMsg::DoneAdded, &region);
                }
                Err(e) => error.set(Some(explain(e, page.lang.get_untracked()))),
            }
            set_busy.set(false);
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
                <SubmitButton label=AdmMsg::Add busy_label=AdmMsg::Adding busy />
            </form>
        </details>
    }
}

/// One district's `<optgroup>`: the district itself (for a new subdistrict) when asked, then
/// its subdistricts.
#[component]
fn ParentOptions(
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
    let (busy, set_busy) = signal(false);
    let on_submit = {
        let code = code.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let body = UpdateRegion {
                name_zh: Some(zh.get_untracked().trim().to_owned()),
                name_en: Some(en.get_untracked().trim().to_owned()),
                parent: None,
            };
            let path = format!("/api/v1/admin/regions/{code}");
            set_busy.set(true);
            spawn_local(async move {
                match client::send::<_, Region>("PATCH", &path, &body).await {
                    Ok(region) => page.changed(AdmMsg::DoneRenamed, &region),
                    Err(e) => error.set(Some(explain(e, page.lang.get_untracked()))),
                }
                set_busy.set(false);
            });
        }
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
                <SubmitButton label=AdmMsg::Save busy_label=AdmMsg::Saving busy />
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
    let (busy, set_busy) = signal(false);
    let groups: Vec<ParentGroup> = parent_groups(page)
        .into_iter()
        .filter(|g| {
            g.subdistricts
                .iter()
                .any(|s| Some(&s.code) != region.parent.as_ref())
        })
        .collect();
    let from = region.parent.clone();
    let on_submit = {
        let code = code.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let body = UpdateRegion {
                parent: Some(target.get_untracked()),
                ..UpdateRegion::default()
            };
            let path = format!("/api/v1/admin/regions/{code}");
            let from = from.clone();
            set_busy.set(true);
            spawn_local(async move {
                match client::send::<_, Region>("PATCH", &path, &body).await {
                    Ok(moved) => {
                        if let Some(old) = &from {
                            refresh_public_list(old);
                        }
                        page.changed(AdmMsg::DoneMoved, &moved);
                    }
                    Err(e) => error.set(Some(explain(e, page.lang.get_untracked()))),
                }
                set_busy.set(false);
            });
        }
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
                <SubmitButton label=AdmMsg::Move busy_label=AdmMsg::Saving busy />
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
    let (busy, set_busy) = signal(false);
    let retire = {
        let code = code.clone();
        move |_| {
            let path = format!("/api/v1/admin/regions/{code}/retire");
            set_busy.set(true);
            spawn_local(async move {
                match client::post::<_, Region>(&path, &serde_json::json!({})).await {
                    Ok(region) => page.changed(AdmMsg::DoneRetired, &region),
                    Err(e) => error.set(Some(explain(e, page.lang.get_untracked()))),
                }
                set_busy.set(false);
            });
        }
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
                <button type="button" class="button" disabled=move || busy.get() on:click=retire>
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
    let (busy, set_busy) = signal(false);
    let restore = move |_| {
        let path = format!("/api/v1/admin/regions/{code}/restore");
        set_busy.set(true);
        spawn_local(async move {
            match client::post::<_, Region>(&path, &serde_json::json!({})).await {
                Ok(region) => page.changed(AdmMsg::DoneRestored, &region),
                Err(e) => error.set(Some(explain(e, page.lang.get_untracked()))),
            }
            set_busy.set(false);
        });
    };
    let name = region.name.clone();
    let label = tf(AdmMsg::RestoreNamed, move || {
        vec![("name", name.get(lang().tag()).to_owned())]
    });
    view! {
        <button type="button" class="button small secondary" aria-label=label
            disabled=move || busy.get() on:click=restore>
            {t(AdmMsg::Restore)}
        </button>
        <FormAlert error fields=&[] />
    }
}
