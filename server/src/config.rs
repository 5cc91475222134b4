//! Typed configuration, read once at start from flags and the environment.
use std::{net::SocketAddr, path::PathBuf, time::Duration};

/// How the running server behaves. Built by [`crate::cli`] from flags and environment
/// variables; tests build it with [`Config::for_tests`].
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// `sqlite://…` or `postgres://…`. Never logged: it may hold a password.
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Seed demo data into an empty database and print the demo accounts.
    pub demo: bool,
    /// Largest request body accepted by JSON endpoints.
    pub body_limit: usize,
    /// Requests taking longer are answered with 503.
    pub request_timeout: Duration,
    /// Send `Strict-Transport-Security` and mark cookies `Secure` (set when behind TLS).
    pub behind_tls: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// How many trusted proxies append to `X-Forwarded-For` (with `trust_proxy`): the client
    /// is the entry this far from the right. See [`crate::extract::client_address`].
    pub trusted_proxies: u32,
    /// Bearer token of `GET /api/v1/metrics`; without one the route answers 404.
    pub metrics_token: Option<crate::metrics::MetricsToken>,
    /// Triggered when the server starts to stop; readiness and background tasks watch it.
    pub shutdown: crate::shutdown::Shutdown,
    /// Multiplies every rate limit; 0 turns them off (benchmarks). See [`crate::ratelimit`].
    pub rate_limit_scale: u32,
    pub sessions: SessionPolicy,
    /// Where "now" comes from: the system clock, or a settable one in tests.
    pub clock: crate::clock::Clock,
    pub feedback: FeedbackSettings,
    pub placement: PlacementSettings,
    /// The time bank's floor and the volunteers' star levels.
    pub volunteering: crate::volunteers::Policy,
    /// Serve `/api/v1/bench/bare`, the benchmarks' no-database baseline.
    pub bench_baseline: bool,
    /// Where SMS go (`--sms-sender`).
    pub sms: crate::notifications::outbox::SmsSetting,
    /// The SMS gateway's bearer token (`--sms-gateway-token`).
    pub sms_gateway_token: Option<crate::notifications::outbox::Secret>,
    /// The mail relay (`--smtp-url`, `--smtp-from`); `None`: email goes to the log.
    pub smtp: Option<crate::notifications::outbox::SmtpSetting>,
}

/// Settings of resident feedback.
#[derive(Debug, Clone, Copy)]
pub struct FeedbackSettings {
    /// Answered cases the resident has not rated close after this many calendar days.
    pub auto_close_days: u32,
    /// Largest photo accepted, in bytes.
    pub photo_max_bytes: usize,
    /// Most photos on one case.
    pub max_photos: usize,
    /// Distinct residents' flags that hide a case from the public until staff review it.
    pub flags_to_hide: u32,
}

impl Default for FeedbackSettings {
    fn default() -> Self {
        Self {
            auto_close_days: 7,
            photo_max_bytes: 5 * 1024 * 1024,
            max_photos: 5,
            flags_to_hide: 3,
        }
    }
}

/// Where requests with a position may be, and how they are placed in a community.
#[derive(Debug, Clone, Copy)]
pub struct PlacementSettings {
    /// Positions outside this box are refused (`coordinates_outside_area`).
    pub area: crate::open311::placement::GeoBox,
    /// A position is placed in the community of the nearest known place at most this far
    /// away; farther, it goes to the district's triage queue.
    pub within_m: f64,
}

impl Default for PlacementSettings {
    fn default() -> Self {
        Self {
            area: crate::open311::placement::GeoBox::SHENZHEN,
            within_m: 500.0,
        }
    }
}

/// How long a login lasts. Staff sessions are shorter: they reach other people's data.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub resident_idle: Duration,
    pub resident_absolute: Duration,
    pub staff_idle: Duration,
    pub staff_absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        const HOUR: u64 = 3600;
        Self {
            resident_idle: Duration::from_secs(14 * 24 * HOUR),
            resident_absolute: Duration::from_secs(30 * 24 * HOUR),
            staff_idle: Duration::from_secs(2 * HOUR),
            staff_absolute: Duration::from_secs(12 * HOUR),
        }
    }
}

impl Config {
    pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

    /// The default SQLite file inside a data directory.
    pub fn default_database_url(data_dir: &std::path::Path) -> String {
        format!("sqlite://{}?mode=rwc", data_dir.join("linli.db").display())
    }

    /// A configuration for in-process tests: no network address is bound; the client address
    /// comes from `X-Forwarded-For` so tests can act from several addresses.
    pub fn for_tests(database_url: String, data_dir: PathBuf) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url,
            data_dir,
            demo: false,
            body_limit: 64 * 1024,
            request_timeout: Duration::from_secs(30),
            behind_tls: false,
            trust_proxy: true,
            trusted_proxies: 1,
            metrics_token: None,
            shutdown: crate::shutdown::Shutdown::default(),
            rate_limit_scale: 1,
            sessions: SessionPolicy::default(),
            clock: crate::clock::Clock::system(),
            feedback: FeedbackSettings::default(),
            placement: PlacementSettings::default(),
            volunteering: crate::volunteers::Policy::default(),
            bench_baseline: false,
            sms: crate::notifications::outbox::SmsSetting::Log,
            sms_gateway_token: None,
            smtp: None,
        }
    }
}
