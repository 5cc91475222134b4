//! The service directory (服务指南): taxonomies, search, service pages, staff editing.
use serde::{Deserialize, Serialize};

use super::{Text, accounts::RegionRef};

/// A term of one of the two taxonomies: a category (what a service is; sub-categories have a
/// `parent`) or an audience (who it is for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Term {
    /// Stable code, e.g. `elderly` or `elderly.day_care`.
    pub code: String,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A top-level category with its description and sub-categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub code: String,
    pub name: Text,
    pub description: Text,
    pub children: Vec<Term>,
}

/// `GET /api/v1/categories`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryList {
    pub items: Vec<Category>,
}

/// `GET /api/v1/audiences`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AudienceList {
    pub items: Vec<Term>,
}

/// Whether a place is open, computed by the server in the location's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenStatus {
    pub open_now: bool,
    /// When the current opening window ends (RFC 3339), if open.
    #[serde(default)]
    pub closes_at: Option<String>,
    /// The next time it opens (RFC 3339) within two weeks, if closed.
    #[serde(default)]
    pub next_open: Option<String>,
    /// Today's windows as `HH:MM–HH:MM`; empty when closed all day.
    pub today: Vec<String>,
    /// Why today differs from the week: a holiday, a make-up working day or a dated exception.
    #[serde(default)]
    pub note: Option<Text>,
}

/// A count of search hits for a facet value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    pub code: String,
    pub name: Text,
    pub count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    /// Top-level categories, or the sub-categories when a category is chosen.
    pub categories: Vec<FacetCount>,
    pub audiences: Vec<FacetCount>,
    pub districts: Vec<FacetCount>,
}

/// Where a service is offered: a location in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationSummary {
    pub id: i64,
    pub name: Text,
    pub address: Text,
    /// The community (or higher region) the location belongs to.
    pub region: RegionRef,
    #[serde(default)]
    pub district: Option<RegionRef>,
}

/// One search hit: a service at a location (HSDS service_at_location).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceHit {
    /// Id of the service (for `/services/{id}`).
    pub id: i64,
    pub service_at_location_id: i64,
    pub name: Text,
    pub organization: Text,
    /// The start of the description.
    pub summary: Text,
    pub categories: Vec<Term>,
    pub location: LocationSummary,
    pub open: OpenStatus,
    pub is_free: bool,
    pub status: ServiceStatus,
}

/// `GET /api/v1/directory/search-misses` (directory editors): what residents searched for and
/// did not find, per week and district, for the data team. A search counts only when its words
/// alone found nothing (not when filters emptied the list); runs of 5+ digits are masked;
/// nothing about the person searching is kept but the district searched in (or the signed-in
/// resident's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchMisses {
    /// Newest week first, then the most frequent words.
    pub items: Vec<SearchMiss>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchMiss {
    /// The Monday of the week, `YYYY-MM-DD`.
    pub week: String,
    /// The district searched in, or the resident's; absent when unknown (anonymous visitors
    /// searching the whole city).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<RegionRef>,
    /// The words as searched (normalised).
    pub query: String,
    pub count: i64,
}

/// `GET /api/v1/services`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceSearch {
    pub items: Vec<ServiceHit>,
    /// Hits matching the query and filters (all pages).
    pub total: i64,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(default)]
    pub next_cursor: Option<String>,
    pub facets: Facets,
}

/// HSDS service status (`temporarily closed` is written with an underscore here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    Active,
    Inactive,
    Defunct,
    TemporarilyClosed,
}

impl ServiceStatus {
    pub const ALL: [Self; 4] = [
        Self::Active,
        Self::Inactive,
        Self::Defunct,
        Self::TemporarilyClosed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Defunct => "defunct",
            Self::TemporarilyClosed => "temporarily_closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Shown to the public (inactive and defunct services are hidden).
    pub fn is_public(self) -> bool {
        matches!(self, Self::Active | Self::TemporarilyClosed)
    }
}

/// What a telephone number is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// The location's switchboard.
    Main,
    /// 咨询电话.
    Enquiry,
    /// 投诉电话.
    Complaint,
    Fax,
}

impl PhoneKind {
    pub const ALL: [Self; 4] = [Self::Main, Self::Enquiry, Self::Complaint, Self::Fax];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Main => "main",
            Self::Enquiry => "enquiry",
            Self::Complaint => "complaint",
            Self::Fax => "fax",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A public office telephone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phone {
    pub kind: PhoneKind,
    /// As dialled, e.g. `0755-83001234`.
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    pub description: Text,
}

/// One fee option (HSDS cost_option); `amount_fen` in 1/100 yuan, `None` when it varies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostOption {
    pub option: Text,
    #[serde(default)]
    pub amount_fen: Option<i64>,
    pub amount_description: Text,
}

/// The 办事指南 (how-to guide) of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceGuide {
    /// 申办条件: who qualifies.
    pub conditions: Text,
    /// 所需材料.
    pub documents: Vec<Text>,
    /// 办理流程, one entry per step.
    pub process: Vec<Text>,
    /// 办理时限.
    pub time_limit: Text,
    /// 收费标准.
    pub fees: Text,
    /// 收费依据.
    pub fees_basis: Text,
    pub costs: Vec<CostOption>,
    pub is_free: bool,
    /// 跑动次数: how many times one has to go there in person.
    #[serde(default)]
    pub visits_needed: Option<i64>,
    #[serde(default)]
    pub minimum_age: Option<i64>,
    #[serde(default)]
    pub maximum_age: Option<i64>,
    /// 咨询电话.
    pub enquiry_phones: Vec<Phone>,
    /// 投诉电话.
    pub complaint_phones: Vec<Phone>,
}

/// Opening hours of one weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekdayHours {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// `HH:MM–HH:MM` windows; empty when closed.
    pub windows: Vec<String>,
}

/// A dated change to the hours (closed, or special hours), with the reason shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursException {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub closed: bool,
    /// Special windows (`HH:MM–HH:MM`) when not closed.
    pub windows: Vec<String>,
    pub reason: Text,
}

/// An accessibility feature of a location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accessibility {
    /// `step_free`, `accessible_toilet`, `lift`, `accessible_parking`, `tactile_paving`,
    /// `hearing_loop`, `sign_language`, `wheelchair_loan` or `other`.
    pub feature: String,
    pub details: Text,
}

/// A location as shown on a service page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationDetail {
    pub id: i64,
    pub name: Text,
    pub address: Text,
    pub postal_code: String,
    /// 交通指引: buses, metro.
    pub transport: Text,
    pub region: RegionRef,
    #[serde(default)]
    pub district: Option<RegionRef>,
    pub phones: Vec<Phone>,
    pub week: Vec<WeekdayHours>,
    /// Exceptions from today on.
    pub exceptions: Vec<HoursException>,
    pub open: OpenStatus,
    pub accessibility: Vec<Accessibility>,
    /// IANA time zone of the hours.
    pub timezone: String,
    /// Closed on public holidays and open on make-up working days (调休).
    pub follows_workday_calendar: bool,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// A named contact point of a service (a window or post).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub name: Text,
    pub department: Text,
    #[serde(default)]
    pub email: Option<String>,
}

/// `GET /api/v1/services/{id}`: everything the public page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceDetail {
    pub id: i64,
    /// HSDS id.
    pub uid: String,
    pub name: Text,
    #[serde(default)]
    pub alternate_name: Option<Text>,
    pub description: Text,
    pub status: ServiceStatus,
    #[serde(default)]
    pub alert: Option<Text>,
    pub organization: OrganizationSummary,
    pub region: RegionRef,
    pub categories: Vec<Term>,
    pub audiences: Vec<Term>,
    pub guide: ServiceGuide,
    pub locations: Vec<LocationDetail>,
    /// ISO 639 codes.
    pub languages: Vec<String>,
    pub service_areas: Vec<RegionRef>,
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// RFC 3339; `None` if never verified.
    #[serde(default)]
    pub last_verified_at: Option<String>,
    /// Not verified for 180 days (or never): staff should check it.
    pub needs_review: bool,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationSummary {
    pub id: i64,
    pub name: Text,
}

/// What a "report a problem" message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    Hours,
    Phone,
    Address,
    Closed,
    Guide,
    Other,
}

impl SuggestionKind {
    pub const ALL: [Self; 6] = [
        Self::Hours,
        Self::Phone,
        Self::Address,
        Self::Closed,
        Self::Guide,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hours => "hours",
            Self::Phone => "phone",
            Self::Address => "address",
            Self::Closed => "closed",
            Self::Guide => "guide",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// `POST /api/v1/services/{id}/suggestions`: anyone may report a problem, logged in or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSuggestion {
    pub kind: SuggestionKind,
    /// 1 to 1000 characters.
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuggestionStatus {
    Open,
    Accepted,
    Rejected,
}

impl SuggestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Accepted, Self::Rejected]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// A suggestion as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub id: i64,
    pub service_id: i64,
    pub service_name: Text,
    pub kind: SuggestionKind,
    pub body: String,
    pub status: SuggestionStatus,
    /// Whether the reporter was logged in (who it was is not shown).
    pub from_account: bool,
    pub created_at: String,
    #[serde(default)]
    pub resolved_at: Option<String>,
    #[serde(default)]
    pub resolution_note: String,
}

/// Staff decision on a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolveSuggestion {
    /// `accepted` or `rejected`.
    pub status: SuggestionStatus,
    #[serde(default)]
    pub note: String,
}

/// A service in staff lists (editor, review queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRow {
    pub id: i64,
    pub name: Text,
    pub status: ServiceStatus,
    pub region: RegionRef,
    #[serde(default)]
    pub last_verified_at: Option<String>,
    pub needs_review: bool,
    pub updated_at: String,
    pub open_suggestions: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRowList {
    pub items: Vec<ServiceRow>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/directory/review`: what needs staff attention in their scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewQueue {
    /// Services not verified for 180 days (or never), oldest first.
    pub stale: Vec<ServiceRow>,
    pub stale_total: i64,
    /// Open suggestions, oldest first.
    pub suggestions: Vec<Suggestion>,
    pub suggestions_total: i64,
}

/// One changed field in the history of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// `create`, `update`, `verify`, `import`.
    pub action: String,
    pub field: String,
    #[serde(default)]
    pub old_value: Option<String>,
    #[serde(default)]
    pub new_value: Option<String>,
    /// Display name of the staff member; `None` for imports and the system.
    #[serde(default)]
    pub changed_by: Option<String>,
    pub changed_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeList {
    pub items: Vec<Change>,
}

/// Bilingual text in a form: Chinese required, English optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextInput {
    pub zh: String,
    #[serde(default)]
    pub en: Option<String>,
}

impl TextInput {
    pub fn new(zh: impl Into<String>, en: Option<&str>) -> Self {
        Self {
            zh: zh.into(),
            en: en.map(str::to_owned),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneInput {
    pub kind: PhoneKind,
    pub number: String,
    #[serde(default)]
    pub extension: Option<String>,
    #[serde(default)]
    pub description: TextInput,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostInput {
    #[serde(default)]
    pub option: TextInput,
    #[serde(default)]
    pub amount_fen: Option<i64>,
    #[serde(default)]
    pub amount_description: TextInput,
}

/// The editable content of a service (create and replace).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceInput {
    pub organization_id: i64,
    /// Code of the region the service belongs to (community or higher): who may edit it.
    pub region: String,
    pub name: TextInput,
    #[serde(default)]
    pub alternate_name: Option<TextInput>,
    #[serde(default)]
    pub description: TextInput,
    pub status: ServiceStatus,
    /// Category codes (at least one; a sub-category implies its parent).
    pub categories: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub conditions: TextInput,
    #[serde(default)]
    pub documents: Vec<TextInput>,
    /// Steps of the process, in order.
    #[serde(default)]
    pub process: Vec<TextInput>,
    #[serde(default)]
    pub time_limit: TextInput,
    #[serde(default)]
    pub fees: TextInput,
    #[serde(default)]
    pub fees_basis: TextInput,
    pub is_free: bool,
    #[serde(default)]
    pub costs: Vec<CostInput>,
    #[serde(default)]
    pub visits_needed: Option<i64>,
    #[serde(default)]
    pub minimum_age: Option<i64>,
    #[serde(default)]
    pub maximum_age: Option<i64>,
    /// Enquiry and complaint phones.
    #[serde(default)]
    pub phones: Vec<PhoneInput>,
    #[serde(default)]
    pub languages: Vec<String>,
    /// Region codes where the service is available.
    #[serde(default)]
    pub service_areas: Vec<String>,
    /// Locations (ids) where it is offered; at least one.
    pub location_ids: Vec<i64>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub alert: Option<TextInput>,
}

/// A service as its editor loads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceEdit {
    pub id: i64,
    pub input: ServiceInput,
    #[serde(default)]
    pub last_verified_at: Option<String>,
    pub needs_review: bool,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessibilityInput {
    pub feature: String,
    #[serde(default)]
    pub details: TextInput,
}

/// The editable content of a location (create and replace); hours are set separately.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationInput {
    pub organization_id: i64,
    /// Code of the region (community or higher) the location is in.
    pub region: String,
    pub name: TextInput,
    #[serde(default)]
    pub description: TextInput,
    pub address: TextInput,
    #[serde(default = "default_postal_code")]
    pub postal_code: String,
    #[serde(default)]
    pub transport: TextInput,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    /// IANA zone; Asia/Shanghai when absent.
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default = "default_true")]
    pub follows_workday_calendar: bool,
    #[serde(default)]
    pub phones: Vec<PhoneInput>,
    #[serde(default)]
    pub accessibility: Vec<AccessibilityInput>,
}

fn default_postal_code() -> String {
    "518000".to_owned()
}

fn default_true() -> bool {
    true
}

/// A location in staff lists and its editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationEdit {
    pub id: i64,
    pub input: LocationInput,
    pub hours: HoursInput,
    pub region_name: Text,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationEditList {
    pub items: Vec<LocationEdit>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// One weekly window, `HH:MM` local time; `24:00` closes at midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowInput {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    pub opens: String,
    pub closes: String,
}

/// A dated exception: closed (no times) or open with the given windows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExceptionInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub closed: bool,
    /// `[["09:00", "12:00"], …]` when not closed.
    #[serde(default)]
    pub windows: Vec<(String, String)>,
    #[serde(default)]
    pub reason: TextInput,
}

/// `PUT /api/v1/directory/locations/{id}/hours`: the whole set of hours of a location.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursInput {
    pub weekly: Vec<WindowInput>,
    #[serde(default)]
    pub exceptions: Vec<ExceptionInput>,
}

/// An organization as staff pick it in forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationRow {
    pub id: i64,
    pub name: Text,
    pub region: RegionRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationRowList {
    pub items: Vec<OrganizationRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationInput {
    pub region: String,
    pub name: TextInput,
    #[serde(default)]
    pub description: TextInput,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub legal_status: Option<String>,
    /// 统一社会信用代码, 18 characters.
    #[serde(default)]
    pub credit_code: Option<String>,
}

/// Answer to a create: the new record's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Created {
    pub id: i64,
}

/// One problem found in an imported package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportError {
    /// File in the package, e.g. `services.csv`.
    pub file: String,
    /// Row in the file as a spreadsheet counts it (the header is row 1); 0 for the file as
    /// a whole.
    pub line: u64,
    #[serde(default)]
    pub field: Option<String>,
    pub code: String,
    pub message: String,
}

/// `POST /api/hsds/import` answer: what was written, or why nothing was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// True when the package was written; false when anything was wrong (nothing written).
    pub imported: bool,
    pub organizations: u64,
    pub services: u64,
    pub locations: u64,
    pub errors: Vec<ImportError>,
}
