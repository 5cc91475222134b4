//! Open311 GeoReport v2 over the feedback cases, in XML and JSON, under `/open311/v2/`
//! (outside `/api`: its errors use the GeoReport shape, not the API's). Categories are the
//! services, their extra questions the service definitions; cases filed here enter the same
//! workflow as the web form's. Only the POST needs a key (issued by city administrators);
//! requests never show names, phones, tracking codes or hidden cases.
pub mod form;
pub mod format;
pub mod keys;
pub mod locate;
pub mod model;
pub mod placement;
mod routes;

pub use routes::{BASE, router};

use crate::error::messages::Message;

/// Messages of this domain (Open311 error descriptions and the key administration).
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("open311_not_found", "没有这个 Open311 资源（格式应为 .xml 或 .json）。", "No such Open311 resource (the format is .xml or .json)."),
    ("open311_jurisdiction_not_found", "未知的 jurisdiction_id（应为市或区的行政区划代码）。", "Unknown jurisdiction_id (use the code of the city or a district)."),
    ("open311_service_not_found", "没有这个 service_code。", "No such service_code."),
    ("open311_service_code_required", "缺少 service_code。", "service_code is required."),
    ("open311_request_not_found", "找不到该服务请求。", "No such service request."),
    ("open311_token_not_found", "找不到该 token（本平台的服务均为 realtime，不签发 token）。", "No such token (all services here are realtime and issue no tokens)."),
    ("open311_invalid_key", "api_key 无效或缺失，无法创建请求。", "Invalid or missing api_key received -- can't proceed with create_request."),
    ("open311_form_required", "请以 application/x-www-form-urlencoded 提交。", "Send the request as application/x-www-form-urlencoded."),
    ("open311_duplicate_parameter", "参数重复出现。", "This parameter appears more than once."),
    ("open311_malformed_attribute", "attribute 参数的写法应为 attribute[代码] 或 attribute[代码][]。", "Write attributes as attribute[CODE] or attribute[CODE][]."),
    ("open311_not_utf8", "请求内容不是有效的 UTF-8。", "The request is not valid UTF-8."),
    ("open311_unknown_address_id", "address_id 应为社区代码。", "address_id must be a community code."),
    ("open311_outside_jurisdiction", "该地址不在所选 jurisdiction 内。", "This address is outside the jurisdiction."),
    ("open311_location_required", "请提供位置：lat 和 long、address_string 或 address_id（社区代码）之一。", "Give a location: lat and long, address_string, or address_id (a community code)."),
    ("coordinates_incomplete", "lat 和 long 须同时提供。", "lat and long must be given together."),
    ("coordinates_outside_area", "该位置不在本平台服务范围内（深圳市）。", "This position is outside the area this service covers (Shenzhen)."),
    ("open311_no_html", "description 不能包含 HTML。", "description must not contain HTML."),
    ("open311_invalid_media_url", "media_url 应为 http(s) 链接。", "media_url must be an http(s) URL."),
    ("open311_invalid_datetime", "日期时间应为带时区的 W3C 格式，如 2026-11-01T00:00:00+08:00。", "Datetimes are W3C with a zone, e.g. 2026-11-01T00:00:00+08:00."),
    ("open311_range_too_long", "start_date 与 end_date 之间不能超过 90 天，且开始不能晚于结束。", "start_date to end_date must not exceed 90 days, and the start must not be after the end."),
    ("open311_invalid_status", "status 只能是 open 或 closed。", "status is open or closed."),
    ("open311_invalid_page", "page 应为正整数，page_size 应为 1 到 1000。", "page is a positive number; page_size is 1 to 1000."),
    ("open311_invalid_request_id", "service_request_id 应为以逗号分隔的编号。", "service_request_id is a comma-separated list of ids."),
    ("open311_city_admin_only", "Open311 客户端只能由市级管理员管理。", "Only city administrators manage Open311 clients."),
    ("open311_client_not_found", "找不到该 Open311 客户端。", "No such Open311 client."),
    ("invalid_client_name", "请填写客户端名称（1 到 80 个字）。", "Give the client a name (1 to 80 characters)."),
    ("invalid_client_contact", "联系方式不能超过 200 个字。", "The contact can have at most 200 characters."),
];

/// What the audit log says about Open311 clients.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_open311_client", "客户端：{name}", "Client: {name}"),
];
