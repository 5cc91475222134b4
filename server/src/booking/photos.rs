//! Venue photos uploaded by staff: where they are served and how big they may be. A photo
//! may also be any path on this site given as a URL (the seed data does that); only uploaded
//! ones have a file in [`crate::files`].

/// Where uploaded venue photos are served; the file name follows.
pub const URL_PREFIX: &str = "/api/v1/venue-photos/";
/// Most photos on one venue (the schema allows positions 0–19).
pub const MAX_PHOTOS: usize = 20;
/// Largest photo accepted, in bytes.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Longest description of a photo, in characters.
pub const MAX_ALT_CHARS: usize = 200;

/// The public URL of an uploaded file.
pub fn url_of(file_name: &str) -> String {
    format!("{URL_PREFIX}{file_name}")
}

/// The name in the file store of an uploaded venue photo.
pub fn stored_name(file_name: &str) -> String {
    format!("venue/{file_name}")
}

/// The stored file a photo URL points at, when it is an uploaded photo's URL.
pub fn stored_name_of_url(url: &str) -> Option<String> {
    url.strip_prefix(URL_PREFIX)
        .filter(|f| crate::files::is_safe_file_name(f))
        .map(stored_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uploaded_photo_urls_name_a_stored_file() {
        let file = format!("{}.webp", "ab".repeat(32));
        assert_eq!(
            stored_name_of_url(&url_of(&file)),
            Some(format!("venue/{file}"))
        );
        assert_eq!(stored_name_of_url("/photos/hall.jpg"), None);
        assert_eq!(
            stored_name_of_url("/api/v1/venue-photos/../feedback/x.jpg"),
            None
        );
        assert_eq!(
            stored_name_of_url(&format!("/api/v1/feedback/{file}")),
            None
        );
    }
}
