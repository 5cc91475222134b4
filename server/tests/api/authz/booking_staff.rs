//! Fixtures of the staff routes that run venues: describing them, their calendar, closures and
//! rules, approvals, check-in, no-shows, appeals and lotteries.
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{
    booking::{
        booking, id, lottery, pending_booking, photo, shared_venue, shift, strike, upload_photo,
        venue, venue_body,
    },
    world::{Call, Route, World, expect},
};
use crate::{
    booking::{at, day, rules},
    helpers::NOW,
};

pub async fn call(w: &World<'_>, route: &Route) -> Option<Call> {
    Some(match (route.method.as_str(), route.path.as_str()) {
        ("GET", "/api/v1/staff/venues" | "/api/v1/staff/approvals" | "/api/v1/staff/appeals") => {
            route.call()
        }
        ("GET", "/api/v1/staff/venues/{id}") => route.at([shared_venue(w).await]),
        ("POST", "/api/v1/staff/venues") => route.call().json(venue_body(json!({}))),
        ("PUT", "/api/v1/staff/venues/{id}") => route
            .at([venue(w, json!({})).await])
            .json(venue_body(json!({}))),
        ("POST", "/api/v1/staff/venues/{id}/photos") => {
            let (content_type, bytes) = photo();
            route
                .at([venue(w, json!({})).await])
                .raw(&content_type, bytes)
        }
        ("DELETE", "/api/v1/staff/venues/{id}/photos/{position}") => {
            let venue = venue(w, json!({})).await;
            upload_photo(w, venue).await;
            route.at([venue, 0])
        }
        ("PUT", "/api/v1/staff/venues/{id}/rules") => {
            route.at([venue(w, json!({})).await]).json(rules(json!({})))
        }
        ("PUT", "/api/v1/staff/venues/{id}/hours") => {
            let hours: Vec<Value> = (1..=7)
                .map(|d| json!({"weekday": d, "opens": "08:00", "closes": "21:00"}))
                .collect();
            route
                .at([venue(w, json!({})).await])
                .json(json!({"hours": hours}))
        }
        ("PUT", "/api/v1/staff/venues/{id}/exceptions/{date}") => route
            .at([venue(w, json!({})).await.to_string(), day(2)])
            .json(json!({"note_zh": "社区消防演练，全天闭馆"})),
        ("DELETE", "/api/v1/staff/venues/{id}/exceptions/{date}") => {
            let venue = venue(w, json!({})).await;
            w.workstation
                .put(
                    &format!("/api/v1/staff/venues/{venue}/exceptions/{}", day(2)),
                    &json!({"note_zh": "社区消防演练，全天闭馆"}),
                )
                .await
                .assert_status(StatusCode::NO_CONTENT);
            route.at([venue.to_string(), day(2)])
        }
        ("POST", "/api/v1/staff/venues/{id}/closures") => route
            .at([venue(w, json!({})).await])
            .json(json!({"first_day": day(3), "last_day": day(4), "reason_zh": "场地灯光改造"})),
        ("DELETE", "/api/v1/staff/venues/{id}/closures/{closure_id}") => {
            let venue = venue(w, json!({})).await;
            let made = expect(
                w.workstation
                    .post(
                        &format!("/api/v1/staff/venues/{venue}/closures"),
                        &json!({"first_day": day(3), "last_day": day(4), "reason_zh": "场地灯光改造"}),
                    )
                    .await,
                StatusCode::CREATED,
            );
            route.at([venue, made["closure"]["id"].as_i64().expect("closure id")])
        }
        ("PUT", "/api/v1/staff/venues/{id}/approvers") => route
            .at([venue(w, json!({"approval_required": true})).await])
            .json(json!({"community": []})),
        ("GET", "/api/v1/staff/venues/{id}/bookings" | "/api/v1/staff/venues/{id}/report") => route
            .at([shared_venue(w).await])
            .query(&format!("from={}&to={}", day(0), day(7))),
        ("POST", "/api/v1/staff/venues/{id}/checkin") => {
            let venue = venue(w, json!({})).await;
            let b = expect(
                w.resident
                    .post(
                        "/api/v1/bookings",
                        &json!({"venue_id": venue, "start": at(1, 9), "end": at(1, 10)}),
                    )
                    .await,
                StatusCode::CREATED,
            );
            shift(w, id(&b), NOW - 600, NOW + 3000).await;
            route
                .at([venue])
                .json(json!({"code": b["entry_code"].as_str().expect("entry code")}))
        }
        ("POST", "/api/v1/staff/bookings/{id}/approve") => {
            route.at([pending_booking(w).await]).json(json!({}))
        }
        ("POST", "/api/v1/staff/bookings/{id}/reject") => route
            .at([pending_booking(w).await])
            .json(json!({"reason": "当天有社区活动"})),
        ("POST", "/api/v1/staff/bookings/{id}/cancel") => route
            .at([booking(w, &w.resident, json!({})).await])
            .json(json!({"reason": "场馆临时维修"})),
        ("POST", "/api/v1/staff/bookings/{id}/no-show") => {
            // A resident of their own: three no-shows suspend booking.
            let (resident, _) = w.new_resident().await;
            let b = booking(w, &resident, json!({})).await;
            shift(w, b, NOW - 1800, NOW + 1800).await;
            route.at([b]).json(json!({}))
        }
        ("POST", "/api/v1/staff/bookings") => {
            let venue = venue(w, json!({})).await;
            route.call().json(json!({
                "venue_id": venue, "start": at(1, 6), "end": at(1, 12), "kind": "block",
                "purpose": "社区运动会"
            }))
        }
        ("POST", "/api/v1/staff/strikes/{id}/decide") => {
            let (resident, _) = w.new_resident().await;
            let strike = strike(w, &resident).await;
            resident
                .post(
                    &format!("/api/v1/me/strikes/{strike}/appeal"),
                    &json!({"text": "当天暴雨，场馆通知取消"}),
                )
                .await
                .assert_status(StatusCode::OK);
            route
                .at([strike])
                .json(json!({"overturn": true, "note": "核实当天暴雨停课"}))
        }
        ("POST", "/api/v1/staff/lotteries") => {
            let venue = venue(w, json!({})).await;
            route.call().json(
                json!({"venue_id": venue, "start": at(3, 19), "end": at(3, 21), "closes_at": at(2, 12)}),
            )
        }
        ("POST", "/api/v1/staff/lotteries/{id}/draw") => {
            let lottery = lottery(w).await;
            w.resident
                .post(&format!("/api/v1/lotteries/{lottery}/entries"), &json!({}))
                .await
                .assert_status(StatusCode::CREATED);
            sqlx::query("UPDATE lotteries SET opens_at = $2 - 100, closes_at = $2 WHERE id = $1")
                .bind(lottery)
                .bind(NOW - 1)
                .execute(w.app.db.pool())
                .await
                .expect("close the lottery");
            route.at([lottery]).json(json!({}))
        }
        _ => return None,
    })
}
