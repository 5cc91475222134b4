//! Sessions: a random token in an HttpOnly cookie, its SHA-256 in the database, and the
//! [`CurrentUser`] extractor that every protected handler starts with.
use app::api::accounts::Role;
use axum::{
    extract::{FromRequestParts, OptionalFromRequestParts},
    http::{HeaderValue, header, request::Parts},
};
use cookie::{Cookie, SameSite};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::store;
use crate::{AppState, Db, error::ApiError};

pub const COOKIE: &str = "linli_session";

/// A fresh random session token (256 bits, hex).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is stored for a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The `Set-Cookie` value that stores a session token.
pub fn set_cookie(token: &str, max_age: std::time::Duration, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((COOKIE, token.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(
            i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX),
        ))
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or(HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    let cookie = Cookie::build((COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(cookie::time::Duration::ZERO)
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or(HeaderValue::from_static(""))
}

/// The session token sent by the client, if any.
pub fn token_from(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == COOKIE && !c.value().is_empty())
        .map(|c| c.value().to_owned())
}

/// A role held by the current user for a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: i64,
    pub role: Role,
    pub region_id: i64,
    pub department_id: Option<i64>,
}

/// The logged-in user of a request. Extracting it answers 401 when there is no valid,
/// fully authenticated session (second factor included).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    pub home_region_id: Option<i64>,
    pub grants: Vec<Grant>,
    pub mfa_enabled: bool,
    /// Hash of the session token of this request.
    pub session: String,
    /// The family member acting for this user in this request ([`super::family`]); the
    /// session is theirs.
    pub proxy: Option<i64>,
}

impl CurrentUser {
    pub fn is_staff(&self) -> bool {
        !self.grants.is_empty()
    }

    pub fn has_role(&self, role: Role) -> bool {
        role == Role::Resident || self.grants.iter().any(|g| g.role == role)
    }

    /// Function-level check: 403 unless the user holds one of `roles` somewhere.
    pub fn require_any(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.iter().any(|r| self.has_role(*r)) {
            Ok(())
        } else {
            Err(ApiError::forbidden("forbidden"))
        }
    }

    /// Object-level check: whether one of `roles` is held for a region containing `region_id`.
    pub async fn covers(&self, db: &Db, roles: &[Role], region_id: i64) -> Result<bool, ApiError> {
        let regions: Vec<i64> = self
            .grants
            .iter()
            .filter(|g| roles.contains(&g.role))
            .map(|g| g.region_id)
            .collect();
        if regions.is_empty() {
            return Ok(false);
        }
        Ok(store::any_region_contains(db, &regions, region_id).await?)
    }

    /// Regions (grant roots) where the user holds one of `roles`.
    pub fn scope_roots(&self, roles: &[Role]) -> Vec<i64> {
        let mut roots: Vec<i64> = self
            .grants
            .iter()
            .filter(|g| roles.contains(&g.role))
            .map(|g| g.region_id)
            .collect();
        roots.sort_unstable();
        roots.dedup();
        roots
    }
}

/// A session row joined with its user, as loaded for each request.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionUser {
    pub user_id: i64,
    pub display_name: String,
    pub home_region_id: Option<i64>,
    pub totp_enabled: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub mfa_pending: i64,
}

/// Loads the session of a token: `Ok(None)` when it does not exist, has expired (absolute or
/// idle), or belongs to an account that is not active. Touches `last_seen_at` at most once a
/// minute, so reads stay reads.
pub async fn load(
    state: &AppState,
    token: &str,
    allow_pending: bool,
) -> Result<Option<CurrentUser>, ApiError> {
    let hash = token_hash(token);
    let Some((row, grants)) = store::session_user(&state.db, &hash).await? else {
        return Ok(None);
    };
    let now = state.config.clock.now();
    if row.mfa_pending == 1 && !allow_pending {
        return Ok(None);
    }
    let policy = state.config.sessions;
    let idle = if grants.is_empty() {
        policy.resident_idle
    } else {
        policy.staff_idle
    };
    let idle = i64::try_from(idle.as_secs()).unwrap_or(i64::MAX);
    if row.expires_at <= now || row.last_seen_at.saturating_add(idle) <= now {
        store::delete_session(&state.db, &hash).await?;
        return Ok(None);
    }
    if now - row.last_seen_at >= 60 {
        store::touch_session(&state.db, &hash, now).await?;
    }
    Ok(Some(CurrentUser {
        id: row.user_id,
        display_name: row.display_name,
        home_region_id: row.home_region_id,
        grants,
        mfa_enabled: row.totp_enabled == 1,
        session: hash,
        proxy: None,
    }))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = token_from(&parts.headers).ok_or(ApiError::Unauthenticated)?;
        let user = load(state, &token, false)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        super::family::resolve(state, parts, user).await
    }
}

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        let user = match token_from(&parts.headers) {
            Some(token) => load(state, &token, false).await?,
            None => None,
        };
        match user {
            Some(user) => Ok(Some(super::family::resolve(state, parts, user).await?)),
            // Acting for someone needs a session of one's own.
            None if parts.headers.contains_key(super::family::HEADER) => {
                Err(ApiError::Unauthenticated)
            }
            None => Ok(None),
        }
    }
}

/// Shortens a user agent for the session list.
pub fn short_user_agent(parts_ua: Option<&str>) -> String {
    parts_ua.unwrap_or("").chars().take(160).collect()
}

/// A set of roles that an endpoint requires (see [`WithRole`]).
pub trait RoleSet: Send + Sync + 'static {
    const ROLES: &'static [Role];
}

/// Administrators.
pub struct Admins;
impl RoleSet for Admins {
    const ROLES: &'static [Role] = &[Role::Admin];
}

/// The logged-in user, holding one of `R`'s roles somewhere: 401 without a session, 403 without
/// the role. Checked before the body is read, so the answer never depends on the input.
pub struct WithRole<R: RoleSet>(pub CurrentUser, pub std::marker::PhantomData<R>);

impl<R: RoleSet> FromRequestParts<AppState> for WithRole<R> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user =
            <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        user.require_any(R::ROLES)?;
        Ok(Self(user, std::marker::PhantomData))
    }
}

/// A session that has passed the password step and waits for its second factor.
pub struct PendingLogin {
    pub user: CurrentUser,
    pub token: String,
}

impl FromRequestParts<AppState> for PendingLogin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = token_from(&parts.headers).ok_or(ApiError::Unauthenticated)?;
        let user = load(state, &token, true)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if !store::is_pending(&state.db, &user.session).await? {
            return Err(ApiError::Unauthenticated);
        }
        Ok(Self { user, token })
    }
}
