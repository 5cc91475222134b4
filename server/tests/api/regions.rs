use app::api::regions::{RegionLevel, RegionList};
use axum::http::StatusCode;

use crate::helpers::TestApp;

both_backends!(
    tree_has_the_city_and_its_ten_districts,
    children_of_a_district_are_its_subdistricts,
    level_filter_lists_every_district,
    unknown_parent_is_404_and_bad_level_is_422,
    a_child_must_sit_one_level_below_its_parent,
    regions_are_cacheable,
    a_bad_boundary_file_is_refused_whole_with_a_message_per_feature,
);

async fn tree_has_the_city_and_its_ten_districts(app: TestApp) {
    let list: RegionList = app
        .get("/api/v1/regions")
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(list.items.len(), 1);
    let city = &list.items[0];
    assert_eq!(
        (city.code.as_str(), city.name.zh.as_str()),
        ("440300", "深圳市")
    );
    let districts: Vec<_> = city.children.iter().map(|d| d.name.zh.as_str()).collect();
    assert_eq!(districts.len(), 10);
    for name in [
        "福田区",
        "罗湖区",
        "南山区",
        "盐田区",
        "宝安区",
        "龙岗区",
        "龙华区",
        "坪山区",
        "光明区",
        "大鹏新区",
    ] {
        assert!(districts.contains(&name), "{name} missing");
    }
    let futian = city
        .children
        .iter()
        .find(|d| d.code == "440304")
        .expect("福田区");
    assert!(
        futian
            .children
            .iter()
            .all(|s| s.level == RegionLevel::Subdistrict && !s.children.is_empty())
    );
}

async fn children_of_a_district_are_its_subdistricts(app: TestApp) {
    let list: RegionList = app
        .get("/api/v1/regions?parent=440305")
        .await
        .assert_status(StatusCode::OK)
        .json();
    let names: Vec<_> = list.items.iter().map(|r| r.name.zh.as_str()).collect();
    assert!(names.contains(&"粤海街道"), "{names:?}");
    assert!(
        list.items
            .iter()
            .all(|r| r.parent.as_deref() == Some("440305") && r.children.is_empty())
    );
}

async fn level_filter_lists_every_district(app: TestApp) {
    let list: RegionList = app
        .get("/api/v1/regions?level=district")
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(list.items.len(), 10);
    assert!(
        list.items
            .iter()
            .all(|r| r.name.en.as_deref().is_some_and(|e| e.contains("District")))
    );
}

async fn unknown_parent_is_404_and_bad_level_is_422(app: TestApp) {
    let res = app.get("/api/v1/regions?parent=999999").await;
    res.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(res.error_code(), "region_not_found");
    let res = app.get("/api/v1/regions?level=planet").await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "invalid_level");
}

async fn a_child_must_sit_one_level_below_its_parent(app: TestApp) {
    let community_under_city = server::regions::store::NewRegion {
        code: "440300999",
        parent: Some("440300"),
        level: RegionLevel::Community,
        name_zh: "错层社区",
        name_en: None,
        sort_order: Some(0),
    };
    let err = server::regions::store::insert(app.db.pool(), &community_under_city).await;
    assert!(
        err.is_err(),
        "the schema refuses a community directly under the city"
    );
}

async fn regions_are_cacheable(app: TestApp) {
    let res = app.get("/api/v1/regions?level=district").await;
    assert_eq!(res.header("cache-control"), Some("public, max-age=300"));
}

async fn a_bad_boundary_file_is_refused_whole_with_a_message_per_feature(app: TestApp) {
    use serde_json::json;
    use server::regions::boundaries;
    let square = json!({"type": "Polygon", "coordinates": [[
        [114.05, 22.54], [114.06, 22.54], [114.06, 22.55], [114.05, 22.55], [114.05, 22.54]
    ]]});
    let open_ring = json!({"type": "Polygon", "coordinates": [[
        [114.05, 22.54], [114.06, 22.54], [114.06, 22.55], [114.05, 22.55]
    ]]});
    let beijing = json!({"type": "Polygon", "coordinates": [[
        [116.40, 39.90], [116.41, 39.90], [116.41, 39.91], [116.40, 39.90]
    ]]});
    let feature = |code: &str, geometry: &serde_json::Value| json!({"type": "Feature", "properties": {"code": code}, "geometry": geometry});
    let area = &app.config.placement.area;

    // Mistakes in the file itself: found before the database is asked.
    let file = json!({"type": "FeatureCollection", "features": [
        feature("440304001001", &square),
        feature("440304001002", &open_ring),
        feature("440304001003", &beijing),
        feature("440304001001", &square),
    ]});
    let errors = boundaries::parse(&file.to_string(), area)
        .expect_err("bad features")
        .to_string();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 3, "{errors}");
    assert!(
        lines[0].starts_with("feature 2: 440304001002: ring 1 is not closed"),
        "{errors}"
    );
    assert!(
        lines[1].starts_with("feature 3: 440304001003: ring 1, position 1")
            && lines[1].contains("outside the placement area"),
        "{errors}"
    );
    assert!(
        lines[2].starts_with("feature 4: code 440304001001 is also feature 1"),
        "{errors}"
    );

    // Mistakes against the tree: unknown codes and regions that are not communities.
    let file = json!({"type": "FeatureCollection", "features": [
        feature("440304001001", &square),
        feature("440304001999", &square),
        feature("440304", &square),
    ]});
    let records = boundaries::parse(&file.to_string(), area).expect("each feature reads");
    let errors = boundaries::apply(&app.db, &records, None, app.config.clock.now())
        .await
        .expect_err("unknown codes")
        .to_string();
    assert_eq!(
        errors,
        "feature 2: 440304001999 is not a region code in the database\n\
         feature 3: 440304 is a district; only communities have boundaries"
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM regions WHERE boundary IS NOT NULL")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(stored, 0, "nothing stored, not even the good feature");
    let logged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'regions.boundary'")
            .fetch_one(app.db.pool())
            .await
            .expect("count");
    assert_eq!(logged, 0);

    // The schema keeps boundaries to communities whatever the application does.
    let broken = sqlx::query("UPDATE regions SET boundary = '{}' WHERE code = '440304'")
        .execute(app.db.pool())
        .await;
    assert!(broken.is_err(), "a district's boundary is refused");
}
