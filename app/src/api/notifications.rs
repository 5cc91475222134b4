//! In-app notifications of the logged-in user.
use serde::{Deserialize, Serialize};

use super::Text;

/// One message to the user ("your case was answered", "a case is overdue").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    /// Machine-readable kind, e.g. `feedback.answered`.
    pub kind: String,
    pub title: Text,
    pub body: Text,
    /// Path inside the app to open, e.g. `/feedback/track/SZ-2026-7K3QH9XM`.
    #[serde(default)]
    pub link: Option<String>,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    pub items: Vec<Notification>,
    /// Unread notifications in total (not only on this page).
    pub unread: i64,
    #[serde(default)]
    pub next_cursor: Option<String>,
}
