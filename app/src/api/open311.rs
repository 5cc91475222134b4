//! Administration of Open311 GeoReport v2 clients and their API keys.
use serde::{Deserialize, Serialize};

/// A client allowed to file cases through Open311.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Open311Client {
    pub id: i64,
    pub name: String,
    pub contact: String,
    /// The first characters of the key, to recognise it.
    pub key_prefix: String,
    pub created_at: String,
    #[serde(default)]
    pub revoked_at: Option<String>,
    #[serde(default)]
    pub last_used_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Open311ClientList {
    pub items: Vec<Open311Client>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOpen311Client {
    pub name: String,
    #[serde(default)]
    pub contact: String,
}

/// A newly issued key: shown once, never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedKey {
    pub client: Open311Client,
    pub api_key: String,
}
