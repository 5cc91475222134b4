//! Reading a photo upload: `multipart/form-data` with the image as `photo` and what it shows
//! as `alt_zh` / `alt_en`, within a size limit, and cleaning the image. Shared by every area
//! that takes photos from staff (venues, activities).
use axum::{
    body::Bytes,
    extract::{FromRequest, Multipart, Request},
    http::StatusCode,
};

use super::image::{self, ImageType};
use crate::{
    AppState,
    error::{ApiError, ApiResult, Problem},
};

/// What the upload form carried.
pub struct PhotoForm {
    pub photo: Vec<u8>,
    pub alt_zh: String,
    pub alt_en: Option<String>,
}

fn too_large(max_bytes: usize) -> ApiError {
    ApiError::TooLarge(
        Problem::new("photo_too_large")
            .field("photo")
            .param("mb", max_bytes / (1024 * 1024)),
    )
}

/// Reads the form, refusing a part over `max_bytes` (413) and unknown fields (422).
pub async fn read(state: &AppState, req: Request, max_bytes: usize) -> ApiResult<PhotoForm> {
    let mut form = Multipart::from_request(req, state)
        .await
        .map_err(|_| ApiError::UnsupportedMediaType)?;
    let mut upload = PhotoForm {
        photo: Vec::new(),
        alt_zh: String::new(),
        alt_en: None,
    };
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large(max_bytes));
            }
            Err(_) => return Err(ApiError::bad_request("invalid_multipart")),
        };
        let name = field.name().unwrap_or("").to_owned();
        let mut buf = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if buf.len() + chunk.len() > max_bytes => {
                    return Err(too_large(max_bytes));
                }
                Ok(Some(chunk)) => buf.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large(max_bytes));
                }
                Err(_) => return Err(ApiError::bad_request("invalid_multipart")),
            }
        }
        let text = || {
            String::from_utf8(buf.clone())
                .map(|s| s.trim().to_owned())
                .map_err(|_| ApiError::bad_request("invalid_multipart"))
        };
        match name.as_str() {
            "photo" => upload.photo = buf,
            "alt_zh" => upload.alt_zh = text()?,
            "alt_en" => upload.alt_en = Some(text()?).filter(|s| !s.is_empty()),
            _ => {
                return Err(ApiError::Invalid(
                    Problem::new("unknown_form_field").field(name),
                ));
            }
        }
    }
    Ok(upload)
}

/// Checks the form (a photo, descriptions within `max_alt` characters) and cleans the image
/// of its metadata.
pub fn prepare(form: &PhotoForm, max_alt: usize) -> ApiResult<(ImageType, Bytes)> {
    if form.photo.is_empty() {
        return Err(ApiError::invalid("photo_missing", "photo"));
    }
    for (field, text) in [
        ("alt_zh", Some(form.alt_zh.as_str())),
        ("alt_en", form.alt_en.as_deref()),
    ] {
        if text.is_some_and(|t| t.chars().count() > max_alt) {
            return Err(ApiError::Invalid(
                Problem::new("invalid_photo_alt")
                    .field(field)
                    .param("max", max_alt),
            ));
        }
    }
    let (kind, clean) = image::prepare(form.photo.clone().into()).map_err(|e| match e {
        image::PhotoError::UnsupportedType => {
            ApiError::Unsupported(Problem::new("unsupported_photo_type").field("photo"))
        }
        image::PhotoError::Corrupt => ApiError::invalid("photo_unreadable", "photo"),
    })?;
    Ok((kind, clean))
}
