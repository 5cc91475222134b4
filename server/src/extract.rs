//! Extractors whose rejections speak the API's error shape.
//!
//! Use these instead of axum's own `Json`, `Query` and `Path`: a malformed body or query string
//! then becomes a 400/413/415/422 with a stable code rather than axum's plain-text rejection.
use axum::{
    body::Bytes,
    extract::{
        FromRequest, FromRequestParts, Request,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Problem};

/// JSON body (requests) and JSON response (replies). Every request body of the API is a JSON
/// object: an array is refused before serde sees it, since serde would otherwise fill a
/// struct from it positionally (`[null, null]` as an empty change).
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !json_content_type(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(JsonRejection::from)?;
        if bytes.trim_ascii_start().first() == Some(&b'[') {
            return Err(ApiError::Invalid(
                Problem::new("invalid_body")
                    .param("detail", "expected a JSON object, not an array"),
            ));
        }
        let axum::Json(value) = axum::Json::from_bytes(&bytes)?;
        Ok(Self(value))
    }
}

/// `application/json` or a `+json` type such as `application/merge-patch+json`.
fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

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

/// The client's address, for rate limits. Behind trusted proxies (`--trust-proxy`,
/// `--trusted-proxies N`) it is the address the outermost trusted proxy saw: the `N`-th
/// `X-Forwarded-For` entry from the right, since each proxy appends the address it received
/// the request from and everything left of that was written by the client. Otherwise the TCP
/// peer; `unknown` in in-process tests without either.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl FromRequestParts<crate::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        let hops = if state.config.trust_proxy {
            state.config.trusted_proxies.max(1)
        } else {
            0
        };
        let ip = client_address(&parts.headers, hops, peer);
        Ok(Self(
            ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()),
        ))
    }
}

/// The client address behind `hops` trusted proxies (0: the peer itself). With fewer
/// `X-Forwarded-For` entries than hops the leftmost is taken: they were all appended by
/// trusted proxies (the request skipped the outer ones). An entry that is not an address
/// (`unknown`, garbage) gives the peer.
pub fn client_address(
    headers: &axum::http::HeaderMap,
    hops: u32,
    peer: Option<std::net::IpAddr>,
) -> Option<std::net::IpAddr> {
    if hops == 0 {
        return peer;
    }
    // Several header lines are one list, in order (RFC 9110 §5.3).
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let Some(index) = entries.len().checked_sub(1) else {
        return peer;
    };
    let chosen = entries[index.saturating_sub(hops as usize - 1)];
    parse_address(chosen).or(peer)
}

/// `203.0.113.7`, `203.0.113.7:51234`, `2001:db8::1` or `[2001:db8::1]:443`.
fn parse_address(entry: &str) -> Option<std::net::IpAddr> {
    entry
        .parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use axum::http::{HeaderMap, HeaderValue};

    use super::client_address;

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append("x-forwarded-for", HeaderValue::from_str(l).expect("header"));
        }
        h
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().expect("ip"))
    }

    #[test]
    fn the_trusted_proxys_entry_is_taken_never_the_forgeable_first() {
        let peer = ip("10.0.0.2");
        let cases: [(&[&str], u32, Option<IpAddr>, &str); 11] = [
            (
                &["203.0.113.7"],
                1,
                ip("203.0.113.7"),
                "one proxy, one entry",
            ),
            (
                &["6.6.6.6, 203.0.113.7"],
                1,
                ip("203.0.113.7"),
                "forged first entry is ignored",
            ),
            (
                &["6.6.6.6", "203.0.113.7"],
                1,
                ip("203.0.113.7"),
                "two header lines are one list",
            ),
            (
                &["6.6.6.6, 203.0.113.7, 198.51.100.1"],
                2,
                ip("203.0.113.7"),
                "two trusted hops",
            ),
            (
                &["203.0.113.7"],
                2,
                ip("203.0.113.7"),
                "fewer entries than hops: leftmost",
            ),
            (&["203.0.113.7:51234"], 1, ip("203.0.113.7"), "with a port"),
            (
                &["[2001:db8::1]:443"],
                1,
                ip("2001:db8::1"),
                "IPv6 with a port",
            ),
            (&["2001:db8::1"], 1, ip("2001:db8::1"), "IPv6"),
            (&["1.2.3.4, unknown"], 1, peer, "not an address: the peer"),
            (&[], 1, peer, "no header: the peer"),
            (&["6.6.6.6"], 0, peer, "proxies not trusted: the peer"),
        ];
        for (lines, hops, want, why) in cases {
            assert_eq!(client_address(&headers(lines), hops, peer), want, "{why}");
        }
    }
}
