//! What a code sent by SMS proves: asking for codes, login by code, password reset and phone
//! changes (registration checks its code in [`super::routes`]).
use app::api::accounts::{
    ChangePhoneRequest, CodePurpose, LoginCodeRequest, LoginResponse, Me, PasswordResetRequest,
    SmsCodeAccepted, SmsCodeRequest,
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    CurrentUser, PhoneNumber,
    codes::{self, Check},
    password::{self, NewPassword},
    routes::{confirm_password, finish_login},
    store, views,
};
use crate::{
    AppState, audit,
    error::{ApiError, ApiResult, Problem, is_unique_violation},
    extract::{ClientIp, Json},
    lang::Lang,
    notifications::{outbox::Channel, store as outbox},
    ratelimit,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_code))
        .routes(routes!(login_code))
        .routes(routes!(password_reset))
        .routes(routes!(change_phone))
}

fn parse_phone(raw: &str) -> ApiResult<PhoneNumber> {
    PhoneNumber::parse(raw).map_err(|code| ApiError::invalid(code, "phone"))
}

/// Refuses the request unless `code` is the latest code sent to `phone` for `purpose` (which is
/// then used up). Wrong codes count against the number across all its codes.
pub(super) async fn require_code(
    state: &AppState,
    phone: &PhoneNumber,
    purpose: CodePurpose,
    code: &str,
) -> ApiResult<()> {
    let limit = ratelimit::SMS_CODE_FAILURES_PER_PHONE;
    limit.check(state, phone.as_str()).await?;
    let proof = codes::Proof::Phone(phone, purpose);
    let check = codes::consume(&state.db, proof, code, state.config.clock.now()).await?;
    if check == Check::Wrong {
        limit.hit(state, phone.as_str()).await?;
    }
    check.refusal().map_or(Ok(()), Err)
}

/// Sends a six-digit code by SMS. The answer is the same whether or not the number has an
/// account: codes to log in or reset a password go only to numbers of active accounts.
#[utoipa::path(post, path = "/auth/sms-codes", tag = "accounts", request_body = SmsCodeRequest,
    responses((status = 202, body = SmsCodeAccepted), (status = 422, body = app::api::ErrorBody),
              (status = 429, description = "rate_limited: wait `Retry-After` seconds", body = app::api::ErrorBody)))]
async fn request_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<SmsCodeRequest>,
) -> ApiResult<(StatusCode, Json<SmsCodeAccepted>)> {
    ratelimit::SMS_CODES_PER_IP.hit(&state, &ip).await?;
    let phone = parse_phone(&req.phone)?;
    let per_phone = ratelimit::SMS_CODES_PER_PHONE;
    per_phone.check(&state, phone.as_str()).await?;
    let send = match req.purpose {
        CodePurpose::Register | CodePurpose::ChangePhone => true,
        CodePurpose::Login | CodePurpose::Reset => store::user_by_phone(&state.db, phone.as_str())
            .await?
            .is_some_and(|u| u.status == "active"),
    };
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    let code = match codes::issue(&mut tx, codes::Proof::Phone(&phone, req.purpose), now).await? {
        Ok(code) => code,
        Err(wait) => {
            return Err(ApiError::RateLimited {
                retry_after_secs: u64::try_from(wait).unwrap_or(1).max(1),
            });
        }
    };
    if send {
        let text = codes::sms_text(&code, req.purpose, Lang::current());
        outbox::enqueue_to_address(
            &mut tx,
            Channel::Sms,
            phone.as_str(),
            codes::OUTBOX_KIND,
            &text,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    per_phone.hit(&state, phone.as_str()).await?;
    if send {
        state.outbox.wake();
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(SmsCodeAccepted {
            expires_in_seconds: u32::try_from(codes::LIFETIME).unwrap_or(600),
            resend_after_seconds: u32::try_from(codes::RESEND_AFTER).unwrap_or(60),
        }),
    ))
}

/// Logs in with a code sent by SMS (purpose `login`) instead of the password. Accounts with a
/// second factor still need it.
#[utoipa::path(post, path = "/auth/login-code", tag = "accounts", request_body = LoginCodeRequest,
    responses((status = 200, body = LoginResponse), (status = 403, body = app::api::ErrorBody),
              (status = 422, description = "sms_code_invalid or sms_code_expired", body = app::api::ErrorBody),
              (status = 429, body = app::api::ErrorBody)))]
async fn login_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<LoginCodeRequest>,
) -> ApiResult<Response> {
    ratelimit::LOGIN_PER_IP.hit(&state, &ip).await?;
    let phone = parse_phone(&req.phone)?;
    require_code(&state, &phone, CodePurpose::Login, &req.sms_code).await?;
    // A login code only goes to an account's number; it may have been deleted since.
    let user = store::user_by_phone(&state.db, phone.as_str())
        .await?
        .ok_or_else(|| ApiError::invalid("sms_code_invalid", "sms_code"))?;
    finish_login(&state, &user, "sms code", &headers).await
}

/// Sets a new password with a code sent by SMS (purpose `reset`). Every session of the account
/// ends; this device is logged in (a second factor, if any, is still asked).
#[utoipa::path(post, path = "/auth/password-reset", tag = "accounts", request_body = PasswordResetRequest,
    responses((status = 200, body = LoginResponse), (status = 403, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody), (status = 429, body = app::api::ErrorBody)))]
async fn password_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<PasswordResetRequest>,
) -> ApiResult<Response> {
    ratelimit::LOGIN_PER_IP.hit(&state, &ip).await?;
    let phone = parse_phone(&req.phone)?;
    let new_password = NewPassword::parse(&req.new_password, Some(&phone))
        .map_err(|code| ApiError::invalid(code, "new_password"))?;
    require_code(&state, &phone, CodePurpose::Reset, &req.sms_code).await?;
    let user = store::user_by_phone(&state.db, phone.as_str())
        .await?
        .ok_or_else(|| ApiError::invalid("sms_code_invalid", "sms_code"))?;
    if user.status != "active" {
        return Err(ApiError::forbidden("account_disabled"));
    }
    let hash = password::hash(new_password).await?;
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    store::set_password_hash(&mut *tx, user.id, &hash, now).await?;
    let ended = store::delete_sessions_of(&mut *tx, user.id).await?;
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(user.id),
            action: "account.password_reset",
            subject: format!("user:{}", user.id),
            region: None,
            detail: Some(
                crate::phrase::Phrase::new("audit_password_reset").param("sessions", ended),
            ),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    ratelimit::LOGIN_FAILURES_PER_ACCOUNT
        .reset(&state, phone.as_str())
        .await?;
    finish_login(&state, &user, "password reset", &headers).await
}

/// Moves the account to a new number, proven by a code sent to it (purpose `change_phone`) and
/// confirmed with the current password. Messages go to the new number from now on.
#[utoipa::path(put, path = "/me/phone", tag = "accounts", request_body = ChangePhoneRequest,
    responses((status = 200, body = Me), (status = 401, body = app::api::ErrorBody),
              (status = 409, description = "phone_registered", body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody), (status = 429, body = app::api::ErrorBody)))]
async fn change_phone(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<ChangePhoneRequest>,
) -> ApiResult<Json<Me>> {
    let phone = parse_phone(&req.phone)?;
    confirm_password(&state, user.id, req.password).await?;
    require_code(&state, &phone, CodePurpose::ChangePhone, &req.sms_code).await?;
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    match store::set_phone(&mut *tx, user.id, phone.as_str(), now).await {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => {
            return Err(ApiError::Conflict(
                Problem::new("phone_registered").field("phone"),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(user.id),
            action: "account.phone_changed",
            subject: format!("user:{}", user.id),
            region: None,
            detail: Some(crate::phrase::Phrase::new("audit_phone_proven")),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(views::me_by_id(&state.db, user.id).await?))
}
