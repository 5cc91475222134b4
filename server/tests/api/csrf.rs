//! State-changing requests must prove they come from Linli's own pages.
use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use serde_json::json;

use crate::helpers::TestApp;

both_backends!(writes_without_the_csrf_header_or_from_another_site_are_refused);

fn login_request(headers: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header("content-type", "application/json")
        .header("host", "linli.example.cn");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let body = serde_json::to_vec(&json!({"phone": "13900000001", "password": "whatever-1"}))
        .expect("json");
    req.body(Body::from(body)).expect("request")
}

async fn writes_without_the_csrf_header_or_from_another_site_are_refused(app: TestApp) {
    let cases: &[(&[(&str, &str)], StatusCode, &str)] = &[
        (&[], StatusCode::FORBIDDEN, "no custom header"),
        (
            &[("x-linli-csrf", "1"), ("sec-fetch-site", "cross-site")],
            StatusCode::FORBIDDEN,
            "a page of another site",
        ),
        (
            &[
                ("x-linli-csrf", "1"),
                ("origin", "https://evil.example.com"),
            ],
            StatusCode::FORBIDDEN,
            "another origin",
        ),
        (
            &[("x-linli-csrf", "1"), ("sec-fetch-site", "same-origin")],
            StatusCode::UNAUTHORIZED,
            "our own page",
        ),
        (
            &[("x-linli-csrf", "1"), ("origin", "http://linli.example.cn")],
            StatusCode::UNAUTHORIZED,
            "same origin",
        ),
        (
            &[("x-linli-csrf", "1")],
            StatusCode::UNAUTHORIZED,
            "a non-browser client",
        ),
    ];
    for (headers, want, why) in cases {
        let res = app.request(login_request(headers)).await;
        assert_eq!(res.status, *want, "{why}: {}", res.text());
        if *want == StatusCode::FORBIDDEN {
            assert_eq!(res.error_code(), "csrf_rejected", "{why}");
        }
    }
    // Reads need no header.
    app.get("/api/v1/regions?level=district")
        .await
        .assert_status(StatusCode::OK);
}
