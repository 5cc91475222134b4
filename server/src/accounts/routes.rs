//! Registration, login (with second factor), logout, and the resident's own account.
use app::api::{
    Text,
    accounts::{
        ChangePasswordRequest, CodePurpose, Department, DepartmentList, LoginRequest,
        LoginResponse, Me, PasswordConfirmation, RegisterRequest, SessionInfo, SessionList,
        TotpCode, TotpSetup, UpdateProfileRequest,
    },
    regions::RegionLevel,
};
use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    CurrentUser, PhoneNumber, by_sms,
    password::{self, NewPassword},
    session::{self, PendingLogin, token_from},
    store::{self, NewSession, NewUser},
    totp, views,
};
use crate::{
    AppState, audit,
    error::{ApiError, ApiResult, Problem, is_unique_violation},
    extract::{ClientIp, Json},
    fields::Checks,
    ratelimit,
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(by_sms::router())
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(login_totp))
        .routes(routes!(logout))
        .routes(routes!(logout_all))
        .routes(routes!(get_me, update_me))
        .routes(routes!(change_password))
        .routes(routes!(list_sessions))
        .routes(routes!(totp_setup))
        .routes(routes!(totp_enable))
        .routes(routes!(totp_disable))
        .routes(routes!(list_departments))
}

fn user_agent(headers: &HeaderMap) -> String {
    session::short_user_agent(
        headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok()),
    )
}

/// Starts a new session (a new token: the session id rotates at every login step) and returns
/// the `Set-Cookie` header. A session presented with the request is ended.
pub(super) async fn start_session(
    state: &AppState,
    user_id: i64,
    staff: bool,
    mfa_pending: bool,
    headers: &HeaderMap,
) -> ApiResult<HeaderValue> {
    if let Some(old) = token_from(headers) {
        store::delete_session(&state.db, &session::token_hash(&old)).await?;
    }
    let policy = state.config.sessions;
    let lifetime = if mfa_pending {
        std::time::Duration::from_secs(600)
    } else if staff {
        policy.staff_absolute
    } else {
        policy.resident_absolute
    };
    let token = session::new_token();
    let hash = session::token_hash(&token);
    let now = state.config.clock.now();
    let expires_at = now + i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 2);
    store::insert_session(
        state.db.pool(),
        &NewSession {
            hash: &hash,
            user_id,
            expires_at,
            mfa_pending,
            user_agent: &user_agent(headers),
        },
        now,
    )
    .await?;
    Ok(session::set_cookie(
        &token,
        lifetime,
        state.config.behind_tls,
    ))
}

pub(super) fn parse_display_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    let len = name.chars().count();
    if len == 0 || len > 32 || name.chars().any(char::is_control) {
        return Err(ApiError::invalid("invalid_display_name", "display_name"));
    }
    Ok(name.to_owned())
}

/// A community to live in: not a retired one, unless it is already the user's (`current`).
pub(super) async fn parse_community(
    state: &AppState,
    code: &str,
    field: &str,
    current: Option<i64>,
) -> ApiResult<i64> {
    match regions::by_code(&state.db, code.trim()).await? {
        Some(r)
            if r.level() == RegionLevel::Community
                && (r.retired_at.is_none() || current == Some(r.id)) =>
        {
            Ok(r.id)
        }
        Some(r) if r.level() == RegionLevel::Community => {
            Err(ApiError::invalid("region_retired", field))
        }
        _ => Err(ApiError::invalid("invalid_community", field)),
    }
}

pub(crate) fn with_cookie(
    status: StatusCode,
    cookie: HeaderValue,
    body: impl IntoResponse,
) -> Response {
    (status, [(header::SET_COOKIE, cookie)], body).into_response()
}

/// Creates a resident account and logs it in. The phone is proven by a code sent to it
/// (`POST /auth/sms-codes`, purpose `register`).
#[utoipa::path(post, path = "/auth/register", tag = "accounts", request_body = RegisterRequest,
    responses((status = 201, body = Me), (status = 409, description = "phone_registered"),
              (status = 422, body = app::api::ErrorBody), (status = 429, body = app::api::ErrorBody)))]
async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<RegisterRequest>,
) -> ApiResult<Response> {
    ratelimit::REGISTER_PER_IP.hit(&state, &ip).await?;
    let mut c = Checks::default();
    let phone = c.check(
        PhoneNumber::parse(&req.phone)
            .map(Some)
            .map_err(|code| ApiError::invalid(code, "phone")),
    );
    let new_password = c.check(
        NewPassword::parse(&req.password, phone.as_ref())
            .map(Some)
            .map_err(|code| ApiError::invalid(code, "password")),
    );
    let display_name = c.check(parse_display_name(&req.display_name));
    let home = c.check(parse_community(&state, &req.home_community, "home_community", None).await);
    c.done()?;
    let (Some(phone), Some(new_password)) = (phone, new_password) else {
        return Err(ApiError::invalid("invalid_phone", "phone"));
    };
    by_sms::require_code(&state, &phone, CodePurpose::Register, &req.sms_code).await?;
    let hash = password::hash(new_password).await?;
    let user = NewUser {
        phone: phone.as_str(),
        password_hash: &hash,
        display_name: &display_name,
        home_region_id: Some(home),
    };
    let id = match store::insert_user(state.db.pool(), &user, state.config.clock.now()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(ApiError::Conflict(
                Problem::new("phone_registered").field("phone"),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if crate::lang::Lang::current() == crate::lang::Lang::En {
        // Messages to the account speak the language it registered in.
        store::set_language(state.db.pool(), id, "en", state.config.clock.now()).await?;
    }
    tracing::info!(user_id = id, "account registered");
    let cookie = start_session(&state, id, false, false, &headers).await?;
    let me = views::me_by_id(&state.db, id).await?;
    Ok(with_cookie(StatusCode::CREATED, cookie, Json(me)))
}

/// Checks phone and password. Unknown numbers and wrong passwords get the same answer, in the
/// same time, and count against the same per-number limit.
#[utoipa::path(post, path = "/auth/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = app::api::ErrorBody),
              (status = 429, body = app::api::ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Response> {
    ratelimit::LOGIN_PER_IP.hit(&state, &ip).await?;
    let phone = PhoneNumber::parse(&req.phone).map_err(|code| ApiError::invalid(code, "phone"))?;
    let limit = ratelimit::LOGIN_FAILURES_PER_ACCOUNT;
    limit.check(&state, phone.as_str()).await?;
    let user = store::user_by_phone(&state.db, phone.as_str()).await?;
    let ok = password::verify(
        req.password,
        user.as_ref().and_then(|u| u.password_hash.clone()),
    )
    .await?;
    let user = match user {
        Some(user) if ok => user,
        _ => {
            limit.hit(&state, phone.as_str()).await?;
            return Err(ApiError::InvalidCredentials);
        }
    };
    limit.reset(&state, phone.as_str()).await?;
    finish_login(&state, &user, "password", &headers).await
}

/// Starts the session of a user whose phone and password (or SMS code) were right: a pending
/// one when the account has a second factor. Staff logins are audited.
pub(super) async fn finish_login(
    state: &AppState,
    user: &store::UserRow,
    how: &str,
    headers: &HeaderMap,
) -> ApiResult<Response> {
    if user.status != "active" {
        return Err(ApiError::forbidden("account_disabled"));
    }
    let staff = !store::grants_of(&state.db, user.id).await?.is_empty();
    let mfa = user.totp_enabled == 1;
    let cookie = start_session(state, user.id, staff, mfa, headers).await?;
    if staff {
        audit::record(
            state.db.pool(),
            audit::Event {
                actor: Some(user.id),
                action: "staff.login",
                subject: format!("user:{}", user.id),
                region: None,
                detail: super::login_detail(how, mfa),
            },
            state.config.clock.now(),
        )
        .await?;
    }
    let me = if mfa {
        None
    } else {
        Some(views::me(&state.db, user).await?)
    };
    Ok(with_cookie(
        StatusCode::OK,
        cookie,
        Json(LoginResponse {
            mfa_required: mfa,
            me,
        }),
    ))
}

/// Completes a login that needs a second factor.
#[utoipa::path(post, path = "/auth/totp", tag = "accounts", request_body = TotpCode,
    responses((status = 200, body = Me), (status = 401, body = app::api::ErrorBody),
              (status = 429, body = app::api::ErrorBody)))]
async fn login_totp(
    State(state): State<AppState>,
    PendingLogin { user: pending, .. }: PendingLogin,
    headers: HeaderMap,
    Json(req): Json<TotpCode>,
) -> ApiResult<Response> {
    let now = state.config.clock.now();
    let limit = ratelimit::TOTP_PER_ACCOUNT;
    let key = pending.id.to_string();
    limit.check(&state, &key).await?;
    let user = store::user_by_id(&state.db, pending.id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if !totp::accept(&state.db, &user, &req.code, now).await? {
        limit.hit(&state, &key).await?;
        return Err(ApiError::invalid("invalid_totp", "code"));
    }
    limit.reset(&state, &key).await?;
    let cookie =
        start_session(&state, user.id, !pending.grants.is_empty(), false, &headers).await?;
    let me = views::me(&state.db, &user).await?;
    Ok(with_cookie(StatusCode::OK, cookie, Json(me)))
}

/// Ends this session.
#[utoipa::path(post, path = "/auth/logout", tag = "accounts", responses((status = 204)))]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = token_from(&headers) {
        store::delete_session(&state.db, &session::token_hash(&token)).await?;
    }
    Ok(with_cookie(
        StatusCode::NO_CONTENT,
        session::clear_cookie(state.config.behind_tls),
        (),
    ))
}

/// Ends every session of the account, on every device.
#[utoipa::path(post, path = "/auth/logout-all", tag = "accounts",
    responses((status = 204), (status = 401, body = app::api::ErrorBody)))]
async fn logout_all(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Response> {
    let n = store::delete_sessions_of(state.db.pool(), user.id).await?;
    tracing::info!(user_id = user.id, sessions = n, "logged out everywhere");
    Ok(with_cookie(
        StatusCode::NO_CONTENT,
        session::clear_cookie(state.config.behind_tls),
        (),
    ))
}

/// The logged-in user: name, masked phone, home community, roles with their scopes.
#[utoipa::path(get, path = "/me", tag = "accounts",
    responses((status = 200, body = Me), (status = 401, body = app::api::ErrorBody)))]
async fn get_me(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Me>> {
    Ok(Json(views::me_by_id(&state.db, user.id).await?))
}

/// Changes the display name and home community.
#[utoipa::path(put, path = "/me", tag = "accounts", request_body = UpdateProfileRequest,
    responses((status = 200, body = Me), (status = 401, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn update_me(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<UpdateProfileRequest>,
) -> ApiResult<Json<Me>> {
    let name = parse_display_name(&req.display_name)?;
    let current = store::user_by_id(&state.db, user.id)
        .await?
        .and_then(|u| u.home_region_id);
    let home = parse_community(&state, &req.home_community, "home_community", current).await?;
    store::update_profile(&state.db, user.id, &name, home, state.config.clock.now()).await?;
    Ok(Json(views::me_by_id(&state.db, user.id).await?))
}

pub(crate) async fn confirm_password(
    state: &AppState,
    user_id: i64,
    password: String,
) -> ApiResult<store::UserRow> {
    let row = store::user_by_id(&state.db, user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let limit = ratelimit::LOGIN_FAILURES_PER_ACCOUNT;
    let key = row.phone.clone().unwrap_or_default();
    limit.check(state, &key).await?;
    if !password::verify(password, row.password_hash.clone()).await? {
        limit.hit(state, &key).await?;
        return Err(ApiError::invalid("wrong_password", "password"));
    }
    Ok(row)
}

/// Changes the password; every other session of the account ends.
#[utoipa::path(post, path = "/me/password", tag = "accounts", request_body = ChangePasswordRequest,
    responses((status = 204), (status = 401, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Json(req): Json<ChangePasswordRequest>,
) -> ApiResult<Response> {
    let row = confirm_password(&state, user.id, req.current_password)
        .await
        .map_err(|e| match e {
            ApiError::Invalid(p) if p.code == "wrong_password" => {
                ApiError::invalid("wrong_password", "current_password")
            }
            other => other,
        })?;
    let phone = row
        .phone
        .as_deref()
        .and_then(|p| PhoneNumber::parse(p).ok());
    let new_password = NewPassword::parse(&req.new_password, phone.as_ref())
        .map_err(|code| ApiError::invalid(code, "new_password"))?;
    let hash = password::hash(new_password).await?;
    let mut tx = state.db.begin_write().await?;
    store::set_password_hash(&mut *tx, user.id, &hash, state.config.clock.now()).await?;
    store::delete_sessions_of(&mut *tx, user.id).await?;
    tx.commit().await?;
    let cookie = start_session(&state, user.id, user.is_staff(), false, &headers).await?;
    Ok(with_cookie(StatusCode::NO_CONTENT, cookie, ()))
}

/// Where the account is logged in.
#[utoipa::path(get, path = "/me/sessions", tag = "accounts",
    responses((status = 200, body = SessionList), (status = 401, body = app::api::ErrorBody)))]
async fn list_sessions(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<SessionList>> {
    let items = store::sessions_of(&state.db, user.id, state.config.clock.now())
        .await?
        .into_iter()
        .map(|s| SessionInfo {
            id: s.id_hash[..12].to_owned(),
            current: s.id_hash == user.session,
            created_at: crate::time::rfc3339(s.created_at),
            last_seen_at: crate::time::rfc3339(s.last_seen_at),
            user_agent: s.user_agent,
        })
        .collect();
    Ok(Json(SessionList { items }))
}

/// Creates a new authenticator secret (not active until confirmed with a code).
#[utoipa::path(post, path = "/me/totp/setup", tag = "accounts",
    responses((status = 200, body = TotpSetup), (status = 401, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody)))]
async fn totp_setup(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<TotpSetup>> {
    if user.mfa_enabled {
        return Err(ApiError::conflict("totp_already_enabled"));
    }
    let row = store::user_by_id(&state.db, user.id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let setup = totp::new_setup(&views::masked_phone(row.phone.as_deref()))?;
    store::set_totp_secret(
        state.db.pool(),
        user.id,
        Some(&setup.secret),
        false,
        state.config.clock.now(),
    )
    .await?;
    Ok(Json(setup))
}

/// Turns the second factor on, proving the app was set up with a current code.
#[utoipa::path(post, path = "/me/totp/enable", tag = "accounts", request_body = TotpCode,
    responses((status = 200, body = Me), (status = 401, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn totp_enable(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<TotpCode>,
) -> ApiResult<Json<Me>> {
    let now = state.config.clock.now();
    let row = store::user_by_id(&state.db, user.id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let Some(secret) = row.totp_secret.clone() else {
        return Err(ApiError::conflict("totp_not_set_up"));
    };
    if row.totp_enabled == 1 {
        return Err(ApiError::conflict("totp_already_enabled"));
    }
    if !totp::accept(&state.db, &row, &req.code, now).await? {
        return Err(ApiError::invalid("invalid_totp", "code"));
    }
    let mut tx = state.db.begin_write().await?;
    store::enable_totp(&mut *tx, user.id, &secret, now).await?;
    let enabled = audit::Event::new(user.id, "mfa.enable", format!("user:{}", user.id), None);
    audit::commit(tx, [enabled], now).await?;
    Ok(Json(views::me_by_id(&state.db, user.id).await?))
}

/// Turns the second factor off (password required).
#[utoipa::path(post, path = "/me/totp/disable", tag = "accounts", request_body = PasswordConfirmation,
    responses((status = 200, body = Me), (status = 401, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn totp_disable(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<PasswordConfirmation>,
) -> ApiResult<Json<Me>> {
    confirm_password(&state, user.id, req.password).await?;
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    store::set_totp_secret(&mut *tx, user.id, None, false, now).await?;
    let disabled = audit::Event::new(user.id, "mfa.disable", format!("user:{}", user.id), None);
    audit::commit(tx, [disabled], now).await?;
    Ok(Json(views::me_by_id(&state.db, user.id).await?))
}

/// The departments feedback is routed to.
#[utoipa::path(get, path = "/departments", tag = "accounts", responses((status = 200, body = DepartmentList)))]
async fn list_departments(State(state): State<AppState>) -> ApiResult<Json<DepartmentList>> {
    let items = store::departments(&state.db)
        .await?
        .into_iter()
        .map(|d| Department {
            code: d.code,
            name: Text::new(d.name_zh, d.name_en),
        })
        .collect();
    Ok(Json(DepartmentList { items }))
}
