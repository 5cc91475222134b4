//! Resident feedback (居民意见): intake, tracking, the staff workflow, statistics and reports.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    Text,
    accounts::{Department, RegionRef},
};

macro_rules! wire_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)* _ => None }
            }
        }
    };
}

wire_enum!(
    /// What the resident wants to say.
    FeedbackKind {
        /// 投诉
        Complaint = "complaint",
        /// 建议
        Suggestion = "suggestion",
        /// 咨询
        Question = "question",
        /// 表扬
        Praise = "praise",
    }
);

wire_enum!(
    /// Who may see the submitter's name.
    Privacy {
        /// The name is shown with the case.
        PublicName = "public_name",
        /// Only the residents' committee sees the name.
        CommitteeOnly = "committee_only",
        /// Nothing identifying is kept: the tracking code is the only way back to the case.
        Anonymous = "anonymous",
    }
);

wire_enum!(
    /// Where a case stands.
    CaseStatus {
        Submitted = "submitted",
        Accepted = "accepted",
        Declined = "declined",
        Assigned = "assigned",
        InProgress = "in_progress",
        Answered = "answered",
        Closed = "closed",
        Merged = "merged",
    }
);

wire_enum!(
    /// The kind of an extra question's answer (the Open311 datatypes).
    Datatype {
        String = "string",
        Number = "number",
        Datetime = "datetime",
        Text = "text",
        Singlevaluelist = "singlevaluelist",
        Multivaluelist = "multivaluelist",
    }
);

impl CaseStatus {
    /// Still waiting for the committee or a department.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Submitted | Self::Accepted | Self::Assigned | Self::InProgress
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionValue {
    pub key: String,
    pub name: Text,
}

/// An extra question of a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    pub code: String,
    pub datatype: Datatype,
    /// False: informational text only, nothing to answer.
    pub variable: bool,
    pub required: bool,
    pub order: i64,
    pub text: Text,
    pub hint: Text,
    #[serde(default)]
    pub values: Vec<QuestionValue>,
}

/// A category of the catalogue, with its department and deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = FeedbackCategory))]
pub struct Category {
    pub code: String,
    pub name: Text,
    pub description: Text,
    /// Code of the directory taxonomy this category belongs to.
    pub group: String,
    pub keywords: Vec<String>,
    pub department: Department,
    /// Working days to accept or decline.
    pub accept_days: i64,
    /// Working days from acceptance to the answer.
    pub answer_days: i64,
    #[serde(default)]
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = FeedbackCategoryList))]
pub struct CategoryList {
    pub items: Vec<Category>,
}

/// A category named by code, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryRef {
    pub code: String,
    pub name: Text,
}

/// An answer to an extra question: one value, or several for a multi-value list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum AnswerValue {
    One(String),
    Many(Vec<String>),
}

/// A new case. Sent as JSON, or as the `case` part of a multipart form with `photo` parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub kind: FeedbackKind,
    /// Category code.
    pub category: String,
    /// Community code.
    pub community: String,
    /// Where, in words: "3 栋楼下垃圾站".
    pub place: String,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lng: Option<f64>,
    pub title: String,
    pub description: String,
    pub privacy: Privacy,
    /// A name for visitors without an account (refused when anonymous).
    #[serde(default)]
    pub contact_name: Option<String>,
    /// A phone number to call back (refused when anonymous).
    #[serde(default)]
    pub contact_phone: Option<String>,
    /// Answers to the category's extra questions, by question code.
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseCreated {
    pub tracking_code: String,
    pub status: CaseStatus,
    /// Last day for the committee to accept or decline (`YYYY-MM-DD`).
    pub accept_due: String,
}

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub at: String,
    /// `submitted`, `accepted`, `declined`, `assigned`, `started`, `answered`, `rated`,
    /// `reopened`, `closed`, `extended`, `merged`, `details` (added by the submitter); staff
    /// also see `note`, `reminded`,
    /// `escalated`, `hidden`, `unhidden`.
    pub kind: String,
    pub status: CaseStatus,
    /// Public reply, reason or note.
    pub text: String,
    pub public: bool,
    /// Who acted (staff see names; residents see the role only).
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub department: Option<Department>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingView {
    pub score: i64,
    #[serde(default)]
    pub comment: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoRef {
    pub position: i64,
    /// Where to fetch it (same origin, authorised).
    pub url: String,
    pub content_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerView {
    pub code: String,
    pub question: Text,
    pub values: Vec<String>,
    /// The names of list values, in the order of `values` (empty for free answers).
    #[serde(default)]
    pub labels: Vec<Text>,
}

/// A case as the submitter and anyone with the tracking code see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCase {
    pub tracking_code: String,
    pub kind: FeedbackKind,
    pub category: CategoryRef,
    pub community: RegionRef,
    pub place: String,
    pub title: String,
    pub description: String,
    pub status: CaseStatus,
    pub privacy: Privacy,
    /// Only when the submitter chose to show it (masked: 李*英).
    #[serde(default)]
    pub submitter_name: Option<String>,
    #[serde(default)]
    pub department: Option<Department>,
    pub created_at: String,
    pub accept_due: String,
    #[serde(default)]
    pub answer_due: Option<String>,
    pub overdue: bool,
    pub support_count: i64,
    pub photos: Vec<PhotoRef>,
    pub answers: Vec<AnswerView>,
    pub timeline: Vec<TimelineEntry>,
    #[serde(default)]
    pub rating: Option<RatingView>,
    /// The caller may rate now (answered, not yet rated, and it is their case).
    pub can_rate: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RatingRequest {
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub score: i64,
    #[serde(default)]
    pub comment: Option<String>,
    /// Explicitly not satisfied: reopens the case whatever the score.
    #[serde(default)]
    pub not_satisfied: bool,
}

/// A case in a list (the resident's own cases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub tracking_code: String,
    pub kind: FeedbackKind,
    pub category: CategoryRef,
    pub title: String,
    pub status: CaseStatus,
    pub created_at: String,
    pub updated_at: String,
    pub needs_rating: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummaryList {
    pub items: Vec<CaseSummary>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// An open case like the one being typed (duplicate hint).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarCase {
    /// Pass to `POST /feedback/support/{id}`.
    pub id: i64,
    pub title: String,
    pub place: String,
    pub status: CaseStatus,
    pub support_count: i64,
    pub created_at: String,
    /// 0–1, how alike the texts are.
    pub score: f64,
}

/// A case in a community's public reports (`GET /feedback/reports`): what neighbours may
/// see before filing the same thing again. Only cases whose submitter did not ask for full
/// anonymity; never a name, a contact or an internal note; long digit runs (phone or ID
/// numbers typed into the text) are masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReport {
    /// Pass to `POST /feedback/support/{id}` to add one's support.
    pub id: i64,
    pub kind: FeedbackKind,
    pub category: CategoryRef,
    pub title: String,
    pub description: String,
    pub place: String,
    pub status: CaseStatus,
    pub support_count: i64,
    pub created_at: String,
    /// The public timeline: replies and status changes.
    pub timeline: Vec<TimelineEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReportList {
    pub community: RegionRef,
    pub items: Vec<PublicReport>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarList {
    pub items: Vec<SimilarCase>,
}

/// `POST /feedback/{tracking_code}/details`: more details from the submitter, while the case
/// is open (a public entry in its timeline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddDetails {
    /// 1 to 1000 characters.
    pub text: String,
}

/// Why a resident flags public content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    Abusive,
    PersonalData,
    Spam,
    Other,
}

/// `POST /feedback/flags/{id}` (a public report's id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlagRequest {
    pub reason: FlagReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlagResult {
    /// False when this account had already flagged the case.
    pub added: bool,
    /// True when this flag hid the case from the public pending staff review.
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportResult {
    pub support_count: i64,
    /// False when this person had already supported the case.
    pub added: bool,
}

// ---- staff ----

/// A case in the staff inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffCaseSummary {
    pub id: i64,
    pub tracking_code: String,
    pub kind: FeedbackKind,
    pub category: CategoryRef,
    pub community: RegionRef,
    pub title: String,
    pub status: CaseStatus,
    pub created_at: String,
    /// The deadline running now.
    #[serde(default)]
    pub due_date: Option<String>,
    pub overdue: bool,
    /// 0 community, 1 subdistrict, 2 district.
    pub escalation_level: i64,
    #[serde(default)]
    pub department: Option<Department>,
    pub support_count: i64,
    pub hidden: bool,
    #[serde(default)]
    pub rating: Option<i64>,
    /// Waiting in the triage queue: filed in a district (`community` is the district) until
    /// staff place it in a community.
    #[serde(default)]
    pub needs_placement: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffCaseList {
    pub items: Vec<StaffCaseSummary>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// The submitter's contact details as this staff member may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SubmitterContact))]
pub struct Contact {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// True when shown in full (the assigned handler; the view is audit-logged).
    pub unmasked: bool,
    /// True when the submitter's choice hides the identity from this viewer.
    pub withheld: bool,
    /// True when a family member filed the case on the submitter's behalf (子女代办).
    #[serde(default)]
    pub filed_by_family: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
}

/// A case as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffCase {
    pub id: i64,
    #[serde(flatten)]
    pub case: PublicCase,
    pub channel: String,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lng: Option<f64>,
    pub contact: Contact,
    #[serde(default)]
    pub assignee: Option<PersonRef>,
    #[serde(default)]
    pub due_date: Option<String>,
    pub escalation_level: i64,
    pub hidden: bool,
    /// Why it is hidden: the words staff gave, or residents' flags in both languages.
    #[serde(default)]
    pub hidden_reason: Option<Text>,
    /// Id of the case this one was merged into.
    #[serde(default)]
    pub merged_into: Option<i64>,
    /// Ids of the cases merged into this one.
    pub merged: Vec<i64>,
    pub reopen_count: i64,
    /// Actions this staff member may take now.
    pub actions: Vec<String>,
    /// Waiting in the triage queue (see [`StaffCaseSummary::needs_placement`]).
    #[serde(default)]
    pub needs_placement: bool,
}

/// `POST /api/v1/staff/feedback/{id}/place`: puts a request from the triage queue into a
/// community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlaceCase {
    /// The community's code.
    pub community: String,
}

/// A workflow action. `action` names it; the other fields depend on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseAction {
    /// 受理.
    Accept {
        #[serde(default)]
        reply: Option<String>,
    },
    /// Not taken up; the reason is shown to the resident.
    Decline {
        reason: String,
    },
    /// 转办 to a department (default: the category's) and/or a person.
    Assign {
        #[serde(default)]
        department: Option<String>,
        #[serde(default)]
        assignee_id: Option<i64>,
        #[serde(default)]
        note: Option<String>,
    },
    /// Work has started.
    Start {
        #[serde(default)]
        reply: Option<String>,
    },
    /// 办结 with a public reply.
    Answer {
        reply: String,
    },
    /// Internal note, never shown outside staff.
    Note {
        text: String,
    },
    /// Moves the running deadline by working days; the reason is public.
    Extend {
        days: i64,
        reason: String,
    },
    /// 催办: notifies whoever holds the case.
    Remind {
        #[serde(default)]
        text: Option<String>,
    },
    /// Marks this case a duplicate of another open case of the same community.
    Merge {
        into: i64,
    },
    /// Hides abusive content from the public (kept for staff).
    Hide {
        reason: String,
    },
    Unhide,
}

/// A reply template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyTemplate {
    pub id: i64,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub category: Option<String>,
    pub region: RegionRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyTemplateList {
    pub items: Vec<ReplyTemplate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewReplyTemplate {
    pub title: String,
    pub body: String,
    /// Region code the template is for (inside the caller's scope).
    pub region: String,
    #[serde(default)]
    pub category: Option<String>,
}

// ---- statistics and reports ----

/// A count under a key, with a label for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Count {
    pub key: String,
    pub label: Text,
    pub count: i64,
}

/// Cases submitted in a period (week `2026-W48` or month `2026-11`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    pub period: String,
    pub submitted: i64,
    pub answered: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackStats {
    pub from: String,
    pub to: String,
    pub region: RegionRef,
    pub total: i64,
    pub open: i64,
    pub overdue: i64,
    pub by_kind: Vec<Count>,
    pub by_category: Vec<Count>,
    pub by_community: Vec<Count>,
    pub by_status: Vec<Count>,
    /// Share of accepted/declined cases that were handled by the acceptance deadline.
    #[serde(default)]
    pub accept_on_time_rate: Option<f64>,
    /// Share of answered cases answered by the answer deadline.
    #[serde(default)]
    pub answer_on_time_rate: Option<f64>,
    /// Median hours from submission to the first response (accept or decline).
    #[serde(default)]
    pub median_response_hours: Option<f64>,
    pub rated: i64,
    #[serde(default)]
    pub average_rating: Option<f64>,
    /// Share of ratings of 4 or 5.
    #[serde(default)]
    pub satisfied_rate: Option<f64>,
    pub weekly: Vec<TrendPoint>,
    pub monthly: Vec<TrendPoint>,
}

/// How each responsible department and handler keeps the deadlines, for the cases submitted in
/// a period in a region (within the caller's scope).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accountability {
    pub from: String,
    pub to: String,
    pub region: RegionRef,
    /// One row per department and handler, the most overdue first.
    pub rows: Vec<AccountabilityRow>,
    /// Open cases past their deadline, the longest overdue first (at most 50).
    pub overdue: Vec<OverdueCase>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountabilityRow {
    /// None: not routed to a department (the residents' committee handles it).
    #[serde(default)]
    pub department: Option<Responsible>,
    /// The handler's name; None: nobody named yet.
    #[serde(default)]
    pub handler: Option<String>,
    pub cases: i64,
    pub open: i64,
    pub overdue: i64,
    #[serde(default)]
    pub accept_on_time_rate: Option<f64>,
    #[serde(default)]
    pub answer_on_time_rate: Option<f64>,
    pub open_by_age: OpenByAge,
}

/// A department named by code and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Responsible {
    pub code: String,
    pub name: Text,
}

/// Open cases by days since submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenByAge {
    pub up_to_3_days: i64,
    pub up_to_7_days: i64,
    pub up_to_30_days: i64,
    pub older: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverdueCase {
    pub id: i64,
    pub title: String,
    pub community: Text,
    #[serde(default)]
    pub department: Option<Responsible>,
    #[serde(default)]
    pub handler: Option<String>,
    pub status: CaseStatus,
    pub due_date: String,
    pub days_overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopIssue {
    pub category: CategoryRef,
    pub count: i64,
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotableCase {
    pub id: i64,
    pub title: String,
    pub community: String,
    pub status: CaseStatus,
    /// `most_supported`, `overdue`, `low_rating`, `praise`.
    pub reason: String,
    pub support_count: i64,
    #[serde(default)]
    pub rating: Option<i64>,
}

/// The periodic opinion report (定期听取居民意见) of a community or district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpinionReport {
    /// `2026-11` or `2026-Q4`.
    pub period: String,
    pub stats: FeedbackStats,
    pub top_issues: Vec<TopIssue>,
    pub notable: Vec<NotableCase>,
    /// Community activities of the same region and period.
    #[serde(default)]
    pub activities: super::activities::ActivityFigures,
    /// Volunteer service of the same region and period.
    #[serde(default)]
    pub volunteers: super::volunteers::VolunteerFigures,
    pub generated_at: String,
}
