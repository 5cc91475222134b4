//! Full-text search with filters and facets, on SQLite FTS5 or PostgreSQL tsvector.
//!
//! The hit is a service at a location. Text matching uses the segmented columns of
//! `dir_search` (see [`super::segment`]); ranking weighs name over category over description
//! over place (FTS5 `bm25` column weights, PostgreSQL `setweight` + `ts_rank`). Filters on
//! the location (region, open now) and the service (category, audience, free) are plain SQL.
use app::api::Text;

use super::{
    hours::{DayKind, LocalMoment},
    segment::{self, Query},
};
use crate::{
    Db,
    db::{Backend, Sql},
};

/// Ranking weights of the four columns: name, category, body, place.
pub const FTS5_WEIGHTS: &str = "10.0, 4.0, 1.0, 0.5";
/// `ts_rank` weights, in PostgreSQL's order {D, C, B, A} = {place, body, category, name}.
pub const TS_RANK_WEIGHTS: &str = "'{0.05, 0.2, 0.5, 1.0}'";

/// Everything a search may be narrowed by.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// A category and its sub-categories (any of them).
    pub category_ids: Vec<i64>,
    pub audience_id: Option<i64>,
    /// Locations within this region (itself and everything below).
    pub region_id: Option<i64>,
    /// Open at this moment, per time zone of the locations.
    pub open_now: Option<Vec<(String, LocalMoment)>>,
    pub free_only: bool,
}

impl Filters {
    /// Nothing narrows the search.
    pub fn is_empty(&self) -> bool {
        self.category_ids.is_empty()
            && self.audience_id.is_none()
            && self.region_id.is_none()
            && self.open_now.is_none()
            && !self.free_only
    }
}

/// The parts of a search statement after `SELECT …`: joins and conditions.
pub struct Plan {
    backend: Backend,
    query: Option<String>,
    parsed: Query,
    filters: Filters,
}

impl Plan {
    pub fn new(backend: Backend, query: &Query, filters: Filters) -> Self {
        let expression = (!query.is_empty()).then(|| match backend {
            Backend::Sqlite => segment::fts5_expression(query),
            Backend::Postgres => segment::tsquery_expression(query),
        });
        Self {
            backend,
            query: expression,
            parsed: query.clone(),
            filters,
        }
    }

    pub fn has_text(&self) -> bool {
        self.query.is_some()
    }

    /// The parsed text query (what the search index is asked).
    pub fn parsed(&self) -> &Query {
        &self.parsed
    }

    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// The text match alone: `(service_id, score)` rows, higher score better; without the
    /// score (which costs a `bm25`/`ts_rank` per match) when only membership matters.
    pub fn matches(&self) -> Option<Sql> {
        self.text_match(true)
    }

    fn text_match(&self, with_score: bool) -> Option<Sql> {
        let q = self.query.as_ref()?;
        let mut sql = match (self.backend, with_score) {
            (Backend::Sqlite, true) => Sql::new(&format!(
                "SELECT rowid AS service_id, -bm25(dir_search_fts, {FTS5_WEIGHTS}) AS score \
                 FROM dir_search_fts WHERE dir_search_fts MATCH "
            )),
            (Backend::Sqlite, false) => Sql::new(
                "SELECT rowid AS service_id FROM dir_search_fts WHERE dir_search_fts MATCH ",
            ),
            (Backend::Postgres, true) => Sql::new(&format!(
                "SELECT service_id, CAST(ts_rank({TS_RANK_WEIGHTS}, tsv, q) AS DOUBLE PRECISION) AS score \
                 FROM dir_search, to_tsquery('simple', "
            )),
            (Backend::Postgres, false) => {
                Sql::new("SELECT service_id FROM dir_search, to_tsquery('simple', ")
            }
        };
        sql.bind(q.clone());
        if self.backend == Backend::Postgres {
            sql.push(") q WHERE tsv @@ q");
        }
        Some(sql)
    }

    /// The hits: for the ranked page `sl.id, s.id, l.id, l.region_id, score`; otherwise the
    /// columns the facets need.
    fn select_hits(&self, with_score: bool) -> Sql {
        let mut sql = Sql::new(if with_score {
            "SELECT sl.id AS sal_id, s.id AS service_id, l.id AS location_id, l.region_id AS region_id"
        } else {
            "SELECT s.term_bits_lo, s.term_bits_hi, l.district_id"
        });
        match self.text_match(with_score) {
            Some(m) => {
                sql.push(if with_score {
                    ", m.score AS score FROM ("
                } else {
                    " FROM ("
                });
                sql.append(&m);
                sql.push(") m JOIN dir_services s ON s.id = m.service_id ");
            }
            None => {
                sql.push(if with_score {
                    ", CAST(0 AS DOUBLE PRECISION) AS score FROM dir_services s "
                } else {
                    " FROM dir_services s "
                });
            }
        }
        sql.push(
            "JOIN dir_service_locations sl ON sl.service_id = s.id \
             JOIN dir_locations l ON l.id = sl.location_id \
             WHERE s.status IN ('active', 'temporarily_closed')",
        );
        let f = &self.filters;
        // `IN (SELECT …)` rather than a correlated `EXISTS`: the engines drive the join from
        // the term index instead of testing every service.
        if !f.category_ids.is_empty() {
            sql.push(
                " AND s.id IN (SELECT ct.service_id FROM dir_service_terms ct WHERE ct.term_id IN ",
            )
            .bind_list(&f.category_ids)
            .push(")");
        }
        if let Some(audience) = f.audience_id {
            sql.push(" AND s.id IN (SELECT aud.service_id FROM dir_service_terms aud WHERE aud.term_id = ")
                .bind(audience)
                .push(")");
        }
        if let Some(region) = f.region_id {
            sql.push(" AND l.region_id IN (SELECT rc.descendant_id FROM region_closure rc WHERE rc.ancestor_id = ")
                .bind(region)
                .push(")");
        }
        if f.free_only {
            sql.push(" AND s.is_free = 1");
        }
        if let Some(zones) = &f.open_now {
            sql.push(" AND (");
            if zones.is_empty() {
                sql.push("1 = 0");
            }
            for (i, (tz, moment)) in zones.iter().enumerate() {
                if i > 0 {
                    sql.push(" OR ");
                }
                sql.push("(l.timezone = ").bind(tz.clone()).push(" AND ");
                open_now_condition(&mut sql, moment);
                sql.push(")");
            }
            sql.push(")");
        }
        sql
    }

    /// One page of hits, best first.
    pub fn page(&self, limit: i64, offset: i64) -> Sql {
        let mut sql = self.select_hits(true);
        sql.push(if self.has_text() {
            " ORDER BY score DESC, sl.id LIMIT "
        } else {
            " ORDER BY sl.id LIMIT "
        })
        .bind(limit)
        .push(" OFFSET ")
        .bind(offset);
        sql
    }

    /// The hits grouped by term bits and district, with how many fall in each group: the
    /// total and every facet count come from these few rows in one pass (no ranking: the text
    /// match is only a filter here). Grouping in SQL returns hundreds of rows instead of one
    /// per hit, which is what the per-row decoding cost of a broad query was.
    pub fn facet_rows(&self) -> Sql {
        let mut sql = Sql::new(
            "SELECT h.term_bits_lo, h.term_bits_hi, h.district_id, COUNT(*) AS hits FROM (",
        );
        sql.append(&self.select_hits(false));
        sql.push(") h GROUP BY h.term_bits_lo, h.term_bits_hi, h.district_id");
        sql
    }
}

/// The SQL form of [`super::hours::Hours::day`] + "contains the minute" for location `l`.
fn open_now_condition(sql: &mut Sql, m: &LocalMoment) {
    let day = m.date.to_string();
    let minute = i64::from(m.minute);
    sql.push("CASE WHEN EXISTS (SELECT 1 FROM dir_hours_exceptions e WHERE e.location_id = l.id AND e.day = ")
        .bind(day.clone())
        .push(") THEN (EXISTS (SELECT 1 FROM dir_hours_exceptions e WHERE e.location_id = l.id AND e.day = ")
        .bind(day.clone())
        .push(" AND e.closed = 0 AND e.opens_at <= ")
        .bind(minute)
        .push(" AND e.closes_at > ")
        .bind(minute)
        .push(") AND NOT EXISTS (SELECT 1 FROM dir_hours_exceptions e WHERE e.location_id = l.id AND e.day = ")
        .bind(day)
        .push(" AND e.closed = 1))");
    match m.kind {
        DayKind::Regular => {}
        DayKind::Holiday => {
            sql.push(" WHEN l.follows_workday_calendar = 1 THEN (1 = 0)");
        }
        DayKind::Makeup => {
            sql.push(
                " WHEN l.follows_workday_calendar = 1 THEN EXISTS (SELECT 1 FROM dir_hours h WHERE h.location_id = l.id \
                 AND h.weekday = (SELECT MIN(h2.weekday) FROM dir_hours h2 WHERE h2.location_id = l.id AND h2.weekday <= 5) \
                 AND h.opens_at <= ",
            )
            .bind(minute)
            .push(" AND h.closes_at > ")
            .bind(minute)
            .push(")");
        }
    }
    sql.push(" ELSE EXISTS (SELECT 1 FROM dir_hours h WHERE h.location_id = l.id AND h.weekday = ")
        .bind(m.weekday)
        .push(" AND h.opens_at <= ")
        .bind(minute)
        .push(" AND h.closes_at > ")
        .bind(minute)
        .push(") END");
}

/// The distinct time zones of all locations, by index seeks (a loose index scan).
pub async fn time_zones(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE z(tz) AS (SELECT MIN(timezone) FROM dir_locations \
         UNION ALL SELECT (SELECT MIN(timezone) FROM dir_locations WHERE timezone > z.tz) FROM z WHERE z.tz IS NOT NULL) \
         SELECT tz FROM z WHERE tz IS NOT NULL",
    )
    .fetch_all(db.pool())
    .await
}

/// Synonyms of query words (one direction, as listed in `dir_synonyms`).
pub async fn synonyms(db: &Db, words: &[String]) -> Result<Vec<(String, String)>, sqlx::Error> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT term, synonym FROM dir_synonyms WHERE term IN ");
    sql.bind_list(words).push(" ORDER BY term, synonym");
    sql.query_as().fetch_all(db.pool()).await
}

/// Counts a query that found nothing (normalised, numbers masked), in a district's count when
/// the district is known.
pub async fn log_miss(
    db: &Db,
    q: &str,
    district: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(query) = segment::loggable_query(q) else {
        return Ok(());
    };
    let day = crate::time::rfc3339(now)
        .get(..10)
        .unwrap_or_default()
        .to_owned();
    sqlx::query(
        "INSERT INTO dir_search_misses (query, day, district, count) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (query, day, district) DO UPDATE SET count = dir_search_misses.count + 1",
    )
    .bind(query)
    .bind(day)
    .bind(district.unwrap_or(""))
    .execute(db.pool())
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HitRow {
    pub sal_id: i64,
    pub service_id: i64,
    pub location_id: i64,
    pub region_id: i64,
    pub score: f64,
    /// The search index's version of the hit (none from SQL): its card may be kept under it.
    #[sqlx(default)]
    pub version: Option<i64>,
}

/// What the facets of a group of hits need: their term bits, district and number.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct FacetRow {
    pub term_bits_lo: i64,
    pub term_bits_hi: i64,
    pub district_id: Option<i64>,
    pub hits: i64,
}

/// The number of hits behind facet rows.
pub fn total(rows: &[FacetRow]) -> i64 {
    rows.iter().map(|r| r.hits).sum()
}

/// Counts per value for a list of `(id, code, name)`: how many hits have each.
pub fn count_facet(
    rows: &[FacetRow],
    values: &[(i64, String, Text)],
    has: impl Fn(&FacetRow, i64) -> bool,
) -> Vec<app::api::directory::FacetCount> {
    values
        .iter()
        .map(|(id, code, name)| app::api::directory::FacetCount {
            code: code.clone(),
            name: name.clone(),
            count: rows.iter().filter(|r| has(r, *id)).map(|r| r.hits).sum(),
        })
        .filter(|f| f.count > 0)
        .collect()
}

/// Runs the page query alone (the benchmark's raw-SQL baseline uses this too).
pub async fn page(
    db: &Db,
    plan: &Plan,
    limit: i64,
    offset: i64,
) -> Result<Vec<HitRow>, sqlx::Error> {
    plan.page(limit, offset)
        .query_as()
        .fetch_all(db.pool())
        .await
}

pub async fn facet_rows(db: &Db, plan: &Plan) -> Result<Vec<FacetRow>, sqlx::Error> {
    plan.facet_rows().query_as().fetch_all(db.pool()).await
}
