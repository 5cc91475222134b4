use app::api::system::Health;
use axum::http::StatusCode;

use crate::helpers::TestApp;

both_backends!(
    health_reports_ok_and_the_backend,
    health_is_503_when_the_database_is_gone,
    data_survives_a_restart,
);

async fn data_survives_a_restart(app: TestApp) {
    app.seed_regions().await;
    app.create_user("13900000001", &[]).await;
    let app = app.restart().await;
    let client = app.client();
    client
        .post(
            "/api/v1/auth/login",
            &serde_json::json!({"phone": "13900000001", "password": crate::helpers::PASSWORD}),
        )
        .await
        .assert_status(StatusCode::OK);
    let list: app::api::regions::RegionList =
        app.get("/api/v1/regions?level=district").await.json();
    assert_eq!(list.items.len(), 10);
}

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
