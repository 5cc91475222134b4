//! Fixtures of venue booking: public venue pages, residents' bookings, waitlist, lotteries,
//! strikes and reminders (the staff routes that run venues are in `booking_staff`), and the
//! records both share.
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::world::{Call, Caller, Route, World, expect};
use crate::{
    booking::{Decide, at, day, decide, rules},
    helpers::{Client, NOW, multipart_body},
};

pub async fn call(w: &World<'_>, who: &Caller<'_>, route: &Route) -> Option<Call> {
    // Records that must be the caller's own; an anonymous caller gets another resident's.
    let me = if who.is_anonymous() {
        &w.resident
    } else {
        &who.client
    };
    Some(match (route.method.as_str(), route.path.as_str()) {
        (
            "GET",
            "/api/v1/venues"
            | "/api/v1/me/bookings"
            | "/api/v1/me/waitlist"
            | "/api/v1/lotteries"
            | "/api/v1/me/strikes"
            | "/api/v1/me/reminders",
        ) => route.call(),
        ("GET", "/api/v1/venues/{id}") => route.at([shared_venue(w).await]),
        ("GET", "/api/v1/venues/{id}/availability") => route
            .at([shared_venue(w).await])
            .query(&format!("from={}&to={}", day(1), day(2))),
        ("GET", "/api/v1/venue-photos/{file}") => route.at([shared_photo(w).await]),

        ("POST", "/api/v1/bookings") => {
            let venue = venue(w, json!({})).await;
            route
                .call()
                .json(json!({"venue_id": venue, "start": at(2, 9), "end": at(2, 10)}))
        }
        ("POST", "/api/v1/bookings/recurring") => {
            let venue = venue(w, json!({})).await;
            let weekday = day(1)
                .parse::<jiff::civil::Date>()
                .expect("date")
                .weekday()
                .to_monday_one_offset();
            route.call().json(json!({
                "venue_id": venue, "first_date": day(1), "last_date": day(1),
                "weekdays": [weekday], "start_time": "19:00", "end_time": "21:00",
                "group_name": "红荔广场舞队", "party_size": 15, "dry_run": false
            }))
        }
        (
            "GET",
            "/api/v1/bookings/{id}" | "/api/v1/bookings/{id}/ics" | "/api/v1/bookings/{id}/qr",
        ) => route.at([booking(w, me, json!({})).await]),
        ("POST", "/api/v1/bookings/{id}/confirm") => {
            let venue = venue(w, json!({"hold_minutes": 5})).await;
            let held = expect(
                me.post(
                    "/api/v1/bookings",
                    &json!({"venue_id": venue, "start": at(1, 9), "end": at(1, 10), "hold": true}),
                )
                .await,
                StatusCode::CREATED,
            );
            route.at([id(&held)]).json(json!({}))
        }
        ("POST", "/api/v1/bookings/{id}/cancel") => {
            route.at([booking(w, me, json!({})).await]).json(json!({}))
        }
        ("GET" | "DELETE", "/api/v1/me/calendar-feed") => {
            me.post("/api/v1/me/calendar-feed", &json!({}))
                .await
                .assert_status(StatusCode::OK);
            route.call()
        }
        ("POST", "/api/v1/me/calendar-feed") => route.call().json(json!({})),
        ("GET", "/api/v1/feeds/bookings.ics") => {
            let feed = expect(
                w.resident
                    .post("/api/v1/me/calendar-feed", &json!({}))
                    .await,
                StatusCode::OK,
            );
            let path = feed["path"].as_str().expect("feed path");
            let token = path.split("token=").nth(1).expect("token in the path");
            route.call().query(&format!("token={token}"))
        }

        ("POST", "/api/v1/waitlist") => route.call().json(taken_slot(w).await),
        ("DELETE", "/api/v1/waitlist/{id}") => {
            let entry = expect(
                me.post("/api/v1/waitlist", &taken_slot(w).await).await,
                StatusCode::CREATED,
            );
            route.at([id(&entry)])
        }
        ("GET", "/api/v1/lotteries/{id}") => route.at([shared_lottery(w).await]),
        ("POST", "/api/v1/lotteries/{id}/entries") => {
            route.at([shared_lottery(w).await]).json(json!({}))
        }
        ("DELETE", "/api/v1/lotteries/{id}/entries") => {
            let lottery = shared_lottery(w).await;
            if !who.is_anonymous() {
                me.post(&format!("/api/v1/lotteries/{lottery}/entries"), &json!({}))
                    .await
                    .assert_status(StatusCode::CREATED);
            }
            route.at([lottery])
        }
        ("POST", "/api/v1/me/strikes/{id}/appeal") => route
            .at([strike(w, me).await])
            .json(json!({"text": "当天暴雨，场馆通知取消"})),
        ("POST", "/api/v1/me/reminders/{id}/dismiss") => {
            route.at([reminder(w, me).await]).json(json!({}))
        }

        _ => return None,
    })
}

pub(super) fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {v}"))
}

/// A venue of 红荔社区 (the default rules with some changed).
pub(super) fn venue_body(rule_changes: Value) -> Value {
    json!({
        "community": "440304001001", "name_zh": "红荔社区篮球场", "venue_type": "basketball",
        "capacity": 20, "owner_kind": "community", "owner_name_zh": "红荔社区工作站",
        "address_zh": "福田区红荔路 1 号", "rules": rules(rule_changes),
        "features": ["step_free"]
    })
}

/// A new venue of 红荔社区, made by its workstation staff: each consuming call gets its own,
/// so slots, quotas and closures of one call never meet another's.
pub(super) async fn venue(w: &World<'_>, rule_changes: Value) -> i64 {
    let made = expect(
        w.workstation
            .post("/api/v1/staff/venues", &venue_body(rule_changes))
            .await,
        StatusCode::CREATED,
    );
    made["detail"]["venue"]["id"].as_i64().expect("venue id")
}

/// The venue of the read-only routes, with a booking of [`World::resident`] tomorrow.
pub(super) async fn shared_venue(w: &World<'_>) -> i64 {
    w.shared_id("venue", || async {
        let venue = venue(w, json!({})).await;
        w.resident
            .post(
                "/api/v1/bookings",
                &json!({"venue_id": venue, "start": at(1, 9), "end": at(1, 10)}),
            )
            .await
            .assert_status(StatusCode::CREATED);
        venue
    })
    .await
}

/// A booking by `who` tomorrow at 09:00 on a new venue; returns its id.
pub(super) async fn booking(w: &World<'_>, who: &Client<'_>, rule_changes: Value) -> i64 {
    let venue = venue(w, rule_changes).await;
    let b = expect(
        who.post(
            "/api/v1/bookings",
            &json!({"venue_id": venue, "start": at(1, 9), "end": at(1, 10)}),
        )
        .await,
        StatusCode::CREATED,
    );
    id(&b)
}

/// A request of [`World::resident`] waiting for the community's approval.
pub(super) async fn pending_booking(w: &World<'_>) -> i64 {
    booking(w, &w.resident, json!({"approval_required": true})).await
}

/// Moves a booking in time directly in the database (a check-in or no-show needs "now").
pub(super) async fn shift(w: &World<'_>, booking: i64, starts_at: i64, ends_at: i64) {
    sqlx::query("UPDATE bookings SET starts_at = $2, ends_at = $3 WHERE id = $1")
        .bind(booking)
        .bind(starts_at)
        .bind(ends_at)
        .execute(w.app.db.pool())
        .await
        .expect("shift");
}

/// A slot [`World::resident`] booked on a new venue, as a waitlist request.
async fn taken_slot(w: &World<'_>) -> Value {
    let venue = venue(w, json!({})).await;
    let slot = json!({"venue_id": venue, "start": at(2, 19), "end": at(2, 20)});
    w.resident
        .post("/api/v1/bookings", &slot)
        .await
        .assert_status(StatusCode::CREATED);
    slot
}

/// A new open lottery of a new venue.
pub(super) async fn lottery(w: &World<'_>) -> i64 {
    let venue = venue(w, json!({})).await;
    let made = expect(
        w.committee
            .post(
                "/api/v1/staff/lotteries",
                &json!({"venue_id": venue, "start": at(3, 19), "end": at(3, 21), "closes_at": at(2, 12)}),
            )
            .await,
        StatusCode::CREATED,
    );
    id(&made)
}

/// The open lottery callers enter (each caller is a new account: no duplicate entries).
async fn shared_lottery(w: &World<'_>) -> i64 {
    w.shared_id("lottery", || lottery(w)).await
}

/// A strike `who` earned by not showing up for a booking; returns its id.
pub(super) async fn strike(w: &World<'_>, who: &Client<'_>) -> i64 {
    let b = booking(w, who, json!({})).await;
    shift(w, b, NOW - 1800, NOW + 1800).await;
    decide(&w.committee, b, Decide::NoShow)
        .await
        .assert_status(StatusCode::OK);
    let record = expect(who.get("/api/v1/me/strikes").await, StatusCode::OK);
    record["strikes"]
        .as_array()
        .expect("strikes")
        .iter()
        .find(|s| s["booking_id"] == b || s["status"] == "active")
        .map(id)
        .expect("a strike")
}

/// A due reminder of a booking of `who` three hours ahead; returns its id.
async fn reminder(w: &World<'_>, who: &Client<'_>) -> i64 {
    let b = booking(w, who, json!({})).await;
    shift(w, b, NOW + 3600 * 3, NOW + 3600 * 4).await;
    sqlx::query("UPDATE booking_reminders SET remind_at = $2 WHERE booking_id = $1")
        .bind(b)
        .bind(NOW - 10)
        .execute(w.app.db.pool())
        .await
        .expect("due");
    let list = expect(who.get("/api/v1/me/reminders").await, StatusCode::OK);
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["booking_id"] == b)
        .map(id)
        .expect("the reminder")
}

/// A JPEG as a `multipart/form-data` upload.
pub(super) fn photo() -> (String, Vec<u8>) {
    multipart_body(&[(
        "photo",
        Some("hall.jpg"),
        "image/jpeg",
        include_bytes!("../fixtures/gps.jpg").to_vec(),
    )])
}

pub(super) async fn upload_photo(w: &World<'_>, venue: i64) {
    let (content_type, bytes) = photo();
    w.workstation
        .send_bytes(
            axum::http::Method::POST,
            &format!("/api/v1/staff/venues/{venue}/photos"),
            &content_type,
            bytes,
        )
        .await
        .assert_status(StatusCode::CREATED);
}

/// The file name of a photo a venue shows.
async fn shared_photo(w: &World<'_>) -> String {
    let v = w
        .shared("venue photo", || async {
            let venue = venue(w, json!({})).await;
            upload_photo(w, venue).await;
            let detail = expect(
                w.app.get(&format!("/api/v1/venues/{venue}")).await,
                StatusCode::OK,
            );
            let url = detail["photos"][0]["url"]
                .as_str()
                .unwrap_or_else(|| panic!("the venue's photo: {detail}"))
                .to_owned();
            json!(url.rsplit('/').next().expect("file"))
        })
        .await;
    v.as_str().expect("file").to_owned()
}
