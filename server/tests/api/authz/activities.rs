//! Fixtures of community activities: the public calendar, residents' sign-ups and ratings,
//! organisers' drafts, publishing, photos, sign-up lists and check-in, and the members of
//! community organisations.
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use super::world::{Call, Caller, Route, World, expect};
use crate::{
    booking::at,
    helpers::{Client, NOW, multipart_body},
};

pub async fn call(w: &World<'_>, who: &Caller<'_>, route: &Route) -> Option<Call> {
    let me = if who.is_anonymous() {
        &w.resident
    } else {
        &who.client
    };
    Some(match (route.method.as_str(), route.path.as_str()) {
        (
            "GET",
            "/api/v1/activities"
            | "/api/v1/me/activities"
            | "/api/v1/staff/activities"
            | "/api/v1/staff/activities/report"
            | "/api/v1/me/organizations",
        ) => route.call(),
        (
            "GET",
            "/api/v1/activities/{id}"
            | "/api/v1/activities/{id}/ics"
            | "/api/v1/staff/activities/{id}/conflicts"
            | "/api/v1/staff/activities/{id}/signups",
        ) => route.at([shared_activity(w).await]),
        ("GET", "/api/v1/feeds/activities/{file}") => route.at(["440304001001.ics"]),
        ("GET", "/api/v1/activity-photos/{file}") => route.at([shared_photo(w).await]),

        ("POST", "/api/v1/activities/{id}/signup") => route
            .at([shared_activity(w).await])
            .json(json!({"companions": 0})),
        ("DELETE", "/api/v1/activities/{id}/signup") => {
            let id = shared_activity(w).await;
            if !who.is_anonymous() {
                sign_up(me, id).await;
            }
            route.at([id])
        }
        ("POST", "/api/v1/activities/{id}/rating") => {
            // Rated by those who came, once it has begun.
            let id = published(w, draft("插花体验", 1, 9, 2, 10)).await;
            if !who.is_anonymous() {
                let code = sign_up(me, id).await["checkin_code"]
                    .as_str()
                    .expect("check-in code")
                    .to_owned();
                w.committee
                    .post(
                        &format!("/api/v1/staff/activities/{id}/checkins"),
                        &json!({"code": code}),
                    )
                    .await
                    .assert_status(StatusCode::OK);
            }
            sqlx::query(
                "UPDATE activities SET starts_at = $2, ends_at = $3, signup_opens_at = NULL, \
                 signup_closes_at = $2 WHERE id = $1",
            )
            .bind(id)
            .bind(NOW - 3 * 3600)
            .bind(NOW - 3600)
            .execute(w.app.db.pool())
            .await
            .expect("move the activity into the past");
            route
                .at([id])
                .json(json!({"stars": 5, "comment": "老师很耐心", "public": true}))
        }

        ("POST", "/api/v1/staff/activities") => route.call().json(draft("书法兴趣班", 2, 9, 2, 30)),
        ("PUT", "/api/v1/staff/activities/{id}") => {
            let id = create(w, &draft("书法兴趣班", 2, 9, 2, 30)).await;
            route.at([id]).json(draft("书法兴趣班（改）", 2, 9, 2, 40))
        }
        ("DELETE", "/api/v1/staff/activities/{id}") => {
            route.at([create(w, &draft("书法兴趣班", 2, 9, 2, 30)).await])
        }
        ("POST", "/api/v1/staff/activities/{id}/publish") => route
            .at([create(w, &draft("书法兴趣班", 2, 9, 2, 30)).await])
            .json(json!({"whole_series": false})),
        ("POST", "/api/v1/staff/activities/{id}/photos") => {
            let (content_type, bytes) = photo();
            route
                .at([create(w, &draft("社区摄影展", 2, 9, 2, 20)).await])
                .raw(&content_type, bytes)
        }
        ("DELETE", "/api/v1/staff/activities/{id}/photos/{file}") => {
            let id = create(w, &draft("社区摄影展", 2, 9, 2, 20)).await;
            let file = upload_photo(w, id).await;
            route.at([id.to_string(), file])
        }
        ("POST", "/api/v1/staff/activities/{id}/cancel") => route
            .at([published(w, draft("书法兴趣班", 2, 9, 2, 30)).await])
            .json(json!({"reason": "场地维修"})),
        ("POST", "/api/v1/staff/activities/{id}/signups") => route
            .at([shared_activity(w).await])
            .json(json!({"guest_name": "王阿姨", "guest_phone": "13512345678"})),
        ("POST", "/api/v1/staff/activities/{id}/checkins") => {
            let id = shared_activity(w).await;
            let guest = expect(
                w.committee
                    .post(
                        &format!("/api/v1/staff/activities/{id}/signups"),
                        &json!({"guest_name": "李阿姨", "guest_phone": "13512345679"}),
                    )
                    .await,
                StatusCode::CREATED,
            );
            route
                .at([id])
                .json(json!({"signup_id": guest["id"].as_i64().expect("signup id")}))
        }

        ("GET", "/api/v1/staff/organizations/{id}/members") => route.at([organisation(w).await]),
        ("POST", "/api/v1/staff/organizations/{id}/members") => route
            .at([organisation(w).await])
            .json(json!({"phone": w.new_resident_phone().await})),
        ("DELETE", "/api/v1/staff/organizations/{id}/members/{user_id}") => {
            let org = organisation(w).await;
            let phone = w.new_resident_phone().await;
            let list = expect(
                w.committee
                    .post(
                        &format!("/api/v1/staff/organizations/{org}/members"),
                        &json!({"phone": phone}),
                    )
                    .await,
                StatusCode::CREATED,
            );
            let member = list["items"]
                .as_array()
                .expect("members")
                .iter()
                .filter_map(|m| m["user_id"].as_i64())
                .max()
                .unwrap_or_else(|| panic!("a member id: {list}"));
            route.at([org, member])
        }
        _ => return None,
    })
}

/// A draft in 红荔社区 `days` after today, `hour`:00 for `hours` hours.
fn draft(title: &str, days: i64, hour: u32, hours: u32, capacity: u32) -> Value {
    json!({
        "community": "440304001001", "title_zh": title, "kind": "culture",
        "audiences": ["elderly"], "place_zh": "红荔社区党群服务中心",
        "start": at(days, hour), "end": at(days, hour + hours), "capacity": capacity,
        "max_companions": 2,
    })
}

/// The committee member of 红荔社区 creates a draft; returns its id.
async fn create(w: &World<'_>, body: &Value) -> i64 {
    let made = expect(
        w.committee.post("/api/v1/staff/activities", body).await,
        StatusCode::CREATED,
    );
    made["items"][0]["id"].as_i64().expect("activity id")
}

/// A new published activity.
async fn published(w: &World<'_>, body: Value) -> i64 {
    let id = create(w, &body).await;
    w.committee
        .post(
            &format!("/api/v1/staff/activities/{id}/publish"),
            &json!({"whole_series": false}),
        )
        .await
        .assert_status(StatusCode::OK);
    id
}

/// The published activity the read-only routes and sign-ups share (room for everyone).
async fn shared_activity(w: &World<'_>) -> i64 {
    w.shared_id("activity", || {
        published(w, draft("太极拳晨练", 2, 8, 2, 1000))
    })
    .await
}

async fn sign_up(who: &Client<'_>, id: i64) -> Value {
    expect(
        who.post(
            &format!("/api/v1/activities/{id}/signup"),
            &json!({"companions": 0}),
        )
        .await,
        StatusCode::CREATED,
    )
}

fn photo() -> (String, Vec<u8>) {
    multipart_body(&[
        (
            "photo",
            Some("a.jpg"),
            "image/jpeg",
            include_bytes!("../fixtures/gps.jpg").to_vec(),
        ),
        (
            "alt_zh",
            None,
            "text/plain",
            "上届摄影展".as_bytes().to_vec(),
        ),
    ])
}

/// Uploads a photo to an activity; returns its file name.
async fn upload_photo(w: &World<'_>, id: i64) -> String {
    let (content_type, bytes) = photo();
    let activity = expect(
        w.committee
            .send_bytes(
                Method::POST,
                &format!("/api/v1/staff/activities/{id}/photos"),
                &content_type,
                bytes,
            )
            .await,
        StatusCode::CREATED,
    );
    let url = activity["photos"]
        .as_array()
        .and_then(|p| p.last())
        .and_then(|p| p["url"].as_str())
        .unwrap_or_else(|| panic!("a photo: {activity}"));
    url.rsplit('/').next().expect("file name").to_owned()
}

/// The file of a photo a published activity shows.
async fn shared_photo(w: &World<'_>) -> String {
    w.shared("activity photo", || async {
        let id = create(w, &draft("社区摄影展", 3, 9, 2, 20)).await;
        let file = upload_photo(w, id).await;
        w.committee
            .post(
                &format!("/api/v1/staff/activities/{id}/publish"),
                &json!({"whole_series": false}),
            )
            .await
            .assert_status(StatusCode::OK);
        json!(file)
    })
    .await
    .as_str()
    .expect("file")
    .to_owned()
}

/// A community organisation of 红荔社区 (the directory's).
async fn organisation(w: &World<'_>) -> i64 {
    super::directory::organization(w).await
}
