//! Community activities (社区活动): classes, sports, talks and outings that community staff
//! organise and residents sign up for (the policy's 组织经常性的社区文艺活动、体育活动…).
//!
//! - `input`: checking what staff write (pure).
//! - `store`: every SQL statement of the domain; `views`: rows to wire types.
//! - `places`: sign-ups, the waitlist and its promotion, check-in, ratings (transactions).
//! - `venue`: an activity held in a Linli venue owns a `block` booking of the booking ledger,
//!   taken when it is published and released when it is cancelled or moved, in the same
//!   transaction, so a court is never booked by a class and a resident at once.
//! - `routes` (public and residents), `staff` (organisers): the HTTP API.
//! - `tasks`: the reminder the day before; `seed`: demo activities.
//!
//! A weekly class is a series: one activity per date sharing `series_id`; each date has its
//! own sign-ups, venue booking and attendance, and can be moved, dropped or cancelled alone.
//! `full` and `finished` are not stored: they are a published activity without places, or
//! after its end.
mod input;
mod organizations;
mod photos;
pub mod places;
pub mod privacy;
mod routes;
pub mod seed;
mod staff;
pub mod store;
pub mod tasks;
mod venue;
mod views;

use app::api::accounts::Role;
use axum::{extract::FromRequestParts, http::request::Parts};
use utoipa_axum::router::OpenApiRouter;

use crate::{
    AppState, Db,
    accounts::{CurrentUser, session::RoleSet},
    error::{ApiError, ApiResult, messages::Message},
};

pub fn router() -> OpenApiRouter<AppState> {
    routes::router()
        .merge(staff::router())
        .merge(organizations::router())
        .merge(photos::router())
}

/// Staff who organise activities and run sign-up and check-in: committee members, workstation
/// staff and administrators, within their region.
pub struct Organizers;
impl RoleSet for Organizers {
    const ROLES: &'static [Role] = &[Role::CommitteeMember, Role::WorkstationStaff, Role::Admin];
}

/// Activity figures of a region for `from..to` (Unix seconds): the interface the committee's
/// periodic opinion report reads.
pub async fn figures(
    db: &crate::Db,
    region_id: i64,
    from: i64,
    to: i64,
    now: i64,
) -> Result<app::api::activities::ActivityFigures, sqlx::Error> {
    let rows = store::attendance(db, region_id, from, to, now).await?;
    let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    let held: Vec<&store::AttendanceRow> =
        rows.iter().filter(|r| r.status != "cancelled").collect();
    let total = |f: fn(&store::AttendanceRow) -> i64| count(held.iter().map(|r| f(r)).sum());
    let (ratings, stars) = held
        .iter()
        .fold((0, 0), |(n, s), r| (n + r.rating_count, s + r.rating_sum));
    Ok(app::api::activities::ActivityFigures {
        held: count(i64::try_from(held.len()).unwrap_or(i64::MAX)),
        cancelled: count(i64::try_from(rows.len() - held.len()).unwrap_or(0)),
        signed_up: total(|r| r.signed_up),
        attended: total(|r| r.attended),
        no_shows: total(|r| r.no_shows),
        rating_average: views::average(stars, ratings),
        rating_count: count(ratings),
    })
}

/// The caller of an organiser's route: staff holding an organising role somewhere, or a
/// member of community organisations (who act only on their organisations' activities). 401
/// without a session, 403 for anyone else, before the body is read.
pub struct Organizer {
    pub user: CurrentUser,
    /// Organisations the caller organises for.
    pub organizations: Vec<i64>,
}

impl FromRequestParts<AppState> for Organizer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user =
            <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        let organizations: Vec<i64> = store::organizations_of(&state.db, user.id)
            .await?
            .into_iter()
            .map(|o| o.0)
            .collect();
        if organizations.is_empty() {
            user.require_any(Organizers::ROLES)?;
        }
        Ok(Self {
            user,
            organizations,
        })
    }
}

impl Organizer {
    /// Whether the caller runs this activity: staff of its region, or a member of the
    /// organisation organising it.
    pub async fn runs(&self, db: &Db, a: &store::ActivityRow) -> ApiResult<bool> {
        if a.organization_id
            .is_some_and(|o| self.organizations.contains(&o))
        {
            return Ok(true);
        }
        self.user.covers(db, Organizers::ROLES, a.region_id).await
    }
}

/// Most dates one series may have (a weekly class for a year).
pub const MAX_SERIES_DATES: usize = 53;

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("activity_not_found", "找不到该活动。", "No such activity."),
    ("invalid_activity_kind", "请选择活动类型。", "Choose the kind of activity."),
    ("invalid_activity_title", "请填写活动名称（不超过 80 字）。", "Give the activity a title (at most 80 characters)."),
    ("invalid_activity_place", "请填写活动地点，或选择场馆。", "Give the place, or choose a venue."),
    ("text_longer_than", "内容太长（最多 {max} 字）。", "The text is too long (at most {max} characters)."),
    ("capacity_below_signups", "已有 {taken} 人报名，名额不能少于此数。", "{taken} places are already taken; the capacity cannot be lower."),
    ("invalid_companions_limit", "每人可带同伴数应在 0 到 10 之间。", "Companions per sign-up must be between 0 and 10."),
    ("activity_in_past", "活动时间已过，请选择将来的时间。", "The time has passed; choose a time in the future."),
    ("activity_too_long", "单次活动不能超过 24 小时。", "One activity cannot last more than 24 hours."),
    ("invalid_signup_window", "报名截止时间应在活动结束之前，且晚于报名开始时间。", "Sign-up must close before the end and after it opens."),
    ("series_too_long", "每周重复最多 {max} 次。", "A weekly series can have at most {max} dates."),
    ("series_dates_only_on_create", "重复设置只能在创建时填写。", "Repetition can only be set when creating."),
    ("venue_not_in_community", "该场馆不属于所选社区。", "This venue is not in the chosen community."),
    ("venue_conflict", "场馆在 {dates} 已被占用，请调整或删除这些日期后再发布。", "The venue is taken on {dates}; move or remove those dates, then publish."),
    ("activity_not_draft", "只有草稿可以删除。", "Only drafts can be deleted."),
    ("activity_not_open", "该活动未在报名中。", "This activity is not open for sign-up."),
    ("signup_not_open", "报名将于 {opens} 开始。", "Sign-up opens at {opens}."),
    ("signup_closed", "报名已截止。", "Sign-up has closed."),
    ("already_signed_up", "您已报名该活动。", "You have already signed up."),
    ("not_signed_up", "您没有报名该活动。", "You have not signed up for this activity."),
    ("too_many_companions", "每人最多可带 {max} 位同伴。", "At most {max} companions per sign-up."),
    ("too_many_places", "一次报名的人数超过了活动名额。", "More people than the activity has places."),
    ("signup_not_found", "找不到该报名。", "No such sign-up."),
    ("checkin_code_unknown", "签到码无效。", "Unknown check-in code."),
    ("checkin_not_confirmed", "只有已确认的报名可以签到。", "Only confirmed sign-ups can check in."),
    ("guest_name_required", "请填写报名人的手机号，或姓名。", "Give the resident's phone number, or a name."),
    ("rating_not_allowed", "参加活动后才能评价。", "You can rate an activity after attending it."),
    ("already_rated", "您已评价过该活动。", "You have already rated this activity."),
    ("invalid_stars", "请选择 1 到 5 星。", "Choose 1 to 5 stars."),
    ("invalid_month", "月份格式应为 YYYY-MM。", "Months are written YYYY-MM."),
    ("organization_required", "请选择您所在的社区组织。", "Choose the organisation you organise for."),
    ("too_many_activity_photos", "每个活动最多 {max} 张照片。", "At most {max} photos per activity."),
    ("activity_photo_not_found", "找不到该照片。", "No such photo."),
    ("member_not_found", "该账号不是此组织的成员。", "This account is not a member of the organisation."),
];

/// What the audit log says about activities and organisations.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_activity_dates", "共 {dates} 个场次", "{dates} dates"),
    ("audit_activity_moved", "时间或地点有变", "Moved to another time or place"),
    ("audit_activity_signup", "报名 #{signup}", "Sign-up #{signup}"),
    ("audit_photo_added", "照片 {bytes} 字节", "Photo of {bytes} bytes"),
    ("audit_photo_removed", "照片文件 {file}", "Photo file {file}"),
];
