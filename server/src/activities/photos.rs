//! Photos of an activity: organisers upload and remove them (metadata removed, stored in the
//! file store with the row that points at them); anyone who may see the activity sees them.
use app::api::{
    activities::{Activity, ActivityPhotoUpload},
    booking::Photo,
};
use axum::{
    extract::{DefaultBodyLimit, Request, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Organizer, routes::detail, staff::in_scope, store};
use crate::{
    AppState, Db, audit,
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path},
    files,
    phrase::Phrase,
};

/// Where uploaded activity photos are served; the file name follows.
pub const URL_PREFIX: &str = "/api/v1/activity-photos/";
/// Most photos on one activity.
pub const MAX_PHOTOS: usize = 6;
/// Largest photo accepted, in bytes.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

fn stored_name(file_name: &str) -> String {
    format!("activity/{file_name}")
}

pub fn router() -> OpenApiRouter<AppState> {
    let upload = OpenApiRouter::new()
        .routes(routes!(upload_photo))
        .layer(DefaultBodyLimit::max(MAX_BYTES + 64 * 1024));
    OpenApiRouter::new()
        .merge(upload)
        .routes(routes!(delete_photo))
        .routes(routes!(get_photo))
}

/// The photos of an activity, for its page.
pub async fn of(db: &Db, activity: i64) -> ApiResult<Vec<Photo>> {
    Ok(store::photos(db, activity)
        .await?
        .into_iter()
        .map(|p| Photo {
            url: format!("{URL_PREFIX}{}", p.file_name),
            alt: app::api::Text::new(p.alt_zh, p.alt_en),
        })
        .collect())
}

/// Adds a photo to an activity: `multipart/form-data` with the image as `photo` (JPEG, PNG or
/// WebP, at most 5 MB; its metadata is removed) and what it shows as `alt_zh` / `alt_en`. At
/// most 6 photos per activity.
#[utoipa::path(post, path = "/staff/activities/{id}/photos", tag = "activities-staff",
    params(("id" = i64, Path)),
    request_body(content = ActivityPhotoUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = Activity), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 413, body = app::api::ErrorBody),
              (status = 415, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn upload_photo(
    State(state): State<AppState>,
    org: Organizer,
    Path(id): Path<i64>,
    req: Request,
) -> ApiResult<(StatusCode, Json<Activity>)> {
    let now = state.config.clock.now();
    let a = in_scope(&state.db, &org, id).await?;
    let form = files::upload::read(&state, req, MAX_BYTES).await?;
    let (kind, clean) = files::upload::prepare(&form, 200)?;
    let file_name = files::new_file_name(kind);
    let mut tx = state.db.begin_write().await?;
    files::store::put(&mut tx, &stored_name(&file_name), kind, &clean, now).await?;
    let row = store::PhotoRow {
        file_name,
        alt_zh: form.alt_zh.clone(),
        alt_en: form.alt_en.clone(),
    };
    if !store::append_photo(&mut tx, a.id, &row, MAX_PHOTOS, org.user.id, now).await? {
        return Err(ApiError::Invalid(
            Problem::new("too_many_activity_photos")
                .field("photo")
                .param("max", MAX_PHOTOS),
        ));
    }
    let added = audit::Event::on(org.user.id, "activity.photo_add", &a)
        .saying(Phrase::new("audit_photo_added").param("bytes", clean.len()));
    audit::commit(tx, [added], now).await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&state, &a, Some(org.user.id)).await?),
    ))
}

/// Removes a photo (named by the file name of its URL).
#[utoipa::path(delete, path = "/staff/activities/{id}/photos/{file}", tag = "activities-staff",
    params(("id" = i64, Path), ("file" = String, Path)),
    responses((status = 200, body = Activity), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody)))]
async fn delete_photo(
    State(state): State<AppState>,
    org: Organizer,
    Path((id, file)): Path<(i64, String)>,
) -> ApiResult<Json<Activity>> {
    let now = state.config.clock.now();
    let a = in_scope(&state.db, &org, id).await?;
    let mut tx = state.db.begin_write().await?;
    if !files::is_safe_file_name(&file)
        || !store::remove_photo(&mut tx, a.id, &file, &stored_name(&file)).await?
    {
        return Err(ApiError::not_found("activity_photo_not_found"));
    }
    let removed = audit::Event::on(org.user.id, "activity.photo_remove", &a)
        .saying(Phrase::new("audit_photo_removed").param("file", file));
    audit::commit(tx, [removed], now).await?;
    Ok(Json(detail(&state, &a, Some(org.user.id)).await?))
}

/// An uploaded activity photo. Its name is random and never changes content: shared caches
/// may keep a published activity's photos; a draft's are served for the organiser's browser
/// only (its page is not public yet).
#[utoipa::path(get, path = "/activity-photos/{file}", tag = "activities",
    params(("file" = String, Path, description = "The file name from the photo's URL")),
    responses((status = 200, content_type = "image/jpeg"), (status = 304),
              (status = 404, body = app::api::ErrorBody)))]
async fn get_photo(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let not_found = || ApiError::not_found("activity_photo_not_found");
    if !files::is_safe_file_name(&file) {
        return Err(not_found());
    }
    let activity = store::photo_activity(&state.db, &file)
        .await?
        .ok_or_else(not_found)?;
    let a = store::by_id(state.db.pool(), activity)
        .await?
        .ok_or_else(not_found)?;
    let caching = if a.status == "draft" {
        files::Caching::Private
    } else {
        files::Caching::PublicImmutable
    };
    let stored = files::store::get(&state.db, &stored_name(&file))
        .await?
        .ok_or_else(not_found)?;
    Ok(files::response(stored, caching, &headers))
}
