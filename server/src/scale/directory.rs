//! City-scale data for benchmarks (`linli generate directory --services 100000`) and the
//! search latency measurement (`linli bench directory-search`).
//!
//! The generator draws sites and services from the demo templates over every community of the
//! city and writes them with multi-row inserts (explicit ids, search rows computed in
//! process), so 100 000 services take a minute or two instead of an hour of single inserts.
use std::{collections::HashMap, time::Instant};

use anyhow::Context as _;

use crate::directory::{
    index::{self, SearchParts},
    search, seed,
    store::Taxonomy,
};
use crate::{
    AppState, Db,
    db::{Arg, Backend, Sql},
};

/// Inserts `rows` into `table` with as few statements as the engines allow.
async fn insert_rows(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Arg>>,
) -> Result<(), sqlx::Error> {
    let per_statement = (30_000 / columns.len()).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut sql = Sql::new(&format!(
            "INSERT INTO {table} ({}) VALUES ",
            columns.join(", ")
        ));
        for (i, row) in rows.by_ref().take(per_statement).enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(");
            for (j, value) in row.into_iter().enumerate() {
                if j > 0 {
                    sql.push(", ");
                }
                sql.bind(value);
            }
            sql.push(")");
        }
        sql.query().execute(&mut *conn).await?;
    }
    Ok(())
}

async fn next_id(db: &Db, table: &str) -> Result<i64, sqlx::Error> {
    let max: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(id) FROM {table}"))
        .fetch_one(db.pool())
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

/// A tiny deterministic random source (xorshift), so runs are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

#[derive(Debug, Default)]
pub struct Generated {
    pub organizations: usize,
    pub locations: usize,
    pub services: usize,
}

const BATCH_SITES: usize = 400;

/// Adds `services` generated services to the directory (in every community of the city).
pub async fn generate(db: &Db, services: usize, now: i64) -> anyhow::Result<Generated> {
    let templates = seed::Templates::load()?;
    let tax = Taxonomy::load(db).await?;
    let (places, levels) = seed::places(db).await?;
    let communities: Vec<&seed::Place> = places
        .iter()
        .filter(|p| levels.get(&p.code).is_some_and(|l| l == "community"))
        .collect();
    anyhow::ensure!(
        !communities.is_empty(),
        "no regions: run the demo seed first (linli serve --demo) or load regions"
    );
    let site_templates: Vec<&seed::SiteTemplate> = templates.sites.iter().collect();
    let g = Generator {
        templates: &templates,
        tax: &tax,
        region_id: places
            .iter()
            .map(|p| (p.code.as_str(), p.region_id))
            .collect(),
        template_columns: template_columns(&templates, &tax),
        services,
        now,
    };
    let mut st = Progress {
        ids: [
            next_id(db, "dir_organizations").await?,
            next_id(db, "dir_locations").await?,
            next_id(db, "dir_services").await?,
            next_id(db, "dir_service_locations").await?,
        ],
        rng: Rng(0x9e37_79b9_7f4a_7c15 ^ u64::try_from(services).unwrap_or(1)),
        done: Generated::default(),
    };
    while st.done.services < services {
        let mut batch = Batch::default();
        for _ in 0..BATCH_SITES {
            if st.done.services >= services {
                break;
            }
            let place = communities[st.rng.below(communities.len())];
            let site = site_templates[st.rng.below(site_templates.len())];
            g.site(&mut st, &mut batch, place, site)?;
        }
        batch.write(db).await?;
        tracing::info!(services = st.done.services, "generated");
    }
    finish(db).await?;
    Ok(st.done)
}

/// Search columns that depend only on the service template, computed once:
/// name, category and body tokens by template key.
fn template_columns<'t>(
    templates: &'t seed::Templates,
    tax: &Taxonomy,
) -> HashMap<&'t str, [String; 3]> {
    let mut template_columns: HashMap<&str, [String; 3]> = HashMap::new();
    for (key, s) in &templates.services {
        let mut parts = SearchParts {
            name: vec![s.name.clone(), s.name_en.clone()],
            ..SearchParts::default()
        };
        parts.name.extend(s.alternate.clone());
        for code in &s.categories {
            if let Some(term) = tax.find("category", code) {
                parts.category.push(term.name_zh.clone());
                parts.category.extend(term.name_en.clone());
                if let Some(parent) = term.parent_id.and_then(|p| tax.by_id(p)) {
                    parts.category.push(parent.name_zh.clone());
                    parts.category.extend(parent.name_en.clone());
                }
            }
        }
        for code in &s.audiences {
            if let Some(term) = tax.find("audience", code) {
                parts.category.push(term.name_zh.clone());
                parts.category.extend(term.name_en.clone());
            }
        }
        parts.body = vec![
            s.description.clone(),
            s.description_en.clone(),
            s.conditions.clone(),
        ];
        let [name, category, body, _] = index::columns(&parts);
        template_columns.insert(key.as_str(), [name, category, body]);
    }
    template_columns
}

/// What stays the same for the whole run.
struct Generator<'a> {
    templates: &'a seed::Templates,
    tax: &'a Taxonomy,
    region_id: HashMap<&'a str, i64>,
    template_columns: HashMap<&'a str, [String; 3]>,
    /// How many services to generate.
    services: usize,
    now: i64,
}

/// Where the run is: the next id of organizations, locations, services and their links; the
/// random source; the counts so far.
struct Progress {
    ids: [i64; 4],
    rng: Rng,
    done: Generated,
}

/// The site a service is generated at.
struct Site<'a> {
    place: &'a seed::Place,
    org_id: i64,
    location_id: i64,
    location_name: &'a str,
    phone: &'a str,
    place_tokens: &'a str,
}

/// Rows of one batch, per table, written in one transaction.
#[derive(Default)]
struct Batch {
    orgs: Vec<Vec<Arg>>,
    locations: Vec<Vec<Arg>>,
    hours: Vec<Vec<Arg>>,
    /// A negative owner id marks a service's phone (one column list for both).
    phones: Vec<Vec<Arg>>,
    service_rows: Vec<Vec<Arg>>,
    terms: Vec<Vec<Arg>>,
    sals: Vec<Vec<Arg>>,
    documents: Vec<Vec<Arg>>,
    search_rows: Vec<Vec<Arg>>,
}

impl Generator<'_> {
    /// One site: its organization, location, hours and main phone, and some of its services.
    fn site(
        &self,
        st: &mut Progress,
        batch: &mut Batch,
        place: &seed::Place,
        site: &seed::SiteTemplate,
    ) -> anyhow::Result<()> {
        let now = self.now;
        let hours_t = self
            .templates
            .hours
            .get(&site.hours)
            .context("hours template")?;
        let org_id = st.ids[0];
        st.ids[0] += 1;
        let org_name = format!("{}（{}）", place.fill(&site.org), org_id);
        batch.orgs.push(vec![
            Arg::Int(org_id),
            Arg::Text(uuid::Uuid::new_v4().to_string()),
            Arg::Int(place.region_id),
            Arg::Text(org_name.clone()),
            Arg::Text(format!("{org_name}（压测数据）")),
            Arg::Int(now),
            Arg::Int(now),
        ]);
        let location = seed::location_input(site, place, org_id, hours_t);
        let location_id = st.ids[1];
        st.ids[1] += 1;
        let district = place
            .code
            .get(..6)
            .and_then(|d| self.region_id.get(d))
            .copied()
            .unwrap_or(place.region_id);
        batch.locations.push(vec![
            Arg::Int(location_id),
            Arg::Text(uuid::Uuid::new_v4().to_string()),
            Arg::Int(org_id),
            Arg::Int(place.region_id),
            Arg::Int(district),
            Arg::Text(location.name.zh.clone()),
            Arg::Text(location.address.zh.clone()),
            Arg::Text(location.transport.zh.clone()),
            Arg::Int(i64::from(hours_t.follows_calendar)),
            Arg::Int(now),
            Arg::Int(now),
        ]);
        for (day, w) in seed::weekly(&hours_t.weekly)? {
            batch.hours.push(vec![
                Arg::Text(uuid::Uuid::new_v4().to_string()),
                Arg::Int(location_id),
                Arg::Int(i64::from(day)),
                Arg::Int(i64::from(w.opens)),
                Arg::Int(i64::from(w.closes)),
            ]);
        }
        let phone = seed::demo_phone(&format!("{}{}{location_id}", site.key, place.code));
        batch.phones.push(vec![
            Arg::Text(uuid::Uuid::new_v4().to_string()),
            Arg::Text(phone.clone()),
            Arg::Text("main".into()),
            Arg::Int(location_id),
        ]);
        let place_parts = SearchParts {
            place: vec![
                location.name.zh.clone(),
                location.address.zh.clone(),
                place.c.clone(),
                place.s.clone(),
                place.d.clone(),
            ],
            ..SearchParts::default()
        };
        let place_tokens = index::columns(&place_parts)[3].clone();
        let at = Site {
            place,
            org_id,
            location_id,
            location_name: &location.name.zh,
            phone: &phone,
            place_tokens: &place_tokens,
        };
        let offset = st.rng.below(site.services.len());
        for k in 0..site.pick.min(site.services.len()) {
            if st.done.services >= self.services {
                break;
            }
            let key = site.services[(offset + k) % site.services.len()].as_str();
            self.service(st, batch, &at, key)?;
            st.done.services += 1;
        }
        st.done.organizations += 1;
        st.done.locations += 1;
        Ok(())
    }

    /// One service of template `key` at a site, with its terms, link, documents, enquiry
    /// phone and search row.
    fn service(
        &self,
        st: &mut Progress,
        batch: &mut Batch,
        at: &Site<'_>,
        key: &str,
    ) -> anyhow::Result<()> {
        let now = self.now;
        let s = self
            .templates
            .services
            .get(key)
            .context("service template")?;
        let service_id = st.ids[2];
        st.ids[2] += 1;
        let verified = now - 86_400 * i64::try_from(st.rng.below(400)).unwrap_or(0);
        let term_ids = seed::term_ids(self.tax, s);
        let (bits_lo, bits_hi) = index::term_bits(&term_ids);
        batch.service_rows.push(vec![
            Arg::Int(service_id),
            Arg::Text(uuid::Uuid::new_v4().to_string()),
            Arg::Int(at.org_id),
            Arg::Int(at.place.region_id),
            Arg::Text(s.name.clone()),
            Arg::Text(s.name_en.clone()),
            Arg::Text(format!("{}（{}）", s.description, at.location_name)),
            Arg::Text(s.conditions.clone()),
            Arg::Text(s.process.join("\n")),
            Arg::Text(s.time_limit.clone()),
            Arg::Text(s.fees.clone()),
            Arg::Int(i64::from(s.is_free)),
            Arg::Int(bits_lo),
            Arg::Int(bits_hi),
            Arg::Int(verified),
            Arg::Int(now),
            Arg::Int(now),
        ]);
        for term in term_ids {
            batch.terms.push(vec![Arg::Int(service_id), Arg::Int(term)]);
        }
        batch.sals.push(vec![
            Arg::Int(st.ids[3]),
            Arg::Text(uuid::Uuid::new_v4().to_string()),
            Arg::Int(service_id),
            Arg::Int(at.location_id),
        ]);
        st.ids[3] += 1;
        for (i, d) in s.documents.iter().take(3).enumerate() {
            batch.documents.push(vec![
                Arg::Text(uuid::Uuid::new_v4().to_string()),
                Arg::Int(service_id),
                Arg::Text(d.clone()),
                Arg::Int(i64::try_from(i).unwrap_or(0)),
            ]);
        }
        batch.phones.push(vec![
            Arg::Text(uuid::Uuid::new_v4().to_string()),
            Arg::Text(at.phone.to_owned()),
            Arg::Text("enquiry".into()),
            Arg::Int(-service_id),
        ]);
        let [name, category, body] = self
            .template_columns
            .get(key)
            .cloned()
            .context("template columns")?;
        batch.search_rows.push(vec![
            Arg::Int(service_id),
            Arg::Text(name),
            Arg::Text(category),
            Arg::Text(body),
            Arg::Text(at.place_tokens.to_owned()),
        ]);
        Ok(())
    }
}

impl Batch {
    /// Writes the batch in one transaction.
    async fn write(self, db: &Db) -> anyhow::Result<()> {
        let mut tx = db.begin_write().await?;
        insert_rows(
            &mut tx,
            "dir_organizations",
            &[
                "id",
                "uid",
                "region_id",
                "name_zh",
                "description_zh",
                "created_at",
                "updated_at",
            ],
            self.orgs,
        )
        .await?;
        insert_rows(
            &mut tx,
            "dir_locations",
            &[
                "id",
                "uid",
                "organization_id",
                "region_id",
                "district_id",
                "name_zh",
                "address_zh",
                "transport_zh",
                "follows_workday_calendar",
                "created_at",
                "updated_at",
            ],
            self.locations,
        )
        .await?;
        insert_rows(
            &mut tx,
            "dir_hours",
            &["uid", "location_id", "weekday", "opens_at", "closes_at"],
            self.hours,
        )
        .await?;
        insert_rows(
            &mut tx,
            "dir_services",
            &[
                "id",
                "uid",
                "organization_id",
                "region_id",
                "name_zh",
                "name_en",
                "description_zh",
                "eligibility_zh",
                "process_zh",
                "time_limit_zh",
                "fees_zh",
                "is_free",
                "term_bits_lo",
                "term_bits_hi",
                "last_verified_at",
                "created_at",
                "updated_at",
            ],
            self.service_rows,
        )
        .await?;
        insert_rows(
            &mut tx,
            "dir_service_terms",
            &["service_id", "term_id"],
            self.terms,
        )
        .await?;
        insert_rows(
            &mut tx,
            "dir_service_locations",
            &["id", "uid", "service_id", "location_id"],
            self.sals,
        )
        .await?;
        insert_rows(
            &mut tx,
            "dir_documents",
            &["uid", "service_id", "document_zh", "sort_order"],
            self.documents,
        )
        .await?;
        write_phones(&mut tx, self.phones).await?;
        insert_rows(
            &mut tx,
            "dir_search",
            &[
                "service_id",
                "name_tokens",
                "category_tokens",
                "body_tokens",
                "place_tokens",
            ],
            self.search_rows,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Phones: a negative owner id marks a service's phone (one column list for both).
async fn write_phones(
    conn: &mut sqlx::AnyConnection,
    phones: Vec<Vec<Arg>>,
) -> Result<(), sqlx::Error> {
    let (service_phones, location_phones): (Vec<_>, Vec<_>) = phones
        .into_iter()
        .partition(|row| matches!(row.get(3), Some(Arg::Int(id)) if *id < 0));
    let service_phones = service_phones
        .into_iter()
        .map(|mut row| {
            if let Some(Arg::Int(id)) = row.get_mut(3) {
                *id = -*id;
            }
            row
        })
        .collect();
    insert_rows(
        &mut *conn,
        "dir_phones",
        &["uid", "number", "kind", "service_id"],
        service_phones,
    )
    .await?;
    insert_rows(
        conn,
        "dir_phones",
        &["uid", "number", "kind", "location_id"],
        location_phones,
    )
    .await
}

/// After the last batch: sequences past the explicit ids (PostgreSQL), the full-text index
/// merged (SQLite), statistics refreshed, and every search index told to rebuild.
async fn finish(db: &Db) -> Result<(), sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    crate::directory::search_log::append_rebuild(&mut conn).await?;
    drop(conn);
    if db.backend() == Backend::Postgres {
        for table in [
            "dir_organizations",
            "dir_locations",
            "dir_services",
            "dir_service_locations",
        ] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(db.pool())
            .await?;
        }
        sqlx::query("ANALYZE").execute(db.pool()).await?;
    } else {
        sqlx::query("INSERT INTO dir_search_fts (dir_search_fts) VALUES ('optimize')")
            .execute(db.pool())
            .await?;
        sqlx::query("ANALYZE").execute(db.pool()).await?;
    }
    Ok(())
}

/// The fixed queries of the benchmark: two-character words, mixed Chinese/Latin, place +
/// topic, synonyms, a single character, and filters.
pub const BENCH_QUERIES: [&str; 12] = [
    "q=养老",
    "q=低保",
    "q=家政",
    "q=福田%20养老",
    "q=wifi%20培训",
    "q=老人%20助餐",
    "q=法律援助",
    "q=居家养老服务",
    "q=残疾人%20补贴",
    "q=医",
    "q=养老&region=440304&open_now=true",
    "category=elderly&free=true",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// One row of the benchmark report, in milliseconds.
#[derive(Debug, Clone)]
pub struct BenchRow {
    pub query: String,
    pub hits: i64,
    /// The whole API answering from SQL.
    pub api_p50: f64,
    pub api_p99: f64,
    /// The raw ranking SQL of the same plan alone (the page query).
    pub sql_p50: f64,
    pub sql_p99: f64,
    /// With a search index: the whole API answering from it, and the index search alone.
    pub indexed: Option<IndexTimes>,
}

#[derive(Debug, Clone, Copy)]
pub struct IndexTimes {
    pub api_p50: f64,
    pub api_p99: f64,
    /// The whole API computing the answer (not a kept one: the search names its instant, as
    /// a resident's own or a "near me" search is computed): the index, then the page's hits
    /// from their kept cards.
    pub computed_p50: f64,
    pub computed_p99: f64,
    pub only_p50: f64,
    pub only_p99: f64,
}

/// Times each query through the whole API (in-process router: parameters, facets and total,
/// the ranked page, page details, JSON) and the raw ranking SQL of the same plan alone (the
/// page query), `iterations` times each; with `indexed` (the same database with a search
/// index) also the API answering from the index and the index search alone.
pub async fn bench(
    state: &AppState,
    indexed: Option<&AppState>,
    iterations: usize,
) -> anyhow::Result<Vec<BenchRow>> {
    crate::directory::segment::warm_up();
    let router = crate::router(state.clone());
    let indexed_router = indexed.map(|s| crate::router(s.clone()));
    let mut out = Vec::new();
    for query in BENCH_QUERIES {
        let uri = format!("/api/v1/services?{query}&limit=20");
        let params: crate::directory::routes::SearchQuery = serde_urlencoded_query(query)?;
        // The plan of the raw SQL, built exactly as the handler builds it (filters included).
        let versions = state
            .service_pages
            .versions(&state.db)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let prepared = crate::directory::routes::prepare(state, &params, versions)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let (plan, reference) = (prepared.plan, prepared.reference);
        let calendar = &reference.calendar;
        let (api, hits) = time_api(&router, &uri, iterations).await?;
        let mut sql = Vec::new();
        for _ in 0..iterations {
            let start = Instant::now();
            search::page(&state.db, &plan, 21, 0).await?;
            sql.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        sql.sort_by(f64::total_cmp);
        let indexed = match (indexed, &indexed_router) {
            (Some(s), Some(r)) => {
                Some(time_index(s, r, &uri, (&plan, calendar), iterations).await?)
            }
            _ => None,
        };
        out.push(BenchRow {
            query: query.replace("%20", " "),
            hits,
            api_p50: percentile(&api, 0.5),
            api_p99: percentile(&api, 0.99),
            sql_p50: percentile(&sql, 0.5),
            sql_p99: percentile(&sql, 0.99),
            indexed,
        });
    }
    Ok(out)
}

/// Sorted times of `iterations` requests (after two warm-up ones) and the hit count.
async fn time_api(
    router: &axum::Router,
    uri: &str,
    iterations: usize,
) -> anyhow::Result<(Vec<f64>, i64)> {
    use tower::ServiceExt as _;
    let mut times = Vec::new();
    let mut hits = 0;
    for i in 0..iterations + 2 {
        let start = Instant::now();
        let response = router
            .clone()
            .oneshot(
                axum::http::Request::get(uri)
                    .body(axum::body::Body::empty())
                    .context("request")?,
            )
            .await
            .context("router")?;
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        anyhow::ensure!(status.is_success(), "{uri}: {status}");
        if i >= 2 {
            times.push(elapsed);
        } else {
            let v: serde_json::Value = serde_json::from_slice(&body)?;
            hits = v["total"].as_i64().unwrap_or(0);
        }
    }
    times.sort_by(f64::total_cmp);
    Ok((times, hits))
}

/// The API answering from the index, and the index search alone (what the SQL path's raw
/// query is to the SQL API).
async fn time_index(
    state: &AppState,
    router: &axum::Router,
    uri: &str,
    (plan, calendar): (&search::Plan, &crate::calendar::WorkCalendar),
    iterations: usize,
) -> anyhow::Result<IndexTimes> {
    let (api, _) = time_api(router, uri, iterations).await?;
    let at = jiff::Timestamp::from_second(state.config.clock.now())?;
    let (computed, _) = time_api(router, &format!("{uri}&at={at}"), iterations).await?;
    // The index alone: the versions every search reads once are the API's part.
    let against = crate::directory::engine::Against {
        db: &state.db,
        versions: state
            .service_pages
            .versions(&state.db)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        calendar,
    };
    let mut only = Vec::new();
    for _ in 0..iterations {
        let start = Instant::now();
        if state
            .search_index
            .search_index_only(
                against,
                plan.parsed(),
                plan.filters(),
                &Default::default(),
                21,
            )
            .await
            .is_none()
        {
            search::page(&state.db, plan, 21, 0).await?;
        }
        only.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    only.sort_by(f64::total_cmp);
    Ok(IndexTimes {
        api_p50: percentile(&api, 0.5),
        api_p99: percentile(&api, 0.99),
        computed_p50: percentile(&computed, 0.5),
        computed_p99: percentile(&computed, 0.99),
        only_p50: percentile(&only, 0.5),
        only_p99: percentile(&only, 0.99),
    })
}

/// Parses the benchmark's query strings with the handler's own parameter type.
fn serde_urlencoded_query(q: &str) -> anyhow::Result<crate::directory::routes::SearchQuery> {
    let uri: axum::http::Uri = format!("/?{q}").parse()?;
    let axum::extract::Query(params) =
        axum::extract::Query::<crate::directory::routes::SearchQuery>::try_from_uri(&uri)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(params)
}

/// The whole report as text, with totals over all queries.
pub fn report(rows: &[BenchRow], backend: &str, services: i64, iterations: usize) -> String {
    let mut out = format!(
        "search latency on {backend}, {services} services, {iterations} runs per query (ms); \
         idx api: kept answers, computed: the API computing them\n\
         {:<34} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7}\n",
        "query",
        "hits",
        "sql api",
        "p99",
        "raw sql",
        "p99",
        "idx api",
        "p99",
        "computed",
        "p99",
        "idx only",
        "p99",
        "cmp/idx"
    );
    for r in rows {
        let i = r.indexed;
        let cell = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        out.push_str(&format!(
            "{:<34} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7}\n",
            r.query,
            r.hits,
            r.api_p50,
            r.api_p99,
            r.sql_p50,
            r.sql_p99,
            cell(i.map(|i| i.api_p50)),
            cell(i.map(|i| i.api_p99)),
            cell(i.map(|i| i.computed_p50)),
            cell(i.map(|i| i.computed_p99)),
            cell(i.map(|i| i.only_p50)),
            cell(i.map(|i| i.only_p99)),
            i.filter(|i| i.only_p50 > 0.0).map_or_else(
                || "-".to_owned(),
                |i| format!("{:.1}", i.computed_p50 / i.only_p50)
            ),
        ));
    }
    let worst =
        |f: &dyn Fn(&BenchRow) -> Option<f64>| rows.iter().filter_map(f).fold(0.0_f64, f64::max);
    out.push_str(&format!(
        "worst p99 through the API: {:.2} ms from SQL, {} from the index\n",
        worst(&|r| Some(r.api_p99)),
        if rows.iter().any(|r| r.indexed.is_some()) {
            format!(
                "{:.2} ms ({:.2} ms computed)",
                worst(&|r| r.indexed.map(|i| i.api_p99)),
                worst(&|r| r.indexed.map(|i| i.computed_p99))
            )
        } else {
            "-".to_owned()
        }
    ));
    out
}
