//! Residents follow their case: the submitter adds details while it is open (a public entry in
//! the timeline, told to the assignee), and residents flag public content; enough distinct
//! flags (`--flags-to-hide`) hide the case from the public until staff review it (`unhide`
//! marks the flags reviewed).
use app::api::feedback::{AddDetails, FlagReason, FlagRequest, FlagResult, PublicCase};
use axum::extract::{Request, State};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{intake, pages, photos, routes::by_code, store, views};
use crate::{
    AppState,
    accounts::CurrentUser,
    error::{ApiError, ApiResult},
    extract::{ClientIp, Json, Path},
    notifications::{Channels, Notice, notify},
    phrase::Phrase,
    ratelimit,
};

/// Longest addition, in characters.
pub const MAX_DETAILS: usize = 1000;
/// Most photos a case holds, with those added later (the schema's bound).
pub const MAX_CASE_PHOTOS: usize = 10;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_details))
        .routes(routes!(flag_case))
}

/// Adds details to an open case (a public timeline entry): JSON, or `multipart/form-data` with
/// the JSON as the part `details` and up to five `photo` parts (a case holds at most ten; the
/// text may then be empty). A case filed from an account takes additions from that account
/// only; a guest's case from whoever holds its tracking code.
#[utoipa::path(post, path = "/feedback/{tracking_code}/details", tag = "feedback",
    params(("tracking_code" = String, Path)), request_body = AddDetails,
    responses((status = 200, body = PublicCase), (status = 401, body = app::api::ErrorBody),
              (status = 403, description = "details_owner_only", body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody),
              (status = 409, description = "case_not_open", body = app::api::ErrorBody),
              (status = 422, description = "invalid_details", body = app::api::ErrorBody)))]
async fn add_details(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ClientIp(ip): ClientIp,
    Path(tracking_code): Path<String>,
    request: Request,
) -> ApiResult<Json<PublicCase>> {
    if user.is_none() {
        ratelimit::ANONYMOUS_WRITES_PER_IP.hit(&state, &ip).await?;
    }
    let case = by_code(&state, &ip, &tracking_code).await?;
    let (req, raw_photos) =
        super::routes::read_with_photos::<AddDetails>(&state, request, "details").await?;
    if let Some(owner) = case.submitter_id {
        match &user {
            None => return Err(ApiError::Unauthenticated),
            Some(u) if u.id != owner => return Err(ApiError::forbidden("details_owner_only")),
            Some(_) => {}
        }
    }
    let text = req.text.trim();
    if (text.is_empty() && raw_photos.is_empty()) || text.chars().count() > MAX_DETAILS {
        return Err(ApiError::invalid("invalid_details", "text"));
    }
    let status = views::status(&case);
    if !status.is_open() || case.merged_into_id.is_some() {
        return Err(ApiError::conflict("case_not_open"));
    }
    let held = store::photos(&state.db, case.id).await?.len();
    if held + raw_photos.len() > MAX_CASE_PHOTOS {
        return Err(ApiError::Invalid(
            crate::error::Problem::new("too_many_photos")
                .field("photo")
                .param("max", MAX_CASE_PHOTOS - held.min(MAX_CASE_PHOTOS)),
        ));
    }
    let named: Vec<(String, photos::ImageType, axum::body::Bytes)> =
        intake::clean_photos(raw_photos)?
            .into_iter()
            .map(|(kind, bytes)| (photos::new_file_name(kind), kind, bytes))
            .collect();
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    let first = i64::try_from(held).unwrap_or(0) + 1;
    intake::store_photos(&mut tx, case.id, first, &named, now).await?;
    store::insert_event(
        &mut tx,
        &store::NewEvent {
            case_id: case.id,
            at: now,
            // Like a rating: the resident's identity stays as the case's privacy shows it.
            actor_id: None,
            kind: "details",
            public: true,
            status_after: status.as_str(),
            body: text,
            department_id: None,
            text: None,
        },
    )
    .await?;
    if let Some(assignee) = case.assignee_id {
        let notice = Notice {
            user_id: assignee,
            kind: "feedback.details_added",
            title: app::api::Text::new(
                format!("居民补充了意见 {}", case.tracking_code),
                Some(format!(
                    "The resident added details to {}",
                    case.tracking_code
                )),
            ),
            body: app::api::Text::new(case.title.clone(), None),
            link: Some(format!("/staff/feedback/{}", case.id)),
            channels: Channels::IN_APP,
        };
        notify(&mut tx, &notice, now).await?;
    }
    tx.commit().await?;
    let case = store::case_by_id(state.db.pool(), case.id)
        .await?
        .ok_or_else(|| ApiError::not_found("case_not_found"))?;
    let parts = pages::load_public(&state.db, case.id).await?;
    let rate = super::routes::can_rate(&case, user.as_ref());
    Ok(Json(views::public_case(
        &case,
        &parts,
        state.config.clock.today(),
        rate,
        false,
    )))
}

/// Flags a case shown in the public reports (one flag per account). When
/// `--flags-to-hide` residents have flagged it since staff last reviewed it, it leaves the
/// public reports until staff review it.
#[utoipa::path(post, path = "/feedback/flags/{id}", tag = "feedback",
    params(("id" = i64, Path)), request_body = FlagRequest,
    responses((status = 200, body = FlagResult), (status = 401, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody)))]
async fn flag_case(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<FlagRequest>,
) -> ApiResult<Json<FlagResult>> {
    let case = store::case_by_id(state.db.pool(), id)
        .await?
        .filter(|c| c.hidden == 0 && c.privacy != "anonymous")
        .ok_or_else(|| ApiError::not_found("case_not_found"))?;
    let now = state.config.clock.now();
    let threshold = i64::from(state.config.feedback.flags_to_hide.max(1));
    let mut tx = state.db.begin_write().await?;
    let added = sqlx::query(
        "INSERT INTO feedback_flags (case_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (case_id, user_id) DO NOTHING",
    )
    .bind(id)
    .bind(user.id)
    .bind(reason_str(req.reason))
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let flags: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM feedback_flags WHERE case_id = $1 AND reviewed = 0",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let hide = added && flags >= threshold;
    if hide {
        let why = Phrase::new("timeline_hidden_flagged").param("flags", flags);
        let reason = why.both(&[]);
        let hidden = sqlx::query(
            "UPDATE feedback_cases SET hidden = 1, hidden_reason = $2, hidden_reason_en = $4, \
             updated_at = $3 WHERE id = $1 AND hidden = 0",
        )
        .bind(id)
        .bind(reason.zh)
        .bind(now)
        .bind(reason.en)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if hidden {
            store::insert_event(
                &mut tx,
                &store::NewEvent {
                    case_id: id,
                    at: now,
                    actor_id: None,
                    kind: "hidden",
                    public: false,
                    status_after: views::status(&case).as_str(),
                    body: "",
                    department_id: None,
                    text: Some(&why),
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Json(FlagResult {
        added,
        hidden: hide,
    }))
}

fn reason_str(reason: FlagReason) -> &'static str {
    match reason {
        FlagReason::Abusive => "abusive",
        FlagReason::PersonalData => "personal_data",
        FlagReason::Spam => "spam",
        FlagReason::Other => "other",
    }
}

/// Marks a case's flags reviewed (staff showed it again): only new flags count from now on.
pub async fn flags_reviewed(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE feedback_flags SET reviewed = 1 WHERE case_id = $1")
        .bind(case_id)
        .execute(conn)
        .await
        .map(|_| ())
}
