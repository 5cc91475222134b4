//! Availability is served from a per-instance cache that is never stale: each test reads the
//! grid (filling the cache), changes availability one way, and reads again.
use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode},
};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::{at, day, now, rules, world};
use crate::helpers::TestApp;

both_backends!(
    a_booking_and_its_cancellation_show_in_the_next_read,
    a_staff_cancellation_shows_in_the_next_read,
    a_hold_shows_at_once_and_its_lapse_without_any_write,
    closures_added_and_removed_show_in_the_next_read,
    rule_changes_show_in_the_next_read,
    hours_changes_show_in_the_next_read,
    a_booking_of_a_part_shows_on_the_whole_in_the_next_read,
    a_booking_through_one_instance_is_busy_on_the_next_read_of_another,
);

/// The grid of `venue` for tomorrow and the day after.
fn grid_path(venue: i64) -> String {
    format!(
        "/api/v1/venues/{venue}/availability?from={}&to={}",
        day(1),
        day(2)
    )
}

/// The state of the slot starting at `hour:00` tomorrow, or `absent`; whether the day is open.
fn slot(grid: &Value, hour: u32) -> String {
    grid["days"][0]["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|s| s["start"] == at(1, hour))
        .map_or_else(
            || "absent".to_owned(),
            |s| s["state"].as_str().unwrap_or("").to_owned(),
        )
}

async fn grid(app: &TestApp, venue: i64) -> Value {
    let res = app.get(&grid_path(venue)).await;
    res.assert_status(StatusCode::OK);
    res.json()
}

async fn a_booking_and_its_cancellation_show_in_the_next_read(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    assert_eq!(slot(&grid(&app, venue).await, 9), "free");

    let (status, b) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(slot(&grid(&app, venue).await, 9), "taken", "after booking");

    w.resident
        .post(&format!("/api/v1/bookings/{}/cancel", b["id"]), &json!({}))
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(slot(&grid(&app, venue).await, 9), "free", "after cancel");
}

async fn a_staff_cancellation_shows_in_the_next_read(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (_, b) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    assert_eq!(slot(&grid(&app, venue).await, 9), "taken");

    w.committee
        .post(
            &format!("/api/v1/staff/bookings/{}/cancel", b["id"]),
            &json!({"reason": "场地临时维修"}),
        )
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(slot(&grid(&app, venue).await, 9), "free");
}

async fn a_hold_shows_at_once_and_its_lapse_without_any_write(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    assert_eq!(slot(&grid(&app, venue).await, 9), "free");
    let held: Value = w
        .resident
        .post(
            "/api/v1/bookings",
            &json!({"venue_id": venue, "start": at(1, 9), "end": at(1, 10), "hold": true}),
        )
        .await
        .json();
    assert_eq!(held["status"], "held");
    // The hold lapses two seconds from now (the change itself is a write, read below first).
    sqlx::query("UPDATE bookings SET hold_until = $2 WHERE id = $1")
        .bind(held["id"].as_i64())
        .bind(now() + 2)
        .execute(app.db.pool())
        .await
        .expect("shorten the hold");
    assert_eq!(slot(&grid(&app, venue).await, 9), "taken", "held");
    assert_eq!(slot(&grid(&app, venue).await, 9), "taken", "held (cached)");

    // Nothing is written between these reads: the cached day knows when it goes out of date.
    tokio::time::sleep(std::time::Duration::from_millis(3_100)).await;
    assert_eq!(slot(&grid(&app, venue).await, 9), "free", "the hold lapsed");
}

async fn closures_added_and_removed_show_in_the_next_read(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    assert_eq!(grid(&app, venue).await["days"][0]["open"], true);

    let made: Value = w
        .committee
        .post(
            &format!("/api/v1/staff/venues/{venue}/closures"),
            &json!({"first_day": day(1), "last_day": day(1), "reason_zh": "场地灯光改造"}),
        )
        .await
        .json();
    let closed = grid(&app, venue).await;
    assert_eq!(closed["days"][0]["open"], false, "closure added");
    assert_eq!(
        closed["days"][0]["closed_reason"]["zh"],
        "暂停开放：场地灯光改造"
    );
    assert_eq!(closed["days"][1]["open"], true, "only that day");

    let cid = made["closure"]["id"].as_i64().expect("closure id");
    w.committee
        .delete(&format!("/api/v1/staff/venues/{venue}/closures/{cid}"))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    assert_eq!(
        grid(&app, venue).await["days"][0]["open"],
        true,
        "closure removed"
    );
}

async fn rule_changes_show_in_the_next_read(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    assert_eq!(slot(&grid(&app, venue).await, 9), "free");

    w.committee
        .put(
            &format!("/api/v1/staff/venues/{venue}/rules"),
            &rules(json!({"max_advance_days": 0})),
        )
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        slot(&grid(&app, venue).await, 9),
        "not_yet_open",
        "only today is bookable now"
    );
}

async fn hours_changes_show_in_the_next_read(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    assert_eq!(slot(&grid(&app, venue).await, 9), "free");

    let mornings: Vec<Value> = (1..=7)
        .map(|d| json!({"weekday": d, "opens": "08:00", "closes": "09:00"}))
        .collect();
    w.committee
        .put(
            &format!("/api/v1/staff/venues/{venue}/hours"),
            &json!({ "hours": mornings }),
        )
        .await
        .assert_status(StatusCode::OK);
    let g = grid(&app, venue).await;
    assert_eq!(slot(&g, 8), "free");
    assert_eq!(slot(&g, 9), "absent", "closes at 09:00 now");
}

async fn a_booking_of_a_part_shows_on_the_whole_in_the_next_read(app: TestApp) {
    let w = world(&app).await;
    let hall = w
        .venue(
            json!({}),
            json!({"parts": [{"code": "A", "name_zh": "A 场"}, {"code": "B", "name_zh": "B 场"}]}),
        )
        .await;
    let detail: Value = app.get(&format!("/api/v1/venues/{hall}")).await.json();
    let part = detail["parts"][0]["id"].as_i64().expect("part id");
    assert_eq!(slot(&grid(&app, hall).await, 9), "free");
    assert_eq!(slot(&grid(&app, part).await, 10), "free");

    let (status, _) = w.book(&w.resident, part, &at(1, 9), &at(1, 10)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(slot(&grid(&app, hall).await, 9), "taken", "the whole");

    let (status, _) = w.book(&w.resident, hall, &at(1, 10), &at(1, 11)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(slot(&grid(&app, part).await, 10), "taken", "a part");
}

/// GET through a router of its own (another instance).
async fn get_json(router: &Router, path: &str) -> Value {
    let res = router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.into_body().collect().await.expect("body").to_bytes();
    serde_json::from_slice(&body).expect("json")
}

async fn a_booking_through_one_instance_is_busy_on_the_next_read_of_another(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let b_dir = tempfile::tempdir().expect("dir");
    let (b_db, b) = TestApp::instance(&app.config.database_url, b_dir.path().to_path_buf()).await;
    // Both instances have the day cached as free.
    assert_eq!(slot(&grid(&app, venue).await, 9), "free");
    assert_eq!(slot(&get_json(&b, &grid_path(venue)).await, 9), "free");
    assert_eq!(slot(&get_json(&b, &grid_path(venue)).await, 9), "free");

    let (status, _) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    assert_eq!(status, StatusCode::CREATED, "booked through A");
    assert_eq!(
        slot(&get_json(&b, &grid_path(venue)).await, 9),
        "taken",
        "B's next read"
    );
    b_db.close().await;
}
