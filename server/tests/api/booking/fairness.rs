//! Fairness: the waitlist moves on one person at a time, lotteries are reproducible from what
//! they publish, no-shows earn strikes with appeals, and suspensions follow only repeated ones.
use axum::http::StatusCode;
use serde_json::{Value, json};
use server::booking::lottery;

use super::{Decide, at, code, decide, now, world};
use crate::helpers::{NOW, TestApp};

both_backends!(
    at NOW;
    a_freed_slot_is_offered_to_one_waiting_person_at_a_time,
    a_lottery_draw_can_be_rerun_from_what_it_publishes,
    no_shows_earn_strikes_that_can_be_appealed,
    three_strikes_in_ninety_days_suspend_booking_until_a_shown_date,
    bookings_that_are_over_finish_by_themselves,
    reminders_come_before_confirmed_bookings,
);

async fn user_id(app: &TestApp, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone)
        .fetch_one(app.db.pool())
        .await
        .expect("user")
}

/// The in-app notices of one kind the client's account received, newest first.
async fn notices(client: &crate::helpers::Client<'_>, kind: &str) -> Vec<Value> {
    let inbox: Value = client.notifications().await;
    inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

/// The SMS queued for one user, by kind.
async fn sms_of(app: &TestApp, user: i64, kind: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notification_outbox WHERE user_id = $1 AND kind = $2 AND channel = 'sms'",
    )
    .bind(user)
    .bind(kind)
    .fetch_one(app.db.pool())
    .await
    .expect("outbox")
}

async fn a_freed_slot_is_offered_to_one_waiting_person_at_a_time(app: TestApp) {
    let w = world(&app).await;
    let venue = w
        .venue(json!({"waitlist_offer_minutes": 30}), json!({}))
        .await;
    let (_, booked) = w.book(&w.resident, venue, &at(2, 19), &at(2, 20)).await;
    let second = app.login_as("13900000041", &[]).await;
    let third = app.login_as("13900000042", &[]).await;
    let join = json!({"venue_id": venue, "start": at(2, 19), "end": at(2, 20)});
    let free = second
        .post(
            "/api/v1/waitlist",
            &json!({"venue_id": venue, "start": at(2, 9), "end": at(2, 10)}),
        )
        .await;
    assert_eq!(free.error_code(), "slot_is_free");
    second
        .post("/api/v1/waitlist", &join)
        .await
        .assert_status(StatusCode::CREATED);
    let dup = second.post("/api/v1/waitlist", &join).await;
    assert_eq!(dup.error_code(), "already_waiting");
    let e3: Value = third.post("/api/v1/waitlist", &join).await.json();
    assert_eq!(e3["position"], 2);

    w.resident
        .post(
            &format!("/api/v1/bookings/{}/cancel", booked["id"]),
            &json!({}),
        )
        .await
        .assert_status(StatusCode::OK);
    let list: Value = second.get("/api/v1/me/waitlist").await.json();
    let offer = &list["items"][0];
    assert_eq!(offer["status"], "offered", "{list}");
    assert!(offer["offer_expires_at"].is_string());
    let offered_id = offer["offer_booking_id"].as_i64().expect("offer");
    let held: Value = second
        .get(&format!("/api/v1/bookings/{offered_id}"))
        .await
        .json();
    assert_eq!(
        (held["status"].as_str(), held["waitlist_offer"].as_bool()),
        (Some("held"), Some(true))
    );
    let still: Value = third.get("/api/v1/me/waitlist").await.json();
    assert_eq!(
        still["items"][0]["status"], "waiting",
        "one person at a time"
    );
    assert_eq!(still["items"][0]["position"], 1);
    assert_eq!(
        code(&w.book(&w.resident, venue, &at(2, 19), &at(2, 20)).await.1),
        "slot_taken"
    );
    // The person offered the slot is told at once, with the deadline and a link to confirm;
    // the next in line hears nothing yet.
    let told = notices(&second, "booking.waitlist_offer").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["link"], format!("/bookings/{offered_id}"));
    assert!(
        told[0]["title"]["zh"]
            .as_str()
            .is_some_and(|t| t.starts_with("候补成功：请在 ") && t.ends_with(" 前确认")),
        "{told:?}"
    );
    assert_eq!(
        sms_of(
            &app,
            user_id(&app, "13900000041").await,
            "booking.waitlist_offer"
        )
        .await,
        1
    );
    assert!(notices(&third, "booking.waitlist_offer").await.is_empty());

    // The offer lapses: it moves on to the next in line.
    sqlx::query("UPDATE bookings SET hold_until = $2 WHERE id = $1")
        .bind(offered_id)
        .bind(now() - 1)
        .execute(app.db.pool())
        .await
        .expect("lapse");
    let after: Value = third.get("/api/v1/me/waitlist").await.json();
    assert_eq!(after["items"][0]["status"], "offered", "{after}");
    let gone: Value = second.get("/api/v1/me/waitlist").await.json();
    assert_eq!(gone["items"][0]["status"], "expired");
    let next = after["items"][0]["offer_booking_id"]
        .as_i64()
        .expect("offer");
    let confirmed: Value = third
        .post(&format!("/api/v1/bookings/{next}/confirm"), &json!({}))
        .await
        .json();
    assert_eq!(confirmed["status"], "confirmed");
    let accepted: Value = third.get("/api/v1/me/waitlist").await.json();
    assert_eq!(accepted["items"][0]["status"], "accepted");
    assert_eq!(notices(&third, "booking.waitlist_offer").await.len(), 1);
    assert_eq!(
        notices(&second, "booking.waitlist_offer").await.len(),
        1,
        "each offer is told once"
    );
}

/// Every entrant of lottery `id` is told the outcome once: the winner with the booking `bid`,
/// the others with their place on the waitlist.
async fn each_entrant_is_told_once(
    clients: &[crate::helpers::Client<'_>],
    winner: usize,
    bid: i64,
    id: i64,
) {
    for (i, client) in clients.iter().enumerate() {
        let (won, lost) = (
            notices(client, "lottery.won").await,
            notices(client, "lottery.lost").await,
        );
        if i == winner {
            assert_eq!((won.len(), lost.len()), (1, 0));
            assert_eq!(won[0]["link"], format!("/bookings/{bid}"));
        } else {
            assert_eq!((won.len(), lost.len()), (0, 1), "entrant {i}");
            assert_eq!(lost[0]["link"], format!("/lotteries/{id}"));
        }
    }
}

async fn a_lottery_draw_can_be_rerun_from_what_it_publishes(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let made = w
        .committee
        .post(
            "/api/v1/staff/lotteries",
            &json!({"venue_id": venue, "start": at(3, 19), "end": at(3, 21), "closes_at": at(2, 12)}),
        )
        .await;
    made.assert_status(StatusCode::CREATED);
    let l: Value = made.json();
    let id = l["id"].as_i64().expect("id");
    assert_eq!(l["status"], "open");
    assert_eq!(
        l["seed"],
        Value::Null,
        "the seed stays secret until the draw"
    );
    let commitment = l["seed_commitment"]
        .as_str()
        .expect("commitment")
        .to_owned();
    let (s, body) = w.book(&w.resident, venue, &at(3, 19), &at(3, 20)).await;
    assert_eq!(
        (s, code(&body)),
        (StatusCode::CONFLICT, "slot_taken"),
        "kept for the draw"
    );
    let grid: Value = app
        .get(&format!(
            "/api/v1/venues/{venue}/availability?from={}&to={}",
            super::day(3),
            super::day(3)
        ))
        .await
        .json();
    assert!(
        grid["days"][0]["slots"]
            .as_array()
            .expect("slots")
            .iter()
            .any(|s| s["state"] == "lottery" && s["lottery_id"] == id)
    );

    let mut clients = Vec::new();
    for i in 0..6 {
        let c = app.login_as(&format!("139000005{i:02}"), &[]).await;
        c.post(&format!("/api/v1/lotteries/{id}/entries"), &json!({}))
            .await
            .assert_status(StatusCode::CREATED);
        clients.push(c);
    }
    let dup = clients[0]
        .post(&format!("/api/v1/lotteries/{id}/entries"), &json!({}))
        .await;
    assert_eq!(dup.error_code(), "already_entered");
    let early = w
        .committee
        .post(&format!("/api/v1/staff/lotteries/{id}/draw"), &json!({}))
        .await;
    assert_eq!(early.error_code(), "lottery_still_open");
    // A previous loss raises a weight: give entrant 2 a lost lottery last week.
    sqlx::query("UPDATE lottery_entries SET weight = 20 WHERE lottery_id = $1 AND entry_no = 2")
        .bind(id)
        .execute(app.db.pool())
        .await
        .expect("weight");
    sqlx::query("UPDATE lotteries SET opens_at = $2 - 100, closes_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now() - 1)
        .execute(app.db.pool())
        .await
        .expect("close");
    let drawn: Value = app.get(&format!("/api/v1/lotteries/{id}")).await.json();
    assert_eq!(
        drawn["status"], "drawn",
        "drawn lazily when read after closing"
    );
    let seed_hex = drawn["seed"].as_str().expect("seed published");
    let seed = lottery::unhex(seed_hex).expect("hex seed");
    assert_eq!(
        lottery::commitment(&seed),
        commitment,
        "the seed matches the commitment"
    );
    let entries: Vec<lottery::Entry> = drawn["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| lottery::Entry {
            entry_no: u32::try_from(e["entry_no"].as_u64().expect("no")).expect("u32"),
            weight: u32::try_from(e["weight"].as_u64().expect("w")).expect("u32"),
            party_size: u32::try_from(e["party_size"].as_u64().expect("p")).expect("u32"),
        })
        .collect();
    assert_eq!(entries.len(), 6);
    assert_eq!(entries[1].weight, 20);
    let rerun = lottery::draw(&seed, &entries);
    let published: Vec<u32> = serde_json::from_value(drawn["order"].clone()).expect("order");
    assert_eq!(
        rerun, published,
        "anyone re-running the draw gets the published order"
    );
    assert_eq!(drawn["winners"], json!([published[0]]));
    // The winner holds a booking; the others wait in drawn order.
    let winner = usize::try_from(published[0] - 1).expect("index");
    let mine: Value = clients[winner]
        .get(&format!("/api/v1/lotteries/{id}"))
        .await
        .json();
    assert_eq!(mine["my_entry"]["result"], "won");
    let bid = mine["my_entry"]["booking_id"].as_i64().expect("booking");
    let path = format!("/api/v1/bookings/{bid}");
    let b: Value = clients[winner].get(&path).await.json();
    assert_eq!(b["status"], "confirmed");
    assert_eq!(b["purpose"], "抽签中签");
    let english: Value = clients[winner].get_in(&path, "en").await.json();
    assert_eq!(english["purpose"], "Won in the lottery");
    each_entrant_is_told_once(&clients, winner, bid, id).await;
    let second = usize::try_from(published[1] - 1).expect("index");
    let wl: Value = clients[second].get("/api/v1/me/waitlist").await.json();
    assert_eq!(
        wl["items"][0]["position"], 1,
        "the runner-up is first on the waitlist"
    );
    let again = w
        .committee
        .post(&format!("/api/v1/staff/lotteries/{id}/draw"), &json!({}))
        .await;
    assert_eq!(again.error_code(), "lottery_drawn", "drawn exactly once");
    assert_eq!(
        notices(&clients[winner], "lottery.won").await.len(),
        1,
        "told once"
    );
    assert!(
        drawn["algorithm"]
            .as_str()
            .is_some_and(|a| a.contains("ChaCha20"))
    );
}

async fn no_shows_earn_strikes_that_can_be_appealed(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (_, b) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    let id = b["id"].as_i64().expect("id");
    let early = decide(&w.committee, id, Decide::NoShow).await;
    assert_eq!(early.error_code(), "no_show_too_early");
    w.shift(id, now() - 1800, now() + 1800).await;
    let marked: Value = decide(&w.committee, id, Decide::NoShow).await.json();
    assert_eq!(marked["status"], "no_show");
    let strike_told = notices(&w.resident, "booking.strike").await;
    assert_eq!(strike_told.len(), 1, "the resident is told of the strike");
    assert_eq!(strike_told[0]["link"], "/me/strikes");
    decide(&w.committee, id, Decide::NoShow).await;
    assert_eq!(
        notices(&w.resident, "booking.strike").await.len(),
        1,
        "once"
    );
    let record: Value = w.resident.get("/api/v1/me/strikes").await.json();
    assert_eq!(record["counting"], 1);
    assert_eq!(
        record["suspended_until"],
        Value::Null,
        "one strike does not suspend"
    );
    let strike = &record["strikes"][0];
    assert_eq!(
        (strike["status"].as_str(), strike["can_appeal"].as_bool()),
        (Some("active"), Some(true))
    );
    let sid = strike["id"].as_i64().expect("strike");
    let empty = w
        .resident
        .post(
            &format!("/api/v1/me/strikes/{sid}/appeal"),
            &json!({"text": " "}),
        )
        .await;
    assert_eq!(empty.error_code(), "invalid_appeal");
    let other = app.login_as("13900000061", &[]).await;
    other
        .post(
            &format!("/api/v1/me/strikes/{sid}/appeal"),
            &json!({"text": "不是我"}),
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let appealed: Value = w
        .resident
        .post(
            &format!("/api/v1/me/strikes/{sid}/appeal"),
            &json!({"text": "当天暴雨，场馆通知取消"}),
        )
        .await
        .json();
    assert_eq!(appealed["status"], "appealed");
    let twice = w
        .resident
        .post(
            &format!("/api/v1/me/strikes/{sid}/appeal"),
            &json!({"text": "再次申诉"}),
        )
        .await;
    assert_eq!(twice.error_code(), "appeal_closed");
    let queue: Value = w.committee.get("/api/v1/staff/appeals").await.json();
    assert_eq!(queue["items"][0]["appeal"], "当天暴雨，场馆通知取消");
    assert_eq!(queue["items"][0]["booker"]["phone_masked"], "139****0001");
    let decided: Value = w
        .committee
        .post(
            &format!("/api/v1/staff/strikes/{sid}/decide"),
            &json!({"overturn": true, "note": "核实当天暴雨停课"}),
        )
        .await
        .json();
    assert_eq!(decided["status"], "overturned");
    let record: Value = w.resident.get("/api/v1/me/strikes").await.json();
    assert_eq!(record["counting"], 0);
    assert_eq!(record["strikes"][0]["decision_note"], "核实当天暴雨停课");
    let decision = notices(&w.resident, "booking.appeal_overturned").await;
    assert_eq!(decision.len(), 1);
    assert!(
        decision[0]["body"]["zh"]
            .as_str()
            .is_some_and(|b| b.ends_with("说明：核实当天暴雨停课")),
        "{decision:?}"
    );
    let again = w
        .committee
        .post(
            &format!("/api/v1/staff/strikes/{sid}/decide"),
            &json!({"overturn": false, "note": "x"}),
        )
        .await;
    assert_eq!(again.error_code(), "strike_not_appealed");
}

async fn three_strikes_in_ninety_days_suspend_booking_until_a_shown_date(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let me = user_id(&app, "13900000001").await;
    let mut ids = Vec::new();
    for h in [8, 10, 12] {
        let (_, b) = w.book(&w.resident, venue, &at(1, h), &at(1, h + 1)).await;
        let id = b["id"].as_i64().expect("id");
        w.shift(id, now() - 7200, now() - 3600).await;
        ids.push(id);
    }
    // The sweep turns each confirmed, unattended booking into a no-show with a strike.
    let record: Value = w.resident.get("/api/v1/me/strikes").await.json();
    assert_eq!(record["counting"], 3, "{record}");
    let until = record["suspended_until"]
        .as_str()
        .expect("suspended")
        .to_owned();
    assert_eq!(record["threshold"], 3);
    let (s, body) = w.book(&w.resident, venue, &at(2, 9), &at(2, 10)).await;
    assert_eq!(
        (s, code(&body)),
        (StatusCode::FORBIDDEN, "booking_suspended")
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&until[..10]))
    );
    let lottery_or_waitlist = w
        .resident
        .post(
            "/api/v1/waitlist",
            &json!({"venue_id": venue, "start": at(2, 9), "end": at(2, 10)}),
        )
        .await;
    assert_eq!(lottery_or_waitlist.error_code(), "booking_suspended");
    // Overturning one strike on appeal lifts the suspension.
    let sid: i64 =
        sqlx::query_scalar("SELECT id FROM booking_strikes WHERE user_id = $1 ORDER BY id LIMIT 1")
            .bind(me)
            .fetch_one(app.db.pool())
            .await
            .expect("strike");
    w.resident
        .post(
            &format!("/api/v1/me/strikes/{sid}/appeal"),
            &json!({"text": "已提前电话请假"}),
        )
        .await
        .assert_status(StatusCode::OK);
    w.committee
        .post(
            &format!("/api/v1/staff/strikes/{sid}/decide"),
            &json!({"overturn": true, "note": "有通话记录"}),
        )
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        w.book(&w.resident, venue, &at(2, 9), &at(2, 10)).await.0,
        StatusCode::CREATED
    );
    // Strikes expire: aged past 90 days they no longer count.
    sqlx::query(
        "UPDATE booking_strikes SET created_at = created_at - 91 * 86400 WHERE user_id = $1",
    )
    .bind(me)
    .execute(app.db.pool())
    .await
    .expect("age");
    let record: Value = w.resident.get("/api/v1/me/strikes").await.json();
    assert_eq!(record["counting"], 0);
    assert!(
        record["strikes"]
            .as_array()
            .expect("list")
            .iter()
            .any(|s| s["status"] == "expired")
    );
}

async fn bookings_that_are_over_finish_by_themselves(app: TestApp) {
    let w = world(&app).await;
    let staffed = w.venue(json!({}), json!({})).await;
    let open_ground = w.venue(json!({"checkin_required": false}), json!({})).await;
    let (_, a) = w.book(&w.resident, staffed, &at(1, 9), &at(1, 10)).await;
    let (_, b) = w
        .book(&w.resident, open_ground, &at(1, 9), &at(1, 10))
        .await;
    let (_, c) = w.book(&w.resident, staffed, &at(1, 12), &at(1, 13)).await;
    for x in [&a, &b, &c] {
        w.shift(x["id"].as_i64().expect("id"), now() - 7200, now() - 3600)
            .await;
    }
    sqlx::query("UPDATE bookings SET status = 'checked_in', checked_in_at = $2 WHERE id = $1")
        .bind(c["id"].as_i64())
        .bind(now() - 7000)
        .execute(app.db.pool())
        .await
        .expect("check in");
    let history: Value = w
        .resident
        .get("/api/v1/me/bookings?scope=history")
        .await
        .json();
    let status = |id: &Value| {
        history["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|b| &b["id"] == id)
            .map(|b| b["status"].as_str().unwrap_or("").to_owned())
            .expect("listed")
    };
    assert_eq!(status(&a["id"]), "no_show");
    assert_eq!(
        status(&b["id"]),
        "completed",
        "no check-in at an open ground"
    );
    assert_eq!(status(&c["id"]), "completed");
    let upcoming: Value = w.resident.get("/api/v1/me/bookings").await.json();
    assert_eq!(upcoming["items"].as_array().map(Vec::len), Some(0));
}

async fn reminders_come_before_confirmed_bookings(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (_, b) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    let (_, later) = w.book(&w.resident, venue, &at(5, 9), &at(5, 10)).await;
    let id = b["id"].as_i64().expect("id");
    w.shift(id, now() + 3600 * 3, now() + 3600 * 4).await;
    sqlx::query("UPDATE booking_reminders SET remind_at = $2 WHERE booking_id = $1")
        .bind(id)
        .bind(now() - 10)
        .execute(app.db.pool())
        .await
        .expect("due");
    let list: Value = w.resident.get("/api/v1/me/reminders").await.json();
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "only the one that is due: {list}");
    assert_eq!(items[0]["booking_id"], id);
    assert_ne!(items[0]["booking_id"], later["id"]);
    // The minute task sends it once, in-app and through the SMS outbox; never twice.
    assert_eq!(
        server::booking::tasks::send_due_reminders(&app.db, now())
            .await
            .expect("send"),
        1
    );
    assert_eq!(
        server::booking::tasks::send_due_reminders(&app.db, now())
            .await
            .expect("send"),
        0
    );
    let inbox: Value = w.resident.notifications().await;
    assert_eq!(inbox["items"][0]["kind"], "booking.reminder");
    assert_eq!(inbox["items"][0]["link"], format!("/bookings/{id}"));
    let sms: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notification_outbox WHERE kind = 'booking.reminder'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("outbox");
    assert_eq!(sms, 1);
    let rid = items[0]["id"].as_i64().expect("reminder");
    w.resident
        .post(&format!("/api/v1/me/reminders/{rid}/dismiss"), &json!({}))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let list: Value = w.resident.get("/api/v1/me/reminders").await.json();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0));
}
