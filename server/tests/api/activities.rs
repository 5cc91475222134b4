//! Community activities (issue 19): states, sign-up with the waitlist and its promotion, the
//! coupling with the venue booking ledger (a race between a resident's booking and a class:
//! one winner), weekly series with a conflicting date, scope and roles, check-in, ratings, the
//! report, reminders, and calendar files read by an independent parser.
use std::path::{Path, PathBuf};

use app::api::activities::{
    Activity, ActivityList, ActivityStatus, AttendanceReport, ConflictList, CreatedActivities,
    MySignup, SignupList, SignupStatus, StaffSignup,
};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::{
    booking::{at, day, world},
    helpers::{Client, NOW, TestApp},
};

both_backends!(
    at NOW;
    an_activity_goes_from_draft_to_full_to_finished,
    leaving_promotes_the_waitlist_in_order_and_tells_them,
    an_activity_in_a_venue_books_it_and_cancelling_frees_it,
    a_resident_booking_and_a_class_race_for_a_court_and_one_wins,
    a_weekly_series_reports_its_conflicting_date_and_publishes_whole,
    organisers_act_only_in_their_community,
    bad_input_is_refused_and_nothing_is_half_written,
    check_in_ratings_and_the_monthly_report,
    reminders_go_out_once_the_day_before,
    calendar_files_parse_with_an_independent_parser,
    an_organisation_runs_only_its_own_activities,
    the_demo_has_activities_this_weekend,
    photos_are_cleaned_shown_and_removed,
    an_organisers_action_is_not_kept_without_its_audit_entry,
);

/// A draft in 红荔社区 `days` after today, `hour`:00 for `hours` hours.
fn draft(title: &str, days: i64, hour: u32, hours: u32, capacity: u32) -> Value {
    json!({
        "community": "440304001001", "title_zh": title, "kind": "culture",
        "audiences": ["elderly"], "place_zh": "红荔社区党群服务中心",
        "start": at(days, hour), "end": at(days, hour + hours), "capacity": capacity,
        "max_companions": 2,
    })
}

async fn create(staff: &Client<'_>, body: &Value) -> Vec<i64> {
    let res = staff.post("/api/v1/staff/activities", body).await;
    res.assert_status(StatusCode::CREATED);
    res.json::<CreatedActivities>()
        .items
        .iter()
        .map(|a| a.id)
        .collect()
}

async fn publish(staff: &Client<'_>, id: i64, whole_series: bool) -> crate::helpers::TestResponse {
    staff
        .post(
            &format!("/api/v1/staff/activities/{id}/publish"),
            &json!({"whole_series": whole_series}),
        )
        .await
}

async fn sign_up(who: &Client<'_>, id: i64, companions: u32) -> crate::helpers::TestResponse {
    who.post(
        &format!("/api/v1/activities/{id}/signup"),
        &json!({"companions": companions}),
    )
    .await
}

async fn activity(who: &Client<'_>, id: i64) -> Activity {
    let res = who.get(&format!("/api/v1/activities/{id}")).await;
    res.assert_status(StatusCode::OK);
    res.json()
}

async fn notice_kinds(who: &Client<'_>) -> Vec<String> {
    let res = who.get("/api/v1/me/notifications").await;
    res.assert_status(StatusCode::OK);
    res.json::<Value>()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|n| n["kind"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn an_activity_goes_from_draft_to_full_to_finished(app: TestApp) {
    let w = world(&app).await;
    let id = create(&w.committee, &draft("书法兴趣班", 2, 9, 2, 3)).await[0];
    // A draft is seen by its organisers only.
    assert_eq!(
        activity(&w.committee, id).await.status,
        ActivityStatus::Draft
    );
    app.client()
        .get(&format!("/api/v1/activities/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let listed = app
        .client()
        .get("/api/v1/activities?region=440304001001")
        .await
        .json::<ActivityList>();
    assert!(listed.items.iter().all(|a| a.id != id));
    sign_up(&w.resident, id, 0)
        .await
        .assert_status(StatusCode::NOT_FOUND);

    publish(&w.committee, id, false)
        .await
        .assert_status(StatusCode::OK);
    publish(&w.committee, id, false)
        .await
        .assert_status(StatusCode::CONFLICT);
    let listed = app
        .client()
        .get("/api/v1/activities?region=440304&kind=culture&audience=elderly")
        .await
        .json::<ActivityList>();
    assert!(
        listed
            .items
            .iter()
            .any(|a| a.id == id && a.status == ActivityStatus::Published)
    );

    let res = sign_up(&w.resident, id, 2).await;
    res.assert_status(StatusCode::CREATED);
    let mine = res.json::<MySignup>();
    assert_eq!(mine.status, SignupStatus::Confirmed);
    assert_eq!(mine.checkin_code.as_deref().map(str::len), Some(6));
    let a = activity(&w.resident, id).await;
    assert_eq!((a.status, a.places_left), (ActivityStatus::Full, 0));
    assert_eq!(a.my_signup.map(|m| m.companions), Some(2));
    assert_eq!(
        sign_up(&w.resident, id, 0).await.error_code(),
        "already_signed_up"
    );
    assert!(
        notice_kinds(&w.resident)
            .await
            .contains(&"activity.confirmed".to_owned())
    );

    let other = app.login_as("13912347001", &[]).await;
    let res = sign_up(&other, id, 0).await;
    res.assert_status(StatusCode::CREATED);
    assert_eq!(res.json::<MySignup>().waitlist_position, Some(1));
    let mine = other
        .get("/api/v1/me/activities")
        .await
        .json::<ActivityList>();
    assert_eq!(mine.items.len(), 1);

    // Sign-up closes at the start; the activity is finished after its end.
    let third = app.login_as("13912347002", &[]).await;
    // 09:30 on the day: started, so sign-up is closed; after 11:00 it is finished.
    app.move_clock(NOW + 2 * 86_400 - 1800).await;
    assert_eq!(sign_up(&third, id, 0).await.error_code(), "signup_closed");
    assert_eq!(
        w.resident
            .delete(&format!("/api/v1/activities/{id}/signup"))
            .await
            .error_code(),
        "signup_closed"
    );
    app.move_clock(NOW + 3 * 86_400).await;
    assert_eq!(activity(&third, id).await.status, ActivityStatus::Finished);
    assert_eq!(
        sign_up(&third, id, 0).await.error_code(),
        "activity_not_open"
    );
}

async fn leaving_promotes_the_waitlist_in_order_and_tells_them(app: TestApp) {
    let w = world(&app).await;
    let id = create(&w.workstation, &draft("亲子手工", 3, 14, 2, 3)).await[0];
    publish(&w.workstation, id, false)
        .await
        .assert_status(StatusCode::OK);
    let a = app.login_as("13912347011", &[]).await;
    let b = app.login_as("13912347012", &[]).await;
    let c = app.login_as("13912347013", &[]).await;
    assert_eq!(
        sign_up(&a, id, 2).await.json::<MySignup>().status,
        SignupStatus::Confirmed
    );
    assert_eq!(
        sign_up(&b, id, 1)
            .await
            .json::<MySignup>()
            .waitlist_position,
        Some(1)
    );
    assert_eq!(
        sign_up(&c, id, 0)
            .await
            .json::<MySignup>()
            .waitlist_position,
        Some(2)
    );
    assert_eq!(sign_up(&c, id, 0).await.error_code(), "already_signed_up");
    let d = app.login_as("13912347014", &[]).await;
    let res = sign_up(&d, id, 3).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "too_many_companions");

    a.delete(&format!("/api/v1/activities/{id}/signup"))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    a.delete(&format!("/api/v1/activities/{id}/signup"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Three places free: b's party of two and c both fit, in order.
    for who in [&b, &c] {
        let mine = activity(who, id).await.my_signup.expect("signed up");
        assert_eq!(mine.status, SignupStatus::Confirmed);
        assert!(mine.checkin_code.is_some());
        assert!(
            notice_kinds(who)
                .await
                .contains(&"activity.promoted".to_owned())
        );
    }
    let list = w
        .workstation
        .get(&format!("/api/v1/staff/activities/{id}/signups"))
        .await
        .json::<SignupList>();
    assert_eq!((list.places_taken, list.capacity), (3, 3));
    assert!(
        list.items.iter().all(|s| s.phone.contains('*')),
        "phones are masked"
    );
    let statuses: Vec<SignupStatus> = list.items.iter().map(|s| s.status).collect();
    assert_eq!(
        statuses,
        [
            SignupStatus::Confirmed,
            SignupStatus::Confirmed,
            SignupStatus::Cancelled
        ]
    );

    // More places promote the waitlist too; fewer than those taken are refused.
    assert_eq!(
        sign_up(&a, id, 0)
            .await
            .json::<MySignup>()
            .waitlist_position,
        Some(1)
    );
    let mut body = draft("亲子手工", 3, 14, 2, 2);
    let res = w
        .workstation
        .put(&format!("/api/v1/staff/activities/{id}"), &body)
        .await;
    assert_eq!(res.error_code(), "capacity_below_signups");
    body["capacity"] = json!(4);
    w.workstation
        .put(&format!("/api/v1/staff/activities/{id}"), &body)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        activity(&a, id).await.my_signup.map(|m| m.status),
        Some(SignupStatus::Confirmed)
    );
}

/// Creates a venue in 红荔社区 whose rules let residents book up to 30 days ahead.
async fn court(w: &crate::booking::World<'_>) -> i64 {
    w.venue(
        json!({"max_advance_days": 14, "max_minutes": 240}),
        json!({}),
    )
    .await
}

async fn an_activity_in_a_venue_books_it_and_cancelling_frees_it(app: TestApp) {
    let w = world(&app).await;
    let venue = court(&w).await;
    let mut body = draft("篮球训练营", 2, 15, 2, 10);
    body["venue_id"] = json!(venue);
    body["place_zh"] = json!("");
    let id = create(&w.workstation, &body).await[0];
    let a = activity(&w.workstation, id).await;
    assert_eq!(a.venue.map(|v| v.id), Some(venue));
    assert!(
        a.place.zh.starts_with("红荔社区篮球场"),
        "the venue is the place: {}",
        a.place.zh
    );
    // A draft holds nothing: a resident may book the court meanwhile (another hour).
    let (status, _) = w.book(&w.resident, venue, &at(2, 17), &at(2, 18)).await;
    assert_eq!(status, StatusCode::CREATED);
    publish(&w.workstation, id, false)
        .await
        .assert_status(StatusCode::OK);
    let (status, err) = w.book(&w.resident, venue, &at(2, 15), &at(2, 16)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    sign_up(&w.resident, id, 0)
        .await
        .assert_status(StatusCode::CREATED);

    w.workstation
        .post(
            &format!("/api/v1/staff/activities/{id}/cancel"),
            &json!({"reason": ""}),
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    w.workstation
        .post(
            &format!("/api/v1/staff/activities/{id}/cancel"),
            &json!({"reason": "场地维修"}),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let a = activity(&w.resident, id).await;
    assert_eq!(
        (a.status, a.cancel_reason.as_deref()),
        (ActivityStatus::Cancelled, Some("场地维修"))
    );
    assert!(
        notice_kinds(&w.resident)
            .await
            .contains(&"activity.cancelled".to_owned())
    );
    let (status, _) = w.book(&w.resident, venue, &at(2, 15), &at(2, 16)).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the cancelled class freed the court"
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE subject = $1 AND action IN ('activity.created', 'activity.published', 'activity.cancelled')",
    )
    .bind(format!("activity:{id}"))
    .fetch_one(app.db.pool())
    .await
    .expect("audit");
    assert_eq!(audited, 3);
}

async fn a_resident_booking_and_a_class_race_for_a_court_and_one_wins(app: TestApp) {
    let w = world(&app).await;
    let venue = court(&w).await;
    for round in 0..4_u32 {
        let hour = 8 + 2 * round;
        let mut body = draft("羽毛球公开课", 4, hour, 1, 10);
        body["venue_id"] = json!(venue);
        let id = create(&w.committee, &body).await[0];
        let (start, end) = (at(4, hour), at(4, hour + 1));
        let (published, booked) = tokio::join!(
            publish(&w.committee, id, false),
            w.book(&w.resident, venue, &start, &end),
        );
        let publish_won = published.status == StatusCode::OK;
        let booking_won = booked.0 == StatusCode::CREATED;
        assert!(
            publish_won != booking_won,
            "round {round}: exactly one wins ({}, {})",
            published.status,
            booked.0
        );
        if !publish_won {
            assert_eq!(published.error_code(), "venue_conflict");
            assert_eq!(
                activity(&w.committee, id).await.status,
                ActivityStatus::Draft,
                "nothing half-written"
            );
        }
    }
    let claims: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM bookings WHERE venue_id = $1 AND holds_slot = 1",
    )
    .bind(venue)
    .fetch_one(app.db.pool())
    .await
    .expect("count");
    assert_eq!(claims, 4, "one holder per hour");
}

async fn a_weekly_series_reports_its_conflicting_date_and_publishes_whole(app: TestApp) {
    let w = world(&app).await;
    let venue = court(&w).await;
    let mut body = draft("每周合唱排练", 1, 19, 1, 20);
    body["venue_id"] = json!(venue);
    body["repeat"] = json!({"weekly_until": day(22), "skip": [day(15)]});
    let res = w.workstation.post("/api/v1/staff/activities", &body).await;
    res.assert_status(StatusCode::CREATED);
    let created = res.json::<CreatedActivities>();
    let dates: Vec<String> = created
        .items
        .iter()
        .map(|a| a.starts_at[..10].to_owned())
        .collect();
    assert_eq!(
        dates,
        [day(1), day(8), day(22)],
        "weekly, without the skipped date"
    );
    assert!(
        created.series_id.is_some()
            && created
                .items
                .iter()
                .all(|a| a.series_id == created.series_id)
    );
    let first = created.items[0].id;
    // A resident books the court on the second date.
    let (status, err) = w.book(&w.resident, venue, &at(8, 19), &at(8, 20)).await;
    assert_eq!(status, StatusCode::CREATED, "{err}");
    let conflicts = w
        .workstation
        .get(&format!(
            "/api/v1/staff/activities/{first}/conflicts?whole_series=true"
        ))
        .await
        .json::<ConflictList>();
    assert_eq!(conflicts.items.len(), 1);
    assert_eq!(
        (
            conflicts.items[0].date.as_str(),
            conflicts.items[0].code.as_str()
        ),
        (day(8).as_str(), "slot_taken")
    );
    let res = publish(&w.workstation, first, true).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "venue_conflict");
    for a in &created.items {
        assert_eq!(
            activity(&w.workstation, a.id).await.status,
            ActivityStatus::Draft,
            "all or nothing"
        );
    }
    // The conflicting date is dropped from the series; the rest publish together.
    let second = created.items[1].id;
    w.workstation
        .delete(&format!("/api/v1/staff/activities/{second}"))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let res = publish(&w.workstation, first, true).await;
    res.assert_status(StatusCode::OK);
    assert_eq!(
        res.json::<Value>()["published"].as_array().map(Vec::len),
        Some(2)
    );
    w.workstation
        .delete(&format!("/api/v1/staff/activities/{first}"))
        .await
        .assert_status(StatusCode::CONFLICT);
    w.workstation
        .post(
            &format!("/api/v1/staff/activities/{first}/cancel"),
            &json!({"reason": "合唱团解散", "whole_series": true}),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let (status, _) = w.book(&w.resident, venue, &at(1, 19), &at(1, 20)).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "cancelling the series freed every date"
    );
}

async fn organisers_act_only_in_their_community(app: TestApp) {
    let w = world(&app).await;
    let id = create(&w.committee, &draft("社区读书会", 2, 10, 1, 10)).await[0];
    let elsewhere = app
        .login_as(
            "13912347021",
            &[(
                app::api::accounts::Role::CommitteeMember,
                "440304001002",
                None,
            )],
        )
        .await;
    for path in [
        format!("/api/v1/staff/activities/{id}/signups"),
        format!("/api/v1/staff/activities/{id}/conflicts"),
    ] {
        elsewhere
            .get(&path)
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    publish(&elsewhere, id, false)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    elsewhere
        .get(&format!("/api/v1/activities/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let res = elsewhere
        .post(
            "/api/v1/staff/activities",
            &draft("别处的活动", 2, 10, 1, 10),
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "region_out_of_scope");
    let listed = elsewhere
        .get("/api/v1/staff/activities")
        .await
        .json::<ActivityList>();
    assert!(listed.items.is_empty());
    w.resident
        .get("/api/v1/staff/activities")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    w.resident
        .post("/api/v1/staff/activities", &draft("x", 2, 10, 1, 10))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let handler = app
        .login_as(
            "13912347022",
            &[(
                app::api::accounts::Role::DepartmentHandler,
                "440304001001",
                Some("civil_affairs"),
            )],
        )
        .await;
    handler
        .get("/api/v1/staff/activities")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // A district's workstation staff organise in every community of the district.
    let district = app
        .login_as(
            "13912347023",
            &[(app::api::accounts::Role::WorkstationStaff, "440304", None)],
        )
        .await;
    publish(&district, id, false)
        .await
        .assert_status(StatusCode::OK);
}

async fn bad_input_is_refused_and_nothing_is_half_written(app: TestApp) {
    let w = world(&app).await;
    let cases: &[(&str, Value, StatusCode, &str)] = &[
        (
            "kind",
            json!("party"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_activity_kind",
        ),
        (
            "title_zh",
            json!(""),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_activity_title",
        ),
        (
            "start",
            json!(at(-1, 9)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "activity_in_past",
        ),
        (
            "end",
            json!(at(2, 8)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_time_range",
        ),
        (
            "capacity",
            json!(0),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_capacity",
        ),
        (
            "max_companions",
            json!(11),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_companions_limit",
        ),
        (
            "audiences",
            json!(["martians"]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_audience",
        ),
        (
            "community",
            json!("999999"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "region_not_found",
        ),
        (
            "venue_id",
            json!(999_999),
            StatusCode::UNPROCESSABLE_ENTITY,
            "venue_not_found",
        ),
        (
            "signup_closes",
            json!(at(3, 9)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_signup_window",
        ),
        (
            "repeat",
            json!({"weekly_until": day(3650)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "series_too_long",
        ),
        (
            "repeat",
            json!({"weekly_until": "someday"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_date",
        ),
        (
            "start",
            json!("tomorrow"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_instant",
        ),
    ];
    for (field, value, status, code) in cases {
        let mut body = draft("不完整的活动", 2, 9, 2, 10);
        body[*field] = value.clone();
        let res = w.committee.post("/api/v1/staff/activities", &body).await;
        res.assert_status(*status);
        assert_eq!(res.error_code(), *code, "{field} = {value}");
    }
    let mut unknown = draft("x", 2, 9, 2, 10);
    unknown["colour"] = json!("red");
    w.committee
        .post("/api/v1/staff/activities", &unknown)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let rows: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM activities")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(rows, 0, "nothing written by refused requests");
    // A changed series is refused on update; ids that do not exist are 404.
    let id = create(&w.committee, &draft("可以的活动", 2, 9, 2, 10)).await[0];
    let mut body = draft("可以的活动", 2, 9, 2, 10);
    body["repeat"] = json!({"weekly_until": day(20)});
    assert_eq!(
        w.committee
            .put(&format!("/api/v1/staff/activities/{id}"), &body)
            .await
            .error_code(),
        "series_dates_only_on_create"
    );
    w.committee
        .put("/api/v1/staff/activities/999999", &draft("x", 2, 9, 2, 10))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    sign_up(&w.resident, 999_999, 0)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.client()
        .get("/api/v1/activities?from=2026-13-01")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    app.client()
        .get("/api/v1/activities?cursor=zzz")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}

async fn rate(who: &Client<'_>, id: i64, stars: u8) -> crate::helpers::TestResponse {
    let body = json!({"stars": stars, "comment": "老师很耐心", "public": true});
    who.post(&format!("/api/v1/activities/{id}/rating"), &body)
        .await
}

async fn check_in_ratings_and_the_monthly_report(app: TestApp) {
    let w = world(&app).await;
    let id = create(&w.committee, &draft("插花体验", 1, 9, 2, 10)).await[0];
    publish(&w.committee, id, false)
        .await
        .assert_status(StatusCode::OK);
    let code = sign_up(&w.resident, id, 1)
        .await
        .json::<MySignup>()
        .checkin_code
        .expect("code");
    let absent = app.login_as("13912347031", &[]).await;
    sign_up(&absent, id, 0)
        .await
        .assert_status(StatusCode::CREATED);
    // An elder without an account, signed up at the desk.
    let res = w
        .committee
        .post(
            &format!("/api/v1/staff/activities/{id}/signups"),
            &json!({"guest_name": "王阿姨", "guest_phone": "13512345678"}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let guest = res.json::<StaffSignup>();
    assert!(guest.by_staff && guest.phone.contains('*'));
    w.committee
        .post(
            &format!("/api/v1/staff/activities/{id}/signups"),
            &json!({}),
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let checkin = |body: Value| {
        let c = &w.committee;
        async move {
            c.post(&format!("/api/v1/staff/activities/{id}/checkins"), &body)
                .await
        }
    };
    assert_eq!(
        checkin(json!({"code": "000000"})).await.error_code(),
        "checkin_code_unknown"
    );
    checkin(json!({"code": code}))
        .await
        .assert_status(StatusCode::OK);
    checkin(json!({"signup_id": guest.id}))
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        rate(&w.resident, id, 5).await.error_code(),
        "rating_not_allowed",
        "not before the start"
    );
    app.move_clock(NOW + 86_400 + 3 * 3600 + 3600).await;
    assert_eq!(
        rate(&absent, id, 4).await.error_code(),
        "rating_not_allowed",
        "only those who came"
    );
    assert_eq!(rate(&w.resident, id, 9).await.error_code(), "invalid_stars");
    rate(&w.resident, id, 5)
        .await
        .assert_status(StatusCode::NO_CONTENT);
    rate(&w.resident, id, 4)
        .await
        .assert_status(StatusCode::CONFLICT);
    let a = activity(&absent, id).await;
    assert_eq!(
        (a.rating_count, a.rating_average, a.reviews.len()),
        (1, Some(5.0), 1)
    );

    let month = &day(1)[..7];
    let report = w
        .committee
        .get(&format!(
            "/api/v1/staff/activities/report?region=440304001001&month={month}"
        ))
        .await
        .json::<AttendanceReport>();
    let row = report
        .rows
        .iter()
        .find(|r| r.activity_id == id)
        .expect("row");
    assert_eq!((row.signed_up, row.attended, row.no_shows), (4, 3, 1));
    assert_eq!(row.rating_average, Some(5.0));
    // The committee's periodic opinion report carries the same figures.
    let opinion = w
        .committee
        .get(&format!(
            "/api/v1/staff/feedback/report?region=440304001001&period={month}"
        ))
        .await
        .json::<app::api::feedback::OpinionReport>();
    let figures = &opinion.activities;
    assert_eq!(
        (
            figures.held,
            figures.signed_up,
            figures.attended,
            figures.no_shows
        ),
        (1, 4, 3, 1)
    );
    assert_eq!(figures.rating_average, Some(5.0));
    w.committee
        .get("/api/v1/staff/activities/report?region=440304001002")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    assert_eq!(
        w.committee
            .get("/api/v1/staff/activities/report?month=2026-13")
            .await
            .error_code(),
        "invalid_month"
    );
}

async fn reminders_go_out_once_the_day_before(app: TestApp) {
    let w = world(&app).await;
    let id = create(&w.committee, &draft("健康讲座", 3, 10, 1, 10)).await[0];
    publish(&w.committee, id, false)
        .await
        .assert_status(StatusCode::OK);
    sign_up(&w.resident, id, 0)
        .await
        .assert_status(StatusCode::CREATED);
    let db = app.state().db;
    assert_eq!(
        server::activities::tasks::send_reminders(&db, NOW)
            .await
            .expect("run"),
        0,
        "not yet"
    );
    let eve = NOW + 2 * 86_400 + 3 * 3600;
    assert_eq!(
        server::activities::tasks::send_reminders(&db, eve)
            .await
            .expect("run"),
        1
    );
    assert_eq!(
        server::activities::tasks::send_reminders(&db, eve + 60)
            .await
            .expect("run"),
        0,
        "once"
    );
    app.move_clock(eve).await;
    let kinds = notice_kinds(&w.resident).await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "activity.reminder").count(),
        1
    );
}

/// The Python of the venv `ensure_icalendar` makes (`$LINLI_TOOLS_DIR`, else the default).
fn icalendar_python() -> PathBuf {
    let tools = std::env::var("LINLI_TOOLS_DIR").unwrap_or_else(|_| {
        format!(
            "{}/.cache/linli-tools",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    Path::new(&tools).join("icalendar/bin/python")
}

/// Parses a calendar with the PyPI `icalendar` package; returns one line per event:
/// `summary|dtstart|status`.
fn parse_ics(text: &str) -> Vec<String> {
    use std::io::Write;
    let script = "import sys, icalendar\n\
        cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())\n\
        for e in cal.walk('VEVENT'):\n\
        \x20   print(f\"{e.get('SUMMARY')}|{e.decoded('DTSTART').isoformat()}|{e.get('STATUS')}\")\n";
    let mut child = std::process::Command::new(icalendar_python())
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the icalendar parser (scripts/lib.sh ensure_icalendar)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("parser");
    assert!(
        out.status.success(),
        "icalendar refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

async fn calendar_files_parse_with_an_independent_parser(app: TestApp) {
    let w = world(&app).await;
    let mut body = draft("中秋游园会, 猜灯谜; 做月饼", 2, 18, 2, 50);
    body["title_en"] = json!("Mid-Autumn fair");
    let id = create(&w.committee, &body).await[0];
    publish(&w.committee, id, false)
        .await
        .assert_status(StatusCode::OK);
    let other = create(&w.committee, &draft("取消的活动", 3, 9, 1, 5)).await[0];
    publish(&w.committee, other, false)
        .await
        .assert_status(StatusCode::OK);
    w.committee
        .post(
            &format!("/api/v1/staff/activities/{other}/cancel"),
            &json!({"reason": "天气原因"}),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);

    let res = app
        .client()
        .get(&format!("/api/v1/activities/{id}/ics"))
        .await;
    res.assert_status(StatusCode::OK);
    assert!(
        res.header("content-type")
            .is_some_and(|c| c.starts_with("text/calendar"))
    );
    let start = format!("{}T18:00:00+08:00", day(2));
    assert_eq!(
        parse_ics(&res.text()),
        [format!("中秋游园会, 猜灯谜; 做月饼|{start}|CONFIRMED")]
    );
    let english = app
        .get_with(
            &format!("/api/v1/activities/{id}/ics"),
            &[("accept-language", "en")],
        )
        .await;
    assert_eq!(
        parse_ics(&english.text()),
        [format!("Mid-Autumn fair|{start}|CONFIRMED")]
    );

    let feed = app
        .client()
        .get("/api/v1/feeds/activities/440304001001.ics")
        .await;
    feed.assert_status(StatusCode::OK);
    let events = parse_ics(&feed.text());
    assert_eq!(events.len(), 2);
    assert!(events[1].starts_with("取消的活动|") && events[1].ends_with("|CANCELLED"));
    app.client()
        .get("/api/v1/feeds/activities/999999.ics")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.client()
        .get("/api/v1/feeds/activities/440304001001")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

/// A community organisation of the directory in 红荔社区; returns its id.
async fn organisation(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO dir_organizations (uid, region_id, name_zh, created_at, updated_at) \
         SELECT $1, id, $2, $3, $3 FROM regions WHERE code = '440304001001' RETURNING id",
    )
    .bind(crate::helpers::unique_name("org"))
    .bind(name)
    .bind(NOW)
    .fetch_one(app.db.pool())
    .await
    .expect("organisation")
}

async fn an_organisation_runs_only_its_own_activities(app: TestApp) {
    let w = world(&app).await;
    let choir = organisation(&app, "红荔社区合唱团").await;
    let leader = app.login_as("13912347041", &[]).await;
    // Before being named, the leader is a resident like any other.
    leader
        .get("/api/v1/staff/activities")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let members = format!("/api/v1/staff/organizations/{choir}/members");
    let res = w
        .committee
        .post(&members, &json!({"phone": "13912347041"}))
        .await;
    res.assert_status(StatusCode::CREATED);
    let list = res.json::<app::api::activities::OrganizationMemberList>();
    assert_eq!(list.items.len(), 1);
    assert!(list.items[0].phone.contains('*'));
    let mine = leader
        .get("/api/v1/me/organizations")
        .await
        .json::<app::api::activities::OrganizationList>();
    assert_eq!(mine.items.iter().map(|o| o.id).collect::<Vec<_>>(), [choir]);

    // The leader organises for the choir only.
    let res = leader
        .post(
            "/api/v1/staff/activities",
            &draft("合唱公开排练", 2, 19, 2, 30),
        )
        .await;
    assert_eq!(
        res.error_code(),
        "region_out_of_scope",
        "not without the organisation"
    );
    let mut body = draft("合唱公开排练", 2, 19, 2, 30);
    body["organization_id"] = json!(choir);
    let id = create(&leader, &body).await[0];
    assert_eq!(
        activity(&leader, id)
            .await
            .organizer
            .map(|o| o.zh)
            .as_deref(),
        Some("红荔社区合唱团")
    );
    // A change that does not name the organisation keeps it.
    let mut changed = draft("合唱公开排练", 2, 19, 2, 40);
    changed["organization_id"] = Value::Null;
    leader
        .put(&format!("/api/v1/staff/activities/{id}"), &changed)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        activity(&leader, id)
            .await
            .organizer
            .map(|o| o.zh)
            .as_deref(),
        Some("红荔社区合唱团")
    );
    publish(&leader, id, false)
        .await
        .assert_status(StatusCode::OK);
    sign_up(&w.resident, id, 0)
        .await
        .assert_status(StatusCode::CREATED);
    let signups = leader
        .get(&format!("/api/v1/staff/activities/{id}/signups"))
        .await
        .json::<SignupList>();
    assert_eq!(signups.items.len(), 1);
    // The community's own activities are not the choir's.
    let community = create(&w.committee, &draft("社区议事会", 3, 19, 1, 30)).await[0];
    publish(&leader, community, false)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let listed = leader
        .get("/api/v1/staff/activities")
        .await
        .json::<ActivityList>();
    assert_eq!(listed.items.iter().map(|a| a.id).collect::<Vec<_>>(), [id]);
    leader
        .get("/api/v1/staff/activities/report")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    leader
        .get(&members)
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // Staff of the community still run the choir's activity; removing the leader ends it.
    let leader_id = list.items[0].user_id;
    w.committee
        .delete(&format!("{members}/{leader_id}"))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    w.committee
        .delete(&format!("{members}/{leader_id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    leader
        .get(&format!("/api/v1/staff/activities/{id}/signups"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    w.committee
        .get(&format!("/api/v1/staff/activities/{id}/signups"))
        .await
        .assert_status(StatusCode::OK);
    let elsewhere = app
        .login_as(
            "13912347042",
            &[(
                app::api::accounts::Role::CommitteeMember,
                "440304001002",
                None,
            )],
        )
        .await;
    elsewhere
        .get(&members)
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn the_demo_has_activities_this_weekend(app: TestApp) {
    server::seed::demo(&app.db, NOW).await.expect("demo");
    server::seed::demo(&app.db, NOW)
        .await
        .expect("seeding twice changes nothing");
    // NOW is a Thursday: the weekend is days 2 and 3.
    let weekend = app
        .client()
        .get(&format!(
            "/api/v1/activities?region=440304001001&from={}&to={}",
            day(2),
            day(3)
        ))
        .await
        .json::<ActivityList>();
    let titles: Vec<&str> = weekend.items.iter().map(|a| a.title.zh.as_str()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles.iter().all(|t| t.contains("演示")));
    let in_room: Vec<&Activity> = weekend.items.iter().filter(|a| a.venue.is_some()).collect();
    assert_eq!(in_room.len(), 2);
    let blocks: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM activities a JOIN bookings b ON b.id = a.booking_id WHERE b.kind = 'block' AND b.holds_slot = 1",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("count");
    assert_eq!(blocks, 2, "the demo's classes in the room hold it");
    let all = app
        .client()
        .get("/api/v1/activities?limit=100")
        .await
        .json::<ActivityList>();
    assert_eq!(
        all.items.len(),
        7,
        "a four-week class and three single dates"
    );
}

const JPEG: &[u8] = include_bytes!("fixtures/gps.jpg");

async fn photos_are_cleaned_shown_and_removed(app: TestApp) {
    let w = world(&app).await;
    let id = create(&w.committee, &draft("社区摄影展", 2, 9, 2, 20)).await[0];
    let path = format!("/api/v1/staff/activities/{id}/photos");
    let upload = |alt: &'static str| {
        let path = path.clone();
        let committee = &w.committee;
        async move {
            committee
                .post_multipart(
                    &path,
                    &[
                        ("photo", Some("a.jpg"), "image/jpeg", JPEG.to_vec()),
                        ("alt_zh", None, "text/plain", alt.as_bytes().to_vec()),
                    ],
                )
                .await
        }
    };
    w.resident
        .post_multipart(
            &path,
            &[("photo", Some("a.jpg"), "image/jpeg", JPEG.to_vec())],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let res = upload("上届摄影展").await;
    res.assert_status(StatusCode::CREATED);
    let photo = res.json::<Activity>().photos[0].clone();
    assert_eq!(photo.alt.zh, "上届摄影展");
    publish(&w.committee, id, false)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        activity(&app.client(), id).await.photos,
        vec![photo.clone()]
    );
    let served = app.client().get(&photo.url).await;
    served.assert_status(StatusCode::OK);
    assert!(
        !served.body.windows(4).any(|w| w == b"Exif"),
        "location and camera data removed"
    );
    for _ in 1..6 {
        upload("照片").await.assert_status(StatusCode::CREATED);
    }
    let seventh = upload("照片").await;
    seventh.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(seventh.error_code(), "too_many_activity_photos");
    let file = photo.url.rsplit('/').next().expect("file name");
    w.committee
        .delete(&format!("{path}/{file}"))
        .await
        .assert_status(StatusCode::OK);
    app.client()
        .get(&photo.url)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let left: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM stored_files WHERE name LIKE 'activity/%'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("count");
    assert_eq!(left, 5, "the removed photo's file is gone");
}

async fn an_organisers_action_is_not_kept_without_its_audit_entry(app: TestApp) {
    let w = world(&app).await;
    let draft_id = create(&w.committee, &draft("太极拳晨练", 2, 7, 1, 10)).await[0];
    let open = create(&w.committee, &draft("书法兴趣班", 3, 9, 2, 10)).await[0];
    publish(&w.committee, open, false)
        .await
        .assert_status(StatusCode::OK);
    let entries = |action: &'static str, id: i64| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = $1 AND subject = $2",
            )
            .bind(action)
            .bind(format!("activity:{id}"))
            .fetch_one(app.db.pool())
            .await
            .expect("count")
        }
    };

    app.audit_fails(true).await;
    // Each action fails whole: the change is rolled back with its entry.
    publish(&w.committee, draft_id, false)
        .await
        .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        activity(&w.committee, draft_id).await.status,
        ActivityStatus::Draft
    );
    w.committee
        .post(
            &format!("/api/v1/staff/activities/{open}/signups"),
            &json!({"guest_name": "王阿姨", "companions": 0}),
        )
        .await
        .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    w.committee
        .post(
            &format!("/api/v1/staff/activities/{open}/cancel"),
            &json!({"reason": "场地维修"}),
        )
        .await
        .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    let still = activity(&w.committee, open).await;
    assert_eq!(
        (still.status, still.places_left),
        (ActivityStatus::Published, 10)
    );

    app.audit_fails(false).await;
    publish(&w.committee, draft_id, false)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(entries("activity.published", draft_id).await, 1);
    assert_eq!(entries("activity.published", open).await, 1);
    assert_eq!(entries("activity.signup_by_staff", open).await, 0);
    assert_eq!(entries("activity.cancelled", open).await, 0);
}
