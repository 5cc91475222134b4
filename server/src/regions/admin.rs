//! Administrators maintain the region tree: add subdistricts and communities, rename, move a
//! community to another subdistrict, retire and restore communities. An administrator acts
//! within the scope of their grant (a district administrator in their district, the city
//! administrator everywhere); every change is audit-logged in the same transaction.
use app::api::{
    Text,
    accounts::Role,
    regions::{NewRegion, Region, RegionLevel, UpdateRegion},
};
use axum::{extract::State, http::StatusCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    store::{self, RegionId, RegionRow},
    transfer::{valid_code, valid_name},
};
use crate::{
    AppState,
    accounts::{
        CurrentUser,
        session::{Admins, WithRole},
    },
    audit,
    error::{ApiError, ApiResult, Problem, is_unique_violation},
    extract::{Json, Path},
    phrase::Phrase,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_region))
        .routes(routes!(update_region))
        .routes(routes!(retire_region))
        .routes(routes!(restore_region))
}

pub(super) fn to_wire(row: RegionRow) -> Region {
    Region {
        level: row.level(),
        retired: row.retired_at.is_some(),
        code: row.code,
        name: Text::new(row.name_zh, row.name_en),
        parent: row.parent_code,
        children: Vec::new(),
    }
}

async fn region(state: &AppState, code: &str) -> ApiResult<RegionRow> {
    store::by_code(&state.db, code.trim())
        .await?
        .ok_or_else(|| ApiError::not_found("region_not_found"))
}

async fn require_scope(state: &AppState, admin: &CurrentUser, region: &RegionRow) -> ApiResult<()> {
    if admin.covers(&state.db, &[Role::Admin], region.id).await? {
        Ok(())
    } else {
        Err(ApiError::forbidden("region_out_of_scope"))
    }
}

fn name_zh(name: &str) -> ApiResult<&str> {
    let name = name.trim();
    if valid_name(name, 40) {
        Ok(name)
    } else {
        Err(ApiError::invalid("invalid_region_name", "name_zh"))
    }
}

fn name_en(name: Option<&str>) -> ApiResult<Option<&str>> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if !valid_name(n, 80) => Err(ApiError::invalid("invalid_region_name", "name_en")),
        other => Ok(other),
    }
}

async fn log(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    admin: &CurrentUser,
    action: &'static str,
    region: &RegionRow,
    detail: Option<Phrase>,
    now: i64,
) -> ApiResult<()> {
    audit::record(
        &mut **tx,
        audit::Event {
            actor: Some(admin.id),
            action,
            subject: format!("region:{}", region.code),
            region: Some(region.id),
            detail,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Adds a subdistrict under a district, or a community under a subdistrict.
#[utoipa::path(post, path = "/admin/regions", tag = "regions", request_body = NewRegion,
    responses((status = 201, body = Region), (status = 403, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn add_region(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Json(req): Json<NewRegion>,
) -> ApiResult<(StatusCode, Json<Region>)> {
    let now = state.config.clock.now();
    let code = req.code.trim();
    if !valid_code(code) {
        return Err(ApiError::invalid("invalid_region_code", "code"));
    }
    let name_zh = name_zh(&req.name_zh)?;
    let name_en = name_en(req.name_en.as_deref())?;
    let parent = store::by_code(&state.db, req.parent.trim())
        .await?
        .ok_or_else(|| ApiError::invalid("region_parent_invalid", "parent"))?;
    let level = match parent.level() {
        RegionLevel::District | RegionLevel::Subdistrict => parent.level().child(),
        _ => None,
    }
    .ok_or_else(|| ApiError::invalid("region_parent_invalid", "parent"))?;
    if parent.retired_at.is_some() {
        return Err(ApiError::invalid("region_retired", "parent"));
    }
    require_scope(&state, &admin, &parent).await?;
    let mut tx = state.db.begin_write().await?;
    let inserted = store::insert(
        &mut *tx,
        &store::NewRegion {
            code,
            parent: Some(&parent.code),
            level,
            name_zh,
            name_en,
            sort_order: None,
        },
    )
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(ApiError::Conflict(
                Problem::new("region_code_taken").field("code"),
            ));
        }
        other => other?,
    }
    let row: RegionRow = sqlx::query_as(
        "SELECT r.id, r.code, p.code AS parent_code, r.level, r.name_zh, r.name_en, r.retired_at \
         FROM regions r LEFT JOIN regions p ON p.id = r.parent_id WHERE r.code = $1",
    )
    .bind(code)
    .fetch_one(&mut *tx)
    .await?;
    log(
        &mut tx,
        &admin,
        "regions.add",
        &row,
        Some(
            super::added("audit_region_added_in", level, name_zh, name_en)
                .param("parent", &parent.code),
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(to_wire(row))))
}

/// Renames a region, or moves a community to another subdistrict.
#[utoipa::path(patch, path = "/admin/regions/{code}", tag = "regions",
    params(("code" = String, Path, description = "Administrative code")), request_body = UpdateRegion,
    responses((status = 200, body = Region), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn update_region(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(code): Path<String>,
    Json(req): Json<UpdateRegion>,
) -> ApiResult<Json<Region>> {
    let now = state.config.clock.now();
    let row = region(&state, &code).await?;
    require_scope(&state, &admin, &row).await?;
    let new_zh = req.name_zh.as_deref().map(name_zh).transpose()?;
    let new_en = match req.name_en.as_deref() {
        Some(en) => Some(name_en(Some(en))?),
        None => None,
    };
    let new_parent = match req.parent.as_deref().map(str::trim) {
        Some(p) if Some(p) != row.parent_code.as_deref() => {
            if row.level() != RegionLevel::Community {
                return Err(ApiError::invalid("region_not_community", "parent"));
            }
            let parent = store::by_code(&state.db, p)
                .await?
                .filter(|r| r.level() == RegionLevel::Subdistrict)
                .ok_or_else(|| ApiError::invalid("region_parent_invalid", "parent"))?;
            if parent.retired_at.is_some() {
                return Err(ApiError::invalid("region_retired", "parent"));
            }
            require_scope(&state, &admin, &parent).await?;
            Some(parent)
        }
        _ => None,
    };
    let mut tx = state.db.begin_write().await?;
    let mut renamed = false;
    if new_zh.is_some() || new_en.is_some() {
        let zh = new_zh.unwrap_or(&row.name_zh);
        let en = match new_en {
            Some(en) => en,
            None => row.name_en.as_deref(),
        };
        renamed = zh != row.name_zh || en != row.name_en.as_deref();
        store::rename(&mut *tx, RegionId(row.id), zh, en).await?;
        log(
            &mut tx,
            &admin,
            "regions.rename",
            &row,
            Some(super::renamed(
                (&row.name_zh, row.name_en.as_deref()),
                (zh, en),
            )),
            now,
        )
        .await?;
    }
    if let Some(parent) = &new_parent {
        store::move_to(&mut *tx, RegionId(row.id), RegionId(parent.id)).await?;
        log(
            &mut tx,
            &admin,
            "regions.move",
            &row,
            Some(super::moved(
                row.parent_code.as_deref().unwrap_or("-"),
                &parent.code,
            )),
            now,
        )
        .await?;
    }
    // Only a real change rewrites the directory's search rows (a district holds thousands).
    if renamed || new_parent.is_some() {
        crate::directory::regions_changed(&mut tx, &[row.id]).await?;
    }
    tx.commit().await?;
    Ok(Json(to_wire(region(&state, &row.code).await?)))
}

/// Retires a community: it keeps its cases, venues and services, and leaves the pickers.
#[utoipa::path(post, path = "/admin/regions/{code}/retire", tag = "regions",
    params(("code" = String, Path, description = "Administrative code")),
    responses((status = 200, body = Region), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn retire_region(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(code): Path<String>,
) -> ApiResult<Json<Region>> {
    set_retired(state, admin, code, true).await
}

/// Puts a retired community back in use.
#[utoipa::path(post, path = "/admin/regions/{code}/restore", tag = "regions",
    params(("code" = String, Path, description = "Administrative code")),
    responses((status = 200, body = Region), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn restore_region(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(code): Path<String>,
) -> ApiResult<Json<Region>> {
    set_retired(state, admin, code, false).await
}

async fn set_retired(
    state: AppState,
    admin: CurrentUser,
    code: String,
    retire: bool,
) -> ApiResult<Json<Region>> {
    let now = state.config.clock.now();
    let row = region(&state, &code).await?;
    if row.level() != RegionLevel::Community {
        return Err(ApiError::invalid("region_not_community", "code"));
    }
    require_scope(&state, &admin, &row).await?;
    if row.retired_at.is_some() != retire {
        let mut tx = state.db.begin_write().await?;
        store::set_retired(&mut *tx, RegionId(row.id), retire.then_some(now)).await?;
        let action = if retire {
            "regions.retire"
        } else {
            "regions.restore"
        };
        log(&mut tx, &admin, action, &row, None, now).await?;
        tx.commit().await?;
    }
    Ok(Json(to_wire(region(&state, &row.code).await?)))
}
