//! Periodic clean-up: expired sessions and old rate-limit counters.
use std::time::Duration;

use crate::Db;

/// Runs the clean-up every ten minutes for as long as the server runs.
pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            run_once(&db).await;
        }
    });
}

pub async fn run_once(db: &Db) {
    match crate::accounts::store::purge_expired_sessions(db).await {
        Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions removed"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "session clean-up failed"),
    }
    if let Err(e) = crate::ratelimit::purge(db).await {
        tracing::warn!(error = %e, "rate-limit clean-up failed");
    }
}
