//! Operations: readiness, metrics, the forwarded client address, several instances on one
//! database, and photos left on disk by earlier versions.
use app::api::{
    feedback::{CaseCreated, PublicCase},
    system::{Health, Readiness},
};
use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use http_body_util::BodyExt as _;
use serde_json::json;
use tower::ServiceExt as _;

use crate::{
    feedback::public_case,
    helpers::{Client, TestApp},
};

both_backends!(
    readiness_needs_the_database_the_migrations_and_no_shutdown,
    metrics_need_the_token_and_label_requests_by_route_template,
    a_forged_first_forwarded_entry_does_not_change_the_rate_limited_address,
    a_photo_uploaded_through_one_instance_is_served_by_another,
    photos_left_on_disk_by_earlier_versions_are_imported_and_served,
);

const JPEG: &[u8] = include_bytes!("fixtures/gps.jpg");
const TOKEN: &str = "test-metrics-token-0123456789";

fn case_json() -> serde_json::Value {
    json!({
        "kind": "complaint", "category": "sanitation", "community": "440304001001",
        "place": "红荔路 3 栋楼下垃圾站", "title": "垃圾站三天没有清运",
        "description": "垃圾站的垃圾已经三天没有清运，气味很大。",
        "privacy": "public_name", "contact_name": "张先生",
        "answers": {"location_type": "estate"}
    })
}

/// Files a case with one photo; returns its tracking code.
async fn file_with_photo(client: &Client<'_>) -> String {
    let case = serde_json::to_vec(&case_json()).expect("json");
    let res = client
        .post_multipart(
            "/api/v1/feedback",
            &[
                ("case", None, "application/json", case),
                ("photo", Some("a.jpg"), "image/jpeg", JPEG.to_vec()),
            ],
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    res.json::<CaseCreated>().tracking_code
}

async fn readiness_needs_the_database_the_migrations_and_no_shutdown(app: TestApp) {
    let res = app.get("/api/v1/ready").await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let ready: Readiness = res.json();
    assert_eq!(ready.status, "ready");
    assert_eq!(ready.database, "ok");
    assert!(ready.migrations.current);
    assert!(ready.migrations.pending.is_empty());
    assert_eq!(ready.migrations.applied, Some(ready.migrations.expected));
    assert!(!ready.shutting_down);
    assert_eq!(ready.search_index, None);

    // A migration of this binary missing from the database: not ready, and which one.
    let newest = ready.migrations.expected;
    let renumber = |from: i64, to: i64| {
        sqlx::query("UPDATE _sqlx_migrations SET version = $2 WHERE version = $1")
            .bind(from)
            .bind(to)
            .execute(app.db.pool())
    };
    renumber(newest, -newest).await.expect("hide a migration");
    let res = app.get("/api/v1/ready").await;
    res.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    let behind: Readiness = res.json();
    assert_eq!(
        (behind.status.as_str(), behind.migrations.pending),
        ("not_ready", vec![newest])
    );
    renumber(-newest, newest).await.expect("put it back");
    app.get("/api/v1/ready").await.assert_status(StatusCode::OK);

    // Shutting down: not ready, yet alive.
    app.config.shutdown.trigger();
    let res = app.get("/api/v1/ready").await;
    res.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.json::<Readiness>().shutting_down);
    app.get("/api/v1/health")
        .await
        .assert_status(StatusCode::OK);

    // No database: neither.
    app.db.close().await;
    let res = app.get("/api/v1/ready").await;
    res.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.json::<Readiness>().database, "unreachable");
    assert_eq!(
        app.get("/api/v1/health").await.json::<Health>().status,
        "unavailable"
    );
}

async fn metrics_need_the_token_and_label_requests_by_route_template(app: TestApp) {
    app.get("/api/v1/metrics")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let app = app.with_config(|c| {
        c.metrics_token = server::metrics::MetricsToken::new(TOKEN);
        c.clock = server::clock::Clock::fixed(server::clock::local_instant(
            jiff::civil::date(2026, 12, 1),
            10,
            0,
        ));
    });
    let code = file_with_photo(&app.client()).await;
    // An overdue case: its acceptance deadline passes when the clock moves a month on.
    app.config.clock.set(server::clock::local_instant(
        jiff::civil::date(2027, 1, 4),
        10,
        0,
    ));
    app.client()
        .get(&format!("/api/v1/feedback/{code}"))
        .await
        .assert_status(StatusCode::OK);
    app.client()
        .get("/api/v1/feedback/SZ-2026-NOSUCH99")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get("/no/such/page/13800000000").await;

    for auth in [None, Some("Bearer wrong-token-0123456789"), Some(TOKEN)] {
        let mut headers = vec![];
        if let Some(a) = auth {
            headers.push(("authorization", a));
        }
        let res = app.get_with("/api/v1/metrics", &headers).await;
        res.assert_status(StatusCode::UNAUTHORIZED);
        assert!(res.header("www-authenticate").is_some());
    }
    let bearer = format!("Bearer {TOKEN}");
    let res = app
        .get_with("/api/v1/metrics", &[("authorization", &bearer)])
        .await;
    res.assert_status(StatusCode::OK);
    assert!(
        res.header("content-type")
            .is_some_and(|t| t.starts_with("text/plain; version=0.0.4"))
    );
    let text = res.text();
    // Every sample line is `name{labels} value` with a number, every comment HELP or TYPE.
    for line in text.lines().filter(|l| !l.is_empty()) {
        if let Some(comment) = line.strip_prefix("# ") {
            assert!(
                comment.starts_with("HELP ") || comment.starts_with("TYPE "),
                "{line}"
            );
            continue;
        }
        let value = line.rsplit(' ').next().unwrap_or("");
        assert!(
            value.parse::<f64>().is_ok() || ["+Inf", "-Inf", "NaN"].contains(&value),
            "not a sample line: {line}"
        );
    }
    assert!(
        prom_text_format_parser::Scrape::parse("linli_x{route=unquoted} 1\n").is_err(),
        "the parser refuses what Prometheus refuses"
    );
    let scrape = prom_text_format_parser::Scrape::parse(&text).expect("Prometheus text format");
    let labels = |metric: &str, label: &str| -> Vec<String> {
        scrape
            .metrics
            .iter()
            .filter(|m| m.name == metric)
            .flat_map(|m| m.samples.iter())
            .flat_map(|s| s.labels.iter())
            .filter(|l| l.key == label)
            .map(|l| l.value.clone())
            .collect()
    };
    let routes = labels("linli_http_requests_total", "route");
    assert!(
        routes
            .iter()
            .any(|r| r == "/api/v1/feedback/{tracking_code}"),
        "the route template is the label: {routes:?}"
    );
    assert!(routes.iter().any(|r| r == "/api/v1/feedback"));
    assert!(routes.iter().any(|r| r == "unmatched"));
    assert!(
        !text.contains(&code) && !text.contains("NOSUCH99") && !text.contains("13800000000"),
        "no raw path, tracking code or phone number in the metrics"
    );
    let histogram = scrape
        .metrics
        .iter()
        .find(|m| m.name == "linli_http_request_duration_seconds")
        .expect("latency metric");
    assert_eq!(histogram.kind, prom_text_format_parser::Type::Histogram);
    assert!(
        labels("linli_http_request_duration_seconds", "route")
            .iter()
            .any(|r| r == "/api/v1/feedback"),
        "latencies by route template"
    );
    let gauge = |name: &str| {
        let metric = scrape
            .metrics
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(metric.kind, prom_text_format_parser::Type::Gauge, "{name}");
        metric.samples[0].value.value.as_f64()
    };
    assert!(gauge("linli_db_pool_connections") >= 1.0);
    assert!(gauge("linli_db_pool_max_connections") >= gauge("linli_db_pool_connections"));
    assert!(gauge("linli_db_pool_idle_connections") >= 0.0);
    assert_eq!(gauge("linli_feedback_overdue_cases"), 1.0);
    assert!(gauge("linli_outbox_pending_messages") >= 0.0);
}

async fn a_forged_first_forwarded_entry_does_not_change_the_rate_limited_address(app: TestApp) {
    // The proxy appends the address it saw (203.0.113.7); the client forges a new first entry
    // on every request. The tracking-code guard allows 30 misses per address and 15 minutes.
    let guess = |xff: String| {
        let router = app.router.clone();
        async move {
            router
                .oneshot(
                    Request::get("/api/v1/feedback/SZ-2026-AAAAAAAA")
                        .header("x-forwarded-for", xff)
                        .body(Body::empty())
                        .expect("request"),
                )
                .await
                .expect("response")
                .status()
        }
    };
    for i in 0..30 {
        let status = guess(format!("198.51.100.{i}, 203.0.113.7")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "miss {i}");
    }
    assert_eq!(
        guess("192.0.2.99, 203.0.113.7".into()).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the 31st miss from the same proxy-seen address is limited, whatever comes first"
    );
    assert_eq!(
        guess("203.0.113.7, 203.0.113.8".into()).await,
        StatusCode::NOT_FOUND,
        "another client (as the proxy saw it) is not"
    );

    // Two trusted proxies: the second entry from the right is the client.
    let app = app.with_config(|c| c.trusted_proxies = 2);
    let two_hops = |forged: u32| {
        let router = app.router.clone();
        async move {
            router
                .oneshot(
                    Request::get("/api/v1/feedback/SZ-2026-AAAAAAAA")
                        .header(
                            "x-forwarded-for",
                            format!("198.51.100.{forged}, 203.0.113.50, 10.0.0.1"),
                        )
                        .body(Body::empty())
                        .expect("request"),
                )
                .await
                .expect("response")
                .status()
        }
    };
    for i in 0..30 {
        assert_eq!(two_hops(i).await, StatusCode::NOT_FOUND);
    }
    assert_eq!(two_hops(99).await, StatusCode::TOO_MANY_REQUESTS);
}

async fn a_photo_uploaded_through_one_instance_is_served_by_another(app: TestApp) {
    let code = file_with_photo(&app.client()).await;
    let from_a = app.get(&format!("/api/v1/feedback/{code}/photos/1")).await;
    from_a.assert_status(StatusCode::OK);
    // Instance B: its own pool, its own (empty) data directory.
    let b_dir = tempfile::tempdir().expect("dir");
    let (b_db, b) = app
        .instance(&app.config.database_url, b_dir.path().to_path_buf())
        .await;
    let get = |path: String| {
        let b = b.clone();
        async move {
            let res = b
                .oneshot(
                    Request::get(path)
                        .header("x-forwarded-for", "10.1.2.3")
                        .body(Body::empty())
                        .expect("request"),
                )
                .await
                .expect("response");
            let status = res.status();
            let body = res.into_body().collect().await.expect("body").to_bytes();
            (status, body)
        }
    };
    let (status, body) = get(format!("/api/v1/feedback/{code}/photos/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, from_a.body, "B serves the bytes A stored");

    // A venue photo uploaded through A, too.
    let staff = app
        .login_as(
            "13900000003",
            &[(
                app::api::accounts::Role::WorkstationStaff,
                "440304001001",
                None,
            )],
        )
        .await;
    let venue: serde_json::Value = staff
        .post(
            "/api/v1/staff/venues",
            &json!({"community": "440304001001", "name_zh": "活动室", "venue_type": "dance_room",
                "capacity": 30, "owner_kind": "community", "owner_name_zh": "红荔社区",
                "address_zh": "红荔路"}),
        )
        .await
        .json();
    let id = venue["detail"]["venue"]["id"].as_i64().expect("id");
    let uploaded: serde_json::Value = staff
        .post_multipart(
            &format!("/api/v1/staff/venues/{id}/photos"),
            &[("photo", Some("a.jpg"), "image/jpeg", JPEG.to_vec())],
        )
        .await
        .json();
    let url = uploaded["detail"]["photos"][0]["url"]
        .as_str()
        .expect("url")
        .to_owned();
    let (status, body) = get(url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, app.get(&url).await.body);
    let public: PublicCase = public_case(&app.client(), &code).await;
    assert_eq!(public.photos.len(), 1);
    b_db.close().await;
    assert!(
        std::fs::read_dir(b_dir.path())
            .expect("dir")
            .next()
            .is_none(),
        "B wrote nothing to its disk"
    );
}

async fn photos_left_on_disk_by_earlier_versions_are_imported_and_served(app: TestApp) {
    let client = app.client();
    let res = client.post("/api/v1/feedback", &case_json()).await;
    res.assert_status(StatusCode::CREATED);
    let code = res.json::<CaseCreated>().tracking_code;
    let id: i64 = sqlx::query_scalar("SELECT id FROM feedback_cases WHERE tracking_code = $1")
        .bind(&code)
        .fetch_one(app.db.pool())
        .await
        .expect("id");
    // As an earlier version left them: a file under uploads/feedback and a row naming it.
    let dir = app.config.data_dir.join("uploads").join("feedback");
    std::fs::create_dir_all(&dir).expect("dir");
    let on_disk = format!("{}.jpg", "ab".repeat(32));
    let lost = format!("{}.png", "cd".repeat(32));
    std::fs::write(dir.join(&on_disk), JPEG).expect("write");
    for (position, name, kind) in [(1, &on_disk, "image/jpeg"), (2, &lost, "image/png")] {
        sqlx::query(
            "INSERT INTO feedback_photos (case_id, position, file_name, content_type, bytes, created_at) \
             VALUES ($1, $2, $3, $4, 100, 0)",
        )
        .bind(id)
        .bind(position)
        .bind(name)
        .bind(kind)
        .execute(app.db.pool())
        .await
        .expect("legacy row");
    }
    let photo = format!("/api/v1/feedback/{code}/photos/1");
    client
        .get(&photo)
        .await
        .assert_status(StatusCode::NOT_FOUND);

    let done = server::files::legacy::import_feedback_photos(&app.db, &app.config.data_dir)
        .await
        .expect("import");
    assert_eq!((done.imported, done.missing), (1, 1));
    let served = client.get(&photo).await;
    served.assert_status(StatusCode::OK);
    assert_eq!(&served.body[..], JPEG, "served as it was stored");
    let again = server::files::legacy::import_feedback_photos(&app.db, &app.config.data_dir)
        .await
        .expect("import");
    assert_eq!((again.imported, again.missing), (0, 1), "imported once");
    let _ = std::fs::remove_dir_all(app.config.data_dir.join("uploads"));
}
