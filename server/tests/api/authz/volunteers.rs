//! Fixtures of volunteers and the time bank: applying, shifts and their sign-ups, hours and
//! certificates, help requests, and the social workers' routes.
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::world::{Call, Caller, Route, World, expect};
use crate::{
    booking::at,
    helpers::{Client, NOW},
};

const HONGLI: &str = "440304001001";

pub async fn call(w: &World<'_>, who: &Caller<'_>, route: &Route) -> Option<Call> {
    Some(match (route.method.as_str(), route.path.as_str()) {
        (
            "GET",
            "/api/v1/opportunities"
            | "/api/v1/me/volunteer"
            | "/api/v1/help-requests"
            | "/api/v1/me/help-requests"
            | "/api/v1/staff/volunteers"
            | "/api/v1/staff/volunteers/report"
            | "/api/v1/staff/help-requests"
            | "/api/v1/staff/opportunities",
        ) => route.call(),
        ("GET", "/api/v1/opportunities/{id}" | "/api/v1/staff/opportunities/{id}/signups") => {
            route.at([shared_shift(w).await])
        }
        ("GET", "/api/v1/certificates/{verification_code}") => {
            route.at([shared_certificate(w).await])
        }

        ("POST", "/api/v1/me/volunteer") => route.call().json(application()),
        ("POST", "/api/v1/me/volunteer/certificates") => {
            if !who.is_anonymous() {
                let id = volunteer(w, &who.client).await;
                add_hours(w, id).await;
            }
            route
                .call()
                .json(json!({"from": "2026-11-01", "to": "2026-11-30"}))
        }
        ("POST", "/api/v1/opportunities/{id}/signup") => {
            if !who.is_anonymous() {
                volunteer(w, &who.client).await;
            }
            route.at([shared_shift(w).await]).json(json!({}))
        }
        ("DELETE", "/api/v1/opportunities/{id}/signup") => {
            let shift = shared_shift(w).await;
            if !who.is_anonymous() {
                volunteer(w, &who.client).await;
                sign_up(&who.client, shift).await;
            }
            route.at([shift])
        }

        ("POST", "/api/v1/help-requests") => {
            if let Some(phone) = &who.phone {
                grant(w, phone).await;
            }
            route.call().json(help_request_body())
        }
        ("GET", "/api/v1/help-requests/{id}") => {
            let id = match &who.phone {
                Some(phone) => help_request(w, &who.client, phone).await,
                None => shared_help_request(w).await,
            };
            route.at([id])
        }
        ("POST", "/api/v1/help-requests/{id}/take") => {
            if !who.is_anonymous() {
                volunteer(w, &who.client).await;
            }
            route.at([others_help_request(w).await]).json(json!({}))
        }
        ("POST", "/api/v1/help-requests/{id}/cancel") => {
            let id = match &who.phone {
                Some(phone) => help_request(w, &who.client, phone).await,
                None => others_help_request(w).await,
            };
            route.at([id]).json(json!({}))
        }

        ("POST", "/api/v1/staff/volunteers/{id}/approve") => {
            route.at([applicant(w).await.1]).json(json!({}))
        }
        ("POST", "/api/v1/staff/volunteers/{id}/decline") => route
            .at([applicant(w).await.1])
            .json(json!({"reason": "暂不需要更多志愿者"})),
        ("POST", "/api/v1/staff/volunteers/{id}/corrections") => {
            let (client, _) = w.new_resident().await;
            let id = volunteer(w, &client).await;
            route
                .at([id])
                .json(json!({"minutes": 60, "reason": "补登上月服务时长"}))
        }
        ("POST", "/api/v1/staff/help-requests") => {
            let phone = w.new_resident_phone().await;
            grant(w, &phone).await;
            let mut body = help_request_body();
            body["for_phone"] = json!(phone);
            route.call().json(body)
        }
        ("POST", "/api/v1/staff/help-requests/{id}/match") => {
            let (client, _) = w.new_resident().await;
            let volunteer = volunteer(w, &client).await;
            route
                .at([others_help_request(w).await])
                .json(json!({"volunteer_id": volunteer}))
        }
        ("POST", "/api/v1/staff/help-requests/{id}/complete") => {
            let id = others_help_request(w).await;
            let (client, _) = w.new_resident().await;
            volunteer(w, &client).await;
            client
                .post(&format!("/api/v1/help-requests/{id}/take"), &json!({}))
                .await
                .assert_status(StatusCode::OK);
            route.at([id]).json(json!({"minutes": 75}))
        }
        ("POST", "/api/v1/staff/time-bank/grants") => route.call().json(json!({
            "phone": w.new_resident_phone().await, "minutes": 60, "reason": "独居长者，生活困难"
        })),
        ("POST", "/api/v1/staff/opportunities") => route.call().json(shift_body(30)),
        ("POST", "/api/v1/staff/opportunities/{id}/cancel") => route
            .at([shift(w).await])
            .json(json!({"reason": "天气原因取消"})),
        ("POST", "/api/v1/staff/opportunities/{id}/checkins") => {
            let (id, signup) = signed_up_shift(w).await;
            move_shift(w, id, NOW - 600, NOW + 3600).await;
            route
                .at([id])
                .json(json!({"signup_id": signup, "action": "in"}))
        }
        ("POST", "/api/v1/staff/opportunities/{id}/attendance") => {
            let (id, signup) = signed_up_shift(w).await;
            move_shift(w, id, NOW - 3 * 3600, NOW - 3600).await;
            route.at([id]).json(json!({"signup_id": signup}))
        }
        _ => return None,
    })
}

fn application() -> Value {
    json!({"skills": ["meals", "companionship"], "languages": ["普通话"], "availability": "周末",
           "communities": [HONGLI]})
}

/// A shift in 红荔社区 tomorrow, 11:00 to 13:00.
fn shift_body(slots: u32) -> Value {
    json!({
        "community": HONGLI, "title": "长者饭堂助餐", "place": "红荔社区长者饭堂",
        "starts_at": at(1, 11), "ends_at": at(1, 13), "slots": slots, "skills": [],
    })
}

fn help_request_body() -> Value {
    json!({"community": HONGLI, "skill": "companionship", "description": "陪同去社康中心复诊",
           "address": "红荔路1号3栋502", "starts_at": at(2, 9), "minutes": 60})
}

/// `who` applies to volunteer in 红荔社区; returns the volunteer id.
async fn apply(who: &Client<'_>) -> i64 {
    let profile = expect(
        who.post("/api/v1/me/volunteer", &application()).await,
        StatusCode::CREATED,
    );
    profile["id"].as_i64().expect("volunteer id")
}

/// A new resident who applied to volunteer (pending): (client, volunteer id).
async fn applicant<'a>(w: &World<'a>) -> (Client<'a>, i64) {
    let (client, _) = w.new_resident().await;
    let id = apply(&client).await;
    (client, id)
}

/// `who` becomes an approved volunteer of 红荔社区; returns the volunteer id.
async fn volunteer(w: &World<'_>, who: &Client<'_>) -> i64 {
    let id = apply(who).await;
    w.social
        .post(
            &format!("/api/v1/staff/volunteers/{id}/approve"),
            &json!({}),
        )
        .await
        .assert_status(StatusCode::OK);
    id
}

/// An hour of service recorded for a volunteer (as a correction by the social worker).
async fn add_hours(w: &World<'_>, volunteer: i64) {
    w.social
        .post(
            &format!("/api/v1/staff/volunteers/{volunteer}/corrections"),
            &json!({"minutes": 60, "reason": "补登上月服务时长"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
}

/// Two hours in the time bank for the account of `phone`, granted by the social worker.
async fn grant(w: &World<'_>, phone: &str) {
    w.social
        .post(
            "/api/v1/staff/time-bank/grants",
            &json!({"phone": phone, "minutes": 120, "reason": "独居长者，生活困难"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
}

/// A help request of `who` (the account of `phone`); returns its id.
async fn help_request(w: &World<'_>, who: &Client<'_>, phone: &str) -> i64 {
    grant(w, phone).await;
    let made = expect(
        who.post("/api/v1/help-requests", &help_request_body())
            .await,
        StatusCode::CREATED,
    );
    made["id"].as_i64().expect("help request id")
}

/// An open help request of a new resident.
async fn others_help_request(w: &World<'_>) -> i64 {
    let requester = w.caller(1).await;
    let phone = requester.phone.as_deref().expect("logged in");
    help_request(w, &requester.client, phone).await
}

async fn shared_help_request(w: &World<'_>) -> i64 {
    w.shared_id("help request", || others_help_request(w)).await
}

/// A new shift posted by the social worker.
async fn shift(w: &World<'_>) -> i64 {
    let made = expect(
        w.social
            .post("/api/v1/staff/opportunities", &shift_body(3))
            .await,
        StatusCode::CREATED,
    );
    made["id"].as_i64().expect("shift id")
}

/// The shift of the read-only routes and sign-ups (room for every caller).
async fn shared_shift(w: &World<'_>) -> i64 {
    w.shared_id("shift", || async {
        let made = expect(
            w.social
                .post("/api/v1/staff/opportunities", &shift_body(200))
                .await,
            StatusCode::CREATED,
        );
        made["id"].as_i64().expect("shift id")
    })
    .await
}

async fn sign_up(who: &Client<'_>, shift: i64) {
    who.post(&format!("/api/v1/opportunities/{shift}/signup"), &json!({}))
        .await
        .assert_status(StatusCode::CREATED);
}

/// A new shift with a new volunteer signed up: (shift id, sign-up id).
async fn signed_up_shift(w: &World<'_>) -> (i64, i64) {
    let id = shift(w).await;
    let (client, _) = w.new_resident().await;
    volunteer(w, &client).await;
    sign_up(&client, id).await;
    let roster = expect(
        w.social
            .get(&format!("/api/v1/staff/opportunities/{id}/signups"))
            .await,
        StatusCode::OK,
    );
    (
        id,
        roster["items"][0]["signup_id"].as_i64().expect("signup id"),
    )
}

/// Moves a shift in time directly in the database (check-in and hours need "now").
async fn move_shift(w: &World<'_>, id: i64, starts_at: i64, ends_at: i64) {
    sqlx::query(
        "UPDATE opportunities SET starts_at = $2, ends_at = $3, signup_closes_at = $2 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(starts_at)
    .bind(ends_at)
    .execute(w.app.db.pool())
    .await
    .expect("move the shift");
}

/// The public verification code of a volunteer's certificate.
async fn shared_certificate(w: &World<'_>) -> String {
    w.shared("certificate", || async {
        let (client, _) = w.new_resident().await;
        let id = volunteer(w, &client).await;
        add_hours(w, id).await;
        let cert = expect(
            client
                .post(
                    "/api/v1/me/volunteer/certificates",
                    &json!({"from": "2026-11-01", "to": "2026-11-30"}),
                )
                .await,
            StatusCode::CREATED,
        );
        cert["verification_code"].clone()
    })
    .await
    .as_str()
    .expect("code")
    .to_owned()
}
