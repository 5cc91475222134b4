//! The directory's search index against its oracle, the SQL path: the same hits, totals and
//! facet counts for the benchmark's queries and every filter combination, on the demo
//! directory and a generated one; ranking; edits found by the next search; restart, catch-up
//! and a corrupt index rebuilt.
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::{
    directory::{Fixture, NANSHAN_COMMUNITY, admin, create, enc, ids, location, login, service},
    helpers::{Indexed, NOW, TestApp},
};

both_backends!(
    at NOW;
    index_and_sql_agree_on_the_demo_directory,
    index_and_sql_agree_on_a_generated_directory,
    a_name_match_outranks_a_description_match,
    home_community_and_near_me_rank_equal_hits_first,
    an_edit_is_found_by_the_next_search_on_every_index,
    an_edit_by_another_instance_is_found_within_two_seconds,
    a_search_asked_again_under_new_reference_data_is_counted_once,
    a_reopened_index_catches_up_and_a_corrupt_one_is_rebuilt,
    a_moved_and_renamed_region_is_searched_by_its_new_name_in_its_new_district,
    a_region_file_moves_and_renames_communities_for_search_too,
    odd_queries_get_answers_or_coded_errors,
    misses_count_words_that_find_nothing_and_editors_read_them_by_week,
);

/// Text queries: the benchmark's, single characters, Latin, synonyms, nothing at all.
const TEXTS: [&str; 10] = [
    "",
    "养老",
    "低保",
    "医",
    "福田 养老",
    "wifi 培训",
    "老人 助餐",
    "居家养老服务",
    "社区",
    "潜水培训",
];

/// Waits, at most `within`, until the index's total for `query` is SQL's: after a write made
/// outside this process's routers (as another instance or a `linli` command makes it), which
/// the instance learns of from the database.
async fn caught_up(app: &TestApp, indexed: &Indexed, query: &str, within: Duration) {
    let path = format!("/api/v1/services?{query}&limit=1");
    let started = Instant::now();
    loop {
        let sql: Value = app.get(&path).await.json();
        let ix: Value = indexed.get(&path).await.json();
        if ix["total"] == sql["total"] {
            return;
        }
        assert!(
            started.elapsed() < within,
            "the index did not catch up with {query} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Runs one search on both paths and compares everything the index must get exactly right.
async fn agree(app: &TestApp, indexed: &Indexed, query: &str) {
    let path = format!("/api/v1/services?{query}&limit=100");
    let sql = app.get(&path).await;
    sql.assert_status(StatusCode::OK);
    let sql: Value = sql.json();
    let served = |s: server::directory::engine::Status| s.answered + s.reused;
    let before = served(indexed.index.status());
    let ix = indexed.get(&path).await;
    ix.assert_status(StatusCode::OK);
    assert_eq!(
        served(indexed.index.status()),
        before + 1,
        "{query} was answered by the index or its kept answer"
    );
    let ix: Value = ix.json();
    assert_eq!(ix["total"], sql["total"], "total of {query}");
    assert_eq!(ix["facets"], sql["facets"], "facets of {query}");
    assert_eq!(
        ix["next_cursor"].is_null(),
        sql["next_cursor"].is_null(),
        "more pages of {query}"
    );
    let hits = |v: &Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["service_at_location_id"].as_i64().expect("id"))
            .collect()
    };
    let (mut a, mut b) = (hits(&sql), hits(&ix));
    if query.contains("q=") && sql["total"].as_i64().unwrap_or(0) > 100 {
        // Ranked differently (the engines score differently): only the page size agrees.
        assert_eq!(a.len(), b.len(), "page of {query}");
        return;
    }
    if query.contains("q=") {
        a.sort_unstable();
        b.sort_unstable();
    }
    assert_eq!(b, a, "hits of {query}");
    // Each hit as shown (names, place, categories, hours and status), whether its card was
    // kept or read now.
    let items = |v: &Value| -> std::collections::BTreeMap<i64, Value> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| (i["service_at_location_id"].as_i64().expect("id"), i.clone()))
            .collect()
    };
    assert_eq!(items(&ix), items(&sql), "items of {query}");
}

/// Every text with every filter combination, the category, audience and district taken from
/// the directory itself.
async fn agree_everywhere(app: &TestApp, indexed: &Indexed) -> usize {
    let categories: Value = app.get("/api/v1/categories").await.json();
    let audiences: Value = app.get("/api/v1/audiences").await.json();
    let first = |v: &Value| -> String {
        let list = v
            .as_array()
            .or_else(|| v["items"].as_array())
            .expect("list");
        list[0]["code"].as_str().expect("code").to_owned()
    };
    let (category, audience) = (first(&categories), first(&audiences));
    let filters = [
        String::new(),
        format!("&category={category}"),
        format!("&audience={audience}"),
        "&region=440304".to_owned(),
        "&region=440304001".to_owned(),
        "&free=true".to_owned(),
        format!("&category={category}&audience={audience}&region=440304&free=true"),
        // Open now (Thursday 10:00), on a Saturday evening, on a public holiday (国庆).
        "&open_now=true".to_owned(),
        format!("&open_now=true&at={}", enc("2026-11-28T19:30:00+08:00")),
        format!(
            "&open_now=true&region=440304&at={}",
            enc("2026-10-02T10:00:00+08:00")
        ),
    ];
    let mut n = 0;
    for text in TEXTS {
        for filter in &filters {
            agree(app, indexed, &format!("q={}{filter}", enc(text))).await;
            n += 1;
        }
    }
    for query in server::scale::directory::BENCH_QUERIES {
        agree(app, indexed, query).await;
        n += 1;
    }
    n
}

async fn indexed_get(indexed: &Indexed, filter: &str) -> Value {
    let res = indexed
        .get(&format!("/api/v1/services?limit=1{filter}"))
        .await;
    res.assert_status(StatusCode::OK);
    res.json()
}

async fn index_and_sql_agree_on_the_demo_directory(app: TestApp) {
    server::seed::demo(&app.db, app.config.clock.now())
        .await
        .expect("demo data");
    let indexed = app.indexed().await;
    assert_eq!(indexed.index.status().state, "ready");
    assert!(indexed.index.status().documents > 0);
    let compared = agree_everywhere(&app, &indexed).await;
    assert!(compared >= 80, "{compared} searches compared");
    // Open now narrows the hits without emptying them (Thursday 10:00; a holiday closes more).
    let all = indexed_get(&indexed, "").await["total"]
        .as_i64()
        .expect("total");
    let open = indexed_get(&indexed, "&open_now=true").await["total"]
        .as_i64()
        .expect("total");
    assert!(0 < open && open < all, "{open} of {all} open");
    // Health and readiness report the index, current with the log.
    for path in ["/api/v1/health", "/api/v1/ready"] {
        let v: Value = indexed.get(path).await.json();
        assert_eq!(v["search_index"]["state"], json!("current"), "{path}: {v}");
        assert_eq!(v["search_index"]["lag"], json!(0));
        assert!(v["search_index"]["documents"].as_u64().unwrap_or(0) > 0);
    }
    let v: Value = app.get("/api/v1/health").await.json();
    assert!(v["search_index"].is_null(), "no index, nothing reported");
}

async fn index_and_sql_agree_on_a_generated_directory(app: TestApp) {
    server::seed::demo(&app.db, app.config.clock.now())
        .await
        .expect("demo data");
    // Built before the bulk load: the load's rebuild marker brings the index along.
    let indexed = app.indexed().await;
    let before = indexed.index.status().documents;
    server::scale::directory::generate(&app.db, 600, app.config.clock.now())
        .await
        .expect("generate");
    // A load the index rebuilds for, seen as another process's write.
    caught_up(&app, &indexed, "q=", Duration::from_secs(10)).await;
    agree_everywhere(&app, &indexed).await;
    assert!(
        indexed.index.status().documents >= before + 600,
        "{} documents after the load, {before} before",
        indexed.index.status().documents
    );
}

async fn a_name_match_outranks_a_description_match(app: TestApp) {
    let f = Fixture::new(&app).await;
    let indexed = app.indexed().await;
    let res = indexed
        .get(&format!("/api/v1/services?q={}", enc("养老")))
        .await;
    res.assert_status(StatusCode::OK);
    assert_eq!(indexed.index.status().answered, 1);
    assert_eq!(
        ids(&res.json()),
        vec![f.home_care, f.bathing, f.library],
        "养老 in the name, then in the category (居家养老), then in the description"
    );
}

async fn home_community_and_near_me_rank_equal_hits_first(app: TestApp) {
    let f = Fixture::new(&app).await;
    let c = admin(&app).await;
    let site = |region: &str, name: &str, lat: f64, lng: f64| {
        let mut l = location(f.org, region, name, false);
        l["latitude"] = json!(lat);
        l["longitude"] = json!(lng);
        l
    };
    let hongli = "440304001001";
    let nanshan_site = site(NANSHAN_COMMUNITY, "南山心理服务站", 22.5333, 113.9305);
    let nanshan_site = create(&c, "/api/v1/directory/locations", nanshan_site).await;
    let futian_site = site(hongli, "红荔心理服务站", 22.5455, 114.0683);
    let futian_site = create(&c, "/api/v1/directory/locations", futian_site).await;
    // The same service twice, the 南山 one first (it wins ties for anonymous visitors).
    let twin = |region: &str, at: i64| {
        let categories = ["health.prevention"];
        service(
            f.org,
            region,
            "心理咨询服务",
            "心理咨询与疏导。",
            &categories,
            &["residents"],
            at,
            true,
        )
    };
    let in_nanshan = create(
        &c,
        "/api/v1/directory/services",
        twin(NANSHAN_COMMUNITY, nanshan_site),
    )
    .await;
    let in_futian = create(&c, "/api/v1/directory/services", twin(hongli, futian_site)).await;
    let indexed = app.indexed().await;
    let q = format!("/api/v1/services?q={}", enc("心理咨询"));
    assert_eq!(
        ids(&indexed.get(&q).await.json()),
        vec![in_nanshan, in_futian]
    );
    // A resident of 红荔 sees the one in their community first.
    let resident = login(&app, "13900000031", &[]).await;
    let res = indexed.get_as(&resident, &q).await;
    assert_eq!(ids(&res.json()), vec![in_futian, in_nanshan], "home first");
    // Asked again, by them and by a visitor: each gets the answer kept for their home (none).
    let reused = indexed.index.status().reused;
    let again = indexed.get_as(&resident, &q).await;
    assert_eq!(again.body, res.body, "the resident's kept answer");
    let visitor = indexed.get(&q).await;
    assert_eq!(
        ids(&visitor.json()),
        vec![in_nanshan, in_futian],
        "not the resident's"
    );
    assert_eq!(indexed.index.status().reused, reused + 2);
    // Near me: by distance from where the visitor stands, whoever they are.
    let near = |point: &str| format!("{q}&near={}", enc(point));
    let v: Value = indexed.get(&near("22.54,114.06")).await.json();
    assert_eq!(ids(&v), vec![in_futian, in_nanshan], "near 福田");
    let v: Value = indexed
        .get_as(&resident, &near("22.53,113.93"))
        .await
        .json();
    assert_eq!(ids(&v), vec![in_nanshan, in_futian], "near 南山");
    for bad in ["north", "91,114", "22.5", "22.5,200"] {
        let res = indexed.get(&near(bad)).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_code(), "invalid_near", "{bad}");
    }
}

/// One instance (a process) may hold several indexes, here two, and a write it answered is
/// found by the next search on each (every search after it reads the versions again).
async fn an_edit_is_found_by_the_next_search_on_every_index(app: TestApp) {
    let f = Fixture::new(&app).await;
    // Two indexes on one database; the edit goes through a third router.
    let (a, b) = (app.indexed().await, app.indexed().await);
    let find = |q: &'static str| format!("/api/v1/services?q={}", enc(q));
    // "Near me" is computed on each search, with the index asked while the versions are read.
    let near = |q: &'static str| format!("{}&near=22.54,113.93", find(q));
    for index in [&a, &b] {
        assert_eq!(
            ids(&index.get(&find("长者食堂")).await.json()),
            Vec::<i64>::new()
        );
        // With nothing changed, the index answers a computed search once.
        let answered = index.index.status().answered;
        index.get(&near("保洁")).await.assert_status(StatusCode::OK);
        assert_eq!(index.index.status().answered, answered + 1);
    }
    let c = admin(&app).await;
    let page = format!("/api/v1/directory/services/{}", f.cleaning);
    let mut input = c.get(&page).await.json::<Value>()["input"].clone();
    input["name"] = json!({"zh": "长者食堂上门保洁", "en": "Home cleaning"});
    c.put(&page, &input).await.assert_status(StatusCode::OK);
    for index in [&a, &b] {
        // Asked first, before any search waited for the index to apply the edit.
        let v: Value = index.get(&near("长者食堂")).await.json();
        assert_eq!(ids(&v), vec![f.cleaning], "the renamed service, near me");
        let res = index.get(&find("长者食堂")).await;
        assert_eq!(ids(&res.json()), vec![f.cleaning], "the renamed service");
        // Asked again with nothing changed: the kept answer.
        let reused = index.index.status().reused;
        let again = index.get(&find("长者食堂")).await;
        assert_eq!(again.body, res.body);
        assert_eq!(index.index.status().reused, reused + 1);
    }
    // New hours: the next search shows them (Thursday 10:00 was open 08:00–20:00).
    let open_now = |v: &Value| v["items"][0]["open"]["open_now"].clone();
    for index in [&a, &b] {
        assert_eq!(
            open_now(&index.get(&find("长者食堂")).await.json()),
            json!(true)
        );
    }
    c.put(
        &format!("/api/v1/directory/locations/{}/hours", f.nanshan),
        &json!({"weekly": [{"weekday": 4, "opens": "14:00", "closes": "18:00"}]}),
    )
    .await
    .assert_status(StatusCode::OK);
    let sql: Value = app.get(&find("长者食堂")).await.json();
    assert_eq!(open_now(&sql), json!(false));
    for index in [&a, &b] {
        let v: Value = index.get(&near("长者食堂")).await.json();
        assert_eq!(open_now(&v), json!(false), "the new hours, near me");
        let v: Value = index.get(&find("长者食堂")).await.json();
        assert_eq!(v["items"], sql["items"], "the new hours");
    }
    // Hidden: gone from both at once.
    input["status"] = json!("inactive");
    c.put(&page, &input).await.assert_status(StatusCode::OK);
    for index in [&a, &b] {
        let v: Value = index.get(&near("长者食堂")).await.json();
        assert_eq!(v["total"], json!(0), "hidden, near me");
        let v: Value = index.get(&find("长者食堂")).await.json();
        assert_eq!(v["total"], json!(0));
    }
}

/// Another instance's edit reaches this one through the database alone: PostgreSQL notifies
/// it, on SQLite the follower's poll finds it; either way within 2 s. Meanwhile searches use
/// the versions the follower keeps instead of reading them each.
async fn an_edit_by_another_instance_is_found_within_two_seconds(app: TestApp) {
    let f = Fixture::new(&app).await;
    let a = app.indexed().await;
    let find = format!("/api/v1/services?q={}", enc("长者食堂"));
    let near = format!("{find}&near=22.54,113.93");
    assert_eq!(ids(&a.get(&find).await.json()), Vec::<i64>::new());
    let (asked, started) = (a.pages.reads_asked(), Instant::now());
    for _ in 0..4 {
        a.get(&find).await.assert_status(StatusCode::OK);
        a.get(&near).await.assert_status(StatusCode::OK);
    }
    // 8 searches, and only the follower's reads (every 500 ms) meanwhile: none of their own.
    let reads = a.pages.reads_asked() - asked;
    let polls = u64::try_from(started.elapsed().as_millis() / 500).unwrap_or(u64::MAX);
    assert!(
        reads <= polls + 1 && reads < 8,
        "{reads} reads of the versions for 8 searches in {:?}",
        started.elapsed()
    );
    // The write another instance makes for a rename, straight on the database.
    let mut tx = app.db.pool().begin().await.expect("begin");
    sqlx::query("UPDATE dir_services SET name_zh = '长者食堂上门保洁' WHERE id = $1")
        .bind(f.cleaning)
        .execute(&mut *tx)
        .await
        .expect("rename");
    server::directory::index::reindex(&mut tx, f.cleaning)
        .await
        .expect("reindex");
    tx.commit().await.expect("commit");
    let written = Instant::now();
    for path in [&near, &find] {
        while ids(&a.get(path).await.json()) != vec![f.cleaning] {
            assert!(
                written.elapsed() < Duration::from_secs(2),
                "{path} did not find the other instance's edit within 2 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A computed search asks the index while the versions are read; when the reference data
/// changed meanwhile (here the holiday calendar) that early answer is thrown away and the
/// index asked again. The index counts one answered search, not two.
async fn a_search_asked_again_under_new_reference_data_is_counted_once(app: TestApp) {
    Fixture::new(&app).await;
    let index = app.indexed().await;
    let near = format!("/api/v1/services?q={}&near=22.54,113.93", enc("保洁"));
    index.get(&near).await.assert_status(StatusCode::OK);
    let answered = index.index.status().answered;
    admin(&app)
        .await
        .put(
            "/api/v1/admin/calendar/2027-02-09",
            &json!({"kind": "holiday", "name_zh": "春节", "name_en": "Spring Festival"}),
        )
        .await
        .assert_status(StatusCode::OK);
    index.get(&near).await.assert_status(StatusCode::OK);
    assert_eq!(index.index.status().answered, answered + 1);
}

async fn a_reopened_index_catches_up_and_a_corrupt_one_is_rebuilt(app: TestApp) {
    let f = Fixture::new(&app).await;
    let indexed = app.indexed().await;
    let applied = indexed.index.status().applied;
    assert!(applied > 0, "the build stored the log position");
    let dir = indexed.close().await;
    // Changed while no server followed the log.
    let c = admin(&app).await;
    let page = format!("/api/v1/directory/services/{}", f.library);
    let mut input = c.get(&page).await.json::<Value>()["input"].clone();
    input["name"] = json!({"zh": "少儿编程角"});
    c.put(&page, &input).await.assert_status(StatusCode::OK);
    let reopened = Indexed::open(&app, dir).await;
    assert!(
        reopened.index.status().applied > applied,
        "caught up from its cursor"
    );
    let q = format!("/api/v1/services?q={}", enc("编程"));
    assert_eq!(ids(&reopened.get(&q).await.json()), vec![f.library]);
    // Damaged files: the index is rebuilt instead of failing.
    let dir = reopened.close().await;
    std::fs::write(dir.path().join("meta.json"), b"{ not json").expect("damage");
    let rebuilt = Indexed::open(&app, dir).await;
    assert_eq!(rebuilt.index.status().state, "ready");
    assert_eq!(ids(&rebuilt.get(&q).await.json()), vec![f.library]);
    agree(&app, &rebuilt, &format!("q={}", enc("养老"))).await;
}

async fn a_moved_and_renamed_region_is_searched_by_its_new_name_in_its_new_district(app: TestApp) {
    let f = Fixture::new(&app).await;
    let indexed = app.indexed().await;
    let in_futian = "region=440304";
    let futian = || async {
        let res = indexed
            .get(&format!("/api/v1/services?{in_futian}&limit=100"))
            .await;
        res.assert_status(StatusCode::OK);
        res.json::<Value>()
    };
    assert!(
        !ids(&futian().await).contains(&f.cleaning),
        "南山's services are not in 福田"
    );
    // The 南山 community moves to a subdistrict of 福田, renamed on the way.
    admin(&app)
        .await
        .send(
            axum::http::Method::PATCH,
            &format!("/api/v1/admin/regions/{NANSHAN_COMMUNITY}"),
            Some(&json!({"parent": "440304001", "name_zh": "荔园社区", "name_en": "Liyuan"})),
        )
        .await
        .assert_status(StatusCode::OK);
    // The index finds them in 福田 at the next search, and shows the new name, as SQL does.
    agree(&app, &indexed, in_futian).await;
    let found = futian().await;
    assert!(ids(&found).contains(&f.cleaning), "{found}");
    let cleaning = found["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == json!(f.cleaning))
        .expect("the moved service");
    assert_eq!(
        cleaning["location"]["region"]["name"]["zh"],
        json!("荔园社区")
    );
    found_by_new_name_in_futian(&app, &indexed, f.cleaning, &["荔园", "Liyuan"]).await;
}

/// A service of the 南山 community, moved to 福田 under a new name: found by each name, in SQL
/// and in the index alike, and counted in 福田 only.
async fn found_by_new_name_in_futian(
    app: &TestApp,
    indexed: &Indexed,
    service: i64,
    names: &[&str],
) {
    for name in names {
        let by_name = format!("q={}", enc(name));
        agree(app, indexed, &by_name).await;
        let found = indexed.get(&format!("/api/v1/services?{by_name}")).await;
        let found: Value = found.json();
        assert!(ids(&found).contains(&service), "{name}: {found}");
        let districts: Vec<&str> = found["facets"]["districts"]
            .as_array()
            .expect("districts")
            .iter()
            .filter(|d| d["count"].as_i64() > Some(0))
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert_eq!(districts, ["440304"], "{name}: {found}");
    }
}

async fn a_region_file_moves_and_renames_communities_for_search_too(app: TestApp) {
    use server::regions::transfer;
    let f = Fixture::new(&app).await;
    let indexed = app.indexed().await;
    let file = format!(
        "code,parent,level,name_zh,name_en,retired\n\
         {NANSHAN_COMMUNITY},440304001,community,荔园社区,Liyuan,\n"
    );
    let done = transfer::apply(
        &app.db,
        &transfer::parse(&file).expect("parse"),
        None,
        app.config.clock.now(),
    )
    .await
    .expect("apply");
    assert_eq!((done.renamed, done.moved), (1, 1));
    // Applied as `linli regions import` does, outside the server: found within 2 s.
    caught_up(
        &app,
        &indexed,
        &format!("q={}", enc("荔园")),
        Duration::from_secs(2),
    )
    .await;
    found_by_new_name_in_futian(&app, &indexed, f.cleaning, &["荔园", "Liyuan"]).await;
}

async fn odd_queries_get_answers_or_coded_errors(app: TestApp) {
    Fixture::new(&app).await;
    let indexed = app.indexed().await;
    for q in [
        "%2B%20-%20%22%20(%20)%20%3A%20*%20~%20%5E%20%5C",
        "%E5%85%BB%E8%80%81%20AND%20(%E4%BD%8F%E6%88%BF)",
        "%F0%9F%98%80%E5%85%BB%E8%80%81",
        "%01%02%7F",
        "title%3A%E5%85%BB%E8%80%81*",
    ] {
        let res = indexed.get(&format!("/api/v1/services?q={q}")).await;
        res.assert_status(StatusCode::OK);
        agree(&app, &indexed, &format!("q={q}")).await;
    }
    for long in ["养".repeat(2_000), "a".repeat(10_000)] {
        let res = indexed
            .get(&format!("/api/v1/services?q={}", enc(&long)))
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_code(), "query_too_long");
    }
    let res = indexed.get("/api/v1/services?q=%ED%A0%80").await;
    // Decoded with a replacement character: an answer, or a coded refusal, never a failure.
    assert!(
        res.status == StatusCode::OK || res.status.is_client_error(),
        "a lone surrogate: {}",
        res.status
    );
}

async fn misses_count_words_that_find_nothing_and_editors_read_them_by_week(app: TestApp) {
    Fixture::new(&app).await;
    let indexed = app.indexed().await;
    let diving = enc("潜水培训");
    let elderly_in_nanshan = format!("q={}&region={NANSHAN_COMMUNITY}", enc("养老"));
    for query in [
        format!("q={diving}"),
        format!("q={diving}&free=true"),
        format!("q={diving}&region={NANSHAN_COMMUNITY}"),
        elderly_in_nanshan.clone(),
    ] {
        // Through SQL and through the index: the same rule.
        let path = format!("/api/v1/services?{query}");
        for res in [app.get(&path).await, indexed.get(&path).await] {
            res.assert_status(StatusCode::OK);
            assert_eq!(res.json::<Value>()["total"], json!(0), "{query}");
        }
    }
    let c = admin(&app).await;
    let res = c.get("/api/v1/directory/search-misses").await;
    res.assert_status(StatusCode::OK);
    let misses = res.json::<Value>();
    assert_eq!(
        misses["items"][0],
        json!({"week": "2026-11-23", "query": "潜水培训", "count": 4}),
        "words that find nothing count, with or without filters; 养老 emptied by a filter does not"
    );
    assert_eq!(
        (
            &misses["items"][1]["district"]["code"],
            &misses["items"][1]["count"]
        ),
        (&json!("440305"), &json!(2)),
        "a search in a Nanshan community counts for Nanshan: {misses}"
    );
    assert_eq!(misses["items"].as_array().map(Vec::len), Some(2));
    let res = c
        .get("/api/v1/directory/search-misses?district=440305")
        .await;
    assert_eq!(
        res.json::<Value>()["items"].as_array().map(Vec::len),
        Some(1)
    );
    let res = c
        .get("/api/v1/directory/search-misses.csv?weeks=1&lang=en")
        .await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    let csv = res.text();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "week,district_code,district,query,count",
            "2026-11-23,,,潜水培训,4"
        ]
    );
    assert!(lines[2].starts_with("2026-11-23,440305,Nanshan"), "{csv}");
    for (query, code) in [
        ("weeks=0", "invalid_weeks"),
        ("district=440305001", "invalid_district"),
        ("district=nowhere", "invalid_district"),
    ] {
        let res = c
            .get(&format!("/api/v1/directory/search-misses?{query}"))
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_code(), code, "{query}");
    }
    let resident = login(&app, "13900000032", &[]).await;
    resident
        .get("/api/v1/directory/search-misses")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.get("/api/v1/directory/search-misses")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}
