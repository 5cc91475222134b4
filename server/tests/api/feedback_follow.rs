//! Residents follow their case (issue 17): the submitter adds details while it is open, and
//! residents flag public content; three distinct flags hide a case from the public reports
//! until staff review it.
use app::api::{
    accounts::Role,
    feedback::{CaseCreated, FlagResult, PublicCase, PublicReportList},
};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::{
    feedback::public_case,
    helpers::{Client, NOW, TestApp},
};

both_backends!(
    at NOW;
    the_submitter_adds_details_while_the_case_is_open,
    flags_from_three_residents_hide_a_case_until_staff_review_it,
);

const HONGLI: &str = "440304001001";
const JPEG: &[u8] = include_bytes!("fixtures/gps.jpg");

fn case_json(title: &str) -> Value {
    json!({
        "kind": "complaint", "category": "sanitation", "community": HONGLI,
        "place": "红荔路 3 栋楼下垃圾站", "title": title,
        "description": "垃圾站的垃圾已经三天没有清运，气味很大，还有老鼠。",
        "privacy": "public_name", "contact_name": "李秀英",
        "answers": {"location_type": "estate"}
    })
}

async fn file(client: &Client<'_>, title: &str) -> String {
    let res = client.post("/api/v1/feedback", &case_json(title)).await;
    res.assert_status(StatusCode::CREATED);
    res.json::<CaseCreated>().tracking_code
}

async fn id_of(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM feedback_cases WHERE tracking_code = $1")
        .bind(code)
        .fetch_one(app.db.pool())
        .await
        .expect("id")
}

async fn the_submitter_adds_details_while_the_case_is_open(app: TestApp) {
    let resident = app.login_as("13912347001", &[]).await;
    let code = file(&resident, "垃圾站三天没有清运").await;
    let path = format!("/api/v1/feedback/{code}/details");
    let case: PublicCase = resident
        .post(
            &path,
            &json!({"text": "  今天又多了两袋垃圾，已经堆到路边。 "}),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    let added = case.timeline.last().expect("timeline");
    assert_eq!(
        (added.kind.as_str(), added.text.as_str()),
        ("details", "今天又多了两袋垃圾，已经堆到路边。")
    );
    // Anyone with the code sees it in the public timeline.
    let public: PublicCase = public_case(&app.client(), &code).await;
    assert!(public.timeline.iter().any(|e| e.kind == "details"));

    // With a photo (its location metadata removed, as at filing); the text may then be empty.
    let details = serde_json::to_vec(&json!({"text": ""})).expect("json");
    let with_photo: PublicCase = resident
        .post_multipart(
            &path,
            &[
                ("details", None, "application/json", details),
                ("photo", Some("more.jpg"), "image/jpeg", JPEG.to_vec()),
            ],
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(with_photo.photos.len(), 1);
    assert_eq!(with_photo.timeline.last().expect("entry").kind, "details");
    let photo = app
        .client()
        .get(&with_photo.photos[0].url)
        .await
        .assert_status(StatusCode::OK)
        .body
        .clone();
    assert!(
        !photo.windows(6).any(|w| w == b"Exif\0\0"),
        "metadata removed"
    );

    for (text, why) in [("   ", "empty"), (&"长".repeat(1001) as &str, "too long")] {
        let res = resident.post(&path, &json!({ "text": text })).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_code(), "invalid_details", "{why}");
    }
    let stranger = app.login_as("13912347002", &[]).await;
    let res = stranger.post(&path, &json!({"text": "我也看到了"})).await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "details_owner_only");
    app.client()
        .post(&path, &json!({"text": "我也看到了"}))
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    // A guest's case takes additions from whoever holds its code.
    let guest = app.client();
    let guest_code = file(&guest, "路灯不亮").await;
    guest
        .post(
            &format!("/api/v1/feedback/{guest_code}/details"),
            &json!({"text": "是 3 栋门口那盏。"}),
        )
        .await
        .assert_status(StatusCode::OK);

    // Closed to additions once declined.
    let member = app
        .login_as("13912347003", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    let id = id_of(&app, &code).await;
    member
        .post(
            &format!("/api/v1/staff/feedback/{id}/actions"),
            &json!({"action": "decline", "reason": "已由物业处理。"}),
        )
        .await
        .assert_status(StatusCode::OK);
    let res = resident.post(&path, &json!({"text": "还没处理"})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "case_not_open");
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM feedback_events WHERE case_id = $1 AND kind = 'details'",
    )
    .bind(id)
    .fetch_one(app.db.pool())
    .await
    .expect("count");
    assert_eq!(events, 2, "refused additions leave nothing behind");
}

async fn listed(app: &TestApp, id: i64) -> bool {
    let list: PublicReportList = app
        .get(&format!("/api/v1/feedback/reports?community={HONGLI}"))
        .await
        .assert_status(StatusCode::OK)
        .json();
    list.items.iter().any(|r| r.id == id)
}

async fn flag(client: &Client<'_>, id: i64) -> FlagResult {
    client
        .post(
            &format!("/api/v1/feedback/flags/{id}"),
            &json!({"reason": "abusive"}),
        )
        .await
        .assert_status(StatusCode::OK)
        .json()
}

async fn flags_from_three_residents_hide_a_case_until_staff_review_it(app: TestApp) {
    let code = file(&app.client(), "邻居家的狗").await;
    let id = id_of(&app, &code).await;
    assert!(listed(&app, id).await);
    app.client()
        .post(
            &format!("/api/v1/feedback/flags/{id}"),
            &json!({"reason": "abusive"}),
        )
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    let mut residents = Vec::new();
    for n in 1..=4 {
        residents.push(app.login_as(&format!("1391234710{n}"), &[]).await);
    }
    assert_eq!(
        flag(&residents[0], id).await,
        FlagResult {
            added: true,
            hidden: false
        }
    );
    assert_eq!(
        flag(&residents[0], id).await,
        FlagResult {
            added: false,
            hidden: false
        },
        "one flag per resident"
    );
    assert!(!flag(&residents[1], id).await.hidden);
    assert!(listed(&app, id).await);
    assert!(flag(&residents[2], id).await.hidden);
    assert!(!listed(&app, id).await, "hidden pending review");
    let res = residents[3]
        .post(
            &format!("/api/v1/feedback/flags/{id}"),
            &json!({"reason": "spam"}),
        )
        .await;
    res.assert_status(StatusCode::NOT_FOUND);

    // Staff review it and show it again: earlier flags no longer count.
    let member = app
        .login_as("13912347199", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    let staff: Value = member
        .get(&format!("/api/v1/staff/feedback/{id}"))
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(staff["hidden"], true);
    assert_eq!(
        staff["hidden_reason"],
        json!({"zh": "3 位居民举报，待审核。", "en": "Flagged by 3 residents; pending review."}),
        "Linli's own reason, in both languages"
    );
    member
        .post(
            &format!("/api/v1/staff/feedback/{id}/actions"),
            &json!({"action": "unhide"}),
        )
        .await
        .assert_status(StatusCode::OK);
    assert!(listed(&app, id).await);
    assert_eq!(
        flag(&residents[3], id).await,
        FlagResult {
            added: true,
            hidden: false
        }
    );
}
