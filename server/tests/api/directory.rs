//! The service directory: Chinese search and its ranking, every filter and facet, opening
//! hours around holidays and 调休 (evaluated at fixed instants with `at`), service pages,
//! staff editing in scope with history, suggestions and the review queue.
use app::api::accounts::Role;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Client, NOW, TestApp};

both_backends!(
    at NOW;
    two_character_queries_find_services,
    ranking_puts_name_over_category_over_description,
    synonyms_expand_the_query,
    mixed_queries_combine_place_topic_and_latin_words,
    category_filter_includes_sub_categories,
    audience_free_and_region_filters_narrow_the_hits,
    facets_count_hits_per_category_audience_and_district,
    open_now_follows_holidays_makeup_days_and_exceptions,
    pages_follow_the_cursor_and_the_limit_is_capped,
    bad_search_parameters_are_refused_with_a_code,
    searches_without_hits_are_counted_without_numbers,
    service_page_has_the_guide_hours_and_phones,
    hidden_and_unknown_services_are_not_found,
);

pub const CITY_ADMIN: &str = "13900000001";

/// Six services at two sites, created through the staff API as a city administrator.
pub struct Fixture {
    pub org: i64,
    /// 红荔社区 (福田), follows the workday calendar: Mon–Fri 09–12 and 14–18, Sat 09–12.
    pub hongli: i64,
    /// A community of 南山区, open every day 08:00–20:00 whatever the calendar says.
    pub nanshan: i64,
    pub home_care: i64,
    pub bathing: i64,
    pub library: i64,
    pub dibao: i64,
    pub cleaning: i64,
    pub smartphone: i64,
    pub checkup: i64,
}

pub const NANSHAN_COMMUNITY: &str = "440305001001";

/// A logged-in city administrator (created on first use).
pub async fn admin(app: &TestApp) -> Client<'_> {
    login(app, CITY_ADMIN, &[(Role::Admin, "440300", None)]).await
}

/// Logs in the account of `phone`, creating it with `roles` the first time.
pub async fn login<'a>(
    app: &'a TestApp,
    phone: &str,
    roles: &[(Role, &str, Option<&str>)],
) -> Client<'a> {
    let exists = server::accounts::store::user_by_phone(&app.db, phone)
        .await
        .expect("lookup")
        .is_some();
    if !exists {
        app.create_user(phone, roles).await;
    }
    let client = app.client();
    client
        .login(phone, crate::helpers::PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    client
}

pub async fn create(client: &Client<'_>, path: &str, body: Value) -> i64 {
    let res = client.post(path, &body).await;
    res.assert_status(StatusCode::CREATED);
    res.json::<Value>()["id"].as_i64().expect("id")
}

pub fn location(org: i64, region: &str, name: &str, follows: bool) -> Value {
    json!({
        "organization_id": org,
        "region": region,
        "name": {"zh": name},
        "address": {"zh": format!("{name}门口"), "en": "At the door"},
        "transport": {"zh": "地铁1号线下车步行5分钟"},
        "follows_workday_calendar": follows,
        "phones": [{"kind": "main", "number": "0755-83000001"}],
        "accessibility": [{"feature": "step_free"}],
    })
}

#[allow(clippy::too_many_arguments, reason = "a service is many fields")]
pub fn service(
    org: i64,
    region: &str,
    name: &str,
    description: &str,
    categories: &[&str],
    audiences: &[&str],
    location: i64,
    free: bool,
) -> Value {
    json!({
        "organization_id": org,
        "region": region,
        "name": {"zh": name},
        "description": {"zh": description},
        "status": "active",
        "categories": categories,
        "audiences": audiences,
        "conditions": {"zh": "辖区居民"},
        "documents": [{"zh": "居民身份证"}, {"zh": "户口簿"}],
        "process": [{"zh": "提出申请", "en": "Apply"}, {"zh": "审核", "en": "Review"}],
        "time_limit": {"zh": "5个工作日"},
        "fees": {"zh": if free { "免费" } else { "每小时45元" }},
        "fees_basis": {"zh": "收费公示"},
        "is_free": free,
        "costs": if free { json!([]) } else { json!([{"option": {"zh": "日常保洁"}, "amount_fen": 4500, "amount_description": {"zh": "每小时"}}]) },
        "visits_needed": 1,
        "phones": [
            {"kind": "enquiry", "number": "0755-83000002"},
            {"kind": "complaint", "number": "12345"}
        ],
        "languages": ["zh", "yue"],
        "service_areas": [region],
        "location_ids": [location],
    })
}

impl Fixture {
    pub async fn new(app: &TestApp) -> Self {
        let c = admin(app).await;
        let org = create(
            &c,
            "/api/v1/directory/organizations",
            json!({"region": "440304001001", "name": {"zh": "红荔社区党群服务中心"}}),
        )
        .await;
        let hongli = create(
            &c,
            "/api/v1/directory/locations",
            location(org, "440304001001", "红荔社区党群服务中心", true),
        )
        .await;
        c.put(
            &format!("/api/v1/directory/locations/{hongli}/hours"),
            &json!({
                "weekly": [
                    {"weekday": 1, "opens": "09:00", "closes": "12:00"}, {"weekday": 1, "opens": "14:00", "closes": "18:00"},
                    {"weekday": 2, "opens": "09:00", "closes": "12:00"}, {"weekday": 2, "opens": "14:00", "closes": "18:00"},
                    {"weekday": 3, "opens": "09:00", "closes": "12:00"}, {"weekday": 3, "opens": "14:00", "closes": "18:00"},
                    {"weekday": 4, "opens": "09:00", "closes": "12:00"}, {"weekday": 4, "opens": "14:00", "closes": "18:00"},
                    {"weekday": 5, "opens": "09:00", "closes": "12:00"}, {"weekday": 5, "opens": "14:00", "closes": "18:00"},
                    {"weekday": 6, "opens": "09:00", "closes": "12:00"}
                ],
                "exceptions": [
                    {"date": "2026-11-27", "closed": true, "reason": {"zh": "消防检查", "en": "Fire inspection"}},
                    {"date": "2026-10-02", "closed": false, "windows": [["09:00", "12:00"]], "reason": {"zh": "国庆值班"}}
                ]
            }),
        )
        .await
        .assert_status(StatusCode::OK);
        let nanshan = create(
            &c,
            "/api/v1/directory/locations",
            location(org, NANSHAN_COMMUNITY, "南山社区服务点", false),
        )
        .await;
        let all_week: Vec<Value> = (1..=7)
            .map(|d| json!({"weekday": d, "opens": "08:00", "closes": "20:00"}))
            .collect();
        c.put(
            &format!("/api/v1/directory/locations/{nanshan}/hours"),
            &json!({"weekly": all_week}),
        )
        .await
        .assert_status(StatusCode::OK);
        let (h, n) = ("440304001001", NANSHAN_COMMUNITY);
        #[rustfmt::skip]
        let services = [
            ("居家养老上门服务", "为辖区长者提供上门照料。", "elderly.home_care", "elderly", hongli, true, h),
            ("上门助浴服务", "专业护理员上门协助洗浴。", "elderly.home_care", "disabled", hongli, true, h),
            ("社区图书室", "设有养老政策专架和少儿阅读区。", "culture.library", "residents", hongli, true, h),
            ("最低生活保障（低保）申请", "困难家庭申请低保金。", "relief.dibao", "dibao", hongli, true, h),
            ("家政保洁服务", "日常保洁和深度清洁。", "market.housekeeping", "residents", nanshan, false, n),
            ("长者智能手机培训班", "教长者使用手机，现场提供免费WiFi。", "information.digital_skills", "elderly", nanshan, true, n),
            ("老年人免费体检", "每年一次健康检查。", "health.prevention", "elderly", nanshan, true, n),
        ];
        let mut ids = Vec::new();
        for (name, desc, category, audience, loc, free, region) in services {
            let body = service(org, region, name, desc, &[category], &[audience], loc, free);
            ids.push(create(&c, "/api/v1/directory/services", body).await);
        }
        let [
            home_care,
            bathing,
            library,
            dibao,
            cleaning,
            smartphone,
            checkup,
        ]: [i64; 7] = ids.try_into().expect("seven services");
        Self {
            org,
            hongli,
            nanshan,
            home_care,
            bathing,
            library,
            dibao,
            cleaning,
            smartphone,
            checkup,
        }
    }
}

pub async fn search(app: &TestApp, query: &str) -> Value {
    let res = app.get(&format!("/api/v1/services?{query}")).await;
    res.assert_status(StatusCode::OK);
    res.json()
}

pub fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_i64().expect("id"))
        .collect()
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn two_character_queries_find_services(app: TestApp) {
    let f = Fixture::new(&app).await;
    let cases = [
        (
            "养老",
            vec![f.home_care, f.bathing, f.library],
            "name, category and description",
        ),
        ("低保", vec![f.dibao], "an abbreviation in the name"),
        ("家政", vec![f.cleaning], "a market service"),
        ("体检", vec![f.checkup], "inside a longer name"),
    ];
    for (q, want, why) in cases {
        let v = search(&app, &format!("q={}", enc(q))).await;
        let mut got = ids(&v);
        got.sort_unstable();
        let mut want = want;
        want.sort_unstable();
        assert_eq!(got, want, "{q}: {why}");
        assert_eq!(v["total"], json!(want.len()), "{q}: total");
    }
}

async fn ranking_puts_name_over_category_over_description(app: TestApp) {
    let f = Fixture::new(&app).await;
    let v = search(&app, &format!("q={}", enc("养老"))).await;
    assert_eq!(
        ids(&v),
        vec![f.home_care, f.bathing, f.library],
        "养老 in the name, then in the category (居家养老), then in the description"
    );
}

async fn synonyms_expand_the_query(app: TestApp) {
    let f = Fixture::new(&app).await;
    // 老人 is not in any text; the synonym 老年人 is (name of the check-up, audience of three).
    let v = search(&app, &format!("q={}", enc("老人"))).await;
    let got = ids(&v);
    assert!(got.contains(&f.checkup), "老人 → 老年人: {got:?}");
    assert!(got.contains(&f.smartphone), "老人 → 长者: {got:?}");
    // Without the synonym table, 老人 finds nothing: the hits above came from expansion.
    sqlx::query("DELETE FROM dir_synonyms WHERE term = '老人'")
        .execute(app.db.pool())
        .await
        .expect("delete");
    let v = search(&app, &format!("q={}", enc("老人"))).await;
    assert_eq!(ids(&v), Vec::<i64>::new());
    // 长者 → 老年人 as well; 保姆 → 家政.
    let v = search(&app, &format!("q={}", enc("保姆"))).await;
    assert_eq!(ids(&v), vec![f.cleaning]);
}

async fn mixed_queries_combine_place_topic_and_latin_words(app: TestApp) {
    let f = Fixture::new(&app).await;
    let v = search(&app, &format!("q={}", enc("福田 养老"))).await;
    let got = ids(&v);
    assert!(got.contains(&f.home_care), "{got:?}");
    let v = search(&app, &format!("q={}", enc("南山 养老"))).await;
    assert_eq!(ids(&v), Vec::<i64>::new(), "no 养老 service in 南山");
    let v = search(&app, &format!("q={}", enc("wifi 培训"))).await;
    assert_eq!(
        ids(&v),
        vec![f.smartphone],
        "Latin and Chinese words together"
    );
    let v = search(&app, &format!("q={}", enc("WiFi"))).await;
    assert_eq!(ids(&v), vec![f.smartphone], "case folded");
}

async fn category_filter_includes_sub_categories(app: TestApp) {
    let f = Fixture::new(&app).await;
    let mut got = ids(&search(&app, "category=elderly").await);
    got.sort_unstable();
    assert_eq!(
        got,
        vec![f.home_care, f.bathing],
        "elderly includes elderly.home_care"
    );
    let got = ids(&search(&app, "category=relief.dibao").await);
    assert_eq!(got, vec![f.dibao]);
    let got = ids(&search(&app, "category=elderly.day_care").await);
    assert!(got.is_empty());
}

async fn audience_free_and_region_filters_narrow_the_hits(app: TestApp) {
    let f = Fixture::new(&app).await;
    let mut got = ids(&search(&app, "audience=elderly").await);
    got.sort_unstable();
    assert_eq!(got, vec![f.home_care, f.smartphone, f.checkup]);
    let got = ids(&search(&app, &format!("q={}&free=true", enc("家政"))).await);
    assert!(got.is_empty(), "the cleaning service is paid");
    let all = search(&app, "limit=100").await["total"]
        .as_i64()
        .expect("total");
    let free = search(&app, "free=true&limit=100").await["total"]
        .as_i64()
        .expect("total");
    assert_eq!(all - free, 1);
    for (region, want, why) in [
        ("440304", 4, "the district includes its communities"),
        ("440304001", 4, "so does the subdistrict"),
        ("440304001001", 4, "the community itself"),
        ("440304001002", 0, "a neighbouring community"),
        ("440305", 3, "another district"),
    ] {
        let v = search(&app, &format!("region={region}")).await;
        assert_eq!(v["total"], json!(want), "{why}");
    }
}

async fn facets_count_hits_per_category_audience_and_district(app: TestApp) {
    Fixture::new(&app).await;
    let v = search(&app, &format!("q={}", enc("养老"))).await;
    let facet = |name: &str, code: &str| -> i64 {
        v["facets"][name]
            .as_array()
            .expect("facet")
            .iter()
            .find(|f| f["code"] == code)
            .map_or(0, |f| f["count"].as_i64().expect("count"))
    };
    assert_eq!(facet("categories", "elderly"), 2);
    assert_eq!(facet("categories", "culture"), 1);
    assert_eq!(facet("audiences", "elderly"), 1);
    assert_eq!(facet("audiences", "disabled"), 1);
    assert_eq!(facet("districts", "440304"), 3);
    assert_eq!(facet("districts", "440305"), 0);
    // With a category chosen, the category facet lists its sub-categories.
    let v = search(&app, "category=elderly").await;
    let subs: Vec<&str> = v["facets"]["categories"]
        .as_array()
        .expect("facet")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(subs, ["elderly.home_care"]);
}

async fn open_now_follows_holidays_makeup_days_and_exceptions(app: TestApp) {
    let f = Fixture::new(&app).await;
    let cases = [
        (
            "2026-11-26T10:00:00+08:00",
            true,
            true,
            "an ordinary Thursday morning",
        ),
        (
            "2026-11-26T12:30:00+08:00",
            false,
            true,
            "lunch break at 红荔",
        ),
        (
            "2026-11-26T21:00:00+08:00",
            false,
            false,
            "evening: both closed",
        ),
        (
            "2026-10-01T10:00:00+08:00",
            false,
            true,
            "National Day: 红荔 follows the calendar, 南山 does not",
        ),
        (
            "2026-10-02T10:00:00+08:00",
            true,
            true,
            "holiday duty by dated exception",
        ),
        (
            "2026-10-02T15:00:00+08:00",
            false,
            true,
            "the duty is mornings only",
        ),
        (
            "2026-10-10T15:00:00+08:00",
            true,
            true,
            "make-up Saturday uses the weekday hours",
        ),
        (
            "2026-10-17T15:00:00+08:00",
            false,
            true,
            "an ordinary Saturday afternoon",
        ),
        (
            "2026-11-27T10:00:00+08:00",
            false,
            true,
            "closed by exception on a Friday",
        ),
        (
            "2026-11-26T02:00:00Z",
            true,
            true,
            "UTC instants are converted to local time",
        ),
    ];
    for (at, hongli_open, nanshan_open, why) in cases {
        let v = search(&app, &format!("open_now=true&at={}&limit=100", enc(at))).await;
        let locations: Vec<i64> = v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["location"]["id"].as_i64().expect("location"))
            .collect();
        assert_eq!(
            locations.contains(&f.hongli),
            hongli_open,
            "红荔 at {at}: {why}"
        );
        assert_eq!(
            locations.contains(&f.nanshan),
            nanshan_open,
            "南山 at {at}: {why}"
        );
        // The badge computed for each hit agrees with the filter.
        for item in v["items"].as_array().expect("items") {
            assert_eq!(item["open"]["open_now"], json!(true), "{why}: {item}");
        }
        let all = search(&app, &format!("at={}&limit=100", enc(at))).await;
        for item in all["items"].as_array().expect("items") {
            let loc = item["location"]["id"].as_i64().expect("id");
            let want = if loc == f.hongli {
                hongli_open
            } else {
                nanshan_open
            };
            assert_eq!(
                item["open"]["open_now"],
                json!(want),
                "badge at {at}: {why}"
            );
        }
    }
    // Closed on the holiday, with the reason and the next opening.
    let v = search(
        &app,
        &format!("q={}&at={}", enc("低保"), enc("2026-10-01T10:00:00+08:00")),
    )
    .await;
    let open = &v["items"][0]["open"];
    assert_eq!(open["next_open"], json!("2026-10-02T09:00:00+08:00"));
    assert!(
        open["note"]["zh"]
            .as_str()
            .expect("note")
            .contains("国庆节")
    );
}

async fn pages_follow_the_cursor_and_the_limit_is_capped(app: TestApp) {
    Fixture::new(&app).await;
    let first = search(&app, "limit=3").await;
    assert_eq!(first["items"].as_array().expect("items").len(), 3);
    assert_eq!(first["total"], json!(7));
    let cursor = first["next_cursor"].as_str().expect("cursor").to_owned();
    let second = search(&app, &format!("limit=3&cursor={cursor}")).await;
    let third = search(
        &app,
        &format!(
            "limit=3&cursor={}",
            second["next_cursor"].as_str().expect("cursor")
        ),
    )
    .await;
    assert_eq!(third["items"].as_array().expect("items").len(), 1);
    assert_eq!(third["next_cursor"], Value::Null);
    let mut seen: Vec<i64> = [&first, &second, &third]
        .iter()
        .flat_map(|v| ids(v))
        .collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 7, "every hit once");
}

async fn bad_search_parameters_are_refused_with_a_code(app: TestApp) {
    Fixture::new(&app).await;
    let long = "养".repeat(101);
    let cases = [
        (
            "limit=0".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_limit",
            "empty page",
        ),
        (
            "limit=101".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_limit",
            "above the hard maximum",
        ),
        (
            "cursor=o5000".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_cursor",
            "too deep",
        ),
        (
            "cursor=abc".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_cursor",
            "garbage",
        ),
        (
            "category=nope".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_category",
            "unknown category",
        ),
        (
            "audience=nope".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_audience",
            "unknown audience",
        ),
        (
            "region=999".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_region",
            "unknown region",
        ),
        (
            format!("q={}", enc(&long)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "query_too_long",
            "101 characters",
        ),
        (
            "at=yesterday".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_instant",
            "not RFC 3339",
        ),
        (
            "open_now=maybe".to_owned(),
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "not a boolean",
        ),
        (
            "sort=name".to_owned(),
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "unknown parameter",
        ),
    ];
    for (query, status, code, why) in cases {
        let res = app.get(&format!("/api/v1/services?{query}")).await;
        assert_eq!(res.status, status, "{why}: {}", res.text());
        assert_eq!(res.error_code(), code, "{why}");
    }
    // Characters with a meaning to FTS5 or tsquery are only text.
    for q in [
        "\"",
        "养老\" OR \"",
        "a & b | !c",
        "*",
        "NEAR(养老)",
        "'); DROP TABLE x; --",
    ] {
        let res = app.get(&format!("/api/v1/services?q={}", enc(q))).await;
        assert_eq!(res.status, StatusCode::OK, "{q}: {}", res.text());
    }
}

async fn searches_without_hits_are_counted_without_numbers(app: TestApp) {
    Fixture::new(&app).await;
    for q in ["潜水培训", "潜水培训", "13800001234 低保证明丢失"] {
        search(&app, &format!("q={}", enc(q))).await;
    }
    search(&app, &format!("q={}", enc("养老"))).await;
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT query, count FROM dir_search_misses ORDER BY query")
            .fetch_all(app.db.pool())
            .await
            .expect("misses");
    assert_eq!(
        rows,
        vec![
            ("########### 低保证明丢失".to_owned(), 1),
            ("潜水培训".to_owned(), 2)
        ]
    );
}

async fn service_page_has_the_guide_hours_and_phones(app: TestApp) {
    let f = Fixture::new(&app).await;
    let res = app
        .get(&format!(
            "/api/v1/services/{}?at={}",
            f.cleaning,
            enc("2026-11-26T10:00:00+08:00")
        ))
        .await;
    res.assert_status(StatusCode::OK);
    let v: Value = res.json();
    assert_eq!(v["name"]["zh"], json!("家政保洁服务"));
    let guide = &v["guide"];
    assert_eq!(guide["conditions"]["zh"], json!("辖区居民"));
    assert_eq!(guide["documents"].as_array().expect("docs").len(), 2);
    assert_eq!(guide["process"][1], json!({"zh": "审核", "en": "Review"}));
    assert_eq!(guide["time_limit"]["zh"], json!("5个工作日"));
    assert_eq!(guide["fees_basis"]["zh"], json!("收费公示"));
    assert_eq!(guide["costs"][0]["amount_fen"], json!(4500));
    assert_eq!(guide["is_free"], json!(false));
    assert_eq!(guide["visits_needed"], json!(1));
    assert_eq!(guide["enquiry_phones"][0]["number"], json!("0755-83000002"));
    assert_eq!(guide["complaint_phones"][0]["number"], json!("12345"));
    let loc = &v["locations"][0];
    assert_eq!(loc["id"], json!(f.nanshan));
    assert_eq!(loc["transport"]["zh"], json!("地铁1号线下车步行5分钟"));
    assert_eq!(loc["phones"][0]["kind"], json!("main"));
    assert_eq!(loc["week"].as_array().expect("week").len(), 7);
    assert_eq!(loc["open"]["open_now"], json!(true));
    assert_eq!(loc["district"]["code"], json!("440305"));
    assert_eq!(v["languages"], json!(["zh", "yue"]));
    assert_eq!(v["needs_review"], json!(true), "never verified");
    assert_eq!(v["last_verified_at"], Value::Null);
    // English asked for: English where present, Chinese otherwise.
    let en: Value = app
        .get_with(
            &format!("/api/v1/services/{}", f.home_care),
            &[("accept-language", "en")],
        )
        .await
        .json();
    assert_eq!(en["name"]["zh"], json!("居家养老上门服务"));
}

async fn hidden_and_unknown_services_are_not_found(app: TestApp) {
    let f = Fixture::new(&app).await;
    let c = admin(&app).await;
    let mut edit: Value = c
        .get(&format!("/api/v1/directory/services/{}", f.library))
        .await
        .json();
    edit["input"]["status"] = json!("inactive");
    c.put(
        &format!("/api/v1/directory/services/{}", f.library),
        &edit["input"],
    )
    .await
    .assert_status(StatusCode::OK);
    for path in [
        format!("/api/v1/services/{}", f.library),
        "/api/v1/services/999999".to_owned(),
    ] {
        let res = app.get(&path).await;
        res.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(res.error_code(), "service_not_found");
    }
    assert!(
        !ids(&search(&app, &format!("q={}", enc("图书室"))).await).contains(&f.library),
        "inactive services are not found by search"
    );
    let res = app.get("/api/v1/services/abc").await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let _ = f.org;
}
