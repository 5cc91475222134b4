//! The one error shape of the API: `{"error": {"code", "message", "field", "fields"}}`.
use serde::{Deserialize, Serialize};

/// Body of every non-2xx response under `/api`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, for programs (`code`, `field`) and for people (`message`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable, machine-readable code such as `slot_taken` or `invalid_phone`.
    pub code: String,
    /// Human text in the language asked for by `Accept-Language` (zh-CN or en).
    pub message: String,
    /// The request field the error is about, when there is one (the first, when several are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field the error is about, each with its own code and message: a form marks them
    /// all at once. Empty (and left out) when the error is not about a field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    /// The request field, such as `title` or `repeat.weekly_until`.
    pub field: String,
    /// Stable code of what is wrong with it.
    pub code: String,
    /// Human text in the caller's language.
    pub message: String,
}
