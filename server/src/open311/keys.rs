//! API keys of Open311 clients: city administrators issue and revoke them; a POST without a
//! valid key is refused with 403; each key is rate-limited.
use app::api::open311::{IssuedKey, NewOpen311Client, Open311Client, Open311ClientList};
use axum::{extract::State, http::StatusCode};
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    accounts::{
        CurrentUser,
        session::{Admins, WithRole},
    },
    audit,
    error::{ApiError, ApiResult},
    extract::{Json, Path},
    ratelimit::Limit,
    time::rfc3339,
};

/// Cases one client may file per hour.
pub const POSTS_PER_KEY: Limit = Limit {
    bucket: "open311_key",
    max: 120,
    window: 3600,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_clients, issue_key))
        .routes(routes!(revoke_key))
}

pub fn hash(key: &str) -> String {
    crate::accounts::session::hex(&Sha256::digest(format!("open311\u{0}{key}").as_bytes()))
}

/// The client of a valid, unrevoked key.
pub async fn client_of(state: &AppState, key: &str) -> Result<Option<i64>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM open311_clients WHERE key_hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash(key))
    .fetch_optional(state.db.pool())
    .await?;
    if let Some(id) = id {
        sqlx::query("UPDATE open311_clients SET last_used_at = $2 WHERE id = $1")
            .bind(id)
            .bind(state.config.clock.now())
            .execute(state.db.pool())
            .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    contact: String,
    key_prefix: String,
    created_at: i64,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
}

fn wire(r: Row) -> Open311Client {
    Open311Client {
        id: r.id,
        name: r.name,
        contact: r.contact,
        key_prefix: r.key_prefix,
        created_at: rfc3339(r.created_at),
        revoked_at: r.revoked_at.map(rfc3339),
        last_used_at: r.last_used_at.map(rfc3339),
    }
}

const SELECT: &str = "SELECT id, name, contact, key_prefix, created_at, revoked_at, last_used_at FROM open311_clients";

/// Open311 is one interface for the whole city: its clients are the city administrators'.
async fn require_city_admin(state: &AppState, admin: &CurrentUser) -> ApiResult<()> {
    if crate::regions::store::has_root_among(
        &state.db,
        &admin.scope_roots(&[app::api::accounts::Role::Admin]),
    )
    .await?
    {
        Ok(())
    } else {
        Err(ApiError::forbidden("open311_city_admin_only"))
    }
}

/// Open311 clients and their keys (prefixes only).
#[utoipa::path(get, path = "/admin/open311/clients", tag = "admin",
    responses((status = 200, body = Open311ClientList), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody)))]
async fn list_clients(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
) -> ApiResult<Json<Open311ClientList>> {
    require_city_admin(&state, &admin).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} ORDER BY id DESC"))
        .fetch_all(state.db.pool())
        .await?;
    Ok(Json(Open311ClientList {
        items: rows.into_iter().map(wire).collect(),
    }))
}

/// Issues a key to a new client. The key is in this answer only.
#[utoipa::path(post, path = "/admin/open311/clients", tag = "admin", request_body = NewOpen311Client,
    responses((status = 201, body = IssuedKey), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn issue_key(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Json(req): Json<NewOpen311Client>,
) -> ApiResult<(StatusCode, Json<IssuedKey>)> {
    require_city_admin(&state, &admin).await?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::invalid("invalid_client_name", "name"));
    }
    let contact = req.contact.trim();
    if contact.chars().count() > 200 {
        return Err(ApiError::invalid("invalid_client_contact", "contact"));
    }
    let key = format!("o311_{}", crate::accounts::session::new_token());
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO open311_clients (name, contact, key_hash, key_prefix, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(name)
    .bind(contact)
    .bind(hash(&key))
    .bind(&key[..9])
    .bind(admin.id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let issued = audit::Event::new(
        admin.id,
        "open311.key_issue",
        format!("open311_client:{id}"),
        None,
    )
    .saying(crate::phrase::Phrase::new("audit_open311_client").param("name", name));
    audit::commit(tx, [issued], now).await?;
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_one(state.db.pool())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(IssuedKey {
            client: wire(row),
            api_key: key,
        }),
    ))
}

/// Revokes a client's key at once.
#[utoipa::path(post, path = "/admin/open311/clients/{id}/revoke", tag = "admin", params(("id" = i64, Path)),
    responses((status = 200, body = Open311Client), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody)))]
async fn revoke_key(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Open311Client>> {
    require_city_admin(&state, &admin).await?;
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE open311_clients SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let row = row.ok_or_else(|| ApiError::not_found("open311_client_not_found"))?;
    // Revoking a revoked key changes nothing and is not logged again.
    let revoked = (done == 1).then(|| {
        audit::Event::new(
            admin.id,
            "open311.key_revoke",
            format!("open311_client:{id}"),
            None,
        )
    });
    audit::commit(tx, revoked, now).await?;
    Ok(Json(wire(row)))
}
