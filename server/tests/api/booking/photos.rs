//! Venue photos uploaded by staff: cleaned, stored in the database, served publicly with
//! long caching, kept or dropped by the venue form, removed by position, limited in number.
use app::api::accounts::Role;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use super::world;
use crate::helpers::Client;
use crate::helpers::{NOW, TestApp};

both_backends!(
    at NOW;
    staff_upload_a_venue_photo_that_anyone_can_see_without_its_metadata,
    bad_uploads_and_callers_out_of_scope_are_refused,
    the_venue_form_keeps_or_drops_uploaded_photos_and_their_files,
    removing_a_photo_moves_the_others_up_and_deletes_its_file,
);

const JPEG: &[u8] = include_bytes!("../fixtures/gps.jpg");
const PNG: &[u8] = include_bytes!("../fixtures/gps.png");

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn upload(staff: &Client<'_>, venue: i64, bytes: &[u8], alt: &str) -> (StatusCode, Value) {
    let res = staff
        .post_multipart(
            &format!("/api/v1/staff/venues/{venue}/photos"),
            &[
                ("photo", Some("hall.jpg"), "image/jpeg", bytes.to_vec()),
                ("alt_zh", None, "text/plain", alt.as_bytes().to_vec()),
                ("alt_en", None, "text/plain", b"The hall".to_vec()),
            ],
        )
        .await;
    let body = serde_json::from_slice(&res.body).unwrap_or(Value::Null);
    (res.status, body)
}

fn photos(staff_venue: &Value) -> Vec<Value> {
    staff_venue["detail"]["photos"]
        .as_array()
        .expect("photos")
        .clone()
}

async fn stored_files(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM stored_files WHERE name LIKE 'venue/%'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("count")
}

async fn staff_upload_a_venue_photo_that_anyone_can_see_without_its_metadata(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let (status, view) = upload(&w.workstation, venue, JPEG, "篮球场全景").await;
    assert_eq!(status, StatusCode::CREATED, "{view}");
    let list = photos(&view);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["alt"]["zh"], "篮球场全景");
    assert_eq!(list[0]["alt"]["en"], "The hall");
    let url = list[0]["url"].as_str().expect("url");
    assert!(url.starts_with("/api/v1/venue-photos/"), "{url}");

    // Anyone sees it on the venue page and fetches it, cleaned, cacheable for a year.
    let public: Value = app
        .client()
        .get(&format!("/api/v1/venues/{venue}"))
        .await
        .json();
    assert_eq!(public["photos"][0]["url"], url);
    let photo = app.client().get(url).await;
    photo.assert_status(StatusCode::OK);
    assert_eq!(photo.header("content-type"), Some("image/jpeg"));
    assert_eq!(
        photo.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(photo.header("x-content-type-options"), Some("nosniff"));
    assert!(!contains(&photo.body, b"LinliTestCam"), "EXIF removed");
    assert!(!contains(&photo.body, b"GPSLatitude"), "XMP removed");
    let etag = photo.header("etag").expect("etag").to_owned();
    app.get_with(url, &[("if-none-match", &etag)])
        .await
        .assert_status(StatusCode::NOT_MODIFIED);

    // Names that were never uploaded, or are not names, are 404.
    for path in [
        format!("/api/v1/venue-photos/{}.jpg", "0".repeat(64)),
        "/api/v1/venue-photos/..%2F..%2Fetc%2Fpasswd".to_owned(),
        "/api/v1/venue-photos/x.jpg".to_owned(),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
    }
    let audit: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'venue.photo_add'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("audit");
    assert_eq!(audit, 1);
}

async fn bad_uploads_and_callers_out_of_scope_are_refused(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    let path = format!("/api/v1/staff/venues/{venue}/photos");
    let cases: Vec<(
        &str,
        Vec<(&str, Option<&str>, &str, Vec<u8>)>,
        StatusCode,
        &str,
    )> = vec![
        (
            "a GIF",
            vec![(
                "photo",
                Some("x.gif"),
                "image/gif",
                b"GIF89a\x01\x00".to_vec(),
            )],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_photo_type",
        ),
        (
            "a broken JPEG",
            vec![(
                "photo",
                Some("x.jpg"),
                "image/jpeg",
                b"\xFF\xD8\xFF\xE0\x00\x10JFIF".to_vec(),
            )],
            StatusCode::UNPROCESSABLE_ENTITY,
            "photo_unreadable",
        ),
        (
            "no photo",
            vec![("alt_zh", None, "text/plain", "说明".as_bytes().to_vec())],
            StatusCode::UNPROCESSABLE_ENTITY,
            "photo_missing",
        ),
        (
            "a description too long",
            vec![
                ("photo", Some("a.png"), "image/png", PNG.to_vec()),
                ("alt_zh", None, "text/plain", "长".repeat(201).into_bytes()),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_photo_alt",
        ),
        (
            "an unknown part",
            vec![("video", Some("a.mp4"), "video/mp4", b"xx".to_vec())],
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_form_field",
        ),
        (
            "a photo over 5 MB",
            vec![(
                "photo",
                Some("big.jpg"),
                "image/jpeg",
                [JPEG, &vec![0u8; 5 * 1024 * 1024]].concat(),
            )],
            StatusCode::PAYLOAD_TOO_LARGE,
            "photo_too_large",
        ),
    ];
    for (why, parts, status, code) in cases {
        let res = w.workstation.post_multipart(&path, &parts).await;
        assert_eq!(res.status, status, "{why}: {}", res.text());
        assert_eq!(res.error_code(), code, "{why}");
    }
    let json = w.workstation.post(&path, &json!({})).await;
    assert_eq!(
        json.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "JSON is not a form"
    );

    // Residents and committee members do not edit venues; staff elsewhere do not see it.
    for (who, status) in [
        (&w.resident, StatusCode::FORBIDDEN),
        (&w.committee, StatusCode::FORBIDDEN),
    ] {
        let (s, _) = upload(who, venue, PNG, "x").await;
        assert_eq!(s, status);
    }
    let elsewhere = app
        .login_as(
            "13900000099",
            &[(Role::WorkstationStaff, "440304001002", None)],
        )
        .await;
    let (s, _) = upload(&elsewhere, venue, PNG, "x").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(stored_files(&app).await, 0, "nothing refused was stored");

    // At most 20 photos.
    for i in 0..20 {
        let (s, _) = upload(&w.workstation, venue, PNG, &format!("第 {i} 张")).await;
        assert_eq!(s, StatusCode::CREATED, "photo {i}");
    }
    let res = w
        .workstation
        .post_multipart(
            &path,
            &[("photo", Some("a.png"), "image/png", PNG.to_vec())],
        )
        .await;
    assert_eq!(
        (res.status, res.error_code()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_venue_photos".to_owned()
        )
    );
    assert_eq!(stored_files(&app).await, 20);
}

async fn the_venue_form_keeps_or_drops_uploaded_photos_and_their_files(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    upload(&w.workstation, venue, JPEG, "一").await;
    let (_, view) = upload(&w.workstation, venue, PNG, "二").await;
    let list = photos(&view);
    let input = |list: &[Value]| -> Value {
        list.iter()
            .map(|p| json!({"url": p["url"], "alt_zh": p["alt"]["zh"], "alt_en": p["alt"]["en"]}))
            .collect()
    };
    let mut form = json!({
        "community": "440304001001", "name_zh": "红荔社区篮球场（改）", "venue_type": "basketball",
        "capacity": 20, "owner_kind": "community", "owner_name_zh": "红荔社区工作站",
        "address_zh": "福田区红荔路 1 号", "photos": input(&list)
    });
    // Saving the form with the photos it was given keeps them, in the new order.
    form["photos"] = input(&[list[1].clone(), list[0].clone()]);
    let saved = w
        .workstation
        .put(&format!("/api/v1/staff/venues/{venue}"), &form)
        .await;
    saved.assert_status(StatusCode::OK);
    let kept = photos(&saved.json());
    assert_eq!(kept[0]["url"], list[1]["url"]);
    assert_eq!(kept[1]["url"], list[0]["url"]);
    assert_eq!(stored_files(&app).await, 2);
    // Leaving one out deletes its file; its URL stops working.
    form["photos"] = input(&[list[1].clone()]);
    w.workstation
        .put(&format!("/api/v1/staff/venues/{venue}"), &form)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(stored_files(&app).await, 1);
    app.get(list[0]["url"].as_str().expect("url"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get(list[1]["url"].as_str().expect("url"))
        .await
        .assert_status(StatusCode::OK);
    // A photo given as a path of the site (as the seed data does) has no file and stays valid.
    form["photos"] = json!([{"url": "/icon.svg", "alt_zh": "图标"}]);
    w.workstation
        .put(&format!("/api/v1/staff/venues/{venue}"), &form)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(stored_files(&app).await, 0);
}

async fn removing_a_photo_moves_the_others_up_and_deletes_its_file(app: TestApp) {
    let w = world(&app).await;
    let venue = w.venue(json!({}), json!({})).await;
    for alt in ["一", "二", "三"] {
        upload(&w.workstation, venue, PNG, alt).await;
    }
    let res = w
        .workstation
        .send(
            Method::DELETE,
            &format!("/api/v1/staff/venues/{venue}/photos/1"),
            None,
        )
        .await;
    res.assert_status(StatusCode::OK);
    let alts: Vec<Value> = photos(&res.json())
        .iter()
        .map(|p| p["alt"]["zh"].clone())
        .collect();
    assert_eq!(alts, [json!("一"), json!("三")]);
    assert_eq!(stored_files(&app).await, 2);
    w.workstation
        .delete(&format!("/api/v1/staff/venues/{venue}/photos/2"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    w.committee
        .delete(&format!("/api/v1/staff/venues/{venue}/photos/0"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
