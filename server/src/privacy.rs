//! The personal-data rights of PIPL across all domains: export of one's own data, and account
//! deletion that erases personal fields and anonymises records others must keep.
use serde_json::{Value, json};

use crate::{AppState, accounts::store, error::ApiError, time::rfc3339};

/// Everything Linli holds about a user, as one JSON document.
pub async fn export(state: &AppState, user_id: i64) -> Result<Value, ApiError> {
    let user = store::user_by_id(&state.db, user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let home = crate::accounts::views_region(&state.db, user.home_region_id).await?;
    let roles: Vec<Value> = store::grant_views(&state.db, &[user_id])
        .await?
        .into_iter()
        .map(
            |g| json!({ "role": g.role, "region": g.region_code, "department": g.department_code }),
        )
        .collect();
    let sessions: Vec<Value> = store::sessions_of(&state.db, user_id, state.config.clock.now())
        .await?
        .into_iter()
        .map(|s| json!({ "created_at": rfc3339(s.created_at), "last_seen_at": rfc3339(s.last_seen_at), "user_agent": s.user_agent }))
        .collect();
    let suggestions: Vec<Value> = crate::directory::suggestions::of_user(&state.db, user_id)
        .await?
        .into_iter()
        .map(|s| json!({ "service_id": s.service_id, "kind": s.kind, "body": s.body, "status": s.status, "created_at": s.created_at }))
        .collect();
    Ok(json!({
        "exported_at": rfc3339(state.config.clock.now()),
        "account": {
            "id": user.id,
            "phone": user.phone,
            "display_name": user.display_name,
            "home_community": home.map(|r| r.code),
            "status": user.status,
            "second_factor_enabled": user.totp_enabled == 1,
            "created_at": rfc3339(user.created_at),
            "email": user.email,
            "language": user.language,
        },
        "roles": roles,
        "sessions": sessions,
        "directory_suggestions": suggestions,
        "venue_booking": crate::booking::privacy::export(&state.db, user_id).await?,
        "feedback": crate::feedback::export_of(state, user_id).await?,
        "activities": crate::activities::privacy::export(&state.db, user_id).await?,
        "volunteering": crate::volunteers::privacy::export(&state.db, user_id).await?,
    }))
}

/// Deletes an account in one transaction: sessions and roles go, personal fields are erased,
/// the row stays (anonymised) for the records that refer to it.
pub async fn delete_account(state: &AppState, user_id: i64) -> Result<(), ApiError> {
    crate::booking::privacy::cancel_live(&state.db, user_id, state.config.clock.now()).await?;
    crate::activities::privacy::forget(&state.db, user_id, state.config.clock.now()).await?;
    crate::volunteers::privacy::forget(&state.db, user_id, state.config.clock.now()).await?;
    let mut tx = state.db.begin_write().await?;
    crate::booking::privacy::erase(&mut tx, user_id).await?;
    store::delete_sessions_of(&mut *tx, user_id).await?;
    store::delete_grants_of(&mut *tx, user_id).await?;
    crate::accounts::family::end_all_of(&mut tx, user_id, state.config.clock.now()).await?;
    store::anonymise(&mut *tx, user_id, state.config.clock.now()).await?;
    crate::notifications::store::delete_of_user(&mut tx, user_id).await?;
    crate::feedback::forget_submitter(&mut tx, user_id).await?;
    // Reports about directory entries stay for the staff, no longer linked to the person.
    crate::directory::suggestions::unlink_user(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(())
}
