//! Extractors whose rejections speak the API's error shape.
//!
//! Use these instead of axum's own `Json`, `Query` and `Path`: a malformed body or query string
//! then becomes a 400/413/415/422 with a stable code rather than axum's plain-text rejection.
use axum::{
    extract::{
        FromRequest, FromRequestParts,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    response::{IntoResponse, Response},
};

use crate::error::{ApiError, Problem};

/// JSON body (requests) and JSON response (replies).
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Query string.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// Path parameters.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Keeps serde's explanation short enough for a message and free of line breaks.
fn detail(text: String) -> String {
    let text = text.replace('\n', " ");
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(e) => {
                Self::Invalid(Problem::new("invalid_body").param("detail", detail(e.body_text())))
            }
            JsonRejection::JsonSyntaxError(e) => Self::BadRequest(
                Problem::new("malformed_json").param("detail", detail(e.body_text())),
            ),
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::BytesRejection(e) => {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    Self::PayloadTooLarge
                } else {
                    Self::BadRequest(
                        Problem::new("malformed_json").param("detail", detail(e.body_text())),
                    )
                }
            }
            other => Self::BadRequest(
                Problem::new("malformed_json").param("detail", detail(other.body_text())),
            ),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::BadRequest(
            Problem::new("invalid_query").param("detail", detail(rejection.body_text())),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::BadRequest(
            Problem::new("invalid_path").param("detail", detail(rejection.body_text())),
        )
    }
}

/// The client's address, for rate limits. Behind a trusted proxy (`--trust-proxy`) it is the
/// first `X-Forwarded-For` entry; otherwise the TCP peer; `unknown` in in-process tests
/// without either.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl FromRequestParts<crate::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.config.trust_proxy
            && let Some(forwarded) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
            && let Some(first) = forwarded
                .split(',')
                .next()
                .map(str::trim)
                .filter(|s| !s.is_empty())
        {
            return Ok(Self(first.to_owned()));
        }
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
        Ok(Self(peer))
    }
}
