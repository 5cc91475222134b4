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

use crate::{AppState, error::messages::Message};

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
