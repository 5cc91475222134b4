//! The service directory (服务指南): who offers which community service, where, when, for
//! whom, at what cost — searchable in Chinese, shaped like Open Referral HSDS 3.0.
//!
//! - [`routes`]: the public API (`/categories`, `/audiences`, `/services`, a service page,
//!   "report a problem");
//! - [`staff`]: editing in scope (workstation staff for their community, administrators for
//!   their region), change history, verification, the review queue;
//! - [`hsds`] and [`package`]: the HSDS 3.0 read API under `/api/hsds` and the Tabular Data
//!   Package export/import;
//! - pure rules: [`hours`] (opening hours with holidays and 调休), [`segment`] (Chinese
//!   tokens for search), [`rules`] (validation of staff input);
//! - [`pages`] (service pages kept in memory under the directory's version);
//! - [`search`] (FTS5 / tsvector), [`store`] (reads), [`write`] (writes + history),
//!   [`index`] (the search table), [`seed`] (demo data); city-scale data and the search
//!   benchmark are in [`crate::scale`].
pub mod engine;
pub mod hits;
pub mod hours;
pub mod hsds;
pub mod index;
pub mod misses;
pub mod package;
pub mod pages;
pub mod routes;
pub mod rules;
pub mod search;
pub mod search_log;
pub mod seed;
pub mod segment;
pub mod staff;
pub mod store;
pub mod suggestions;
pub mod write;

use app::api::accounts::Role;
use utoipa_axum::router::OpenApiRouter;

use crate::{AppState, accounts::session::RoleSet, error::messages::Message};

/// Who edits directory entries: workstation staff (their community) and administrators
/// (their region).
pub struct DirectoryEditors;
impl RoleSet for DirectoryEditors {
    const ROLES: &'static [Role] = &[Role::WorkstationStaff, Role::Admin];
}

/// The `/api/v1` routes of the directory.
pub fn router() -> OpenApiRouter<AppState> {
    routes::router()
        .merge(staff::router())
        .merge(suggestions::staff_router())
        .merge(misses::router())
}

/// What the regions domain calls after regions were renamed or moved, in the same
/// transaction: stores again the district of every location in them or under them, and
/// rewrites the search row of every service offered there (once, however many of the regions
/// it lies under), so the SQL search and every search index find it by its regions' new names
/// and count it in its new district.
pub async fn regions_changed(
    conn: &mut sqlx::AnyConnection,
    region_ids: &[i64],
) -> Result<(), sqlx::Error> {
    if region_ids.is_empty() {
        return Ok(());
    }
    write::set_districts_under(conn, region_ids).await?;
    let mut offered = crate::db::Sql::new(
        "SELECT DISTINCT sl.service_id FROM dir_service_locations sl \
         JOIN dir_locations l ON l.id = sl.location_id \
         JOIN region_closure rc ON rc.descendant_id = l.region_id WHERE rc.ancestor_id IN ",
    );
    offered
        .bind_list(region_ids)
        .push(" ORDER BY sl.service_id");
    let services: Vec<i64> = offered.query_scalar().fetch_all(&mut *conn).await?;
    for id in services {
        index::reindex(conn, id).await?;
    }
    Ok(())
}

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("service_not_found", "找不到该服务。", "No such service."),
    ("location_not_found", "找不到该服务地点。", "No such location."),
    ("organization_not_found", "找不到该机构。", "No such organization."),
    ("suggestion_not_found", "找不到该反馈。", "No such report."),
    ("taxonomy_not_found", "找不到该分类体系。", "No such taxonomy."),
    ("term_not_found", "找不到该分类。", "No such taxonomy term."),
    ("invalid_category", "没有这个服务类别。", "Unknown service category."),
    ("invalid_audience", "没有这个服务对象。", "Unknown target group."),
    ("invalid_region", "没有这个地区。", "Unknown region."),
    ("invalid_weeks", "周数应在 1 到 52 之间。", "Weeks must be between 1 and 52."),
    ("invalid_district", "请选择一个区。", "Choose a district."),
    ("invalid_near", "位置应为“纬度,经度”，例如 22.54,114.05。", "A position is latitude,longitude, e.g. 22.54,114.05."),
    ("query_too_long", "搜索词不能超过 {max} 个字。", "The search can have at most {max} characters."),
    ("invalid_time", "时间格式应为 HH:MM（00:00–24:00）。", "Times are written HH:MM (00:00–24:00)."),
    ("empty_window", "结束时间必须晚于开始时间。", "The closing time must be after the opening time."),
    ("overlapping_windows", "同一天的开放时段不能重叠。", "Opening windows of the same day must not overlap."),
    ("too_many_windows", "每天最多 6 个开放时段。", "At most 6 opening windows a day."),
    ("invalid_weekday", "星期应为 1（周一）到 7（周日）。", "Weekdays are 1 (Monday) to 7 (Sunday)."),
    ("invalid_exception", "闭馆日不能有开放时段，特别开放日至少要有一个时段。", "A closed day has no windows; a special opening needs at least one."),
    ("duplicate_exception_date", "同一日期只能有一条特别安排。", "Only one exception per date."),
    ("invalid_exception_date", "特别安排的日期格式应为 YYYY-MM-DD。", "Exception dates are written YYYY-MM-DD."),
    ("invalid_text", "请填写中文内容，且不要超过长度限制。", "Fill in the Chinese text, within the length limit."),
    ("invalid_office_phone", "电话号码格式有误，例如 0755-83001234 或 12345。", "Not a valid telephone number, e.g. 0755-83001234 or 12345."),
    ("invalid_language", "语言代码应为 ISO 639 代码，例如 zh、yue、en。", "Languages are ISO 639 codes such as zh, yue, en."),
    ("invalid_age_range", "年龄范围有误。", "The age range is not valid."),
    ("invalid_visits", "跑动次数应在 0 到 9 之间。", "Visits needed must be between 0 and 9."),
    ("invalid_cost", "免费服务不能有收费金额，金额不能为负。", "A free service has no fee amounts, and amounts cannot be negative."),
    ("categories_required", "请至少选择一个服务类别。", "Choose at least one category."),
    ("locations_required", "请至少选择一个服务地点。", "Choose at least one location."),
    ("location_out_of_scope", "该服务地点不在您的管理范围内。", "This location is outside your responsibility."),
    ("organization_out_of_scope", "该机构不在您的管理范围内。", "This organization is outside your responsibility."),
    ("invalid_timezone", "时区无效，例如 Asia/Shanghai。", "Not a valid time zone, e.g. Asia/Shanghai."),
    ("invalid_postal_code", "邮政编码应为 6 位数字。", "Postal codes have 6 digits."),
    ("invalid_accessibility", "无障碍设施类型无效或重复。", "Unknown or repeated accessibility feature."),
    ("invalid_email", "电子邮箱格式有误。", "Not a valid email address."),
    ("invalid_url", "网址应以 http:// 或 https:// 开头。", "Web addresses start with http:// or https://."),
    ("invalid_credit_code", "统一社会信用代码应为 18 位。", "The unified social credit code has 18 characters."),
    ("too_many_items", "列表项目太多。", "Too many items in a list."),
    ("invalid_suggestion", "请用 1 到 1000 个字说明问题。", "Describe the problem in 1 to 1000 characters."),
    ("invalid_resolution", "只能采纳或不采纳。", "A report can only be accepted or rejected."),
    ("invalid_resolution_note", "处理说明不能超过 1000 个字。", "The note can have at most 1000 characters."),
    ("suggestion_already_resolved", "该反馈已经处理过了。", "This report has already been handled."),
    ("invalid_page", "页码应为正整数。", "Pages are numbered from 1."),
    ("invalid_per_page", "每页数量应在 1 到 {max} 之间。", "Per page must be between 1 and {max}."),
    ("invalid_modified_after", "modified_after 应为 RFC 3339 时间。", "modified_after must be an RFC 3339 instant."),
    ("import_not_zip", "请上传 ZIP 格式的数据包。", "Upload the data package as a ZIP file."),
    ("import_too_large", "数据包太大。", "The data package is too large."),
    ("import_missing_file", "数据包缺少必需的文件。", "A required file is missing from the package."),
    ("import_bad_header", "表头与 HSDS 3.0 不符。", "The header does not match HSDS 3.0."),
    ("import_bad_csv", "CSV 格式有误。", "The CSV is not well-formed."),
    ("import_required", "必填项为空。", "A required value is empty."),
    ("import_invalid_uuid", "标识符应为 UUID。", "Identifiers must be UUIDs."),
    ("import_duplicate_id", "标识符重复。", "The identifier appears twice."),
    ("import_unknown_reference", "引用的记录不存在。", "A referenced record does not exist."),
    ("import_invalid_value", "取值无效。", "The value is not valid."),
    ("import_unknown_region", "找不到该地区代码。", "Unknown region code."),
    ("import_out_of_scope", "该地区不在您的管理范围内。", "This region is outside your responsibility."),
    ("import_unknown_term", "找不到该分类。", "Unknown taxonomy term."),
];

/// What the audit log says about the service directory.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_suggestion_resolved", "处理结果：{status}", "Outcome: {status}"),
    ("audit_directory_import", "{services} 项服务，{locations} 个地点，{organizations} 个机构", "{services} services, {locations} locations, {organizations} organisations"),
];
