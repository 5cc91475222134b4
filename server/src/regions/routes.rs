//! `GET /api/v1/regions`.
use app::api::regions::{Region, RegionLevel, RegionList};
use axum::{
    extract::State,
    http::{HeaderValue, header},
    response::IntoResponse,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    admin::to_wire,
    store::{self, RegionId, RegionRow},
};
use crate::{
    AppState,
    error::{ApiError, ApiResult},
    extract::{Json, Query},
    http::REFERENCE_DATA_MAX_AGE,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_regions))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct RegionQuery {
    /// Only the direct children of this region code.
    parent: Option<String>,
    /// Only regions of this level (`city`, `district`, `subdistrict`, `community`).
    level: Option<String>,
    /// Also list retired communities (flagged `retired`); pickers leave them out.
    #[serde(default)]
    include_retired: bool,
}

/// The region tree, without retired communities unless asked. Without parameters: the whole tree, nested under the city. With `parent`
/// or `level`: a flat list.
#[utoipa::path(get, path = "/regions", tag = "regions", params(RegionQuery),
    responses((status = 200, body = RegionList), (status = 404, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn list_regions(
    State(state): State<AppState>,
    Query(q): Query<RegionQuery>,
) -> ApiResult<impl IntoResponse> {
    let level = q
        .level
        .as_deref()
        .map(|l| RegionLevel::parse(l).ok_or_else(|| ApiError::invalid("invalid_level", "level")))
        .transpose()?;
    let keep = |r: &RegionRow| q.include_retired || r.retired_at.is_none();
    let items = match (q.parent.as_deref(), level) {
        (Some(parent), level) => {
            let parent = store::by_code(&state.db, parent)
                .await?
                .ok_or_else(|| ApiError::not_found("region_not_found"))?;
            store::children(&state.db, RegionId(parent.id))
                .await?
                .into_iter()
                .filter(|r| level.is_none_or(|l| r.level() == l) && keep(r))
                .map(to_wire)
                .collect()
        }
        (None, Some(level)) => store::at_level(&state.db, level)
            .await?
            .into_iter()
            .filter(keep)
            .map(to_wire)
            .collect(),
        (None, None) => build_tree(
            store::all(&state.db)
                .await?
                .into_iter()
                .filter(keep)
                .collect(),
        ),
    };
    let cache = HeaderValue::from_str(&format!(
        "public, max-age={}",
        REFERENCE_DATA_MAX_AGE.as_secs()
    ))
    .unwrap_or(HeaderValue::from_static("no-cache"));
    Ok(([(header::CACHE_CONTROL, cache)], Json(RegionList { items })))
}

/// Nests rows (parents listed before children) into trees rooted at the parentless rows.
fn build_tree(rows: Vec<RegionRow>) -> Vec<Region> {
    use std::collections::HashMap;
    let mut children: HashMap<String, Vec<Region>> = HashMap::new();
    let mut roots = Vec::new();
    // Children first: walk backwards so each node's subtree is complete when it is attached.
    for row in rows.into_iter().rev() {
        let mut node = to_wire(row);
        if let Some(mut kids) = children.remove(&node.code) {
            kids.reverse();
            node.children = kids;
        }
        match node.parent.clone() {
            Some(parent) => children.entry(parent).or_default().push(node),
            None => roots.push(node),
        }
    }
    roots.reverse();
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, code: &str, parent: Option<&str>, level: &str) -> RegionRow {
        RegionRow {
            id,
            code: code.into(),
            parent_code: parent.map(Into::into),
            level: level.into(),
            name_zh: code.into(),
            name_en: None,
            retired_at: None,
        }
    }

    #[test]
    fn tree_keeps_sibling_order_and_nesting() {
        let rows = vec![
            row(1, "c", None, "city"),
            row(2, "d1", Some("c"), "district"),
            row(3, "d2", Some("c"), "district"),
            row(4, "s1", Some("d1"), "subdistrict"),
            row(5, "s2", Some("d1"), "subdistrict"),
        ];
        let tree = build_tree(rows);
        assert_eq!(tree.len(), 1);
        let codes: Vec<_> = tree[0].children.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["d1", "d2"]);
        let subs: Vec<_> = tree[0].children[0]
            .children
            .iter()
            .map(|r| r.code.as_str())
            .collect();
        assert_eq!(subs, ["s1", "s2"]);
        assert!(tree[0].children[1].children.is_empty());
    }
}
