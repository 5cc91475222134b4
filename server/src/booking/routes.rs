//! The booking API. Handlers are grouped by audience: the public venue pages, residents'
//! bookings, the fairness tools, and the staff pages.
mod bookings;
mod fairness;
mod feeds;
mod operations;
mod staff_venues;
mod venue_photos;
mod venues;

use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use jiff::civil::Date;
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;

use crate::{
    AppState, Db,
    error::{ApiError, ApiResult, Problem},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(venues::router())
        .merge(bookings::router())
        .merge(feeds::router())
        .merge(fairness::router())
        .merge(staff_venues::router())
        .merge(venue_photos::router())
        .merge(operations::router())
}

/// An RFC 3339 instant from a request field.
fn instant(s: &str, field: &str) -> ApiResult<i64> {
    crate::time::parse_instant(s.trim()).ok_or_else(|| ApiError::invalid("invalid_instant", field))
}

/// A `YYYY-MM-DD` date from a request field.
fn date(s: &str, field: &str) -> ApiResult<Date> {
    s.trim()
        .parse::<Date>()
        .map_err(|_| ApiError::invalid("invalid_date", field))
}

/// `from..=to`, at most `max_days` long.
fn date_range(from: &str, to: &str, max_days: i64) -> ApiResult<(Date, Date)> {
    let (from, to) = (date(from, "from")?, date(to, "to")?);
    let days = to
        .since(from)
        .map(|s| i64::from(s.get_days()))
        .unwrap_or(-1);
    if days < 0 || days >= max_days {
        return Err(ApiError::Invalid(
            Problem::new("invalid_date_range")
                .field("to")
                .param("days", max_days),
        ));
    }
    Ok((from, to))
}

fn party_size(p: Option<u32>) -> ApiResult<u32> {
    match p.unwrap_or(1) {
        0 => Err(ApiError::invalid("invalid_party_size", "party_size")),
        n => Ok(n),
    }
}

fn purpose(p: Option<&str>) -> ApiResult<String> {
    let p = p.unwrap_or("").trim();
    if p.chars().count() > 200 || p.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::invalid("invalid_purpose", "purpose"));
    }
    Ok(p.to_owned())
}

/// A required short text (reason, note) of 1..=`max` characters.
fn short_text(s: Option<&str>, max: usize, code: &'static str, field: &str) -> ApiResult<String> {
    let s = s.unwrap_or("").trim();
    let n = s.chars().count();
    if n == 0 || n > max || s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::invalid(code, field));
    }
    Ok(s.to_owned())
}

/// Applies what is due (lapsed holds, waitlist offers, lotteries) before answering. A failure
/// here is logged: the request itself can still be answered correctly by the ledger.
async fn sweep(db: &Db, now: i64) {
    super::tasks::sweep_before_read(db, now).await;
}

// ---- Idempotency-Key ---------------------------------------------------------------------

/// The `Idempotency-Key` header, if sent: 1 to 200 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let s = v
        .to_str()
        .ok()
        .filter(|s| (1..=200).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| ApiError::invalid("invalid_idempotency_key", "Idempotency-Key"))?;
    Ok(Some(s.to_owned()))
}

fn request_hash(body: &impl serde::Serialize) -> String {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    super::lottery::hex(&Sha256::digest(&bytes))
}

/// The stored answer for a key: replayed when the request is the same, 422 when it differs.
async fn replay(db: &Db, user_id: i64, key: &str, hash: &str) -> ApiResult<Option<Response>> {
    let Some(stored) = super::idempotency::stored(db, user_id, key).await? else {
        return Ok(None);
    };
    if stored.request_hash != hash {
        return Err(ApiError::invalid(
            "idempotency_key_reused",
            "Idempotency-Key",
        ));
    }
    let status = u16::try_from(stored.status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    Ok(Some(
        (
            status,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                (
                    header::HeaderName::from_static("idempotent-replayed"),
                    HeaderValue::from_static("true"),
                ),
            ],
            stored.response,
        )
            .into_response(),
    ))
}
