//! Places in an activity, one transaction each: joining (a place, or the waitlist when none
//! fits), leaving (which promotes the waitlist in order: each waiting sign-up whose party fits
//! the free places gets them), check-in and rating. A notice tells residents of every change
//! to their place, on the transaction that makes it.
use app::api::{
    Text,
    activities::{CheckinRequest, RatingRequest},
};
use rand::Rng;
use sqlx::AnyConnection;

use super::store::{self, ActivityRow, NewSignup, SignupRow};
use crate::{
    Db,
    error::{ApiError, ApiResult, Problem},
    notifications::{Channels, Notice, notify},
};

/// Who joins: an account (themselves, or signed up by staff), or someone without one.
pub struct Joiner<'a> {
    pub user_id: Option<i64>,
    pub guest_name: Option<&'a str>,
    pub guest_phone: Option<&'a str>,
    pub companions: u32,
    /// The account making the sign-up (the resident, or staff).
    pub by: i64,
    /// Staff sign people up outside the sign-up window (until the activity ends).
    pub by_staff: bool,
}

fn when(a: &ActivityRow) -> String {
    crate::time::local(a.starts_at, &crate::time::tz(&a.time_zone), "%m-%d %H:%M")
}

fn link(a: &ActivityRow) -> Option<String> {
    Some(format!("/activities/{}", a.id))
}

/// A notice about one's place in an activity.
fn notice(
    user_id: i64,
    kind: &'static str,
    title: (String, String),
    body: (String, String),
    a: &ActivityRow,
) -> Notice {
    Notice {
        user_id,
        kind,
        title: Text::new(title.0, Some(title.1)),
        body: Text::new(body.0, Some(body.1)),
        link: link(a),
        channels: if kind == "activity.confirmed" || kind == "activity.waitlisted" {
            Channels::IN_APP
        } else {
            Channels::SMS
        },
    }
}

fn title_en(a: &ActivityRow) -> &str {
    a.title_en.as_deref().unwrap_or(&a.title_zh)
}

/// Checks that the activity takes sign-ups now.
fn check_open(a: &ActivityRow, by_staff: bool, now: i64) -> ApiResult<()> {
    if a.status != "published" || a.ends_at <= now {
        return Err(ApiError::Conflict(Problem::new("activity_not_open")));
    }
    if by_staff {
        return Ok(());
    }
    if let Some(opens) = a.signup_opens_at.filter(|o| *o > now) {
        return Err(ApiError::Conflict(
            Problem::new("signup_not_open").param("opens", crate::time::rfc3339(opens)),
        ));
    }
    if a.signup_closes_at <= now {
        return Err(ApiError::Conflict(Problem::new("signup_closed")));
    }
    Ok(())
}

/// Six random digits, shown at the door.
fn new_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

/// Inserts the sign-up with a fresh check-in code (drawn again on the rare clash).
async fn insert_with_code(
    conn: &mut AnyConnection,
    s: &NewSignup<'_>,
    now: i64,
) -> ApiResult<(i64, String)> {
    for _ in 0..8 {
        let code = new_code();
        let row = NewSignup {
            checkin_code: &code,
            ..*s
        };
        if let Some(id) = store::insert_signup(&mut *conn, &row, now).await? {
            return Ok((id, code));
        }
        if let Some(user) = s.user_id
            && store::signup_of(&mut *conn, s.activity_id, user)
                .await?
                .is_some()
        {
            return Err(ApiError::Conflict(Problem::new("already_signed_up")));
        }
    }
    Err(ApiError::Internal("no free check-in code".into()))
}

/// Joins an activity, in the caller's transaction: a place when the party fits, else the
/// waitlist.
pub async fn join(
    tx: &mut AnyConnection,
    a: &ActivityRow,
    j: &Joiner<'_>,
    now: i64,
) -> ApiResult<SignupRow> {
    check_open(a, j.by_staff, now)?;
    if i64::from(j.companions) > a.max_companions {
        return Err(ApiError::Invalid(
            Problem::new("too_many_companions")
                .field("companions")
                .param("max", a.max_companions),
        ));
    }
    let places = 1 + i64::from(j.companions);
    if places > a.capacity {
        return Err(ApiError::invalid("too_many_places", "companions"));
    }
    if let Some(user) = j.user_id
        && store::signup_of(&mut *tx, a.id, user).await?.is_some()
    {
        return Err(ApiError::Conflict(Problem::new("already_signed_up")));
    }
    let confirmed = store::take_places(&mut *tx, a.id, places, now).await?;
    let new = NewSignup {
        activity_id: a.id,
        user_id: j.user_id,
        guest_name: j.guest_name,
        guest_phone: j.guest_phone,
        companions: i64::from(j.companions),
        confirmed,
        checkin_code: "",
        created_by: j.by,
    };
    let (id, code) = insert_with_code(tx, &new, now).await?;
    if let Some(user) = j.user_id {
        let (kind, title, body) = if confirmed {
            (
                "activity.confirmed",
                (
                    format!("报名成功：{}", a.title_zh),
                    format!("You are signed up: {}", title_en(a)),
                ),
                (
                    format!("{} 开始，签到码 {code}。", when(a)),
                    format!("Starts {}; check-in code {code}.", when(a)),
                ),
            )
        } else {
            (
                "activity.waitlisted",
                (format!("已进入候补：{}", a.title_zh), format!("On the waitlist: {}", title_en(a))),
                (
                    "名额已满，有人退出时将按顺序为您递补并通知您。".to_owned(),
                    "It is full; when someone leaves, places go to the waitlist in order and you are told."
                        .to_owned(),
                ),
            )
        };
        notify(&mut *tx, &notice(user, kind, title, body, a), now).await?;
    }
    store::signup_by_id(&mut *tx, a.id, id)
        .await?
        .ok_or_else(|| ApiError::Internal("sign-up vanished".into()))
}

/// Gives up a place (or a waitlist place); the freed places go to the waitlist.
pub async fn leave(
    db: &Db,
    a: &ActivityRow,
    s: &SignupRow,
    by_staff: bool,
    now: i64,
) -> ApiResult<()> {
    if !by_staff && a.signup_closes_at <= now {
        return Err(ApiError::Conflict(Problem::new("signup_closed")));
    }
    let mut tx = db.begin_write().await?;
    if !store::set_signup_status(&mut tx, s.id, &s.status, "cancelled", now).await? {
        return Err(ApiError::not_found("not_signed_up"));
    }
    if s.status == "confirmed" {
        store::give_places(&mut tx, a.id, s.places(), now).await?;
        promote(&mut tx, a, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Gives free places to the waitlist, in order: each waiting party that fits is confirmed and
/// told (in the app and by SMS: their plans change).
pub async fn promote(conn: &mut AnyConnection, a: &ActivityRow, now: i64) -> ApiResult<u32> {
    let mut promoted = 0;
    for w in store::waitlist(&mut *conn, a.id).await? {
        if !store::take_places(&mut *conn, a.id, w.places(), now).await? {
            continue;
        }
        store::set_signup_status(&mut *conn, w.id, "waitlisted", "confirmed", now).await?;
        promoted += 1;
        if let Some(user) = w.user_id {
            let n = notice(
                user,
                "activity.promoted",
                (
                    format!("候补成功：{}", a.title_zh),
                    format!("You have a place: {}", title_en(a)),
                ),
                (
                    format!(
                        "有人退出，您已获得名额。{} 开始，签到码 {}。",
                        when(a),
                        w.checkin_code
                    ),
                    format!(
                        "Someone left and the place is yours. Starts {}; check-in code {}.",
                        when(a),
                        w.checkin_code
                    ),
                ),
                a,
            );
            notify(&mut *conn, &n, now).await?;
        }
    }
    Ok(promoted)
}

/// Tells everyone signed up (confirmed or waiting) that the activity changed or was cancelled.
pub async fn tell_all(
    conn: &mut AnyConnection,
    a: &ActivityRow,
    kind: &'static str,
    body: (String, String),
    now: i64,
) -> ApiResult<()> {
    let title = match kind {
        "activity.cancelled" => (
            format!("活动取消：{}", a.title_zh),
            format!("Cancelled: {}", title_en(a)),
        ),
        "activity.reminder" => (
            format!("明天的活动：{}", a.title_zh),
            format!("Tomorrow: {}", title_en(a)),
        ),
        _ => (
            format!("活动变更：{}", a.title_zh),
            format!("Changed: {}", title_en(a)),
        ),
    };
    for s in store::open_signups(&mut *conn, a.id).await? {
        if kind == "activity.reminder" && s.status != "confirmed" {
            continue;
        }
        if let Some(user) = s.user_id {
            notify(
                &mut *conn,
                &notice(user, kind, title.clone(), body.clone(), a),
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// Checks someone in by the code they show or by their line in the list, in the caller's
/// transaction.
pub async fn check_in(
    tx: &mut AnyConnection,
    a: &ActivityRow,
    req: &CheckinRequest,
    by: i64,
    now: i64,
) -> ApiResult<SignupRow> {
    let s =
        match (req.code.as_deref().map(str::trim), req.signup_id) {
            (Some(code), _) if !code.is_empty() => store::signup_by_code(&mut *tx, a.id, code)
                .await?
                .ok_or_else(|| ApiError::invalid("checkin_code_unknown", "code"))?,
            (_, Some(id)) => store::signup_by_id(&mut *tx, a.id, id)
                .await?
                .ok_or_else(|| ApiError::not_found("signup_not_found"))?,
            _ => return Err(ApiError::invalid("checkin_code_unknown", "code")),
        };
    if s.status != "confirmed" {
        return Err(ApiError::Conflict(Problem::new("checkin_not_confirmed")));
    }
    store::check_in(&mut *tx, s.id, by, now).await?;
    store::signup_by_id(&mut *tx, a.id, s.id)
        .await?
        .ok_or_else(|| ApiError::Internal("sign-up vanished".into()))
}

/// Rates an attended activity once, after its start.
pub async fn rate(
    db: &Db,
    a: &ActivityRow,
    user: i64,
    req: &RatingRequest,
    now: i64,
) -> ApiResult<()> {
    let attended = store::signup_of(db.pool(), a.id, user)
        .await?
        .filter(|s| s.checked_in_at.is_some() && a.starts_at <= now)
        .ok_or_else(|| ApiError::forbidden("rating_not_allowed"))?;
    if !(1..=5).contains(&req.stars) {
        return Err(ApiError::invalid("invalid_stars", "stars"));
    }
    let comment = req.comment.trim();
    if comment.chars().count() > 500 {
        return Err(ApiError::Invalid(
            Problem::new("text_longer_than")
                .field("comment")
                .param("max", 500),
        ));
    }
    let comment = Some(comment).filter(|c| !c.is_empty());
    if !store::rate(
        db,
        attended.id,
        i64::from(req.stars),
        comment,
        req.public,
        now,
    )
    .await?
    {
        return Err(ApiError::Conflict(Problem::new("already_rated")));
    }
    Ok(())
}
