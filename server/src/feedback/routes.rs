//! Public and resident endpoints: the catalogue, filing, duplicate hints and support,
//! tracking by code, photos, rating, and the resident's own cases.
use app::api::{
    Text,
    accounts::Department,
    feedback::{
        CaseCreated, CaseStatus, CaseSummary, CaseSummaryList, Category, CategoryList, NewCase,
        PublicCase, Question, QuestionValue, RatingRequest, SimilarCase, SimilarList,
        SupportResult,
    },
};
use axum::{
    extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    SUBMIT_PER_ACCOUNT, SUBMIT_PER_IP, TRACKING_MISSES_PER_IP, code, intake, pages, photos,
    similar, store, views, workflow,
};
use crate::{
    AppState,
    accounts::CurrentUser,
    error::{ApiError, ApiResult, Problem},
    extract::{ClientIp, Json, Path, Query},
    pagination::{Cursor, page_limit},
    ratelimit,
    regions::store as regions,
    time::rfc3339,
};

pub fn router(state_body_limit: usize) -> OpenApiRouter<AppState> {
    let intake = OpenApiRouter::new()
        .routes(routes!(create_case))
        .layer(DefaultBodyLimit::max(state_body_limit));
    OpenApiRouter::new()
        .merge(intake)
        .routes(routes!(list_categories))
        .routes(routes!(similar_cases))
        .routes(routes!(support_case))
        .routes(routes!(get_case))
        .routes(routes!(get_photo))
        .routes(routes!(rate_case))
        .routes(routes!(my_cases))
}

/// Builds the wire form of categories with their questions.
pub async fn catalogue(state: &AppState) -> ApiResult<Vec<Category>> {
    let cats = store::categories(&state.db).await?;
    let (qs, vs) = store::questions(&state.db, None).await?;
    Ok(cats
        .into_iter()
        .map(|c| {
            let questions = qs
                .iter()
                .filter(|q| q.category_id == c.id)
                .map(|q| Question {
                    code: q.code.clone(),
                    datatype: app::api::feedback::Datatype::parse(&q.datatype)
                        .unwrap_or(app::api::feedback::Datatype::String),
                    variable: q.variable == 1,
                    required: q.required == 1,
                    order: q.sort_order,
                    text: Text::new(q.text_zh.clone(), q.text_en.clone()),
                    hint: Text::new(q.hint_zh.clone(), q.hint_en.clone()),
                    values: vs
                        .iter()
                        .filter(|v| v.question_id == q.id)
                        .map(|v| QuestionValue {
                            key: v.key.clone(),
                            name: Text::new(v.name_zh.clone(), v.name_en.clone()),
                        })
                        .collect(),
                })
                .collect();
            Category {
                code: c.code,
                name: Text::new(c.name_zh, c.name_en),
                description: Text::new(c.description_zh, c.description_en),
                group: c.group_code,
                keywords: c
                    .keywords
                    .split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect(),
                department: Department {
                    code: c.department_code,
                    name: Text::new(c.department_zh, c.department_en),
                },
                accept_days: c.accept_days,
                answer_days: c.answer_days,
                questions,
            }
        })
        .collect())
}

/// The category catalogue with departments, deadlines and extra questions.
#[utoipa::path(get, path = "/feedback/categories", tag = "feedback",
    responses((status = 200, body = CategoryList)))]
async fn list_categories(State(state): State<AppState>) -> ApiResult<Response> {
    let items = catalogue(&state).await?;
    let mut res = Json(CategoryList { items }).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(res)
}

/// Reads the body: JSON, or multipart with a `case` part (JSON) and `photo` parts.
async fn read_submission(
    state: &AppState,
    req: Request,
) -> ApiResult<(NewCase, Vec<axum::body::Bytes>)> {
    read_with_photos(state, req, "case").await
}

/// Reads a body that may carry photos: JSON, or multipart with the JSON as the part named
/// `part` and up to `max_photos` `photo` parts.
pub(super) async fn read_with_photos<T: serde::de::DeserializeOwned + Send>(
    state: &AppState,
    req: Request,
    part: &'static str,
) -> ApiResult<(T, Vec<axum::body::Bytes>)> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("application/json") {
        let Json(body) = Json::<T>::from_request(req, state).await?;
        return Ok((body, Vec::new()));
    }
    if !content_type.starts_with("multipart/form-data") {
        return Err(ApiError::UnsupportedMediaType);
    }
    let limits = state.config.feedback;
    let mut form = Multipart::from_request(req, state)
        .await
        .map_err(|_| ApiError::bad_request("invalid_multipart"))?;
    let mut body: Option<T> = None;
    let mut photos = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::TooLarge(
                    Problem::new("photo_too_large")
                        .field("photo")
                        .param("mb", limits.photo_max_bytes / (1024 * 1024)),
                ));
            }
            Err(_) => return Err(ApiError::bad_request("invalid_multipart")),
        };
        match field.name().unwrap_or("") {
            name if name == part => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| ApiError::bad_request("invalid_multipart"))?;
                let parsed: T = serde_json::from_slice(&bytes).map_err(|e| {
                    ApiError::Invalid(Problem::new("invalid_body").param("detail", e.to_string()))
                })?;
                body = Some(parsed);
            }
            "photo" => {
                if photos.len() >= limits.max_photos {
                    return Err(ApiError::Invalid(
                        Problem::new("too_many_photos")
                            .field("photo")
                            .param("max", limits.max_photos),
                    ));
                }
                let mut field = field;
                let mut buf = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if buf.len() + chunk.len() > limits.photo_max_bytes {
                                return Err(ApiError::TooLarge(
                                    Problem::new("photo_too_large")
                                        .field("photo")
                                        .param("mb", limits.photo_max_bytes / (1024 * 1024)),
                                ));
                            }
                            buf.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                            return Err(ApiError::TooLarge(
                                Problem::new("photo_too_large")
                                    .field("photo")
                                    .param("mb", limits.photo_max_bytes / (1024 * 1024)),
                            ));
                        }
                        Err(_) => return Err(ApiError::bad_request("invalid_multipart")),
                    }
                }
                if !buf.is_empty() {
                    photos.push(axum::body::Bytes::from(buf));
                }
            }
            _ => {
                return Err(ApiError::Invalid(
                    Problem::new("unknown_form_field").field(field.name().unwrap_or("").to_owned()),
                ));
            }
        }
    }
    let body = body.ok_or_else(|| ApiError::invalid("case_part_missing", part))?;
    Ok((body, photos))
}

/// Files a case (anonymous visitors too). JSON, or `multipart/form-data` with the case as
/// the JSON part `case` and up to five `photo` parts (JPEG, PNG, WebP; metadata removed).
#[utoipa::path(post, path = "/feedback", tag = "feedback", request_body = NewCase,
    responses((status = 201, body = CaseCreated), (status = 400, body = app::api::ErrorBody),
              (status = 413, body = app::api::ErrorBody), (status = 415, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody), (status = 429, body = app::api::ErrorBody)))]
async fn create_case(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ClientIp(ip): ClientIp,
    req: Request,
) -> ApiResult<(StatusCode, Json<CaseCreated>)> {
    SUBMIT_PER_IP.hit(&state, &ip).await?;
    if let Some(user) = &user {
        SUBMIT_PER_ACCOUNT.hit(&state, &user.id.to_string()).await?;
    }
    let (case, raw_photos) = read_submission(&state, req).await?;
    let draft = intake::Draft {
        kind: case.kind,
        category: case.category,
        community: case.community,
        needs_placement: false,
        place: case.place,
        lat: case.lat,
        lng: case.lng,
        title: case.title,
        description: case.description,
        privacy: case.privacy,
        contact_name: case.contact_name,
        contact_phone: case.contact_phone,
        answers: case.answers,
    };
    let checked = intake::check(&state, draft, user.is_some()).await?;
    let cleaned = intake::clean_photos(raw_photos)?;
    let filed = intake::file(
        &state,
        checked,
        cleaned,
        intake::Submitter {
            user_id: user.as_ref().map(|u| u.id),
            filed_by: user.as_ref().and_then(|u| u.proxy),
            channel: "web",
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(CaseCreated {
            tracking_code: filed.tracking_code,
            status: CaseStatus::Submitted,
            accept_due: filed.accept_due.to_string(),
        }),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct SimilarQuery {
    category: String,
    community: String,
    /// Title and description typed so far.
    text: String,
}

/// Open cases like the one being typed: same category and community, similar words.
#[utoipa::path(get, path = "/feedback/similar", tag = "feedback", params(SimilarQuery),
    responses((status = 200, body = SimilarList), (status = 422, body = app::api::ErrorBody)))]
async fn similar_cases(
    State(state): State<AppState>,
    Query(q): Query<SimilarQuery>,
) -> ApiResult<Json<SimilarList>> {
    let category = store::category_by_code(&state.db, &q.category)
        .await?
        .ok_or_else(|| ApiError::invalid("category_not_found", "category"))?;
    let region = regions::by_code(&state.db, &q.community)
        .await?
        .ok_or_else(|| ApiError::invalid("invalid_feedback_community", "community"))?;
    let text: String = q.text.chars().take(500).collect();
    let wanted = similar::shingles(&text);
    let mut items: Vec<SimilarCase> = store::open_candidates(&state.db, category.id, region.id)
        .await?
        .into_iter()
        .filter_map(|c| {
            let score = similar::score(
                &wanted,
                &similar::shingles(&format!("{} {}", c.title, c.description)),
            );
            (score >= similar::THRESHOLD).then(|| SimilarCase {
                id: c.id,
                title: c.title,
                place: c.place,
                status: CaseStatus::parse(&c.status).unwrap_or(CaseStatus::Submitted),
                support_count: c.support_count,
                created_at: rfc3339(c.created_at),
                score: (score * 100.0).round() / 100.0,
            })
        })
        .collect();
    items.sort_by(|a, b| b.score.total_cmp(&a.score));
    items.truncate(5);
    Ok(Json(SimilarList { items }))
}

/// "Add my support" (+1) to an open case instead of filing a new one; once per person.
#[utoipa::path(post, path = "/feedback/support/{id}", tag = "feedback", params(("id" = i64, Path)),
    responses((status = 200, body = SupportResult), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 429, body = app::api::ErrorBody)))]
async fn support_case(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> ApiResult<Json<SupportResult>> {
    if user.is_none() {
        ratelimit::ANONYMOUS_WRITES_PER_IP.hit(&state, &ip).await?;
    }
    let case = store::case_by_id(state.db.pool(), id)
        .await?
        .filter(|c| c.hidden == 0)
        .ok_or_else(|| ApiError::not_found("case_not_found"))?;
    if !views::status(&case).is_open() {
        return Err(ApiError::conflict("case_not_open"));
    }
    let key = intake::supporter_key(user.as_ref().map(|u| u.id), &ip);
    let mut tx = state.db.begin_write().await?;
    let added = store::add_support(
        &mut tx,
        id,
        &key,
        user.as_ref().map(|u| u.id),
        state.config.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(SupportResult {
        support_count: case.support_count + i64::from(added),
        added,
    }))
}

/// Finds a case by its tracking code; misses count against the caller's address so codes
/// cannot be guessed in bulk.
pub async fn by_code(state: &AppState, ip: &str, raw: &str) -> ApiResult<store::CaseRow> {
    Ok(viewed(state, ip, raw).await?.case.as_ref().clone())
}

/// [`by_code`] with the case's page version, read together (concurrent views share the read).
async fn viewed(state: &AppState, ip: &str, raw: &str) -> ApiResult<pages::Viewed> {
    TRACKING_MISSES_PER_IP.check(state, ip).await?;
    let found = match code::normalise(raw) {
        Some(c) => state.case_pages.case(&state.db, &c).await?,
        None => None,
    };
    match found {
        Some(c) => Ok(c),
        None => {
            TRACKING_MISSES_PER_IP.hit(state, ip).await?;
            Err(ApiError::not_found("case_not_found"))
        }
    }
}

/// Whether `user` may rate the case now.
pub(super) fn can_rate(case: &store::CaseRow, user: Option<&CurrentUser>) -> bool {
    let answered = views::status(case) == CaseStatus::Answered;
    let not_yet = case.rated_at.is_none();
    let owner = match case.submitter_id {
        Some(id) => user.is_some_and(|u| u.id == id),
        None => true,
    };
    answered && not_yet && owner
}

/// A case by its tracking code: the public timeline and replies, never internal notes.
#[utoipa::path(get, path = "/feedback/{tracking_code}", tag = "feedback", params(("tracking_code" = String, Path)),
    responses((status = 200, body = PublicCase), (status = 404, body = app::api::ErrorBody), (status = 429, body = app::api::ErrorBody)))]
async fn get_case(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ClientIp(ip): ClientIp,
    Path(tracking_code): Path<String>,
) -> ApiResult<Json<PublicCase>> {
    let pages::Viewed { case, version } = viewed(&state, &ip, &tracking_code).await?;
    let parts = state
        .case_pages
        .public_parts(&state.db, case.id, version)
        .await?;
    let rate = can_rate(&case, user.as_ref());
    Ok(Json(views::public_case(
        &case,
        &parts,
        state.config.clock.today(),
        rate,
        false,
    )))
}

/// Serves a stored photo: private caching, an `ETag`, and headers that keep it from being run
/// or sniffed as anything else.
pub async fn photo_response(
    state: &AppState,
    case_id: i64,
    position: i64,
    request: &HeaderMap,
) -> ApiResult<Response> {
    let row = store::photos(&state.db, case_id)
        .await?
        .into_iter()
        .find(|p| p.position == position)
        .filter(|p| photos::is_safe_name(&p.file_name))
        .ok_or_else(|| ApiError::not_found("photo_not_found"))?;
    let file = crate::files::store::get(&state.db, &photos::stored_name(&row.file_name))
        .await?
        .ok_or_else(|| ApiError::not_found("photo_not_found"))?;
    Ok(crate::files::response(
        file,
        crate::files::Caching::Private,
        request,
    ))
}

/// A photo of a case, for whoever has the tracking code (not for hidden cases).
#[utoipa::path(get, path = "/feedback/{tracking_code}/photos/{position}", tag = "feedback",
    params(("tracking_code" = String, Path), ("position" = i64, Path)),
    responses((status = 200, content_type = "image/jpeg"), (status = 404, body = app::api::ErrorBody)))]
async fn get_photo(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((tracking_code, position)): Path<(String, i64)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let case = by_code(&state, &ip, &tracking_code).await?;
    if case.hidden == 1 {
        return Err(ApiError::not_found("photo_not_found"));
    }
    photo_response(&state, case.id, position, &headers).await
}

/// The resident rates the answer (回访). 1–2 or "not satisfied" reopens the case.
#[utoipa::path(post, path = "/feedback/{tracking_code}/rating", tag = "feedback",
    params(("tracking_code" = String, Path)), request_body = RatingRequest,
    responses((status = 200, body = PublicCase), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn rate_case(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ClientIp(ip): ClientIp,
    Path(tracking_code): Path<String>,
    Json(req): Json<RatingRequest>,
) -> ApiResult<Json<PublicCase>> {
    let case = by_code(&state, &ip, &tracking_code).await?;
    if let Some(owner) = case.submitter_id {
        match &user {
            None => return Err(ApiError::Unauthenticated),
            Some(u) if u.id != owner => return Err(ApiError::forbidden("rating_owner_only")),
            Some(_) => {}
        }
    }
    if !(1..=5).contains(&req.score) {
        return Err(ApiError::invalid("invalid_score", "score"));
    }
    let comment = req
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if comment.is_some_and(|c| c.chars().count() > 500) {
        return Err(ApiError::invalid("invalid_comment", "comment"));
    }
    if !can_rate(&case, user.as_ref()) {
        return Err(ApiError::conflict("not_rateable"));
    }
    workflow::rate(&state, &case, req.score, comment, req.not_satisfied).await?;
    let case = store::case_by_id(state.db.pool(), case.id)
        .await?
        .ok_or_else(|| ApiError::not_found("case_not_found"))?;
    let parts = pages::load_public(&state.db, case.id).await?;
    let rate = can_rate(&case, user.as_ref());
    Ok(Json(views::public_case(
        &case,
        &parts,
        state.config.clock.today(),
        rate,
        false,
    )))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct MineQuery {
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The caller's own cases (not the fully anonymous ones: those are not linked to anyone).
#[utoipa::path(get, path = "/me/feedback", tag = "feedback", params(MineQuery),
    responses((status = 200, body = CaseSummaryList), (status = 401, body = app::api::ErrorBody)))]
async fn my_cases(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MineQuery>,
) -> ApiResult<Json<CaseSummaryList>> {
    let limit = page_limit(q.limit)?;
    let after = Cursor::decode_opt(q.cursor.as_deref())?;
    let mut condition = format!("c.submitter_id = {}", user.id);
    if let Some(after) = after {
        condition.push_str(&format!(" AND c.id < {}", after.0));
    }
    let mut rows = store::cases_where(&state.db, &condition, &[], limit + 1).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |r| r.id);
    Ok(Json(CaseSummaryList {
        items: rows
            .iter()
            .map(|r| CaseSummary {
                tracking_code: r.tracking_code.clone(),
                kind: views::kind(r),
                category: views::category(r),
                title: r.title.clone(),
                status: views::status(r),
                created_at: rfc3339(r.created_at),
                updated_at: rfc3339(r.updated_at),
                needs_rating: can_rate(r, Some(&user)),
            })
            .collect(),
        next_cursor,
    }))
}
