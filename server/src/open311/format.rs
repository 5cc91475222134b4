//! XML and JSON responses in the GeoReport v2 shapes, and its error format.
use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::lang::Lang;

/// The format named by the path's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Xml => "text/xml; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// Splits `services.json` into (`services`, JSON); `None` for an unknown extension.
pub fn split(file: &str) -> Option<(&str, Format)> {
    let (stem, ext) = file.rsplit_once('.')?;
    let format = match ext {
        "xml" => Format::Xml,
        "json" => Format::Json,
        _ => return None,
    };
    (!stem.is_empty()).then_some((stem, format))
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

/// Writes `json` as JSON, or `xml` under the element `root` as XML.
pub fn respond<J: Serialize, X: Serialize>(
    format: Format,
    status: StatusCode,
    root: &str,
    json: &J,
    xml: &X,
) -> Response {
    let body = match format {
        Format::Json => serde_json::to_string(json).map_err(|e| e.to_string()),
        Format::Xml => quick_xml::se::to_string_with_root(root, xml)
            .map(|x| format!("{XML_DECLARATION}{x}"))
            .map_err(|e| e.to_string()),
    };
    match body {
        Ok(body) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            )],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "open311 serialisation failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// One Open311 error.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorItem {
    pub code: u16,
    pub description: String,
}

#[derive(Serialize)]
struct ErrorsXml<'a> {
    error: &'a [ErrorItem],
}

/// An Open311 failure: the HTTP status (400, 403, 404, 429) and a message code of
/// [`super::MESSAGES`].
#[derive(Debug, Clone)]
pub struct Failure {
    pub status: StatusCode,
    pub code: &'static str,
    pub params: Vec<(&'static str, String)>,
    /// The request parameter concerned, named in the description.
    pub field: Option<String>,
}

impl Failure {
    pub fn new(status: StatusCode, code: &'static str) -> Self {
        Self {
            status,
            code,
            params: Vec::new(),
            field: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn bad(code: &'static str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code)
    }

    pub fn not_found(code: &'static str) -> Self {
        Self::new(StatusCode::NOT_FOUND, code)
    }

    pub fn param(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }

    pub fn render(&self, format: Format, lang: Lang) -> Response {
        let mut description = crate::error::messages::render(self.code, &self.params, lang);
        if let Some(field) = &self.field {
            description = format!("{field}: {description}");
        }
        let items = [ErrorItem {
            code: self.status.as_u16(),
            description,
        }];
        respond(
            format,
            self.status,
            "errors",
            &items,
            &ErrorsXml { error: &items },
        )
    }
}

impl From<crate::error::ApiError> for Failure {
    fn from(e: crate::error::ApiError) -> Self {
        use crate::error::ApiError;
        match e {
            ApiError::RateLimited { retry_after_secs } => {
                Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited")
                    .param("seconds", retry_after_secs)
            }
            ApiError::Invalid(p) | ApiError::BadRequest(p) => Self {
                status: StatusCode::BAD_REQUEST,
                code: p.code,
                params: p.params,
                field: p.field,
            },
            ApiError::NotFound(p) => Self::not_found(p.code),
            ApiError::Unavailable => {
                Self::new(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable")
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "open311 internal error");
                Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error")
            }
            other => Self::bad(other.problem().code),
        }
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        crate::error::ApiError::from(e).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_pick_the_format() {
        assert_eq!(split("services.xml"), Some(("services", Format::Xml)));
        assert_eq!(split("638344.json"), Some(("638344", Format::Json)));
        assert_eq!(split("a.b.json"), Some(("a.b", Format::Json)));
        assert_eq!(split("services.html"), None);
        assert_eq!(split("services"), None);
        assert_eq!(split(".json"), None);
    }
}
