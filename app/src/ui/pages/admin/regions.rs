//! `/admin/regions`: the region tree for administrators, district → subdistrict → community,
//! retired communities included; add, rename, move, retire and restore within their scope.
mod add;
mod edit;
mod tree;

use std::collections::HashSet;

use leptos::{prelude::*, task::spawn_local};
use serde::Serialize;

use crate::{
    api::{
        accounts::Role,
        regions::{Region, RegionLevel, RegionList},
    },
    ui::{
        client::{self, ApiError},
        components::{
            form::FormError,
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{AdmMsg, Lang, Message, fill, t},
        prefs::use_prefs,
        session::use_session,
    },
};

use super::{admin_action, focus_soon, notices::AdminNoticeBanner};

/// The page, for administrators.
#[component]
pub fn AdminRegions() -> impl IntoView {
    view! {
        <RequireLogin roles=&[Role::Admin]>
            <RegionsContent />
        </RequireLogin>
    }
}

/// The inline form that is open; one at a time, named by the region's code.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Editing {
    Rename(String),
    Move(String),
    Retire(String),
}

/// What the parts of the page share.
#[derive(Clone, Copy)]
struct Page {
    /// The tree (the city at its root), retired communities included.
    tree: RwSignal<Option<Result<Vec<Region>, ApiError>>>,
    /// Codes of the regions the user administers; everything below them is theirs.
    scope: StoredValue<Vec<String>>,
    /// Codes of the open `<details>`, so that they stay open when the tree is read again.
    opened: RwSignal<HashSet<String>>,
    editing: RwSignal<Option<Editing>>,
    /// The region changed last and what was done to it.
    done: RwSignal<Option<(String, String)>>,
    lang: RwSignal<Lang>,
}

impl Page {
    fn load(self, focus: Option<String>) {
        spawn_local(async move {
            let result = client::get_fresh::<RegionList>("/api/v1/regions?include_retired=true")
                .await
                .map(|list| list.items);
            self.tree.set(Some(result));
            if let Some(code) = focus {
                focus_soon(row_id(&code));
            }
        });
    }

    /// After a change: say what was done, close the form, show the region where it now is.
    fn changed(self, msg: AdmMsg, region: &Region) {
        if let Some(parent) = &region.parent {
            refresh_public_list(parent);
        }
        let name = region.name.get(self.lang.get_untracked().tag()).to_owned();
        let text = fill(msg.text(self.lang.get_untracked()), &[("name", name)]);
        self.done.set(Some((region.code.clone(), text)));
        self.editing.set(None);
        if let Some(parent) = &region.parent {
            self.open_path(parent);
        }
        self.load(Some(region.code.clone()));
    }

    /// Opens the `<details>` of a region and of the regions above it.
    fn open_path(self, code: &str) {
        let path = self.tree.with_untracked(|t| match t {
            Some(Ok(tree)) => path_to(tree, code),
            _ => Vec::new(),
        });
        self.opened.update(|o| o.extend(path));
    }

    fn is_open(self, code: String) -> Memo<bool> {
        Memo::new(move |_| self.opened.with(|o| o.contains(&code)))
    }

    /// Keeps `opened` in step with the user's clicks on a `<summary>`.
    fn on_toggle(self, code: String) -> impl Fn(leptos::ev::Event) + 'static {
        move |ev| {
            let open = event_target::<web_sys::Element>(&ev).has_attribute("open");
            if self.opened.with_untracked(|o| o.contains(&code)) != open {
                self.opened.update(|o| {
                    if open {
                        o.insert(code.clone());
                    } else {
                        o.remove(&code);
                    }
                });
            }
        }
    }
}

/// A change to the region tree (`method` on `path`): the changed region goes to `done`.
fn region_change<B: Clone + Serialize + 'static>(
    page: Page,
    error: FormError,
    method: &'static str,
    path: String,
    done: impl Fn(Region) + 'static,
) -> Action<B, ()> {
    admin_action(
        error,
        page.lang,
        move |body: B| {
            let path = path.clone();
            async move { client::send::<_, Region>(method, &path, &body).await }
        },
        done,
    )
}

/// Reads a parent's public list of children past the browser's cache, which keeps the fresh
/// answer: the pickers on the administrator's next pages (a venue in the new community, say)
/// then show the change at once instead of minutes later.
fn refresh_public_list(parent: &str) {
    let path = format!("/api/v1/regions?parent={parent}");
    spawn_local(async move {
        let _ = client::get_fresh::<RegionList>(&path).await;
    });
}

/// The id of a region's row, to bring the focus back to it.
fn row_id(code: &str) -> String {
    format!("region-{code}")
}

/// Codes from the root down to `code` (inclusive); empty when it is not in the tree.
fn path_to(nodes: &[Region], code: &str) -> Vec<String> {
    for node in nodes {
        if node.code == code {
            return vec![node.code.clone()];
        }
        let below = path_to(&node.children, code);
        if !below.is_empty() {
            return std::iter::once(node.code.clone()).chain(below).collect();
        }
    }
    Vec::new()
}

/// Whether the region or one below it is in the scope: the tree shows only those.
fn touches(node: &Region, scope: &[String]) -> bool {
    scope.contains(&node.code) || node.children.iter().any(|c| touches(c, scope))
}

/// A free code for a new child of `parent`: one more than the highest code of that length
/// under it anywhere in the tree (moved communities keep their codes), else the parent's
/// code followed by `001`.
fn suggest_code(tree: &[Region], parent: &str) -> String {
    fn walk<'a>(nodes: &'a [Region], out: &mut Vec<&'a str>) {
        for n in nodes {
            out.push(&n.code);
            walk(&n.children, out);
        }
    }
    let mut codes = Vec::new();
    walk(tree, &mut codes);
    let len = parent.len() + 3;
    let highest = codes
        .iter()
        .filter(|c| c.len() == len && c.starts_with(parent))
        .filter_map(|c| c.parse::<u64>().ok())
        .max();
    match highest {
        Some(n) if (n + 1).to_string().len() == len => (n + 1).to_string(),
        Some(_) => String::new(),
        None if len <= 12 => format!("{parent}001"),
        None => String::new(),
    }
}

/// A district and the subdistricts under it that the administrator may add to or move to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ParentGroup {
    district: Region,
    /// New subdistricts may be added under the district itself.
    district_managed: bool,
    subdistricts: Vec<Region>,
}

/// The possible parents of new regions and of moved communities, grouped by district.
fn parent_groups(page: Page) -> Vec<ParentGroup> {
    let scope = page.scope.get_value();
    page.tree.with(|t| {
        let Some(Ok(tree)) = t else { return Vec::new() };
        let mut groups = Vec::new();
        for city in tree {
            let city_managed = scope.contains(&city.code);
            for district in &city.children {
                let district_managed = city_managed || scope.contains(&district.code);
                let subdistricts: Vec<Region> = district
                    .children
                    .iter()
                    .filter(|s| s.level == RegionLevel::Subdistrict && !s.retired)
                    .filter(|s| district_managed || scope.contains(&s.code))
                    .map(|s| Region {
                        children: Vec::new(),
                        ..s.clone()
                    })
                    .collect();
                if district_managed || !subdistricts.is_empty() {
                    groups.push(ParentGroup {
                        district: Region {
                            children: Vec::new(),
                            ..district.clone()
                        },
                        district_managed,
                        subdistricts,
                    });
                }
            }
        }
        groups
    })
}

#[component]
fn RegionsContent() -> impl IntoView {
    let session = use_session();
    let scope = session.me.with_untracked(|m| {
        m.as_ref()
            .map(|m| {
                m.roles
                    .iter()
                    .filter(|g| g.role == Role::Admin)
                    .map(|g| g.region.code.clone())
                    .collect()
            })
            .unwrap_or_default()
    });
    let page = Page {
        tree: RwSignal::new(None),
        scope: StoredValue::new(scope),
        opened: RwSignal::new(HashSet::new()),
        editing: RwSignal::new(None),
        done: RwSignal::new(None),
        lang: use_prefs().lang,
    };
    page.load(None);
    let announcement = move || page.done.get().map(|(_, text)| text).unwrap_or_default();
    view! {
        <section class="page admin regions-admin">
            <h1>{t(AdmMsg::AdminRegions)}</h1>
            <p class="lead">{t(AdmMsg::RegionsLead)}</p>
            <AdminNoticeBanner />
            <p class="visually-hidden" role="status" aria-live="polite">{announcement}</p>
            {move || page.tree.with(Option::is_none).then(|| view! { <Loading /> })}
            {move || page.tree.with(|t| t.as_ref().and_then(|r| r.as_ref().err().cloned())).map(|error| view! {
                <ErrorNotice error retry=Callback::new(move |()| page.load(None)) />
            })}
            <Show when=move || page.tree.with(|t| matches!(t, Some(Ok(_))))>
                <add::AddRegionForm page />
                <tree::RegionTree page />
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Text;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn node(code: &str, level: RegionLevel, children: Vec<Region>) -> Region {
        Region {
            code: code.into(),
            name: Text::new(code, None),
            level,
            parent: None,
            retired: false,
            children,
        }
    }

    fn tree() -> Vec<Region> {
        use RegionLevel::*;
        vec![node(
            "440300",
            City,
            vec![
                node(
                    "440304",
                    District,
                    vec![
                        node(
                            "440304001",
                            Subdistrict,
                            vec![
                                node("440304001001", Community, vec![]),
                                node("440304001006", Community, vec![]),
                            ],
                        ),
                        // A community moved here keeps its code.
                        node(
                            "440304002",
                            Subdistrict,
                            vec![node("440304001007", Community, vec![])],
                        ),
                    ],
                ),
                node("440303", District, vec![]),
            ],
        )]
    }

    #[wasm_bindgen_test]
    fn the_suggested_code_is_free_even_after_a_move() {
        let tree = tree();
        assert_eq!(suggest_code(&tree, "440304001"), "440304001008");
        assert_eq!(suggest_code(&tree, "440304"), "440304003");
        assert_eq!(suggest_code(&tree, "440303"), "440303001");
        assert_eq!(
            suggest_code(&tree, "440304001001"),
            "",
            "nothing below 12 digits"
        );
    }

    #[wasm_bindgen_test]
    fn the_path_leads_from_the_root_to_the_region() {
        let tree = tree();
        assert_eq!(
            path_to(&tree, "440304001006"),
            ["440300", "440304", "440304001", "440304001006"]
        );
        assert!(path_to(&tree, "999").is_empty());
    }

    #[wasm_bindgen_test]
    fn a_district_administrator_sees_only_their_district() {
        let tree = tree();
        let scope = vec!["440304".to_owned()];
        let districts = &tree[0].children;
        assert!(touches(&tree[0], &scope), "the city leads to it");
        assert!(touches(&districts[0], &scope));
        assert!(!touches(&districts[1], &scope));
    }
}
