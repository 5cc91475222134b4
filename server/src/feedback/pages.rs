//! The public parts of case pages from memory, never stale. A tracking-code page shows the
//! case row, read on every view, and its public timeline, photos and answers, which are kept
//! per case under the version the database keeps (`feedback_case_versions`, bumped by triggers
//! in the transaction of every write to them). A view reads the current version first (one
//! query, shared with the views that arrive while another runs: [`crate::coalesce`]) and uses
//! what is kept only when it is equal, so a reply through any instance shows on every
//! instance's next view.
use std::{collections::HashMap, sync::Arc, time::Duration};

use moka::sync::Cache;

use super::{store, views::Parts};
use crate::{Db, coalesce::Coalesced, error::ApiResult};

/// The per-instance store of case pages; cheap to clone (the maps are shared).
#[derive(Clone)]
pub struct CasePages {
    parts: Cache<i64, Arc<(i64, Arc<Parts>)>>,
    reads: Coalesced<i64, i64>,
}

impl Default for CasePages {
    fn default() -> Self {
        Self {
            parts: Cache::builder()
                .max_capacity(50_000)
                .time_to_idle(Duration::from_secs(10 * 60))
                .build(),
            reads: Coalesced::new(|db, ids| {
                Box::pin(async move { read_versions(&db, &ids).await })
            }),
        }
    }
}

async fn read_versions(db: &Db, case_ids: &[i64]) -> ApiResult<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT case_id, version FROM feedback_case_versions WHERE case_id IN ({})",
        crate::db::id_list(case_ids)
    ))
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().collect())
}

/// Loads what the public page of case `case_id` shows beside the case row.
pub async fn load_public(db: &Db, case_id: i64) -> ApiResult<Parts> {
    Ok(Parts {
        events: store::events(db, case_id, true).await?,
        photos: store::photos(db, case_id).await?,
        answers: store::answers(db, case_id).await?,
    })
}

impl CasePages {
    /// The public timeline, photos and answers of case `case_id` as of now.
    pub async fn public_parts(&self, db: &Db, case_id: i64) -> ApiResult<Arc<Parts>> {
        let version = self.reads.get(db, [case_id]).await?.get(&case_id).copied();
        if let Some(v) = version
            && let Some(kept) = self.parts.get(&case_id).filter(|e| e.0 == v)
        {
            return Ok(Arc::clone(&kept.1));
        }
        // Loaded after reading `v`, so what is kept is at least as new as `v`.
        let parts = Arc::new(load_public(db, case_id).await?);
        if let Some(v) = version {
            self.parts
                .insert(case_id, Arc::new((v, Arc::clone(&parts))));
        }
        Ok(parts)
    }
}
