//! Venue booking: every rule and state transition, divisible venues, idempotency, recurring
//! conflicts, waitlist, lottery reproducibility, strikes and appeals, scope, and races.
mod cache;
mod concurrency;
mod fairness;
mod photos;
mod staff;

use app::api::accounts::Role;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Client, NOW, TestApp, TestResponse};

both_backends!(
    at NOW;
    booking_a_free_slot_confirms_it_with_an_entry_code,
    a_taken_slot_answers_409_slot_taken,
    every_broken_rule_is_a_422_naming_the_rule,
    the_weekly_quota_counts_bookings_and_is_given_back_on_cancel,
    cancelling_frees_the_slot_until_the_deadline_of_the_frozen_rules,
    divisible_venues_block_the_whole_and_the_parts,
    a_retried_post_with_the_same_idempotency_key_books_once,
    a_hold_must_be_confirmed_before_it_lapses,
    another_residents_booking_is_404_everywhere,
    ics_is_rfc5545_and_the_private_feed_rotates,
    per_person_venues_fill_up_place_by_place,
    availability_shows_free_taken_blocked_and_closed_slots,
    the_export_lists_bookings_and_deleting_the_account_frees_its_slots,
);

/// The day of [`NOW`] in Shenzhen plus `days`, as `YYYY-MM-DD`.
pub fn day(days: i64) -> String {
    let today = jiff::Timestamp::from_second(NOW)
        .expect("instant")
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Shanghai").expect("tz"))
        .date();
    today
        .checked_add(jiff::Span::new().days(days))
        .expect("date")
        .to_string()
}

/// An instant `days` from the day of [`NOW`] at `hour:00` Shenzhen time.
pub fn at(days: i64, hour: u32) -> String {
    format!("{}T{hour:02}:00:00+08:00", day(days))
}

/// The default rules with some fields changed.
pub fn rules(changes: Value) -> Value {
    let mut r = json!({
        "slot_minutes": 60, "min_minutes": 60, "max_minutes": 120, "buffer_minutes": 0,
        "min_advance_days": 0, "max_advance_days": 7, "release_time": "00:00",
        "quota_kind": "none", "quota_per_week": 0, "cancel_deadline_minutes": 120,
        "approval_required": false, "pending_holds_slot": true, "capacity_mode": "whole",
        "capacity": 20, "hold_minutes": 10, "checkin_required": true,
        "closed_on_holidays": false, "waitlist_offer_minutes": 30
    });
    for (k, v) in changes.as_object().expect("object") {
        r[k] = v.clone();
    }
    r
}

/// Staff of 红荔社区 (440304001001) and a resident, with the regions seeded.
pub struct World<'a> {
    pub app: &'a TestApp,
    pub workstation: Client<'a>,
    pub committee: Client<'a>,
    pub resident: Client<'a>,
}

pub async fn world(app: &TestApp) -> World<'_> {
    World {
        app,
        workstation: app
            .login_as(
                "13900000003",
                &[(Role::WorkstationStaff, "440304001001", None)],
            )
            .await,
        committee: app
            .login_as(
                "13900000002",
                &[(Role::CommitteeMember, "440304001001", None)],
            )
            .await,
        resident: app.login_as("13900000001", &[]).await,
    }
}

impl World<'_> {
    /// Creates a venue in 红荔社区 with these rules (and extra fields); returns its id.
    pub async fn venue(&self, rule_changes: Value, extra: Value) -> i64 {
        let mut body = json!({
            "community": "440304001001", "name_zh": "红荔社区篮球场", "venue_type": "basketball",
            "capacity": 20, "owner_kind": "community", "owner_name_zh": "红荔社区工作站",
            "address_zh": "福田区红荔路 1 号", "rules": rules(rule_changes),
            "features": ["step_free"]
        });
        for (k, v) in extra.as_object().expect("object") {
            body[k] = v.clone();
        }
        let res = self.workstation.post("/api/v1/staff/venues", &body).await;
        res.assert_status(StatusCode::CREATED);
        res.json::<Value>()["detail"]["venue"]["id"]
            .as_i64()
            .expect("venue id")
    }

    pub async fn book(
        &self,
        who: &Client<'_>,
        venue: i64,
        start: &str,
        end: &str,
    ) -> (StatusCode, Value) {
        let res = who
            .post(
                "/api/v1/bookings",
                &json!({"venue_id": venue, "start": start, "end": end}),
            )
            .await;
        let body = serde_json::from_slice(&res.body).unwrap_or(Value::Null);
        (res.status, body)
    }

    /// Moves a booking in time directly in the database (to test what happens later).
    pub async fn shift(&self, booking: i64, starts_at: i64, ends_at: i64) {
        sqlx::query("UPDATE bookings SET starts_at = $2, ends_at = $3 WHERE id = $1")
            .bind(booking)
            .bind(starts_at)
            .bind(ends_at)
            .execute(self.app.db.pool())
            .await
            .expect("shift");
    }
}

/// The instant the booking tests' clock stands at.
pub fn now() -> i64 {
    NOW
}

/// A staff decision on a booking, as `POST /api/v1/staff/bookings/{id}/{action}` takes it.
#[derive(Debug, Clone, Copy)]
pub enum Decide<'a> {
    Approve,
    /// With the reason the resident reads (`""` sends none).
    Reject(&'a str),
    /// With the reason the resident reads (`""` sends none).
    Cancel(&'a str),
    NoShow,
}

/// `who` takes decision `d` on booking `id`.
pub async fn decide(who: &Client<'_>, id: impl std::fmt::Display, d: Decide<'_>) -> TestResponse {
    let (action, reason) = match d {
        Decide::Approve => ("approve", ""),
        Decide::Reject(reason) => ("reject", reason),
        Decide::Cancel(reason) => ("cancel", reason),
        Decide::NoShow => ("no-show", ""),
    };
    let body = if reason.is_empty() {
        json!({})
    } else {
        json!({ "reason": reason })
    };
    who.post(&format!("/api/v1/staff/bookings/{id}/{action}"), &body)
        .await
}

pub fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

async fn booking_a_free_slot_confirms_it_with_an_entry_code(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (status, b) = w.book(&w.resident, venue, &at(1, 19), &at(1, 21)).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(b["status"], "confirmed");
    let entry = b["entry_code"].as_str().expect("entry code");
    assert!(entry.len() == 8 && entry.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(b["start"], at(1, 19));
    assert_eq!(
        b["rules"]["max_minutes"], 120,
        "rules are frozen onto the booking"
    );

    let mine: Value = w.resident.get("/api/v1/me/bookings").await.json();
    assert_eq!(mine["items"][0]["id"], b["id"]);
    let qr = w
        .resident
        .get(&format!("/api/v1/bookings/{}/qr", b["id"]))
        .await;
    qr.assert_status(StatusCode::OK);
    assert!(qr.text().starts_with("<?xml") || qr.text().contains("<svg"));
}

async fn a_taken_slot_answers_409_slot_taken(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let other = app.login_as("13900000011", &[]).await;
    assert_eq!(
        w.book(&w.resident, venue, &at(2, 18), &at(2, 20)).await.0,
        StatusCode::CREATED
    );
    let (status, body) = w.book(&other, venue, &at(2, 19), &at(2, 20)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(code(&body), "slot_taken");
    assert_eq!(
        w.book(&other, venue, &at(2, 20), &at(2, 21)).await.0,
        StatusCode::CREATED,
        "the next slot is free"
    );
}

async fn every_broken_rule_is_a_422_naming_the_rule(app: TestApp) {
    let w = world(&app).await;
    let venue = w
        .venue(
            json!({"slot_minutes": 60, "min_minutes": 60, "max_minutes": 120, "max_advance_days": 5,
                   "min_advance_days": 2, "capacity": 8}),
            json!({"capacity": 8}),
        )
        .await;
    let closed = w.venue(json!({}), json!({})).await;
    w.workstation
        .post(
            &format!("/api/v1/staff/venues/{closed}/closures"),
            &json!({"first_day": day(2), "last_day": day(3), "reason_zh": "地面翻新"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    let half = |d: i64, h: u32| format!("{}T{h:02}:30:00+08:00", day(d));
    #[rustfmt::skip]
    let cases: Vec<(&str, i64, String, String, Value, &str)> = vec![
        ("90 minutes on 60-minute slots", venue, at(2, 19), half(2, 20), json!(null), "rule_slot_length"),
        ("starts off the slot grid", venue, half(2, 18), half(2, 19), json!(null), "rule_slot_length"),
        ("longer than the maximum", venue, at(2, 10), at(2, 13), json!(null), "rule_max_duration"),
        ("end before start", venue, at(2, 12), at(2, 10), json!(null), "invalid_time_range"),
        ("party larger than the capacity", venue, at(2, 10), at(2, 11), json!(9), "rule_capacity"),
        ("after closing time", venue, at(2, 21), at(2, 23), json!(null), "rule_opening_hours"),
        ("before opening time", venue, at(2, 7), at(2, 8), json!(null), "rule_opening_hours"),
        // Tomorrow, not later today: today's evening slot is in the past after 21:00.
        ("tomorrow is inside the minimum advance", venue, at(1, 10), at(1, 11), json!(null), "rule_min_advance"),
        ("beyond the advance window", venue, at(6, 10), at(6, 11), json!(null), "rule_max_advance"),
        ("a closed day", closed, at(2, 10), at(2, 11), json!(null), "venue_closed"),
        ("the past", closed, at(-1, 10), at(-1, 11), json!(null), "rule_in_past"),
        ("not an instant", venue, "tomorrow".into(), at(2, 11), json!(null), "invalid_instant"),
    ];
    for (why, venue, start, end, party, want) in cases {
        let res = w
            .resident
            .post(
                "/api/v1/bookings",
                &json!({"venue_id": venue, "start": start, "end": end, "party_size": party}),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{why}: {}",
            res.text()
        );
        assert_eq!(res.error_code(), want, "{why}");
    }
    let body: Value = w
        .resident
        .post(
            "/api/v1/bookings",
            &json!({"venue_id": closed, "start": at(2, 10), "end": at(2, 11)}),
        )
        .await
        .json();
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("暂停开放：地面翻新")),
        "a closure shows its reason: {body}"
    );
    let missing = w
        .resident
        .post(
            "/api/v1/bookings",
            &json!({"venue_id": 999_999, "start": at(2, 10), "end": at(2, 11)}),
        )
        .await;
    missing.assert_status(StatusCode::NOT_FOUND);
}

async fn the_weekly_quota_counts_bookings_and_is_given_back_on_cancel(app: TestApp) {
    let w = world(&app).await;
    let venue = w
        .venue(
            json!({"quota_kind": "bookings", "quota_per_week": 2}),
            json!({}),
        )
        .await;
    // Three slots in the same ISO week as day 1 (or its neighbours: take day 1 three times).
    let (s1, b1) = w.book(&w.resident, venue, &at(1, 8), &at(1, 9)).await;
    assert_eq!(s1, StatusCode::CREATED);
    assert_eq!(
        w.book(&w.resident, venue, &at(1, 10), &at(1, 11)).await.0,
        StatusCode::CREATED
    );
    let (s3, body) = w.book(&w.resident, venue, &at(1, 12), &at(1, 13)).await;
    assert_eq!(s3, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(&body), "rule_quota");
    let res = w
        .resident
        .post(&format!("/api/v1/bookings/{}/cancel", b1["id"]), &json!({}))
        .await;
    res.assert_status(StatusCode::OK);
    assert_eq!(
        res.json::<Value>()["reason"],
        Value::Null,
        "no reason given, none shown (no sentence stored in one language)"
    );
    assert_eq!(
        w.book(&w.resident, venue, &at(1, 12), &at(1, 13)).await.0,
        StatusCode::CREATED,
        "cancelling gave the unit back"
    );
    let hours = w
        .venue(
            json!({"quota_kind": "hours", "quota_per_week": 3}),
            json!({}),
        )
        .await;
    assert_eq!(
        w.book(&w.resident, hours, &at(1, 8), &at(1, 10)).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        code(&w.book(&w.resident, hours, &at(1, 12), &at(1, 14)).await.1),
        "rule_quota"
    );
    assert_eq!(
        w.book(&w.resident, hours, &at(1, 12), &at(1, 13)).await.0,
        StatusCode::CREATED
    );
}

async fn cancelling_frees_the_slot_until_the_deadline_of_the_frozen_rules(app: TestApp) {
    let w = world(&app).await;
    let venue = w
        .venue(json!({"cancel_deadline_minutes": 60}), json!({}))
        .await;
    let (_, b) = w.book(&w.resident, venue, &at(1, 19), &at(1, 20)).await;
    // Staff tighten the rule afterwards: the booking keeps the rule it was made under.
    let tighter = rules(json!({"cancel_deadline_minutes": 10080}));
    w.workstation
        .put(&format!("/api/v1/staff/venues/{venue}/rules"), &tighter)
        .await
        .assert_status(StatusCode::OK);
    let res = w
        .resident
        .post(
            &format!("/api/v1/bookings/{}/cancel", b["id"]),
            &json!({"reason": "临时有事"}),
        )
        .await;
    res.assert_status(StatusCode::OK);
    let cancelled: Value = res.json();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(
        cancelled["reason"],
        json!({"zh": "临时有事"}),
        "the resident's words, in the one language they were written in"
    );
    assert_eq!(cancelled["can_cancel"], false);
    let other = app.login_as("13900000012", &[]).await;
    assert_eq!(
        w.book(&other, venue, &at(1, 19), &at(1, 20)).await.0,
        StatusCode::CREATED,
        "freed"
    );

    // Under the new 7-day deadline a booking for tomorrow can no longer be cancelled.
    let (_, late) = w.book(&w.resident, venue, &at(1, 10), &at(1, 11)).await;
    assert_eq!(late["can_cancel"], false);
    let res = w
        .resident
        .post(
            &format!("/api/v1/bookings/{}/cancel", late["id"]),
            &json!({}),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "rule_cancel_deadline");
    let again = w
        .resident
        .post(&format!("/api/v1/bookings/{}/cancel", b["id"]), &json!({}))
        .await;
    again.assert_status(StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "invalid_transition");
}

async fn divisible_venues_block_the_whole_and_the_parts(app: TestApp) {
    let w = world(&app).await;
    let hall = w
        .venue(
            json!({}),
            json!({"name_zh": "福田体育馆篮球馆", "parts": [
                {"code": "A", "name_zh": "A场"}, {"code": "B", "name_zh": "B场"}]}),
        )
        .await;
    let detail: Value = app.get(&format!("/api/v1/venues/{hall}")).await.json();
    let parts = detail["parts"].as_array().expect("parts");
    assert_eq!(parts.len(), 2);
    let (a, b) = (
        parts[0]["id"].as_i64().expect("a"),
        parts[1]["id"].as_i64().expect("b"),
    );
    let part: Value = app.get(&format!("/api/v1/venues/{a}")).await.json();
    assert_eq!(part["parent"]["id"], hall);
    let other = app.login_as("13900000013", &[]).await;
    let third = app.login_as("13900000014", &[]).await;

    assert_eq!(
        w.book(&w.resident, a, &at(1, 18), &at(1, 19)).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        w.book(&other, b, &at(1, 18), &at(1, 19)).await.0,
        StatusCode::CREATED,
        "B is free"
    );
    let (s, body) = w.book(&third, hall, &at(1, 18), &at(1, 19)).await;
    assert_eq!(
        (s, code(&body)),
        (StatusCode::CONFLICT, "slot_taken"),
        "a part blocks the whole"
    );

    assert_eq!(
        w.book(&third, hall, &at(1, 20), &at(1, 21)).await.0,
        StatusCode::CREATED
    );
    let (s, body) = w.book(&w.resident, b, &at(1, 20), &at(1, 21)).await;
    assert_eq!(
        (s, code(&body)),
        (StatusCode::CONFLICT, "slot_taken"),
        "the whole blocks a part"
    );
    let grid: Value = app
        .get(&format!(
            "/api/v1/venues/{a}/availability?from={}&to={}",
            day(1),
            day(1)
        ))
        .await
        .json();
    let slot20 = grid["days"][0]["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|s| s["start"] == at(1, 20))
        .cloned()
        .expect("20:00");
    assert_eq!(
        slot20["state"], "taken",
        "the hall's booking shows on the part"
    );
}

async fn a_retried_post_with_the_same_idempotency_key_books_once(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let body = json!({"venue_id": venue, "start": at(1, 9), "end": at(1, 10)});
    let post = |key: &'static str, body: Value| {
        let c = &w.resident;
        async move {
            c.send_with(
                axum::http::Method::POST,
                "/api/v1/bookings",
                Some(&body),
                &[("idempotency-key", key)],
            )
            .await
        }
    };
    let first = post("k-1", body.clone()).await;
    first.assert_status(StatusCode::CREATED);
    let second = post("k-1", body.clone()).await;
    second.assert_status(StatusCode::CREATED);
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        first.json::<Value>(),
        second.json::<Value>(),
        "the same answer"
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(n, 1, "booked once");
    let changed = post(
        "k-1",
        json!({"venue_id": venue, "start": at(1, 11), "end": at(1, 12)}),
    )
    .await;
    changed.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(changed.error_code(), "idempotency_key_reused");
    let bad = w
        .resident
        .send_with(
            axum::http::Method::POST,
            "/api/v1/bookings",
            Some(&body),
            &[("idempotency-key", "has space")],
        )
        .await;
    assert_eq!(bad.error_code(), "invalid_idempotency_key");
    // Another user's key is another key.
    let other = app.login_as("13900000015", &[]).await;
    let res = other
        .send_with(
            axum::http::Method::POST,
            "/api/v1/bookings",
            Some(&body),
            &[("idempotency-key", "k-1")],
        )
        .await;
    assert_eq!(res.error_code(), "slot_taken");
}

async fn a_hold_must_be_confirmed_before_it_lapses(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({"hold_minutes": 5}), json!({})).await;
    let held: Value = w
        .resident
        .post(
            "/api/v1/bookings",
            &json!({"venue_id": venue, "start": at(1, 9), "end": at(1, 10), "hold": true}),
        )
        .await
        .json();
    assert_eq!(held["status"], "held");
    assert!(held["hold_until"].is_string());
    let other = app.login_as("13900000016", &[]).await;
    assert_eq!(
        code(&w.book(&other, venue, &at(1, 9), &at(1, 10)).await.1),
        "slot_taken",
        "held"
    );
    let confirmed: Value = w
        .resident
        .post(
            &format!("/api/v1/bookings/{}/confirm", held["id"]),
            &json!({}),
        )
        .await
        .json();
    assert_eq!(confirmed["status"], "confirmed");
    assert_eq!(confirmed["hold_until"], Value::Null);

    let second: Value = w
        .resident
        .post(
            "/api/v1/bookings",
            &json!({"venue_id": venue, "start": at(1, 11), "end": at(1, 12), "hold": true}),
        )
        .await
        .json();
    sqlx::query("UPDATE bookings SET hold_until = $2 WHERE id = $1")
        .bind(second["id"].as_i64())
        .bind(now() - 1)
        .execute(app.db.pool())
        .await
        .expect("lapse");
    let late = w
        .resident
        .post(
            &format!("/api/v1/bookings/{}/confirm", second["id"]),
            &json!({}),
        )
        .await;
    late.assert_status(StatusCode::CONFLICT);
    assert_eq!(late.error_code(), "hold_expired");
    let b: Value = w
        .resident
        .get(&format!("/api/v1/bookings/{}", second["id"]))
        .await
        .json();
    assert_eq!(b["status"], "expired");
    assert_eq!(
        w.book(&other, venue, &at(1, 11), &at(1, 12)).await.0,
        StatusCode::CREATED,
        "released"
    );
}

async fn another_residents_booking_is_404_everywhere(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (_, b) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    let other = app.login_as("13900000017", &[]).await;
    let id = &b["id"];
    for path in [
        format!("/api/v1/bookings/{id}"),
        format!("/api/v1/bookings/{id}/ics"),
        format!("/api/v1/bookings/{id}/qr"),
    ] {
        let res = other.get(&path).await;
        res.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(res.error_code(), "booking_not_found", "{path}");
    }
    for path in [
        format!("/api/v1/bookings/{id}/cancel"),
        format!("/api/v1/bookings/{id}/confirm"),
    ] {
        other
            .post(&path, &json!({}))
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    // Staff of another community do not see it either.
    let elsewhere = app
        .login_as(
            "13900000018",
            &[(Role::CommitteeMember, "440304001002", None)],
        )
        .await;
    for (path, body) in [
        (
            format!("/api/v1/staff/bookings/{id}/cancel"),
            json!({"reason": "x"}),
        ),
        (format!("/api/v1/staff/bookings/{id}/approve"), json!({})),
        (
            format!("/api/v1/staff/venues/{venue}/checkin"),
            json!({"code": b["entry_code"]}),
        ),
    ] {
        let res = elsewhere.post(&path, &body).await;
        res.assert_status(StatusCode::NOT_FOUND);
    }
    elsewhere
        .get(&format!("/api/v1/staff/venues/{venue}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn ics_is_rfc5545_and_the_private_feed_rotates(app: TestApp) {
    let w = world(&app).await;
    let venue = w
        .venue(
            json!({}),
            json!({"name_zh": "红荔社区文体活动室, 二楼; 东侧"}),
        )
        .await;
    let (_, b) = w.book(&w.resident, venue, &at(1, 19), &at(1, 21)).await;
    let res = w
        .resident
        .get(&format!("/api/v1/bookings/{}/ics", b["id"]))
        .await;
    res.assert_status(StatusCode::OK);
    assert!(
        res.header("content-type")
            .is_some_and(|c| c.starts_with("text/calendar"))
    );
    let text = res.text();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "folded at 75 octets"
    );
    let unfolded = text.replace("\r\n ", "");
    let start = at(1, 19).replace(['-', ':'], "");
    assert!(
        unfolded.contains(&format!("DTSTART;TZID=Asia/Shanghai:{}", &start[..15])),
        "{unfolded}"
    );
    assert!(unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai"));
    assert!(
        unfolded.contains("红荔社区文体活动室\\, 二楼\\; 东侧"),
        "escaped"
    );
    assert!(unfolded.contains(b["entry_code"].as_str().expect("code")));
    assert!(unfolded.contains("SUMMARY:场馆预约：") && unfolded.contains("入场码："));
    let en = w
        .resident
        .get(&format!("/api/v1/bookings/{}/ics?lang=en", b["id"]))
        .await
        .text()
        .replace("\r\n ", "");
    assert!(
        en.contains("X-WR-CALNAME:Linli venue booking")
            && en.contains("SUMMARY:Venue booking: ")
            && en.contains("Entry code: "),
        "{en}"
    );

    let feed: Value = w
        .resident
        .post("/api/v1/me/calendar-feed", &json!({}))
        .await
        .json();
    let path = feed["path"].as_str().expect("path").to_owned();
    let got = app.get(&path).await;
    got.assert_status(StatusCode::OK);
    assert!(
        got.text()
            .contains(&format!("UID:booking-{}@linli", b["id"]))
    );
    assert!(
        app.get(&format!("{path}&lang=en"))
            .await
            .text()
            .contains("X-WR-CALNAME:Linli · My venue bookings"),
        "a feed made in English reads in English"
    );
    let state: Value = w.resident.get("/api/v1/me/calendar-feed").await.json();
    assert_eq!(state["active"], true);
    assert_eq!(state["path"], Value::Null, "the URL is shown only once");
    w.resident
        .post("/api/v1/me/calendar-feed", &json!({}))
        .await
        .assert_status(StatusCode::OK);
    let old = app.get(&path).await;
    old.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(old.error_code(), "feed_not_found");
}

async fn per_person_venues_fill_up_place_by_place(app: TestApp) {
    let w = world(&app).await;
    let gym = w
        .venue(
            json!({"capacity_mode": "per_person", "capacity": 3}),
            json!({"venue_type": "gym", "capacity": 3, "name_zh": "红荔社区健身室"}),
        )
        .await;
    let party = |who: &'static str, n: u32| (who, n);
    let mut results = Vec::new();
    for (phone, n) in [
        party("13900000021", 2),
        party("13900000022", 1),
        party("13900000023", 1),
    ] {
        let c = app.login_as(phone, &[]).await;
        let res = c
            .post(
                "/api/v1/bookings",
                &json!({"venue_id": gym, "start": at(1, 9), "end": at(1, 10), "party_size": n}),
            )
            .await;
        results.push((res.status, res.error_code_opt()));
    }
    assert_eq!(results[0].0, StatusCode::CREATED);
    assert_eq!(results[1].0, StatusCode::CREATED);
    assert_eq!(
        results[2],
        (StatusCode::CONFLICT, Some("slot_taken".to_owned())),
        "full"
    );
    let grid: Value = app
        .get(&format!(
            "/api/v1/venues/{gym}/availability?from={}&to={}",
            day(1),
            day(1)
        ))
        .await
        .json();
    let slots = grid["days"][0]["slots"].as_array().expect("slots");
    let nine = slots.iter().find(|s| s["start"] == at(1, 9)).expect("9:00");
    assert_eq!(nine["state"], "full");
    let ten = slots
        .iter()
        .find(|s| s["start"] == at(1, 10))
        .expect("10:00");
    assert_eq!(ten["places_left"], 3);
}

async fn availability_shows_free_taken_blocked_and_closed_slots(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({"max_advance_days": 3}), json!({})).await;
    w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    w.workstation
        .post(
            "/api/v1/staff/bookings",
            &json!({"venue_id": venue, "start": at(1, 12), "end": at(1, 14), "kind": "block", "purpose": "设备检修"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    w.workstation
        .put(
            &format!("/api/v1/staff/venues/{venue}/exceptions/{}", day(2)),
            &json!({"note_zh": "社区消防演练，全天闭馆"}),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let grid: Value = app
        .get(&format!(
            "/api/v1/venues/{venue}/availability?from={}&to={}",
            day(1),
            day(5)
        ))
        .await
        .json();
    let days = grid["days"].as_array().expect("days");
    assert_eq!(days.len(), 5);
    let state = |d: usize, h: u32| {
        days[d]["slots"]
            .as_array()
            .expect("slots")
            .iter()
            .find(|s| s["start"] == at(i64::try_from(d).expect("d") + 1, h))
            .map(|s| {
                (
                    s["state"].as_str().unwrap_or("").to_owned(),
                    s["reason"]["zh"].clone(),
                )
            })
            .expect("slot")
    };
    assert_eq!(state(0, 8).0, "free");
    assert_eq!(state(0, 9).0, "taken");
    assert_eq!(state(0, 12), ("blocked".to_owned(), json!("设备检修")));
    assert_eq!(days[1]["open"], false);
    assert_eq!(days[1]["closed_reason"]["zh"], "社区消防演练，全天闭馆");
    assert_eq!(state(4, 9).0, "not_yet_open", "beyond the 3-day window");
    assert!(days[4]["bookable_from"].is_string());
    let too_long = app
        .get(&format!(
            "/api/v1/venues/{venue}/availability?from={}&to={}",
            day(0),
            day(40)
        ))
        .await;
    assert_eq!(too_long.error_code(), "invalid_date_range");
}

async fn the_export_lists_bookings_and_deleting_the_account_frees_its_slots(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (_, b) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    let export: Value = w.resident.get("/api/v1/me/export").await.json();
    assert_eq!(
        export["venue_booking"]["bookings"][0]["entry_code"],
        b["entry_code"]
    );
    w.resident
        .post(
            "/api/v1/me/delete",
            &json!({"password": crate::helpers::PASSWORD}),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let status: String = sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1")
        .bind(b["id"].as_i64())
        .fetch_one(app.db.pool())
        .await
        .expect("kept");
    assert_eq!(status, "cancelled");
    let other = app.login_as("13900000019", &[]).await;
    assert_eq!(
        w.book(&other, venue, &at(1, 9), &at(1, 10)).await.0,
        StatusCode::CREATED
    );
}
