//! Family proxies (子女代办): a resident and a family member link their accounts, and once both
//! have confirmed, the family member acts for the resident on the routes in [`PROXY_ROUTES`]
//! (booking venues, filing and following feedback) by sending `X-Linli-On-Behalf-Of: <id>`
//! with their own session. The handler then sees the resident as [`CurrentUser`] with no staff
//! role and `proxy` set; every successful write is audited as the proxy's ([`audit_acting`]).
//! Either side ends the link at any time; from then on the header is refused.
use std::sync::{Arc, OnceLock};

use app::api::accounts::{
    FamilyDirection, FamilyInvite, FamilyLink, FamilyLinkList, FamilyLinkStatus,
};
use axum::{
    extract::{MatchedPath, Request, State},
    http::{Method, StatusCode, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sqlx::AnyConnection;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{CurrentUser, PhoneNumber, store, views::masked_phone};
use crate::{
    AppState, Db, audit,
    error::{ApiError, ApiResult, Problem, is_unique_violation},
    extract::{Json, Path},
    notifications::{Channels, Notice, notify},
};

/// The header a proxy sends: the id of the resident it acts for.
pub const HEADER: &str = "x-linli-on-behalf-of";

/// A route a proxy may call: method, route template and, for a write, what it does for the
/// resident in Chinese and English.
pub type ProxyRoute = (
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);

/// What a proxy may do for a resident: book, cancel and follow bookings, the waitlist and
/// lotteries; file, follow, rate and support feedback; join, leave and rate community
/// activities; ask the time bank for help and follow or cancel the request. Everything else (the
/// account, its security and data, staff work) is refused with the header. Each write says what
/// it does, for the audit log.
#[rustfmt::skip]
pub const PROXY_ROUTES: &[ProxyRoute] = &[
    ("GET", "/api/v1/venues/{id}/availability", None),
    ("POST", "/api/v1/bookings", Some(("预约场地", "booked a venue"))),
    ("GET", "/api/v1/bookings/{id}", None),
    ("POST", "/api/v1/bookings/{id}/confirm", Some(("确认保留的时段", "confirmed a held booking"))),
    ("POST", "/api/v1/bookings/{id}/cancel", Some(("取消预约", "cancelled a booking"))),
    ("GET", "/api/v1/bookings/{id}/ics", None),
    ("GET", "/api/v1/bookings/{id}/qr", None),
    ("GET", "/api/v1/me/bookings", None),
    ("POST", "/api/v1/waitlist", Some(("登记候补", "joined a waitlist"))),
    ("GET", "/api/v1/me/waitlist", None),
    ("DELETE", "/api/v1/waitlist/{id}", Some(("退出候补", "left a waitlist"))),
    ("GET", "/api/v1/lotteries", None),
    ("GET", "/api/v1/lotteries/{id}", None),
    ("POST", "/api/v1/lotteries/{id}/entries", Some(("参加抽签", "entered a lottery"))),
    ("DELETE", "/api/v1/lotteries/{id}/entries", Some(("退出抽签", "withdrew from a lottery"))),
    ("GET", "/api/v1/me/strikes", None),
    ("POST", "/api/v1/me/strikes/{id}/appeal", Some(("申诉爽约记录", "appealed a no-show"))),
    ("POST", "/api/v1/feedback", Some(("提交诉求", "filed feedback"))),
    ("GET", "/api/v1/feedback/{tracking_code}", None),
    ("GET", "/api/v1/feedback/{tracking_code}/photos/{position}", None),
    ("POST", "/api/v1/feedback/{tracking_code}/rating", Some(("评价诉求办理", "rated a case"))),
    ("POST", "/api/v1/feedback/{tracking_code}/details", Some(("补充诉求信息", "added details to a case"))),
    ("POST", "/api/v1/feedback/support/{id}", Some(("附议诉求", "supported a case"))),
    ("GET", "/api/v1/me/feedback", None),
    ("POST", "/api/v1/activities/{id}/signup", Some(("报名活动", "signed up for an activity"))),
    ("DELETE", "/api/v1/activities/{id}/signup", Some(("退出活动报名", "left an activity"))),
    ("GET", "/api/v1/activities/{id}", None),
    ("GET", "/api/v1/me/activities", None),
    ("POST", "/api/v1/activities/{id}/rating", Some(("评价活动", "rated an activity"))),
    ("POST", "/api/v1/help-requests", Some(("发布求助", "asked for help"))),
    ("GET", "/api/v1/help-requests/{id}", None),
    ("POST", "/api/v1/help-requests/{id}/cancel", Some(("撤回求助", "withdrew a help request"))),
    ("GET", "/api/v1/me/help-requests", None),
];

/// Most open links (invited or active) one account may have on each side.
pub const MAX_OPEN_LINKS: i64 = 5;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_links, invite))
        .routes(routes!(accept))
        .routes(routes!(end_link))
}

/// What a request acting for a resident did, for [`audit_acting`].
#[derive(Debug, Clone)]
struct Acting {
    proxy: i64,
    resident: i64,
    route: String,
    /// What the route does for the resident (zh, en), when it writes.
    done: Option<(&'static str, &'static str)>,
}

/// Filled by [`resolve`] when a request acts for a resident.
#[derive(Clone, Default)]
struct ActingSlot(Arc<OnceLock<Acting>>);

/// The resident a request acts for, checked: an allowed route, an active link, an active
/// account. Called by the [`CurrentUser`] extractor when the header is present.
pub(super) async fn resolve(
    state: &AppState,
    parts: &Parts,
    proxy: CurrentUser,
) -> Result<CurrentUser, ApiError> {
    let Some(value) = parts.headers.get(HEADER) else {
        return Ok(proxy);
    };
    let resident_id: i64 = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| ApiError::forbidden("not_family_proxy"))?;
    let route = parts
        .extensions
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_default();
    let Some(&(_, _, done)) = PROXY_ROUTES
        .iter()
        .find(|(m, r, _)| *m == parts.method.as_str() && *r == route)
    else {
        return Err(ApiError::forbidden("proxy_not_allowed"));
    };
    let linked = active_link(&state.db, resident_id, proxy.id).await?;
    let resident = match (linked, store::user_by_id(&state.db, resident_id).await?) {
        (true, Some(u)) if u.status == "active" => u,
        _ => return Err(ApiError::forbidden("not_family_proxy")),
    };
    if let Some(slot) = parts.extensions.get::<ActingSlot>() {
        let _ = slot.0.set(Acting {
            proxy: proxy.id,
            resident: resident.id,
            route,
            done,
        });
    }
    Ok(CurrentUser {
        id: resident.id,
        display_name: resident.display_name.shown(),
        home_region_id: resident.home_region_id,
        grants: Vec::new(),
        mfa_enabled: false,
        session: proxy.session,
        proxy: Some(proxy.id),
    })
}

/// Middleware: a successful write made for a resident is written to the audit log as the
/// proxy's action on the resident.
pub async fn audit_acting(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !req.headers().contains_key(HEADER) || req.method() == Method::GET {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let slot = ActingSlot::default();
    req.extensions_mut().insert(slot.clone());
    let response = next.run(req).await;
    if let (true, Some(acting)) = (response.status().is_success(), slot.0.get()) {
        let recorded = audit::record(
            state.db.pool(),
            audit::Event {
                actor: Some(acting.proxy),
                action: "family.acted",
                subject: format!("user:{}", acting.resident),
                region: None,
                detail: Some(match acting.done {
                    Some((zh, en)) => crate::phrase::Phrase::new("audit_family_acted_as")
                        .words("what", "what_en", zh, en)
                        .param("route", &acting.route),
                    None => crate::phrase::Phrase::new("audit_family_acted")
                        .param("method", &method)
                        .param("route", &acting.route),
                }),
            },
            state.config.clock.now(),
        )
        .await;
        if let Err(e) = recorded {
            tracing::error!(error = %e, "the audit of a proxy's action failed");
            return ApiError::from(e).into_response();
        }
    }
    response
}

async fn active_link(db: &Db, resident: i64, proxy: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM family_links WHERE resident_id = $1 AND proxy_id = $2 AND status = 'active'",
    )
    .bind(resident)
    .bind(proxy)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.is_some())
}

#[derive(Debug, sqlx::FromRow)]
struct LinkRow {
    id: i64,
    resident_id: i64,
    proxy_id: i64,
    invited_by: i64,
    status: String,
    created_at: i64,
    other_name: super::PersonName,
    other_phone: Option<String>,
}

fn to_wire(me: i64, r: LinkRow) -> FamilyLink {
    let i_act = r.proxy_id == me;
    FamilyLink {
        id: r.id,
        other_id: if i_act { r.resident_id } else { r.proxy_id },
        other_name: r.other_name.shown(),
        other_phone: masked_phone(r.other_phone.as_deref()),
        direction: if i_act {
            FamilyDirection::IActForThem
        } else {
            FamilyDirection::TheyActForMe
        },
        status: match r.status.as_str() {
            "invited" => FamilyLinkStatus::Invited,
            "active" => FamilyLinkStatus::Active,
            _ => FamilyLinkStatus::Ended,
        },
        invited_by_me: r.invited_by == me,
        created_at: crate::time::rfc3339(r.created_at),
    }
}

const LINK_COLUMNS: &str = "l.id, l.resident_id, l.proxy_id, l.invited_by, l.status, l.created_at, \
     u.display_name AS other_name, u.phone AS other_phone";

async fn links_of(db: &Db, me: i64) -> Result<Vec<FamilyLink>, sqlx::Error> {
    let rows: Vec<LinkRow> = sqlx::query_as(&format!(
        "SELECT {LINK_COLUMNS} FROM family_links l \
         JOIN users u ON u.id = CASE WHEN l.proxy_id = $1 THEN l.resident_id ELSE l.proxy_id END \
         WHERE (l.resident_id = $1 OR l.proxy_id = $1) \
         ORDER BY CASE WHEN l.status = 'ended' THEN 1 ELSE 0 END, l.id DESC LIMIT 30"
    ))
    .bind(me)
    .fetch_all(db.pool())
    .await?;
    let mut ended = 0;
    Ok(rows
        .into_iter()
        .filter(|r| {
            ended += usize::from(r.status == "ended");
            r.status != "ended" || ended <= 10
        })
        .map(|r| to_wire(me, r))
        .collect())
}

async fn link_of(
    conn: &mut AnyConnection,
    me: i64,
    id: i64,
) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {LINK_COLUMNS} FROM family_links l \
         JOIN users u ON u.id = CASE WHEN l.proxy_id = $1 THEN l.resident_id ELSE l.proxy_id END \
         WHERE l.id = $2 AND (l.resident_id = $1 OR l.proxy_id = $1)"
    ))
    .bind(me)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Refuses a family route made while acting for someone: links are one's own business.
fn own(user: &CurrentUser) -> ApiResult<()> {
    match user.proxy {
        Some(_) => Err(ApiError::forbidden("proxy_not_allowed")),
        None => Ok(()),
    }
}

fn tell(user_id: i64, kind: &'static str, zh: String, en: String) -> Notice {
    Notice {
        user_id,
        kind,
        title: app::api::Text::new(zh, Some(en)),
        body: app::api::Text::new(
            "可在“我的 → 家人代办”中查看。",
            Some("See Me → Family proxies.".into()),
        ),
        link: Some("/me#family".into()),
        channels: Channels::SMS,
    }
}

/// The caller's family links: whom they act for and who acts for them.
#[utoipa::path(get, path = "/me/family-links", tag = "accounts",
    responses((status = 200, body = FamilyLinkList), (status = 401, body = app::api::ErrorBody)))]
async fn list_links(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<FamilyLinkList>> {
    own(&user)?;
    Ok(Json(FamilyLinkList {
        items: links_of(&state.db, user.id).await?,
    }))
}

/// Invites the account with this phone number: to act for the caller, or to be acted for.
/// The invited person confirms (`POST /me/family-links/{id}/accept`); until then nothing is
/// allowed. They are told in the app and by SMS.
#[utoipa::path(post, path = "/me/family-links", tag = "accounts", request_body = FamilyInvite,
    responses((status = 201, body = FamilyLink), (status = 401, body = app::api::ErrorBody),
              (status = 404, description = "family_member_not_found: no active account has this number", body = app::api::ErrorBody),
              (status = 409, description = "family_link_exists or family_links_full", body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<FamilyInvite>,
) -> ApiResult<(StatusCode, Json<FamilyLink>)> {
    own(&user)?;
    let phone = PhoneNumber::parse(&req.phone).map_err(|c| ApiError::invalid(c, "phone"))?;
    let other = store::user_by_phone(&state.db, phone.as_str())
        .await?
        .filter(|u| u.status == "active" && u.id != user.id)
        .ok_or_else(|| {
            ApiError::NotFound(Problem::new("family_member_not_found").field("phone"))
        })?;
    let (resident, proxy) = match req.direction {
        FamilyDirection::TheyActForMe => (user.id, other.id),
        FamilyDirection::IActForThem => (other.id, user.id),
    };
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    let open: (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(CASE WHEN resident_id = $1 THEN 1 END) AS BIGINT), \
                CAST(COUNT(CASE WHEN proxy_id = $2 THEN 1 END) AS BIGINT) \
         FROM family_links WHERE status <> 'ended' AND (resident_id = $1 OR proxy_id = $2)",
    )
    .bind(resident)
    .bind(proxy)
    .fetch_one(&mut *tx)
    .await?;
    if open.0 >= MAX_OPEN_LINKS || open.1 >= MAX_OPEN_LINKS {
        return Err(ApiError::Conflict(Problem::new("family_links_full")));
    }
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO family_links (resident_id, proxy_id, invited_by, status, created_at) \
         VALUES ($1, $2, $3, 'invited', $4) RETURNING id",
    )
    .bind(resident)
    .bind(proxy)
    .bind(user.id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(ApiError::Conflict(Problem::new("family_link_exists")));
        }
        Err(e) => return Err(e.into()),
    };
    let (zh, en) = match req.direction {
        FamilyDirection::TheyActForMe => (
            format!("{} 请您为其代办预约和意见", user.display_name),
            format!(
                "{} asks you to book and file feedback for them",
                user.display_name
            ),
        ),
        FamilyDirection::IActForThem => (
            format!("{} 申请为您代办预约和意见", user.display_name),
            format!(
                "{} asks to book and file feedback for you",
                user.display_name
            ),
        ),
    };
    notify(
        &mut tx,
        &tell(other.id, "account.family_invited", zh, en),
        now,
    )
    .await?;
    record(&mut tx, user.id, "family.invited", id, now).await?;
    let link = link_of(&mut tx, user.id, id)
        .await?
        .ok_or(ApiError::NotFound(Problem::new("family_link_not_found")))?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(to_wire(user.id, link))))
}

async fn record(
    conn: &mut AnyConnection,
    actor: i64,
    action: &str,
    link: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    audit::record(
        conn,
        audit::Event {
            actor: Some(actor),
            action,
            subject: format!("family_link:{link}"),
            region: None,
            detail: None,
        },
        now,
    )
    .await
}

/// The invited person confirms: from now on the proxy may act.
#[utoipa::path(post, path = "/me/family-links/{id}/accept", tag = "accounts",
    params(("id" = i64, Path)),
    responses((status = 200, body = FamilyLink), (status = 401, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody),
              (status = 409, description = "family_link_not_open: already confirmed or ended", body = app::api::ErrorBody)))]
async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<FamilyLink>> {
    own(&user)?;
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    let link = link_of(&mut tx, user.id, id)
        .await?
        .filter(|l| l.invited_by != user.id)
        .ok_or_else(|| ApiError::NotFound(Problem::new("family_link_not_found")))?;
    let updated = sqlx::query(
        "UPDATE family_links SET status = 'active', confirmed_at = $2 WHERE id = $1 AND status = 'invited'",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(ApiError::Conflict(Problem::new("family_link_not_open")));
    }
    notify(
        &mut tx,
        &tell(
            link.invited_by,
            "account.family_confirmed",
            format!("{} 已确认家人代办", user.display_name),
            format!("{} confirmed the family proxy", user.display_name),
        ),
        now,
    )
    .await?;
    record(&mut tx, user.id, "family.confirmed", id, now).await?;
    let link = link_of(&mut tx, user.id, id)
        .await?
        .ok_or(ApiError::NotFound(Problem::new("family_link_not_found")))?;
    tx.commit().await?;
    Ok(Json(to_wire(user.id, link)))
}

/// Either side ends a link (or declines or withdraws an invitation); the other is told.
#[utoipa::path(delete, path = "/me/family-links/{id}", tag = "accounts",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody)))]
async fn end_link(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    own(&user)?;
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    let link = link_of(&mut tx, user.id, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(Problem::new("family_link_not_found")))?;
    let updated = sqlx::query(
        "UPDATE family_links SET status = 'ended', ended_at = $2, ended_by = $3 \
         WHERE id = $1 AND status <> 'ended'",
    )
    .bind(id)
    .bind(now)
    .bind(user.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 1 {
        let other = if link.proxy_id == user.id {
            link.resident_id
        } else {
            link.proxy_id
        };
        notify(
            &mut tx,
            &tell(
                other,
                "account.family_ended",
                format!("{} 已结束家人代办", user.display_name),
                format!("{} ended the family proxy", user.display_name),
            ),
            now,
        )
        .await?;
        record(&mut tx, user.id, "family.ended", id, now).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every open link of an account being deleted.
pub async fn end_all_of(
    conn: &mut AnyConnection,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE family_links SET status = 'ended', ended_at = $2, ended_by = $1 \
         WHERE (resident_id = $1 OR proxy_id = $1) AND status <> 'ended'",
    )
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::PROXY_ROUTES;

    #[test]
    fn every_write_a_proxy_may_make_is_said_in_words_in_both_languages() {
        for (method, route, done) in PROXY_ROUTES {
            match (*method, done) {
                ("GET", None) => {}
                ("GET", Some(_)) => panic!("{route}: a read is not audited"),
                (_, None) => panic!("{method} {route} has no words for the audit log"),
                (_, Some((zh, en))) => {
                    assert!(!zh.is_ascii() && en.is_ascii(), "{method} {route}");
                }
            }
        }
    }
}
