//! Community activities (社区活动): classes, sports, talks and outings organised by community
//! staff, held in a Linli venue or elsewhere, that residents sign up for. A weekly class is a
//! series: one activity per date sharing a `series_id`, each with its own sign-ups. Instants are
//! RFC 3339 with the community's offset; dates are `YYYY-MM-DD`.
use serde::{Deserialize, Serialize};

use super::{Text, accounts::RegionRef};

wire_enum! {
    /// What an activity is about.
    ActivityKind {
        /// 文艺
        Culture = "culture",
        /// 体育
        Sports = "sports",
        /// 教育培训
        Education = "education",
        /// 科普
        Science = "science",
        /// 健康
        Health = "health",
        /// 志愿
        Volunteering = "volunteering",
        /// 亲子
        Family = "family",
        /// 长者
        Elders = "elders",
    }
}

wire_enum! {
    /// Where an activity is in its life. `full` and `finished` are published activities with
    /// no place left, or over.
    ActivityStatus {
        Draft = "draft",
        Published = "published",
        Full = "full",
        Finished = "finished",
        Cancelled = "cancelled",
    }
}

wire_enum! {
    /// A resident's place: confirmed, waiting for a place, or given up.
    SignupStatus { Confirmed = "confirmed", Waitlisted = "waitlisted", Cancelled = "cancelled" }
}

/// The venue an activity is held in (its time there is booked in the venue's ledger).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityVenue {
    pub id: i64,
    pub name: Text,
}

/// The caller's own place in an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MySignup {
    pub status: SignupStatus,
    pub companions: u32,
    /// 1 for the first in line; waitlisted sign-ups only.
    #[serde(default)]
    pub waitlist_position: Option<u32>,
    /// Shown at the door for check-in; confirmed sign-ups only.
    #[serde(default)]
    pub checkin_code: Option<String>,
    pub checked_in: bool,
    /// Given after attending.
    #[serde(default)]
    pub rating: Option<u8>,
}

/// An activity photo upload (`multipart/form-data`); documents the form, the server reads the
/// parts directly.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityPhotoUpload {
    /// The image: JPEG, PNG or WebP, at most 5 MB. Location and camera metadata are removed.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
    pub photo: Vec<u8>,
    /// What the photo shows, in Chinese (at most 200 characters).
    pub alt_zh: Option<String>,
    /// The same in English.
    pub alt_en: Option<String>,
}

/// A public review by someone who attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub stars: u8,
    pub comment: String,
    pub rated_at: String,
}

/// An activity as residents see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub id: i64,
    /// Shared by the dates of a weekly class.
    #[serde(default)]
    pub series_id: Option<i64>,
    pub title: Text,
    pub description: Text,
    pub kind: ActivityKind,
    /// Codes of the directory's audience taxonomy (`elderly`, `youth`, …).
    pub audiences: Vec<String>,
    pub community: RegionRef,
    /// The organising community organisation (from the directory), if not the community itself.
    #[serde(default)]
    pub organizer: Option<Text>,
    #[serde(default)]
    pub venue: Option<ActivityVenue>,
    pub place: Text,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: u32,
    pub places_left: u32,
    pub waitlisted: u32,
    /// How many companions one sign-up may bring.
    pub max_companions: u32,
    #[serde(default)]
    pub signup_opens_at: Option<String>,
    pub signup_closes_at: String,
    /// What it costs; none: free.
    #[serde(default)]
    pub cost: Option<Text>,
    pub accessibility: Text,
    pub status: ActivityStatus,
    /// Why it was cancelled (told to everyone signed up).
    #[serde(default)]
    pub cancel_reason: Option<String>,
    /// The caller's place, when logged in and signed up.
    #[serde(default)]
    pub my_signup: Option<MySignup>,
    /// Public reviews, newest first (detail only).
    #[serde(default)]
    pub reviews: Vec<Review>,
    /// Photos, in order, served from `/api/v1/activity-photos/{file}` (detail only).
    #[serde(default)]
    pub photos: Vec<super::booking::Photo>,
    pub rating_average: Option<f64>,
    pub rating_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityList {
    pub items: Vec<Activity>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// Joining an activity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    /// Family or friends coming along (at most the activity's `max_companions`).
    #[serde(default)]
    pub companions: u32,
}

/// Rating an attended activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RatingRequest {
    /// 1 to 5.
    pub stars: u8,
    #[serde(default)]
    pub comment: String,
    /// Show the comment on the activity's page (staff always see it).
    #[serde(default)]
    pub public: bool,
}

/// Repeating a new activity every week on the same weekday and time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Repeat {
    /// The last date (inclusive), at most a year after the first.
    pub weekly_until: String,
    /// Dates left out (holidays, the hall taken).
    #[serde(default)]
    pub skip: Vec<String>,
}

/// What staff write about an activity (create a draft, or change one date).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    /// The community (region code) it belongs to.
    pub community: String,
    /// A community organisation of the directory (its id) organising it.
    #[serde(default)]
    pub organization_id: Option<i64>,
    pub title_zh: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub description_zh: String,
    #[serde(default)]
    pub description_en: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub audiences: Vec<String>,
    /// A venue of the community: its time is booked when the activity is published.
    #[serde(default)]
    pub venue_id: Option<i64>,
    /// Where (required without a venue; defaults to the venue's name and address).
    #[serde(default)]
    pub place_zh: String,
    #[serde(default)]
    pub place_en: Option<String>,
    pub start: String,
    pub end: String,
    pub capacity: u32,
    #[serde(default)]
    pub max_companions: u32,
    /// When sign-up opens (default: on publishing).
    #[serde(default)]
    pub signup_opens: Option<String>,
    /// Sign-up and leaving close then (default: the start).
    #[serde(default)]
    pub signup_closes: Option<String>,
    /// What it costs (empty: free).
    #[serde(default)]
    pub cost_zh: Option<String>,
    #[serde(default)]
    pub cost_en: Option<String>,
    #[serde(default)]
    pub accessibility_zh: String,
    #[serde(default)]
    pub accessibility_en: Option<String>,
    /// On creation only: one draft per week up to a date.
    #[serde(default)]
    pub repeat: Option<Repeat>,
}

/// The drafts a creation made (one, or one per date of a series).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedActivities {
    #[serde(default)]
    pub series_id: Option<i64>,
    pub items: Vec<Activity>,
}

/// Publishing or cancelling one date or its whole series.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SeriesChoice {
    #[serde(default)]
    pub whole_series: bool,
}

/// Cancelling, with the reason everyone signed up is told.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CancelActivity {
    pub reason: String,
    #[serde(default)]
    pub whole_series: bool,
}

/// A date whose venue time is taken (by a booking, a block or another activity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conflict {
    pub activity_id: i64,
    pub date: String,
    /// `slot_taken`, `venue_closed`, `in_past` …
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictList {
    pub items: Vec<Conflict>,
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Published {
    pub published: Vec<i64>,
}

/// A sign-up as staff see it (phone masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSignup {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub companions: u32,
    pub status: SignupStatus,
    #[serde(default)]
    pub waitlist_position: Option<u32>,
    #[serde(default)]
    pub checked_in_at: Option<String>,
    /// Signed up by staff (in person or by phone).
    pub by_staff: bool,
    #[serde(default)]
    pub rating: Option<u8>,
    #[serde(default)]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupList {
    pub items: Vec<StaffSignup>,
    pub places_taken: u32,
    pub capacity: u32,
    pub checked_in: u32,
}

/// Staff signing up someone who came in person or called: an account by phone, or a name
/// (and optional phone) for someone without one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffSignupRequest {
    #[serde(default)]
    pub resident_phone: Option<String>,
    #[serde(default)]
    pub guest_name: Option<String>,
    #[serde(default)]
    pub guest_phone: Option<String>,
    #[serde(default)]
    pub companions: u32,
}

/// Checking someone in: by the code they show, or by their line in the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckinRequest {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub signup_id: Option<i64>,
}

/// One activity in the staff's attendance report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceRow {
    pub activity_id: i64,
    pub title: Text,
    pub starts_at: String,
    pub status: ActivityStatus,
    /// People expected (sign-ups and their companions).
    pub signed_up: u32,
    pub attended: u32,
    pub no_shows: u32,
    pub rating_average: Option<f64>,
    pub rating_count: u32,
}

/// Attendance, no-shows and ratings of the activities of a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceReport {
    pub month: String,
    pub rows: Vec<AttendanceRow>,
    pub activities: u32,
    pub signed_up: u32,
    pub attended: u32,
    pub no_shows: u32,
    pub rating_average: Option<f64>,
}

/// Activity figures of a region and period, in the committee's periodic opinion report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityFigures {
    /// Activities held (published and not cancelled) that started in the period.
    pub held: u32,
    pub cancelled: u32,
    /// People expected (sign-ups with their companions).
    pub signed_up: u32,
    pub attended: u32,
    pub no_shows: u32,
    pub rating_average: Option<f64>,
    pub rating_count: u32,
}

/// A community organisation of the directory an account organises activities for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationRef {
    pub id: i64,
    pub name: Text,
    /// The region (code) it works in.
    pub region: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationList {
    pub items: Vec<OrganizationRef>,
}

/// An account organising for an organisation (phone masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationMember {
    pub user_id: i64,
    pub name: String,
    pub phone: String,
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationMemberList {
    pub organization: OrganizationRef,
    pub items: Vec<OrganizationMember>,
}

/// Adding an account (by phone number) as an organiser of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddMember {
    pub phone: String,
}
