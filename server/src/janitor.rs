//! Periodic clean-up: expired sessions and old rate-limit counters.
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::{
    Db,
    shutdown::{Shutdown, periodic},
};

/// Runs the clean-up every ten minutes until the server shuts down.
pub fn spawn(db: Db, shutdown: &Shutdown) -> JoinHandle<()> {
    periodic(shutdown, Duration::from_secs(600), move || {
        let db = db.clone();
        async move { run_once(&db).await }
    })
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
