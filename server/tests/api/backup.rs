//! `linli backup` / `linli restore`: a backup taken while cases with photos are being filed
//! holds every write acknowledged before it started, photos included, and restores into a
//! new database; damaged backups, used databases and foreign backups are refused.
use std::{
    path::Path,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode},
};
use http_body_util::BodyExt as _;
use serde_json::json;
use server::backup;
use tower::ServiceExt as _;

use crate::helpers::{TestApp, multipart_body};

both_backends!(
    a_backup_taken_under_write_load_restores_every_acknowledged_write,
    restore_refuses_damage_used_databases_and_foreign_backups,
);

const JPEG: &[u8] = include_bytes!("fixtures/gps.jpg");
const PNG: &[u8] = include_bytes!("fixtures/gps.png");

/// Files one case with a photo through `router`; the tracking code once acknowledged.
async fn file_case(router: &Router, writer: usize, n: usize) -> Option<String> {
    let case = json!({
        "kind": "suggestion", "category": "sanitation", "community": "440304001001",
        "place": format!("红荔路 {writer} 栋"), "title": format!("建议 {writer}-{n}"),
        "description": "希望增加垃圾分类投放点的清洗次数。", "privacy": "anonymous",
        "answers": {"location_type": "estate"}
    });
    let photo = if n.is_multiple_of(2) { JPEG } else { PNG };
    let (content_type, body) = multipart_body(&[
        (
            "case",
            None,
            "application/json",
            serde_json::to_vec(&case).ok()?,
        ),
        ("photo", Some("p"), "image/jpeg", photo.to_vec()),
    ]);
    let res = router
        .clone()
        .oneshot(
            Request::post("/api/v1/feedback")
                .header("content-type", content_type)
                .header("x-linli-csrf", "1")
                .header("x-forwarded-for", format!("10.7.0.{writer}"))
                .body(Body::from(body))
                .ok()?,
        )
        .await
        .ok()?;
    if res.status() != StatusCode::CREATED {
        return None;
    }
    let bytes = res.into_body().collect().await.ok()?.to_bytes();
    let created: app::api::feedback::CaseCreated = serde_json::from_slice(&bytes).ok()?;
    Some(created.tracking_code)
}

async fn get(router: &Router, path: &str) -> (StatusCode, axum::body::Bytes) {
    let res = router
        .clone()
        .oneshot(
            Request::get(path)
                .header("x-forwarded-for", "10.7.1.1")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    let status = res.status();
    (
        status,
        res.into_body().collect().await.expect("body").to_bytes(),
    )
}

async fn a_backup_taken_under_write_load_restores_every_acknowledged_write(app: TestApp) {
    let app = app.with_config(|c| c.rate_limit_scale = 0);
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (router, stop, acked) = (app.router.clone(), stop.clone(), acked.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    if let Some(code) = file_case(&router, w, n).await {
                        acked.lock().expect("lock").push(code);
                    }
                    n += 1;
                }
            })
        })
        .collect();
    while acked.lock().expect("lock").len() < 12 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Every write acknowledged before the backup starts must be in it.
    let before: Vec<String> = acked.lock().expect("lock").clone();
    let dir = tempfile::tempdir().expect("dir");
    let to = dir.path().join("backup");
    let manifest = backup::backup(&app.config.database_url, &to, 1_790_000_000)
        .await
        .expect("backup while writing");
    let during = acked.lock().expect("lock").len() - before.len();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.expect("writer");
    }
    let total = acked.lock().expect("lock").len();
    assert!(
        total > before.len(),
        "the writers went on during and after the backup"
    );
    assert_eq!(manifest.backend, app.db.backend().name());
    assert_eq!(
        manifest.migration_version,
        *server::db::migration_versions(app.db.backend())
            .last()
            .expect("migrations")
    );
    let in_backup = manifest.tables["feedback_cases"];
    assert!(
        in_backup >= before.len() as i64 && in_backup <= total as i64,
        "{} acknowledged before, {in_backup} in the backup, {total} in all ({during} during)",
        before.len()
    );
    assert_eq!(
        manifest.tables["stored_files"], in_backup,
        "every case in the snapshot has its photo, and no photo is without its case"
    );
    let listed: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(listed.len(), 1);
    assert!(to.join(backup::MANIFEST).exists());

    // Restore into a new, empty database and serve it as another instance.
    let scratch = app.scratch_database().await;
    let restored = backup::restore(&scratch.url, &to, false)
        .await
        .expect("restore");
    assert_eq!(
        restored.files_checked, in_backup as u64,
        "every photo's SHA-256 checked"
    );
    let (db, router) = app.instance(&scratch.url, scratch.data_dir.clone()).await;
    for code in &before {
        let (status, _) = get(&router, &format!("/api/v1/feedback/{code}")).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{code} acknowledged before the backup"
        );
        let (status, photo) = get(&router, &format!("/api/v1/feedback/{code}/photos/1")).await;
        assert_eq!(status, StatusCode::OK, "{code}: photo restored");
        let (_, original) = get(&app.router, &format!("/api/v1/feedback/{code}/photos/1")).await;
        assert_eq!(photo, original, "{code}: the same bytes");
    }
    let cases: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM feedback_cases")
        .fetch_one(db.pool())
        .await
        .expect("count");
    assert_eq!(cases, in_backup);
    let verified = server::files::store::verify(&db).await.expect("verify");
    assert!(verified.damaged.is_empty());
    db.close().await;
}

fn edit_manifest(dir: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join(backup::MANIFEST);
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    change(&mut m);
    std::fs::write(&path, serde_json::to_vec(&m).expect("json")).expect("write");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

async fn restore_refuses_damage_used_databases_and_foreign_backups(app: TestApp) {
    let dir = tempfile::tempdir().expect("dir");
    let good = dir.path().join("good");
    let m = backup::backup(&app.config.database_url, &good, 1_790_000_000)
        .await
        .expect("backup");
    let err = backup::backup(&app.config.database_url, &good, 1_790_000_000)
        .await
        .expect_err("the directory is not empty");
    assert!(err.to_string().contains("not empty"), "{err}");

    let cases: Vec<(&str, Box<dyn Fn(&Path)>, &str)> = vec![
        (
            "a flipped byte",
            Box::new(|d: &Path| {
                let file = d.join(&m.files[0].path);
                let mut bytes = std::fs::read(&file).expect("read");
                let i = bytes.len() / 2;
                bytes[i] ^= 0x55;
                std::fs::write(&file, bytes).expect("write");
            }),
            "checksum mismatch",
        ),
        (
            "a missing manifest",
            Box::new(|d: &Path| std::fs::remove_file(d.join(backup::MANIFEST)).expect("rm")),
            "no manifest.json",
        ),
        (
            "the other backend",
            Box::new(|d: &Path| {
                edit_manifest(d, |m| {
                    m["backend"] = json!(if m["backend"] == "sqlite" {
                        "postgres"
                    } else {
                        "sqlite"
                    });
                });
            }),
            "cannot be restored into",
        ),
        (
            "a newer schema",
            Box::new(|d: &Path| edit_manifest(d, |m| m["migration_version"] = json!(9999))),
            "newer Linli",
        ),
        (
            "another format",
            Box::new(|d: &Path| edit_manifest(d, |m| m["format"] = json!(2))),
            "format 2",
        ),
    ];
    for (i, (why, damage, expected)) in cases.into_iter().enumerate() {
        let copy = dir.path().join(format!("bad-{i}"));
        copy_dir(&good, &copy);
        damage(&copy);
        let scratch = app.scratch_database().await;
        let err = backup::restore(&scratch.url, &copy, false)
            .await
            .expect_err(why);
        assert!(err.to_string().contains(expected), "{why}: {err:#}");
    }

    // A database in use is not overwritten unless forced; forced, it holds the backup.
    let used = app.scratch_database().await;
    let (db, _) = app.instance(&used.url, used.data_dir.clone()).await;
    sqlx::query("INSERT INTO departments (code, name_zh) VALUES ('x_dept', '临时部门')")
        .execute(db.pool())
        .await
        .expect("write something");
    db.close().await;
    let err = backup::restore(&used.url, &good, false)
        .await
        .expect_err("not empty");
    assert!(err.to_string().contains("--force"), "{err}");
    let restored = backup::restore(&used.url, &good, true)
        .await
        .expect("forced");
    assert_eq!(restored.manifest, m);
    let (db, _) = app.instance(&used.url, used.data_dir.clone()).await;
    let regions: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM regions")
        .fetch_one(db.pool())
        .await
        .expect("regions");
    assert_eq!(regions, m.tables["regions"]);
    let gone: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM departments WHERE code = 'x_dept'",
    )
    .fetch_one(db.pool())
    .await
    .expect("departments");
    assert_eq!(gone, 0, "what was there before is replaced");
    db.close().await;
}
