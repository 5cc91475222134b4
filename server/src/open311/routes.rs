//! The GeoReport v2 endpoints under `/open311/v2/`.
use app::api::feedback::{FeedbackKind, Privacy};
use axum::{
    Router,
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::Response,
    routing::get,
};

use super::{
    form::{self, Form, FormError},
    format::{Failure, Format, respond, split},
    keys,
    locate::{self, Placement},
    model::{self, Created, CreatedXml, RequestsXml, Service, ServicesXml},
};
use crate::{
    AppState,
    extract::ClientIp,
    feedback::{intake, store},
    lang::Lang,
    regions::store as regions,
    time::rfc3339,
};

pub const BASE: &str = "/open311/v2";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(top_get).post(top_post))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
        .route("/open311/v2/tokens/{file}", get(token))
}

fn lang(headers: &HeaderMap) -> Lang {
    Lang::from_headers(headers)
}

type Outcome = Result<Response, Failure>;

fn finish(outcome: Outcome, format: Format, lang: Lang) -> Response {
    outcome.unwrap_or_else(|f| f.render(format, lang))
}

/// No usable extension: answered in XML, the format every client reads.
fn unknown_resource(headers: &HeaderMap) -> Response {
    Failure::not_found("open311_not_found").render(Format::Xml, lang(headers))
}

fn parse_query(raw: Option<&str>) -> Result<Form, Failure> {
    form::parse(raw.unwrap_or("").as_bytes()).map_err(form_failure)
}

fn form_failure(e: FormError) -> Failure {
    match e {
        FormError::Duplicate(name) => Failure::bad("open311_duplicate_parameter").field(name),
        FormError::MalformedAttribute(name) => {
            Failure::bad("open311_malformed_attribute").field(name)
        }
        FormError::NotUtf8 => Failure::bad("open311_not_utf8"),
    }
}

/// The region a `jurisdiction_id` names: the city or one of its districts; absent means the
/// whole city. Unknown ids are 404.
async fn jurisdiction(state: &AppState, form: &Form) -> Result<Option<i64>, Failure> {
    let Some(id) = form.get("jurisdiction_id") else {
        return Ok(None);
    };
    match regions::by_code(&state.db, id).await? {
        Some(r) if matches!(r.level.as_str(), "city" | "district") => Ok(Some(r.id)),
        _ => Err(Failure::not_found("open311_jurisdiction_not_found").field("jurisdiction_id")),
    }
}

async fn top_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some((stem, format)) = split(&file) else {
        return unknown_resource(&headers);
    };
    let lang = lang(&headers);
    let outcome = match stem {
        "discovery" => discovery(&state, &headers, format).await,
        "services" => services(&state, q.as_deref(), format, lang).await,
        "requests" => requests(&state, q.as_deref(), format, lang).await,
        _ => Err(Failure::not_found("open311_not_found")),
    };
    finish(outcome, format, lang)
}

async fn top_post(
    State(state): State<AppState>,
    Path(file): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some((stem, format)) = split(&file) else {
        return unknown_resource(&headers);
    };
    let lang = lang(&headers);
    let outcome = if stem == "requests" {
        create(&state, &headers, &ip, &body, format, lang).await
    } else {
        Err(Failure::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ))
    };
    finish(outcome, format, lang)
}

fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .map_or_else(|| state.config.addr.to_string(), str::to_owned);
    let scheme = if state.config.behind_tls {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}{BASE}")
}

/// When the service list last changed: the newest category edit, or the release of this
/// interface.
async fn changeset(state: &AppState) -> Result<String, Failure> {
    const RELEASED: i64 = 1_795_622_400; // 2026-11-26T00:00:00+08:00
    Ok(rfc3339(
        store::catalogue_changed_at(&state.db).await?.max(RELEASED),
    ))
}

async fn discovery(state: &AppState, headers: &HeaderMap, format: Format) -> Outcome {
    let changeset = changeset(state).await?;
    let site = crate::site::info(&state.db).await?;
    let contact = site
        .open311_contact
        .or(site.contact)
        .unwrap_or_else(|| site.name.zh.clone());
    let doc = model::Discovery {
        changeset: changeset.clone(),
        contact,
        key_service:
            "API keys are issued by the city administrators of Linli (管理后台 › Open311 客户端)."
                .to_owned(),
        endpoints: vec![model::Endpoint {
            specification: "http://wiki.open311.org/GeoReport_v2",
            url: base_url(state, headers),
            changeset,
            kind: "production",
            formats: vec!["text/xml", "application/json"],
        }],
    };
    Ok(respond(
        format,
        StatusCode::OK,
        "discovery",
        &doc,
        &doc.xml(),
    ))
}

async fn services(state: &AppState, q: Option<&str>, format: Format, lang: Lang) -> Outcome {
    let form = parse_query(q)?;
    jurisdiction(state, &form).await?;
    let list: Vec<Service> = crate::feedback::catalogue(state)
        .await?
        .into_iter()
        .map(|c| Service {
            service_name: pick(lang, &c.name),
            description: pick(lang, &c.description),
            metadata: !c.questions.is_empty(),
            kind: "realtime",
            keywords: c.keywords.join(","),
            group: c.group,
            service_code: c.code,
        })
        .collect();
    Ok(respond(
        format,
        StatusCode::OK,
        "services",
        &list,
        &ServicesXml { service: &list },
    ))
}

fn pick(lang: Lang, t: &app::api::Text) -> String {
    t.get(if lang == Lang::En { "en" } else { "zh" }).to_owned()
}

async fn service_definition(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some((code, format)) = split(&file) else {
        return unknown_resource(&headers);
    };
    let lang = lang(&headers);
    let outcome = async {
        let form = parse_query(q.as_deref())?;
        jurisdiction(&state, &form).await?;
        let cat = crate::feedback::catalogue(&state)
            .await?
            .into_iter()
            .find(|c| c.code == code)
            .ok_or_else(|| Failure::not_found("open311_service_not_found").field("service_code"))?;
        let def = model::ServiceDefinition {
            service_code: cat.code,
            attributes: cat
                .questions
                .iter()
                .map(|q| model::Attribute {
                    variable: q.variable,
                    code: q.code.clone(),
                    datatype: q.datatype.as_str().to_owned(),
                    required: q.required,
                    datatype_description: pick(lang, &q.hint),
                    order: q.order,
                    description: pick(lang, &q.text),
                    values: q
                        .values
                        .iter()
                        .map(|v| model::Value {
                            key: v.key.clone(),
                            name: pick(lang, &v.name),
                        })
                        .collect(),
                })
                .collect(),
        };
        Ok(respond(
            format,
            StatusCode::OK,
            "service_definition",
            &def,
            &def.xml(),
        ))
    }
    .await;
    finish(outcome, format, lang)
}

async fn create(
    state: &AppState,
    headers: &HeaderMap,
    ip: &str,
    body: &[u8],
    format: Format,
    lang: Lang,
) -> Outcome {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type
        .to_ascii_lowercase()
        .starts_with("application/x-www-form-urlencoded")
    {
        return Err(Failure::bad("open311_form_required"));
    }
    let form = form::parse(body).map_err(form_failure)?;
    // The key first: without a valid one nothing else is looked at.
    let key = form
        .get("api_key")
        .ok_or_else(|| Failure::new(StatusCode::FORBIDDEN, "open311_invalid_key"))?;
    let client = keys::client_of(state, key)
        .await?
        .ok_or_else(|| Failure::new(StatusCode::FORBIDDEN, "open311_invalid_key"))?;
    keys::POSTS_PER_KEY.hit(state, &client.to_string()).await?;
    crate::feedback::SUBMIT_PER_IP.hit(state, ip).await?;
    let within = jurisdiction(state, &form).await?;
    let service_code = form
        .get("service_code")
        .ok_or_else(|| Failure::bad("open311_service_code_required").field("service_code"))?;
    if store::category_by_code(&state.db, service_code)
        .await?
        .is_none()
    {
        return Err(Failure::not_found("open311_service_not_found").field("service_code"));
    }
    let point = locate::point(state, &form)?;
    let placement = locate::locate(state, &form, point, within).await?;
    let description = form
        .get("description")
        .ok_or_else(|| Failure::bad("invalid_description").field("description"))?;
    if description.contains('<') && description.contains('>') {
        return Err(Failure::bad("open311_no_html").field("description"));
    }
    let media_url = form
        .get("media_url")
        .map(|u| {
            let ok = (u.starts_with("https://") || u.starts_with("http://"))
                && u.len() <= 500
                && !u.chars().any(char::is_whitespace);
            ok.then(|| u.to_owned())
                .ok_or_else(|| Failure::bad("open311_invalid_media_url").field("media_url"))
        })
        .transpose()?;
    let name = [form.get("first_name"), form.get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let phone = form
        .get("phone")
        .and_then(|p| crate::accounts::PhoneNumber::parse(p).ok())
        .map(|p| p.as_str().to_owned());
    // A named person is visible to the committee only; nobody named means fully anonymous.
    let privacy = if name.is_empty() && phone.is_none() {
        Privacy::Anonymous
    } else {
        Privacy::CommitteeOnly
    };
    let title: String = description.chars().take(30).collect();
    let address = form.get("address_string").unwrap_or("");
    let place = if address.is_empty() {
        "（经 Open311 提交，见坐标）".to_owned()
    } else {
        address.chars().take(200).collect()
    };
    let (region, needs_placement) = match placement {
        Placement::Community(code) => (code, false),
        Placement::Triage(code) => (code, true),
    };
    let draft = intake::Draft {
        kind: FeedbackKind::Complaint,
        category: service_code.to_owned(),
        community: region,
        needs_placement,
        place,
        lat: point.map(|p| p.lat),
        lng: point.map(|p| p.lng),
        title,
        description: description.to_owned(),
        privacy,
        contact_name: (privacy != Privacy::Anonymous).then(|| {
            if name.is_empty() {
                "Open311 用户".to_owned()
            } else {
                name.chars().take(32).collect()
            }
        }),
        contact_phone: phone,
        answers: form.attributes.clone(),
    };
    let checked = intake::check(state, draft, false)
        .await
        .map_err(Failure::from)?;
    let filed = intake::file(
        state,
        checked,
        Vec::new(),
        intake::Submitter {
            user_id: None,
            filed_by: None,
            channel: "open311",
        },
    )
    .await?;
    store::set_open311_origin(&state.db, filed.id, client, media_url.as_deref()).await?;
    let notice = match lang {
        Lang::En => format!(
            "The residents' committee will accept or decline this request by {}. Tracking code for the resident: {}",
            filed.accept_due, filed.tracking_code
        ),
        Lang::Zh => format!(
            "居委会将在 {} 前受理。居民查询码：{}",
            filed.accept_due, filed.tracking_code
        ),
    };
    let created = [Created {
        service_request_id: filed.id.to_string(),
        service_notice: notice,
    }];
    Ok(respond(
        format,
        StatusCode::CREATED,
        "service_requests",
        &created,
        &CreatedXml { request: &created },
    ))
}

/// Parses a W3C datetime with its zone (`2026-11-01T00:00:00+08:00` or `…Z`).
fn instant(form: &Form, name: &'static str) -> Result<Option<i64>, Failure> {
    form.get(name)
        .map(|v| {
            crate::time::parse_instant(v)
                .ok_or_else(|| Failure::bad("open311_invalid_datetime").field(name))
        })
        .transpose()
}

const NINETY_DAYS: i64 = 90 * 86_400;

async fn requests(state: &AppState, q: Option<&str>, format: Format, lang: Lang) -> Outcome {
    let form = parse_query(q)?;
    let within = jurisdiction(state, &form).await?;
    let extensions = matches!(form.get("extensions"), Some("true" | "1"));
    let mut conditions = vec!["c.hidden = 0".to_owned()];
    if let Some(j) = within {
        conditions.push(format!(
            "c.region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id = {j})"
        ));
    }
    let mut limit = 1000u32;
    let mut offset = 0u64;
    if let Some(ids) = form.get("service_request_id") {
        // Overrides every other filter.
        let ids = ids
            .split(',')
            .map(|s| s.trim().parse::<i64>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| Failure::bad("open311_invalid_request_id").field("service_request_id"))?;
        if ids.is_empty() || ids.len() > 1000 {
            return Err(Failure::bad("open311_invalid_request_id").field("service_request_id"));
        }
        conditions.push(format!("c.id IN ({})", crate::db::id_list(&ids)));
    } else {
        if let Some(codes) = form.get("service_code") {
            let mut ids = Vec::new();
            for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                let cat = store::category_by_code(&state.db, code)
                    .await?
                    .ok_or_else(|| {
                        Failure::not_found("open311_service_not_found").field("service_code")
                    })?;
                ids.push(cat.id);
            }
            if !ids.is_empty() {
                conditions.push(format!("c.category_id IN ({})", crate::db::id_list(&ids)));
            }
        }
        let now = state.config.clock.now();
        let (start, end) = match (instant(&form, "start_date")?, instant(&form, "end_date")?) {
            (None, None) => (now - NINETY_DAYS, now),
            (Some(s), None) => (s, s + NINETY_DAYS),
            (None, Some(e)) => (e - NINETY_DAYS, e),
            (Some(s), Some(e)) => (s, e),
        };
        if start > end || end - start > NINETY_DAYS {
            return Err(Failure::bad("open311_range_too_long").field("start_date"));
        }
        conditions.push(format!("c.created_at >= {start} AND c.created_at <= {end}"));
        if let Some(statuses) = form.get("status") {
            let mut set = Vec::new();
            for s in statuses.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                match s {
                    "open" => {
                        set.push("c.status IN ('submitted', 'accepted', 'assigned', 'in_progress')")
                    }
                    "closed" => {
                        set.push("c.status IN ('declined', 'answered', 'closed', 'merged')")
                    }
                    _ => return Err(Failure::bad("open311_invalid_status").field("status")),
                }
            }
            if !set.is_empty() {
                conditions.push(format!("({})", set.join(" OR ")));
            }
        }
        let page_size = form
            .get("page_size")
            .map(|p| {
                p.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(|| Failure::bad("open311_invalid_page").field("page_size"))
            })
            .transpose()?
            .unwrap_or(1000);
        let page = form
            .get("page")
            .map(|p| {
                p.parse::<u64>()
                    .ok()
                    .filter(|n| (1..=100_000).contains(n))
                    .ok_or_else(|| Failure::bad("open311_invalid_page").field("page"))
            })
            .transpose()?
            .unwrap_or(1);
        limit = page_size;
        offset = (page - 1) * u64::from(page_size);
    }
    let rows = store::cases_where_page(&state.db, &conditions.join(" AND "), limit, offset).await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        let events = store::events(&state.db, row.id, true).await?;
        list.push(model::request(row, &events, lang, extensions));
    }
    let xml: Vec<_> = list.iter().map(model::Request::xml).collect();
    Ok(respond(
        format,
        StatusCode::OK,
        "service_requests",
        &list,
        &RequestsXml { request: &xml },
    ))
}

async fn one_request(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some((id, format)) = split(&file) else {
        return unknown_resource(&headers);
    };
    let lang = lang(&headers);
    let outcome = async {
        let form = parse_query(q.as_deref())?;
        let within = jurisdiction(&state, &form).await?;
        let id: i64 = id
            .parse()
            .map_err(|_| Failure::not_found("open311_request_not_found"))?;
        let row = store::case_by_id(state.db.pool(), id)
            .await?
            .filter(|r| r.hidden == 0)
            .ok_or_else(|| Failure::not_found("open311_request_not_found"))?;
        if let Some(j) = within
            && !regions::contains(
                &state.db,
                crate::regions::RegionId(j),
                crate::regions::RegionId(row.region_id),
            )
            .await?
        {
            return Err(Failure::not_found("open311_request_not_found"));
        }
        let events = store::events(&state.db, row.id, true).await?;
        let extensions = matches!(form.get("extensions"), Some("true" | "1"));
        let one = [model::request(&row, &events, lang, extensions)];
        let xml = [one[0].xml()];
        Ok(respond(
            format,
            StatusCode::OK,
            "service_requests",
            &one,
            &RequestsXml { request: &xml },
        ))
    }
    .await;
    finish(outcome, format, lang)
}

/// Linli's services are `realtime`: requests get their id at once and no tokens are issued,
/// so every token is unknown.
async fn token(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some((_, format)) = split(&file) else {
        return unknown_resource(&headers);
    };
    let lang = lang(&headers);
    let outcome = async {
        let form = parse_query(q.as_deref())?;
        jurisdiction(&state, &form).await?;
        Err::<Response, _>(Failure::not_found("open311_token_not_found"))
    }
    .await;
    finish(outcome, format, lang)
}
