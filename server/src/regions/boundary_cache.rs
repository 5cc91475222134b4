//! The community boundaries of this instance, in memory under the version the database keeps
//! (`region_boundaries_version`, bumped by trigger whenever a boundary changes or its community
//! is retired or restored). A placement asks for the version first (one small query) and
//! reloads only when it changed, so an import by `linli regions import` (another process) or
//! through any instance is seen by every instance's next placement.
use std::sync::{Arc, Mutex};

use super::{boundaries, boundary::Boundary};
use crate::Db;

/// Boundaries as loaded at one version.
#[derive(Debug)]
pub struct Loaded {
    pub version: i64,
    /// By community code, in code order.
    pub boundaries: Vec<(String, Boundary)>,
}

/// Cheap to clone (the cached set is shared).
#[derive(Debug, Clone, Default)]
pub struct BoundaryCache(Arc<Mutex<Option<Arc<Loaded>>>>);

impl BoundaryCache {
    /// The boundaries now in force.
    pub async fn current(&self, db: &Db) -> Result<Arc<Loaded>, sqlx::Error> {
        let version: i64 =
            sqlx::query_scalar("SELECT version FROM region_boundaries_version WHERE id = 1")
                .fetch_one(db.pool())
                .await?;
        let cached = self.0.lock().ok().and_then(|c| c.clone());
        if let Some(loaded) = cached
            && loaded.version == version
        {
            return Ok(loaded);
        }
        // Read after the version: at worst newer than `version`, then reloaded once more.
        let loaded = Arc::new(Loaded {
            version,
            boundaries: boundaries::in_use(db).await?,
        });
        if let Ok(mut c) = self.0.lock() {
            *c = Some(Arc::clone(&loaded));
        }
        Ok(loaded)
    }
}
