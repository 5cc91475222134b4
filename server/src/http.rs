//! Cross-cutting HTTP behaviour: request ids, tracing, timeouts, limits, security headers,
//! and the guarantee that every error under `/api` has the JSON error shape.
use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, Request},
    http::{HeaderName, HeaderValue, StatusCode, Uri, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    AppState, Config,
    error::ApiError,
    lang::{Lang, REQUEST_LANG},
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Only this origin, plus WebAssembly compilation; no inline scripts, no outside hosts.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
     manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A CSV file to download: `text/csv` in UTF-8, saved as `file_name`, never cached.
pub fn csv_download(file_name: &str, body: impl Into<Body>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body.into(),
    )
        .into_response()
}

/// An iCalendar file (RFC 5545): a download when `file_name` is given, else a feed that
/// calendar apps fetch again (`cache_control` says how often is worth it).
pub fn calendar_response(
    file_name: Option<&str>,
    cache_control: &'static str,
    body: String,
) -> Response {
    let disposition = file_name.map_or(HeaderValue::from_static("inline"), |name| {
        HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
            .unwrap_or(HeaderValue::from_static("attachment"))
    });
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            ),
        ],
        body,
    )
        .into_response()
}

/// Requests that may write (any method but `GET`, `HEAD` and `OPTIONS`) this process has
/// finished answering: what it reads as current must be read after them (see
/// [`crate::directory::pages`]).
static WRITES_ANSWERED: AtomicU64 = AtomicU64::new(0);

/// How many requests that may write this process has finished answering (their transactions
/// are committed or rolled back).
pub fn writes_answered() -> u64 {
    WRITES_ANSWERED.load(Ordering::SeqCst)
}

/// Counts a request that may write once its handler is done, or dropped.
async fn count_writes(req: Request, next: Next) -> Response {
    struct Counted;
    impl Drop for Counted {
        fn drop(&mut self) {
            WRITES_ANSWERED.fetch_add(1, Ordering::SeqCst);
        }
    }
    if req.method().is_safe() {
        return next.run(req).await;
    }
    let _counted = Counted;
    next.run(req).await
}

/// Wraps the application in the middleware every response passes through.
pub fn with_middleware(app: Router<AppState>, config: &Config) -> Router<AppState> {
    let static_headers = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(self), payment=()",
        ),
    ];
    let csrf = tower_http::csrf::CsrfLayer::new()
        .with_rejection_response(|_| ApiError::forbidden("csrf_rejected").into_response());
    let mut app = app
        .layer(middleware::from_fn(count_writes))
        .layer(middleware::from_fn(require_csrf_header))
        .layer(csrf)
        .layer(middleware::from_fn(api_errors))
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(CompressionLayer::new());
    for (name, value) in static_headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if config.behind_tls {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    app.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                    let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    // The path only: query strings may carry personal data.
                    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
                }),
            )
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CatchPanicLayer::custom(|_| {
                tracing::error!("handler panicked");
                ApiError::Internal("panic".into()).into_response()
            }))
            .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, config.request_timeout)),
    )
}

/// Sets the request's language for error messages and turns any bare error response under
/// `/api` (405 from the router, 413 from a limit, 503 from the timeout) into the JSON shape.
/// The request's language: `?lang=en` or `?lang=zh-CN` where given (links the browser follows,
/// such as downloads, carry the app's language this way; the parameter is taken off the query
/// before handlers read it), else `Accept-Language`.
fn language(mut req: Request) -> (Lang, Request) {
    let Some(query) = req.uri().query().filter(|q| q.contains("lang=")) else {
        return (Lang::from_headers(req.headers()), req);
    };
    let mut chosen = None;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|part| match part.strip_prefix("lang=") {
            Some(tag) => {
                chosen = Some(Lang::negotiate(Some(tag)));
                false
            }
            None => true,
        })
        .collect();
    let Some(lang) = chosen else {
        return (Lang::from_headers(req.headers()), req);
    };
    let path = req.uri().path();
    let rebuilt = if rest.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", rest.join("&"))
    };
    if let Ok(uri) = rebuilt.parse::<Uri>() {
        *req.uri_mut() = uri;
    }
    (lang, req)
}

async fn api_errors(req: Request, next: Next) -> Response {
    let (lang, req) = language(req);
    let is_api = is_api_path(req.uri());
    let response = REQUEST_LANG.scope(lang, next.run(req)).await;
    let status = response.status();
    if !is_api || !(status.is_client_error() || status.is_server_error()) || is_json(&response) {
        return response;
    }
    let error = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
        StatusCode::NOT_FOUND => ApiError::not_found("not_found"),
        StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable,
        StatusCode::REQUEST_TIMEOUT => ApiError::bad_request("request_timeout"),
        s if s.is_client_error() => ApiError::bad_request("bad_request"),
        _ => ApiError::Internal(format!("bare {status} response")),
    };
    let mut rendered = REQUEST_LANG
        .scope(lang, async { error.into_response() })
        .await;
    *rendered.status_mut() = status;
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = response.headers().get(&name) {
            rendered.headers_mut().insert(name, v.clone());
        }
    }
    rendered
}

/// Header every state-changing API request must carry. Browsers cannot add it to a cross-site
/// request without a CORS preflight, which Linli never grants; with `SameSite=Strict` cookies
/// and the Fetch-Metadata/Origin check of `CsrfLayer` it makes forged requests fail.
pub const CSRF_HEADER: &str = "x-linli-csrf";

async fn require_csrf_header(req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    if unsafe_method && is_api_path(req.uri()) && !req.headers().contains_key(CSRF_HEADER) {
        return ApiError::forbidden("csrf_rejected").into_response();
    }
    next.run(req).await
}

fn is_api_path(uri: &Uri) -> bool {
    let path = uri.path();
    path == "/api" || path.starts_with("/api/")
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// Unknown `/api` paths get a JSON 404; everything else is a page of the single-page app.
pub async fn fallback(state: axum::extract::State<AppState>, req: Request) -> Response {
    if is_api_path(req.uri()) {
        return ApiError::not_found("route_not_found").into_response();
    }
    crate::assets::serve_spa(state, req).await
}

/// How long a client may cache an API answer that rarely changes (regions, categories).
pub const REFERENCE_DATA_MAX_AGE: Duration = Duration::from_secs(300);
