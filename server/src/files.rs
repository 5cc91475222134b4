//! Uploaded files: feedback photos and venue photos, all through one store.
//!
//! The store is the database itself (table `stored_files`): any number of server instances on
//! one PostgreSQL serve every file, a file is written in the same transaction as the row that
//! points at it (no case without its photos, no file without its case), and a database backup
//! holds the files. Photos are small (at most a few MB, cleaned of metadata by [`image`]), so
//! the database is not strained by them. A file is named `<area>/<64 hex>.<ext>`; the random
//! part reveals nothing and is the only thing a URL carries.
pub mod image;
pub mod legacy;
pub mod store;
pub mod upload;

use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

pub use image::ImageType;
pub use store::StoredFile;

/// The part of the name a URL may carry: `<64 hex>.<jpg|png|webp>`, nothing else (no paths).
pub fn is_safe_file_name(name: &str) -> bool {
    let mut parts = name.split('.');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(stem), Some("jpg" | "png" | "webp"), None)
            if stem.len() == 64 && stem.bytes().all(|b| b.is_ascii_hexdigit())
    )
}

/// A new random file name (without area) for an image of this type.
pub fn new_file_name(kind: ImageType) -> String {
    format!(
        "{}.{}",
        crate::accounts::session::new_token(),
        kind.extension()
    )
}

/// The hex SHA-256 digest, as kept in `stored_files.sha256` and in backup manifests.
pub fn sha256_hex(data: &[u8]) -> String {
    crate::accounts::session::hex(&Sha256::digest(data))
}

/// How long a client may keep a served file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Personal photos: only the browser of whoever may see them, for an hour.
    Private,
    /// Public photos under a name that never changes content: shared caches, a year.
    PublicImmutable,
}

impl Caching {
    fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::Private => "private, max-age=3600",
            Self::PublicImmutable => "public, max-age=31536000, immutable",
        })
    }
}

/// Serves a stored file with its type, an `ETag` (its digest) and headers that keep it from
/// being run or sniffed as anything else; `304` when the client already has it.
pub fn response(file: StoredFile, caching: Caching, request: &HeaderMap) -> Response {
    let etag = HeaderValue::from_str(&format!("\"{}\"", file.sha256))
        .unwrap_or(HeaderValue::from_static("\"\""));
    let cached = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag.to_str().unwrap_or(""))
        });
    let common = [
        (header::ETAG, etag),
        (header::CACHE_CONTROL, caching.header()),
    ];
    if cached {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    let content_type = HeaderValue::from_str(&file.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (
        common,
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline"),
            ),
        ],
        file.data,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_names_are_safe() {
        assert!(is_safe_file_name(&new_file_name(ImageType::Png)));
        assert!(!is_safe_file_name("../../etc/passwd"));
        assert!(!is_safe_file_name("abc.jpg"));
        assert!(!is_safe_file_name(&format!("{}.jpg/..", "a".repeat(64))));
        assert!(!is_safe_file_name(&format!("{}.gif", "a".repeat(64))));
        assert!(!is_safe_file_name(&format!("venue/{}.jpg", "a".repeat(64))));
    }

    #[test]
    fn digests_are_lower_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
