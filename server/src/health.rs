//! `GET /api/v1/health`: is the service up, and does its database answer?
use std::time::Duration;

use app::api::system::Health;
use axum::{extract::State, http::StatusCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{AppState, extract::Json};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Reports the service status; 503 when the database does not answer within two seconds.
#[utoipa::path(get, path = "/health", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let reachable = matches!(
        tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await,
        Ok(Ok(()))
    );
    let (status, text) = if reachable {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    };
    let body = Health {
        status: text.to_owned(),
        database: state.db.backend().name().to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        search_index: if reachable {
            crate::ready::search_index(&state).await
        } else {
            None
        },
    };
    (status, Json(body))
}
