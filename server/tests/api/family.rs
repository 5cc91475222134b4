//! Family proxies, 子女代办 (issue 17): a link both sides confirm, a proxy who books and files
//! feedback for the resident with `X-Linli-On-Behalf-Of`, audited and shown to staff, and
//! nothing allowed once either side ends the link.
use app::api::{
    accounts::{FamilyDirection, FamilyLink, FamilyLinkList, FamilyLinkStatus},
    feedback::{CaseCreated, StaffCase},
};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{
    booking::{at, world},
    helpers::{Client, NOW, TestApp},
};

both_backends!(
    at NOW;
    a_link_needs_both_sides_and_either_side_ends_it,
    a_proxy_books_and_files_for_the_resident_and_is_audited,
);

const MOTHER: &str = "13912346001";
const DAUGHTER: &str = "13912346002";
const HEADER: &str = "x-linli-on-behalf-of";

async fn acting(
    client: &Client<'_>,
    method: Method,
    path: &str,
    body: Option<&Value>,
    for_id: i64,
) -> crate::helpers::TestResponse {
    client
        .send_with(method, path, body, &[(HEADER, &for_id.to_string())])
        .await
}

async fn user_id(app: &TestApp, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone)
        .fetch_one(app.db.pool())
        .await
        .expect("user")
}

async fn audit(app: &TestApp, prefix: &str) -> Vec<(Option<i64>, String, String, String)> {
    sqlx::query_as(
        "SELECT actor_id, action, subject, detail FROM audit_log WHERE action LIKE $1 ORDER BY id",
    )
    .bind(format!("{prefix}%"))
    .fetch_all(app.db.pool())
    .await
    .expect("audit")
}

/// The daughter asks to act for her mother, who confirms; returns the link id.
async fn link(mother: &Client<'_>, daughter: &Client<'_>) -> i64 {
    let link: FamilyLink = daughter
        .post(
            "/api/v1/me/family-links",
            &json!({"phone": MOTHER, "direction": "i_act_for_them"}),
        )
        .await
        .assert_status(StatusCode::CREATED)
        .json();
    mother
        .post(
            &format!("/api/v1/me/family-links/{}/accept", link.id),
            &json!({}),
        )
        .await
        .assert_status(StatusCode::OK);
    link.id
}

/// An active link opens the resident's bookings and feedback, never the account itself, only
/// for the linked person and only with one's own session.
async fn only_the_proxy_routes(app: &TestApp, daughter: &Client<'_>, mother_id: i64) {
    // Active: the resident's own lists, but never the account itself.
    acting(
        daughter,
        Method::GET,
        "/api/v1/me/bookings",
        None,
        mother_id,
    )
    .await
    .assert_status(StatusCode::OK);
    for (method, path) in [
        (Method::GET, "/api/v1/me/sessions"),
        (Method::GET, "/api/v1/me/export"),
        (Method::GET, "/api/v1/me/family-links"),
        (Method::GET, "/api/v1/me/notifications"),
        (Method::POST, "/api/v1/me/delete"),
        (Method::PUT, "/api/v1/me/notification-settings"),
    ] {
        let res = acting(daughter, method.clone(), path, Some(&json!({})), mother_id).await;
        res.assert_status(StatusCode::FORBIDDEN);
        assert_eq!(res.error_code(), "proxy_not_allowed", "{method} {path}");
    }
    // Only for the linked person, and never without one's own session.
    let stranger = user_id(app, DAUGHTER).await + 1000;
    let res = acting(daughter, Method::GET, "/api/v1/me/bookings", None, stranger).await;
    assert_eq!(res.error_code(), "not_family_proxy");
    let res = daughter
        .send_with(
            Method::GET,
            "/api/v1/me/bookings",
            None,
            &[(HEADER, "mother")],
        )
        .await;
    assert_eq!(res.error_code(), "not_family_proxy");
    let res = acting(
        &app.client(),
        Method::GET,
        "/api/v1/me/bookings",
        None,
        mother_id,
    )
    .await;
    res.assert_status(StatusCode::UNAUTHORIZED);
    let res = acting(
        &app.client(),
        Method::GET,
        "/api/v1/feedback/SZ-2026-NOSUCHCODE",
        None,
        mother_id,
    )
    .await;
    res.assert_status(StatusCode::UNAUTHORIZED);
}

async fn a_link_needs_both_sides_and_either_side_ends_it(app: TestApp) {
    let mother = app.login_as(MOTHER, &[]).await;
    let daughter = app.login_as(DAUGHTER, &[]).await;
    let mother_id = user_id(&app, MOTHER).await;

    let res = daughter
        .post(
            "/api/v1/me/family-links",
            &json!({"phone": "13912346099", "direction": "i_act_for_them"}),
        )
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(res.error_code(), "family_member_not_found");
    let res = daughter
        .post(
            "/api/v1/me/family-links",
            &json!({"phone": DAUGHTER, "direction": "i_act_for_them"}),
        )
        .await;
    assert_eq!(res.error_code(), "family_member_not_found", "not oneself");

    let invited: FamilyLink = daughter
        .post(
            "/api/v1/me/family-links",
            &json!({"phone": MOTHER, "direction": "i_act_for_them"}),
        )
        .await
        .assert_status(StatusCode::CREATED)
        .json();
    assert_eq!(
        (invited.status, invited.direction, invited.invited_by_me),
        (
            FamilyLinkStatus::Invited,
            FamilyDirection::IActForThem,
            true
        )
    );
    assert_eq!(
        (invited.other_id, invited.other_phone.as_str()),
        (mother_id, "139****6001")
    );
    let res = daughter
        .post(
            "/api/v1/me/family-links",
            &json!({"phone": MOTHER, "direction": "i_act_for_them"}),
        )
        .await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "family_link_exists");

    // Not yet confirmed: nothing is allowed; only the invited side confirms.
    let res = acting(
        &daughter,
        Method::GET,
        "/api/v1/me/bookings",
        None,
        mother_id,
    )
    .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "not_family_proxy");
    daughter
        .post(
            &format!("/api/v1/me/family-links/{}/accept", invited.id),
            &json!({}),
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let seen: FamilyLinkList = mother.get("/api/v1/me/family-links").await.json();
    assert_eq!(seen.items.len(), 1);
    assert_eq!(
        (seen.items[0].direction, seen.items[0].invited_by_me),
        (FamilyDirection::TheyActForMe, false)
    );
    let told: Value = mother.notifications().await;
    assert_eq!(told["items"][0]["kind"], "account.family_invited", "{told}");
    let sms = app.sms_to(MOTHER).await;
    assert!(
        sms.last().is_some_and(|t| t.contains("申请为您代办")),
        "{sms:?}"
    );

    let accepted: FamilyLink = mother
        .post(
            &format!("/api/v1/me/family-links/{}/accept", invited.id),
            &json!({}),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(accepted.status, FamilyLinkStatus::Active);
    let res = mother
        .post(
            &format!("/api/v1/me/family-links/{}/accept", invited.id),
            &json!({}),
        )
        .await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "family_link_not_open");

    only_the_proxy_routes(&app, &daughter, mother_id).await;

    // The mother ends it; the daughter is told and can no longer act.
    mother
        .send(
            Method::DELETE,
            &format!("/api/v1/me/family-links/{}", invited.id),
            None,
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let res = acting(
        &daughter,
        Method::GET,
        "/api/v1/me/bookings",
        None,
        mother_id,
    )
    .await;
    assert_eq!(res.error_code(), "not_family_proxy");
    let told: Value = daughter.notifications().await;
    assert_eq!(told["items"][0]["kind"], "account.family_ended", "{told}");
    let listed: FamilyLinkList = daughter.get("/api/v1/me/family-links").await.json();
    assert_eq!(listed.items[0].status, FamilyLinkStatus::Ended);
    // A new invitation is possible once the old link has ended.
    daughter
        .post(
            "/api/v1/me/family-links",
            &json!({"phone": MOTHER, "direction": "i_act_for_them"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    let actions: Vec<String> = audit(&app, "family.")
        .await
        .into_iter()
        .map(|a| a.1)
        .collect();
    assert_eq!(
        actions,
        [
            "family.invited",
            "family.confirmed",
            "family.ended",
            "family.invited"
        ]
    );
}

async fn a_proxy_books_and_files_for_the_resident_and_is_audited(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let mother = app.login_as(MOTHER, &[]).await;
    let daughter = app.login_as(DAUGHTER, &[]).await;
    let (mother_id, daughter_id) = (user_id(&app, MOTHER).await, user_id(&app, DAUGHTER).await);
    let link_id = link(&mother, &daughter).await;

    // A booking in the mother's name, counted against her quota, made by the daughter.
    let body = json!({"venue_id": venue, "start": at(1, 9), "end": at(1, 10)});
    let res = acting(
        &daughter,
        Method::POST,
        "/api/v1/bookings",
        Some(&body),
        mother_id,
    )
    .await;
    res.assert_status(StatusCode::CREATED);
    let booking = res.json::<Value>()["id"].as_i64().expect("booking id");
    let (owner, made_by): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT user_id, created_by FROM bookings WHERE id = $1")
            .bind(booking)
            .fetch_one(app.db.pool())
            .await
            .expect("booking");
    assert_eq!((owner, made_by), (Some(mother_id), Some(daughter_id)));
    let mine: Value = mother.get("/api/v1/me/bookings").await.json();
    assert!(
        mine.to_string().contains(&format!("\"id\":{booking}")),
        "{mine}"
    );
    let hers: Value = daughter.get("/api/v1/me/bookings").await.json();
    assert!(
        !hers.to_string().contains(&format!("\"id\":{booking}")),
        "{hers}"
    );

    // A case filed for the mother: hers to follow, marked for staff.
    let case = json!({
        "kind": "complaint", "category": "sanitation", "community": "440304001001",
        "place": "红荔路 3 栋楼下垃圾站", "title": "垃圾站三天没有清运",
        "description": "垃圾站的垃圾已经三天没有清运，气味很大，还有老鼠。",
        "privacy": "public_name", "answers": {"location_type": "estate"}
    });
    let res = acting(
        &daughter,
        Method::POST,
        "/api/v1/feedback",
        Some(&case),
        mother_id,
    )
    .await;
    res.assert_status(StatusCode::CREATED);
    let code = res.json::<CaseCreated>().tracking_code;
    let (submitter, filed_by, id): (Option<i64>, Option<i64>, i64) = sqlx::query_as(
        "SELECT submitter_id, filed_by, id FROM feedback_cases WHERE tracking_code = $1",
    )
    .bind(&code)
    .fetch_one(app.db.pool())
    .await
    .expect("case");
    assert_eq!((submitter, filed_by), (Some(mother_id), Some(daughter_id)));
    let followed: Value = acting(
        &daughter,
        Method::GET,
        "/api/v1/me/feedback",
        None,
        mother_id,
    )
    .await
    .assert_status(StatusCode::OK)
    .json();
    assert!(followed.to_string().contains(&code), "{followed}");
    let staff: StaffCase = w
        .committee
        .get(&format!("/api/v1/staff/feedback/{id}"))
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(staff.contact.filed_by_family);
    // Staff power is never lent: a committee member acting for a resident is a resident.
    let committee_id = user_id(&app, "13900000002").await;
    let res = acting(
        &w.committee,
        Method::GET,
        "/api/v1/staff/feedback",
        None,
        committee_id,
    )
    .await;
    assert_eq!(res.error_code(), "proxy_not_allowed");

    let acted = audit(&app, "family.acted").await;
    assert_eq!(
        acted,
        [
            (
                Some(daughter_id),
                "family.acted".into(),
                format!("user:{mother_id}"),
                "Acted for the resident: booked a venue".into()
            ),
            (
                Some(daughter_id),
                "family.acted".into(),
                format!("user:{mother_id}"),
                "Acted for the resident: filed feedback".into()
            ),
        ],
        "writes are audited, reads are not"
    );

    // Ended by the daughter: her next booking for the mother is refused and nothing is written.
    daughter
        .send(
            Method::DELETE,
            &format!("/api/v1/me/family-links/{link_id}"),
            None,
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let body = json!({"venue_id": venue, "start": at(2, 9), "end": at(2, 10)});
    let res = acting(
        &daughter,
        Method::POST,
        "/api/v1/bookings",
        Some(&body),
        mother_id,
    )
    .await;
    res.assert_status(StatusCode::FORBIDDEN);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE user_id = $1")
        .bind(mother_id)
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(count, 1);
}
