use app::api::system::Health;
use axum::http::StatusCode;

use crate::helpers::TestApp;

both_backends!(
    health_reports_ok_and_the_backend,
    health_is_503_when_the_database_is_gone,
    data_survives_a_restart,
    the_openapi_document_puts_each_parameter_where_it_is_read,
);

/// A parameter documented `in: path` must be a `{segment}` of its path, otherwise clients
/// (and schemathesis) send it in the wrong place; query structs need `parameter_in = Query`.
async fn the_openapi_document_puts_each_parameter_where_it_is_read(app: TestApp) {
    let doc: serde_json::Value = app.get("/api/openapi.json").await.json();
    let mut misplaced = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("operations") {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap_or_default();
                if p["in"] == "path" && !path.contains(&format!("{{{name}}}")) {
                    misplaced.push(format!("{method} {path}: {name}"));
                }
            }
        }
    }
    assert!(
        misplaced.is_empty(),
        "documented as path parameters: {misplaced:#?}"
    );
}

async fn data_survives_a_restart(app: TestApp) {
    app.create_user("13900000001", &[]).await;
    let app = app.restart().await;
    let client = app.client();
    client
        .login("13900000001", crate::helpers::PASSWORD)
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
