//! What `linli serve` needs to run in production: the flags of proxies, metrics and shutdown,
//! and the serving loop that stops cleanly (see [`crate::shutdown`]).
use std::{net::SocketAddr, time::Duration};

use anyhow::bail;
use axum::Router;
use tokio::{net::TcpListener, task::JoinHandle, time::Instant};

use crate::{Config, Db, shutdown::Shutdown};

/// Flags of `linli serve` for deployments.
#[derive(Debug, Clone, clap::Args)]
pub struct OpsArgs {
    /// Number of trusted proxies in front of Linli, each appending to `X-Forwarded-For`
    /// (implies `--trust-proxy`): the client address is the entry this far from the right.
    #[arg(long, env = "LINLI_TRUSTED_PROXIES")]
    pub trusted_proxies: Option<u32>,
    /// Serve Prometheus metrics at `/api/v1/metrics` to `Authorization: Bearer <token>`
    /// (at least 16 characters). Without a token there are no metrics.
    #[arg(long, env = "LINLI_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Seconds that requests in flight and background tasks get to finish after SIGTERM.
    #[arg(long, env = "LINLI_SHUTDOWN_GRACE", default_value_t = 30)]
    pub shutdown_grace_secs: u64,
}

impl OpsArgs {
    /// Sets the configuration's proxy and metrics fields from the flags.
    pub fn apply(&self, config: &mut Config) -> anyhow::Result<()> {
        if let Some(hops) = self.trusted_proxies {
            if hops == 0 || hops > 10 {
                bail!("--trusted-proxies must be between 1 and 10");
            }
            config.trust_proxy = true;
            config.trusted_proxies = hops;
        }
        config.metrics_token = match self.metrics_token.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(token) => Some(crate::metrics::MetricsToken::new(token).ok_or_else(|| {
                anyhow::anyhow!("the metrics token must have at least 16 characters")
            })?),
        };
        Ok(())
    }

    pub fn grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }
}

/// Triggers the shutdown on Ctrl-C or SIGTERM.
pub fn watch_signals(shutdown: Shutdown) {
    tokio::spawn(async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {},
            () = terminate => {},
        }
        shutdown.trigger();
    });
}

/// Serves until the shutdown is triggered, then: stops accepting, lets requests in flight
/// finish, stops the background tasks and closes the pool — all within `grace`; whatever is
/// still running then is dropped.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: Shutdown,
    grace: Duration,
    tasks: Vec<JoinHandle<()>>,
    db: Db,
) -> anyhow::Result<()> {
    let stop = shutdown.clone();
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move { stop.wait().await })
    .into_future();
    tokio::pin!(server);
    let deadline = tokio::select! {
        served = &mut server => {
            served?;
            Instant::now() + grace
        }
        () = shutdown.wait() => {
            tracing::info!(grace_secs = grace.as_secs(), "shutting down: finishing requests in flight");
            let deadline = Instant::now() + grace;
            match tokio::time::timeout_at(deadline, &mut server).await {
                Ok(served) => served?,
                Err(_) => tracing::warn!("requests still running when the grace period ended were dropped"),
            }
            deadline
        }
    };
    shutdown.trigger();
    let aborted = crate::shutdown::join_all(tasks, deadline).await;
    if aborted > 0 {
        tracing::warn!(
            tasks = aborted,
            "background tasks stopped at the end of the grace period"
        );
    }
    if tokio::time::timeout_at(deadline + Duration::from_secs(1), db.close())
        .await
        .is_err()
    {
        tracing::warn!("database connections still busy at exit");
    }
    tracing::info!("stopped");
    Ok(())
}
