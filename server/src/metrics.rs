//! Prometheus metrics at `GET /api/v1/metrics`, for the operator's monitoring only.
//!
//! Off unless a token is configured (`--metrics-token` / `LINLI_METRICS_TOKEN`): then the route
//! answers with the Prometheus text format to `Authorization: Bearer <token>`, and every
//! request is counted and timed by its route *template* (`/api/v1/feedback/{tracking_code}`),
//! never by the raw path, which may hold tracking codes, phone numbers or ids. Requests that
//! match no route are labelled `unmatched`. Gauges (database pool, outbox backlog, overdue
//! feedback cases) are read at each scrape. The recorder is the `metrics` facade with
//! `metrics-exporter-prometheus`, installed once per process.
use std::{sync::OnceLock, time::Duration};

use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{AppState, error::ApiError};

/// Requests handled, by method, route template and status.
pub const REQUESTS: &str = "linli_http_requests_total";
/// Time from request to response head, by method and route template.
pub const DURATION: &str = "linli_http_request_duration_seconds";

/// Histogram buckets of [`DURATION`], in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The scrape token. Its `Debug` never shows it: configurations are logged.
#[derive(Clone)]
pub struct MetricsToken(String);

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(…)")
    }
}

impl MetricsToken {
    /// A token of at least 16 characters (shorter ones are refused at start).
    pub fn new(token: &str) -> Option<Self> {
        let token = token.trim();
        (token.chars().count() >= 16).then(|| Self(token.to_owned()))
    }

    /// Compares digests, so the time taken says nothing about how much of a guess was right.
    fn accepts(&self, presented: &str) -> bool {
        Sha256::digest(presented.as_bytes()) == Sha256::digest(self.0.as_bytes())
    }
}

/// The process-wide recorder (installed on first use).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = match PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(DURATION.to_owned()), &BUCKETS)
        {
            Ok(b) => b,
            Err(_) => PrometheusBuilder::new(),
        };
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if ::metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /api/v1/metrics stays empty");
        }
        ::metrics::describe_counter!(REQUESTS, "HTTP requests handled, by route template");
        ::metrics::describe_histogram!(
            DURATION,
            ::metrics::Unit::Seconds,
            "Time to answer HTTP requests, by route template"
        );
        handle
    })
}

/// Middleware counting and timing every request by its route template.
pub async fn track(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = method_label(req.method());
    let started = std::time::Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    ::metrics::counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    ::metrics::histogram!(DURATION, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Standard methods by name; anything else as `other`, so a client cannot invent labels.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Keeps the recorder's memory bounded (histogram samples are folded in) while nobody scrapes.
pub fn spawn_upkeep(shutdown: &crate::shutdown::Shutdown) -> tokio::task::JoinHandle<()> {
    crate::shutdown::periodic(shutdown, Duration::from_secs(5), || async {
        handle().run_upkeep();
    })
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(metrics))
}

/// Reads the gauges that come from the database; a failure leaves the previous values.
async fn read_gauges(state: &AppState) {
    let pool = state.db.pool();
    ::metrics::gauge!("linli_db_pool_connections").set(f64::from(pool.size()));
    ::metrics::gauge!("linli_db_pool_idle_connections").set(pool.num_idle() as f64);
    ::metrics::gauge!("linli_db_pool_max_connections")
        .set(f64::from(pool.options().get_max_connections()));
    ::metrics::gauge!("linli_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    let now = state.config.clock.now();
    let reads = async {
        let backlog = crate::notifications::store::outbox_backlog(&state.db, now).await;
        let overdue =
            crate::feedback::store::overdue_count(&state.db, state.config.clock.today()).await;
        (backlog, overdue)
    };
    match tokio::time::timeout(Duration::from_secs(2), reads).await {
        Ok((backlog, overdue)) => {
            if let Ok((pending, oldest)) = backlog {
                ::metrics::gauge!("linli_outbox_pending_messages").set(pending as f64);
                ::metrics::gauge!("linli_outbox_oldest_due_seconds").set(oldest as f64);
            }
            if let Ok(n) = overdue {
                ::metrics::gauge!("linli_feedback_overdue_cases").set(n as f64);
            }
        }
        Err(_) => tracing::warn!("metrics: database gauges timed out"),
    }
}

/// Prometheus metrics (text format 0.0.4), for `Authorization: Bearer <metrics token>`.
/// 404 when no token is configured (`--metrics-token`), 401 without the right one.
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses((status = 200, content_type = "text/plain", body = String,
               description = "Prometheus text exposition format"),
              (status = 401, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = &state.config.metrics_token else {
        return ApiError::not_found("route_not_found").into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !token.accepts(presented.trim()) {
        let mut refused = ApiError::Unauthenticated.into_response();
        refused.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"linli-metrics\""),
        );
        return refused;
    }
    read_gauges(&state).await;
    let handle = handle();
    handle.run_upkeep();
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        handle.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_never_shown() {
        assert!(MetricsToken::new("short").is_none());
        let t = MetricsToken::new("  0123456789abcdef ").expect("long enough");
        assert!(t.accepts("0123456789abcdef"));
        assert!(!t.accepts("0123456789abcdeF"));
        assert!(!t.accepts(""));
        assert_eq!(format!("{t:?}"), "MetricsToken(…)");
    }

    #[test]
    fn invented_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        let odd = Method::from_bytes(b"BREW").expect("extension method");
        assert_eq!(method_label(&odd), "other");
    }
}
