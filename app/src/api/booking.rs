//! Venue booking (文体设施预约): venues, availability, bookings, and the fairness tools
//! (waitlist, lottery, no-show strikes). Instants are RFC 3339 with the venue's offset; dates
//! are `YYYY-MM-DD`; times of day are `HH:MM` in the venue's time zone.
use serde::{Deserialize, Serialize};

use super::{Text, accounts::RegionRef};

wire_enum! {
    /// What kind of venue it is.
    VenueType {
        Basketball = "basketball",
        Badminton = "badminton",
        TableTennis = "table_tennis",
        Gym = "gym",
        MultipurposeRoom = "multipurpose_room",
        DanceRoom = "dance_room",
        ReadingRoom = "reading_room",
        SchoolSportsGround = "school_sports_ground",
        Football = "football",
        Tennis = "tennis",
    }
}

wire_enum! {
    /// A part of the day for the free-slot search: before noon, noon to 18:00, after 18:00
    /// (venue-local start times).
    PartOfDay { Morning = "morning", Afternoon = "afternoon", Evening = "evening" }
}

impl PartOfDay {
    /// Whether a slot starting at this local hour lies in this part of the day.
    pub fn holds(self, hour: u32) -> bool {
        match self {
            Self::Morning => hour < 12,
            Self::Afternoon => (12..18).contains(&hour),
            Self::Evening => hour >= 18,
        }
    }
}

wire_enum! {
    /// Who owns and opens the venue to residents.
    OwnerKind { Community = "community", School = "school", Government = "government" }
}

wire_enum! {
    /// Accessibility features residents can filter on.
    Feature {
        StepFree = "step_free",
        AccessibleToilet = "accessible_toilet",
        HearingLoop = "hearing_loop",
        AccessibleParking = "accessible_parking",
        Elevator = "elevator",
        BrailleSignage = "braille_signage",
        WheelchairLoan = "wheelchair_loan",
    }
}

wire_enum! {
    /// Whether a booking takes the whole venue or some of its places.
    CapacityMode { Whole = "whole", PerPerson = "per_person" }
}

wire_enum! {
    /// What a weekly quota counts.
    QuotaKind { None = "none", Bookings = "bookings", Hours = "hours" }
}

wire_enum! {
    /// Where a booking is in its life.
    BookingStatus {
        /// A short checkout hold (or a waitlist offer) that expires unless confirmed.
        Held = "held",
        /// Waiting for staff approval.
        Pending = "pending",
        Confirmed = "confirmed",
        CheckedIn = "checked_in",
        NoShow = "no_show",
        Completed = "completed",
        Cancelled = "cancelled",
        Rejected = "rejected",
        Expired = "expired",
    }
}

wire_enum! {
    /// A resident's booking, a staff block (maintenance, event), or a lottery's placeholder.
    BookingKind { Booking = "booking", Block = "block", Lottery = "lottery" }
}

wire_enum! {
    /// Which approval a pending booking waits for.
    ApprovalStep {
        /// The owner (a school) decides first.
        Owner = "owner",
        /// Then staff of the venue's community.
        Community = "community",
    }
}

/// The rule set of a venue. The rules in force when a booking is made are frozen onto it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Length of a bookable slot, a multiple of 30 minutes.
    pub slot_minutes: u32,
    pub min_minutes: u32,
    pub max_minutes: u32,
    /// Time kept free after each booking (cleaning, changeover), a multiple of 30.
    pub buffer_minutes: u32,
    /// The booking's end must be at least this many days ahead (0: today is fine).
    pub min_advance_days: u32,
    /// The booking's end may be at most this many days ahead.
    pub max_advance_days: u32,
    /// Time of day (`HH:MM`) when the next date becomes bookable.
    pub release_time: String,
    pub quota_kind: QuotaKind,
    /// Bookings or hours per resident and ISO week at this venue.
    pub quota_per_week: u32,
    /// A resident may cancel until this many minutes before the start.
    pub cancel_deadline_minutes: u32,
    pub approval_required: bool,
    /// Whether a request awaiting approval keeps the slot from others.
    pub pending_holds_slot: bool,
    pub capacity_mode: CapacityMode,
    /// Places of the venue (per-person mode) or the largest party (whole mode).
    pub capacity: u32,
    /// How long a checkout hold lasts.
    pub hold_minutes: u32,
    /// Whether staff check residents in; a booking not checked in by its end is a no-show.
    pub checkin_required: bool,
    /// Closed on public holidays (otherwise open by the weekday's hours).
    pub closed_on_holidays: bool,
    /// How long a waitlisted resident has to accept a freed slot.
    pub waitlist_offer_minutes: u32,
}

/// A venue named in another record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueRef {
    pub id: i64,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    /// A path on this site (no outside hosts).
    pub url: String,
    pub alt: Text,
}

/// A venue as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueSummary {
    pub id: i64,
    pub name: Text,
    pub venue_type: VenueType,
    pub community: RegionRef,
    #[serde(default)]
    pub district: Option<RegionRef>,
    pub address: Text,
    pub capacity: u32,
    pub capacity_mode: CapacityMode,
    pub owner_kind: OwnerKind,
    pub owner_name: Text,
    pub features: Vec<Feature>,
    /// The whole venue this one is a part of (court A of a hall).
    #[serde(default)]
    pub parent_id: Option<i64>,
    pub approval_required: bool,
    #[serde(default)]
    pub photo: Option<Photo>,
    /// Start of the earliest free slot in the next 14 days; given by the venue list only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_free: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueList {
    pub items: Vec<VenueSummary>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// Weekly opening hours; `weekday` 1 = Monday … 7 = Sunday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    pub weekday: u8,
    /// `HH:MM`.
    pub opens: String,
    /// `HH:MM`; `24:00` for midnight.
    pub closes: String,
}

/// Other hours on one date, or closed (no hours), with a note residents see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DateException {
    pub date: String,
    #[serde(default)]
    pub opens: Option<String>,
    #[serde(default)]
    pub closes: Option<String>,
    pub note: Text,
}

/// 暂停开放: closed over whole days, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    pub id: i64,
    pub first_day: String,
    pub last_day: String,
    pub reason: Text,
}

/// Everything a resident sees about a venue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueDetail {
    pub venue: VenueSummary,
    pub description: Text,
    pub time_zone: String,
    pub needs_owner_approval: bool,
    pub photos: Vec<Photo>,
    pub hours: Vec<OpeningHours>,
    /// Exceptions from today on.
    pub exceptions: Vec<DateException>,
    /// Closures from today on.
    pub closures: Vec<Closure>,
    pub rules: Rules,
    /// The whole this venue is part of.
    #[serde(default)]
    pub parent: Option<VenueRef>,
    /// The parts of this venue, each bookable alone.
    pub parts: Vec<VenueRef>,
}

wire_enum! {
    /// What a slot of the availability grid is.
    SlotState {
        Free = "free",
        /// Booked (or held) by someone.
        Taken = "taken",
        /// Every place is taken (per-person venues).
        Full = "full",
        /// Blocked by staff (maintenance, an event); `reason` says why.
        Blocked = "blocked",
        /// Kept for a lottery; `lottery_id` names it.
        Lottery = "lottery",
        /// Already started.
        Past = "past",
        /// Outside the advance window; bookable from `bookable_from`.
        NotYetOpen = "not_yet_open",
        /// Too soon: inside the minimum advance.
        TooSoon = "too_soon",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    pub start: String,
    pub end: String,
    pub state: SlotState,
    /// Places left (per-person venues).
    #[serde(default)]
    pub places_left: Option<u32>,
    #[serde(default)]
    pub reason: Option<Text>,
    #[serde(default)]
    pub lottery_id: Option<i64>,
}

/// One date of the availability grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayAvailability {
    pub date: String,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    pub open: bool,
    /// Why the venue is closed that day (暂停开放：原因, a holiday, no hours).
    #[serde(default)]
    pub closed_reason: Option<Text>,
    /// A note for the day (special hours).
    #[serde(default)]
    pub note: Option<Text>,
    /// Name of the public holiday, if the date is one (Chinese and English).
    #[serde(default)]
    pub holiday: Option<Text>,
    /// When this date becomes bookable, if it is not yet.
    #[serde(default)]
    pub bookable_from: Option<String>,
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Availability {
    pub venue_id: i64,
    pub time_zone: String,
    pub days: Vec<DayAvailability>,
}

/// `POST /api/v1/bookings`. An `Idempotency-Key` header makes a retry safe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBooking {
    pub venue_id: i64,
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub party_size: Option<u32>,
    #[serde(default)]
    pub purpose: Option<String>,
    /// Take a short checkout hold first (confirm with `/bookings/{id}/confirm`).
    #[serde(default)]
    pub hold: bool,
}

/// Who booked, for staff: the name and a masked phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booker {
    pub name: String,
    pub phone_masked: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub id: i64,
    pub venue: VenueRef,
    pub kind: BookingKind,
    pub status: BookingStatus,
    pub start: String,
    pub end: String,
    pub party_size: u32,
    pub purpose: String,
    /// 入场码: eight digits shown at the door (the booker and staff only).
    #[serde(default)]
    pub entry_code: Option<String>,
    /// When a hold or waitlist offer lapses.
    #[serde(default)]
    pub hold_until: Option<String>,
    /// The last moment the resident may cancel.
    pub cancel_deadline: String,
    pub can_cancel: bool,
    /// Why it was cancelled or rejected: the words staff or the resident gave, or Linli's own
    /// reason (a venue closure, a declined waitlist place…) in both languages.
    #[serde(default)]
    pub reason: Option<Text>,
    #[serde(default)]
    pub approval_step: Option<ApprovalStep>,
    /// The rules in force when it was made.
    pub rules: Rules,
    pub created_at: String,
    #[serde(default)]
    pub series_id: Option<i64>,
    /// Offered from the waitlist: confirm before `hold_until`.
    pub waitlist_offer: bool,
    #[serde(default)]
    pub checked_in_at: Option<String>,
    /// Staff views only.
    #[serde(default)]
    pub booker: Option<Booker>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingList {
    pub items: Vec<Booking>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CancelBooking {
    #[serde(default)]
    pub reason: Option<String>,
}

/// A weekly pattern for a group, over a date range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecurringRequest {
    pub venue_id: i64,
    pub first_date: String,
    pub last_date: String,
    /// 1 = Monday … 7 = Sunday.
    pub weekdays: Vec<u8>,
    /// `HH:MM`, venue time.
    pub start_time: String,
    pub end_time: String,
    pub group_name: String,
    #[serde(default)]
    pub party_size: Option<u32>,
    #[serde(default)]
    pub purpose: Option<String>,
    /// Only report which dates are free; book nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Staff only: book for this resident (phone number).
    #[serde(default)]
    pub resident_phone: Option<String>,
}

wire_enum! {
    /// What happened to one date of a recurring request.
    DateOutcome {
        /// Free (dry run).
        Free = "free",
        Booked = "booked",
        /// Someone else has it.
        Taken = "taken",
        /// The venue is closed that date.
        Closed = "closed",
        /// A rule refuses it (`code` names the rule).
        Refused = "refused",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecurringDate {
    pub date: String,
    pub outcome: DateOutcome,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub booking_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecurringReport {
    /// The series the booked dates belong to; none for a dry run or when no date was booked.
    #[serde(default)]
    pub series_id: Option<i64>,
    pub dates: Vec<RecurringDate>,
    pub booked: u32,
    pub not_booked: u32,
}

// ---- staff -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PartInput {
    /// Short code of the space, e.g. `A`.
    pub code: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PhotoInput {
    pub url: String,
    #[serde(default)]
    pub alt_zh: String,
    #[serde(default)]
    pub alt_en: Option<String>,
}

/// The form of `POST /api/v1/staff/venues/{id}/photos` (`multipart/form-data`); documents the
/// upload, the server reads the parts directly.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenuePhotoUpload {
    /// The image: JPEG, PNG or WebP, at most 5 MB. Location and camera metadata are removed.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
    pub photo: Vec<u8>,
    /// What the photo shows, in Chinese (at most 200 characters).
    pub alt_zh: Option<String>,
    /// The same in English.
    pub alt_en: Option<String>,
}

/// Creating or editing a venue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VenueInput {
    /// Community code.
    pub community: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: Option<String>,
    pub venue_type: VenueType,
    pub capacity: u32,
    pub owner_kind: OwnerKind,
    pub owner_name_zh: String,
    #[serde(default)]
    pub owner_name_en: Option<String>,
    pub address_zh: String,
    #[serde(default)]
    pub address_en: Option<String>,
    #[serde(default)]
    pub description_zh: String,
    #[serde(default)]
    pub description_en: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub needs_owner_approval: bool,
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub photos: Vec<PhotoInput>,
    /// Creation only: the parts of a divisible venue, each bookable alone.
    #[serde(default)]
    pub parts: Vec<PartInput>,
    /// Creation only (edit rules with `PUT …/rules`); defaults when absent.
    #[serde(default)]
    pub rules: Option<Rules>,
    /// Creation only (edit with `PUT …/hours`); 08:00–22:00 daily when absent.
    #[serde(default)]
    pub hours: Option<Vec<OpeningHours>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Approver {
    pub user_id: i64,
    pub name: String,
    pub step: ApprovalStep,
}

/// A venue with what staff manage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffVenue {
    pub detail: VenueDetail,
    pub active: bool,
    pub approvers: Vec<Approver>,
    /// Staff of the venue's community who may be named approvers.
    pub eligible_approvers: Vec<Approver>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetHours {
    pub hours: Vec<OpeningHours>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetException {
    /// Both absent: closed that day.
    #[serde(default)]
    pub opens: Option<String>,
    #[serde(default)]
    pub closes: Option<String>,
    pub note_zh: String,
    #[serde(default)]
    pub note_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewClosure {
    pub first_day: String,
    pub last_day: String,
    pub reason_zh: String,
    #[serde(default)]
    pub reason_en: Option<String>,
    /// Cancel the bookings in the period (they are told the reason); without it a closure over
    /// bookings is refused with 409 `closure_has_bookings`.
    #[serde(default)]
    pub cancel_bookings: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosureCreated {
    pub closure: Closure,
    pub cancelled_bookings: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetApprovers {
    #[serde(default)]
    pub owner: Vec<i64>,
    #[serde(default)]
    pub community: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    pub code: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Required to reject or cancel.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Staff booking for a resident (by phone) or a block of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffBooking {
    pub venue_id: i64,
    pub start: String,
    pub end: String,
    /// `booking` for a resident (needs `resident_phone`) or `block`.
    pub kind: BookingKind,
    #[serde(default)]
    pub resident_phone: Option<String>,
    #[serde(default)]
    pub party_size: Option<u32>,
    /// The purpose, or the reason of a block (shown to residents).
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayUse {
    pub date: String,
    pub hours_open: f64,
    pub hours_booked: f64,
}

/// Hours booked against hours open, and how often people did not come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UtilisationReport {
    pub venue: VenueRef,
    pub from: String,
    pub to: String,
    pub hours_open: f64,
    pub hours_booked: f64,
    pub hours_blocked: f64,
    /// hours_booked / hours_open (0 when never open).
    pub utilisation: f64,
    pub bookings: u32,
    pub checked_in: u32,
    pub no_shows: u32,
    /// no_shows / (checked_in + completed + no_shows).
    pub no_show_rate: f64,
    pub days: Vec<DayUse>,
}

// ---- fairness ----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JoinWaitlist {
    pub venue_id: i64,
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub party_size: Option<u32>,
}

wire_enum! {
    WaitlistStatus {
        Waiting = "waiting",
        /// A held booking is offered: confirm it before it lapses.
        Offered = "offered",
        Accepted = "accepted",
        Expired = "expired",
        Cancelled = "cancelled",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistEntry {
    pub id: i64,
    pub venue: VenueRef,
    pub start: String,
    pub end: String,
    pub party_size: u32,
    pub status: WaitlistStatus,
    /// 1 = next in line (waiting entries only).
    #[serde(default)]
    pub position: Option<u32>,
    #[serde(default)]
    pub offer_booking_id: Option<i64>,
    #[serde(default)]
    pub offer_expires_at: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistList {
    pub items: Vec<WaitlistEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLottery {
    pub venue_id: i64,
    pub start: String,
    pub end: String,
    /// When requests open (now when absent).
    #[serde(default)]
    pub opens_at: Option<String>,
    /// When requests close and the draw happens; before the slot starts.
    pub closes_at: String,
}

wire_enum! {
    LotteryStatus { Open = "open", Drawn = "drawn", Cancelled = "cancelled" }
}

/// One entry as published: its number and weight, never who it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LotteryEntry {
    pub entry_no: u32,
    pub weight: u32,
    pub party_size: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyLotteryEntry {
    pub entry_no: u32,
    pub weight: u32,
    /// `won` or `lost` once drawn.
    #[serde(default)]
    pub result: Option<String>,
    #[serde(default)]
    pub booking_id: Option<i64>,
}

/// A lottery with everything needed to check its draw: the seed commitment from the start,
/// and after the draw the seed, the entries and the resulting order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lottery {
    pub id: i64,
    pub venue: VenueRef,
    pub start: String,
    pub end: String,
    pub opens_at: String,
    pub closes_at: String,
    pub status: LotteryStatus,
    /// SHA-256 (hex) of the seed, published before any entry.
    pub seed_commitment: String,
    /// The seed (hex), published at the draw.
    #[serde(default)]
    pub seed: Option<String>,
    /// The algorithm, so anyone can re-run the draw.
    pub algorithm: String,
    pub entry_count: u32,
    /// Published at the draw.
    pub entries: Vec<LotteryEntry>,
    /// Entry numbers in drawn order (published at the draw).
    pub order: Vec<u32>,
    pub winners: Vec<u32>,
    #[serde(default)]
    pub my_entry: Option<MyLotteryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LotteryList {
    pub items: Vec<Lottery>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EnterLottery {
    #[serde(default)]
    pub party_size: Option<u32>,
}

wire_enum! {
    StrikeStatus {
        Active = "active",
        /// Appealed; staff have not decided yet.
        Appealed = "appealed",
        /// The appeal was refused.
        Upheld = "upheld",
        /// The appeal succeeded: the strike does not count.
        Overturned = "overturned",
        /// Older than the strike lifetime: no longer counts.
        Expired = "expired",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Strike {
    pub id: i64,
    pub booking_id: i64,
    pub venue: VenueRef,
    pub booking_start: String,
    pub created_at: String,
    pub expires_at: String,
    pub status: StrikeStatus,
    #[serde(default)]
    pub appeal: Option<String>,
    #[serde(default)]
    pub decision_note: Option<String>,
    pub appeal_until: String,
    pub can_appeal: bool,
    /// Staff views only.
    #[serde(default)]
    pub booker: Option<Booker>,
}

/// A resident's no-show record and whether booking is suspended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StrikeRecord {
    pub strikes: Vec<Strike>,
    /// Strikes that count now.
    pub counting: u32,
    /// Strikes within `window_days` that lead to a suspension.
    pub threshold: u32,
    pub window_days: u32,
    pub suspension_days: u32,
    #[serde(default)]
    pub suspended_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAppeal {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealDecision {
    /// True: the strike is struck out. False: it stands.
    pub overturn: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StrikeList {
    pub items: Vec<Strike>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reminder {
    pub id: i64,
    pub booking_id: i64,
    pub venue: VenueRef,
    pub start: String,
    pub remind_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderList {
    pub items: Vec<Reminder>,
}

/// The private calendar feed. The URL is shown only when created or rotated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    pub active: bool,
    #[serde(default)]
    pub created_at: Option<String>,
    /// Path of the feed (append to this site's address); only in the answer that made it.
    #[serde(default)]
    pub path: Option<String>,
}

/// `HH:MM` for minutes after midnight (`24:00` for 1440).
pub fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes after midnight of `HH:MM` (`24:00` allowed).
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_names() {
        for t in VenueType::ALL {
            assert_eq!(VenueType::parse(t.as_str()), Some(*t));
        }
        for s in BookingStatus::ALL {
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(s.as_str().to_owned()))
            );
        }
        assert_eq!(Feature::parse("wings"), None);
    }

    #[test]
    fn times_of_day_parse_strictly() {
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:30"), None);
        assert_eq!(parse_hhmm("8:30"), None);
        assert_eq!(parse_hhmm("08:60"), None);
        assert_eq!(hhmm(1440), "24:00");
        assert_eq!(hhmm(510), "08:30");
    }
}
