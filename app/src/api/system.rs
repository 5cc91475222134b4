//! Health and version of the running service.
use serde::{Deserialize, Serialize};

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the database answers, `unavailable` otherwise (then the status is 503).
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    pub version: String,
    /// The directory's search index, on servers that keep one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_index: Option<SearchIndexState>,
}

/// `GET /api/v1/ready`: may this instance take traffic? Distinct from [`Health`] (is the
/// process alive): a load balancer sends requests only to ready instances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// `ready`, or `not_ready` (then the status is 503).
    pub status: String,
    /// `ok`, or `unreachable` when the database does not answer within two seconds.
    pub database: String,
    pub migrations: MigrationState,
    /// The server has started to stop: it finishes what it has and takes nothing new.
    pub shutting_down: bool,
    /// The directory's search index, on servers that keep one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_index: Option<SearchIndexState>,
}

/// The database schema against the migrations built into this binary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MigrationState {
    /// The newest migration this binary has.
    pub expected: i64,
    /// The newest migration applied to the database (a newer release may have applied more).
    pub applied: Option<i64>,
    /// Migrations of this binary not applied yet.
    pub pending: Vec<i64>,
    /// No migration is pending.
    pub current: bool,
}

/// State of a search index, when the server keeps one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchIndexState {
    /// Searches may be answered from the index.
    pub ready: bool,
    /// A word for people: e.g. `building`, `current`, `behind`.
    pub state: String,
    /// The position in the directory's search log the index has applied.
    #[serde(default)]
    pub applied: i64,
    /// Search-log entries not applied yet.
    #[serde(default)]
    pub lag: i64,
    /// Documents (services at a location) in the index.
    #[serde(default)]
    pub documents: u64,
}

/// `GET /api/v1/site`: what the site says about itself, as set by its administrators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteInfo {
    /// The site's name (`邻里` / `Linli` until an administrator sets one).
    pub name: super::Text,
    /// How residents reach the operators (phone, address, e-mail), when set.
    #[serde(default)]
    pub contact: Option<String>,
    /// The contact published in Open311 discovery, when set.
    #[serde(default)]
    pub open311_contact: Option<String>,
    /// Demo data was seeded into this database (`linli serve --demo`): the site says so.
    pub demo: bool,
}

/// `PUT /api/v1/admin/site` (city administrators).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetSiteInfo {
    pub name_zh: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub open311_contact: Option<String>,
}

/// Something an administrator should act on, shown on the administration pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AdminNotice {
    /// From November on, next year's holiday calendar is not confirmed yet: deadlines and
    /// opening hours would ignore its holidays.
    CalendarYearMissing { year: i16 },
}

/// `GET /api/v1/admin/notices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminNotices {
    pub items: Vec<AdminNotice>,
}
