//! Every failure under `/api` has the JSON error shape, in the caller's language.
use axum::http::{Method, StatusCode};

use crate::helpers::TestApp;

both_backends!(
    unknown_api_route_is_a_json_404,
    wrong_method_is_a_json_405,
    unknown_query_parameter_is_a_json_400,
    messages_follow_accept_language,
    security_headers_are_set,
    bad_bodies_get_400_413_415_and_422_in_the_json_shape,
    a_form_with_several_bad_fields_is_answered_with_all_of_them,
);

/// The (field, code) pairs of a 422, checking that `field` and `code` name the first.
fn invalid_fields(res: &crate::helpers::TestResponse) -> Vec<(String, String)> {
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        res.text()
    );
    let body: app::api::ErrorBody = res.json();
    let first = body.error.fields.first().expect("fields listed");
    assert_eq!(
        (Some(&first.field), &first.code),
        (body.error.field.as_ref(), &body.error.code)
    );
    assert!(body.error.fields.iter().all(|f| !f.message.is_empty()));
    body.error
        .fields
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect()
}

async fn a_form_with_several_bad_fields_is_answered_with_all_of_them(app: TestApp) {
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
            .collect()
    };
    let visitor = app.client();
    let res = visitor
        .post(
            "/api/v1/auth/register",
            &serde_json::json!({"phone": "12345", "password": "tiger-lily-42",
                "display_name": " ", "home_community": "nowhere", "sms_code": "000000"}),
        )
        .await;
    assert_eq!(
        invalid_fields(&res),
        pairs(&[
            ("phone", "invalid_phone"),
            ("display_name", "invalid_display_name"),
            ("home_community", "invalid_community"),
        ])
    );
    let res = visitor
        .post(
            "/api/v1/feedback",
            &serde_json::json!({"kind": "complaint", "category": "weather",
                "community": "440304001001", "place": "", "title": "好",
                "description": "  ", "privacy": "anonymous", "lat": 22.5}),
        )
        .await;
    assert_eq!(
        invalid_fields(&res),
        pairs(&[
            ("category", "category_not_found"),
            ("place", "invalid_place"),
            ("description", "invalid_description"),
            ("lng", "invalid_coordinates"),
        ])
    );
    // One bad field keeps the single shape, listed once.
    let res = visitor
        .post(
            "/api/v1/feedback",
            &serde_json::json!({"kind": "complaint", "category": "sanitation",
                "community": "440304001001", "place": "红荔路", "title": "好",
                "description": "  ", "privacy": "anonymous",
                "answers": {"location_type": "estate"}}),
        )
        .await;
    assert_eq!(
        invalid_fields(&res),
        pairs(&[("description", "invalid_description")])
    );
    // In English, every message is English.
    let res = visitor
        .send_with(
            Method::POST,
            "/api/v1/feedback",
            Some(
                &serde_json::json!({"kind": "complaint", "category": "weather",
                "community": "440304001001", "place": "", "title": "好",
                "description": "x", "privacy": "anonymous"}),
            ),
            &[("accept-language", "en")],
        )
        .await;
    let body: app::api::ErrorBody = res.json();
    assert_eq!(body.error.fields.len(), 2, "{body:?}");
    assert!(
        body.error.fields.iter().all(|f| !f
            .message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
        "{body:?}"
    );
}

async fn bad_bodies_get_400_413_415_and_422_in_the_json_shape(app: TestApp) {
    let login = "/api/v1/auth/login";
    let cases: Vec<(Option<&str>, Vec<u8>, StatusCode, &str, &str)> = vec![
        (
            Some("application/json"),
            b"{\"phone\": ".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "truncated JSON",
        ),
        (
            Some("application/json"),
            b"[1,2,3]".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            "wrong JSON type",
        ),
        (
            // serde would fill the struct positionally from an array and log in.
            Some("application/json"),
            br#"["13800000001", "linli-demo-2026"]"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            "an array in place of the object",
        ),
        (
            Some("application/json"),
            br#"{"phone": 13800000000}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            "number for a string",
        ),
        (
            Some("text/plain"),
            b"hello".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "not JSON",
        ),
        (
            None,
            b"{}".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "no content type",
        ),
        (
            Some("application/json"),
            vec![b' '; 200 * 1024],
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "200 KB body",
        ),
        (
            Some("application/json"),
            vec![0xff, 0xfe, 0x00],
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "not UTF-8",
        ),
    ];
    for (content_type, body, status, code, why) in cases {
        let res = app.send_raw(Method::POST, login, content_type, body).await;
        assert_eq!(res.status, status, "{why}: {}", res.text());
        assert_eq!(res.error_code(), code, "{why}");
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(n, 0);
}

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
    // A link the browser follows carries the app's language in `lang`, which wins and is
    // taken off before the handler reads the query (so it is never an unknown parameter).
    let res = app
        .get_with(
            "/api/v1/regions?lang=en&parnet=440300",
            &[("accept-language", "zh-CN")],
        )
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let body: app::api::ErrorBody = res.json();
    assert!(
        body.error.message.starts_with("The query string"),
        "{body:?}"
    );
    app.get_with("/api/v1/regions?lang=en", &[])
        .await
        .assert_status(StatusCode::OK);
    let zh: app::api::ErrorBody = app
        .get_with("/api/v1/nope?lang=zh-CN", &[("accept-language", "en")])
        .await
        .json();
    assert_eq!(zh.error.message, "没有这个接口。");
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
