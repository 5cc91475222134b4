//! Volunteers (义工) and the time bank: residents serve as volunteers, approved and led by
//! social workers; shifts (opportunities) they sign up for; an append-only ledger of confirmed
//! hours with record certificates anyone can verify; and a time bank where confirmed hours
//! earn credit that pays for help requested later. Durations are whole minutes; instants are
//! RFC 3339 with the city's offset; dates are `YYYY-MM-DD`.
use serde::{Deserialize, Serialize};

use super::{Text, accounts::RegionRef};

wire_enum! {
    /// What a volunteer can do (a fixed taxonomy).
    Skill {
        /// 陪伴
        Companionship = "companionship",
        /// 助餐
        Meals = "meals",
        /// 理发
        Haircut = "haircut",
        /// 维修
        Repair = "repair",
        /// 教学
        Teaching = "teaching",
        /// 法律
        Legal = "legal",
        /// 医护
        Medical = "medical",
        /// 驾驶
        Driving = "driving",
        /// 跑腿代办
        Errands = "errands",
        /// 智能手机助老
        Digital = "digital",
    }
}

wire_enum! {
    /// Where a volunteer's application stands.
    VolunteerStatus { Pending = "pending", Approved = "approved", Declined = "declined" }
}

wire_enum! {
    /// A shift: `full` and `finished` are open shifts without a place left, or over.
    OpportunityStatus { Open = "open", Full = "full", Finished = "finished", Cancelled = "cancelled" }
}

wire_enum! {
    /// A volunteer's place on a shift.
    ShiftStatus { SignedUp = "signed_up", Withdrawn = "withdrawn" }
}

wire_enum! {
    /// A line of the hours ledger: hours served (a shift or a help request), or a correction.
    HoursKind { Shift = "shift", Help = "help", Correction = "correction" }
}

wire_enum! {
    /// A line of the time bank: hours earned serving, spent on help received, granted by a
    /// social worker, or a correction of earned hours.
    BankKind { Earned = "earned", Spent = "spent", Grant = "grant", Correction = "correction" }
}

wire_enum! {
    /// A help request: open, taken by (or matched to) a volunteer, done, or cancelled.
    HelpStatus { Open = "open", Matched = "matched", Done = "done", Cancelled = "cancelled" }
}

/// Applying as a volunteer (again, after a decline; or changing one's profile, which keeps
/// an approval).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerApplication {
    /// 1–10 skills.
    pub skills: Vec<Skill>,
    /// Languages spoken (普通话, 粤语, English…), at most 5 of at most 20 characters.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Usual availability in the volunteer's words (周末上午…), at most 200 characters.
    #[serde(default)]
    pub availability: String,
    /// Codes of the communities served, 1–5.
    pub communities: Vec<String>,
}

/// A volunteer's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerProfile {
    pub id: i64,
    pub status: VolunteerStatus,
    pub skills: Vec<Skill>,
    pub languages: Vec<String>,
    pub availability: String,
    pub communities: Vec<RegionRef>,
    pub applied_at: String,
    #[serde(default)]
    pub decided_at: Option<String>,
    /// Why an application was declined.
    #[serde(default)]
    pub decline_reason: Option<String>,
}

/// A line of the hours ledger. Lines are never changed: a correction is a new line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursEntry {
    pub id: i64,
    pub kind: HoursKind,
    /// Signed: corrections may take hours away.
    pub minutes: i64,
    /// The shift or help request served.
    pub what: Text,
    /// When the service was given.
    pub served_at: String,
    pub recorded_at: String,
    /// Why a correction was made.
    #[serde(default)]
    pub reason: Option<String>,
    /// The line a correction corrects.
    #[serde(default)]
    pub corrects: Option<i64>,
}

/// A line of the time bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankEntry {
    pub id: i64,
    pub kind: BankKind,
    /// Signed: positive credits, negative debits.
    pub minutes: i64,
    pub balance_after: i64,
    pub at: String,
    #[serde(default)]
    pub help_request_id: Option<i64>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// A volunteer's star level (星级) by cumulative confirmed hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stars {
    /// 0 (none yet) to the number of thresholds.
    pub level: u8,
    /// Hours for each level, in order (configurable; default 100, 300, 600, 1000, 1500).
    pub thresholds_hours: Vec<u32>,
    /// Hours still needed for the next level; none at the top.
    #[serde(default)]
    pub next_in_minutes: Option<i64>,
}

/// What a resident sees of their volunteering and their time-bank account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyVolunteer {
    /// None until the resident applies.
    #[serde(default)]
    pub profile: Option<VolunteerProfile>,
    /// Confirmed hours, all time, in minutes.
    pub confirmed_minutes: i64,
    pub stars: Stars,
    /// Time-bank balance in minutes, and the policy's floor it can never go below.
    pub balance_minutes: i64,
    pub floor_minutes: i64,
    /// The hours ledger, newest first.
    pub hours: Vec<HoursEntry>,
    /// The time bank, newest first.
    pub bank: Vec<BankEntry>,
    /// Shifts signed up for that are not over, soonest first.
    pub shifts: Vec<Opportunity>,
}

/// The caller's own place on a shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyShift {
    pub status: ShiftStatus,
    #[serde(default)]
    pub checked_in_at: Option<String>,
    #[serde(default)]
    pub checked_out_at: Option<String>,
    /// Minutes confirmed for this shift, once confirmed.
    #[serde(default)]
    pub confirmed_minutes: Option<i64>,
}

/// A volunteer shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Opportunity {
    pub id: i64,
    pub title: Text,
    pub description: Text,
    pub community: RegionRef,
    /// The organising community organisation, if not the community's social workers.
    #[serde(default)]
    pub organizer: Option<Text>,
    /// The community activity this shift serves.
    #[serde(default)]
    pub activity_id: Option<i64>,
    /// The directory service this shift serves.
    #[serde(default)]
    pub service_id: Option<i64>,
    pub place: Text,
    pub starts_at: String,
    pub ends_at: String,
    /// Skills wanted (none: anyone).
    pub skills: Vec<Skill>,
    /// Volunteers wanted, and places taken.
    pub slots: u32,
    pub taken: u32,
    pub signup_closes_at: String,
    pub status: OpportunityStatus,
    #[serde(default)]
    pub cancel_reason: Option<String>,
    #[serde(default)]
    pub my_shift: Option<MyShift>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpportunityList {
    pub items: Vec<Opportunity>,
}

/// Posting a shift.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpportunityInput {
    /// Community code.
    pub community: String,
    /// 1–80 characters.
    pub title: String,
    #[serde(default)]
    pub title_en: Option<String>,
    /// At most 2000 characters.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub description_en: Option<String>,
    /// 1–200 characters.
    pub place: String,
    #[serde(default)]
    pub place_en: Option<String>,
    pub starts_at: String,
    /// At most 12 hours after the start.
    pub ends_at: String,
    /// 1–200 volunteers.
    pub slots: u32,
    #[serde(default)]
    pub skills: Vec<Skill>,
    /// Default: the start.
    #[serde(default)]
    pub signup_closes_at: Option<String>,
    #[serde(default)]
    pub activity_id: Option<i64>,
    #[serde(default)]
    pub service_id: Option<i64>,
    /// The organisation posting (required for organisation members who are not social
    /// workers of the community).
    #[serde(default)]
    pub organization_id: Option<i64>,
}

/// Why a shift is cancelled (told to everyone signed up), or an application declined.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonRequest {
    /// 1–200 characters.
    pub reason: String,
}

/// A volunteer on a shift, as the organiser sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftVolunteer {
    pub signup_id: i64,
    pub volunteer_id: i64,
    pub name: String,
    /// Masked (138****0001).
    pub phone: String,
    pub skills: Vec<Skill>,
    pub status: ShiftStatus,
    #[serde(default)]
    pub checked_in_at: Option<String>,
    #[serde(default)]
    pub checked_out_at: Option<String>,
    #[serde(default)]
    pub confirmed_minutes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftRoster {
    pub opportunity: Opportunity,
    pub items: Vec<ShiftVolunteer>,
}

wire_enum! {
    /// Checking a volunteer in (arrival) or out (leaving).
    CheckAction { In = "in", Out = "out" }
}

/// Recording an arrival or a departure, now or at the given instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftCheck {
    pub signup_id: i64,
    pub action: CheckAction,
    #[serde(default)]
    pub at: Option<String>,
}

/// Confirming a volunteer's hours on a shift: from the recorded (or given) check-in and
/// check-out, at most the shift's length.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceRequest {
    pub signup_id: i64,
    #[serde(default)]
    pub checked_in_at: Option<String>,
    #[serde(default)]
    pub checked_out_at: Option<String>,
}

/// A correction of a volunteer's hours (a new ledger line; the time bank follows).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionRequest {
    /// Signed, not 0, at most 24 hours either way.
    pub minutes: i64,
    /// 1–200 characters.
    pub reason: String,
    /// The line corrected.
    #[serde(default)]
    pub corrects: Option<i64>,
}

/// Hours a social worker grants a resident in hardship.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantRequest {
    /// The resident's mobile number.
    pub phone: String,
    /// 1–6000 minutes.
    pub minutes: i64,
    /// 1–200 characters.
    pub reason: String,
}

/// A volunteer as social workers see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffVolunteer {
    pub id: i64,
    pub name: String,
    /// Masked.
    pub phone: String,
    pub profile: VolunteerProfile,
    pub confirmed_minutes: i64,
    pub star_level: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffVolunteerList {
    pub items: Vec<StaffVolunteer>,
}

/// Asking for a record certificate (志愿服务记录证明) for a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateRequest {
    pub from: String,
    pub to: String,
}

/// A line of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateLine {
    pub date: String,
    pub what: Text,
    pub minutes: i64,
}

/// A volunteer service record certificate. The public verification shows the volunteer's
/// name masked and the totals; the volunteer's own copy lists the services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Certificate {
    pub verification_code: String,
    pub volunteer_name: String,
    pub from: String,
    pub to: String,
    pub minutes: i64,
    pub services: u32,
    pub issued_at: String,
    /// The communities the volunteer serves.
    pub communities: Vec<RegionRef>,
    #[serde(default)]
    pub lines: Vec<CertificateLine>,
}

/// Asking for help: for oneself (or, through a family link, for the family member), or by
/// staff for an elder (`for_phone`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpRequestInput {
    /// Community code where help is needed.
    pub community: String,
    pub skill: Skill,
    /// What is needed, 1–500 characters.
    pub description: String,
    /// Exact address, 1–200 characters: shown only to the matched volunteer.
    pub address: String,
    /// Contact phone; default the requester's.
    #[serde(default)]
    pub phone: Option<String>,
    pub starts_at: String,
    /// Estimated minutes, 15–480.
    pub minutes: u32,
    /// Staff only: the mobile number of the resident the request is for.
    #[serde(default)]
    pub for_phone: Option<String>,
}

/// How to reach the requester: shown to the matched volunteer while matched (each view
/// logged), to the requester and to staff, until the request is done or cancelled (then the
/// address and phone are erased).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpContact {
    pub name: String,
    pub phone: String,
    pub address: String,
}

/// A help request of the time bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpRequest {
    pub id: i64,
    /// Masked (张*) for volunteers not matched to it; in full for the requester, the matched
    /// volunteer and staff.
    pub requester: String,
    pub community: RegionRef,
    pub skill: Skill,
    pub description: String,
    pub starts_at: String,
    pub minutes: u32,
    pub status: HelpStatus,
    /// Posted by staff or a family member for the requester.
    pub posted_for: bool,
    /// The matched volunteer's name (masked for others than staff and the requester).
    #[serde(default)]
    pub helper: Option<String>,
    /// Only for whom it is meant (see [`HelpContact`]).
    #[serde(default)]
    pub contact: Option<HelpContact>,
    #[serde(default)]
    pub minutes_served: Option<i64>,
    /// The caller asked for it (or it is for them).
    pub mine: bool,
    /// The caller is the matched volunteer.
    pub helping: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpRequestList {
    pub items: Vec<HelpRequest>,
}

/// Matching a request to a volunteer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchRequest {
    pub volunteer_id: i64,
}

/// Closing a request served: the minutes move from the requester's balance to the helper's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteHelp {
    /// 1–720 minutes served.
    pub minutes: i64,
}

/// Hours of one volunteer in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerHoursRow {
    pub volunteer_id: i64,
    pub name: String,
    pub minutes: i64,
    pub services: u32,
    pub star_level: u8,
}

/// Hours of one community (its volunteer team) in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityHoursRow {
    pub community: RegionRef,
    pub minutes: i64,
    pub volunteers: u32,
}

/// Volunteer service figures of a region and period: the report for the committee.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerFigures {
    /// Approved volunteers serving the region.
    pub volunteers: u32,
    /// Volunteers with confirmed hours in the period.
    pub active: u32,
    /// Confirmed minutes in the period (corrections included).
    pub minutes: i64,
    /// Shifts held in the period.
    pub shifts: u32,
    pub help_requests_done: u32,
    pub help_requests_open: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerReport {
    pub region: RegionRef,
    /// `YYYY-MM`.
    pub month: String,
    pub figures: VolunteerFigures,
    pub volunteers: Vec<VolunteerHoursRow>,
    pub communities: Vec<CommunityHoursRow>,
}

impl Skill {
    /// The skill's name, for people.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Self::Companionship => ("陪伴", "Companionship"),
            Self::Meals => ("助餐", "Meals"),
            Self::Haircut => ("理发", "Haircuts"),
            Self::Repair => ("维修", "Repairs"),
            Self::Teaching => ("教学", "Teaching"),
            Self::Legal => ("法律", "Legal advice"),
            Self::Medical => ("医护", "Health care"),
            Self::Driving => ("驾驶", "Driving"),
            Self::Errands => ("跑腿代办", "Errands"),
            Self::Digital => ("智能手机助老", "Phones and apps"),
        };
        Text::new(zh, Some(en.to_owned()))
    }
}
