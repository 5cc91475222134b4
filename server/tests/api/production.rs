//! A real deployment, not a demo: a new database without `--demo` has the region tree, takes
//! an administrator from the README's bootstrap command, and the administrators maintain the
//! tree, the site's settings and the holiday calendar from there.
use std::process::Command;

use app::api::{
    accounts::{AuditList, LoginResponse},
    calendar::CalendarYear,
    regions::{Region, RegionList},
    system::{AdminNotice, AdminNotices, SiteInfo},
};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Client, TestApp};

both_backends!(
    a_new_database_is_ready_for_a_real_deployment,
    region_changes_are_checked_scoped_and_audited,
    a_region_file_is_applied_whole_or_not_at_all,
    site_settings_replace_sample_text_and_demo_is_only_said_of_demo_data,
    next_years_holidays_are_asked_for_until_confirmed,
);

const ADMIN_PHONE: &str = "13900000001";
const ADMIN_PASSWORD: &str = "bootstrap-pass-1";

/// The README's bootstrap command, run as the operator would: the real binary on the test's
/// database.
fn bootstrap_admin(app: &TestApp) {
    let out = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args([
            "user",
            "add",
            "--phone",
            ADMIN_PHONE,
            "--role",
            "admin",
            "--region",
            "440300",
        ])
        .args([
            "--name",
            "市管理员",
            "--database-url",
            &app.config.database_url,
        ])
        .env("LINLI_USER_PASSWORD", ADMIN_PASSWORD)
        .env("LINLI_LOG", "warn")
        .output()
        .expect("run linli user add");
    assert!(
        out.status.success(),
        "linli user add failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn admin(app: &TestApp) -> Client<'_> {
    bootstrap_admin(app);
    let client = app.client();
    let login: LoginResponse = client
        .login(ADMIN_PHONE, ADMIN_PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(login.me.is_some());
    client
}

fn register_body(phone: &str, community: &str) -> Value {
    json!({"phone": phone, "password": "tiger-lily-42", "display_name": "居民", "home_community": community})
}

async fn codes_in_picker(app: &TestApp, subdistrict: &str) -> Vec<String> {
    let list: RegionList = app
        .get(&format!("/api/v1/regions?parent={subdistrict}"))
        .await
        .assert_status(StatusCode::OK)
        .json();
    list.items.into_iter().map(|r| r.code).collect()
}

async fn a_new_database_is_ready_for_a_real_deployment(app: TestApp) {
    let site: SiteInfo = app.get("/api/v1/site").await.json();
    assert!(!site.demo, "a database without --demo is no demo");
    let admin = admin(&app).await;

    // A resident registers in a bundled community.
    let resident = app.client();
    app.register(&resident, register_body("13900000002", "440304001001"))
        .await
        .assert_status(StatusCode::CREATED);

    // The administrator adds a community; a resident registers there and files a complaint.
    let added: Region = admin
        .post(
            "/api/v1/admin/regions",
            &json!({"code": "440304001099", "parent": "440304001", "name_zh": "新建社区", "name_en": "Xinjian Community"}),
        )
        .await
        .assert_status(StatusCode::CREATED)
        .json();
    assert_eq!(added.parent.as_deref(), Some("440304001"));
    assert!(
        codes_in_picker(&app, "440304001")
            .await
            .contains(&added.code)
    );
    let newcomer = app.client();
    app.register(&newcomer, register_body("13900000003", "440304001099"))
        .await
        .assert_status(StatusCode::CREATED);
    newcomer
        .post(
            "/api/v1/feedback",
            &json!({
                "kind": "complaint", "category": "sanitation", "community": "440304001099",
                "place": "新建社区 2 栋", "title": "垃圾没有清运",
                "description": "楼下垃圾站三天没有清运。", "privacy": "public_name",
                "answers": {"location_type": "estate"}
            }),
        )
        .await
        .assert_status(StatusCode::CREATED);

    // Retired: gone from the picker and from registration, its history still readable.
    let retired: Region = admin
        .post("/api/v1/admin/regions/440304001099/retire", &json!({}))
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(retired.retired);
    assert!(
        !codes_in_picker(&app, "440304001")
            .await
            .contains(&added.code)
    );
    let late = app
        .register(&app.client(), register_body("13900000004", "440304001099"))
        .await;
    late.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(late.error_code(), "region_retired");
    let mine: Value = newcomer.get("/api/v1/me/feedback").await.json();
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1), "{mine}");
    let all: RegionList = app
        .get("/api/v1/regions?parent=440304001&include_retired=true")
        .await
        .json();
    assert!(all.items.iter().any(|r| r.code == added.code && r.retired));
    let me: Value = newcomer.get("/api/v1/me").await.json();
    assert_eq!(me["home_community"]["code"], "440304001099");
}

async fn region_changes_are_checked_scoped_and_audited(app: TestApp) {
    use app::api::accounts::Role;
    let city = admin(&app).await;
    let futian = app
        .login_as("13900000010", &[(Role::Admin, "440304", None)])
        .await;
    let bad = [
        (
            json!({"code": "12ab", "parent": "440304001", "name_zh": "甲"}),
            "invalid_region_code",
        ),
        (
            json!({"code": "440304001001", "parent": "440304001", "name_zh": "甲"}),
            "region_code_taken",
        ),
        (
            json!({"code": "440304001098", "parent": "440304001", "name_zh": ""}),
            "invalid_region_name",
        ),
        (
            json!({"code": "440304001098", "parent": "440300", "name_zh": "甲"}),
            "region_parent_invalid",
        ),
        (
            json!({"code": "440304001098", "parent": "999999", "name_zh": "甲"}),
            "region_parent_invalid",
        ),
    ];
    for (body, code) in bad {
        let res = futian.post("/api/v1/admin/regions", &body).await;
        assert_eq!(res.error_code(), code, "{body}");
        assert!(res.status.is_client_error());
    }
    // A district administrator acts in their district only.
    let res = futian
        .post(
            "/api/v1/admin/regions",
            &json!({"code": "440303001099", "parent": "440303001", "name_zh": "罗湖新社区"}),
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "region_out_of_scope");
    futian
        .post(
            "/api/v1/admin/regions",
            &json!({"code": "440304001098", "parent": "440304001", "name_zh": "乙社区"}),
        )
        .await
        .assert_status(StatusCode::CREATED);

    // Rename (both languages), then move to another Futian subdistrict.
    let renamed: Region = futian
        .send(
            Method::PATCH,
            "/api/v1/admin/regions/440304001098",
            Some(&json!({"name_zh": "丙社区", "name_en": "Bing Community"})),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(
        (renamed.name.zh.as_str(), renamed.name.en.as_deref()),
        ("丙社区", Some("Bing Community"))
    );
    let moved: Region = futian
        .send(
            Method::PATCH,
            "/api/v1/admin/regions/440304001098",
            Some(&json!({"parent": "440304002"})),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(moved.parent.as_deref(), Some("440304002"));
    assert!(
        codes_in_picker(&app, "440304002")
            .await
            .contains(&moved.code)
    );
    assert!(
        !codes_in_picker(&app, "440304001")
            .await
            .contains(&moved.code)
    );
    // The scope follows the move: the closure table was updated by the schema.
    let inside: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM region_closure c JOIN regions a ON a.id = c.ancestor_id \
         JOIN regions d ON d.id = c.descendant_id WHERE d.code = '440304001098' AND a.code IN ('440304002', '440304001')",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("closure");
    assert_eq!(inside, 1);
    // Not out of the district, and only communities move or retire.
    let res = futian
        .send(
            Method::PATCH,
            "/api/v1/admin/regions/440304001098",
            Some(&json!({"parent": "440303001"})),
        )
        .await;
    assert_eq!(res.error_code(), "region_out_of_scope");
    let res = futian
        .send(
            Method::PATCH,
            "/api/v1/admin/regions/440304001",
            Some(&json!({"parent": "440303"})),
        )
        .await;
    assert_eq!(res.error_code(), "region_not_community");
    let res = futian
        .post("/api/v1/admin/regions/440304001/retire", &json!({}))
        .await;
    assert_eq!(res.error_code(), "region_not_community");
    // The schema itself refuses to move a subdistrict.
    let moved_by_sql = sqlx::query(
        "UPDATE regions SET parent_id = (SELECT id FROM regions WHERE code = '440303') WHERE code = '440304001'",
    )
    .execute(app.db.pool())
    .await;
    assert!(moved_by_sql.is_err());

    city.post("/api/v1/admin/regions/440304001098/retire", &json!({}))
        .await
        .assert_status(StatusCode::OK);
    let restored: Region = city
        .post("/api/v1/admin/regions/440304001098/restore", &json!({}))
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(!restored.retired);

    let audit: AuditList = city.get("/api/v1/admin/audit").await.json();
    let actions: Vec<&str> = audit
        .items
        .iter()
        .filter(|e| e.subject == "region:440304001098")
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "regions.restore",
            "regions.retire",
            "regions.move",
            "regions.rename",
            "regions.add"
        ]
    );
}

async fn a_region_file_is_applied_whole_or_not_at_all(app: TestApp) {
    use server::regions::transfer;
    let before = transfer::export(&app.db).await.expect("export");
    let bad = "code,parent,level,name_zh,name_en\n\
               440304001097,440304001,community,丁社区,\n\
               440304001096,440399001,community,戊社区,\n\
               440304,440300,subdistrict,福田区,\n";
    let records = transfer::parse(bad).expect("rows parse");
    let err = transfer::apply(&app.db, &records, None, app.config.clock.now())
        .await
        .expect_err("bad file");
    let message = err.to_string();
    assert!(
        message.contains("line 3") && message.contains("440399001"),
        "{message}"
    );
    assert!(message.contains("line 4"), "{message}");
    assert_eq!(
        transfer::export(&app.db).await.expect("export"),
        before,
        "nothing changed"
    );

    let good = "code,parent,level,name_zh,name_en,retired\n\
                440304001097,440304001,community,丁社区,Ding Community,\n\
                440304001001,440304001,community,红荔社区,Hongli,\n\
                440304001002,440304002,community,百花社区,Baihua Community,\n\
                440304001003,440304001,community,上步社区,Shangbu Community,yes\n";
    let done = transfer::apply(
        &app.db,
        &transfer::parse(good).expect("parse"),
        None,
        app.config.clock.now(),
    )
    .await
    .expect("apply");
    assert_eq!(
        (done.added, done.renamed, done.moved, done.retired),
        (1, 1, 1, 1)
    );
    // An export is a file the import takes back unchanged.
    let exported = transfer::export(&app.db).await.expect("export");
    assert!(exported.contains("440304001003,440304001,community,上步社区,Shangbu Community,yes"));
    let again = transfer::apply(
        &app.db,
        &transfer::parse(&exported).expect("parse"),
        None,
        app.config.clock.now(),
    )
    .await
    .expect("apply export");
    assert_eq!(
        again.unchanged,
        transfer::parse(&exported).expect("parse").len()
    );
}

async fn site_settings_replace_sample_text_and_demo_is_only_said_of_demo_data(app: TestApp) {
    let discovery: Value = app.get("/open311/v2/discovery.json").await.json();
    assert!(
        !discovery["contact"].as_str().unwrap_or("").contains("示例"),
        "{discovery}"
    );
    let city = admin(&app).await;
    let set: SiteInfo = city
        .put(
            "/api/v1/admin/site",
            &json!({"name_zh": "深圳邻里", "name_en": "Shenzhen Linli", "contact": "12345 市民热线", "open311_contact": "open311@linli.sz.gov.cn"}),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(set.name.zh, "深圳邻里");
    let site: SiteInfo = app.get("/api/v1/site").await.json();
    assert_eq!(site, set);
    let discovery: Value = app.get("/open311/v2/discovery.json").await.json();
    assert_eq!(discovery["contact"], "open311@linli.sz.gov.cn");
    let res = city
        .put("/api/v1/admin/site", &json!({"name_zh": " "}))
        .await;
    assert_eq!(res.error_code(), "invalid_site_name");

    use app::api::accounts::Role;
    let district = app
        .login_as("13900000011", &[(Role::Admin, "440304", None)])
        .await;
    let res = district
        .put("/api/v1/admin/site", &json!({"name_zh": "福田"}))
        .await;
    res.assert_status(StatusCode::FORBIDDEN);

    server::seed::demo(&app.db, app.config.clock.now())
        .await
        .expect("demo");
    let site: SiteInfo = app.get("/api/v1/site").await.json();
    assert!(site.demo);
}

async fn next_years_holidays_are_asked_for_until_confirmed(app: TestApp) {
    // 2026-12-03 08:00 in Shenzhen.
    let app = app.with_clock(1_796_256_000);
    let city = admin(&app).await;
    let notices: AdminNotices = city.get("/api/v1/admin/notices").await.json();
    assert_eq!(
        notices.items,
        [AdminNotice::CalendarYearMissing { year: 2027 }]
    );
    let year: CalendarYear = app.get("/api/v1/calendar?year=2027").await.json();
    assert!(!year.confirmed);
    let year: CalendarYear = city
        .put(
            "/api/v1/admin/calendar/years/2027",
            &json!({"confirmed": true}),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(year.confirmed);
    let notices: AdminNotices = city.get("/api/v1/admin/notices").await.json();
    assert!(notices.items.is_empty());
    app.client()
        .get("/api/v1/admin/notices")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}
