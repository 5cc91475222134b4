//! The directory's embedded search index (Tantivy): each server process keeps its own under
//! `--data-dir/search-index` and follows the database's change log ([`super::search_log`]).
//!
//! - SQL stays the source of truth and the fallback: until the index is ready (first build,
//!   rebuild of a corrupt or older index), and for what it does not answer (open now), search
//!   runs the SQL path, which is also the tests' oracle.
//! - One document per public service at a location ([`schema`]); one pass of a custom
//!   collector gives the exact total, the facet groups and the ranked page ([`collect`]);
//!   SQL then only loads the page's rows.
//! - The follower task applies the log in `seq` order, deleting and re-adding the documents
//!   of each changed service, and stores the last applied `seq` in the payload of the same
//!   commit: a crash never skips or repeats a change. A log row without a service rebuilds
//!   everything (a bulk load, `linli search reindex`); readers see the old index until the
//!   rebuild commits.
//! - Every search first reads the newest `seq` with the directory's and calendar's versions
//!   (one query, [`Versions`], shared by concurrent searches and by the reference data and
//!   "open now" of the same search) and, when the index is behind, wakes the follower and
//!   waits for it (at most [`CATCH_UP_WAIT`]): an edit is found by the next search on any
//!   instance. The follower also polls every [`POLL`].
mod collect;
mod open;
mod schema;

use std::{
    path::{Path, PathBuf},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};
use tokio::sync::{Notify, Semaphore, watch};

pub use self::collect::{Found, Preference};
use self::{collect::Hits, schema::Fields};
use super::{hits::Cards, pages::Versions, search::Filters, search_log, segment};
use crate::{Db, calendar::WorkCalendar, shutdown::Shutdown};

/// How often the follower looks at the log when nothing woke it.
pub const POLL: Duration = Duration::from_millis(500);
/// How long a search waits for the index to apply changes it has not seen yet.
pub const CATCH_UP_WAIT: Duration = Duration::from_secs(2);
/// The bytes of whole answers a process keeps (about 12 KB each for a page of 20 hits).
const KEPT_ANSWER_BYTES: u64 = 64 * 1024 * 1024;
/// Services loaded and indexed per batch.
const BATCH: i64 = 2_000;
/// The indexing writer's memory (Tantivy needs at least 15 MB per thread).
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// The index of this process, or none (tests and tools that search through SQL only).
#[derive(Clone, Default)]
pub struct SearchIndex(Option<Arc<Engine>>);

struct Engine {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// The change-log position of what searches see.
    applied: watch::Sender<i64>,
    /// Whether the first build or catch-up has finished.
    ready: AtomicBool,
    /// Whether the last round of the follower succeeded: searches wait for it only then (a
    /// follower that keeps failing must not slow every search down).
    following: AtomicBool,
    /// Whether the stored index must be rebuilt before it is used.
    rebuild: AtomicBool,
    /// Searches the index answered (the rest went through SQL).
    answered: AtomicU64,
    /// Searches answered with a kept answer.
    reused: AtomicU64,
    open_now: open::OpenNow,
    /// Whole answers of searches made now without a position, by their parameters and the
    /// searcher's home community (see [`Stamp`]); at most [`KEPT_ANSWER_BYTES`].
    answers: moka::sync::Cache<String, Arc<(Stamp, axum::body::Bytes)>>,
    /// The cards of hits, under their documents' versions.
    cards: Cards,
    wake: Notify,
    /// Searches run on blocking threads, a few at a time.
    searches: Semaphore,
    dir: PathBuf,
}

/// What an answer depends on: the search log (services), the directory's and the calendar's
/// versions (hours, reference data) and the minute (open-now statuses). A kept answer is used
/// only under an equal stamp, so it is never staler than an answer computed afresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    log: i64,
    directory: i64,
    calendar: i64,
    minute: i64,
}

/// What a commit records besides the documents.
#[derive(Serialize, Deserialize)]
struct Payload {
    version: u32,
    cursor: i64,
}

/// What a search is answered against: the database, the versions taken for this search (kept
/// fresh in memory or read: [`super::pages`]), and the holiday calendar of the reference data
/// loaded under them.
#[derive(Clone, Copy)]
pub struct Against<'a> {
    pub db: &'a Db,
    pub versions: Versions,
    pub calendar: &'a WorkCalendar,
}

/// The state the health endpoint reports.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Status {
    /// `off`, `building` or `ready`.
    pub state: &'static str,
    /// The change-log position the index has applied.
    pub applied: i64,
    pub documents: u64,
    /// Searches answered from the index since the process started.
    pub answered: u64,
    /// Searches answered with a kept answer since the process started.
    pub reused: u64,
}

impl SearchIndex {
    /// Opens (or creates) the index under `dir` and starts following the change log. An
    /// unreadable index, or one of another version, is removed and rebuilt, with a warning.
    pub fn open(
        db: &Db,
        dir: &Path,
        shutdown: &Shutdown,
    ) -> anyhow::Result<(Self, tokio::task::JoinHandle<()>)> {
        let fields = Fields::new();
        let (index, cursor) = open_or_create(dir, &fields)?;
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let engine = Arc::new(Engine {
            reader,
            writer: Mutex::new(writer),
            fields,
            applied: watch::Sender::new(cursor.unwrap_or(0)),
            ready: AtomicBool::new(false),
            following: AtomicBool::new(true),
            rebuild: AtomicBool::new(cursor.is_none()),
            answered: AtomicU64::new(0),
            reused: AtomicU64::new(0),
            open_now: open::OpenNow::default(),
            answers: moka::sync::Cache::builder()
                .weigher(|key: &String, kept: &Arc<(Stamp, axum::body::Bytes)>| {
                    u32::try_from(key.len() + kept.1.len()).unwrap_or(u32::MAX)
                })
                .max_capacity(KEPT_ANSWER_BYTES)
                .time_to_idle(Duration::from_secs(600))
                .build(),
            cards: Cards::new(super::hits::KEPT_CARDS),
            wake: Notify::new(),
            searches: Semaphore::new(4),
            dir: dir.to_path_buf(),
        });
        let task = tokio::spawn(follow(Arc::clone(&engine), db.clone(), shutdown.clone()));
        Ok((Self(Some(engine)), task))
    }

    pub fn is_ready(&self) -> bool {
        self.0
            .as_ref()
            .is_some_and(|e| e.ready.load(Ordering::Acquire))
    }

    /// Waits until the first build or catch-up is done; false when `bound` passed first.
    pub async fn wait_ready(&self, bound: Duration) -> bool {
        let Some(engine) = &self.0 else { return false };
        let start = Instant::now();
        while !engine.ready.load(Ordering::Acquire) {
            if start.elapsed() > bound {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        true
    }

    /// The change-log position the index has applied (0 when it is off): a search asked
    /// afterwards holds every change up to it.
    pub fn applied(&self) -> i64 {
        self.0.as_ref().map_or(0, |e| *e.applied.borrow())
    }

    pub fn status(&self) -> Status {
        match &self.0 {
            None => Status {
                state: "off",
                applied: 0,
                documents: 0,
                answered: 0,
                reused: 0,
            },
            Some(e) => Status {
                state: if e.ready.load(Ordering::Acquire) {
                    "ready"
                } else {
                    "building"
                },
                applied: *e.applied.borrow(),
                documents: e.reader.searcher().num_docs(),
                answered: e.answered.load(Ordering::Relaxed),
                reused: e.reused.load(Ordering::Relaxed),
            },
        }
    }

    /// Searches the index: `None` when it cannot answer (off, not ready, or an error, logged),
    /// and the caller searches through SQL instead. Keeps the best `keep` hits. The caller
    /// counts the answer it uses ([`Self::count_answered`]): a search may ask twice.
    pub async fn search(
        &self,
        against: Against<'_>,
        query: &segment::Query,
        filters: &Filters,
        prefer: &Preference,
        keep: usize,
    ) -> Option<Found> {
        let engine = self.0.as_ref()?;
        if !engine.ready.load(Ordering::Acquire) {
            return None;
        }
        engine.catch_up(against.versions.log).await;
        self.search_index_only(against, query, filters, prefer, keep)
            .await
    }

    /// Counts a search answered from the index ([`Status::answered`]).
    pub fn count_answered(&self) {
        if let Some(engine) = &self.0 {
            engine.answered.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// [`Self::search`] without waiting for changes not applied yet (the benchmark's index-only
    /// time, the check behind a counted miss).
    pub async fn search_index_only(
        &self,
        against: Against<'_>,
        query: &segment::Query,
        filters: &Filters,
        prefer: &Preference,
        keep: usize,
    ) -> Option<Found> {
        let engine = self.0.as_ref()?;
        let open = match &filters.open_now {
            None => None,
            Some(moments) => match engine.open_now.locations(against, moments).await {
                Ok(set) => Some(set),
                Err(e) => {
                    tracing::warn!(error = %e, "could not read opening hours; searching through SQL");
                    return None;
                }
            },
        };
        let tantivy_query = engine.fields.query(query, filters);
        let _permit = engine.searches.acquire().await.ok()?;
        let searcher = engine.reader.searcher();
        let collector = Hits {
            names: engine.fields.names(),
            keep,
            open,
            prefer: prefer.clone(),
        };
        let found = tokio::task::spawn_blocking(move || {
            searcher.search(tantivy_query.as_ref(), &collector)
        })
        .await;
        match found {
            Ok(Ok(found)) => Some(found),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "search index failed; searching through SQL");
                None
            }
            Err(e) => {
                tracing::warn!(error = %e, "search index task failed; searching through SQL");
                None
            }
        }
    }
}

impl SearchIndex {
    /// The stamp of an answer computed now under versions `v` read just before; `None` when
    /// the index is off or not ready, so nothing is kept.
    pub fn stamp(&self, v: Versions, now: i64) -> Option<Stamp> {
        let engine = self.0.as_ref()?;
        if !engine.ready.load(Ordering::Acquire) {
            return None;
        }
        Some(Stamp {
            log: v.log,
            directory: v.directory,
            calendar: v.calendar,
            minute: now.div_euclid(60),
        })
    }

    /// The answer kept for `key` under `stamp`.
    pub fn answer(&self, key: &str, stamp: Stamp) -> Option<axum::body::Bytes> {
        let engine = self.0.as_ref()?;
        let kept = engine.answers.get(key)?;
        (kept.0 == stamp).then(|| {
            engine.reused.fetch_add(1, Ordering::Relaxed);
            kept.1.clone()
        })
    }

    /// The cards of hits this process keeps (none without an index).
    pub fn cards(&self) -> Option<&Cards> {
        self.0.as_ref().map(|e| &e.cards)
    }

    /// Keeps an answer computed after `stamp` was read.
    pub fn keep_answer(&self, key: String, stamp: Stamp, body: axum::body::Bytes) {
        if let Some(engine) = &self.0 {
            engine.answers.insert(key, Arc::new((stamp, body)));
        }
    }
}

impl Engine {
    /// Waits (bounded) until the index has applied the changes up to `latest`, the log's
    /// newest position read for this search.
    async fn catch_up(&self, latest: i64) {
        if *self.applied.borrow() >= latest || !self.following.load(Ordering::Acquire) {
            return;
        }
        self.wake.notify_one();
        let mut rx = self.applied.subscribe();
        if tokio::time::timeout(CATCH_UP_WAIT, rx.wait_for(|n| *n >= latest))
            .await
            .is_err()
        {
            tracing::warn!(
                latest,
                "the search index is behind; answering from it anyway"
            );
        }
    }
}

/// Opens the index with its cursor, or creates an empty one (cursor `None`: build it).
fn open_or_create(dir: &Path, fields: &Fields) -> anyhow::Result<(Index, Option<i64>)> {
    if dir.join("meta.json").exists() {
        match open_existing(dir) {
            Ok(Some((index, cursor))) => {
                Fields::register_tokenizer(&index);
                return Ok((index, Some(cursor)));
            }
            Ok(None) => {
                tracing::info!(dir = %dir.display(), "the search index is of another version; rebuilding it")
            }
            Err(e) => {
                tracing::warn!(dir = %dir.display(), error = %e, "the search index cannot be read; rebuilding it")
            }
        }
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let index = Index::create_in_dir(dir, fields.schema.clone())?;
    Fields::register_tokenizer(&index);
    Ok((index, None))
}

/// The index and its cursor when it is readable and of this version.
fn open_existing(dir: &Path) -> anyhow::Result<Option<(Index, i64)>> {
    let index = Index::open_in_dir(dir)?;
    let payload = index.load_metas()?.payload;
    let Some(payload) = payload.and_then(|p| serde_json::from_str::<Payload>(&p).ok()) else {
        return Ok(None);
    };
    if payload.version != schema::VERSION || index.schema() != Fields::new().schema {
        return Ok(None);
    }
    // Opening a reader loads every segment: a damaged one fails here.
    let reader: IndexReader = index.reader_builder().try_into()?;
    drop(reader);
    Ok(Some((index, payload.cursor)))
}

/// The follower: builds or catches up, then applies the log whenever woken or polled.
async fn follow(engine: Arc<Engine>, db: Db, shutdown: Shutdown) {
    loop {
        match sync(&engine, &db).await {
            Ok(()) => {
                engine.ready.store(true, Ordering::Release);
                engine.following.store(true, Ordering::Release);
            }
            Err(e) => {
                engine.following.store(false, Ordering::Release);
                tracing::warn!(error = %e, dir = %engine.dir.display(), "search index update failed; retrying");
            }
        }
        tokio::select! {
            biased;
            () = shutdown.wait() => break,
            () = engine.wake.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Applies every change after the index's cursor (rebuilding first when asked to).
async fn sync(engine: &Arc<Engine>, db: &Db) -> anyhow::Result<()> {
    if engine.rebuild.load(Ordering::Acquire) {
        let start = search_log::latest(db).await?;
        rebuild(engine, db, start).await?;
        engine.rebuild.store(false, Ordering::Release);
    }
    loop {
        let cursor = *engine.applied.borrow();
        let log = search_log::since(db, cursor, 10_000).await?;
        let Some(last) = log.last().map(|c| c.seq) else {
            return Ok(());
        };
        if log.iter().any(|c| c.service_id.is_none()) {
            let start = search_log::latest(db).await?.max(last);
            rebuild(engine, db, start).await?;
            continue;
        }
        let mut ids: Vec<i64> = log.iter().filter_map(|c| c.service_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let ancestors = crate::regions::store::ancestors(db).await?;
        for chunk in ids.chunks(usize::try_from(BATCH).unwrap_or(2_000)) {
            let batch = schema::load(db, chunk).await?;
            let engine = Arc::clone(engine);
            let chunk = chunk.to_vec();
            let ancestors = ancestors.clone();
            blocking(move || engine.replace(&chunk, &batch, &ancestors, last)).await?;
        }
        commit(engine, last).await?;
    }
}

/// Replaces every document with what the tables hold now; `cursor` is a change-log position
/// read before the tables were (changes after it are applied again, which is harmless).
async fn rebuild(engine: &Arc<Engine>, db: &Db, cursor: i64) -> anyhow::Result<()> {
    let started = Instant::now();
    {
        let engine = Arc::clone(engine);
        blocking(move || {
            engine.writer()?.delete_all_documents()?;
            Ok(())
        })
        .await?;
    }
    let ancestors = crate::regions::store::ancestors(db).await?;
    let mut after = 0;
    loop {
        let ids = schema::service_ids_after(db, after, BATCH).await?;
        let Some(&last) = ids.last() else { break };
        after = last;
        let batch = schema::load(db, &ids).await?;
        let engine = Arc::clone(engine);
        let ancestors = ancestors.clone();
        blocking(move || engine.replace(&[], &batch, &ancestors, cursor)).await?;
    }
    commit(engine, cursor).await?;
    tracing::info!(
        documents = engine.reader.searcher().num_docs(),
        seconds = started.elapsed().as_secs_f64(),
        "search index built"
    );
    Ok(())
}

/// Commits with the cursor in the payload, then shows the commit to searches.
async fn commit(engine: &Arc<Engine>, cursor: i64) -> anyhow::Result<()> {
    let e = Arc::clone(engine);
    blocking(move || {
        let mut writer = e.writer()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(&Payload {
            version: schema::VERSION,
            cursor,
        })?);
        prepared.commit()?;
        drop(writer);
        e.reader.reload()?;
        Ok(())
    })
    .await?;
    engine.applied.send_replace(cursor);
    Ok(())
}

impl Engine {
    fn writer(&self) -> anyhow::Result<std::sync::MutexGuard<'_, IndexWriter>> {
        self.writer
            .lock()
            .map_err(|_| anyhow::anyhow!("the search index writer was poisoned"))
    }

    /// Deletes the documents of `deleted` services and adds the batch's documents, made at
    /// change-log position `version` (read before the batch was loaded).
    fn replace(
        &self,
        deleted: &[i64],
        batch: &schema::Batch,
        ancestors: &std::collections::HashMap<i64, Vec<i64>>,
        version: i64,
    ) -> anyhow::Result<()> {
        let writer = self.writer()?;
        for id in deleted {
            writer.delete_term(tantivy::Term::from_field_u64(
                self.fields.service,
                u64::try_from(*id).unwrap_or(0),
            ));
        }
        for row in &batch.rows {
            let terms = batch
                .terms
                .get(&row.service_id)
                .map_or(&[][..], Vec::as_slice);
            let regions = ancestors.get(&row.region_id).map_or(&[][..], Vec::as_slice);
            writer.add_document(self.fields.document(row, terms, regions, version))?;
        }
        Ok(())
    }
}

async fn blocking(f: impl FnOnce() -> anyhow::Result<()> + Send + 'static) -> anyhow::Result<()> {
    tokio::task::spawn_blocking(f).await?
}
