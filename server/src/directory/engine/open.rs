//! "Open now" for the index: which locations are open at a moment, from an in-memory
//! snapshot of every location's hours, refreshed when the directory or the holiday calendar
//! changes (their versions, read once per search with the reference data's) and computed
//! once per minute. The rule is [`Hours::day`] + "contains the minute", the same the SQL filter
//! applies, so both paths agree.
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use jiff::civil::Date;
use tokio::sync::Mutex;

use super::Against;
use crate::{
    calendar::WorkCalendar,
    directory::{
        hours::{Hours, LocalMoment},
        store,
    },
};

/// The moments of a search, one per time zone of the locations.
pub type Moments = [(String, LocalMoment)];

#[derive(Default)]
pub struct OpenNow(Mutex<Option<Snapshot>>);

struct Snapshot {
    versions: (i64, i64),
    /// Exceptions are loaded from this date on.
    from: Date,
    hours: HashMap<i64, (String, Hours)>,
    /// The last moments asked and the locations open then.
    last: Option<(Vec<(String, LocalMoment)>, OpenSet)>,
}

/// Location ids.
type OpenSet = Arc<HashSet<u64>>;

impl OpenNow {
    /// The ids of the locations open at `moments`.
    pub async fn locations(
        &self,
        against: Against<'_>,
        moments: &Moments,
    ) -> Result<OpenSet, sqlx::Error> {
        let Against {
            db,
            versions,
            calendar,
        } = against;
        let versions = (versions.directory, versions.calendar);
        let earliest = moments.iter().map(|m| m.1.date).min();
        let mut guard = self.0.lock().await;
        let stale = guard
            .as_ref()
            .is_none_or(|s| s.versions != versions || earliest.is_some_and(|d| d < s.from));
        if stale {
            let from = earliest.unwrap_or(Date::MIN);
            *guard = Some(Snapshot {
                versions,
                from,
                hours: store::all_hours(db, from).await?,
                last: None,
            });
        }
        let Some(snapshot) = guard.as_mut() else {
            return Ok(Arc::default());
        };
        if let Some((m, set)) = &snapshot.last
            && m.as_slice() == moments
        {
            return Ok(Arc::clone(set));
        }
        let set: OpenSet = Arc::new(
            snapshot
                .hours
                .iter()
                .filter(|(_, (tz, hours))| {
                    moments
                        .iter()
                        .find(|(zone, _)| zone == tz)
                        .is_some_and(|(_, m)| is_open(hours, m, calendar))
                })
                .filter_map(|(id, _)| u64::try_from(*id).ok())
                .collect(),
        );
        snapshot.last = Some((moments.to_vec(), Arc::clone(&set)));
        Ok(set)
    }
}

fn is_open(hours: &Hours, m: &LocalMoment, calendar: &WorkCalendar) -> bool {
    hours
        .day(m.date, calendar)
        .windows
        .iter()
        .any(|w| w.contains(m.minute))
}
