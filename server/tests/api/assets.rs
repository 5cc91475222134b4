//! Serving the single-page app: fallback to index.html, hashed-asset caching, precompression.
use axum::http::StatusCode;

use crate::helpers::TestApp;

both_backends!(
    spa_routes_get_index_and_assets_are_cached_and_compressed,
    page_chunks_are_cached_for_a_year_and_a_missing_one_fails_as_wasm
);

async fn spa_routes_get_index_and_assets_are_cached_and_compressed(app: TestApp) {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Linli</title>",
    )
    .expect("write");
    std::fs::write(dir.path().join("app-0123456789abcdef.js"), "console.log(1)").expect("write");
    std::fs::write(dir.path().join("app-0123456789abcdef.js.br"), b"BROTLI").expect("write");
    let app = app.with_assets(dir.path().to_path_buf());

    for path in ["/", "/services/42", "/venues"] {
        let res = app.get(path).await;
        res.assert_status(StatusCode::OK);
        assert!(res.text().contains("<title>Linli</title>"), "{path}");
        assert_eq!(res.header("cache-control"), Some("no-cache"), "{path}");
        assert!(
            res.header("content-type")
                .is_some_and(|c| c.starts_with("text/html"))
        );
    }

    let res = app
        .get_with(
            "/app-0123456789abcdef.js",
            &[("accept-encoding", "gzip, br")],
        )
        .await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.header("content-encoding"), Some("br"));
    assert_eq!(&res.body[..], b"BROTLI");
    assert_eq!(
        res.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let etag = res.header("etag").expect("etag").to_owned();

    let plain = app.get("/app-0123456789abcdef.js").await;
    assert_eq!(plain.text(), "console.log(1)");
    assert_eq!(plain.header("content-encoding"), None);

    let revalidated = app
        .get_with("/app-0123456789abcdef.js", &[("if-none-match", &etag)])
        .await;
    revalidated.assert_status(StatusCode::NOT_MODIFIED);

    app.get("/missing-0123456789abcdef.js")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get("/../Cargo.toml")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

/// The app's module and page chunks live in a directory named by their hash; a chunk of an
/// earlier build that is gone must fail as wasm (the app then asks the visitor to reload), not
/// be answered with the app's HTML, and the failure must not be cached.
async fn page_chunks_are_cached_for_a_year_and_a_missing_one_fails_as_wasm(app: TestApp) {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html>").expect("write");
    let build = dir.path().join("app-0123456789abcdef");
    std::fs::create_dir(&build).expect("dir");
    std::fs::write(build.join("split_staff_inbox.wasm"), b"\0asm").expect("write");
    let app = app.with_assets(dir.path().to_path_buf());

    let chunk = app
        .get("/app-0123456789abcdef/split_staff_inbox.wasm")
        .await;
    chunk.assert_status(StatusCode::OK);
    assert_eq!(chunk.header("content-type"), Some("application/wasm"));
    assert_eq!(
        chunk.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let gone = app
        .get("/app-fedcba9876543210/split_staff_inbox.wasm")
        .await;
    gone.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(gone.header("content-type"), Some("application/wasm"));
    assert_eq!(gone.header("cache-control"), Some("no-store"));
    assert!(!gone.text().contains("doctype"));
}
