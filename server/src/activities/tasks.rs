//! The reminder the day before: everyone with a place in an activity starting within the next
//! 24 hours is told once (in the app and by SMS), whichever instance gets there first.
use std::time::Duration;

use super::{places, store};
use crate::{Db, clock::Clock, error::ApiResult};

/// Sends the reminders that are due; returns how many activities were reminded.
pub async fn send_reminders(db: &Db, now: i64) -> ApiResult<usize> {
    let mut sent = 0;
    for id in store::due_reminders(db, now, now + 86_400).await? {
        let mut tx = db.begin_write().await?;
        if !store::mark_reminded(&mut tx, id, now).await? {
            continue;
        }
        let Some(a) = store::by_id(&mut *tx, id).await? else {
            continue;
        };
        let when = crate::time::local(a.starts_at, &crate::time::tz(&a.time_zone), "%m-%d %H:%M");
        let place = if a.place_zh.is_empty() {
            a.venue_zh.clone().unwrap_or_default()
        } else {
            a.place_zh.clone()
        };
        let place_en = a
            .place_en
            .clone()
            .or_else(|| a.venue_en.clone())
            .unwrap_or_else(|| place.clone());
        let body = (
            format!("{when} 在{place}，请带好签到码。"),
            format!("{when} at {place_en}; bring your check-in code."),
        );
        places::tell_all(&mut tx, &a, "activity.reminder", body, now).await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// Runs [`send_reminders`] every few minutes until shutdown.
pub fn spawn(
    db: Db,
    clock: Clock,
    shutdown: &crate::shutdown::Shutdown,
) -> tokio::task::JoinHandle<()> {
    crate::shutdown::periodic(shutdown, Duration::from_secs(300), move || {
        let db = db.clone();
        let now = clock.now();
        async move {
            if let Err(e) = send_reminders(&db, now).await {
                tracing::warn!(error = %e, "activity reminders failed");
            }
        }
    })
}
