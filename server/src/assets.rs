//! Serving the built single-page app (`dist/`, made by `scripts/build-ui.sh`).
//!
//! Release builds embed `dist/` in the binary, so one file is the whole deployment; debug
//! builds read it from disk on each request, so a rebuilt UI shows up without restarting.
//! `--assets-dir` serves another directory. The build step writes `.br` and `.gz` copies of
//! text files next to them; the best one the client accepts is sent. Names containing a
//! content hash are cached for a year, everything else is revalidated.
use std::{borrow::Cow, path::PathBuf};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

use crate::AppState;

#[derive(RustEmbed)]
#[folder = "../dist"]
#[allow_missing = true]
struct Embedded;

/// Where the app's files come from.
#[derive(Debug, Clone)]
pub enum Assets {
    Embedded,
    Dir(PathBuf),
}

impl Assets {
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        match self {
            Self::Embedded => Embedded::get(path).map(|f| f.data),
            Self::Dir(dir) => {
                if path
                    .split('/')
                    .any(|seg| seg == ".." || seg.starts_with('.'))
                {
                    return None;
                }
                std::fs::read(dir.join(path)).ok().map(Cow::Owned)
            }
        }
    }

    pub fn has_index(&self) -> bool {
        self.get("index.html").is_some()
    }
}

/// Whether a path carries a content hash, in the file's name (`style-0123456789abcdef.css`) or
/// in a directory's (`app-0123456789abcdef/app_bg.wasm`, the app's module and page chunks).
fn is_hashed(path: &str) -> bool {
    path.split('/').any(|segment| {
        let stem = segment.split('.').next().unwrap_or(segment);
        stem.rsplit_once('-')
            .is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

fn accepts(headers: &HeaderMap, encoding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| {
            let mut parts = e.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name == encoding && !refused
        })
}

/// GET handler for every path outside `/api`.
pub async fn serve_spa(State(state): State<AppState>, req: Request) -> Response {
    if !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    ) {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = req.uri().path().trim_start_matches('/');
    let path = match path {
        "" => "index.html",
        p if state.assets.get(p).is_some() => p,
        // A client-side route such as /services/42: the app decides what to show.
        p if !p.rsplit('/').next().unwrap_or(p).contains('.') => "index.html",
        // A file that is not there keeps its type: a page chunk of an earlier build (the site
        // was upgraded while the page was open) must fail as wasm, so the app can say "reload",
        // and never be answered with the app's HTML.
        p => {
            return (
                StatusCode::NOT_FOUND,
                [
                    (header::CONTENT_TYPE, mime_guess_for(p)),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                "not found",
            )
                .into_response();
        }
    };
    let Some(plain) = state.assets.get(path) else {
        return (StatusCode::NOT_FOUND, "the web app is not built").into_response();
    };
    let etag = {
        let digest = Sha256::digest(&plain);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        format!("\"{hex}\"")
    };
    let mime = mime_guess_for(path);
    let cache = if is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };

    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    let not_modified = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if not_modified {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let mut body = plain;
    for (encoding, suffix) in [("br", ".br"), ("gzip", ".gz")] {
        if accepts(req.headers(), encoding)
            && let Some(compressed) = state.assets.get(&format!("{path}{suffix}"))
        {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            body = compressed;
            break;
        }
    }
    (StatusCode::OK, headers, Body::from(body.into_owned())).into_response()
}

fn mime_guess_for(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("app-0123456789abcdef.wasm"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("icon-192.png"));
        assert!(!is_hashed("app-0123456789abcdeg.js"), "not hex");
        assert!(is_hashed("app-0123456789abcdef/__wasm_split.js"));
        assert!(is_hashed("app-0123456789abcdef/split_staff_inbox.wasm"));
        assert!(!is_hashed("uploads/photo.png"));
    }

    #[test]
    fn encodings_refused_with_q0_are_not_used() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br;q=0"),
        );
        assert!(accepts(&h, "gzip"));
        assert!(!accepts(&h, "br"));
    }
}
