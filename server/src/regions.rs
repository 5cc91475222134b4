//! The region tree (city → district → subdistrict → community) that scopes everything else.
//! It is reference data: every database gets the bundled Shenzhen tree right after its
//! migrations, and administrators maintain it from there.
mod admin;
pub mod boundaries;
pub mod boundary;
pub mod boundary_cache;
mod routes;
pub mod store;
pub mod transfer;

pub use store::RegionId;

use utoipa_axum::router::OpenApiRouter;

use app::api::regions::RegionLevel;

use crate::{AppState, error::messages::Message, phrase::Phrase};

pub fn router() -> OpenApiRouter<AppState> {
    routes::router().merge(admin::router())
}

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("invalid_region_code", "地区代码应为 6 至 12 位数字。", "A region code is 6 to 12 digits."),
    ("region_code_taken", "该地区代码已被使用。", "This region code is already in use."),
    ("invalid_region_name", "请填写地区名称（中文不超过 40 字，英文不超过 80 个字符）。", "Give the region a name (at most 40 characters in Chinese, 80 in English)."),
    ("region_parent_invalid", "上级地区应为区（添加街道）或街道（添加或迁移社区）。", "The parent must be a district (for a subdistrict) or a subdistrict (for a community)."),
    ("region_not_community", "只有社区可以迁移、撤销或恢复。", "Only communities can be moved, retired or restored."),
    ("region_retired", "该社区已撤销，不能再选择。", "This community has been retired and cannot be chosen."),
];

/// What the audit log says about the region tree.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_region_added", "新增{level}：{name}", "New {level}: {name}"),
    ("audit_region_added_in", "在 {parent} 下新增{level}：{name}", "New {level} in {parent}: {name}"),
    ("audit_region_renamed", "{from} → {to}", "{from} → {to}"),
    ("audit_region_moved", "上级 {from} → {to}", "Parent {from} → {to}"),
    ("audit_boundary_set", "{polygons} 个多边形，{positions} 个坐标点", "{polygons} polygon(s), {positions} positions"),
    ("audit_boundary_removed", "删除了边界", "Boundary removed"),
];

/// A region level for people (zh, en).
pub fn level_label(level: RegionLevel) -> (&'static str, &'static str) {
    match level {
        RegionLevel::City => ("市", "city"),
        RegionLevel::District => ("区", "district"),
        RegionLevel::Subdistrict => ("街道", "subdistrict"),
        RegionLevel::Community => ("社区", "community"),
    }
}

/// The audit detail of a new region (`audit_region_added` or `…_in`): its level and names.
pub fn added(code: &'static str, level: RegionLevel, zh: &str, en: Option<&str>) -> Phrase {
    let (level_zh, level_en) = level_label(level);
    Phrase::new(code)
        .words("level", "level_en", level_zh, level_en)
        .words("name", "name_en", zh, en.unwrap_or(zh))
}

/// The audit detail of a community moved to another subdistrict: the parents' codes.
pub fn moved(from: &str, to: &str) -> Phrase {
    Phrase::new("audit_region_moved")
        .param("from", from)
        .param("to", to)
}

/// The audit detail of a renaming, with the names in each language.
pub fn renamed(from: (&str, Option<&str>), to: (&str, Option<&str>)) -> Phrase {
    Phrase::new("audit_region_renamed")
        .words("from", "from_en", from.0, from.1.unwrap_or(from.0))
        .words("to", "to_en", to.0, to.1.unwrap_or(to.0))
}
