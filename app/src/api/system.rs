//! Health and version of the running service.
use serde::{Deserialize, Serialize};

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the database answers, `unavailable` otherwise (then the status is 503).
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    pub version: String,
}
