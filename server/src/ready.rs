//! `GET /api/v1/ready`: may this instance take traffic? `GET /api/v1/health` answers whether
//! the process is alive; readiness also needs the schema this binary expects and an instance
//! that is not shutting down, so a load balancer stops sending requests during a migration or
//! a restart without the orchestrator killing the process.
use std::time::Duration;

use app::api::system::{MigrationState, Readiness, SearchIndexState};
use axum::{
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{AppState, db, extract::Json};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(ready))
}

/// Compares the migrations built into the binary with those the database has applied.
pub fn migration_state(expected: &[i64], applied: &[i64]) -> MigrationState {
    let pending: Vec<i64> = expected
        .iter()
        .copied()
        .filter(|v| !applied.contains(v))
        .collect();
    MigrationState {
        expected: expected.iter().copied().max().unwrap_or(0),
        applied: applied.iter().copied().max(),
        current: pending.is_empty(),
        pending,
    }
}

/// Ready when every check passes.
pub fn is_ready(
    database_ok: bool,
    migrations: &MigrationState,
    shutting_down: bool,
    search_index: Option<&SearchIndexState>,
) -> bool {
    database_ok && migrations.current && !shutting_down && search_index.is_none_or(|s| s.ready)
}

/// The directory search index's state, where the server keeps one: `building` until its
/// first build or catch-up is done, then `current` or `behind` (search-log entries not yet
/// applied; searches wait for them, briefly).
pub async fn search_index(state: &AppState) -> Option<SearchIndexState> {
    let status = state.search_index.status();
    if status.state == "off" {
        return None;
    }
    let latest = crate::directory::search_log::latest(&state.db)
        .await
        .unwrap_or(status.applied);
    let lag = (latest - status.applied).max(0);
    let ready = status.state == "ready";
    Some(SearchIndexState {
        ready,
        state: match (ready, lag) {
            (false, _) => "building",
            (true, 0) => "current",
            (true, _) => "behind",
        }
        .to_owned(),
        applied: status.applied,
        lag,
        documents: status.documents,
    })
}

/// Reports whether this instance should get traffic: the database answers (within two
/// seconds), no migration of this binary is pending, the server is not shutting down (and the
/// search index, where there is one, is ready). 503 otherwise, with the same body.
#[utoipa::path(get, path = "/ready", tag = "system",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
async fn ready(State(state): State<AppState>) -> Response {
    let expected = db::migration_versions(state.db.backend());
    let checked = tokio::time::timeout(Duration::from_secs(2), async {
        state.db.ping().await?;
        state.db.applied_migrations().await
    })
    .await;
    let (database_ok, applied) = match checked {
        Ok(Ok(applied)) => (true, applied),
        _ => (false, Vec::new()),
    };
    let migrations = migration_state(&expected, &applied);
    let shutting_down = state.config.shutdown.is_triggered();
    let search_index = search_index(&state).await;
    let ready = is_ready(
        database_ok,
        &migrations,
        shutting_down,
        search_index.as_ref(),
    );
    let body = Readiness {
        status: if ready { "ready" } else { "not_ready" }.to_owned(),
        database: if database_ok { "ok" } else { "unreachable" }.to_owned(),
        migrations,
        shutting_down,
        search_index,
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_current_when_none_of_the_binarys_is_missing() {
        let m = migration_state(&[1, 2, 12], &[1, 2, 12]);
        assert!(m.current);
        assert_eq!((m.expected, m.applied), (12, Some(12)));
        let behind = migration_state(&[1, 2, 12], &[1, 2]);
        assert!(!behind.current);
        assert_eq!(behind.pending, vec![12]);
        let fresh = migration_state(&[1, 2], &[]);
        assert_eq!((fresh.applied, fresh.pending), (None, vec![1, 2]));
        // A newer release migrated further: this instance still has every table it needs.
        assert!(migration_state(&[1, 2], &[1, 2, 3]).current);
    }

    #[test]
    fn every_check_must_pass() {
        let current = migration_state(&[1], &[1]);
        let behind = migration_state(&[1], &[]);
        let building = SearchIndexState {
            ready: false,
            state: "building".into(),
            applied: 0,
            lag: 0,
            documents: 0,
        };
        assert!(is_ready(true, &current, false, None));
        assert!(!is_ready(false, &current, false, None));
        assert!(!is_ready(true, &behind, false, None));
        assert!(!is_ready(true, &current, true, None));
        assert!(!is_ready(true, &current, false, Some(&building)));
    }
}
