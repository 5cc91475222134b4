//! Venue booking (文体设施预约): residents book community, school and government venues; staff
//! run them.
//!
//! - `rules`, `schedule`, `states`, `strikes`, `lottery`, `availability`, `ics`: pure rule code.
//! - `ledger`: booking rows and the database guarantees (no double booking, places, quotas).
//! - `flows`, `waitlist`, `lotteries`, `tasks`: transactions over the ledger.
//! - `lists`: bookings read many at a time; `appeals`, `reminders`, `series`, `feeds`,
//!   `idempotency`: the other rows residents' bookings leave behind.
//! - `store`, `venue`: venues, their rules, hours and closures.
//! - `routes`: the HTTP API; `views`: rows to wire types; `seed`: demo data (benchmark data:
//!   [`crate::scale`]).
pub mod appeals;
pub mod availability;
pub mod cache;
pub mod feeds;
pub mod flows;
pub mod grid;
pub use crate::ics;
pub mod idempotency;
pub mod ledger;
pub mod lists;
pub mod lotteries;
pub mod lottery;
pub mod photos;
pub mod privacy;
pub mod reminders;
mod routes;
pub mod rules;
pub mod schedule;
pub mod seed;
pub mod series;
pub mod states;
pub mod store;
pub mod strikes;
pub mod tasks;
pub mod venue;
pub mod views;
pub mod waitlist;

use app::api::{
    accounts::Role,
    booking::{ApprovalStep, BookingKind},
};
use utoipa_axum::router::OpenApiRouter;

use crate::{AppState, accounts::session::RoleSet, error::messages::Message};

pub fn router() -> OpenApiRouter<AppState> {
    routes::router()
}

/// Staff who run venues day to day: approvals, check-in, calendars, closures, reports,
/// lotteries, bookings on a resident's behalf. Object-level scope: the venue's community.
pub struct VenueStaff;
impl RoleSet for VenueStaff {
    const ROLES: &'static [Role] = &[Role::CommitteeMember, Role::WorkstationStaff, Role::Admin];
}

/// Staff who create and describe venues: workstation staff and administrators.
pub struct VenueEditors;
impl RoleSet for VenueEditors {
    const ROLES: &'static [Role] = &[Role::WorkstationStaff, Role::Admin];
}

/// Staff who decide appeals against no-show strikes (the venue's community).
pub struct AppealDeciders;
impl RoleSet for AppealDeciders {
    const ROLES: &'static [Role] = &[Role::CommitteeMember, Role::WorkstationStaff];
}

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("venue_not_found", "找不到该场馆。", "No such venue."),
    ("booking_not_found", "找不到该预约。", "No such booking."),
    ("slot_taken", "该时段已被预约，请选择其他时段。", "This time has just been booked; choose another slot."),
    ("invalid_time_range", "结束时间必须晚于开始时间。", "The end must be after the start."),
    ("invalid_instant", "时间格式应为带时区的 RFC 3339，例如 2026-11-27T19:00:00+08:00。", "Times are RFC 3339 with an offset, e.g. 2026-11-27T19:00:00+08:00."),
    ("invalid_date_range", "日期范围无效（最多 {days} 天）。", "The date range is not valid (at most {days} days)."),
    ("rule_slot_length", "预约须按 {minutes} 分钟的时段整段预约。", "Bookings run in whole slots of {minutes} minutes."),
    ("rule_min_duration", "每次预约至少 {minutes} 分钟。", "A booking lasts at least {minutes} minutes."),
    ("rule_max_duration", "每次预约最多 {minutes} 分钟。", "A booking lasts at most {minutes} minutes."),
    ("rule_capacity", "人数须在 1 到 {capacity} 之间。", "The party must be between 1 and {capacity} people."),
    ("rule_in_past", "不能预约已经开始的时段。", "This time has already started."),
    ("rule_opening_hours", "所选时段不在开放时间内。", "The time is outside the opening hours."),
    ("venue_closed", "当日不开放：{reason}", "Closed that day: {reason}"),
    ("rule_min_advance", "须至少提前 {days} 天预约。", "Book at least {days} days ahead."),
    ("rule_max_advance", "最多可预约 {days} 天内的时段，每天 {release_time} 开放新的日期；该日期 {bookable_from} 起可约。", "You can book up to {days} days ahead; new dates open daily at {release_time}. This date opens at {bookable_from}."),
    ("rule_quota", "您本周（{week}）在该场馆的预约已达上限。", "You have reached this week's limit ({week}) at this venue."),
    ("rule_cancel_deadline", "已过取消期限（开始前 {minutes} 分钟，即 {deadline}），不能自行取消，请联系场馆工作人员。", "The cancellation deadline ({minutes} minutes before the start, {deadline}) has passed; contact the venue staff."),
    ("invalid_rule", "规则设置无效，请检查该项。", "This rule setting is not valid."),
    ("booking_changed", "该预约刚被其他操作修改，请刷新后重试。", "The booking was just changed by someone else; reload and try again."),
    ("hold_expired", "保留时间已过，该时段已释放，请重新选择。", "The hold has expired and the slot was released; choose again."),
    ("booking_suspended", "因多次未到场，预约资格暂停至 {until}。如有异议可对未到场记录提出申诉。", "Because of repeated no-shows, booking is suspended until {until}. You can appeal the no-show records."),
    ("not_an_approver", "您不是该场馆此环节的审批人。", "You are not an approver of this step for this venue."),
    ("entry_code_not_found", "该场馆没有此入场码的预约。", "No booking at this venue has this entry code."),
    ("already_checked_in", "该预约已签到。", "This booking is already checked in."),
    ("booking_not_confirmed", "该预约尚未确认或已结束（{status}），不能签到。", "This booking is not confirmed ({status}) and cannot be checked in."),
    ("checkin_window", "签到时间为开始前 30 分钟至结束，{opens} 起可签到。", "Check-in opens 30 minutes before the start ({opens}) and closes at the end."),
    ("no_show_too_early", "开始 15 分钟后才能登记未到场。", "A no-show can be recorded 15 minutes after the start."),
    ("block_too_long", "一次占用最长 31 天。", "A block lasts at most 31 days."),
    ("invalid_purpose", "用途最多 200 个字。", "The purpose has at most 200 characters."),
    ("invalid_party_size", "人数无效。", "Not a valid number of people."),
    ("idempotency_key_reused", "该幂等键已用于另一个不同的请求。", "This Idempotency-Key was already used for a different request."),
    ("invalid_idempotency_key", "Idempotency-Key 须为 1 到 200 个可见字符。", "The Idempotency-Key must be 1 to 200 visible characters."),
    ("resident_not_found", "找不到使用该手机号的居民账号。", "No resident account has this phone number."),
    ("invalid_venue_name", "请填写 1 到 80 个字的场馆名称。", "Give the venue a name of 1 to 80 characters."),
    ("invalid_owner_name", "请填写 1 到 80 个字的产权单位名称。", "Give the owner's name (1 to 80 characters)."),
    ("invalid_address", "请填写 1 到 200 个字的地址。", "Give an address of 1 to 200 characters."),
    ("invalid_capacity", "容量须在 1 到 10000 之间。", "The capacity must be between 1 and 10000."),
    ("invalid_time_zone", "时区名称无效（例如 Asia/Shanghai）。", "Not a known time zone (e.g. Asia/Shanghai)."),
    ("invalid_photo_url", "图片须为本站地址（以 / 开头），最多 20 张。", "Photos must be paths on this site (starting with /), at most 20."),
    ("invalid_parts", "分区代码须唯一，1 到 16 个字符，最多 8 个分区；按人数计的场馆不能分区。", "Part codes must be unique, 1 to 16 characters, at most 8 parts; per-person venues cannot be divided."),
    ("invalid_hours", "开放时间须为半点整点、不重叠，星期为 1 到 7。", "Hours must be on the half hour, not overlap, and weekdays are 1 to 7."),
    ("capacity_mode_fixed", "场馆建成后不能更改按场/按人计的方式。", "Whole-venue or per-person capacity cannot change once the venue exists."),
    ("closure_has_bookings", "该时期内有 {count} 个有效预约。若仍要暂停开放，请选择同时取消这些预约（会告知原因）。", "There are {count} live bookings in this period. To close anyway, choose to cancel them (residents are told the reason)."),
    ("exception_not_found", "该日期没有特别安排。", "There is no exception on this date."),
    ("closure_not_found", "找不到该暂停开放记录。", "No such closure."),
    ("approver_not_eligible", "审批人须为该场馆所在社区的居委会委员或工作站人员（学校审批人须为工作站人员）。", "Approvers must be committee members or workstation staff of the venue's community (workstation staff for the school step)."),
    ("already_waiting", "您已在该时段的候补名单中。", "You are already on the waitlist for this time."),
    ("slot_is_free", "该时段现在可以直接预约，无需候补。", "This time is free: book it directly."),
    ("waitlist_entry_not_found", "找不到该候补记录。", "No such waitlist entry."),
    ("lottery_not_found", "找不到该抽签。", "No such lottery."),
    ("lottery_closed", "该抽签现在不接受报名。", "This lottery is not taking entries now."),
    ("already_entered", "您已报名该抽签。", "You have already entered this lottery."),
    ("lottery_entry_not_found", "您没有报名该抽签。", "You have not entered this lottery."),
    ("lottery_drawn", "该抽签已开奖。", "This lottery has already been drawn."),
    ("lottery_still_open", "报名截止后才能开奖。", "The draw happens after entries close."),
    ("invalid_lottery_window", "报名须在截止前开始，且在时段开始前截止。", "Entries must open before they close, and close before the slot starts."),
    ("strike_not_found", "找不到该未到场记录。", "No such no-show record."),
    ("appeal_closed", "该记录已申诉或已过申诉期（14 天）。", "This record has been appealed already or the 14-day appeal period is over."),
    ("invalid_appeal", "请用 1 到 500 个字说明理由。", "Explain in 1 to 500 characters."),
    ("strike_not_appealed", "该记录没有待处理的申诉。", "This record has no appeal waiting for a decision."),
    ("invalid_note", "请用 1 到 200 个字说明处理意见。", "Explain the decision in 1 to 200 characters."),
    ("reminder_not_found", "找不到该提醒。", "No such reminder."),
    ("invalid_weekdays", "请选择星期几（1 到 7）。", "Choose the weekdays (1 to 7)."),
    ("invalid_group_name", "请填写 1 到 60 个字的团队名称。", "Give the group a name of 1 to 60 characters."),
    ("invalid_time_of_day", "时间格式应为 HH:MM。", "Times of day are written HH:MM."),
    ("feed_not_found", "该日历订阅地址无效或已更换。", "This calendar feed address is not valid or has been replaced."),
    ("invalid_feature", "未知的无障碍设施：{feature}。", "Unknown accessibility feature: {feature}."),
    ("invalid_venue_type", "未知的场馆类型。", "Unknown venue type."),
    ("free_on_required", "按时段查找空闲场馆时请同时选择日期。", "Choose a date to search by part of the day."),
    ("photo_missing", "请选择要上传的照片。", "Choose a photo to upload."),
    ("too_many_venue_photos", "每个场馆最多 {max} 张照片。", "A venue can have at most {max} photos."),
    ("invalid_photo_alt", "照片说明最多 {max} 个字。", "A photo description has at most {max} characters."),
    ("venue_photo_not_found", "找不到该照片。", "No such photo."),
];

/// What the audit log says about venues and bookings.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_appeal_overturned", "申诉成立，撤销记录", "Appeal granted: the strike is removed"),
    ("audit_appeal_upheld", "申诉不成立，维持记录", "Appeal refused: the strike stays"),
    // Entries written before each date of a series had its own.
    ("audit_series_booked", "周期预约 #{series}：预约了 {booked} 个日期", "Series #{series}: {booked} dates booked"),
    ("audit_series_date", "周期预约 #{series} 的一个日期", "A date of series #{series}"),
    ("audit_booking_approved", "{step}审批通过", "Approved by the {step}"),
    ("audit_booking_kind", "类型：{kind}", "Kind: {kind}"),
    ("audit_lottery_venue", "场地 #{venue}", "Venue #{venue}"),
    ("audit_venue_parts", "{parts} 个分区", "{parts} parts"),
    // Rows written before the changes were listed keep the rule set as JSON.
    ("audit_venue_rules", "新规则：{rules}", "New rules: {rules}"),
    ("audit_venue_rules_changed", "修改了规则：{changes}", "Changed rules: {changes}"),
    ("audit_venue_hours", "{intervals} 个开放时段", "{intervals} opening intervals"),
    ("audit_venue_closure", "{first} 至 {last} 停用，取消了 {cancelled} 个预约", "Closed {first} to {last}; {cancelled} bookings cancelled"),
    ("audit_venue_closure_removed", "停用时段 #{closure}", "Closure #{closure}"),
    ("audit_venue_photo_added", "照片 {bytes} 字节", "Photo of {bytes} bytes"),
    ("audit_venue_photo_removed", "删除了第 {number} 张照片", "Photo {number} removed"),
    ("audit_venue_approvers", "指定了 {count} 位审批人", "{count} approvers named"),
];

/// An approval step for people (zh, en).
pub fn approval_step_label(step: ApprovalStep) -> (&'static str, &'static str) {
    match step {
        ApprovalStep::Owner => ("场地所属单位", "venue's owner"),
        ApprovalStep::Community => ("社区", "community"),
    }
}

/// A booking's kind for people (zh, en).
pub fn kind_label(kind: BookingKind) -> (&'static str, &'static str) {
    match kind {
        BookingKind::Booking => ("预约", "Booking"),
        BookingKind::Block => ("占用", "Block"),
        BookingKind::Lottery => ("抽签保留", "Lottery"),
    }
}
