//! A resident's activity records under PIPL: the export lists their sign-ups and ratings;
//! deleting the account gives up their open places (promoting the waitlist) and erases their
//! comments, keeping attendance counts for the community's statistics.
use serde_json::{Value, json};

use super::{places, store};
use crate::{Db, error::ApiResult, time::rfc3339};

/// The activity part of a user's data export.
pub async fn export(db: &Db, user_id: i64) -> ApiResult<Value> {
    let rows = store::signups_for_export(db, user_id).await?;
    Ok(json!({
        "signups": rows.iter().map(|(s, title, start)| json!({
            "activity_id": s.activity_id, "title": title, "start": rfc3339(*start),
            "status": s.status, "companions": s.companions,
            "checked_in_at": s.checked_in_at.map(rfc3339), "rating": s.rating, "comment": s.comment,
        })).collect::<Vec<_>>(),
    }))
}

/// Before an account is deleted: its open sign-ups are given up, each freeing its places for
/// the waitlist; then its comments are erased.
pub async fn forget(db: &Db, user_id: i64, now: i64) -> ApiResult<()> {
    for (s, _, _) in store::signups_for_export(db, user_id).await? {
        if s.status == "cancelled" {
            continue;
        }
        if let Some(a) = store::by_id(db.pool(), s.activity_id).await?
            && a.ends_at > now
        {
            places::leave(db, &a, &s, true, now).await?;
        }
    }
    store::erase_comments(db, user_id).await?;
    store::remove_member(db.pool(), None, user_id).await?;
    Ok(())
}
