//! Races: many residents try the same slot at once (in-process and over real HTTP); one
//! resident fires many bookings at a quota. Exactly the allowed number win, the rest get
//! 409/422, none get a 5xx. Also the throughput measurement (ignored by default; run with
//! `cargo nextest run -p server --run-ignored only booking_throughput --no-capture`).
use std::{net::SocketAddr, sync::Arc, time::Instant};

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use server::accounts::{session, store};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    sync::Barrier,
};
use tower::ServiceExt as _;

use super::{at, world};
use crate::helpers::{NOW, TestApp};

both_backends!(
    at NOW;
    fifty_residents_race_for_one_slot_and_exactly_one_wins,
    a_quota_race_lets_exactly_the_quota_through,
    the_race_over_real_http_has_one_winner,
);

/// Residents with sessions made directly in the database (no password hashing): their
/// session tokens.
async fn residents(app: &TestApp, n: usize, prefix: &str) -> Vec<String> {
    let home = server::regions::store::by_code(&app.db, "440304001001")
        .await
        .expect("region")
        .map(|r| r.id);
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let phone = format!("{prefix}{i:04}");
        let id = store::insert_user(
            app.db.pool(),
            &store::NewUser {
                phone: &phone,
                password_hash: "not-a-hash",
                display_name: "并发测试",
                home_region_id: home,
            },
            app.config.clock.now(),
        )
        .await
        .expect("user");
        let token = session::new_token();
        store::insert_session(
            app.db.pool(),
            &store::NewSession {
                hash: &session::token_hash(&token),
                user_id: id,
                expires_at: app.config.clock.now() + 3600,
                mfa_pending: false,
                user_agent: "race",
            },
            app.config.clock.now(),
        )
        .await
        .expect("session");
        tokens.push(token);
    }
    tokens
}

fn booking_request(token: &str, body: &Value) -> Request<Body> {
    Request::post("/api/v1/bookings")
        .header(header::COOKIE, format!("linli_session={token}"))
        .header("x-linli-csrf", "1")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(body).expect("json")))
        .expect("request")
}

/// Fires every (token, body) at once through the in-process router; returns (status, code).
async fn race(app: &TestApp, shots: Vec<(String, Value)>) -> Vec<(StatusCode, String)> {
    let barrier = Arc::new(Barrier::new(shots.len()));
    let mut tasks = Vec::new();
    for (token, body) in shots {
        let router = app.router.clone();
        let barrier = Arc::clone(&barrier);
        tasks.push(tokio::spawn(async move {
            let req = booking_request(&token, &body);
            barrier.wait().await;
            let res = router.oneshot(req).await.expect("infallible");
            let status = res.status();
            let bytes = res.into_body().collect().await.expect("body").to_bytes();
            let code = serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
                .unwrap_or_default();
            (status, code)
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("task"));
    }
    out
}

fn tally(results: &[(StatusCode, String)]) -> (usize, usize, usize) {
    let won = results
        .iter()
        .filter(|r| r.0 == StatusCode::CREATED)
        .count();
    let lost = results
        .iter()
        .filter(|r| r.0 == StatusCode::CONFLICT && r.1 == "slot_taken")
        .count();
    let server_errors = results.iter().filter(|r| r.0.is_server_error()).count();
    (won, lost, server_errors)
}

async fn fifty_residents_race_for_one_slot_and_exactly_one_wins(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let tokens = residents(&app, 50, "1370000").await;
    let body = json!({"venue_id": venue, "start": at(1, 19), "end": at(1, 20)});
    let started = Instant::now();
    let results = race(
        &app,
        tokens.into_iter().map(|t| (t, body.clone())).collect(),
    )
    .await;
    let (won, lost, errors) = tally(&results);
    eprintln!(
        "race in-process ({:?}): 50 residents, {won} won, {lost} got 409, {errors} 5xx, {:?}",
        app.db.backend(),
        started.elapsed()
    );
    assert_eq!((won, lost, errors), (1, 49, 0), "{results:?}");
    let claims: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM booking_claims")
        .fetch_one(app.db.pool())
        .await
        .expect("claims");
    assert_eq!(
        claims, 2,
        "one booking's two half-hour grains, nothing else"
    );

    // The same for a divisible venue: half race for the hall, half for court A.
    let hall = w
        .venue(
            json!({}),
            json!({"parts": [{"code": "A", "name_zh": "A场"}, {"code": "B", "name_zh": "B场"}]}),
        )
        .await;
    let detail: Value = app.get(&format!("/api/v1/venues/{hall}")).await.json();
    let court_a = detail["parts"][0]["id"].as_i64().expect("part");
    let tokens = residents(&app, 40, "1370001").await;
    let shots = tokens
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let v = if i % 2 == 0 { hall } else { court_a };
            (
                t,
                json!({"venue_id": v, "start": at(2, 19), "end": at(2, 20)}),
            )
        })
        .collect();
    let (won, lost, errors) = tally(&race(&app, shots).await);
    assert_eq!(
        (won, lost, errors),
        (1, 39, 0),
        "the hall and its part never both"
    );
}

async fn a_quota_race_lets_exactly_the_quota_through(app: TestApp) {
    let w = world(&app).await;
    let venue = w
        .venue(
            json!({"quota_kind": "bookings", "quota_per_week": 2}),
            json!({}),
        )
        .await;
    let token = residents(&app, 1, "1370002").await.remove(0);
    // Ten different free slots on one day, fired at once by the same resident.
    let shots = (8..18)
        .map(|h| {
            (
                token.clone(),
                json!({"venue_id": venue, "start": at(1, h), "end": at(1, h + 1)}),
            )
        })
        .collect();
    let results = race(&app, shots).await;
    let won = results
        .iter()
        .filter(|r| r.0 == StatusCode::CREATED)
        .count();
    let over = results
        .iter()
        .filter(|r| r.0 == StatusCode::UNPROCESSABLE_ENTITY && r.1 == "rule_quota")
        .count();
    let errors = results.iter().filter(|r| r.0.is_server_error()).count();
    eprintln!(
        "quota race ({:?}): {won} won, {over} over quota, {errors} 5xx",
        app.db.backend()
    );
    assert_eq!((won, over, errors), (2, 8, 0), "{results:?}");
    let used: i64 = sqlx::query_scalar("SELECT used FROM booking_quotas")
        .fetch_one(app.db.pool())
        .await
        .expect("quota row");
    assert_eq!(used, 2);
}

/// Serves the router on a real socket; returns its address.
async fn serve(app: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = app.router.clone();
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    addr
}

/// One HTTP/1.1 request over a fresh TCP connection; returns the status code.
async fn http_post(addr: SocketAddr, token: &str, body: &Value) -> u16 {
    let body = serde_json::to_string(body).expect("json");
    let request = format!(
        "POST /api/v1/bookings HTTP/1.1\r\nHost: {addr}\r\nCookie: linli_session={token}\r\n\
         x-linli-csrf: 1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let text = String::from_utf8_lossy(&response);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

async fn the_race_over_real_http_has_one_winner(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let tokens = residents(&app, 50, "1370003").await;
    let addr = serve(&app).await;
    let body = json!({"venue_id": venue, "start": at(3, 19), "end": at(3, 21)});
    let barrier = Arc::new(Barrier::new(tokens.len()));
    let mut tasks = Vec::new();
    for token in tokens {
        let (body, barrier) = (body.clone(), Arc::clone(&barrier));
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            http_post(addr, &token, &body).await
        }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.expect("task"));
    }
    let won = codes.iter().filter(|c| **c == 201).count();
    let lost = codes.iter().filter(|c| **c == 409).count();
    let errors = codes.iter().filter(|c| **c >= 500 || **c == 0).count();
    eprintln!(
        "race over HTTP ({:?}): {won} won, {lost} got 409, {errors} 5xx",
        app.db.backend()
    );
    assert_eq!((won, lost, errors), (1, 49, 0), "{codes:?}");
}

// ---- throughput (measurement, not a pass/fail test) ---------------------------------------

/// Books `n` distinct slots (each resident their own venue-hour), `parallel` at a time, and
/// returns bookings per second.
async fn throughput(
    app: &TestApp,
    venues: &[i64],
    tokens: &[String],
    parallel: usize,
    day_offset: i64,
) -> f64 {
    let shots: Vec<(String, Value)> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let venue = venues[i % venues.len()];
            let hour = 8 + u32::try_from(i / venues.len()).expect("hour");
            (t.clone(), json!({"venue_id": venue, "start": at(day_offset, hour), "end": at(day_offset, hour + 1)}))
        })
        .collect();
    let sem = Arc::new(tokio::sync::Semaphore::new(parallel));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (token, body) in shots {
        let router = app.router.clone();
        let permit = Arc::clone(&sem).acquire_owned().await.expect("permit");
        tasks.push(tokio::spawn(async move {
            let res = router
                .oneshot(booking_request(&token, &body))
                .await
                .expect("infallible");
            drop(permit);
            res.status()
        }));
    }
    let mut created = 0;
    for t in tasks {
        if t.await.expect("task") == StatusCode::CREATED {
            created += 1;
        }
    }
    assert_eq!(created, tokens.len(), "every distinct slot is booked");
    f64::from(u32::try_from(created).expect("n")) / started.elapsed().as_secs_f64()
}

/// The same over real HTTP (a fresh TCP connection per booking, `parallel` at a time).
async fn throughput_http(
    addr: SocketAddr,
    venues: &[i64],
    tokens: &[String],
    parallel: usize,
    day_offset: i64,
) -> f64 {
    let sem = Arc::new(tokio::sync::Semaphore::new(parallel));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let venue = venues[i % venues.len()];
        let hour = 8 + u32::try_from(i / venues.len()).expect("hour");
        let body = json!({"venue_id": venue, "start": at(day_offset, hour), "end": at(day_offset, hour + 1)});
        let token = token.clone();
        let permit = Arc::clone(&sem).acquire_owned().await.expect("permit");
        tasks.push(tokio::spawn(async move {
            let status = http_post(addr, &token, &body).await;
            drop(permit);
            status
        }));
    }
    let mut created = 0;
    for t in tasks {
        if t.await.expect("task") == 201 {
            created += 1;
        }
    }
    assert_eq!(
        created,
        tokens.len(),
        "every distinct slot is booked over HTTP"
    );
    f64::from(u32::try_from(created).expect("n")) / started.elapsed().as_secs_f64()
}

async fn measure(app: TestApp) {
    let w = world(&app).await;
    let mut venues = Vec::new();
    for _ in 0..20 {
        venues.push(w.venue(json!({}), json!({})).await);
    }
    let n = 280;
    let seq_tokens = residents(&app, n, "1360000").await;
    let par_tokens = residents(&app, n, "1360001").await;
    let http_tokens = residents(&app, n, "1360002").await;
    let sequential = throughput(&app, &venues, &seq_tokens, 1, 1).await;
    let parallel = throughput(&app, &venues, &par_tokens, 16, 2).await;
    let addr = serve(&app).await;
    let http = throughput_http(addr, &venues, &http_tokens, 16, 3).await;
    eprintln!(
        "booking throughput ({:?}, {n} bookings each): in-process sequential {sequential:.0}/s, \
         in-process 16 in flight {parallel:.0}/s (ratio {:.2}), real HTTP 16 connections {http:.0}/s",
        app.db.backend(),
        parallel / sequential
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement; run on demand"]
async fn booking_throughput_sqlite() {
    measure(TestApp::sqlite().await.with_clock(NOW)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement; run on demand"]
async fn booking_throughput_postgres() {
    measure(TestApp::postgres().await.with_clock(NOW)).await;
}
