//! The working-day calendar shared by the directory (opening hours on holidays) and feedback
//! (deadlines in working days): Chinese public holidays and make-up working days as data.
mod routes;
pub mod rules;
pub mod store;

pub(crate) use routes::require_city_admin;
pub use routes::router;
pub use rules::WorkCalendar;

use app::api::calendar::DayKind;

use crate::{error::messages::Message, phrase::Phrase};

/// The audit detail of a calendar day: its kind and name in words.
pub fn day_detail(kind: DayKind, name_zh: &str, name_en: Option<&str>) -> Phrase {
    let (zh, en) = match kind {
        DayKind::Holiday => ("节假日", "Holiday"),
        DayKind::Workday => ("调休上班日", "Working day"),
    };
    Phrase::new("audit_calendar_day")
        .words("kind", "kind_en", zh, en)
        .words("name", "name_en", name_zh, name_en.unwrap_or(name_zh))
}

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("invalid_date", "日期格式应为 YYYY-MM-DD。", "Dates are written YYYY-MM-DD."),
    ("invalid_year", "年份无效。", "Not a valid year."),
    ("city_admin_only", "节假日安排只能由市级管理员修改。", "Only city administrators can change the holiday calendar."),
    ("day_not_listed", "该日期不在节假日表中。", "This date is not in the holiday calendar."),
    ("invalid_day_name", "请填写节假日名称。", "Give the holiday a name."),
];

/// What the audit log says about the work calendar.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_calendar_day", "{kind}：{name}", "{kind}: {name}"),
];
