//! The public parts of case pages from memory, never stale. A tracking-code page shows the
//! case row, read on every view, and its public timeline, photos and answers, which are kept
//! per case under the version the database keeps (`feedback_case_versions`, bumped by triggers
//! in the transaction of every write to them). A view reads the case row and its current
//! version first (shared with the views of any case that arrive while another read runs:
//! [`crate::coalesce`]) and uses what is kept only when its version is equal, so a reply
//! through any instance shows on every instance's next view.
use std::{collections::HashMap, sync::Arc, time::Duration};

use moka::sync::Cache;

use super::{
    store::{self, CaseRow},
    views::Parts,
};
use crate::{Db, coalesce::Coalesced, error::ApiResult};

/// The per-instance store of case pages; cheap to clone (the maps are shared).
#[derive(Clone)]
pub struct CasePages {
    parts: Cache<i64, Arc<(i64, Arc<Parts>)>>,
    /// Case rows and page versions by tracking code, read for concurrent views at once.
    reads: Coalesced<String, Viewed>,
}

/// A case row and its page version, read together.
#[derive(Clone)]
pub struct Viewed {
    pub case: Arc<CaseRow>,
    pub version: i64,
}

impl Default for CasePages {
    fn default() -> Self {
        Self {
            parts: Cache::builder()
                .max_capacity(50_000)
                .time_to_idle(Duration::from_secs(10 * 60))
                .build(),
            reads: Coalesced::new(|db, codes| Box::pin(async move { read(&db, &codes).await })),
        }
    }
}

/// The cases of these (normalised) tracking codes with their page versions.
async fn read(db: &Db, codes: &[String]) -> ApiResult<HashMap<String, Viewed>> {
    let cases = store::cases_by_codes(db, codes).await?;
    if cases.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let versions: HashMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(&format!(
        "SELECT case_id, version FROM feedback_case_versions WHERE case_id IN ({})",
        crate::db::id_list(&ids)
    ))
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .collect();
    Ok(cases
        .into_iter()
        .filter_map(|c| {
            let version = *versions.get(&c.id)?;
            Some((
                c.tracking_code.clone(),
                Viewed {
                    case: Arc::new(c),
                    version,
                },
            ))
        })
        .collect())
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
    /// The case with this normalised tracking code and its page version, read after this call
    /// began.
    pub async fn case(&self, db: &Db, code: &str) -> ApiResult<Option<Viewed>> {
        Ok(self
            .reads
            .get(db, [code.to_owned()])
            .await?
            .get(code)
            .cloned())
    }

    /// The public timeline, photos and answers of a case as of its page version `version`
    /// (just read).
    pub async fn public_parts(&self, db: &Db, case_id: i64, version: i64) -> ApiResult<Arc<Parts>> {
        if let Some(kept) = self.parts.get(&case_id).filter(|e| e.0 == version) {
            return Ok(Arc::clone(&kept.1));
        }
        // Loaded after reading `version`, so what is kept is at least as new as it.
        let parts = Arc::new(load_public(db, case_id).await?);
        self.parts
            .insert(case_id, Arc::new((version, Arc::clone(&parts))));
        Ok(parts)
    }
}
