//! Reads that concurrent requests share. A cache that is never stale must ask the database for
//! the current versions of what it holds on every request; at the release rush thousands of
//! requests ask at once. A [`Coalesced`] reader runs one query at a time for all the keys
//! asked for meanwhile: a request joins the next query that has not started yet, never one
//! already running, so its answer is read after the request arrived and includes every write
//! committed before it (through any instance). Under load one query serves many requests;
//! alone, a request costs one query as before. Queries run on the connections kept for reads
//! ([`Db::for_reads`]), so they never wait behind writers for a connection.
//!
//! (Batching loaders such as `dataloader` wait a fixed delay to gather keys, which adds that
//! delay to every lone request; this one only gathers while a query is running.)
use std::{
    collections::{HashMap, HashSet},
    future::Future,
    hash::Hash,
    pin::Pin,
    sync::{Arc, Mutex},
};

use tokio::sync::oneshot;

use crate::{
    Db,
    error::{ApiError, ApiResult},
};

type Answer<K, V> = Result<Arc<HashMap<K, V>>, ApiError>;
/// What a fetch returns: the values of the keys it was given.
pub type Fetched<K, V> = Pin<Box<dyn Future<Output = ApiResult<HashMap<K, V>>> + Send>>;
type Fetch<K, V> = fn(Db, Vec<K>) -> Fetched<K, V>;

struct Pending<K, V> {
    running: bool,
    keys: HashSet<K>,
    waiters: Vec<oneshot::Sender<Answer<K, V>>>,
}

/// A reader of `K → V` whose concurrent reads share queries; cheap to clone.
pub struct Coalesced<K, V> {
    pending: Arc<Mutex<Pending<K, V>>>,
    fetch: Fetch<K, V>,
}

impl<K, V> Clone for Coalesced<K, V> {
    fn clone(&self) -> Self {
        Self {
            pending: Arc::clone(&self.pending),
            fetch: self.fetch,
        }
    }
}

impl<K, V> Coalesced<K, V>
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    /// A reader that answers a set of keys with `fetch` (keys without a row are left out).
    pub fn new(fetch: Fetch<K, V>) -> Self {
        Self {
            pending: Arc::new(Mutex::new(Pending {
                running: false,
                keys: HashSet::new(),
                waiters: Vec::new(),
            })),
            fetch,
        }
    }

    /// The current values of `keys` (and maybe of others asked for at the same time), read
    /// after this call began.
    pub async fn get(&self, db: &Db, keys: impl IntoIterator<Item = K>) -> Answer<K, V> {
        let (tx, rx) = oneshot::channel();
        let start = {
            let mut p = self.lock();
            p.keys.extend(keys);
            p.waiters.push(tx);
            !std::mem::replace(&mut p.running, true)
        };
        if start {
            // A task of its own, so a request that goes away cannot strand the others.
            tokio::spawn(run(Arc::clone(&self.pending), self.fetch, db.for_reads()));
        }
        rx.await
            .unwrap_or_else(|_| Err(ApiError::Internal("coalesced read dropped".into())))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pending<K, V>> {
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Runs queries while requests wait, each for the keys gathered while the previous one ran.
async fn run<K, V>(pending: Arc<Mutex<Pending<K, V>>>, fetch: Fetch<K, V>, db: Db)
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    loop {
        let (keys, waiters) = {
            let mut p = pending
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if p.waiters.is_empty() {
                p.running = false;
                return;
            }
            (std::mem::take(&mut p.keys), std::mem::take(&mut p.waiters))
        };
        let answer = fetch(db.clone(), keys.into_iter().collect()).await;
        let answer = answer.map(Arc::new);
        for w in waiters {
            // A waiter that went away no longer needs its answer.
            let _ = w.send(match &answer {
                Ok(map) => Ok(Arc::clone(map)),
                Err(e) => Err(e.shared()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    static QUERIES: AtomicUsize = AtomicUsize::new(0);

    fn squares(_db: Db, keys: Vec<i64>) -> Fetched<i64, i64> {
        Box::pin(async move {
            QUERIES.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            Ok(keys.into_iter().map(|k| (k, k * k)).collect())
        })
    }

    #[tokio::test]
    async fn requests_that_arrive_during_a_query_share_the_next_one() {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("memory database");
        let reader = Coalesced::new(squares);
        let first = tokio::spawn({
            let (reader, db) = (reader.clone(), db.clone());
            async move { reader.get(&db, [2]).await }
        });
        // The first query is running; these fifty wait for the next one.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let later: Vec<_> = (0..50)
            .map(|k| {
                let (reader, db) = (reader.clone(), db.clone());
                tokio::spawn(async move { (k, reader.get(&db, [k]).await) })
            })
            .collect();
        assert_eq!(
            first.await.expect("task").expect("answer").get(&2),
            Some(&4)
        );
        for h in later {
            let (k, answer) = h.await.expect("task");
            assert_eq!(answer.expect("answer").get(&k), Some(&(k * k)));
        }
        assert_eq!(
            QUERIES.load(Ordering::SeqCst),
            2,
            "the first query and one for all fifty"
        );
        assert_eq!(
            reader.get(&db, [3]).await.expect("answer").get(&3),
            Some(&9)
        );
        assert_eq!(
            QUERIES.load(Ordering::SeqCst),
            3,
            "alone, a request runs its own query"
        );
    }
}
