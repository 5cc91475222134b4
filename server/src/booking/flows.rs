//! What happens to bookings, one transaction each: make, confirm, cancel, approve, reject,
//! check in, no-show. A staff member's decision writes its audit entry in that transaction.
//! Rules are checked first (pure, for a clear 422); the ledger's writes then decide,
//! atomically, whether the slot and the quota are still there.
use app::api::{
    Text,
    booking::{ApprovalStep, BookingKind, BookingStatus, Rules},
};
use sqlx::AnyConnection;

use super::{
    ledger::{self, BookingRow, Change, NewRow, Take},
    rules::{self, Request, Waivers},
    states::{self, Action},
    strikes,
    venue::Venue,
};
use crate::{
    Db,
    accounts::CurrentUser,
    audit,
    error::{ApiError, ApiResult, Problem},
    notifications::{self, Channels, Notice},
    phrase::Phrase,
};

/// A booking to make.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    pub venue: &'a Venue,
    pub user_id: Option<i64>,
    pub kind: BookingKind,
    pub start: i64,
    pub end: i64,
    pub party_size: u32,
    pub purpose: String,
    pub status: BookingStatus,
    pub hold_until: Option<i64>,
    /// Count against the resident's weekly quota.
    pub count_quota: bool,
    /// Keep the slot even while pending (recurring requests, whatever the rule says).
    pub force_hold: bool,
    pub created_by: Option<i64>,
    pub series_id: Option<i64>,
    pub lottery_id: Option<i64>,
    pub waitlist_offer: bool,
}

/// The status a resident's new booking starts in.
pub fn initial_status(venue: &Venue, hold: bool, now: i64) -> (BookingStatus, Option<i64>) {
    if hold {
        (
            BookingStatus::Held,
            Some(now + i64::from(venue.rules.hold_minutes) * 60),
        )
    } else if venue.approval_required() {
        (BookingStatus::Pending, None)
    } else {
        (BookingStatus::Confirmed, None)
    }
}

/// Checks a request against the venue's rules and the plan of its date.
pub async fn check_rules(
    db: &Db,
    venue: &Venue,
    req: Request,
    waivers: Waivers,
    now: i64,
) -> ApiResult<()> {
    let date = rules::zoned(req.start, &venue.tz).date();
    let plan = venue.plan(db, date).await?;
    rules::check(&venue.rules, &plan, req, now, &venue.tz, waivers).map_err(ApiError::Invalid)
}

/// Checks that a block is on the grid and not over.
pub fn check_block(req: Request, now: i64) -> ApiResult<()> {
    if req.end <= req.start {
        return Err(ApiError::invalid("invalid_time_range", "end"));
    }
    if req.start % rules::GRAIN_SECONDS != 0 || req.end % rules::GRAIN_SECONDS != 0 {
        return Err(ApiError::Invalid(
            Problem::new("rule_slot_length")
                .field("start")
                .param("minutes", 30),
        ));
    }
    if req.end <= now {
        return Err(ApiError::invalid("rule_in_past", "end"));
    }
    if req.end - req.start > 31 * 86_400 {
        return Err(ApiError::invalid("block_too_long", "end"));
    }
    Ok(())
}

/// The strikes of a resident, for suspension and lottery weights.
pub async fn strike_facts(db: &Db, user_id: i64) -> ApiResult<Vec<strikes::StrikeFact>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT created_at, status FROM booking_strikes WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(created_at, status)| strikes::StrikeFact {
            created_at,
            overturned: status == "overturned",
        })
        .collect())
}

/// 403 `booking_suspended` (with the end date) while a suspension runs.
pub async fn check_not_suspended(db: &Db, user_id: i64, now: i64) -> ApiResult<()> {
    if let Some(until) = strikes::suspended_until(&strike_facts(db, user_id).await?, now) {
        return Err(ApiError::Forbidden(
            Problem::new("booking_suspended").param("until", crate::time::rfc3339(until)),
        ));
    }
    Ok(())
}

/// Inserts a booking and takes what it needs, inside the caller's transaction.
pub async fn insert_in_tx(conn: &mut AnyConnection, spec: &Spec<'_>, now: i64) -> ApiResult<i64> {
    let rules = &spec.venue.rules;
    let rules_json =
        serde_json::to_string(rules).map_err(|e| ApiError::Internal(format!("rules json: {e}")))?;
    let id = ledger::insert(
        conn,
        &NewRow {
            venue_id: spec.venue.id(),
            user_id: spec.user_id,
            kind: spec.kind,
            status: spec.status,
            start: spec.start,
            end: spec.end,
            party_size: spec.party_size,
            purpose: spec.purpose.clone(),
            rules_json,
            hold_until: spec.hold_until,
            series_id: spec.series_id,
            lottery_id: spec.lottery_id,
            waitlist_offer: spec.waitlist_offer,
            created_by: spec.created_by,
            reason: None,
        },
        now,
    )
    .await?;
    let req = Request {
        start: spec.start,
        end: spec.end,
        party_size: spec.party_size,
    };
    if spec.count_quota
        && let Some(user) = spec.user_id
        && let Some((week, units, limit)) = rules::quota(rules, req, &spec.venue.tz)
    {
        ledger::take_quota(conn, spec.venue.id(), user, &week, units, limit).await?;
        ledger::set_quota(conn, id, &week, units).await?;
    }
    if spec.force_hold || states::keeps_slot(spec.status, rules.pending_holds_slot) {
        let places = if spec.kind == BookingKind::Booking {
            i64::from(spec.party_size)
        } else {
            i64::from(rules.capacity)
        };
        ledger::take_slot(
            conn,
            &Take {
                booking_id: id,
                venue_id: spec.venue.id(),
                spaces: &spec.venue.spaces,
                rules,
                start: spec.start,
                end: spec.end,
                places,
            },
        )
        .await?;
    }
    if spec.status == BookingStatus::Confirmed
        && spec.kind == BookingKind::Booking
        && let Some(user) = spec.user_id
    {
        ledger::add_reminder(conn, id, user, spec.start, now).await?;
    }
    Ok(id)
}

/// Makes a booking in its own transaction.
pub async fn create(db: &Db, spec: &Spec<'_>, now: i64) -> ApiResult<i64> {
    let mut tx = db.begin_write().await?;
    let id = insert_in_tx(&mut tx, spec, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Loads a booking; 404 unless `visible` says the caller may see it.
pub async fn load(db: &Db, id: i64) -> ApiResult<BookingRow> {
    ledger::booking(db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("booking_not_found"))
}

/// A resident's own booking; another resident's booking answers 404.
pub async fn load_own(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<BookingRow> {
    let b = load(db, id).await?;
    if b.user_id != Some(user.id) || b.kind() != BookingKind::Booking {
        return Err(ApiError::not_found("booking_not_found"));
    }
    Ok(b)
}

/// A booking of a venue within the caller's staff scope.
pub async fn load_in_scope(
    db: &Db,
    user: &CurrentUser,
    roles: &[app::api::accounts::Role],
    id: i64,
) -> ApiResult<BookingRow> {
    let b = load(db, id).await?;
    if !user.covers(db, roles, b.region_id).await? {
        return Err(ApiError::not_found("booking_not_found"));
    }
    Ok(b)
}

fn transition(b: &BookingRow, action: Action) -> ApiResult<BookingStatus> {
    states::next(b.status(), action).map_err(ApiError::Conflict)
}

/// Whether the venue of a booking needs approval, by its frozen rules.
fn approval_required(b: &BookingRow, rules: &Rules) -> bool {
    rules.approval_required || b.needs_owner_approval == 1
}

/// The resident confirms a hold (or accepts a waitlist offer).
pub async fn confirm(db: &Db, b: &BookingRow, now: i64) -> ApiResult<()> {
    if b.status() == BookingStatus::Expired
        || (b.status() == BookingStatus::Held && b.hold_until.is_some_and(|h| h < now))
    {
        return Err(ApiError::conflict("hold_expired"));
    }
    let rules = b.frozen_rules()?;
    let to = transition(
        b,
        Action::Confirm {
            approval_required: approval_required(b, &rules),
        },
    )?;
    let mut tx = db.begin_write().await?;
    ledger::set_status(
        &mut tx,
        b.id,
        BookingStatus::Held,
        to,
        &Change::default(),
        now,
    )
    .await?;
    if !states::keeps_slot(to, rules.pending_holds_slot) {
        ledger::release(&mut tx, b, false).await?;
    }
    if to == BookingStatus::Confirmed
        && let Some(user) = b.user_id
    {
        ledger::add_reminder(&mut tx, b.id, user, b.starts_at, now).await?;
    }
    if b.waitlist_offer == 1 {
        sqlx::query("UPDATE waitlist_entries SET status = 'accepted', updated_at = $2 WHERE offer_booking_id = $1")
            .bind(b.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Who cancels a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The resident, held to the frozen cancellation deadline of a confirmed booking.
    Resident,
    /// Linli on the resident's behalf (a declined waitlist place, a deleted account): no
    /// deadline, and the resident is told.
    Linli,
    /// A staff member: no deadline, the resident is told, and the audit log records who.
    Staff(i64),
}

/// Cancels a booking in its own transaction, then offers the freed slot to the waitlist.
pub async fn cancel(db: &Db, b: &BookingRow, reason: Text, by: By, now: i64) -> ApiResult<()> {
    if by == By::Resident && b.status() == BookingStatus::Confirmed {
        rules::check_cancel(&b.frozen_rules()?, b.starts_at, now, &b.tz())
            .map_err(ApiError::Invalid)?;
    }
    let mut tx = db.begin_write().await?;
    cancel_in(&mut tx, b, &reason, by, now).await?;
    audit::commit(tx, cancelled(b, by), now).await?;
    super::waitlist::offer_freed(db, b.venue_id, b.starts_at, b.ends_at, now).await;
    Ok(())
}

/// The audit entry of a cancellation, if staff made it.
pub fn cancelled(b: &BookingRow, by: By) -> Option<audit::Event<'static>> {
    match by {
        By::Staff(actor) => Some(audit::Event::on(actor, "booking.cancel", b)),
        By::Resident | By::Linli => None,
    }
}

/// Cancels a booking in the caller's transaction (no deadline checked): the status with its
/// reason, the slot and quota given back, the resident told unless they cancelled themselves.
pub async fn cancel_in(
    conn: &mut AnyConnection,
    b: &BookingRow,
    reason: &Text,
    by: By,
    now: i64,
) -> ApiResult<()> {
    let from = b.status();
    let to = transition(b, Action::Cancel)?;
    ledger::set_status(conn, b.id, from, to, &Change::because(reason.clone()), now).await?;
    ledger::release(conn, b, true).await?;
    if by != By::Resident {
        tell_booker(conn, b, Decided::Cancelled(reason), now).await?;
    }
    if b.waitlist_offer == 1 {
        sqlx::query("UPDATE waitlist_entries SET status = 'cancelled', updated_at = $2 WHERE offer_booking_id = $1")
            .bind(b.id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// What staff (or the waitlist) decided about a resident's booking.
#[derive(Debug, Clone, Copy)]
pub(super) enum Decided<'a> {
    Reminder,
    /// A freed slot held for the resident until the given instant.
    WaitlistOffer(i64),
    /// A no-show strike was recorded for the booking.
    Strike,
    /// Staff decided the resident's appeal of that strike: overturned or not, with a note.
    Appeal(bool, &'a str),
    Confirmed,
    Rejected(&'a str),
    Cancelled(&'a Text),
}

/// Tells the resident behind a booking (in-app, and by SMS since the decision changes their
/// plans) what staff decided, on the transaction that records the decision.
pub(super) async fn tell_booker(
    conn: &mut AnyConnection,
    b: &BookingRow,
    decided: Decided<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(user_id) = b.user_id else {
        return Ok(());
    };
    if b.kind() != BookingKind::Booking {
        return Ok(());
    }
    let when = crate::time::local(b.starts_at, &b.tz(), "%m-%d %H:%M");
    let venue_en = b.venue_en.clone().unwrap_or_else(|| b.venue_zh.clone());
    let (kind, title, body) = match decided {
        Decided::WaitlistOffer(hold_until) => {
            let until = crate::time::local(hold_until, &b.tz(), "%H:%M");
            (
                "booking.waitlist_offer",
                Text::new(
                    format!("候补成功：请在 {until} 前确认"),
                    Some(format!("Your waitlisted slot is free: confirm by {until}")),
                ),
                Text::new(
                    format!(
                        "{} {when} 有空位了，已为您保留到 {until}。打开后点“确认保留的时段”即可；逾期将让给下一位。",
                        b.venue_zh
                    ),
                    Some(format!(
                        "{venue_en}, {when} is free and held for you until {until}. Open it and choose “Confirm the held time”; after that it goes to the next person."
                    )),
                ),
            )
        }
        Decided::Strike => (
            "booking.strike",
            Text::new("记录爽约一次", Some("No-show recorded".into())),
            Text::new(
                format!(
                    "{} {when} 未签到，记爽约一次，{} 天后失效。如有特殊情况，可在 {} 天内申诉。",
                    b.venue_zh,
                    super::strikes::LIFETIME_DAYS,
                    super::strikes::APPEAL_DAYS
                ),
                Some(format!(
                    "{venue_en}, {when}: no check-in, so a no-show was recorded; it lapses after {} days. You can appeal within {} days.",
                    super::strikes::LIFETIME_DAYS,
                    super::strikes::APPEAL_DAYS
                )),
            ),
        ),
        Decided::Appeal(overturned, note) => {
            let (zh, en) = if overturned {
                (
                    "申诉成功，这次爽约记录已撤销",
                    "Appeal accepted: the no-show is withdrawn",
                )
            } else {
                (
                    "申诉未通过，爽约记录保留",
                    "Appeal not accepted: the no-show stands",
                )
            };
            (
                if overturned {
                    "booking.appeal_overturned"
                } else {
                    "booking.appeal_upheld"
                },
                Text::new(zh, Some(en.into())),
                Text::new(
                    format!("{} {when}。说明：{note}", b.venue_zh),
                    Some(format!("{venue_en}, {when}. Note: {note}")),
                ),
            )
        }
        Decided::Reminder => (
            "booking.reminder",
            Text::new("场馆预约提醒", Some("Venue booking reminder".into())),
            Text::new(
                format!(
                    "{} {when}。请凭“我的预约”中的入场码入场；不能前往请提前取消。",
                    b.venue_zh
                ),
                Some(format!(
                    "{venue_en}, {when}. Show the entry code from My bookings at the door; if you cannot come, please cancel in time."
                )),
            ),
        ),
        Decided::Confirmed => (
            "booking.confirmed",
            Text::new(
                "场馆预约已通过",
                Some("Your venue booking is confirmed".into()),
            ),
            Text::new(
                format!("{} {when}，凭入场码入场。", b.venue_zh),
                Some(format!(
                    "{venue_en}, {when}. Show your entry code at the door."
                )),
            ),
        ),
        Decided::Rejected(reason) => (
            "booking.rejected",
            Text::new(
                "场馆预约未通过",
                Some("Your venue booking was not approved".into()),
            ),
            Text::new(
                format!("{} {when}。原因：{reason}", b.venue_zh),
                Some(format!("{venue_en}, {when}. Reason: {reason}")),
            ),
        ),
        Decided::Cancelled(reason) => (
            "booking.cancelled_by_staff",
            Text::new(
                "场馆预约已被取消",
                Some("Your venue booking was cancelled".into()),
            ),
            Text::new(
                format!("{} {when}。原因：{}", b.venue_zh, reason.zh),
                Some(format!("{venue_en}, {when}. Reason: {}", reason.en_or_zh())),
            ),
        ),
    };
    notifications::notify(
        conn,
        &Notice {
            user_id,
            kind,
            title,
            body,
            link: Some(match decided {
                Decided::Strike | Decided::Appeal(..) => "/me/strikes".to_owned(),
                _ => format!("/bookings/{}", b.id),
            }),
            channels: Channels::SMS,
        },
        now,
    )
    .await
}

/// Sends one reminder if nobody sent it yet; `false` when it was already sent or is no longer
/// due (the booking changed meanwhile).
pub async fn send_reminder(db: &Db, reminder_id: i64, now: i64) -> ApiResult<bool> {
    let booking_id: Option<i64> =
        sqlx::query_scalar("SELECT booking_id FROM booking_reminders WHERE id = $1")
            .bind(reminder_id)
            .fetch_optional(db.pool())
            .await?;
    let Some(b) = (match booking_id {
        Some(id) => ledger::booking(db.pool(), id).await?,
        None => None,
    }) else {
        return Ok(false);
    };
    if b.status() != BookingStatus::Confirmed || b.starts_at <= now {
        return Ok(false);
    }
    let mut tx = db.begin_write().await?;
    let claimed =
        sqlx::query("UPDATE booking_reminders SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL")
            .bind(reminder_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
    if claimed {
        tell_booker(&mut tx, &b, Decided::Reminder, now).await?;
    }
    tx.commit().await?;
    Ok(claimed)
}

/// Which approval a pending booking waits for.
pub fn approval_step(b: &BookingRow) -> Option<ApprovalStep> {
    if b.status() != BookingStatus::Pending {
        None
    } else if b.needs_owner_approval == 1 && b.owner_approved_at.is_none() {
        Some(ApprovalStep::Owner)
    } else {
        Some(ApprovalStep::Community)
    }
}

/// Whether the user may decide this step for the venue: a named approver of the step, or —
/// when nobody is named for it — any community staff covering the venue (workstation staff
/// only for the owner step, acting for the school).
pub async fn may_decide(
    db: &Db,
    user: &CurrentUser,
    venue_id: i64,
    region_id: i64,
    step: ApprovalStep,
) -> ApiResult<bool> {
    use app::api::accounts::Role;
    let roles: &[Role] = match step {
        ApprovalStep::Owner => &[Role::WorkstationStaff],
        ApprovalStep::Community => &[Role::CommitteeMember, Role::WorkstationStaff],
    };
    if !user.covers(db, roles, region_id).await? {
        return Ok(false);
    }
    let named: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM venue_approvers WHERE venue_id = $1 AND step = $2")
            .bind(venue_id)
            .bind(step.as_str())
            .fetch_all(db.pool())
            .await?;
    Ok(named.is_empty() || named.contains(&user.id))
}

/// Approves the step a pending booking waits for.
pub async fn approve(
    db: &Db,
    user: &CurrentUser,
    b: &BookingRow,
    now: i64,
) -> ApiResult<ApprovalStep> {
    let step = approval_step(b).ok_or_else(|| {
        ApiError::Conflict(
            Problem::new("invalid_transition")
                .param("status", b.status().as_str())
                .param("action", "approve"),
        )
    })?;
    if !may_decide(db, user, b.venue_id, b.region_id, step).await? {
        return Err(ApiError::forbidden("not_an_approver"));
    }
    let mut tx = db.begin_write().await?;
    match step {
        ApprovalStep::Owner => {
            transition(b, Action::OwnerApprove)?;
            ledger::set_status(
                &mut tx,
                b.id,
                BookingStatus::Pending,
                BookingStatus::Pending,
                &Change {
                    owner_approved_by: Some(user.id),
                    ..Change::default()
                },
                now,
            )
            .await?;
        }
        ApprovalStep::Community => {
            let to = transition(b, Action::Approve)?;
            ledger::set_status(
                &mut tx,
                b.id,
                BookingStatus::Pending,
                to,
                &Change {
                    decided_by: Some(user.id),
                    ..Change::default()
                },
                now,
            )
            .await?;
            if b.holds_slot == 0 {
                let rules = b.frozen_rules()?;
                let spaces = super::store::space_ids(&mut *tx, b.venue_id).await?;
                ledger::take_slot(
                    &mut tx,
                    &Take {
                        booking_id: b.id,
                        venue_id: b.venue_id,
                        spaces: &spaces,
                        rules: &rules,
                        start: b.starts_at,
                        end: b.ends_at,
                        places: b.party(),
                    },
                )
                .await?;
            }
            if let Some(owner) = b.user_id {
                ledger::add_reminder(&mut tx, b.id, owner, b.starts_at, now).await?;
            }
            tell_booker(&mut tx, b, Decided::Confirmed, now).await?;
        }
    }
    let (zh, en) = super::approval_step_label(step);
    let approved = audit::Event::on(user.id, "booking.approve", b)
        .saying(Phrase::new("audit_booking_approved").words("step", "step_en", zh, en));
    audit::commit(tx, [approved], now).await?;
    Ok(step)
}

/// Rejects a pending booking with a reason.
pub async fn reject(
    db: &Db,
    user: &CurrentUser,
    b: &BookingRow,
    reason: String,
    now: i64,
) -> ApiResult<()> {
    let step = approval_step(b).ok_or_else(|| {
        ApiError::Conflict(
            Problem::new("invalid_transition")
                .param("status", b.status().as_str())
                .param("action", "reject"),
        )
    })?;
    if !may_decide(db, user, b.venue_id, b.region_id, step).await? {
        return Err(ApiError::forbidden("not_an_approver"));
    }
    let to = transition(b, Action::Reject)?;
    let told = reason.clone();
    let mut tx = db.begin_write().await?;
    ledger::set_status(
        &mut tx,
        b.id,
        BookingStatus::Pending,
        to,
        &Change {
            reason: Some(reason),
            decided_by: Some(user.id),
            ..Change::default()
        },
        now,
    )
    .await?;
    ledger::release(&mut tx, b, true).await?;
    tell_booker(&mut tx, b, Decided::Rejected(&told), now).await?;
    audit::commit(tx, [audit::Event::on(user.id, "booking.reject", b)], now).await?;
    super::waitlist::offer_freed(db, b.venue_id, b.starts_at, b.ends_at, now).await;
    Ok(())
}

/// Check-in opens this long before the start.
pub const CHECKIN_EARLY: i64 = 30 * 60;
/// A no-show may be recorded this long after the start.
pub const NO_SHOW_GRACE: i64 = 15 * 60;

/// Checks in the booking with this entry code at this venue.
pub async fn check_in(
    db: &Db,
    user: &CurrentUser,
    venue_id: i64,
    code: &str,
    now: i64,
) -> ApiResult<i64> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM bookings WHERE venue_id = $1 AND entry_code = $2")
            .bind(venue_id)
            .bind(code)
            .fetch_optional(db.pool())
            .await?;
    let b = load(
        db,
        id.ok_or_else(|| ApiError::NotFound(Problem::new("entry_code_not_found").field("code")))?,
    )
    .await?;
    match b.status() {
        BookingStatus::Confirmed => {}
        BookingStatus::CheckedIn => return Err(ApiError::conflict("already_checked_in")),
        other => {
            return Err(ApiError::Conflict(
                Problem::new("booking_not_confirmed").param("status", other.as_str()),
            ));
        }
    }
    if now < b.starts_at - CHECKIN_EARLY || now >= b.ends_at {
        return Err(ApiError::Conflict(Problem::new("checkin_window").param(
            "opens",
            crate::time::rfc3339_in(b.starts_at - CHECKIN_EARLY, &b.tz()),
        )));
    }
    let to = transition(&b, Action::CheckIn)?;
    let mut tx = db.begin_write().await?;
    ledger::set_status(
        &mut tx,
        b.id,
        BookingStatus::Confirmed,
        to,
        &Change {
            checked_in_by: Some(user.id),
            ..Change::default()
        },
        now,
    )
    .await?;
    audit::commit(tx, [audit::Event::on(user.id, "booking.check_in", &b)], now).await?;
    Ok(b.id)
}

/// Records a no-show (after the grace period) and the strike that comes with it; `by` the
/// staff member who recorded it (audited), or `None` for the periodic sweep.
pub async fn no_show(db: &Db, by: Option<i64>, b: &BookingRow, now: i64) -> ApiResult<()> {
    let to = transition(b, Action::NoShow)?;
    if now < b.starts_at + NO_SHOW_GRACE {
        return Err(ApiError::conflict("no_show_too_early"));
    }
    let mut tx = db.begin_write().await?;
    ledger::set_status(
        &mut tx,
        b.id,
        BookingStatus::Confirmed,
        to,
        &Change {
            decided_by: by,
            ..Change::default()
        },
        now,
    )
    .await?;
    if let Some(user) = b.user_id
        && b.kind() == BookingKind::Booking
        && ledger::add_strike(&mut tx, user, b.id, now).await?
    {
        tell_booker(&mut tx, b, Decided::Strike, now).await?;
    }
    let recorded = by.map(|actor| audit::Event::on(actor, "booking.no_show", b));
    audit::commit(tx, recorded, now).await?;
    Ok(())
}

/// Ends a booking whose time is over: completed, or a no-show where check-in is required.
pub async fn finish(db: &Db, b: &BookingRow, now: i64) -> ApiResult<()> {
    let rules = b.frozen_rules()?;
    if b.status() == BookingStatus::Confirmed
        && rules.checkin_required
        && b.kind() == BookingKind::Booking
    {
        return no_show(db, None, b, now).await;
    }
    let to = transition(b, Action::Complete)?;
    let mut tx = db.begin_write().await?;
    ledger::set_status(&mut tx, b.id, b.status(), to, &Change::default(), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Lets a hold lapse or an undecided request expire.
pub async fn expire(db: &Db, b: &BookingRow, now: i64) -> ApiResult<()> {
    let to = transition(b, Action::Expire)?;
    let mut tx = db.begin_write().await?;
    ledger::set_status(&mut tx, b.id, b.status(), to, &Change::default(), now).await?;
    ledger::release(&mut tx, b, true).await?;
    if b.waitlist_offer == 1 {
        sqlx::query("UPDATE waitlist_entries SET status = 'expired', updated_at = $2 WHERE offer_booking_id = $1")
            .bind(b.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    super::waitlist::offer_freed(db, b.venue_id, b.starts_at, b.ends_at, now).await;
    Ok(())
}
