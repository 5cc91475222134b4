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
}

impl Config {
    pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

    /// The default SQLite file inside a data directory.
    pub fn default_database_url(data_dir: &std::path::Path) -> String {
        format!("sqlite://{}?mode=rwc", data_dir.join("linli.db").display())
    }

    /// A configuration for in-process tests: no network address is bound.
    pub fn for_tests(database_url: String, data_dir: PathBuf) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url,
            data_dir,
            demo: false,
            body_limit: 64 * 1024,
            request_timeout: Duration::from_secs(30),
            behind_tls: false,
        }
    }
}
