//! The working-day calendar: public holidays and make-up working days (调休).
use serde::{Deserialize, Serialize};

use super::Text;

/// What a listed date is; unlisted dates follow the week (Monday–Friday work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday (or a day of a holiday block): no work.
    Holiday,
    /// A weekend day made a working day (调休上班).
    Workday,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub kind: DayKind,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarYear {
    pub year: i16,
    /// An administrator confirmed that the year's holidays and make-up days are all listed
    /// (the State Council publishes them late in the year before).
    #[serde(default)]
    pub confirmed: bool,
    pub days: Vec<CalendarDay>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetCalendarDay {
    pub kind: DayKind,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: Option<String>,
}

/// `PUT /api/v1/admin/calendar/years/{year}`: mark a year's schedule complete (or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetCalendarYear {
    pub confirmed: bool,
}
