use app::api::system::Health;
use axum::http::StatusCode;

use crate::helpers::TestApp;

both_backends!(
    health_reports_ok_and_the_backend,
    health_is_503_when_the_database_is_gone
);

async fn health_reports_ok_and_the_backend(app: TestApp) {
    let res = app.get("/api/v1/health").await;
    res.assert_status(StatusCode::OK);
    let health: Health = res.json();
    assert_eq!(health.status, "ok");
    assert_eq!(health.database, app.db.backend().name());
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert!(
        res.header("x-request-id").is_some_and(|id| !id.is_empty()),
        "request id echoed"
    );
}

async fn health_is_503_when_the_database_is_gone(app: TestApp) {
    app.db.close().await;
    let res = app.get("/api/v1/health").await;
    res.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.json::<Health>().status, "unavailable");
}
