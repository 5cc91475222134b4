//! Public service pages from memory. What a page shows is loaded from a dozen tables (the
//! service, its locations and their hours, phones, accessibility, terms, guide records, the
//! taxonomy and the holiday calendar); it is kept per service under the versions the database
//! keeps (`directory_version`, `calendar_version`, bumped by triggers in the transaction of
//! every write to them). A page view or a search uses what is kept only when its versions equal
//! the current ones, which also hold the search log's newest position (what the search index is
//! checked against).
//!
//! The current versions come from memory when they can ([`ServicePages::follow`]): a follower
//! task reads them every [`FOLLOW_POLL`], and at once when PostgreSQL notifies a change
//! (migration 0040), and a view takes the last read while it is younger than [`FRESH`] and no
//! write has been answered by this process since it began ([`crate::http::writes_answered`]).
//! Otherwise the view reads them itself (one query, shared with the views that arrive while
//! another runs: [`crate::coalesce`]). So an edit shows on the next view on the instance that
//! took it, and on every other instance within about a second. What depends on the time of the
//! view (open now, today's exceptions, "needs review") is computed on each view from what is
//! kept.
use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use moka::sync::Cache;

use super::{
    hours::Hours,
    store::{
        self, AccessibilityRow, LocationRecord, PhoneRow, ServiceChildren, ServiceRecord, Taxonomy,
    },
};
use crate::{
    Db,
    calendar::{self, WorkCalendar},
    coalesce::Coalesced,
    db::Backend,
    error::ApiResult,
    shutdown::Shutdown,
};

/// How long versions read by this process stand for the database's, when no write was
/// answered by this process since the read began.
pub const FRESH: Duration = Duration::from_secs(1);
/// How often the follower reads the versions when no notification woke it.
pub const FOLLOW_POLL: Duration = Duration::from_millis(500);
/// The channel the triggers of migration 0040 notify when the versions change.
const CHANNEL: &str = "linli_directory";

/// The database's versions as of one read: what a kept page was loaded under, and what a
/// search is answered against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    /// The search log's newest position (0 when empty).
    pub log: i64,
    pub directory: i64,
    pub calendar: i64,
}

/// Reference data every page and search uses: the taxonomy, the holiday calendar, and for
/// search the regions by code, the districts (a facet), the locations' time zones and the
/// synonyms.
#[derive(Debug)]
pub struct Reference {
    pub taxonomy: Taxonomy,
    pub calendar: WorkCalendar,
    pub regions: HashMap<String, i64>,
    /// `(id, code, name)` in display order.
    pub districts: Vec<(i64, String, app::api::Text)>,
    pub time_zones: Vec<String>,
    /// Word → the words it also means.
    pub synonyms: HashMap<String, Vec<String>>,
    /// Region → itself and every region above it.
    pub ancestors: HashMap<i64, Vec<i64>>,
}

/// Everything a service page is built from, as loaded.
#[derive(Debug)]
pub struct Loaded {
    pub service: ServiceRecord,
    pub locations: Vec<LocationRecord>,
    pub hours: HashMap<i64, Hours>,
    pub location_phones: Vec<PhoneRow>,
    pub accessibility: Vec<AccessibilityRow>,
    pub service_phones: Vec<PhoneRow>,
    pub terms: Vec<i64>,
    pub children: ServiceChildren,
}

impl Loaded {
    /// Loads the page of `service`, with exceptions to opening hours from `from` on.
    pub async fn load(db: &Db, service: ServiceRecord, from: jiff::civil::Date) -> ApiResult<Self> {
        let location_ids = store::service_location_ids(db, service.id).await?;
        let locations = store::locations_by_ids(db, &location_ids).await?;
        let follows: Vec<(i64, bool)> = locations
            .iter()
            .map(|l| (l.id, l.follows_workday_calendar == 1))
            .collect();
        Ok(Self {
            hours: store::hours_of(db, &follows, from).await?,
            location_phones: store::phones_of_locations(db, &location_ids).await?,
            accessibility: store::accessibility_of(db, &location_ids).await?,
            service_phones: store::phones_of_services(db, &[service.id]).await?,
            terms: store::terms_of(db, &[service.id])
                .await?
                .remove(&service.id)
                .unwrap_or_default(),
            children: store::children(db, service.id).await?,
            locations,
            service,
        })
    }
}

impl Reference {
    /// The district a region lies in (itself, when it is one): `(id, code, name)`.
    pub fn district_of(&self, region: i64) -> Option<&(i64, String, app::api::Text)> {
        let above = self.ancestors.get(&region)?;
        self.districts.iter().find(|(id, _, _)| above.contains(id))
    }

    /// Score factors for hits by region, for someone living in `home`: ×1.5 in the same
    /// community, ×1.3 in the same subdistrict, ×1.15 in the same district (regions sharing
    /// all, all but one, all but two of `home`'s ancestors).
    pub fn boosts_near(&self, home: i64) -> HashMap<u64, f32> {
        let Some(mine) = self.ancestors.get(&home) else {
            return HashMap::new();
        };
        let depth = mine.len();
        self.ancestors
            .iter()
            .filter_map(|(region, theirs)| {
                let shared = theirs.iter().filter(|a| mine.contains(a)).count();
                let factor = match depth.saturating_sub(shared) {
                    0 => 1.5,
                    1 => 1.3,
                    2 if depth >= 3 => 1.15,
                    _ => return None,
                };
                Some((u64::try_from(*region).ok()?, factor))
            })
            .collect()
    }

    pub async fn load(db: &Db) -> ApiResult<Self> {
        let regions: Vec<(String, i64)> = sqlx::query_as("SELECT code, id FROM regions")
            .fetch_all(db.pool())
            .await?;
        let districts =
            crate::regions::store::at_level(db, app::api::regions::RegionLevel::District)
                .await?
                .into_iter()
                .map(|r| (r.id, r.code, app::api::Text::new(r.name_zh, r.name_en)))
                .collect();
        let pairs: Vec<(String, String)> =
            sqlx::query_as("SELECT term, synonym FROM dir_synonyms ORDER BY term, synonym")
                .fetch_all(db.pool())
                .await?;
        let ancestors = crate::regions::store::ancestors(db).await?;
        let mut synonyms: HashMap<String, Vec<String>> = HashMap::new();
        for (term, synonym) in pairs {
            synonyms.entry(term).or_default().push(synonym);
        }
        Ok(Self {
            taxonomy: Taxonomy::load(db).await?,
            calendar: calendar::store::load(db).await?,
            regions: regions.into_iter().collect(),
            districts,
            time_zones: super::search::time_zones(db).await?,
            synonyms,
            ancestors,
        })
    }
}

/// A listener on the versions' channel; `None` (polling covers) when it cannot connect.
async fn listen(database_url: &str) -> Option<sqlx::postgres::PgListener> {
    let connected = async {
        let mut l = sqlx::postgres::PgListener::connect(database_url).await?;
        l.listen(CHANNEL).await?;
        Ok::<_, sqlx::Error>(l)
    };
    connected
        .await
        .inspect_err(|e| tracing::debug!(error = %e, "cannot listen for directory changes"))
        .ok()
}

/// A service as kept: `None` when it does not exist.
type Kept = Arc<(Versions, Option<Arc<Loaded>>)>;

/// Versions as read, with the writes this process had answered when the read began, and when
/// it began.
#[derive(Debug, Clone, Copy)]
struct Seen {
    versions: Versions,
    writes: u64,
    at: Instant,
}

/// The per-instance store of service pages; cheap to clone (the maps are shared).
#[derive(Clone)]
pub struct ServicePages {
    reference: Cache<(), Arc<(Versions, Arc<Reference>)>>,
    services: Cache<i64, Kept>,
    reads: Coalesced<(), Seen>,
    /// The newest read of the versions (by when it began).
    seen: Arc<Mutex<Option<Seen>>>,
    /// Whether a follower keeps `seen` fresh: only then is it used instead of a read.
    followed: Arc<AtomicBool>,
    /// Reads of the versions asked for (by views, searches and the follower).
    asked: Arc<AtomicU64>,
}

impl Default for ServicePages {
    fn default() -> Self {
        Self {
            reference: Cache::new(1),
            // The most viewed services of a city; the rest load on view.
            services: Cache::builder()
                .max_capacity(20_000)
                .time_to_idle(Duration::from_secs(30 * 60))
                .build(),
            reads: Coalesced::new(|db, _| Box::pin(async move { read_versions(&db).await })),
            seen: Arc::default(),
            followed: Arc::default(),
            asked: Arc::default(),
        }
    }
}

async fn read_versions(db: &Db) -> ApiResult<HashMap<(), Seen>> {
    // Taken before the query, so every write counted here is in what it reads.
    let (writes, at) = (crate::http::writes_answered(), Instant::now());
    let (log, directory, calendar): (Option<i64>, i64, i64) = sqlx::query_as(
        "SELECT (SELECT MAX(seq) FROM dir_search_log), d.version, c.version \
         FROM directory_version d, calendar_version c WHERE d.id = 1 AND c.id = 1",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(HashMap::from([(
        (),
        Seen {
            versions: Versions {
                log: log.unwrap_or(0),
                directory,
                calendar,
            },
            writes,
            at,
        },
    )]))
}

impl ServicePages {
    /// The versions as of now: the follower's last read while it is fresh (see the module's
    /// comment), otherwise read after this call began, by a query shared with the calls made
    /// meanwhile.
    pub async fn versions(&self, db: &Db) -> ApiResult<Versions> {
        match self.fresh() {
            Some(versions) => Ok(versions),
            None => self.read(db).await,
        }
    }

    /// The last read when a follower keeps it, it began less than [`FRESH`] ago and this
    /// process has answered no write since.
    fn fresh(&self) -> Option<Versions> {
        if !self.followed.load(Ordering::Acquire) {
            return None;
        }
        let seen = (*self.seen.lock().unwrap_or_else(PoisonError::into_inner))?;
        (seen.writes == crate::http::writes_answered() && seen.at.elapsed() < FRESH)
            .then_some(seen.versions)
    }

    /// The versions read after this call began, kept when no newer read is.
    async fn read(&self, db: &Db) -> ApiResult<Versions> {
        self.asked.fetch_add(1, Ordering::Relaxed);
        let read = self
            .reads
            .get(db, [()])
            .await?
            .get(&())
            .copied()
            .ok_or_else(|| {
                crate::error::ApiError::Internal("directory_version has no row".into())
            })?;
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.is_none_or(|s| s.at < read.at) {
            *seen = Some(read);
        }
        Ok(read.versions)
    }

    /// How many reads of the versions were asked for since this store was made (several asked
    /// at once share one query).
    pub fn reads_asked(&self) -> u64 {
        self.asked.load(Ordering::Relaxed)
    }

    /// Keeps the versions fresh for this instance's views and searches until `shutdown`: reads
    /// them every [`FOLLOW_POLL`], and on PostgreSQL also as soon as a change is notified.
    pub fn follow(
        &self,
        db: Db,
        database_url: String,
        shutdown: Shutdown,
    ) -> tokio::task::JoinHandle<()> {
        let pages = self.clone();
        let task = tokio::spawn(async move {
            let postgres = db.backend() == Backend::Postgres;
            let (mut listener, mut failing) = (None, false);
            loop {
                if postgres && listener.is_none() {
                    listener = listen(&database_url).await;
                }
                match pages.read(&db).await {
                    // Once per outage: views and searches read (and report) meanwhile.
                    Err(e) if !failing => {
                        tracing::warn!(error = %e, "could not read the directory's versions");
                        failing = true;
                    }
                    Err(_) => {}
                    Ok(_) => failing = false,
                }
                let notified = async {
                    match listener.as_mut() {
                        Some(l) => l.recv().await.is_ok(),
                        None => std::future::pending().await,
                    }
                };
                let listening = tokio::select! {
                    biased;
                    () = shutdown.wait() => break,
                    ok = notified => ok,
                    () = tokio::time::sleep(FOLLOW_POLL) => true,
                };
                if !listening {
                    // Connected again at the next round; meanwhile polling covers.
                    listener = None;
                    tokio::time::sleep(FOLLOW_POLL).await;
                }
            }
        });
        self.followed.store(true, Ordering::Release);
        task
    }

    /// The reference data as of versions `v` read just before, from memory when nothing
    /// changed since it was kept.
    pub async fn reference(&self, db: &Db, v: Versions) -> ApiResult<Arc<Reference>> {
        let reference = match self.reference.get(&()).filter(|e| e.0 == v) {
            Some(e) => Arc::clone(&e.1),
            None => {
                // Loaded after reading `v`, so what is kept is at least as new as `v`.
                let r = Arc::new(Reference::load(db).await?);
                self.reference.insert((), Arc::new((v, Arc::clone(&r))));
                r
            }
        };
        Ok(reference)
    }

    /// The reference data kept and the versions it was kept under, without asking the
    /// database: for a search asked while the versions are read, which checks them after.
    pub fn kept_reference(&self) -> Option<(Versions, Arc<Reference>)> {
        self.reference.get(&()).map(|e| (e.0, Arc::clone(&e.1)))
    }

    /// The reference data and the service `id` (any status: the caller decides what is shown)
    /// as of now, from memory when nothing changed since they were kept.
    pub async fn get(
        &self,
        db: &Db,
        id: i64,
        now: jiff::Timestamp,
    ) -> ApiResult<(Arc<Reference>, Option<Arc<Loaded>>)> {
        let v = self.versions(db).await?;
        let reference = self.reference(db, v).await?;
        if let Some(e) = self.services.get(&id).filter(|e| e.0 == v) {
            return Ok((reference, e.1.clone()));
        }
        // Loaded after reading `v`, so what is kept is at least as new as `v`.
        let loaded = match store::service(db.pool(), id).await? {
            Some(s) => Some(Arc::new(
                Loaded::load(db, s, store::exceptions_from(now)).await?,
            )),
            None => None,
        };
        self.services.insert(id, Arc::new((v, loaded.clone())));
        Ok((reference, loaded))
    }
}
