//! The API's one error type and its one mapping to HTTP.
//!
//! Every failure a handler can meet becomes an [`ApiError`]; its `IntoResponse` writes the
//! shared JSON shape `{"error": {"code", "message", "field", "fields"}}` with the messages in
//! the caller's language (see [`crate::lang`]); `fields` lists every invalid field of a form. Database errors are logged with context and
//! answered as an opaque 500, except constraint violations (409/422) and an unreachable
//! database (503).
pub mod messages;

use std::fmt;

use app::api::{ErrorBody, ErrorDetail, FieldProblem};
use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::lang::Lang;

/// A stable error code with the request field it concerns and values for its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub field: Option<String>,
    pub params: Vec<(&'static str, String)>,
}

impl Problem {
    pub fn new(code: &'static str) -> Self {
        Self {
            code,
            field: None,
            params: Vec::new(),
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn param(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)?;
        if let Some(field) = &self.field {
            write!(f, " ({field})")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request cannot be read (malformed JSON, bad query string, bad path).
    #[error("bad request: {0}")]
    BadRequest(Problem),
    /// 401: the endpoint needs a logged-in user.
    #[error("not logged in")]
    Unauthenticated,
    /// 401: phone number or password is wrong (the answer never says which).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 403: logged in, but this user may not do this.
    #[error("forbidden: {0}")]
    Forbidden(Problem),
    /// 404: no such thing, or not visible to this user.
    #[error("not found: {0}")]
    NotFound(Problem),
    /// 405: the path exists but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409: the request conflicts with the current state (slot taken, duplicate).
    #[error("conflict: {0}")]
    Conflict(Problem),
    /// 413: the body is larger than this endpoint accepts.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 415: the body is not in a format this endpoint reads.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 413 with a specific code and field (an uploaded file over its limit).
    #[error("too large: {0}")]
    TooLarge(Problem),
    /// 415 with a specific code and field (an uploaded file of a refused type).
    #[error("unsupported: {0}")]
    Unsupported(Problem),
    /// 422: the request is well-formed but a value breaks a rule; `field` names it.
    #[error("invalid: {0}")]
    Invalid(Problem),
    /// 422: several values break rules, each problem naming its field (see
    /// [`crate::fields::Checks`]); the first is reported as `code` and `field`.
    #[error("invalid: {} fields", .0.len())]
    InvalidFields(Vec<Problem>),
    /// 429: too many requests; retry after the given number of seconds.
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// 503: the database (or another dependency) cannot be reached right now.
    #[error("service unavailable")]
    Unavailable,
    /// 500: a bug or an unexpected failure; details go to the log, never to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn bad_request(code: &'static str) -> Self {
        Self::BadRequest(Problem::new(code))
    }
    pub fn forbidden(code: &'static str) -> Self {
        Self::Forbidden(Problem::new(code))
    }
    pub fn not_found(code: &'static str) -> Self {
        Self::NotFound(Problem::new(code))
    }
    pub fn conflict(code: &'static str) -> Self {
        Self::Conflict(Problem::new(code))
    }
    pub fn invalid(code: &'static str, field: &str) -> Self {
        Self::Invalid(Problem::new(code).field(field))
    }

    /// The same failure for another request that shared the failed work (a coalesced read):
    /// unreachable stays 503, anything else is an internal error with the same detail.
    pub fn shared(&self) -> Self {
        match self {
            Self::Unavailable => Self::Unavailable,
            Self::Internal(detail) => Self::Internal(detail.clone()),
            other => Self::Internal(other.to_string()),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge | Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType | Self::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Invalid(_) | Self::InvalidFields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem to report; variants without one use a fixed code.
    pub fn problem(&self) -> Problem {
        match self {
            Self::BadRequest(p)
            | Self::Forbidden(p)
            | Self::NotFound(p)
            | Self::Conflict(p)
            | Self::TooLarge(p)
            | Self::Unsupported(p)
            | Self::Invalid(p) => p.clone(),
            Self::Unauthenticated => Problem::new("unauthenticated"),
            Self::InvalidCredentials => Problem::new("invalid_credentials"),
            Self::MethodNotAllowed => Problem::new("method_not_allowed"),
            Self::PayloadTooLarge => Problem::new("payload_too_large"),
            Self::UnsupportedMediaType => Problem::new("unsupported_media_type"),
            Self::RateLimited { retry_after_secs } => {
                Problem::new("rate_limited").param("seconds", retry_after_secs)
            }
            Self::InvalidFields(problems) => problems
                .first()
                .cloned()
                .unwrap_or_else(|| Problem::new("invalid_value")),
            Self::Unavailable => Problem::new("service_unavailable"),
            Self::Internal(_) => Problem::new("internal_error"),
        }
    }

    /// The JSON body for this error in a language. Every problem that names a field is listed
    /// in `fields` (one for most errors, all of them for [`Self::InvalidFields`]).
    pub fn body(&self, lang: Lang) -> ErrorBody {
        let problem = self.problem();
        let problems = match self {
            Self::InvalidFields(problems) => problems.as_slice(),
            _ => std::slice::from_ref(&problem),
        };
        let fields = problems
            .iter()
            .filter_map(|p| {
                Some(FieldProblem {
                    field: p.field.clone()?,
                    code: p.code.to_owned(),
                    message: messages::render(p.code, &p.params, lang),
                })
            })
            .collect();
        ErrorBody {
            error: ErrorDetail {
                code: problem.code.to_owned(),
                message: messages::render(problem.code, &problem.params, lang),
                field: problem.field,
                fields,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let mut response = (self.status(), Json(self.body(Lang::current()))).into_response();
        if let Self::RateLimited { retry_after_secs } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

/// A rule broken by one value: 422 naming its field.
impl From<Problem> for ApiError {
    fn from(p: Problem) -> Self {
        Self::Invalid(p)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        match &err {
            sqlx::Error::RowNotFound => Self::not_found("not_found"),
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::warn!(error = %err, "database unreachable");
                Self::Unavailable
            }
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::UniqueViolation => Self::conflict("conflict"),
                ErrorKind::ForeignKeyViolation => Self::Invalid(Problem::new("invalid_reference")),
                ErrorKind::CheckViolation | ErrorKind::NotNullViolation => {
                    Self::Invalid(Problem::new("invalid_value"))
                }
                _ if is_connection_failure(db.code().as_deref()) => {
                    tracing::warn!(error = %err, "database connection lost");
                    Self::Unavailable
                }
                _ => Self::Internal(format!("database: {err}")),
            },
            _ => Self::Internal(format!("database: {err}")),
        }
    }
}

/// PostgreSQL SQLSTATE classes meaning "the server went away or is shutting down".
fn is_connection_failure(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.starts_with("08") || c.starts_with("57P"))
}

/// Whether a database error is a unique/primary-key violation (used where a conflict has a
/// specific meaning, such as a taken slot).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation)
}
