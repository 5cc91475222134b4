//! The one way the app talks to the API: JSON over `fetch`, with every non-2xx response turned
//! into an [`ApiError`] that carries the server's code and message.
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{Serialize, de::DeserializeOwned};

use crate::api::ErrorBody;

use super::i18n::{Lang, Message};

/// Header that marks a request as coming from this app; the server refuses state-changing
/// requests without it (CSRF defence for a same-origin SPA).
pub const CSRF_HEADER: (&str, &str) = ("x-linli-csrf", "1");

/// A failed API call, ready to show to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status, or 0 when the server could not be reached.
    pub status: u16,
    /// The server's stable error code, or `network` / `http_<status>` / `bad_response`.
    pub code: String,
    /// Text for the user, already in their language when the server wrote it.
    pub message: String,
    /// The request field the error is about.
    pub field: Option<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    pub fn network(lang: Lang) -> Self {
        Self {
            status: 0,
            code: "network".into(),
            message: super::i18n::Msg::ErrorNetwork.text(lang).into(),
            field: None,
        }
    }

    /// An error response that is not in the API's JSON shape (a proxy page, say).
    pub fn from_status(status: u16, lang: Lang) -> Self {
        Self {
            status,
            code: format!("http_{status}"),
            message: super::i18n::fill(
                super::i18n::Msg::ErrorHttp.text(lang),
                &[("status", status.to_string())],
            ),
            field: None,
        }
    }

    /// Reads the API's error shape from a response body, or falls back to the status.
    pub fn from_body(status: u16, body: &str, lang: Lang) -> Self {
        match serde_json::from_str::<ErrorBody>(body) {
            Ok(ErrorBody { error }) => Self {
                status,
                code: error.code,
                message: error.message,
                field: error.field,
            },
            Err(_) => Self::from_status(status, lang),
        }
    }

    pub fn is_unauthenticated(&self) -> bool {
        self.status == 401
    }
}

fn current_lang() -> Lang {
    leptos::prelude::use_context::<super::prefs::Prefs>()
        .map(|p| leptos::prelude::GetUntracked::get_untracked(&p.lang))
        .unwrap_or_default()
}

fn with_common_headers(req: RequestBuilder, lang: Lang) -> RequestBuilder {
    req.header("accept", "application/json")
        .header("accept-language", lang.tag())
}

async fn finish<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
    lang: Lang,
) -> Result<T, ApiError> {
    let response = response.map_err(|_| ApiError::network(lang))?;
    let status = response.status();
    if (200..300).contains(&status) {
        let text = response.text().await.map_err(|_| ApiError::network(lang))?;
        // 204 and empty bodies decode as JSON `null` (for `()` and `Option`).
        let text = if text.is_empty() { "null" } else { &text };
        serde_json::from_str(text).map_err(|_| ApiError {
            status,
            code: "bad_response".into(),
            message: super::i18n::Msg::ErrorTitle.text(lang).into(),
            field: None,
        })
    } else {
        let body = response.text().await.unwrap_or_default();
        Err(ApiError::from_body(status, &body, lang))
    }
}

/// `GET` a JSON resource.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let lang = current_lang();
    finish(
        with_common_headers(Request::get(path), lang).send().await,
        lang,
    )
    .await
}

/// `GET` a JSON resource past the browser's cache: for the administrators' pages, which read
/// again right after a change what the public lists cache for minutes (the region tree).
pub async fn get_fresh<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let lang = current_lang();
    finish(
        with_common_headers(Request::get(path), lang)
            .cache(web_sys::RequestCache::NoCache)
            .send()
            .await,
        lang,
    )
    .await
}

/// Sends a JSON body with a state-changing method (`POST`, `PUT`, `PATCH`, `DELETE`).
pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let lang = current_lang();
    let builder = match method {
        "PUT" => Request::put(path),
        "PATCH" => Request::patch(path),
        "DELETE" => Request::delete(path),
        _ => Request::post(path),
    };
    let request = with_common_headers(builder, lang)
        .header(CSRF_HEADER.0, CSRF_HEADER.1)
        .json(body);
    match request {
        Ok(req) => finish(req.send().await, lang).await,
        Err(_) => Err(ApiError::from_status(0, lang)),
    }
}

/// `POST` a JSON body with an `Idempotency-Key`, so that a retry (a double tap, a flaky
/// connection) is answered with the first result instead of acting twice.
pub async fn post_idempotent<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    key: &str,
) -> Result<T, ApiError> {
    let lang = current_lang();
    let request = with_common_headers(Request::post(path), lang)
        .header(CSRF_HEADER.0, CSRF_HEADER.1)
        .header("idempotency-key", key)
        .json(body);
    match request {
        Ok(req) => finish(req.send().await, lang).await,
        Err(_) => Err(ApiError::from_status(0, lang)),
    }
}

/// `DELETE` with no body.
pub async fn delete<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let lang = current_lang();
    finish(
        with_common_headers(Request::delete(path), lang)
            .header(CSRF_HEADER.0, CSRF_HEADER.1)
            .send()
            .await,
        lang,
    )
    .await
}

/// `POST` a JSON body.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    send("POST", path, body).await
}

/// `POST` a `multipart/form-data` body (files); the browser sets the boundary.
pub async fn post_form_data<T: DeserializeOwned>(
    path: &str,
    form: web_sys::FormData,
) -> Result<T, ApiError> {
    let lang = current_lang();
    let request = with_common_headers(Request::post(path), lang)
        .header(CSRF_HEADER.0, CSRF_HEADER.1)
        .body(form);
    match request {
        Ok(req) => finish(req.send().await, lang).await,
        Err(_) => Err(ApiError::from_status(0, lang)),
    }
}
