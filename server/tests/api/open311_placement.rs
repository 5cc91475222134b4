//! Open311 requests located the ways GeoReport v2 allows: `lat`/`long` alone, an
//! `address_string` that does not name the community, `address_id`. Each request must land in
//! the right committee's inbox, or in the district's triage queue where staff place it; bad
//! positions are refused with a stable message per mistake.
use app::api::{
    accounts::Role,
    feedback::{StaffCase, StaffCaseList},
};
use axum::http::StatusCode;
use serde_json::{Value, json};
use server::lang::Lang;

use crate::{
    directory::{admin, create, location},
    feedback::staff_case,
    helpers::TestApp,
    open311::{issue_key, json_of, post_form},
};

both_backends!(
    a_position_alone_goes_to_the_community_of_the_nearest_place,
    an_address_without_the_community_name_is_placed_by_a_known_place,
    address_id_names_the_community,
    unplaced_requests_wait_in_the_districts_triage_queue_until_staff_place_them,
    bad_positions_are_refused_with_a_message_per_mistake,
    a_position_inside_a_community_boundary_goes_there_before_the_nearest_place,
);

const HONGLI: &str = "440304001001";
const SHANGBU: &str = "440304001003";
const NANSHAN: &str = "440305001001";

/// Three known places with positions: in 红荔社区 and 上步社区 (福田区), and in 南山区. Their
/// addresses do not contain the communities' names.
async fn places(app: &TestApp) {
    let c = admin(app).await;
    let org = create(
        &c,
        "/api/v1/directory/organizations",
        json!({"region": HONGLI, "name": {"zh": "园岭街道党工委"}}),
    )
    .await;
    for (region, name, address, lat, lng) in [
        (HONGLI, "园岭党群服务中心", "红荔路38号", 22.5500, 114.0800),
        (
            SHANGBU,
            "华强北长者服务站",
            "华强北路1002号",
            22.5400,
            114.0900,
        ),
        (NANSHAN, "南头文体中心", "南海大道2000号", 22.5300, 113.9300),
    ] {
        let mut body = location(org, region, name, true);
        body["address"] = json!({"zh": address});
        body["latitude"] = json!(lat);
        body["longitude"] = json!(lng);
        create(&c, "/api/v1/directory/locations", body).await;
    }
}

/// Files `extra` (location parameters) as a request of the `employment` service; the new id.
async fn file(app: &TestApp, key: &str, extra: &str) -> i64 {
    let body = format!(
        "api_key={key}&service_code=employment&description=%E6%B5%8B%E8%AF%95%E4%BD%8D%E7%BD%AE&{extra}"
    );
    let res = post_form(app, "/open311/v2/requests.json", &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{extra}: {}", res.text());
    json_of(&res)[0]["service_request_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("id")
}

async fn region_of(app: &TestApp, id: i64) -> (String, i64) {
    sqlx::query_as(
        "SELECT r.code, c.needs_placement FROM feedback_cases c JOIN regions r ON r.id = c.region_id \
         WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(app.db.pool())
    .await
    .expect("case")
}

async fn a_position_alone_goes_to_the_community_of_the_nearest_place(app: TestApp) {
    places(&app).await;
    let key = issue_key(&app).await;
    // About 40 m from the 红荔 place, 1.5 km from the 上步 one.
    let id = file(&app, &key, "lat=22.5503&long=114.0802").await;
    assert_eq!(region_of(&app, id).await, (HONGLI.to_owned(), 0));
    let member = app
        .login_as("13900030001", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    let inbox: StaffCaseList = member.get("/api/v1/staff/feedback").await.json();
    let item = inbox
        .items
        .iter()
        .find(|c| c.id == id)
        .expect("in the committee's inbox");
    assert!(!item.needs_placement);
    let case: StaffCase = staff_case(&member, id).await;
    assert_eq!((case.lat, case.lng), (Some(22.5503), Some(114.0802)));
    // Nearer to 上步: the other community.
    let id = file(&app, &key, "lat=22.5398&long=114.0903").await;
    assert_eq!(region_of(&app, id).await, (SHANGBU.to_owned(), 0));
}

async fn an_address_without_the_community_name_is_placed_by_a_known_place(app: TestApp) {
    places(&app).await;
    let key = issue_key(&app).await;
    // "华强北路1002号, 福田区, 深圳市": most specific first, no community name.
    let id = file(
        &app,
        &key,
        "address_string=%E5%8D%8E%E5%BC%BA%E5%8C%97%E8%B7%AF1002%E5%8F%B7%2C+%E7%A6%8F%E7%94%B0%E5%8C%BA%2C+%E6%B7%B1%E5%9C%B3%E5%B8%82",
    )
    .await;
    assert_eq!(region_of(&app, id).await, (SHANGBU.to_owned(), 0));
    let place: String = sqlx::query_scalar("SELECT place FROM feedback_cases WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .expect("place");
    assert!(place.starts_with("华强北路1002号"), "{place}");
    // A position and an address: the position decides (the address is kept as the place).
    let id = file(
        &app,
        &key,
        "lat=22.5501&long=114.0801&address_string=%E5%8D%8E%E5%BC%BA%E5%8C%97%E8%B7%AF1002%E5%8F%B7",
    )
    .await;
    assert_eq!(region_of(&app, id).await, (HONGLI.to_owned(), 0));
}

async fn address_id_names_the_community(app: TestApp) {
    places(&app).await;
    let key = issue_key(&app).await;
    let id = file(&app, &key, "address_id=440304001002").await;
    assert_eq!(region_of(&app, id).await, ("440304001002".to_owned(), 0));
    let res = post_form(
        &app,
        "/open311/v2/requests.json",
        &format!("api_key={key}&service_code=employment&description=x&address_id=440304"),
    )
    .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(
        json_of(&res)[0]["description"],
        json!(format!(
            "address_id: {}",
            server::error::messages::render::<&str, &str>(
                "open311_unknown_address_id",
                &[],
                Lang::Zh
            )
        )),
        "a district code is not an address"
    );
}

async fn unplaced_requests_wait_in_the_districts_triage_queue_until_staff_place_them(app: TestApp) {
    places(&app).await;
    let key = issue_key(&app).await;
    // 2 km from every place: the district of the nearest one (福田) takes it.
    let far = file(&app, &key, "lat=22.5650&long=114.0650").await;
    assert_eq!(region_of(&app, far).await, ("440304".to_owned(), 1));
    // An address naming only a district.
    let named = file(
        &app,
        &key,
        "address_string=%E7%A6%8F%E7%94%B0%E5%8C%BA%E6%9F%90%E6%9F%90%E8%B7%AF99%E5%8F%B7",
    )
    .await;
    assert_eq!(region_of(&app, named).await, ("440304".to_owned(), 1));
    // Nothing known at all: the city's queue.
    let nowhere = file(
        &app,
        &key,
        "address_string=%E6%9F%90%E6%9F%90%E8%B7%AF99%E5%8F%B7",
    )
    .await;
    assert_eq!(region_of(&app, nowhere).await, ("440300".to_owned(), 1));
    // A jurisdiction limits the search: near 红荔 but asked for 南山区 → 南山's queue.
    let limited = file(
        &app,
        &key,
        "jurisdiction_id=440305&lat=22.5503&long=114.0802",
    )
    .await;
    assert_eq!(region_of(&app, limited).await, ("440305".to_owned(), 1));

    // The community's committee does not see it; the district's staff do, in the queue.
    let member = app
        .login_as("13900030002", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    let inbox: StaffCaseList = member.get("/api/v1/staff/feedback").await.json();
    assert!(inbox.items.iter().all(|c| c.id != far));
    let district = app
        .login_as("13900030003", &[(Role::Admin, "440304", None)])
        .await;
    let queue: StaffCaseList = district
        .get("/api/v1/staff/feedback?triage=true")
        .await
        .json();
    let ids: Vec<i64> = queue.items.iter().map(|c| c.id).collect();
    assert!(ids.contains(&far) && ids.contains(&named), "{ids:?}");
    assert!(
        !ids.contains(&nowhere) && !ids.contains(&limited),
        "{ids:?}"
    );
    assert!(queue.items.iter().all(|c| c.needs_placement));
    let all: StaffCaseList = district.get("/api/v1/staff/feedback").await.json();
    assert!(all.items.len() >= queue.items.len());

    // Placing: only into a community of the district, once.
    let path = format!("/api/v1/staff/feedback/{far}/place");
    for (body, status, code, why) in [
        (
            json!({"community": "nowhere"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_feedback_community",
            "unknown",
        ),
        (
            json!({"community": "440304001"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_feedback_community",
            "a subdistrict",
        ),
        (
            json!({"community": NANSHAN}),
            StatusCode::FORBIDDEN,
            "region_out_of_scope",
            "another district",
        ),
        (
            json!({"place": HONGLI}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
            "unknown field",
        ),
    ] {
        let res = district.post(&path, &body).await;
        assert_eq!(res.status, status, "{why}: {}", res.text());
        if !code.is_empty() {
            assert_eq!(res.error_code(), code, "{why}");
        }
    }
    member
        .post(&path, &json!({"community": HONGLI}))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let placed = district.post(&path, &json!({"community": HONGLI})).await;
    placed.assert_status(StatusCode::OK);
    let case: StaffCase = placed.json();
    assert_eq!(case.case.community.code, HONGLI);
    assert!(!case.needs_placement);
    assert_eq!(region_of(&app, far).await, (HONGLI.to_owned(), 0));
    district
        .post(&path, &json!({"community": SHANGBU}))
        .await
        .assert_status(StatusCode::CONFLICT);
    let inbox: StaffCaseList = member.get("/api/v1/staff/feedback").await.json();
    assert!(
        inbox.items.iter().any(|c| c.id == far),
        "now the committee's"
    );
    let notes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM feedback_events WHERE case_id = $1 AND kind = 'note' AND public = 0",
    )
    .bind(far)
    .fetch_one(app.db.pool())
    .await
    .expect("notes");
    assert_eq!(notes, 1, "the placing is noted internally");
    // The schema keeps the rule: a placed case is in a community.
    let broken = sqlx::query("UPDATE feedback_cases SET needs_placement = 0 WHERE id = $1")
        .bind(named)
        .execute(app.db.pool())
        .await;
    assert!(broken.is_err(), "a placed case in a district is refused");
}

async fn bad_positions_are_refused_with_a_message_per_mistake(app: TestApp) {
    places(&app).await;
    let key = issue_key(&app).await;
    for (extra, field, code, why) in [
        (
            "lat=39.9042&long=116.4074",
            "lat",
            "coordinates_outside_area",
            "Beijing",
        ),
        (
            "lat=0&long=0",
            "lat",
            "coordinates_outside_area",
            "null island",
        ),
        (
            "lat=114.0579&long=22.5431",
            "lat",
            "invalid_coordinates",
            "swapped: 114 > 90",
        ),
        (
            "lat=north&long=114.05",
            "lat",
            "invalid_coordinates",
            "not a number",
        ),
        ("lat=NaN&long=114.05", "lat", "invalid_coordinates", "NaN"),
        (
            "lat=22.55&long=1e400",
            "long",
            "invalid_coordinates",
            "overflow",
        ),
        (
            "lat=91&long=114.05",
            "lat",
            "invalid_coordinates",
            "beyond the pole",
        ),
        ("lat=22.55", "long", "coordinates_incomplete", "lat alone"),
        ("long=114.05", "lat", "coordinates_incomplete", "long alone"),
        ("x=1", "", "open311_location_required", "no location at all"),
    ] {
        for (ext, lang, lang_header) in [("json", Lang::Zh, "zh-CN"), ("json", Lang::En, "en")] {
            let body = format!(
                "api_key={key}&service_code=employment&description=%E6%B5%8B%E8%AF%95&{extra}"
            );
            let res = app
                .request(
                    axum::http::Request::post(format!("/open311/v2/requests.{ext}"))
                        .header(
                            "content-type",
                            "application/x-www-form-urlencoded; charset=utf-8",
                        )
                        .header("accept-language", lang_header)
                        .header(
                            "x-forwarded-for",
                            format!("10.7.{}.{}", rand::random::<u8>(), rand::random::<u8>()),
                        )
                        .body(axum::body::Body::from(body))
                        .expect("request"),
                )
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{why}: {}", res.text());
            let message = server::error::messages::render::<&str, &str>(code, &[], lang);
            let want = if field.is_empty() {
                message
            } else {
                format!("{field}: {message}")
            };
            let v: Value = json_of(&res);
            assert_eq!(v[0]["code"], json!(400), "{why}");
            assert_eq!(v[0]["description"], json!(want), "{why}");
        }
    }
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feedback_cases")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(cases, 0, "nothing filed");
}

/// Imports a boundary file the way `linli regions import` does.
async fn import_boundaries(app: &TestApp, file: &Value) -> server::regions::boundaries::Applied {
    use server::regions::boundaries;
    let records =
        boundaries::parse(&file.to_string(), &app.config.placement.area).expect("a good file");
    boundaries::apply(&app.db, &records, None, app.config.clock.now())
        .await
        .expect("applied")
}

async fn a_position_inside_a_community_boundary_goes_there_before_the_nearest_place(app: TestApp) {
    places(&app).await;
    let key = issue_key(&app).await;
    // 上步's boundary reaches up to 22.551 N, over the 红荔 place's corner.
    let shangbu = json!({"type": "Polygon", "coordinates": [[
        [114.079, 22.535], [114.095, 22.535], [114.095, 22.551], [114.079, 22.551], [114.079, 22.535]
    ]]});
    let boundary_file = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": SHANGBU, "name_zh": "上步社区"}, "geometry": shangbu},
    ]});
    let before = file_and_region(&app, &key, "lat=22.5503&long=114.0802").await;
    assert_eq!(
        before, HONGLI,
        "without boundaries the nearest place decides"
    );

    let done = import_boundaries(&app, &boundary_file).await;
    assert_eq!((done.set, done.removed, done.unchanged), (1, 0, 0));
    // 40 m from the 红荔 place, 1.5 km from the 上步 one, but inside 上步's boundary.
    let inside = file(&app, &key, "lat=22.5503&long=114.0802").await;
    assert_eq!(region_of(&app, inside).await, (SHANGBU.to_owned(), 0));
    let member = app
        .login_as("13900030011", &[(Role::CommitteeMember, SHANGBU, None)])
        .await;
    let inbox: StaffCaseList = member.get("/api/v1/staff/feedback").await.json();
    assert!(
        inbox.items.iter().any(|c| c.id == inside),
        "in 上步's inbox"
    );
    // Outside every boundary: the nearest place again (红荔, 220 m).
    let outside = file_and_region(&app, &key, "lat=22.5520&long=114.0800").await;
    assert_eq!(outside, HONGLI);
    // A jurisdiction that does not hold the boundary's community: the boundary is passed over.
    let limited = file_and_region(
        &app,
        &key,
        "jurisdiction_id=440305&lat=22.5503&long=114.0802",
    )
    .await;
    assert_eq!(limited, "440305");

    let audit: Vec<(String, String)> =
        sqlx::query_as("SELECT action, detail FROM audit_log WHERE subject = $1 AND action = 'regions.boundary' ORDER BY id")
            .bind(format!("region:{SHANGBU}"))
            .fetch_all(app.db.pool())
            .await
            .expect("audit");
    assert_eq!(
        audit,
        [(
            "regions.boundary".to_owned(),
            "1 polygon(s), 5 positions".to_owned()
        )]
    );

    // The export is a file the import takes back unchanged.
    let exported = server::regions::boundaries::export(&app.db)
        .await
        .expect("export");
    let again: Value = serde_json::from_str(&exported).expect("GeoJSON");
    assert_eq!(again["features"][0]["properties"]["code"], json!(SHANGBU));
    assert_eq!(
        again["features"][0]["geometry"],
        boundary_file["features"][0]["geometry"]
    );
    assert_eq!(import_boundaries(&app, &again).await.unchanged, 1);

    // Removing the boundary is seen by the very next request (the cache follows the version).
    let removal = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": SHANGBU}, "geometry": null},
    ]});
    assert_eq!(import_boundaries(&app, &removal).await.removed, 1);
    let after = file_and_region(&app, &key, "lat=22.5503&long=114.0802").await;
    assert_eq!(after, HONGLI);
}

/// Files a request and returns the code of the region it went to.
async fn file_and_region(app: &TestApp, key: &str, extra: &str) -> String {
    let id = file(app, key, extra).await;
    region_of(app, id).await.0
}
