//! The triage queue: Open311 requests whose position or address matched no known place wait
//! in their district (or the city) until staff with that district in their scope put them in
//! a community. The inbox lists them with `triage=true`.
use app::api::{
    feedback::{PlaceCase, StaffCase},
    regions::RegionLevel,
};
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    scope::{FeedbackStaff, Scope},
    staff::{reachable, staff_view},
    states::Actor,
    store,
};
use crate::{
    AppState,
    accounts::session::WithRole,
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path},
    phrase::Phrase,
    regions::{RegionId, store as regions},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(place))
}

/// Places a request of the triage queue in a community of the caller's scope, inside the
/// district it waited in. The community's committee is notified; the timeline gets an internal
/// note.
#[utoipa::path(post, path = "/staff/feedback/{id}/place", tag = "feedback-staff", params(("id" = i64, Path)),
    request_body = PlaceCase,
    responses((status = 200, body = StaffCase), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn place(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Path(id): Path<i64>,
    Json(body): Json<PlaceCase>,
) -> ApiResult<Json<StaffCase>> {
    let (case, actor) = reachable(&state, &user, id).await?;
    if actor != Actor::Committee {
        return Err(ApiError::Forbidden(Problem::new("forbidden")));
    }
    if case.needs_placement != 1 {
        return Err(ApiError::Conflict(Problem::new("case_already_placed")));
    }
    let community = regions::by_code(&state.db, body.community.trim())
        .await?
        .filter(|r| r.level() == RegionLevel::Community)
        .ok_or_else(|| ApiError::invalid("invalid_feedback_community", "community"))?;
    if community.retired_at.is_some() {
        return Err(ApiError::invalid("region_retired", "community"));
    }
    let scope = Scope::of(&state, &user).await?;
    let inside =
        regions::contains(&state.db, RegionId(case.region_id), RegionId(community.id)).await?;
    if !inside || !scope.covers_region(community.id) {
        return Err(ApiError::Forbidden(
            Problem::new("region_out_of_scope").field("community"),
        ));
    }
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    // Conditional: of two staff placing the same request at once, one wins.
    let placed = sqlx::query(
        "UPDATE feedback_cases SET region_id = $1, needs_placement = 0, updated_at = $2 \
         WHERE id = $3 AND needs_placement = 1",
    )
    .bind(community.id)
    .bind(now)
    .bind(case.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if placed != 1 {
        return Err(ApiError::Conflict(Problem::new("case_already_placed")));
    }
    let said = Phrase::new("timeline_placed")
        .param("community", &community.name_zh)
        .param(
            "community_en",
            community.name_en.as_ref().unwrap_or(&community.name_zh),
        )
        .param("queue", &case.region_zh)
        .param(
            "queue_en",
            case.region_en.as_ref().unwrap_or(&case.region_zh),
        );
    store::insert_event(
        &mut tx,
        &store::NewEvent {
            case_id: case.id,
            at: now,
            actor_id: Some(user.id),
            kind: "note",
            public: false,
            status_after: &case.status,
            body: "",
            department_id: None,
            text: Some(&said),
        },
    )
    .await?;
    super::intake::notify_committee(
        &state,
        &mut tx,
        super::intake::NewCase {
            id: case.id,
            community_id: community.id,
            title: &case.title,
            accept_due: &case.accept_due,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(case_id = case.id, community = %community.code, "triage request placed");
    let (case, actor) = reachable(&state, &user, id).await?;
    Ok(Json(staff_view(&state, &user, case, actor).await?))
}
