//! Staff: approvals (school first), named approvers, check-in, no-shows, blocks, bookings on
//! behalf, closures, rule editing, recurring bookings, the calendar and the utilisation report.
use app::api::accounts::Role;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{Decide, at, code, day, decide, now, rules, world};
use crate::helpers::{NOW, TestApp, TestResponse};

both_backends!(
    at NOW;
    approval_required_bookings_wait_for_community_staff,
    school_venues_need_the_school_first_then_the_community,
    only_named_approvers_decide_when_some_are_named,
    requests_that_do_not_hold_the_slot_compete_until_approval,
    staff_check_residents_in_by_entry_code_inside_the_window,
    a_closure_over_bookings_needs_consent_and_cancels_them_with_the_reason,
    staff_block_time_and_book_for_a_resident,
    rule_edits_are_validated_and_audited,
    recurring_bookings_report_each_date_and_book_the_free_ones,
    the_calendar_and_report_count_hours_and_no_shows,
    venue_input_is_validated_and_scoped,
    a_staff_decision_is_not_kept_without_its_audit_entry,
);

async fn approval_required_bookings_wait_for_community_staff(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({"approval_required": true}), json!({})).await;
    let (s, b) = w.book(&w.resident, venue, &at(2, 9), &at(2, 10)).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(b["status"], "pending");
    assert_eq!(b["approval_step"], "community");
    let queue: Value = w.committee.get("/api/v1/staff/approvals").await.json();
    assert_eq!(queue["items"][0]["id"], b["id"]);
    assert_eq!(
        queue["items"][0]["entry_code"],
        Value::Null,
        "staff do not see entry codes"
    );
    assert_eq!(queue["items"][0]["booker"]["phone_masked"], "139****0001");
    // Residents cannot decide.
    decide(&w.resident, &b["id"], Decide::Approve)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let ok: Value = decide(&w.committee, &b["id"], Decide::Approve).await.json();
    assert_eq!(ok["status"], "confirmed");
    let twice = decide(&w.committee, &b["id"], Decide::Approve).await;
    assert_eq!(
        (twice.status, twice.error_code()),
        (StatusCode::CONFLICT, "invalid_transition".into())
    );

    let (_, second) = w.book(&w.resident, venue, &at(2, 11), &at(2, 12)).await;
    let no_reason = decide(&w.committee, &second["id"], Decide::Reject("")).await;
    assert_eq!(no_reason.error_code(), "reason_required");
    let rejected: Value = decide(
        &w.committee,
        &second["id"],
        Decide::Reject("当天有社区活动"),
    )
    .await
    .json();
    assert_eq!(rejected["status"], "rejected");
    let mine: Value = w
        .resident
        .get(&format!("/api/v1/bookings/{}", second["id"]))
        .await
        .json();
    assert_eq!(
        mine["reason"],
        json!({"zh": "当天有社区活动"}),
        "the resident sees why"
    );
    // Both decisions reached the resident as notifications, newest first, linking the booking.
    let inbox: Value = w.resident.notifications().await;
    let kinds: Vec<&str> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["booking.rejected", "booking.confirmed"]);
    assert_eq!(inbox["unread"], 2);
    assert!(
        inbox["items"][0]["body"]["zh"]
            .as_str()
            .is_some_and(|b| b.contains("当天有社区活动"))
    );
    assert_eq!(
        inbox["items"][0]["link"],
        format!("/bookings/{}", second["id"])
    );
    let committee_inbox: Value = w.committee.notifications().await;
    assert_eq!(
        committee_inbox["unread"], 0,
        "staff are not told their own decisions"
    );
    let other = app.login_as("13900000031", &[]).await;
    assert_eq!(
        w.book(&other, venue, &at(2, 11), &at(2, 12)).await.0,
        StatusCode::CREATED,
        "freed"
    );
}

async fn school_venues_need_the_school_first_then_the_community(app: TestApp) {
    let w = world(&app).await;
    let ground = w
        .venue(
            json!({}),
            json!({"venue_type": "school_sports_ground", "owner_kind": "school",
                   "owner_name_zh": "深圳市红岭中学（演示）", "needs_owner_approval": true}),
        )
        .await;
    let (_, b) = w.book(&w.resident, ground, &at(2, 9), &at(2, 10)).await;
    assert_eq!(
        b["status"], "pending",
        "instant rules, but the school decides"
    );
    assert_eq!(b["approval_step"], "owner");
    let by_committee = decide(&w.committee, &b["id"], Decide::Approve).await;
    by_committee.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(by_committee.error_code(), "not_an_approver");
    let owner: Value = decide(&w.workstation, &b["id"], Decide::Approve)
        .await
        .json();
    assert_eq!(owner["status"], "pending");
    assert_eq!(owner["approval_step"], "community");
    let done: Value = decide(&w.committee, &b["id"], Decide::Approve).await.json();
    assert_eq!(done["status"], "confirmed");
}

async fn only_named_approvers_decide_when_some_are_named(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({"approval_required": true}), json!({})).await;
    let named = app
        .login_as(
            "13900000032",
            &[(Role::CommitteeMember, "440304001001", None)],
        )
        .await;
    let staff: Value = w
        .workstation
        .get(&format!("/api/v1/staff/venues/{venue}"))
        .await
        .json();
    assert_eq!(
        staff["eligible_approvers"].as_array().map(Vec::len),
        Some(3),
        "the community's committee members and workstation staff"
    );
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM users WHERE phone = '13900000032'")
        .fetch_all(app.db.pool())
        .await
        .expect("id");
    w.workstation
        .put(
            &format!("/api/v1/staff/venues/{venue}/approvers"),
            &json!({"community": ids}),
        )
        .await
        .assert_status(StatusCode::OK);
    let resident_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = '13900000001'")
        .fetch_one(app.db.pool())
        .await
        .expect("id");
    let bad = w
        .workstation
        .put(
            &format!("/api/v1/staff/venues/{venue}/approvers"),
            &json!({"community": [resident_id]}),
        )
        .await;
    assert_eq!(
        bad.error_code(),
        "approver_not_eligible",
        "a resident cannot approve"
    );
    let (_, b) = w.book(&w.resident, venue, &at(2, 9), &at(2, 10)).await;
    let refused = decide(&w.committee, &b["id"], Decide::Approve).await;
    assert_eq!(refused.error_code(), "not_an_approver");
    decide(&named, &b["id"], Decide::Approve)
        .await
        .assert_status(StatusCode::OK);
}

async fn requests_that_do_not_hold_the_slot_compete_until_approval(app: TestApp) {
    let w = world(&app).await;
    let venue = w
        .venue(
            json!({"approval_required": true, "pending_holds_slot": false}),
            json!({}),
        )
        .await;
    let other = app.login_as("13900000033", &[]).await;
    let (_, a) = w.book(&w.resident, venue, &at(2, 9), &at(2, 10)).await;
    let (s, b) = w.book(&other, venue, &at(2, 9), &at(2, 10)).await;
    assert_eq!(
        s,
        StatusCode::CREATED,
        "a pending request does not hold the slot"
    );
    decide(&w.committee, &b["id"], Decide::Approve)
        .await
        .assert_status(StatusCode::OK);
    let second = decide(&w.committee, &a["id"], Decide::Approve).await;
    assert_eq!(
        (second.status, second.error_code()),
        (StatusCode::CONFLICT, "slot_taken".into())
    );
    let still: Value = w
        .resident
        .get(&format!("/api/v1/bookings/{}", a["id"]))
        .await
        .json();
    assert_eq!(still["status"], "pending", "nothing half-written");
}

async fn staff_check_residents_in_by_entry_code_inside_the_window(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (_, b) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    let code_ = b["entry_code"].as_str().expect("code").to_owned();
    let path = format!("/api/v1/staff/venues/{venue}/checkin");
    let early = w.committee.post(&path, &json!({"code": code_})).await;
    assert_eq!(
        (early.status, early.error_code()),
        (StatusCode::CONFLICT, "checkin_window".into())
    );
    let id = b["id"].as_i64().expect("id");
    w.shift(id, now() - 600, now() + 3000).await;
    let wrong = w.committee.post(&path, &json!({"code": "00000000"})).await;
    wrong.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(wrong.error_code(), "entry_code_not_found");
    let ok: Value = w
        .committee
        .post(
            &path,
            &json!({"code": format!("{} {}", &code_[..4], &code_[4..])}),
        )
        .await
        .json();
    assert_eq!(ok["status"], "checked_in");
    assert!(ok["checked_in_at"].is_string());
    let again = w.committee.post(&path, &json!({"code": code_})).await;
    assert_eq!(again.error_code(), "already_checked_in");
    let mine: Value = w
        .resident
        .get(&format!("/api/v1/bookings/{id}"))
        .await
        .json();
    assert_eq!(mine["status"], "checked_in");
    assert_eq!(mine["can_cancel"], false);
}

async fn a_closure_over_bookings_needs_consent_and_cancels_them_with_the_reason(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (_, b) = w.book(&w.resident, venue, &at(3, 9), &at(3, 10)).await;
    let path = format!("/api/v1/staff/venues/{venue}/closures");
    let body = json!({"first_day": day(3), "last_day": day(4), "reason_zh": "场地灯光改造",
                      "reason_en": "Lighting works"});
    let refused = w.committee.post(&path, &body).await;
    assert_eq!(refused.error_code(), "closure_has_bookings");
    let mut consent = body.clone();
    consent["cancel_bookings"] = json!(true);
    let made: Value = w.committee.post(&path, &consent).await.json();
    assert_eq!(made["cancelled_bookings"], 1);
    let mine: Value = w
        .resident
        .get(&format!("/api/v1/bookings/{}", b["id"]))
        .await
        .json();
    assert_eq!(mine["status"], "cancelled");
    // Linli's own words, in both languages, here and in the notice.
    assert_eq!(
        mine["reason"],
        json!({"zh": "场馆暂停开放：场地灯光改造", "en": "Venue closed: Lighting works"})
    );
    let inbox: Value = w.resident.notifications().await;
    let notice = &inbox["items"][0];
    assert_eq!(notice["kind"], "booking.cancelled_by_staff");
    assert!(
        notice["body"]["en"]
            .as_str()
            .is_some_and(|t| t.ends_with("Reason: Venue closed: Lighting works")),
        "{notice}"
    );
    let detail: Value = app.get(&format!("/api/v1/venues/{venue}")).await.json();
    assert_eq!(detail["closures"][0]["reason"]["zh"], "场地灯光改造");
    let cid = made["closure"]["id"].as_i64().expect("closure id");
    w.committee
        .delete(&format!("/api/v1/staff/venues/{venue}/closures/{cid}"))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    assert_eq!(
        w.book(&w.resident, venue, &at(3, 9), &at(3, 10)).await.0,
        StatusCode::CREATED
    );
}

async fn staff_block_time_and_book_for_a_resident(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({"max_advance_days": 2}), json!({})).await;
    let block: Value = w
        .committee
        .post(
            "/api/v1/staff/bookings",
            &json!({"venue_id": venue, "start": at(1, 6), "end": at(1, 12), "kind": "block", "purpose": "社区运动会"}),
        )
        .await
        .json();
    assert_eq!(block["kind"], "block");
    let (s, body) = w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    assert_eq!((s, code(&body)), (StatusCode::CONFLICT, "slot_taken"));
    let for_resident = w
        .committee
        .post(
            "/api/v1/staff/bookings",
            &json!({"venue_id": venue, "start": at(5, 9), "end": at(5, 10), "kind": "booking",
                    "resident_phone": "13900000001", "purpose": "电话预约"}),
        )
        .await;
    for_resident.assert_status(StatusCode::CREATED);
    let mine: Value = w.resident.get("/api/v1/me/bookings").await.json();
    assert!(
        mine["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|b| b["purpose"] == "电话预约"),
        "staff waived the 2-day window and the resident sees the booking: {mine}"
    );
    let unknown = w
        .committee
        .post(
            "/api/v1/staff/bookings",
            &json!({"venue_id": venue, "start": at(1, 14), "end": at(1, 15), "kind": "booking",
                    "resident_phone": "13911112222", "purpose": ""}),
        )
        .await;
    assert_eq!(unknown.error_code(), "resident_not_found");
    let block_id = block["id"].as_i64().expect("id");
    decide(&w.committee, block_id, Decide::Cancel("运动会改期"))
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await.0,
        StatusCode::CREATED
    );
}

async fn rule_edits_are_validated_and_audited(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let path = format!("/api/v1/staff/venues/{venue}/rules");
    let cases = [
        (json!({"slot_minutes": 45}), "invalid_rule", "slot_minutes"),
        (json!({"max_minutes": 30}), "invalid_rule", "max_minutes"),
        (
            json!({"release_time": "25:00"}),
            "invalid_rule",
            "release_time",
        ),
        (
            json!({"quota_kind": "hours", "quota_per_week": 0}),
            "invalid_rule",
            "quota_per_week",
        ),
        (
            json!({"capacity_mode": "per_person"}),
            "capacity_mode_fixed",
            "capacity_mode",
        ),
    ];
    for (change, want, field) in cases {
        let res = w.committee.put(&path, &rules(change.clone())).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = res.json();
        assert_eq!(
            (code(&body), body["error"]["field"].as_str()),
            (want, Some(field)),
            "{change}"
        );
    }
    let unknown = w.committee.put(&path, &json!({"slot_minutes": 60})).await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "every rule must be given"
    );
    let ok: Value = w
        .committee
        .put(
            &path,
            &rules(json!({"max_minutes": 180, "buffer_minutes": 30})),
        )
        .await
        .json();
    assert_eq!(ok["max_minutes"], 180);
    // The audit log names what changed, with the values before and after.
    let audited: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'venue.rules'")
            .fetch_all(app.db.pool())
            .await
            .expect("audit");
    assert_eq!(
        audited,
        ["Changed rules: maximum minutes 120 → 180; buffer minutes 0 → 30"]
    );
    // The buffer now keeps 30 minutes free after each booking.
    w.book(&w.resident, venue, &at(1, 9), &at(1, 10)).await;
    let other = app.login_as("13900000034", &[]).await;
    assert_eq!(
        code(&w.book(&other, venue, &at(1, 10), &at(1, 11)).await.1),
        "slot_taken"
    );
    assert_eq!(
        w.book(&other, venue, &at(1, 11), &at(1, 12)).await.0,
        StatusCode::CREATED
    );
}

async fn recurring_bookings_report_each_date_and_book_the_free_ones(app: TestApp) {
    let w = world(&app).await;
    let venue = w
        .venue(json!({}), json!({"name_zh": "红荔社区文体广场"}))
        .await;
    let other = app.login_as("13900000035", &[]).await;
    // Day 8 is taken by someone, day 15 is closed: the pattern runs on day 1's weekday.
    w.committee
        .post(
            "/api/v1/staff/bookings",
            &json!({"venue_id": venue, "start": at(8, 19), "end": at(8, 20), "kind": "booking",
                    "resident_phone": "13900000035", "purpose": ""}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    w.committee
        .post(
            &format!("/api/v1/staff/venues/{venue}/closures"),
            &json!({"first_day": day(15), "last_day": day(15), "reason_zh": "防水维修"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    let weekday = {
        let d: jiff::civil::Date = day(1).parse().expect("date");
        d.weekday().to_monday_one_offset()
    };
    let body = json!({"venue_id": venue, "first_date": day(1), "last_date": day(22),
        "weekdays": [weekday], "start_time": "19:00", "end_time": "21:00",
        "group_name": "红荔广场舞队", "party_size": 15, "dry_run": true});
    let dry: Value = w
        .resident
        .post("/api/v1/bookings/recurring", &body)
        .await
        .json();
    let outcomes: Vec<&str> = dry["dates"]
        .as_array()
        .expect("dates")
        .iter()
        .map(|d| d["outcome"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(outcomes, ["free", "taken", "closed", "free"], "{dry}");
    assert_eq!(dry["series_id"], Value::Null);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE series_id IS NOT NULL")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(n, 0, "a dry run books nothing");

    let mut real = body.clone();
    real["dry_run"] = json!(false);
    let done: Value = w
        .resident
        .post("/api/v1/bookings/recurring", &real)
        .await
        .json();
    assert_eq!(
        (done["booked"].as_u64(), done["not_booked"].as_u64()),
        (Some(2), Some(2))
    );
    assert!(
        done["dates"][2]["message"]
            .as_str()
            .is_some_and(|m| m.contains("防水维修"))
    );
    let first = done["dates"][0]["booking_id"].as_i64().expect("booked");
    let b: Value = w
        .resident
        .get(&format!("/api/v1/bookings/{first}"))
        .await
        .json();
    assert_eq!(
        b["status"], "pending",
        "a group's season waits for approval"
    );
    assert_eq!(b["series_id"], done["series_id"]);
    assert_eq!(
        code(&w.book(&other, venue, &at(1, 19), &at(1, 20)).await.1),
        "slot_taken",
        "held"
    );
    let bad = w
        .resident
        .post(
            "/api/v1/bookings/recurring",
            &json!({"venue_id": venue, "first_date": day(1),
            "last_date": day(3), "weekdays": [8], "start_time": "19:00", "end_time": "21:00",
            "group_name": "合唱团"}),
        )
        .await;
    assert_eq!(bad.error_code(), "invalid_weekdays");
    let for_other = w
        .resident
        .post("/api/v1/bookings/recurring", &json!({"venue_id": venue, "first_date": day(1),
            "last_date": day(3), "weekdays": [1,2,3,4,5,6,7], "start_time": "08:00", "end_time": "09:00",
            "group_name": "合唱团", "resident_phone": "13900000035"}))
        .await;
    for_other.assert_status(StatusCode::FORBIDDEN);
}

async fn the_calendar_and_report_count_hours_and_no_shows(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (_, a) = w.book(&w.resident, venue, &at(1, 9), &at(1, 11)).await;
    let other = app.login_as("13900000036", &[]).await;
    let (_, b) = w.book(&other, venue, &at(1, 14), &at(1, 15)).await;
    let cal: Value = w
        .committee
        .get(&format!(
            "/api/v1/staff/venues/{venue}/bookings?from={}&to={}",
            day(1),
            day(1)
        ))
        .await
        .json();
    assert_eq!(cal["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(cal["items"][0]["booker"]["name"], "测试用户");
    // Move both into yesterday: one attended, one did not.
    let (ys, ye) = (now() - 86_400 - 7200, now() - 86_400);
    w.shift(a["id"].as_i64().expect("a"), ys, ye).await;
    w.shift(b["id"].as_i64().expect("b"), ys - 7200, ys - 3600)
        .await;
    sqlx::query("UPDATE bookings SET status = 'checked_in', checked_in_at = $2 WHERE id = $1")
        .bind(a["id"].as_i64())
        .bind(ys)
        .execute(app.db.pool())
        .await
        .expect("check in");
    let report: Value = w
        .committee
        .get(&format!(
            "/api/v1/staff/venues/{venue}/report?from={}&to={}",
            day(-2),
            day(0)
        ))
        .await
        .json();
    assert_eq!(report["bookings"], 2, "{report}");
    assert_eq!(
        report["no_shows"], 1,
        "the sweep made the unattended one a no-show"
    );
    assert_eq!(report["hours_booked"], 3.0);
    assert_eq!(report["hours_open"], 42.0, "three days of 14 hours");
    assert_eq!(report["no_show_rate"], 0.5);
    assert_eq!(report["days"].as_array().map(Vec::len), Some(3));
}

async fn venue_input_is_validated_and_scoped(app: TestApp) {
    let w = world(&app).await;
    let base = json!({"community": "440304001001", "name_zh": "活动室", "venue_type": "dance_room",
        "capacity": 30, "owner_kind": "community", "owner_name_zh": "红荔社区", "address_zh": "红荔路"});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let cases = [
        (
            with("community", json!("440304001")),
            "invalid_community",
            "a subdistrict is not a community",
        ),
        (
            with("name_zh", json!("")),
            "invalid_venue_name",
            "empty name",
        ),
        (
            with("capacity", json!(0)),
            "invalid_capacity",
            "no capacity",
        ),
        (
            with("time_zone", json!("Mars/Olympus")),
            "invalid_time_zone",
            "unknown zone",
        ),
        (
            with("photos", json!([{"url": "https://cdn.example.com/a.jpg"}])),
            "invalid_photo_url",
            "outside host",
        ),
        (
            with("parts", json!([{"code": "A", "name_zh": "A"}])),
            "invalid_parts",
            "one part is no division",
        ),
        (
            with(
                "hours",
                json!([{"weekday": 1, "opens": "08:15", "closes": "12:00"}]),
            ),
            "invalid_hours",
            "off grid",
        ),
    ];
    for (body, want, why) in cases {
        let res = w.workstation.post("/api/v1/staff/venues", &body).await;
        assert_eq!(res.error_code(), want, "{why}");
    }
    // Several bad fields: one answer naming each.
    let mut both = with("name_zh", json!(""));
    both["capacity"] = json!(0);
    let res = w.workstation.post("/api/v1/staff/venues", &both).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = res
        .json::<app::api::ErrorBody>()
        .error
        .fields
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["name_zh", "capacity"]);
    let elsewhere = w
        .workstation
        .post(
            "/api/v1/staff/venues",
            &with("community", json!("440304001002")),
        )
        .await;
    elsewhere.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(elsewhere.error_code(), "region_out_of_scope");
    w.committee
        .post("/api/v1/staff/venues", &base)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mine: Value = w.workstation.get("/api/v1/staff/venues").await.json();
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(0));
    let list: Value = app
        .get("/api/v1/venues?type=dance_room&accessible=hearing_loop")
        .await
        .json();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0));
    let bad = app.get("/api/v1/venues?accessible=wings").await;
    assert_eq!(bad.error_code(), "invalid_feature");
}

/// Every staff decision on a booking writes its audit entry in the decision's own transaction:
/// when the entry cannot be written, the decision is not kept either.
async fn a_staff_decision_is_not_kept_without_its_audit_entry(app: TestApp) {
    let w = world(&app).await;
    let gated = w.venue(json!({"approval_required": true}), json!({})).await;
    let open = w
        .venue(json!({}), json!({"name_zh": "红荔社区乒乓球室"}))
        .await;
    let (_, pending) = w.book(&w.resident, gated, &at(2, 9), &at(2, 10)).await;
    let (_, confirmed) = w.book(&w.resident, open, &at(1, 9), &at(1, 10)).await;
    let (pending, confirmed) = (
        pending["id"].as_i64().expect("pending"),
        confirmed["id"].as_i64().expect("confirmed"),
    );
    // Started 30 minutes ago: open for check-in and past the no-show grace.
    w.shift(confirmed, now() - 1800, now() + 1800).await;
    let status = |id: i64| {
        let resident = &w.resident;
        async move {
            let b: Value = resident.get(&format!("/api/v1/bookings/{id}")).await.json();
            b["status"].as_str().unwrap_or("").to_owned()
        }
    };
    let count = |sql: &'static str| {
        let pool = app.db.pool();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(pool)
                .await
                .expect("count")
        }
    };
    let counts = || async {
        (
            count("SELECT CAST(COUNT(*) AS BIGINT) FROM bookings").await,
            count("SELECT CAST(COUNT(*) AS BIGINT) FROM venues").await,
            count("SELECT CAST(COUNT(*) AS BIGINT) FROM lotteries").await,
            count("SELECT CAST(COUNT(*) AS BIGINT) FROM venue_closures").await,
            count("SELECT CAST(COUNT(*) AS BIGINT) FROM booking_series").await,
            count("SELECT CAST(COUNT(*) AS BIGINT) FROM notifications").await,
            count("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log").await,
        )
    };
    let before = counts().await;
    let ws = &w.workstation;
    let fails = |res: TestResponse, what: &str| {
        assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR, "{what}");
    };

    app.audit_fails(true).await;
    fails(decide(ws, pending, Decide::Approve).await, "approve");
    fails(
        decide(ws, pending, Decide::Reject("时段已有安排")).await,
        "reject",
    );
    assert_eq!(status(pending).await, "pending");
    let code_ = sqlx::query_scalar::<_, String>("SELECT entry_code FROM bookings WHERE id = $1")
        .bind(confirmed)
        .fetch_one(app.db.pool())
        .await
        .expect("entry code");
    let check_in = json!({"code": code_});
    let path = format!("/api/v1/staff/venues/{open}/checkin");
    fails(ws.post(&path, &check_in).await, "check-in");
    fails(decide(ws, confirmed, Decide::NoShow).await, "no-show");
    fails(
        decide(ws, confirmed, Decide::Cancel("场地检修")).await,
        "cancel",
    );
    assert_eq!(status(confirmed).await, "confirmed");
    let block = json!({"venue_id": open, "start": at(3, 6), "end": at(3, 12), "kind": "block",
                       "purpose": "社区运动会"});
    fails(ws.post("/api/v1/staff/bookings", &block).await, "block");
    let lottery =
        json!({"venue_id": open, "start": at(4, 19), "end": at(4, 21), "closes_at": at(3, 12)});
    fails(
        ws.post("/api/v1/staff/lotteries", &lottery).await,
        "lottery",
    );
    let closure = json!({"first_day": day(0), "last_day": day(1), "reason_zh": "场地灯光改造",
                         "cancel_bookings": true});
    let path = format!("/api/v1/staff/venues/{open}/closures");
    fails(ws.post(&path, &closure).await, "closure");
    assert_eq!(status(confirmed).await, "confirmed");
    let venue = json!({"community": "440304001001", "name_zh": "红荔社区羽毛球馆",
        "venue_type": "basketball", "capacity": 8, "owner_kind": "community",
        "owner_name_zh": "红荔社区工作站", "address_zh": "福田区红荔路 3 号",
        "rules": rules(json!({}))});
    fails(ws.post("/api/v1/staff/venues", &venue).await, "venue");
    // A group's weekly booking: its first date fails, and takes the series row with it.
    let weekday = day(3).parse::<jiff::civil::Date>().expect("date").weekday();
    let weekly = json!({"venue_id": open, "first_date": day(3), "last_date": day(3),
        "weekdays": [weekday.to_monday_one_offset()], "start_time": "15:00", "end_time": "16:00",
        "group_name": "红荔太极队", "party_size": 10});
    fails(
        w.resident.post("/api/v1/bookings/recurring", &weekly).await,
        "recurring",
    );
    assert_eq!(counts().await, before, "nothing was kept, nobody was told");

    app.audit_fails(false).await;
    decide(&w.committee, pending, Decide::Approve)
        .await
        .assert_status(StatusCode::OK);
    let closed: Value = w.committee.post(&path, &closure).await.json();
    assert_eq!(closed["cancelled_bookings"], 1, "{closed}");
    assert_eq!(status(confirmed).await, "cancelled");
    let entries: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, subject FROM audit_log WHERE action LIKE 'booking.%' OR action = 'venue.closure' \
         ORDER BY id",
    )
    .fetch_all(app.db.pool())
    .await
    .expect("entries");
    assert_eq!(
        entries,
        [
            ("booking.approve".to_owned(), format!("booking:{pending}")),
            ("booking.cancel".to_owned(), format!("booking:{confirmed}")),
            ("venue.closure".to_owned(), format!("venue:{open}")),
        ]
    );
}
