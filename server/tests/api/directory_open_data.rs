//! The HSDS package as open data, checked by a tool nobody here wrote: the real `frictionless`
//! CLI (PyPI, installed by `scripts/test.sh` through `ensure_frictionless`) validates a fresh
//! export — every resource, types, primary keys, uniqueness, foreign keys — and the rows it
//! reads are checked against the official HSDS 3.0 JSON Schemas. Also: the export is public
//! and cacheable, and an export imported into an empty directory exports the same data.
use std::{
    io::Read as _,
    path::{Path, PathBuf},
    process::Command,
};

use axum::http::{Method, StatusCode};
use serde_json::{Map, Value, json};

use crate::{
    directory::{Fixture, admin, create},
    directory_hsds::{assert_valid, schema, validator},
    helpers::{NOW, TestApp},
};

both_backends!(
    at NOW;
    a_fresh_export_is_valid_under_frictionless,
    frictionless_finds_broken_keys_and_types,
    rows_read_by_frictionless_match_the_hsds_json_schemas,
    the_export_is_public_and_cacheable,
    export_then_import_into_an_empty_directory_gives_the_same_data,
);

/// The `frictionless` CLI: `$LINLI_FRICTIONLESS`, else the venv `ensure_frictionless` makes.
/// Missing, the test fails (it never passes without having run the tool).
fn frictionless() -> PathBuf {
    if let Ok(path) = std::env::var("LINLI_FRICTIONLESS") {
        return path.into();
    }
    let tools = std::env::var("LINLI_TOOLS_DIR").unwrap_or_else(|_| {
        format!(
            "{}/.cache/linli-tools",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    let path = Path::new(&tools).join("frictionless/bin/frictionless");
    assert!(
        path.exists(),
        "frictionless is not installed at {}: run `bash -c 'source scripts/lib.sh; ensure_frictionless'` \
         (scripts/test.sh does it)",
        path.display()
    );
    path
}

/// Runs the CLI in `dir` and parses its JSON output.
fn run_frictionless(dir: &Path, args: &[&str]) -> Value {
    let out = Command::new(frictionless())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run frictionless");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless {args:?} printed no JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Every row of every resource as frictionless reads it (typed by the package's schemas),
/// written as JSON with Python's standard forms: numbers as numbers, dates and times in ISO
/// 8601 (`isoformat`), empty cells left out. (`frictionless extract --json` would print
/// decimals as strings and offsets as `+0800`.)
fn frictionless_rows(dir: &Path) -> Value {
    const SCRIPT: &str = r#"
import datetime, decimal, json, sys
from frictionless import Package
def plain(v):
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    return v
package = Package("datapackage.json")
out = {}
for resource in package.resources:
    with resource:
        out[resource.name] = [
            {k: plain(v) for k, v in row.items() if v is not None} for row in resource.row_stream
        ]
json.dump(out, sys.stdout, ensure_ascii=False)
"#;
    let python = frictionless().with_file_name("python");
    let out = Command::new(&python)
        .args(["-c", SCRIPT])
        .current_dir(dir)
        .output()
        .expect("run frictionless's python");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "rows from frictionless ({e}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Every error of a `frictionless validate --json` report as `(resource, type, note)`.
fn errors_of(report: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for task in report["tasks"].as_array().into_iter().flatten() {
        for e in task["errors"].as_array().into_iter().flatten() {
            out.push((
                task["name"].as_str().unwrap_or("").to_owned(),
                e["type"].as_str().unwrap_or("").to_owned(),
                e["note"].as_str().unwrap_or("").to_owned(),
            ));
        }
    }
    for e in report["errors"].as_array().into_iter().flatten() {
        out.push((
            String::new(),
            e["type"].as_str().unwrap_or("").to_owned(),
            e["note"].as_str().unwrap_or("").to_owned(),
        ));
    }
    out
}

/// A site open around the clock (closes at `24:00`), so the package carries an end-of-day
/// closing time, with one service.
async fn add_all_day_site(app: &TestApp, f: &Fixture) {
    let c = admin(app).await;
    let site = create(
        &c,
        "/api/v1/directory/locations",
        crate::directory::location(f.org, "440304001001", "长者关爱热线服务点", false),
    )
    .await;
    let all_day: Vec<Value> = (1..=7)
        .map(|d| json!({"weekday": d, "opens": "00:00", "closes": "24:00"}))
        .collect();
    c.put(
        &format!("/api/v1/directory/locations/{site}/hours"),
        &json!({"weekly": all_day}),
    )
    .await
    .assert_status(StatusCode::OK);
    create(
        &c,
        "/api/v1/directory/services",
        crate::directory::service(
            f.org,
            "440304001001",
            "长者关爱热线",
            "全天候接听长者求助电话。",
            &["elderly.counselling"],
            &["elderly"],
            site,
            true,
        ),
    )
    .await;
}

async fn export(app: &TestApp) -> Vec<u8> {
    let res = app.get("/api/hsds/export").await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("application/zip"));
    res.body.to_vec()
}

/// Unpacks the ZIP into a fresh directory (the package's paths are plain file names).
fn unpack(bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        assert!(
            !name.contains('/') && !name.contains(".."),
            "plain file names: {name}"
        );
        let mut content = Vec::new();
        f.read_to_end(&mut content).expect("read");
        std::fs::write(dir.path().join(&name), content).expect("write");
    }
    dir
}

async fn a_fresh_export_is_valid_under_frictionless(app: TestApp) {
    let f = Fixture::new(&app).await;
    add_all_day_site(&app, &f).await;
    let dir = unpack(&export(&app).await);
    let report = run_frictionless(dir.path(), &["validate", "--json", "datapackage.json"]);
    assert_eq!(errors_of(&report), [], "frictionless errors");
    assert_eq!(report["valid"], json!(true));
    let tasks = report["tasks"].as_array().expect("tasks");
    let validated: Vec<&str> = tasks.iter().filter_map(|t| t["name"].as_str()).collect();
    for table in server::directory::package::TABLES {
        assert!(
            validated.contains(&table),
            "{table} validated: {validated:?}"
        );
    }
    let rows = |name: &str| {
        tasks
            .iter()
            .find(|t| t["name"] == name)
            .and_then(|t| t["stats"]["rows"].as_i64())
            .unwrap_or(0)
    };
    assert_eq!(rows("service"), 8, "every service was read");
    assert!(rows("schedule") >= 25, "schedules: {}", rows("schedule"));
    assert!(rows("taxonomy_term") >= 80);
}

/// The check is real: the same tool rejects a package with a duplicate id, a dangling
/// foreign key, a non-unique term code and an offset-less `HH:MM` time.
async fn frictionless_finds_broken_keys_and_types(app: TestApp) {
    Fixture::new(&app).await;
    let dir = unpack(&export(&app).await);
    let edit = |file: &str, change: &dyn Fn(&mut Vec<Vec<String>>, &[String])| {
        let path = dir.path().join(file);
        let mut reader = csv::Reader::from_path(&path).expect("csv");
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        let mut rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.expect("row").iter().map(str::to_owned).collect())
            .collect();
        change(&mut rows, &header);
        let mut w = csv::Writer::from_path(&path).expect("writer");
        w.write_record(&header).expect("header");
        for r in rows {
            w.write_record(&r).expect("row");
        }
        w.flush().expect("flush");
    };
    let col = |header: &[String], name: &str| header.iter().position(|h| h == name).expect(name);
    edit("services.csv", &|rows, h| {
        let dup = rows[0].clone();
        rows.push(dup);
        rows[1][col(h, "organization_id")] = "8e0bd4c0-6a43-4c8f-8a2a-3c2b4f0f6a11".into();
    });
    edit("schedules.csv", &|rows, h| {
        rows[0][col(h, "opens_at")] = "09:00".into();
    });
    edit("taxonomy_terms.csv", &|rows, h| {
        let code = rows[0][col(h, "code")].clone();
        rows[1][col(h, "code")] = code;
    });
    let report = run_frictionless(dir.path(), &["validate", "--json", "datapackage.json"]);
    assert_eq!(report["valid"], json!(false));
    let errors = errors_of(&report);
    let has =
        |resource: &str, kind: &str| errors.iter().any(|(r, t, _)| r == resource && t == kind);
    assert!(has("service", "primary-key"), "{errors:#?}");
    assert!(has("service", "foreign-key"), "{errors:#?}");
    assert!(has("schedule", "type-error"), "{errors:#?}");
    assert!(has("taxonomy_term", "unique-error"), "{errors:#?}");
}

/// Each row as frictionless reads it (typed by the package's own schemas, not by the server's
/// code), checked against the official HSDS JSON Schema of its table.
async fn rows_read_by_frictionless_match_the_hsds_json_schemas(app: TestApp) {
    let f = Fixture::new(&app).await;
    add_all_day_site(&app, &f).await;
    let dir = unpack(&export(&app).await);
    let extracted = frictionless_rows(dir.path());
    let extracted = extracted.as_object().expect("rows per resource");
    let mut tables = Map::new();
    for table in server::directory::package::TABLES {
        let rows: Vec<Value> = extracted
            .get(table)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{table} read: {:?}", extracted.keys()))
            .clone();
        let per_table = validator(&schema(&format!("{table}.json")));
        for (i, row) in rows.iter().enumerate() {
            assert_valid(&per_table, row, &format!("{table} row {}", i + 2));
        }
        tables.insert(table.to_owned(), Value::Array(rows));
    }
    let schedules = tables["schedule"].as_array().expect("schedules");
    assert!(
        schedules.iter().any(|s| s["closes_at"] == "00:00:00+08:00"),
        "the all-day site closes at the end of the day"
    );
    assert!(
        schedules.iter().all(|s| s.get("opens_at").is_none_or(|t| t
            .as_str()
            .is_some_and(|t| t.len() == 14 && t.ends_with("+08:00")))),
        "times are HH:MM:SS+08:00"
    );
    let codes: Vec<&str> = tables["taxonomy_term"]
        .as_array()
        .expect("terms")
        .iter()
        .filter_map(|t| t["code"].as_str())
        .collect();
    assert!(codes.contains(&"elderly") && codes.contains(&"audience:elderly"));
}

async fn the_export_is_public_and_cacheable(app: TestApp) {
    let f = Fixture::new(&app).await;
    let first = app.get("/api/hsds/export").await;
    first.assert_status(StatusCode::OK);
    let etag = first.header("etag").expect("etag").to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    let cache = first.header("cache-control").expect("cache-control");
    assert!(cache.starts_with("public, max-age="), "{cache}");
    assert!(
        first
            .header("last-modified")
            .is_some_and(|d| d.ends_with(" GMT"))
    );
    // Unchanged: the same tag, and 304 with no body for a client that has it.
    let again = app.get("/api/hsds/export").await;
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert_eq!(again.body, first.body, "one version, the same bytes");
    let cached = app
        .get_with("/api/hsds/export", &[("if-none-match", &etag)])
        .await;
    cached.assert_status(StatusCode::NOT_MODIFIED);
    assert!(cached.body.is_empty());
    assert_eq!(cached.header("etag"), Some(etag.as_str()));
    // A change to the directory makes a new version.
    let c = admin(&app).await;
    c.post(
        &format!("/api/v1/directory/services/{}/verify", f.cleaning),
        &json!({}),
    )
    .await
    .assert_status(StatusCode::OK);
    let changed = app
        .get_with("/api/hsds/export", &[("if-none-match", &etag)])
        .await;
    changed.assert_status(StatusCode::OK);
    assert_ne!(changed.header("etag"), Some(etag.as_str()));
}

/// The rows of one CSV file of a package, each a map of column → cell, without `skip` columns.
fn csv_rows(files: &tempfile::TempDir, file: &str, skip: &[&str]) -> Vec<Vec<(String, String)>> {
    let mut reader = csv::Reader::from_path(files.path().join(file)).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows: Vec<Vec<(String, String)>> = reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.expect("row").iter().map(str::to_owned))
                .filter(|(k, _)| !skip.contains(&k.as_str()))
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

async fn export_then_import_into_an_empty_directory_gives_the_same_data(source: TestApp) {
    let f = Fixture::new(&source).await;
    add_all_day_site(&source, &f).await;
    let package = export(&source).await;
    let target = source.another().await;
    let c = admin(&target).await;
    let res = c
        .send_bytes(
            Method::POST,
            "/api/hsds/import",
            "application/zip",
            package.clone(),
        )
        .await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json::<Value>()["services"], json!(8));
    let before = unpack(&package);
    let after = unpack(&export(&target).await);
    // Dates of change and verification are the import's own; child rows (schedules) get new
    // ids when their parent is written, so they are compared by content.
    for (file, skip) in [
        ("services.csv", &["last_modified", "assured_date"][..]),
        ("locations.csv", &[][..]),
        ("addresses.csv", &["id"][..]),
        ("schedules.csv", &["id"][..]),
        ("service_at_location.csv", &[][..]),
        ("taxonomies.csv", &[][..]),
        ("taxonomy_terms.csv", &[][..]),
        ("attributes.csv", &[][..]),
    ] {
        let a = csv_rows(&before, file, skip);
        let b = csv_rows(&after, file, skip);
        assert!(!a.is_empty(), "{file} has rows");
        assert_eq!(a, b, "{file} is the same after the round trip");
    }
}
