//! Periodic clean-up: expired sessions, SMS codes and old rate-limit counters.
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::{
    Db,
    clock::Clock,
    shutdown::{Shutdown, periodic},
};

/// Runs the clean-up every ten minutes until the server shuts down.
pub fn spawn(db: Db, clock: Clock, shutdown: &Shutdown) -> JoinHandle<()> {
    periodic(shutdown, Duration::from_secs(600), move || {
        let db = db.clone();
        let now = clock.now();
        async move { run_once(&db, now).await }
    })
}

/// Removes what expired before `now`.
pub async fn run_once(db: &Db, now: i64) {
    match crate::accounts::store::purge_expired_sessions(db, now).await {
        Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions removed"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "session clean-up failed"),
    }
    if let Err(e) = crate::accounts::codes::purge(db, now).await {
        tracing::warn!(error = %e, "sms code clean-up failed");
    }
    if let Err(e) = crate::ratelimit::purge(db, now).await {
        tracing::warn!(error = %e, "rate-limit clean-up failed");
    }
}
