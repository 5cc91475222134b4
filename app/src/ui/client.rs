//! The one way the app talks to the API: JSON over `fetch`, with every non-2xx response turned
//! into an [`ApiError`] that carries the server's code and message.
use gloo_net::http::Request;
use serde::{Serialize, de::DeserializeOwned};

use crate::api::FieldProblem;

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
    /// Every invalid field of the form, with its own message (the server lists them all).
    pub fields: Vec<FieldProblem>,
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
            fields: Vec::new(),
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
            fields: Vec::new(),
        }
    }

    /// Reads the API's error shape from a response body, or falls back to the status. Read
    /// field by field from the parsed JSON rather than through serde: the first load is
    /// smaller by a deserializer for the error shape and its list of fields.
    pub fn from_body(status: u16, body: &str, lang: Lang) -> Self {
        let error = parse(body).and_then(|v| member(&v, "error"));
        let read = error
            .as_ref()
            .and_then(|e| Some((string_at(e, "code")?, string_at(e, "message")?)));
        let (Some(error), Some((code, message))) = (error, read) else {
            return Self::from_status(status, lang);
        };
        let fields = member(&error, "fields")
            .map(|list| js_sys::Array::from(&list))
            .map(|list| {
                list.iter()
                    .filter_map(|f| {
                        Some(FieldProblem {
                            field: string_at(&f, "field")?,
                            code: string_at(&f, "code")?,
                            message: string_at(&f, "message")?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            status,
            code,
            message,
            field: string_at(&error, "field"),
            fields,
        }
    }

    /// The message for one field, when the error is about it. The error's own message wins
    /// for its field: a page may have reworded it (see `pages::admin::explain`).
    pub fn message_for(&self, field: &str) -> Option<String> {
        if self.field.as_deref() == Some(field) {
            return Some(self.message.clone());
        }
        self.fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.message.clone())
    }

    /// Whether the error is about fields only, all among `shown` (each shows its own message).
    pub fn only_about(&self, shown: &[&str]) -> bool {
        self.field.as_deref().is_some_and(|f| shown.contains(&f))
            && self
                .fields
                .iter()
                .all(|f| shown.contains(&f.field.as_str()))
    }

    pub fn is_unauthenticated(&self) -> bool {
        self.status == 401
    }
}

fn current_lang() -> Lang {
    LANG.get()
}

/// Follows the language preference ([`super::prefs`]). Kept here rather than read from the
/// reactive context: requests sent from `spawn_local` tasks have no owner, so they asked in
/// Chinese whatever the page showed.
pub fn set_lang(lang: Lang) {
    LANG.set(lang);
}

/// What a request carries besides its method and path.
enum Body {
    None,
    Json(String),
    Form(web_sys::FormData),
}

/// Sends one request and returns the body of a successful response. Not generic: the app's
/// hundred-odd calls share this one copy; only [`decode`] is instantiated per response type.
async fn fetch(
    method: &str,
    path: &str,
    body: Body,
    extra: Option<(&str, &str)>,
    fresh: bool,
) -> Result<(u16, String), ApiError> {
    let lang = current_lang();
    let builder = match method {
        "GET" => Request::get(path),
        "PUT" => Request::put(path),
        "PATCH" => Request::patch(path),
        "DELETE" => Request::delete(path),
        _ => Request::post(path),
    };
    let mut builder = builder
        .header("accept", "application/json")
        .header("accept-language", lang.tag());
    if method != "GET" {
        builder = builder.header(CSRF_HEADER.0, CSRF_HEADER.1);
    }
    if let Some((name, value)) = extra {
        builder = builder.header(name, value);
    }
    if let Some(id) = ACTING.get().filter(|_| acts_on(method, path)) {
        builder = builder.header("x-linli-on-behalf-of", &id.to_string());
    }
    if fresh {
        builder = builder.cache(web_sys::RequestCache::NoCache);
    }
    let request = match body {
        Body::None => builder.build(),
        Body::Json(json) => builder
            .header("content-type", "application/json")
            .body(json),
        Body::Form(form) => builder.body(form),
    };
    let response = request
        .map_err(|_| ApiError::from_status(0, lang))?
        .send()
        .await
        .map_err(|_| ApiError::network(lang))?;
    let status = response.status();
    if (200..300).contains(&status) {
        let text = response.text().await.map_err(|_| ApiError::network(lang))?;
        Ok((status, text))
    } else {
        let body = response.text().await.unwrap_or_default();
        Err(ApiError::from_body(status, &body, lang))
    }
}

/// Reads a successful response's JSON; 204 and empty bodies decode as `null` (for `()` and
/// `Option`). The browser's own parser reads the text and `serde-wasm-bindgen` maps the result
/// onto the type, instead of `serde_json`'s parser instantiated for each of the app's hundred-odd
/// response types: the main module is 7 KB smaller after gzip (238 → 231 KB).
fn decode<T: DeserializeOwned>((status, text): (u16, String)) -> Result<T, ApiError> {
    parse(&text)
        .and_then(|value| serde_wasm_bindgen::from_value(value).ok())
        .ok_or_else(|| bad_response(status))
}

/// Asks the browser where the visitor is, for "near me": `answer` gets the API's `near` value
/// (`latitude,longitude` to three decimals, about 100 m), or `None` when they refuse, the device
/// cannot tell within 15 s, or the browser has no geolocation. The position is used for the
/// request at hand only. (Through the object's members and callbacks, and with integer
/// formatting, rather than `web-sys`'s geolocation types, a future and float formatting: those
/// cost the main module, where the search page lives, 2 KB after gzip.)
pub fn locate(answer: impl FnOnce(Option<String>) + 'static) {
    use wasm_bindgen::{JsCast as _, JsValue, closure::Closure};
    let geolocation =
        web_sys::window().and_then(|w| member(&JsValue::from(w.navigator()), "geolocation"));
    let ask = geolocation
        .as_ref()
        .and_then(|g| member(g, "getCurrentPosition"));
    let (Some(geolocation), Some(ask), Some(options)) =
        (geolocation, ask, parse(r#"{"timeout":15000}"#))
    else {
        return answer(None);
    };
    // The browser calls exactly one of the two callbacks, once: one closure serves both (an
    // error has no `coords`). Typed as the event listeners' closures are (`FnMut(Event)`), so
    // it shares their glue instead of adding its own.
    let mut answer = Some(answer);
    let found: Box<dyn FnMut(web_sys::Event)> = Box::new(move |position| {
        let coords = member(&position, "coords");
        let at = |key: &str| coords.as_ref().and_then(|c| member(c, key)?.as_f64());
        if let Some(answer) = answer.take() {
            answer(
                at("latitude")
                    .zip(at("longitude"))
                    .map(|(lat, lng)| format!("{},{}", thousandths(lat), thousandths(lng))),
            );
        }
    });
    let found = Closure::wrap(found).into_js_value();
    let _ = ask
        .unchecked_into::<js_sys::Function>()
        .call3(&geolocation, &found, &found, &options);
}

/// A coordinate to three decimals, e.g. `-22.533`.
#[allow(clippy::cast_possible_truncation, reason = "degrees × 1000 fit an i64")]
fn thousandths(degrees: f64) -> String {
    let n = (degrees * 1000.0).round_ties_even() as i64;
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}.{:03}", n.abs() / 1000, n.abs() % 1000)
}

/// A member of a JavaScript object, when it is there and not `null`.
fn member(value: &wasm_bindgen::JsValue, key: &str) -> Option<wasm_bindgen::JsValue> {
    js_sys::Reflect::get(value, &wasm_bindgen::JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// A string member of a JavaScript object.
fn string_at(value: &wasm_bindgen::JsValue, key: &str) -> Option<String> {
    member(value, key)?.as_string()
}

/// JSON text to a JavaScript value; empty text is `null`.
fn parse(text: &str) -> Option<wasm_bindgen::JsValue> {
    if text.is_empty() {
        Some(wasm_bindgen::JsValue::NULL)
    } else {
        js_sys::JSON::parse(text).ok()
    }
}

fn bad_response(status: u16) -> ApiError {
    ApiError {
        status,
        code: "bad_response".into(),
        message: super::i18n::Msg::ErrorTitle.text(current_lang()).into(),
        field: None,
        fields: Vec::new(),
    }
}

fn json<B: Serialize>(body: &B) -> Result<Body, ApiError> {
    serde_json::to_string(body)
        .map(Body::Json)
        .map_err(|_| ApiError::from_status(0, current_lang()))
}

thread_local! {
    static LANG: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::Zh) };
    /// The resident a family proxy is acting for (子女代办), sent as `X-Linli-On-Behalf-Of`.
    static ACTING: std::cell::Cell<Option<i64>> = const { std::cell::Cell::new(None) };
}

/// Starts (`Some(resident id)`) or ends acting for a resident; see [`super::session`].
pub fn set_acting(id: Option<i64>) {
    ACTING.set(id);
}

/// The resident being acted for, if any.
pub fn acting() -> Option<i64> {
    ACTING.get()
}

/// Bookings, feedback, activity sign-ups and help requests: what a proxy does for the
/// resident. Everything else (the proxy's own account, messages, staff pages) stays the proxy's
/// own.
fn acts_on(method: &str, path: &str) -> bool {
    [
        "/api/v1/bookings",
        "/api/v1/waitlist",
        "/api/v1/lotteries",
        "/api/v1/feedback",
        "/api/v1/venues",
        "/api/v1/me/bookings",
        "/api/v1/me/waitlist",
        "/api/v1/me/strikes",
        "/api/v1/me/feedback",
        "/api/v1/me/activities",
    ]
    .iter()
    .any(|p| path.starts_with(p))
        || activity_path(path)
        || help_path(method, path)
}

/// Asking the time bank for help (`POST /api/v1/help-requests`), following and withdrawing a
/// request, the resident's own requests; not the volunteers' list of open requests nor taking
/// one, which stay the proxy's own.
fn help_path(method: &str, path: &str) -> bool {
    match path.strip_prefix("/api/v1/help-requests") {
        Some("") => method == "POST",
        Some(rest) => rest.starts_with('/') && !rest.ends_with("/take"),
        None => path.starts_with("/api/v1/me/help-requests"),
    }
}

/// `/api/v1/activities/{id}` (the resident's place in it) and its `/signup` and `/rating`;
/// not the public list (`/api/v1/activities?…`) nor the calendar file, which the server refuses
/// to proxies.
fn activity_path(path: &str) -> bool {
    path.starts_with("/api/v1/activities/") && !path.ends_with("/ics")
}

/// `GET` a JSON resource.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(fetch("GET", path, Body::None, None, false).await?)
}

/// `GET` a JSON resource past the browser's cache: for the administrators' pages, which read
/// again right after a change what the public lists cache for minutes (the region tree).
pub async fn get_fresh<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(fetch("GET", path, Body::None, None, true).await?)
}

/// Sends a JSON body with a state-changing method (`POST`, `PUT`, `PATCH`, `DELETE`).
pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let method = if matches!(method, "PUT" | "PATCH" | "DELETE") {
        method
    } else {
        "POST"
    };
    decode(fetch(method, path, json(body)?, None, false).await?)
}

/// `POST` a JSON body with an `Idempotency-Key`, so that a retry (a double tap, a flaky
/// connection) is answered with the first result instead of acting twice.
pub async fn post_idempotent<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    key: &str,
) -> Result<T, ApiError> {
    let key = Some(("idempotency-key", key));
    decode(fetch("POST", path, json(body)?, key, false).await?)
}

/// `GET` a text resource (an SVG image) with the headers of every request: the family proxy's
/// header, which an `<img src>` would not carry.
pub async fn get_text(path: &str) -> Result<String, ApiError> {
    fetch("GET", path, Body::None, None, false)
        .await
        .map(|(_, text)| text)
}

/// `DELETE` with no body.
pub async fn delete<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(fetch("DELETE", path, Body::None, None, false).await?)
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
    decode(fetch("POST", path, Body::Form(form), None, false).await?)
}

#[cfg(test)]
mod tests {
    use super::acts_on as acts;

    fn acts_on(path: &str) -> bool {
        acts("GET", path)
    }
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_proxy_acts_on_an_activity_sign_up_but_not_on_the_lists_or_calendar_files() {
        assert!(acts_on("/api/v1/activities/12"));
        assert!(acts_on("/api/v1/activities/12/signup"));
        assert!(acts_on("/api/v1/activities/12/rating"));
        assert!(acts_on("/api/v1/me/activities?past=true&limit=100"));
        assert!(!acts_on("/api/v1/activities?limit=20"));
        assert!(!acts_on("/api/v1/activities/12/ics"));
        assert!(!acts_on("/api/v1/staff/activities/12/signups"));
    }

    #[wasm_bindgen_test]
    fn a_proxy_asks_for_help_but_does_not_take_requests() {
        assert!(acts("POST", "/api/v1/help-requests"));
        assert!(acts("GET", "/api/v1/me/help-requests"));
        assert!(acts("GET", "/api/v1/help-requests/4"));
        assert!(acts("POST", "/api/v1/help-requests/4/cancel"));
        assert!(!acts("GET", "/api/v1/help-requests"));
        assert!(!acts("POST", "/api/v1/help-requests/4/take"));
        assert!(!acts("POST", "/api/v1/staff/help-requests"));
    }
}
