//! Uploaded images: the type is read from the bytes (JPEG, PNG or WebP, whatever the client
//! claims) and metadata that can locate or identify a person (EXIF with GPS, XMP, IPTC,
//! comments, text chunks) is removed before anything is stored.
use axum::body::Bytes;
use img_parts::{ImageEXIF, jpeg::Jpeg, png::Png, webp::WebP};

/// An accepted image type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Jpeg,
    Png,
    WebP,
}

impl ImageType {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::WebP => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::WebP => "webp",
        }
    }
}

/// The type by magic bytes, or `None`.
pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageType::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageType::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageType::WebP)
    } else {
        None
    }
}

/// Why an upload was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// Not JPEG, PNG or WebP (415).
    UnsupportedType,
    /// Says it is an image but cannot be read (422).
    Corrupt,
}

/// JPEG markers that carry metadata: APP1 (EXIF, XMP), APP3–APP13 (IPTC, vendor data),
/// APP15, COM. APP0 (JFIF), APP2 (ICC colour profile; MPF is dropped separately) and APP14
/// (Adobe colour transform) are needed to show the image correctly and stay.
fn jpeg_marker_is_metadata(marker: u8) -> bool {
    matches!(marker, 0xE1 | 0xE3..=0xED | 0xEF | 0xFE)
}

/// PNG chunks that carry metadata.
const PNG_METADATA: [[u8; 4]; 5] = [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"];

/// Returns the image without metadata.
pub fn strip(kind: ImageType, bytes: Bytes) -> Result<Bytes, PhotoError> {
    match kind {
        ImageType::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(bytes).map_err(|_| PhotoError::Corrupt)?;
            jpeg.segments_mut().retain(|s| {
                // APP2 also holds MPF (multi-picture index); keep only ICC profiles there.
                let icc_or_other = s.marker() != 0xE2 || s.contents().starts_with(b"ICC_PROFILE\0");
                !jpeg_marker_is_metadata(s.marker()) && icc_or_other
            });
            if !jpeg.segments().iter().any(|s| s.marker() == 0xDA) {
                return Err(PhotoError::Corrupt);
            }
            Ok(truncate_after_eoi(jpeg.encoder().bytes()))
        }
        ImageType::Png => {
            let mut png = Png::from_bytes(bytes).map_err(|_| PhotoError::Corrupt)?;
            for kind in PNG_METADATA {
                png.remove_chunks_by_type(kind);
            }
            Ok(png.encoder().bytes())
        }
        ImageType::WebP => {
            let mut webp = WebP::from_bytes(bytes).map_err(|_| PhotoError::Corrupt)?;
            webp.remove_chunks_by_id(*b"XMP ");
            // Also rewrites the VP8X flags to match the remaining chunks.
            webp.set_exif(None);
            Ok(webp.encoder().bytes())
        }
    }
}

/// Cuts everything after the end-of-image marker that follows the first scan: extra images
/// appended to the file (multi-picture "MPO" photos carry their own EXIF there). Inside
/// entropy-coded data `FF` is always followed by `00` or a restart marker, so the first
/// `FF D9` after the scan starts is the real end.
fn truncate_after_eoi(bytes: Bytes) -> Bytes {
    let sos = bytes.windows(2).position(|w| w == [0xFF, 0xDA]);
    let Some(sos) = sos else { return bytes };
    match bytes[sos..].windows(2).position(|w| w == [0xFF, 0xD9]) {
        Some(eoi) => bytes.slice(..sos + eoi + 2),
        None => bytes,
    }
}

/// Checks and cleans one upload.
pub fn prepare(bytes: Bytes) -> Result<(ImageType, Bytes), PhotoError> {
    let kind = sniff(&bytes).ok_or(PhotoError::UnsupportedType)?;
    let clean = strip(kind, bytes)?;
    Ok((kind, clean))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = include_bytes!("../../tests/api/fixtures/gps.jpg");
    const PNG: &[u8] = include_bytes!("../../tests/api/fixtures/gps.png");
    const WEBP: &[u8] = include_bytes!("../../tests/api/fixtures/gps.webp");

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn types_are_read_from_the_bytes() {
        assert_eq!(sniff(JPEG), Some(ImageType::Jpeg));
        assert_eq!(sniff(PNG), Some(ImageType::Png));
        assert_eq!(sniff(WEBP), Some(ImageType::WebP));
        assert_eq!(sniff(b"GIF89a...."), None);
        assert_eq!(sniff(b"<svg xmlns=...>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn metadata_is_removed_and_the_image_stays() {
        for (name, bytes) in [("jpeg", JPEG), ("png", PNG), ("webp", WEBP)] {
            assert!(contains(bytes, b"LinliTestCam"), "{name} fixture has EXIF");
            let (kind, clean) = prepare(Bytes::from_static(bytes)).expect(name);
            assert!(!contains(&clean, b"LinliTestCam"), "{name}: EXIF left");
            assert!(!contains(&clean, b"Exif\0\0"), "{name}: EXIF header left");
            assert!(!contains(&clean, b"GPSLatitude"), "{name}: XMP left");
            assert!(
                !contains(&clean, "福田区".as_bytes()),
                "{name}: text chunk left"
            );
            assert!(!contains(&clean, b"secret comment"), "{name}: comment left");
            assert_eq!(sniff(&clean), Some(kind), "{name} is still that type");
            assert!(clean.len() < bytes.len());
            // Cleaning is idempotent: a cleaned image parses and cleans to itself.
            assert_eq!(strip(kind, clean.clone()).expect("again"), clean, "{name}");
        }
    }

    #[test]
    fn broken_images_and_trailing_pictures() {
        assert_eq!(
            prepare(Bytes::from_static(b"\xFF\xD8\xFF\xE0garbage")),
            Err(PhotoError::Corrupt)
        );
        assert_eq!(
            prepare(Bytes::from_static(b"RIFF\0\0\0\0WEBPxxxx")),
            Err(PhotoError::Corrupt)
        );
        assert_eq!(
            prepare(Bytes::from_static(b"hello")),
            Err(PhotoError::UnsupportedType)
        );
        let mut with_tail = JPEG.to_vec();
        with_tail.extend_from_slice(JPEG);
        let (_, clean) = prepare(Bytes::from(with_tail)).expect("parses");
        assert!(clean.len() < JPEG.len(), "the appended picture is cut off");
    }
}
