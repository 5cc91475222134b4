//! The tree: a disclosure per district and subdistrict (drawn when opened), a line per
//! region with its names, code, state and the actions the administrator may take.
use leptos::prelude::*;

use crate::{
    api::{
        Text,
        regions::{Region, RegionLevel},
    },
    ui::i18n::{AdmMsg, lang, t, tf},
};

use super::{
    Editing, Page,
    edit::{MoveForm, RenameForm, RestoreButton, RetireConfirm},
    row_id, touches,
};

/// The districts the administrator manages, or manages something in.
#[component]
pub(super) fn RegionTree(
    /// The page.
    page: Page,
) -> impl IntoView {
    let districts = move || {
        let scope = page.scope.get_value();
        let mut shown = Vec::new();
        page.tree.with(|t| {
            for city in t.iter().flatten().flatten() {
                let city_managed = scope.contains(&city.code);
                for d in &city.children {
                    if city_managed || touches(d, &scope) {
                        shown.push((d.clone(), city_managed || scope.contains(&d.code)));
                    }
                }
            }
        });
        shown
    };
    view! {
        <h2>{t(AdmMsg::RegionsTree)}</h2>
        <div class="region-tree">
            {move || districts().into_iter().map(|(district, managed)| view! {
                <DistrictNode page district managed />
            }).collect_view()}
        </div>
    }
}

/// The children of a node that the tree shows, each with whether it is managed.
fn shown_children(page: Page, node: &Region, managed: bool) -> Vec<(Region, bool)> {
    let scope = page.scope.get_value();
    node.children
        .iter()
        .filter(|c| managed || touches(c, &scope))
        .map(|c| (c.clone(), managed || scope.contains(&c.code)))
        .collect()
}

/// A district: its line, then its subdistricts.
#[component]
fn DistrictNode(
    /// The page.
    page: Page,
    /// The district, with its subtree.
    district: Region,
    /// The administrator's scope covers it.
    managed: bool,
) -> impl IntoView {
    let code = district.code.clone();
    let is_open = page.is_open(code.clone());
    let count = district.children.len();
    let name = district.name.clone();
    let subdistricts = shown_children(page, &district, managed);
    let line = Region {
        children: Vec::new(),
        ..district
    };
    view! {
        <details class="card region-district" prop:open=is_open on:toggle=page.on_toggle(code.clone())>
            <summary id=row_id(&code)>
                <h3>{move || name.get(lang().tag()).to_owned()}</h3>
                <span class="muted">{tf(AdmMsg::SubdistrictCount, move || vec![("n", count.to_string())])}</span>
            </summary>
            {move || is_open.get().then(|| view! {
                <RegionLine page region=line.clone() managed />
                <div class="region-subdistricts">
                    {subdistricts.clone().into_iter().map(|(subdistrict, managed)| view! {
                        <SubdistrictNode page subdistrict managed />
                    }).collect_view()}
                </div>
            })}
        </details>
    }
}

/// A subdistrict: its line, then its communities (retired ones greyed).
#[component]
fn SubdistrictNode(
    /// The page.
    page: Page,
    /// The subdistrict, with its communities.
    subdistrict: Region,
    /// The administrator's scope covers it.
    managed: bool,
) -> impl IntoView {
    let code = subdistrict.code.clone();
    let is_open = page.is_open(code.clone());
    let active = subdistrict.children.iter().filter(|c| !c.retired).count();
    let name = subdistrict.name.clone();
    let communities = shown_children(page, &subdistrict, managed);
    let line = Region {
        children: Vec::new(),
        ..subdistrict
    };
    view! {
        <details class="region-subdistrict" prop:open=is_open on:toggle=page.on_toggle(code.clone())>
            <summary id=row_id(&code)>
                <h4>{move || name.get(lang().tag()).to_owned()}</h4>
                <span class="muted">{tf(AdmMsg::CommunityCount, move || vec![("n", active.to_string())])}</span>
            </summary>
            {move || is_open.get().then(|| view! {
                <RegionLine page region=line.clone() managed />
                {communities.is_empty().then(|| view! { <p class="muted">{t(AdmMsg::NoCommunities)}</p> })}
                <ul class="region-communities">
                    {communities.clone().into_iter().map(|(community, managed)| {
                        let (id, retired) = (row_id(&community.code), community.retired);
                        view! {
                            <li id=id tabindex="-1" class="region-row" class:retired=retired>
                                <RegionLine page region=community managed />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </details>
    }
}

/// The other language's name, when there is one to show.
fn other_name(name: &Text) -> Option<(String, &'static str)> {
    if lang().tag().starts_with("en") {
        name.en.as_ref().map(|_| (name.zh.clone(), "zh-CN"))
    } else {
        name.en.clone().map(|en| (en, "en"))
    }
}

/// A region's names, code and state, its actions, and the form of the action chosen.
#[component]
fn RegionLine(
    /// The page.
    page: Page,
    /// The region (without its children).
    region: Region,
    /// The administrator may change it.
    managed: bool,
) -> impl IntoView {
    let code = region.code.clone();
    let community = region.level == RegionLevel::Community;
    let retired = region.retired;
    let editing = {
        let code = code.clone();
        Memo::new(move |_| {
            page.editing.with(|e| match e {
                Some(Editing::Rename(c) | Editing::Move(c) | Editing::Retire(c)) if *c == code => {
                    e.clone()
                }
                _ => None,
            })
        })
    };
    let done = {
        let code = code.clone();
        Memo::new(move |_| {
            page.done.with(|d| {
                d.as_ref()
                    .filter(|(c, _)| *c == code)
                    .map(|(_, text)| text.clone())
            })
        })
    };
    let name = region.name.clone();
    let shown_name = move || name.get(lang().tag()).to_owned();
    let other = {
        let name = region.name.clone();
        move || other_name(&name)
    };
    let actions = managed.then(|| {
        let region = region.clone();
        view! {
            <div class="actions">
                {if community && retired {
                    view! { <RestoreButton page region /> }.into_any()
                } else {
                    view! { <ActionButtons page region community /> }.into_any()
                }}
            </div>
        }
    });
    let form = move || {
        let region = region.clone();
        editing.get().map(|e| match e {
            Editing::Rename(_) => view! { <RenameForm page region /> }.into_any(),
            Editing::Move(_) => view! { <MoveForm page region /> }.into_any(),
            Editing::Retire(_) => view! { <RetireConfirm page region /> }.into_any(),
        })
    };
    view! {
        <div class="region-line">
            <span class="region-name">{shown_name.clone()}</span>
            {move || other().map(|(text, tag)| view! { <span class="other-name" lang=tag>{text}</span> })}
            <code>{code.clone()}</code>
            {retired.then(|| view! { <span class="badge state-off">{t(AdmMsg::Retired)}</span> })}
            {actions}
        </div>
        {form}
        {move || done.get().map(|text| view! { <p class="status ok">{text}</p> })}
    }
}

/// Rename for every region; move and retire for communities.
#[component]
fn ActionButtons(
    /// The page.
    page: Page,
    /// The region.
    region: Region,
    /// It is a community.
    community: bool,
) -> impl IntoView {
    let code = region.code.clone();
    let name = region.name.clone();
    let named = move |msg: AdmMsg| {
        let name = name.clone();
        tf(msg, move || {
            vec![("name", name.get(lang().tag()).to_owned())]
        })
    };
    let open = move |editing: Editing, focus: &'static str| {
        move |_| {
            page.editing.set(Some(editing.clone()));
            super::focus_soon(focus.to_owned());
        }
    };
    view! {
        <button type="button" class="button small secondary" id=format!("rename-{code}")
            aria-label=named(AdmMsg::RenameNamed) on:click=open(Editing::Rename(code.clone()), "rename-zh")>
            {t(AdmMsg::Rename)}
        </button>
        {community.then(|| view! {
            <button type="button" class="button small secondary" id=format!("move-{code}")
                aria-label=named(AdmMsg::MoveNamed) on:click=open(Editing::Move(code.clone()), "move-parent")>
                {t(AdmMsg::Move)}
            </button>
            <button type="button" class="button small secondary" id=format!("retire-{code}")
                aria-label=named(AdmMsg::RetireNamed) on:click=open(Editing::Retire(code.clone()), "retire-confirm")>
                {t(AdmMsg::Retire)}
            </button>
        })}
    }
}
