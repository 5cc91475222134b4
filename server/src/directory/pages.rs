//! Public service pages from memory, never stale. What a page shows is loaded from a dozen
//! tables (the service, its locations and their hours, phones, accessibility, terms, guide
//! records, the taxonomy and the holiday calendar); it is kept per service under the versions
//! the database keeps (`directory_version`, `calendar_version`, bumped by triggers in the
//! transaction of every write to them). A page view or a search reads the current versions
//! first (one query, shared with the views that arrive while another runs:
//! [`crate::coalesce`]; it also reads the search log's newest position, which the search index
//! is checked against) and uses what is kept only when its versions are equal, so an edit
//! through any instance shows on every instance's next view. What depends on the time of the
//! view (open now, today's exceptions, "needs review") is computed on each view from what is
//! kept.
use std::{collections::HashMap, sync::Arc, time::Duration};

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
    error::ApiResult,
};

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

/// A service as kept: `None` when it does not exist.
type Kept = Arc<(Versions, Option<Arc<Loaded>>)>;

/// The per-instance store of service pages; cheap to clone (the maps are shared).
#[derive(Clone)]
pub struct ServicePages {
    reference: Cache<(), Arc<(Versions, Arc<Reference>)>>,
    services: Cache<i64, Kept>,
    reads: Coalesced<(), Versions>,
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
        }
    }
}

async fn read_versions(db: &Db) -> ApiResult<HashMap<(), Versions>> {
    let (log, directory, calendar): (Option<i64>, i64, i64) = sqlx::query_as(
        "SELECT (SELECT MAX(seq) FROM dir_search_log), d.version, c.version \
         FROM directory_version d, calendar_version c WHERE d.id = 1 AND c.id = 1",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(HashMap::from([(
        (),
        Versions {
            log: log.unwrap_or(0),
            directory,
            calendar,
        },
    )]))
}

impl ServicePages {
    /// The versions as of now (read after this call began, by a query shared with the calls
    /// made meanwhile).
    pub async fn versions(&self, db: &Db) -> ApiResult<Versions> {
        self.reads
            .get(db, [()])
            .await?
            .get(&())
            .copied()
            .ok_or_else(|| crate::error::ApiError::Internal("directory_version has no row".into()))
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
