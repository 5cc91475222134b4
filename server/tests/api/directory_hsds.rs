//! The HSDS 3.0 interface: the paginated envelope, `modified_after`, nested services checked
//! against the published JSON Schemas, the tabular package export (every row checked against
//! the schema) and its import (round trip, row-level errors, nothing written on error, scope).
use std::io::{Read as _, Write as _};

use app::api::accounts::Role;
use axum::http::{Method, StatusCode};
use serde_json::{Map, Value, json};

use crate::{
    directory::{Fixture, admin, login},
    helpers::{NOW, TestApp},
};

both_backends!(
    at NOW;
    hsds_lists_use_the_paginated_envelope,
    modified_after_returns_only_changed_services,
    nested_services_validate_against_the_hsds_schema,
    taxonomies_and_terms_are_published,
    exported_package_conforms_to_hsds,
    exported_package_imports_into_an_empty_directory,
    import_reports_every_bad_row_and_writes_nothing,
    import_is_limited_to_the_administrators_region,
);

pub fn schema(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/hsds-3.0-schema/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect("schema file")).expect("json")
}

/// A validator for a schema whose relative `$ref`s (`phone.json` …) point at the per-table
/// schemas beside it.
pub fn validator(schema: &Value) -> jsonschema::Validator {
    let dir = format!(
        "{}/tests/fixtures/hsds-3.0-schema",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut registry = jsonschema::Registry::new();
    for entry in std::fs::read_dir(&dir).expect("schema dir").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !name.contains("compiled") {
            let contents: Value =
                serde_json::from_str(&std::fs::read_to_string(entry.path()).expect("read"))
                    .expect("json");
            registry = registry
                .add(format!("https://hsds.invalid/schema/{name}"), contents)
                .expect("add schema");
        }
    }
    let registry = registry.prepare().expect("registry");
    jsonschema::options()
        .should_validate_formats(true)
        .with_base_uri("https://hsds.invalid/schema/")
        .with_registry(&registry)
        .build(schema)
        .expect("valid schema")
}

pub fn assert_valid(v: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

async fn hsds_lists_use_the_paginated_envelope(app: TestApp) {
    Fixture::new(&app).await;
    let page: Value = app.get("/api/hsds/services?per_page=3&page=2").await.json();
    assert_eq!(page["total_items"], json!(7));
    assert_eq!(page["total_pages"], json!(3));
    assert_eq!(page["page_number"], json!(2));
    assert_eq!(page["size"], json!(3));
    assert_eq!(page["first_page"], json!(false));
    assert_eq!(page["last_page"], json!(false));
    assert_eq!(page["empty"], json!(false));
    assert_eq!(page["contents"].as_array().expect("contents").len(), 3);
    let last: Value = app.get("/api/hsds/services?per_page=3&page=3").await.json();
    assert_eq!(last["last_page"], json!(true));
    assert_eq!(last["size"], json!(1));
    let beyond: Value = app.get("/api/hsds/services?per_page=3&page=9").await.json();
    assert_eq!(beyond["empty"], json!(true));
    let search: Value = app
        .get("/api/hsds/services?search=%E5%85%BB%E8%80%81")
        .await
        .json();
    assert_eq!(
        search["total_items"],
        json!(3),
        "search uses the Chinese index"
    );
    let minimal: Value = app.get("/api/hsds/services?minimal=true").await.json();
    let first = minimal["contents"][0].as_object().expect("object");
    assert_eq!(first.keys().collect::<Vec<_>>(), ["id", "last_modified"]);
    for path in [
        "/api/hsds/organizations",
        "/api/hsds/service_at_locations",
        "/api/hsds/taxonomies",
        "/api/hsds/taxonomy_terms",
    ] {
        let v: Value = app.get(path).await.json();
        for key in [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ] {
            assert!(v.get(key).is_some(), "{path} has {key}");
        }
    }
    for (query, code) in [
        ("per_page=101", "invalid_per_page"),
        ("page=0", "invalid_page"),
        ("modified_after=yesterday", "invalid_modified_after"),
        ("format=ndjson", "invalid_value"),
    ] {
        let res = app.get(&format!("/api/hsds/services?{query}")).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_code(), code, "{query}");
    }
    app.get("/api/hsds/services/not-a-uuid")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let root: Value = app.get("/api/hsds").await.json();
    assert_eq!(root["version"], json!("3.0"));
}

async fn modified_after_returns_only_changed_services(app: TestApp) {
    let f = Fixture::new(&app).await;
    sqlx::query("UPDATE dir_services SET updated_at = 1000")
        .execute(app.db.pool())
        .await
        .expect("age");
    sqlx::query("UPDATE dir_services SET updated_at = 5000 WHERE id = $1")
        .bind(f.dibao)
        .execute(app.db.pool())
        .await
        .expect("touch");
    let after = "1970-01-01T01:00:00Z"; // 3600 s
    let v: Value = app
        .get(&format!("/api/hsds/services?modified_after={after}"))
        .await
        .json();
    assert_eq!(v["total_items"], json!(1));
    assert_eq!(v["contents"][0]["name"], json!("最低生活保障（低保）申请"));
    assert_eq!(
        v["contents"][0]["last_modified"],
        json!("1970-01-01T09:23:20+08:00")
    );
}

async fn nested_services_validate_against_the_hsds_schema(app: TestApp) {
    let f = Fixture::new(&app).await;
    let c = admin(&app).await;
    c.post(
        &format!("/api/v1/directory/services/{}/verify", f.cleaning),
        &json!({}),
    )
    .await
    .assert_status(StatusCode::OK);
    let service_schema = validator(&schema("service-compiled.json"));
    let list: Value = app
        .get("/api/hsds/services?full=true&per_page=100")
        .await
        .json();
    for item in list["contents"].as_array().expect("contents") {
        let uid = item["id"].as_str().expect("id");
        let full: Value = app.get(&format!("/api/hsds/services/{uid}")).await.json();
        assert_valid(&service_schema, &full, uid);
        assert_valid(&service_schema, item, "list item");
    }
    let uid: String = sqlx::query_scalar("SELECT uid FROM dir_services WHERE id = $1")
        .bind(f.cleaning)
        .fetch_one(app.db.pool())
        .await
        .expect("uid");
    let v: Value = app.get(&format!("/api/hsds/services/{uid}")).await.json();
    assert_eq!(v["status"], json!("active"));
    assert_eq!(v["cost_options"][0]["amount"], json!(45.0));
    assert_eq!(v["cost_options"][0]["currency"], json!("CNY"));
    assert!(
        v["application_process"]
            .as_str()
            .expect("process")
            .contains("1. 提出申请")
    );
    assert!(
        v["application_process"]
            .as_str()
            .expect("process")
            .contains("办理时限：5个工作日")
    );
    assert!(v["assured_date"].is_string());
    let location = &v["service_at_locations"][0]["location"];
    assert_eq!(location["addresses"][0]["country"], json!("CN"));
    assert_eq!(location["addresses"][0]["region"], json!("南山区"));
    let schedule = &location["schedules"][0];
    assert_eq!(schedule["opens_at"], json!("08:00:00+08:00"));
    assert_eq!(schedule["freq"], json!("WEEKLY"));
    let kinds: Vec<&str> = v["attributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .filter_map(|a| a["link_type"].as_str())
        .collect();
    assert!(kinds.contains(&"category") && kinds.contains(&"audience"));
    assert!(!v["metadata"].as_array().expect("metadata").is_empty());
    let org_uid = v["organization_id"].as_str().expect("org");
    let org: Value = app
        .get(&format!("/api/hsds/organizations/{org_uid}"))
        .await
        .json();
    assert_eq!(org["name"], json!("红荔社区党群服务中心"));
    let sal_uid = v["service_at_locations"][0]["id"].as_str().expect("sal");
    let sal: Value = app
        .get(&format!("/api/hsds/service_at_locations/{sal_uid}"))
        .await
        .json();
    assert_eq!(sal["service_id"], json!(uid));
}

async fn taxonomies_and_terms_are_published(app: TestApp) {
    let tax: Value = app.get("/api/hsds/taxonomies").await.json();
    assert_eq!(tax["total_items"], json!(2));
    let category_tax = tax["contents"][0]["id"].as_str().expect("id").to_owned();
    let top: Value = app
        .get(&format!(
            "/api/hsds/taxonomy_terms?taxonomy_id={category_tax}&top_only=true"
        ))
        .await
        .json();
    assert_eq!(top["total_items"], json!(13), "the policy's 13 categories");
    let elderly = top["contents"]
        .as_array()
        .expect("terms")
        .iter()
        .find(|t| t["code"] == "elderly")
        .expect("elderly")
        .clone();
    let children: Value = app
        .get(&format!(
            "/api/hsds/taxonomy_terms?parent_id={}",
            elderly["id"].as_str().expect("id")
        ))
        .await
        .json();
    assert!(children["total_items"].as_i64() >= Some(4));
    let en: Value = app
        .get_with(
            &format!(
                "/api/hsds/taxonomy_terms/{}",
                elderly["id"].as_str().expect("id")
            ),
            &[("accept-language", "en")],
        )
        .await
        .json();
    assert_eq!(en["name"], json!("Elderly care"));
    let v: Value = app.get("/api/v1/categories").await.json();
    assert_eq!(v["items"].as_array().expect("items").len(), 13);
    let v: Value = app.get("/api/v1/audiences").await.json();
    assert_eq!(v["items"].as_array().expect("items").len(), 11);
}

/// The package as `(file name → bytes)`.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let mut content = Vec::new();
        f.read_to_end(&mut content).expect("read");
        files.push((name, content));
    }
    files
}

fn zip_files(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        zip.write_all(content).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

async fn export(app: &TestApp) -> Vec<u8> {
    let res = app.get("/api/hsds/export").await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("application/zip"));
    res.body.to_vec()
}

async fn exported_package_conforms_to_hsds(app: TestApp) {
    Fixture::new(&app).await;
    let files = unzip(&export(&app).await);
    let (_, datapackage) = files
        .iter()
        .find(|(n, _)| n == "datapackage.json")
        .expect("datapackage.json");
    let datapackage: Value = serde_json::from_slice(datapackage).expect("json");
    assert_eq!(datapackage["profile"], json!("tabular-data-package"));
    let resources = datapackage["resources"].as_array().expect("resources");
    let mut tables = Map::new();
    for resource in resources {
        let table = resource["name"].as_str().expect("name");
        let path = resource["path"].as_str().expect("path");
        let (_, csv_bytes) = files
            .iter()
            .find(|(n, _)| n == path)
            .unwrap_or_else(|| panic!("{path} in the zip"));
        let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        let official: Vec<String> = resource["schema"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["name"].as_str().expect("name").to_owned())
            .collect();
        assert_eq!(header, official, "{path}: the official columns in order");
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.expect("row");
            let values: Vec<String> = record.iter().map(str::to_owned).collect();
            rows.push(server::directory::package::typed_row(
                table, &header, &values,
            ));
        }
        tables.insert(table.to_owned(), Value::Array(rows));
    }
    for (table, min) in [
        ("organization", 1),
        ("service", 7),
        ("location", 2),
        ("service_at_location", 7),
        ("address", 2),
        ("schedule", 18),
        ("phone", 16),
        ("attribute", 14),
        ("taxonomy_term", 80),
        ("required_document", 14),
        ("cost_option", 1),
        ("metadata", 7),
    ] {
        let n = tables[table].as_array().expect("rows").len();
        assert!(n >= min, "{table}: {n} rows");
    }
    let tabular = validator(&schema("tabular-compiled.json"));
    assert_valid(
        &tabular,
        &Value::Object(tables.clone()),
        "the whole package",
    );
    // The check is real: a broken row fails it.
    let mut broken = tables;
    broken["service"][0]["status"] = json!("open");
    assert!(!tabular.is_valid(&Value::Object(broken)));
}

async fn counts(app: &TestApp) -> [i64; 4] {
    let mut out = [0; 4];
    for (i, table) in [
        "dir_organizations",
        "dir_locations",
        "dir_services",
        "dir_hours",
    ]
    .iter()
    .enumerate()
    {
        out[i] = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(app.db.pool())
            .await
            .expect("count");
    }
    out
}

async fn exported_package_imports_into_an_empty_directory(source: TestApp) {
    let f = Fixture::new(&source).await;
    let package = export(&source).await;
    let target = source.another().await;
    let c = admin(&target).await;
    let import = |package: Vec<u8>| {
        let c = &c;
        async move {
            c.send_bytes(Method::POST, "/api/hsds/import", "application/zip", package)
                .await
        }
    };
    // The import and its audit entry are one transaction: without the entry, nothing is kept.
    let empty = counts(&target).await;
    target.audit_fails(true).await;
    import(package.clone())
        .await
        .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(counts(&target).await, empty);
    target.audit_fails(false).await;
    let res = import(package.clone()).await;
    res.assert_status(StatusCode::OK);
    let report: Value = res.json();
    assert_eq!(report["imported"], json!(true));
    assert_eq!(report["services"], json!(7));
    assert_eq!(report["locations"], json!(2));
    assert_eq!(counts(&target).await, counts(&source).await);
    // Same HSDS ids, searchable at once, same hours and guide.
    let uid: String = sqlx::query_scalar("SELECT uid FROM dir_services WHERE id = $1")
        .bind(f.dibao)
        .fetch_one(source.db.pool())
        .await
        .expect("uid");
    let a: Value = source
        .get(&format!("/api/hsds/services/{uid}"))
        .await
        .json();
    let b: Value = target
        .get(&format!("/api/hsds/services/{uid}"))
        .await
        .json();
    for key in [
        "name",
        "status",
        "application_process",
        "fees_description",
        "eligibility_description",
    ] {
        assert_eq!(a[key], b[key], "{key}");
    }
    assert_eq!(
        a["service_at_locations"][0]["location"]["schedules"]
            .as_array()
            .map(Vec::len),
        b["service_at_locations"][0]["location"]["schedules"]
            .as_array()
            .map(Vec::len)
    );
    let hits: Value = target
        .get("/api/v1/services?q=%E4%BD%8E%E4%BF%9D")
        .await
        .json();
    assert_eq!(hits["total"], json!(1));
    // Importing the same package again updates in place.
    import(package).await.assert_status(StatusCode::OK);
    assert_eq!(counts(&target).await, counts(&source).await);
}

/// Replaces a cell of a CSV file of the package.
fn edit_csv(files: &mut [(String, Vec<u8>)], file: &str, row: usize, column: &str, value: &str) {
    let (_, bytes) = files.iter_mut().find(|(n, _)| n == file).expect("file");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let col = header.iter().position(|h| h == column).expect("column");
    let mut records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect();
    records[row][col] = value.to_owned();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("header");
    for r in records {
        writer.write_record(&r).expect("row");
    }
    *bytes = writer.into_inner().expect("bytes");
}

async fn import_reports_every_bad_row_and_writes_nothing(source: TestApp) {
    Fixture::new(&source).await;
    let mut files = unzip(&export(&source).await);
    edit_csv(&mut files, "services.csv", 0, "id", "not-a-uuid");
    edit_csv(&mut files, "services.csv", 1, "status", "open");
    edit_csv(
        &mut files,
        "services.csv",
        2,
        "organization_id",
        "8e0bd4c0-6a43-4c8f-8a2a-3c2b4f0f6a11",
    );
    edit_csv(&mut files, "schedules.csv", 0, "opens_at", "late");
    edit_csv(
        &mut files,
        "locations.csv",
        1,
        "external_identifier",
        "999999",
    );
    edit_csv(&mut files, "phones.csv", 0, "number", "call me");
    let target = source.another().await;
    let before = counts(&target).await;
    let c = admin(&target).await;
    let res = c
        .send_bytes(
            Method::POST,
            "/api/hsds/import",
            "application/zip",
            zip_files(&files),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let report: Value = res.json();
    assert_eq!(report["imported"], json!(false));
    let errors = report["errors"].as_array().expect("errors");
    let has = |file: &str, line: u64, field: &str, code: &str| {
        errors.iter().any(|e| {
            e["file"] == file
                && e["line"] == json!(line)
                && e["field"] == field
                && e["code"] == code
        })
    };
    assert!(
        has("services.csv", 2, "id", "import_invalid_uuid"),
        "{errors:#?}"
    );
    assert!(
        has("services.csv", 3, "status", "import_invalid_value"),
        "{errors:#?}"
    );
    assert!(
        has(
            "services.csv",
            4,
            "organization_id",
            "import_unknown_reference"
        ),
        "{errors:#?}"
    );
    assert!(
        has("schedules.csv", 2, "opens_at", "import_invalid_value"),
        "{errors:#?}"
    );
    assert!(
        has(
            "locations.csv",
            3,
            "external_identifier",
            "import_unknown_region"
        ),
        "{errors:#?}"
    );
    assert!(
        has("phones.csv", 2, "number", "invalid_office_phone"),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .all(|e| !e["message"].as_str().unwrap_or("").is_empty())
    );
    assert_eq!(counts(&target).await, before, "nothing written");
    // Not a zip, and a zip without the required files.
    let res = c
        .send_bytes(
            Method::POST,
            "/api/hsds/import",
            "application/zip",
            b"hello".to_vec(),
        )
        .await;
    let report: Value = res.json();
    assert_eq!(report["errors"][0]["code"], json!("import_not_zip"));
    let res = c
        .send_bytes(
            Method::POST,
            "/api/hsds/import",
            "application/zip",
            zip_files(&[("organizations.csv".into(), b"id,name\n".to_vec())]),
        )
        .await;
    let report: Value = res.json();
    let missing: Vec<&str> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter(|e| e["code"] == "import_missing_file")
        .filter_map(|e| e["file"].as_str())
        .collect();
    assert_eq!(
        missing,
        ["locations.csv", "services.csv", "service_at_location.csv"]
    );
}

async fn import_is_limited_to_the_administrators_region(source: TestApp) {
    Fixture::new(&source).await;
    let package = export(&source).await;
    let target = source.another().await;
    let before = counts(&target).await;
    let futian = login(&target, "13900000021", &[(Role::Admin, "440304", None)]).await;
    let res = futian
        .send_bytes(Method::POST, "/api/hsds/import", "application/zip", package)
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let report: Value = res.json();
    assert!(
        report["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .any(|e| e["code"] == "import_out_of_scope" && e["file"] == "locations.csv"),
        "{report}"
    );
    assert_eq!(counts(&target).await, before);
    let staff = login(
        &target,
        "13900000022",
        &[(Role::WorkstationStaff, "440304001001", None)],
    )
    .await;
    staff
        .send_bytes(
            Method::POST,
            "/api/hsds/import",
            "application/zip",
            b"x".to_vec(),
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
