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

use super::{Decide, at, day, decide, now, rules, world};
use crate::helpers::{NOW, TestApp};

both_backends!(
    at NOW;
    a_booking_and_its_cancellation_show_in_the_next_read,
    a_staff_cancellation_shows_in_the_next_read,
    a_hold_shows_at_once_and_its_lapse_without_any_write,
    closures_added_and_removed_show_in_the_next_read,
    rule_changes_show_in_the_next_read,
    hours_changes_show_in_the_next_read,
    a_booking_of_a_part_shows_on_the_whole_in_the_next_read,
    a_booking_through_one_instance_is_busy_on_the_next_read_of_another,
    the_venue_list_shows_the_first_free_slot_of_the_grid,
    the_free_slot_search_finds_venues_free_on_a_date_and_part_of_day,
    a_photo_added_and_removed_shows_in_the_next_list_read,
    a_new_or_renamed_venue_shows_in_the_next_list_read,
    bookings_generated_in_bulk_move_the_ledger_and_leave_the_trigger_on,
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

    decide(&w.committee, &b["id"], Decide::Cancel("场地临时维修"))
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
    app.config.clock.set(now() + 3);
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

/// After a booking only the claims are reloaded (the ledger moved, the setup did not); a
/// change of the setup after that is still seen.
async fn hours_changes_show_in_the_next_read(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    assert_eq!(slot(&grid(&app, venue).await, 9), "free");
    let (status, _) = w.book(&w.resident, venue, &at(1, 8), &at(1, 9)).await;
    assert_eq!(status, StatusCode::CREATED);
    let g = grid(&app, venue).await;
    assert_eq!((slot(&g, 8), slot(&g, 9)), ("taken".into(), "free".into()));

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
    assert_eq!(slot(&g, 8), "taken");
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
    let (b_db, b) = app
        .instance(&app.config.database_url, b_dir.path().to_path_buf())
        .await;
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

/// The free slots of the next fortnight, in order, with their ends.
async fn free_slots(app: &TestApp, venue: i64) -> Vec<(String, String)> {
    let res = app
        .get(&format!(
            "/api/v1/venues/{venue}/availability?from={}&to={}",
            day(0),
            day(13)
        ))
        .await;
    res.assert_status(StatusCode::OK);
    let grid: Value = res.json();
    grid["days"]
        .as_array()
        .expect("days")
        .iter()
        .flat_map(|d| d["slots"].as_array().expect("slots").clone())
        .filter(|s| s["state"] == "free")
        .map(|s| {
            let text = |k: &str| s[k].as_str().expect("instant").to_owned();
            (text("start"), text("end"))
        })
        .collect()
}

/// The venue's `next_free` in the public list.
async fn listed_next_free(app: &TestApp, venue: i64) -> Option<String> {
    let res = app
        .get("/api/v1/venues?region=440304001001&type=badminton")
        .await;
    res.assert_status(StatusCode::OK);
    let list: Value = res.json();
    let item = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|v| v["id"] == venue)
        .cloned()
        .expect("the venue is listed");
    item["next_free"].as_str().map(str::to_owned)
}

/// The list's next free slot is the grid's first free one (read around it, so that a slot
/// turning past between the reads cannot make the test flaky), and moves on after a booking.
async fn the_venue_list_shows_the_first_free_slot_of_the_grid(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({"venue_type": "badminton"})).await;
    let before = free_slots(&app, venue).await;
    let listed = listed_next_free(&app, venue).await.expect("a free slot");
    let after = free_slots(&app, venue).await;
    assert!(
        [&before[0].0, &after[0].0].contains(&&listed),
        "{listed} is the first free slot"
    );

    let (start, end) = after[0].clone();
    let (status, _) = w.book(&w.resident, venue, &start, &end).await;
    assert_eq!(status, StatusCode::CREATED);
    let before = free_slots(&app, venue).await;
    let listed = listed_next_free(&app, venue)
        .await
        .expect("another free slot");
    let after = free_slots(&app, venue).await;
    assert_ne!(
        listed, start,
        "the booked slot is no longer the next free one"
    );
    assert!(
        [&before[0].0, &after[0].0].contains(&&listed),
        "{listed} is the first free slot after the booking"
    );
}

/// The first free slot (start, end) of `venue` tomorrow starting from `from_hour` and before
/// `to_hour`.
async fn free_slot_tomorrow(
    app: &TestApp,
    venue: i64,
    from_hour: u32,
    to_hour: u32,
) -> Option<(String, String)> {
    grid(app, venue).await["days"][0]["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .filter(|s| s["state"] == "free")
        .map(|s| {
            let text = |k: &str| s[k].as_str().expect("instant").to_owned();
            (text("start"), text("end"))
        })
        .find(|(start, _)| {
            let hour: u32 = start[11..13].parse().expect("hour");
            (from_hour..to_hour).contains(&hour)
        })
}

async fn first_free_tomorrow(
    app: &TestApp,
    venue: i64,
    from_hour: u32,
    to_hour: u32,
) -> Option<String> {
    free_slot_tomorrow(app, venue, from_hour, to_hour)
        .await
        .map(|(start, _)| start)
}

/// Ids and slots the search lists for tomorrow in this part of the day ("" for any).
async fn search(app: &TestApp, part: &str) -> Vec<(i64, String)> {
    let part = if part.is_empty() {
        String::new()
    } else {
        format!("&part_of_day={part}")
    };
    let res = app
        .get(&format!(
            "/api/v1/venues?region=440304001001&type=badminton&free_on={}{part}",
            day(1)
        ))
        .await;
    res.assert_status(StatusCode::OK);
    let list: Value = res.json();
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|v| {
            (
                v["id"].as_i64().expect("id"),
                v["next_free"].as_str().expect("the free slot").to_owned(),
            )
        })
        .collect()
}

async fn the_free_slot_search_finds_venues_free_on_a_date_and_part_of_day(app: TestApp) {
    let w = world(&app).await;
    let closed = w.venue(json!({}), json!({"venue_type": "badminton"})).await;
    let open = w.venue(json!({}), json!({"venue_type": "badminton"})).await;
    w.committee
        .post(
            &format!("/api/v1/staff/venues/{closed}/closures"),
            &json!({"first_day": day(1), "last_day": day(1), "reason_zh": "地板翻新"}),
        )
        .await
        .assert_status(StatusCode::CREATED);

    // Tomorrow's slots cannot turn past while the test runs.
    let expected = |slot: Option<String>| slot.map(|s| vec![(open, s)]).unwrap_or_default();
    assert_eq!(
        search(&app, "").await,
        expected(first_free_tomorrow(&app, open, 0, 24).await)
    );
    assert!(
        !search(&app, "").await.is_empty(),
        "the open venue has free slots tomorrow"
    );
    assert_eq!(
        search(&app, "morning").await,
        expected(first_free_tomorrow(&app, open, 0, 12).await)
    );
    assert_eq!(
        search(&app, "evening").await,
        expected(first_free_tomorrow(&app, open, 18, 24).await)
    );

    // Booking the morning's first free slot moves the answer to the next one.
    let (first, end) = free_slot_tomorrow(&app, open, 0, 12)
        .await
        .expect("a free morning");
    let (status, _) = w.book(&w.resident, open, &first, &end).await;
    assert_eq!(status, StatusCode::CREATED);
    let after = search(&app, "morning").await;
    assert!(
        after.iter().all(|(_, s)| *s != first),
        "{first} is taken now"
    );
    assert_eq!(
        after,
        expected(first_free_tomorrow(&app, open, 0, 12).await)
    );

    let bad = app.get("/api/v1/venues?part_of_day=morning").await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json::<Value>()["error"]["code"], "free_on_required");
    let bad = app.get("/api/v1/venues?free_on=2026-02-30").await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json::<Value>()["error"]["code"], "invalid_date");
}

/// The venue's entry in the public list (its photo and features are kept with the cache).
async fn listed(app: &TestApp, venue: i64) -> Value {
    let res = app
        .get("/api/v1/venues?region=440304001001&type=basketball")
        .await;
    res.assert_status(StatusCode::OK);
    res.json::<Value>()["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|v| v["id"] == venue)
        .cloned()
        .expect("the venue is listed")
}

/// A photo upload touches only the photos table; its trigger bumps the venue's version, so
/// the list that kept the venue without a photo shows it on the next read, and not after
/// its removal.
async fn a_photo_added_and_removed_shows_in_the_next_list_read(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    assert!(listed(&app, venue).await["photo"].is_null());
    assert_eq!(listed(&app, venue).await["features"], json!(["step_free"]));
    let res = w
        .workstation
        .post_multipart(
            &format!("/api/v1/staff/venues/{venue}/photos"),
            &[(
                "photo",
                Some("hall.jpg"),
                "image/jpeg",
                include_bytes!("../fixtures/gps.jpg").to_vec(),
            )],
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let url = listed(&app, venue).await["photo"]["url"].clone();
    assert!(
        url.as_str()
            .is_some_and(|u| u.starts_with("/api/v1/venue-photos/")),
        "{url}"
    );
    w.workstation
        .delete(&format!("/api/v1/staff/venues/{venue}/photos/0"))
        .await
        .assert_status(StatusCode::OK);
    assert!(listed(&app, venue).await["photo"].is_null());
}

/// Pages of the list are kept under the list version: a venue added or renamed after a page
/// was kept shows in the next read of that page.
async fn a_new_or_renamed_venue_shows_in_the_next_list_read(app: TestApp) {
    let w = world(&app).await;
    let first = w.venue(json!({}), json!({})).await;
    assert_eq!(listed(&app, first).await["name"]["zh"], "红荔社区篮球场");
    assert_eq!(
        listed(&app, first).await["name"]["zh"],
        "红荔社区篮球场",
        "kept"
    );
    let second = w
        .venue(json!({}), json!({"name_zh": "红荔社区第二篮球场"}))
        .await;
    assert_eq!(
        listed(&app, second).await["name"]["zh"],
        "红荔社区第二篮球场"
    );
    let form = json!({
        "community": "440304001001", "name_zh": "红荔社区灯光篮球场", "venue_type": "basketball",
        "capacity": 20, "owner_kind": "community", "owner_name_zh": "红荔社区工作站",
        "address_zh": "福田区红荔路 1 号"
    });
    w.workstation
        .put(&format!("/api/v1/staff/venues/{first}"), &form)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        listed(&app, first).await["name"]["zh"],
        "红荔社区灯光篮球场"
    );
}

/// The benchmarks' generator writes claims in bulk (on PostgreSQL with the claims' trigger off
/// inside its transactions, bumping each venue's ledger once): every venue it booked has its
/// ledger moved and shows the bookings, and a resident's booking afterwards still shows in
/// the next read of a grid cached before the load.
async fn bookings_generated_in_bulk_move_the_ledger_and_leave_the_trigger_on(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    assert_eq!(slot(&grid(&app, venue).await, 9), "free");

    let plan = server::scale::booking::Plan {
        venues: 3,
        days: 6,
        per_day: 7,
        residents: 2,
        seed: 7,
    };
    let written = server::scale::booking::run(&app.db, plan, NOW)
        .await
        .expect("generate");
    assert_eq!((written.venues, written.bookings), (3, 3 * 6 * 7));
    let generated: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT v.id, vv.ledger FROM venues v JOIN venue_versions vv ON vv.venue_id = v.id \
         WHERE v.id <> $1 ORDER BY v.id",
    )
    .bind(venue)
    .fetch_all(app.db.pool())
    .await
    .expect("versions");
    assert_eq!(generated.len(), 3);
    for (id, ledger) in generated {
        assert!(ledger > 0, "venue {id}: ledger {ledger}");
        // Seven blocks a day from 08:00: the first always starts at 08:00.
        assert_eq!(slot(&grid(&app, id).await, 8), "taken", "venue {id}");
    }

    let (status, _) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(slot(&grid(&app, venue).await, 9), "taken");
}
