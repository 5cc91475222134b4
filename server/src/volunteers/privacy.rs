//! A resident's volunteering under PIPL: the export lists their profile, hours ledger, time
//! bank and help requests; deleting the account withdraws them from shifts ahead, cancels
//! their open help requests (erasing address and phone) and erases what they wrote about
//! themselves. The ledger and certificates stay: the Volunteer Service Regulations ask
//! organisations to keep true and complete service records (the name on them is anonymised
//! with the account).
use serde_json::{Value, json};

use super::store;
use crate::{Db, error::ApiResult, time::rfc3339};

/// The volunteering part of a user's data export.
pub async fn export(db: &Db, user_id: i64) -> ApiResult<Value> {
    let volunteer = store::volunteer_of_user(db.pool(), user_id).await?;
    let hours = match &volunteer {
        Some(v) => store::hours_of(db, v.id, 0, i64::MAX).await?,
        None => Vec::new(),
    };
    let bank = store::bank_of(db, user_id).await?;
    let help = store::help_of(db, user_id, volunteer.as_ref().map(|v| v.id)).await?;
    Ok(json!({
        "profile": volunteer.as_ref().map(|v| json!({
            "status": v.status, "languages": v.languages, "availability": v.availability,
            "applied_at": rfc3339(v.applied_at),
        })),
        "hours": hours.iter().map(|h| json!({
            "kind": h.kind, "minutes": h.minutes, "served_at": rfc3339(h.served_at),
            "reason": h.reason,
        })).collect::<Vec<_>>(),
        "time_bank": bank.iter().map(|b| json!({
            "kind": b.kind, "minutes": b.minutes, "balance_after": b.balance_after,
            "at": rfc3339(b.created_at), "reason": b.reason,
        })).collect::<Vec<_>>(),
        "help_requests": help.iter().filter(|q| q.requester_id == user_id).map(|q| json!({
            "skill": q.skill, "description": q.description, "starts_at": rfc3339(q.starts_at),
            "minutes": q.minutes, "status": q.status, "address": q.address,
        })).collect::<Vec<_>>(),
    }))
}

/// Before an account is deleted (see the module's note on what stays).
pub async fn forget(db: &Db, user_id: i64, now: i64) -> ApiResult<()> {
    let volunteer = store::volunteer_of_user(db.pool(), user_id).await?;
    let signups = match &volunteer {
        Some(v) => store::open_signups_of(db, v.id).await?,
        None => Vec::new(),
    };
    let requests = store::help_of(db, user_id, None).await?;
    let mut tx = db.begin_write().await?;
    for (signup, opportunity) in signups {
        if store::withdraw(&mut tx, signup, now).await? {
            store::give_slot(&mut tx, opportunity, now).await?;
        }
    }
    for q in requests.iter().filter(|q| q.requester_id == user_id) {
        store::cancel_help(&mut tx, q.id, now).await?;
    }
    tx.commit().await?;
    if let Some(v) = volunteer {
        store::erase_profile(db, v.id, now).await?;
    }
    Ok(())
}
