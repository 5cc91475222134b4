//! Venue photos: staff upload and remove them; anyone may see those shown on a venue.
use app::api::booking::{StaffVenue, VenuePhotoUpload};
use axum::{
    extract::{DefaultBodyLimit, Request, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::staff_venues::staff_view;
use crate::{
    AppState,
    accounts::session::{RoleSet, WithRole},
    audit,
    booking::{VenueEditors, photos, store, venue::Venue},
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path},
    files,
};

pub fn router() -> OpenApiRouter<AppState> {
    let upload = OpenApiRouter::new()
        .routes(routes!(upload_photo))
        .layer(DefaultBodyLimit::max(photos::MAX_BYTES + 64 * 1024));
    OpenApiRouter::new()
        .merge(upload)
        .routes(routes!(delete_photo))
        .routes(routes!(get_photo))
}

/// Adds a photo to a venue: `multipart/form-data` with the image as `photo` (JPEG, PNG or
/// WebP, at most 5 MB; its metadata is removed) and its description as `alt_zh` / `alt_en`.
/// The photo is stored in the database and shown after the others.
#[utoipa::path(post, path = "/staff/venues/{id}/photos", tag = "booking-staff",
    params(("id" = i64, Path)),
    request_body(content = VenuePhotoUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = StaffVenue), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 413, body = app::api::ErrorBody),
              (status = 415, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn upload_photo(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueEditors>,
    Path(id): Path<i64>,
    req: Request,
) -> ApiResult<(StatusCode, Json<StaffVenue>)> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueEditors::ROLES, id).await?;
    let upload = files::upload::read(&state, req, photos::MAX_BYTES).await?;
    let (kind, clean) = files::upload::prepare(&upload, photos::MAX_ALT_CHARS)?;
    let file_name = files::new_file_name(kind);
    let mut tx = state.db.begin_write().await?;
    files::store::put(&mut tx, &photos::stored_name(&file_name), kind, &clean, now).await?;
    let added = store::append_uploaded_photo(
        &mut tx,
        id,
        &file_name,
        &upload.alt_zh,
        upload.alt_en.as_deref(),
    )
    .await?;
    if !added {
        return Err(ApiError::Invalid(
            Problem::new("too_many_venue_photos")
                .field("photo")
                .param("max", photos::MAX_PHOTOS),
        ));
    }
    let added = audit::Event::on(user.id, "venue.photo_add", &venue)
        .saying(crate::phrase::Phrase::new("audit_venue_photo_added").param("bytes", clean.len()));
    audit::commit(tx, [added], now).await?;
    Ok((
        StatusCode::CREATED,
        Json(staff_view(&state.db, &venue, now).await?),
    ))
}

/// Removes the photo at `position` (0-based, in the order shown); the others move up.
#[utoipa::path(delete, path = "/staff/venues/{id}/photos/{position}", tag = "booking-staff",
    params(("id" = i64, Path), ("position" = i64, Path)),
    responses((status = 200, body = StaffVenue), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody)))]
async fn delete_photo(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueEditors>,
    Path((id, position)): Path<(i64, i64)>,
) -> ApiResult<Json<StaffVenue>> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueEditors::ROLES, id).await?;
    let mut tx = state.db.begin_write().await?;
    if !store::remove_photo(&mut tx, id, position).await? {
        return Err(ApiError::not_found("venue_photo_not_found"));
    }
    let removed = audit::Event::on(user.id, "venue.photo_remove", &venue).saying(
        crate::phrase::Phrase::new("audit_venue_photo_removed").param("number", position + 1),
    );
    audit::commit(tx, [removed], now).await?;
    Ok(Json(staff_view(&state.db, &venue, now).await?))
}

/// An uploaded venue photo. Public, like the venue pages; the name never changes content, so
/// shared caches may keep it for a year. Only photos shown on a venue are served.
#[utoipa::path(get, path = "/venue-photos/{file}", tag = "booking",
    params(("file" = String, Path, description = "The file name from the photo's URL")),
    responses((status = 200, content_type = "image/jpeg"), (status = 304),
              (status = 404, body = app::api::ErrorBody)))]
async fn get_photo(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let not_found = || ApiError::not_found("venue_photo_not_found");
    if !files::is_safe_file_name(&file) {
        return Err(not_found());
    }
    let name = photos::stored_name(&file);
    if !store::photo_file_shown(&state.db, &name).await? {
        return Err(not_found());
    }
    let stored = files::store::get(&state.db, &name)
        .await?
        .ok_or_else(not_found)?;
    Ok(files::response(
        stored,
        files::Caching::PublicImmutable,
        &headers,
    ))
}
