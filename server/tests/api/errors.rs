//! Every failure under `/api` has the JSON error shape, in the caller's language.
use axum::http::{Method, StatusCode};

use crate::helpers::TestApp;

both_backends!(
    unknown_api_route_is_a_json_404,
    wrong_method_is_a_json_405,
    unknown_query_parameter_is_a_json_400,
    messages_follow_accept_language,
    security_headers_are_set,
);

async fn unknown_api_route_is_a_json_404(app: TestApp) {
    for path in ["/api/v1/nothing-here", "/api/v2/regions", "/api", "/api/"] {
        let res = app.get(path).await;
        res.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(res.error_code(), "route_not_found", "{path}");
    }
}

async fn wrong_method_is_a_json_405(app: TestApp) {
    let res = app
        .send_raw(Method::DELETE, "/api/v1/regions", None, "")
        .await;
    res.assert_status(StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.error_code(), "method_not_allowed");
}

async fn unknown_query_parameter_is_a_json_400(app: TestApp) {
    let res = app.get("/api/v1/regions?parnet=440300").await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(res.error_code(), "invalid_query");
}

async fn messages_follow_accept_language(app: TestApp) {
    let zh: app::api::ErrorBody = app.get("/api/v1/nope").await.json();
    let en: app::api::ErrorBody = app
        .get_with("/api/v1/nope", &[("accept-language", "en-US,en;q=0.9")])
        .await
        .json();
    assert_eq!(zh.error.message, "没有这个接口。");
    assert_eq!(en.error.message, "There is no such API endpoint.");
}

async fn security_headers_are_set(app: TestApp) {
    let res = app.get("/api/v1/health").await;
    let csp = res.header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("default-src 'self'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("http"), "no outside host is allowed: {csp}");
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(res.header("x-frame-options"), Some("DENY"));
}
