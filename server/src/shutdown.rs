//! Stopping cleanly: one signal that the HTTP server, readiness and every background task
//! watch.
//!
//! On SIGTERM (or Ctrl-C) `linli serve` triggers it: `/api/v1/ready` answers 503 at once so a
//! load balancer stops sending new requests, the listener stops accepting, requests in flight
//! run to their end, background tasks finish the round they are in and stop, and the pool is
//! closed — all within the grace period, after which whatever is left is dropped.
use std::{future::Future, sync::Arc, time::Duration};

use tokio::{
    sync::{Notify, watch},
    task::JoinHandle,
};

/// A cheap-to-clone handle on the shutdown signal.
#[derive(Debug, Clone)]
pub struct Shutdown(Arc<watch::Sender<bool>>);

impl Default for Shutdown {
    fn default() -> Self {
        Self(Arc::new(watch::Sender::new(false)))
    }
}

impl Shutdown {
    /// Starts the shutdown (idempotent).
    pub fn trigger(&self) {
        self.0.send_replace(true);
    }

    pub fn is_triggered(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once the shutdown has started.
    pub async fn wait(&self) {
        let mut rx = self.0.subscribe();
        // The sender lives in `self`, so the channel cannot close while we wait.
        let _ = rx.wait_for(|stopping| *stopping).await;
    }
}

/// Runs `round` every `every` (the first round at once) until the shutdown starts; a round in
/// progress is finished, none is started after the signal.
pub fn periodic<F, Fut>(shutdown: &Shutdown, every: Duration, round: F) -> JoinHandle<()>
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    periodic_or_woken(shutdown, every, Arc::default(), round)
}

/// [`periodic`], with an extra round whenever `wake` is notified (work someone waits for).
pub fn periodic_or_woken<F, Fut>(
    shutdown: &Shutdown,
    every: Duration,
    wake: Arc<Notify>,
    mut round: F,
) -> JoinHandle<()>
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let shutdown = shutdown.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                biased;
                () = shutdown.wait() => break,
                () = wake.notified() => round().await,
                _ = tick.tick() => round().await,
            }
        }
    })
}

/// Waits for background tasks to end, at most until `deadline`; the ones still running then
/// are aborted. Returns how many had to be aborted.
pub async fn join_all(tasks: Vec<JoinHandle<()>>, deadline: tokio::time::Instant) -> usize {
    let mut aborted = 0;
    for mut task in tasks {
        if tokio::time::timeout_at(deadline, &mut task).await.is_err() {
            task.abort();
            aborted += 1;
        }
    }
    aborted
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[tokio::test]
    async fn periodic_work_stops_when_the_shutdown_starts() {
        let shutdown = Shutdown::default();
        let rounds = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&rounds);
        let task = periodic(&shutdown, Duration::from_millis(5), move || {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        });
        while rounds.load(Ordering::SeqCst) < 3 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(!shutdown.is_triggered());
        shutdown.trigger();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        assert_eq!(join_all(vec![task], deadline).await, 0, "ended by itself");
        let after = rounds.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert_eq!(
            rounds.load(Ordering::SeqCst),
            after,
            "no round after the end"
        );
        assert!(shutdown.is_triggered());
    }

    #[tokio::test]
    async fn a_task_that_does_not_stop_is_aborted_at_the_deadline() {
        let stuck = tokio::spawn(std::future::pending::<()>());
        let deadline = tokio::time::Instant::now() + Duration::from_millis(50);
        assert_eq!(join_all(vec![stuck], deadline).await, 1);
    }
}
