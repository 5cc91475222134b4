//! Linli's server: the JSON API under `/api`, and the single-page app from the same origin.
//!
//! [`router`] builds the whole application for a given [`AppState`], so tests drive it
//! in-process exactly as `linli serve` does over TCP.

pub mod accounts;
pub mod activities;
pub mod assets;
pub mod audit;
pub mod backup;
pub mod booking;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod coalesce;
pub mod config;
pub mod db;
pub mod directory;
pub mod error;
pub mod extract;
pub mod feedback;
pub mod fields;
pub mod files;
pub mod health;
pub mod http;
pub mod ics;
pub mod janitor;
pub mod lang;
pub mod metrics;
pub mod notifications;
pub mod open311;
pub mod openapi;
pub mod operations;
pub mod pagination;
pub mod phrase;
pub mod privacy;
pub mod qr;
pub mod ratelimit;
pub mod ready;
pub mod regions;
pub mod scale;
pub mod seed;
pub mod shutdown;
pub mod site;
pub mod time;
pub mod upgrade;
pub mod volunteers;

use std::sync::Arc;

use axum::Router;

pub use config::Config;
pub use db::Db;
pub use error::ApiError;

/// Everything a request handler may need; cheap to clone (axum clones it for every request
/// and layer: the caches, whose own clones are not cheap, are behind `Arc`s).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub assets: Arc<assets::Assets>,
    /// This instance's availability cache (checked against the database's versions).
    pub availability: Arc<booking::cache::AvailabilityCache>,
    /// This instance's service pages (checked against the database's versions).
    pub service_pages: Arc<directory::pages::ServicePages>,
    /// This instance's case pages (checked against the database's versions).
    pub case_pages: Arc<feedback::pages::CasePages>,
    /// This instance's community boundaries (checked against the database's version).
    pub boundaries: Arc<regions::boundary_cache::BoundaryCache>,
    /// This instance's directory search index (none: search runs through SQL).
    pub search_index: Arc<directory::engine::SearchIndex>,
    /// Wakes this instance's notification dispatcher (a code someone is waiting for).
    pub outbox: notifications::outbox::Wake,
}

impl AppState {
    /// A process's state on `db`: empty caches, no search index (search runs through SQL until
    /// one is set) and its own dispatcher wake-up.
    pub fn new(db: Db, config: Config, assets: assets::Assets) -> Self {
        AppState {
            db,
            config: Arc::new(config),
            assets: Arc::new(assets),
            availability: Default::default(),
            service_pages: Default::default(),
            case_pages: Default::default(),
            boundaries: Default::default(),
            search_index: Default::default(),
            outbox: Default::default(),
        }
    }
}

/// The complete application: API, OpenAPI document and the SPA, with every middleware.
/// Error messages of every domain, registered with the bottom error module.
const DOMAIN_MESSAGES: &[&[error::messages::Message]] = &[
    audit::MESSAGES,
    accounts::MESSAGES,
    accounts::AUDIT,
    calendar::MESSAGES,
    calendar::AUDIT,
    regions::MESSAGES,
    regions::AUDIT,
    site::MESSAGES,
    site::AUDIT,
    directory::MESSAGES,
    directory::AUDIT,
    booking::MESSAGES,
    booking::AUDIT,
    activities::MESSAGES,
    activities::AUDIT,
    volunteers::MESSAGES,
    volunteers::AUDIT,
    notifications::MESSAGES,
    feedback::MESSAGES,
    feedback::texts::TIMELINE,
    feedback::texts::AUDIT,
    open311::MESSAGES,
    open311::AUDIT,
];

/// Brings a database up to date: the schema's migrations, the reference data every database
/// has (the bundled region tree, into a database without regions), then the stored rows that
/// SQL could not upgrade ([`upgrade`]).
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    // The upgrade stores each converted detail's English rendering beside its code.
    register_messages();
    db.migrate_schema().await?;
    // Loading reference data is not a request: it is logged at the system time.
    let now = clock::Clock::system().now();
    let regions = regions::transfer::load_bundled(db, now).await?;
    if regions > 0 {
        tracing::info!(regions, "bundled region tree loaded");
    }
    let converted = upgrade::old_audit_details(db).await?;
    if converted > 0 {
        tracing::info!(converted, "old audit details stored as codes and values");
    }
    Ok(())
}

/// A short hex digest of what [`migrate`] puts in a new database of `backend`: tests name
/// their template database after it.
pub fn schema_fingerprint(backend: db::Backend) -> String {
    db::schema_fingerprint(backend, regions::transfer::BUNDLED.as_bytes())
}

/// Makes every domain's error messages known (done by [`router`] and the command line).
pub fn register_messages() {
    error::messages::register(DOMAIN_MESSAGES);
}

pub fn router(state: AppState) -> Router {
    register_messages();
    let (api, mut openapi) = openapi::api_router(&state.config).split_for_parts();
    openapi::add_default_errors(&mut openapi);
    let openapi = Arc::new(openapi);
    let mut app = Router::new()
        .merge(api)
        .merge(open311::router())
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let doc = Arc::clone(&openapi);
                async move { axum::Json(doc) }
            }),
        )
        .fallback(http::fallback);
    if state.config.bench_baseline {
        // The benchmarks' baseline: a JSON handler with no database, behind the same
        // middleware as every API route. Only with `--bench-baseline`.
        app = app.route(
            "/api/v1/bench/bare",
            axum::routing::get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }),
        );
    }
    // A proxy's successful writes for a resident are audited (see accounts::family).
    let app = app.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        accounts::family::audit_acting,
    ));
    let mut app = http::with_middleware(app, &state.config);
    if state.config.metrics_token.is_some() {
        // Outermost, so the time includes every middleware; per route, so the route template
        // is known.
        crate::metrics::handle();
        app = app.layer(axum::middleware::from_fn(crate::metrics::track));
    }
    app.with_state(state)
}
