//! Directory editing: scope of edits, per-field history, verification, bad input, "report a
//! problem" suggestions, the review queue, and the demo seed.
use app::api::accounts::Role;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::{
    directory::{Fixture, NANSHAN_COMMUNITY, admin, create, login, search, service},
    helpers::{NOW, TestApp},
};

both_backends!(
    at NOW;
    staff_edit_only_records_in_their_scope,
    edits_are_recorded_per_field_and_verification_is_separate,
    bad_staff_input_is_refused_and_nothing_is_written,
    suggestions_are_rate_limited_and_resolved_by_staff_in_scope,
    review_queue_lists_stale_services_and_open_suggestions_in_scope,
    demo_seed_covers_every_category_and_district,
    generated_services_are_searchable_with_facets,
    an_edit_through_one_instance_shows_on_the_next_view_of_another,
);

const STAFF: &str = "13900000011";
const OTHER_STAFF: &str = "13900000012";
const NANSHAN_ADMIN: &str = "13900000013";

async fn edit(client: &crate::helpers::Client<'_>, id: i64) -> Value {
    let res = client
        .get(&format!("/api/v1/directory/services/{id}"))
        .await;
    res.assert_status(StatusCode::OK);
    res.json::<Value>()["input"].clone()
}

async fn staff_edit_only_records_in_their_scope(app: TestApp) {
    let f = Fixture::new(&app).await;
    let staff = login(
        &app,
        STAFF,
        &[(Role::WorkstationStaff, "440304001001", None)],
    )
    .await;
    // Their own community: read and change.
    let mut input = edit(&staff, f.home_care).await;
    input["alert"] = json!({"zh": "本周五暂停服务"});
    staff
        .put(
            &format!("/api/v1/directory/services/{}", f.home_care),
            &input,
        )
        .await
        .assert_status(StatusCode::OK);
    // Another district's service does not exist for them.
    for path in [
        format!("/api/v1/directory/services/{}", f.cleaning),
        format!("/api/v1/directory/services/{}/history", f.cleaning),
        format!("/api/v1/directory/locations/{}", f.nanshan),
    ] {
        let res = staff.get(&path).await;
        res.assert_status(StatusCode::NOT_FOUND);
    }
    let res = staff
        .put(
            &format!("/api/v1/directory/services/{}", f.cleaning),
            &input,
        )
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(res.error_code(), "service_not_found");
    let res = staff
        .post(
            &format!("/api/v1/directory/services/{}/verify", f.cleaning),
            &json!({}),
        )
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    // Creating in, or moving to, a region outside: 403.
    let outside = service(
        f.org,
        NANSHAN_COMMUNITY,
        "新服务",
        "",
        &["culture"],
        &[],
        f.hongli,
        true,
    );
    let res = staff.post("/api/v1/directory/services", &outside).await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "region_out_of_scope");
    let mut moved = input.clone();
    moved["region"] = json!(NANSHAN_COMMUNITY);
    let res = staff
        .put(
            &format!("/api/v1/directory/services/{}", f.home_care),
            &moved,
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    // Offering it at a location outside: 422.
    let mut linked = input.clone();
    linked["location_ids"] = json!([f.hongli, f.nanshan]);
    let res = staff
        .put(
            &format!("/api/v1/directory/services/{}", f.home_care),
            &linked,
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "location_out_of_scope");
    // Lists show only their scope.
    let list: Value = staff
        .get("/api/v1/directory/services?limit=100")
        .await
        .json();
    let listed: Vec<i64> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(!listed.contains(&f.cleaning));
    // Staff of the neighbouring community see none of it.
    let other = login(
        &app,
        OTHER_STAFF,
        &[(Role::WorkstationStaff, "440304001002", None)],
    )
    .await;
    other
        .get(&format!("/api/v1/directory/services/{}", f.home_care))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // A district administrator of 南山 edits 南山's services and not 福田's.
    let nanshan = login(&app, NANSHAN_ADMIN, &[(Role::Admin, "440305", None)]).await;
    let mut cleaning = edit(&nanshan, f.cleaning).await;
    cleaning["name"] = json!({"zh": "家政保洁上门服务"});
    nanshan
        .put(
            &format!("/api/v1/directory/services/{}", f.cleaning),
            &cleaning,
        )
        .await
        .assert_status(StatusCode::OK);
    nanshan
        .get(&format!("/api/v1/directory/services/{}", f.home_care))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Residents and committee members are not editors.
    let resident = login(&app, "13900000014", &[]).await;
    let res = resident.get("/api/v1/directory/services").await;
    res.assert_status(StatusCode::FORBIDDEN);
}

async fn edits_are_recorded_per_field_and_verification_is_separate(app: TestApp) {
    let f = Fixture::new(&app).await;
    let staff = login(
        &app,
        STAFF,
        &[(Role::WorkstationStaff, "440304001001", None)],
    )
    .await;
    let before = edit(&staff, f.dibao).await;
    let mut input = before.clone();
    input["name"] = json!({"zh": "低保申请", "en": "Dibao application"});
    input["time_limit"] = json!({"zh": "20个工作日"});
    let res = staff
        .put(&format!("/api/v1/directory/services/{}", f.dibao), &input)
        .await;
    res.assert_status(StatusCode::OK);
    let updated: Value = res.json();
    assert_eq!(updated["input"]["name"]["en"], json!("Dibao application"));
    // The same content again changes nothing and records nothing.
    staff
        .put(
            &format!("/api/v1/directory/services/{}", f.dibao),
            &updated["input"],
        )
        .await
        .assert_status(StatusCode::OK);
    let history: Value = staff
        .get(&format!("/api/v1/directory/services/{}/history", f.dibao))
        .await
        .json();
    let updates: Vec<&Value> = history["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|c| c["action"] == "update")
        .collect();
    let fields: Vec<&str> = updates.iter().filter_map(|c| c["field"].as_str()).collect();
    assert_eq!(fields.len(), 2, "{history}");
    assert!(fields.contains(&"name") && fields.contains(&"time_limit"));
    let name = updates
        .iter()
        .find(|c| c["field"] == "name")
        .expect("name change");
    assert_eq!(name["old_value"], json!("最低生活保障（低保）申请"));
    assert_eq!(name["new_value"], json!("低保申请 / Dibao application"));
    assert_eq!(name["changed_by"], json!("测试用户"));
    assert!(
        history["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|c| c["action"] == "create"),
        "the creation is in the history too"
    );
    // Search follows the new name at once (same transaction).
    let v = search(&app, "q=Dibao").await;
    assert_eq!(v["items"][0]["id"], json!(f.dibao));
    // Mark verified: last_verified_at set, the flag cleared, updated_at untouched.
    let page: Value = app
        .get(&format!("/api/v1/services/{}", f.dibao))
        .await
        .json();
    assert_eq!(page["needs_review"], json!(true));
    let res = staff
        .post(
            &format!("/api/v1/directory/services/{}/verify", f.dibao),
            &json!({}),
        )
        .await;
    res.assert_status(StatusCode::OK);
    let page: Value = app
        .get(&format!("/api/v1/services/{}", f.dibao))
        .await
        .json();
    assert_eq!(page["needs_review"], json!(false));
    assert!(page["last_verified_at"].is_string());
    let history: Value = staff
        .get(&format!("/api/v1/directory/services/{}/history", f.dibao))
        .await
        .json();
    assert_eq!(history["items"][0]["action"], json!("verify"));
    // Hours changes are recorded on the location.
    let loc: Value = staff
        .get(&format!("/api/v1/directory/locations/{}", f.hongli))
        .await
        .json();
    let mut hours = loc["hours"].clone();
    hours["weekly"] = json!([{"weekday": 1, "opens": "08:30", "closes": "17:30"}]);
    staff
        .put(
            &format!("/api/v1/directory/locations/{}/hours", f.hongli),
            &hours,
        )
        .await
        .assert_status(StatusCode::OK);
    let history: Value = staff
        .get(&format!("/api/v1/directory/locations/{}/history", f.hongli))
        .await
        .json();
    let change = &history["items"][0];
    assert_eq!(change["field"], json!("hours"));
    assert_eq!(change["new_value"], json!("1 08:30-17:30"));
}

async fn bad_staff_input_is_refused_and_nothing_is_written(app: TestApp) {
    let f = Fixture::new(&app).await;
    let c = admin(&app).await;
    let good = service(
        f.org,
        "440304001001",
        "新服务",
        "说明",
        &["culture"],
        &[],
        f.hongli,
        true,
    );
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM dir_services")
            .fetch_one(app.db.pool())
            .await
            .expect("count")
    };
    let before = count().await;
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("name", json!({"zh": ""}), "invalid_text", "empty name"),
        (
            "categories",
            json!(["nope"]),
            "invalid_category",
            "unknown category",
        ),
        (
            "categories",
            json!([]),
            "categories_required",
            "no category",
        ),
        (
            "audiences",
            json!(["nope"]),
            "invalid_audience",
            "unknown audience",
        ),
        (
            "location_ids",
            json!([999999]),
            "location_not_found",
            "unknown location",
        ),
        (
            "location_ids",
            json!([]),
            "locations_required",
            "no location",
        ),
        (
            "organization_id",
            json!(999999),
            "organization_not_found",
            "unknown organization",
        ),
        ("region", json!("999"), "invalid_region", "unknown region"),
        (
            "service_areas",
            json!(["999"]),
            "invalid_region",
            "unknown service area",
        ),
        (
            "visits_needed",
            json!(12),
            "invalid_visits",
            "too many visits",
        ),
        (
            "languages",
            json!(["普通话"]),
            "invalid_language",
            "not a code",
        ),
        ("email", json!("nobody"), "invalid_email", "not an address"),
    ];
    for (field, value, code, why) in cases {
        let mut body = good.clone();
        body[field] = value;
        let res = c.post("/api/v1/directory/services", &body).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_code(), code, "{why}");
    }
    let res = c
        .post("/api/v1/directory/services", &json!({"name": "x"}))
        .await;
    assert_eq!(res.error_code(), "invalid_body");
    assert_eq!(count().await, before, "nothing written");
    let hours_cases = [
        (
            json!({"weekly": [{"weekday": 1, "opens": "09:00", "closes": "12:00"}, {"weekday": 1, "opens": "11:00", "closes": "13:00"}]}),
            "overlapping_windows",
        ),
        (
            json!({"weekly": [{"weekday": 0, "opens": "09:00", "closes": "12:00"}]}),
            "invalid_weekday",
        ),
        (
            json!({"weekly": [{"weekday": 1, "opens": "9am", "closes": "12:00"}]}),
            "invalid_time",
        ),
        (
            json!({"weekly": [], "exceptions": [{"date": "2026-02-30", "closed": true}]}),
            "invalid_exception_date",
        ),
        (
            json!({"weekly": [], "exceptions": [{"date": "2026-10-03", "closed": false, "windows": []}]}),
            "invalid_exception",
        ),
    ];
    for (body, code) in hours_cases {
        let res = c
            .put(
                &format!("/api/v1/directory/locations/{}/hours", f.hongli),
                &body,
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_code(), code);
    }
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dir_hours WHERE location_id = $1")
        .bind(f.hongli)
        .fetch_one(app.db.pool())
        .await
        .expect("hours");
    assert_eq!(rows, 11, "the hours are unchanged");
    let mut bad_location = crate::directory::location(f.org, "440304001001", "新地点", true);
    bad_location["timezone"] = json!("Moon/Base");
    let res = c.post("/api/v1/directory/locations", &bad_location).await;
    assert_eq!(res.error_code(), "invalid_timezone");
}

async fn suggestions_are_rate_limited_and_resolved_by_staff_in_scope(app: TestApp) {
    let f = Fixture::new(&app).await;
    let visitor = app.client();
    let path = format!("/api/v1/services/{}/suggestions", f.home_care);
    let res = visitor
        .post(
            &path,
            &json!({"kind": "hours", "body": "周六下午其实不开门"}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let suggestion = res.json::<Value>()["id"].as_i64().expect("id");
    for (body, code, why) in [
        (
            json!({"kind": "hours", "body": "  "}),
            "invalid_suggestion",
            "blank",
        ),
        (
            json!({"kind": "hours", "body": "长".repeat(1001)}),
            "invalid_suggestion",
            "too long",
        ),
        (
            json!({"kind": "weather", "body": "x"}),
            "invalid_body",
            "unknown kind",
        ),
    ] {
        let res = visitor.post(&path, &body).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_code(), code, "{why}");
    }
    let res = visitor
        .post(
            "/api/v1/services/999999/suggestions",
            &json!({"kind": "other", "body": "x"}),
        )
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    // Anonymous reports are limited per address (20 an hour).
    let spammer = app.client();
    let mut last = StatusCode::OK;
    for i in 0..21 {
        last = spammer
            .post(&path, &json!({"kind": "other", "body": format!("第{i}条")}))
            .await
            .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // Staff of another community cannot resolve it.
    let other = login(
        &app,
        OTHER_STAFF,
        &[(Role::WorkstationStaff, "440304001002", None)],
    )
    .await;
    let resolve = format!("/api/v1/directory/suggestions/{suggestion}/resolve");
    let res = other
        .post(&resolve, &json!({"status": "accepted", "note": "已核实"}))
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    // Staff of the community accept it, once.
    let staff = login(
        &app,
        STAFF,
        &[(Role::WorkstationStaff, "440304001001", None)],
    )
    .await;
    let res = staff.post(&resolve, &json!({"status": "open"})).await;
    assert_eq!(res.error_code(), "invalid_resolution");
    let res = staff
        .post(
            &resolve,
            &json!({"status": "accepted", "note": "已更正周六时间"}),
        )
        .await;
    res.assert_status(StatusCode::OK);
    let v: Value = res.json();
    assert_eq!(v["status"], json!("accepted"));
    assert_eq!(v["from_account"], json!(false));
    assert!(
        v.get("user_id").is_none() && !v.to_string().contains("10.0."),
        "no reporter data"
    );
    let res = staff.post(&resolve, &json!({"status": "rejected"})).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "suggestion_already_resolved");
    // A logged-in reporter is linked to the report (for their own data export).
    let resident = login(&app, "13900000015", &[]).await;
    resident
        .post(&path, &json!({"kind": "phone", "body": "电话打不通"}))
        .await
        .assert_status(StatusCode::CREATED);
    let export: Value = resident.get("/api/v1/me/export").await.json();
    assert_eq!(
        export["directory_suggestions"][0]["body"],
        json!("电话打不通")
    );
}

async fn review_queue_lists_stale_services_and_open_suggestions_in_scope(app: TestApp) {
    let f = Fixture::new(&app).await;
    let staff = login(
        &app,
        STAFF,
        &[(Role::WorkstationStaff, "440304001001", None)],
    )
    .await;
    // Verified long ago, recently, and never.
    let now = app.config.clock.now();
    for (id, at) in [
        (f.home_care, now - 200 * 86_400),
        (f.bathing, now - 10 * 86_400),
    ] {
        sqlx::query("UPDATE dir_services SET last_verified_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(app.db.pool())
            .await
            .expect("verify");
    }
    app.client()
        .post(
            &format!("/api/v1/services/{}/suggestions", f.dibao),
            &json!({"kind": "guide", "body": "材料清单少了一项"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    app.client()
        .post(
            &format!("/api/v1/services/{}/suggestions", f.cleaning),
            &json!({"kind": "phone", "body": "南山的电话错了"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    let queue: Value = staff.get("/api/v1/directory/review").await.json();
    let stale: Vec<i64> = queue["stale"]
        .as_array()
        .expect("stale")
        .iter()
        .map(|s| s["id"].as_i64().expect("id"))
        .collect();
    assert!(stale.contains(&f.home_care), "200 days old");
    assert!(!stale.contains(&f.bathing), "verified 10 days ago");
    assert!(
        stale.contains(&f.library) && stale.contains(&f.dibao),
        "never verified"
    );
    assert!(!stale.contains(&f.cleaning), "out of scope");
    assert_eq!(queue["stale_total"], json!(3));
    assert_eq!(
        queue["suggestions_total"],
        json!(1),
        "only their community's"
    );
    assert_eq!(queue["suggestions"][0]["service_id"], json!(f.dibao));
    // Verifying takes a service off the queue.
    staff
        .post(
            &format!("/api/v1/directory/services/{}/verify", f.home_care),
            &json!({}),
        )
        .await
        .assert_status(StatusCode::OK);
    let queue: Value = staff.get("/api/v1/directory/review").await.json();
    assert_eq!(queue["stale_total"], json!(2));
}

async fn demo_seed_covers_every_category_and_district(app: TestApp) {
    let now = app.config.clock.now();
    let n = server::directory::seed::seed(&app.db, now)
        .await
        .expect("seed");
    assert!(n >= 200, "{n} services");
    assert_eq!(
        server::directory::seed::seed(&app.db, now)
            .await
            .expect("again"),
        0,
        "seeding twice adds nothing"
    );
    let v = search(&app, "limit=1").await;
    assert_eq!(v["total"].as_i64(), Some(i64::try_from(n).expect("n")));
    let categories = v["facets"]["categories"].as_array().expect("categories");
    assert_eq!(categories.len(), 13, "every category has services");
    let districts = v["facets"]["districts"].as_array().expect("districts");
    assert_eq!(districts.len(), 10, "every district has services");
    assert!(districts.iter().all(|d| d["count"].as_i64() > Some(5)));
    // Some demo services are stale, for the review queue.
    let stale: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM dir_services WHERE last_verified_at IS NULL OR last_verified_at < $1",
    )
    .bind(now - 180 * 86_400)
    .fetch_one(app.db.pool())
    .await
    .expect("stale");
    assert!(stale > 0);
    // 养老 is found at any hour somewhere (a 24-hour line exists in every district).
    let open = search(
        &app,
        "q=%E5%85%BB%E8%80%81&open_now=true&at=2026-11-26T03%3A00%3A00%2B08%3A00",
    )
    .await;
    assert!(open["total"].as_i64() >= Some(10), "{}", open["total"]);
}

async fn generated_services_are_searchable_with_facets(app: TestApp) {
    let done = server::scale::directory::generate(&app.db, 300, app.config.clock.now())
        .await
        .expect("generate");
    assert_eq!(done.services, 300);
    // A second run continues the ids (explicit ids on PostgreSQL move the sequences on).
    server::scale::directory::generate(&app.db, 20, app.config.clock.now())
        .await
        .expect("again");
    let all = search(&app, "limit=1").await;
    assert_eq!(all["total"], json!(320));
    let districts: i64 = all["facets"]["districts"]
        .as_array()
        .expect("districts")
        .iter()
        .map(|d| d["count"].as_i64().expect("count"))
        .sum();
    assert_eq!(districts, 320, "every generated location has its district");
    let elderly = search(&app, "q=%E5%85%BB%E8%80%81&limit=5").await;
    assert!(elderly["total"].as_i64() > Some(0));
    let category = elderly["items"][0]["categories"][0]["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let filtered = search(&app, &format!("q=%E5%85%BB%E8%80%81&category={category}")).await;
    let facet = elderly["facets"]["categories"]
        .as_array()
        .expect("facets")
        .iter()
        .find(|f| f["code"] == category.as_str())
        .expect("facet of the first hit")["count"]
        .clone();
    assert_eq!(
        filtered["total"], facet,
        "a facet count is what choosing it finds"
    );
    // New services still get ids after the generated ones.
    let c = admin(&app).await;
    let org = create(
        &c,
        "/api/v1/directory/organizations",
        json!({"region": "440304001001", "name": {"zh": "新机构"}}),
    )
    .await;
    assert!(org > 0);
}

/// GET through a router of its own (another instance).
async fn view_on(router: &axum::Router, path: &str) -> Value {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = router
        .clone()
        .oneshot(
            axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let body = res.into_body().collect().await.expect("body").to_bytes();
    serde_json::from_slice(&body).expect("json")
}

/// Service pages are kept in memory by each instance: an edit through one instance (the
/// service, its location's hours, the holiday calendar) shows on the very next view through
/// another that kept the page.
async fn an_edit_through_one_instance_shows_on_the_next_view_of_another(app: TestApp) {
    let f = Fixture::new(&app).await;
    let b_dir = tempfile::tempdir().expect("dir");
    let (b_db, b) = app
        .instance(&app.config.database_url, b_dir.path().to_path_buf())
        .await;
    let page = format!("/api/v1/services/{}", f.home_care);
    let hongli = |p: &Value| -> Value {
        p["locations"]
            .as_array()
            .expect("locations")
            .iter()
            .find(|l| l["id"] == json!(f.hongli))
            .expect("hongli")
            .clone()
    };
    let before = view_on(&b, &page).await;
    assert_eq!(view_on(&b, &page).await, before, "kept and served again");
    assert!(before["alert"].is_null());

    let c = admin(&app).await;
    let mut input = edit(&c, f.home_care).await;
    input["alert"] = json!({"zh": "本周五暂停服务"});
    c.put(
        &format!("/api/v1/directory/services/{}", f.home_care),
        &input,
    )
    .await
    .assert_status(StatusCode::OK);
    let after = view_on(&b, &page).await;
    assert_eq!(
        after["alert"]["zh"],
        json!("本周五暂停服务"),
        "the service edit"
    );

    // A holiday added to the calendar (by SQL, as the yearly import writes it) closes today a
    // location that follows the workday calendar (红荔 opens Thursdays 09–12; it is 10:00).
    assert_eq!(hongli(&after)["open"]["open_now"], json!(true));
    let today = crate::booking::day(0);
    sqlx::query(
        "INSERT INTO calendar_days (day, kind, name_zh, name_en) VALUES ($1, 'holiday', '测试假日', 'Test holiday')",
    )
    .bind(today)
    .execute(app.db.pool())
    .await
    .expect("holiday");
    let open = hongli(&view_on(&b, &page).await)["open"].clone();
    assert_eq!(
        open["open_now"],
        json!(false),
        "the calendar change: {open}"
    );

    let loc: Value = c
        .get(&format!("/api/v1/directory/locations/{}", f.hongli))
        .await
        .json();
    let mut hours = loc["hours"].clone();
    hours["weekly"] = json!([{"weekday": 1, "opens": "08:30", "closes": "17:30"}]);
    c.put(
        &format!("/api/v1/directory/locations/{}/hours", f.hongli),
        &hours,
    )
    .await
    .assert_status(StatusCode::OK);
    let week = hongli(&view_on(&b, &page).await)["week"].clone();
    assert_ne!(week, hongli(&after)["week"], "the hours edit");
    assert!(week.to_string().contains("08:30"), "{week}");
    b_db.close().await;
}
