//! A community's public reports, as FixMyStreet shows them: what neighbours have already
//! reported, newest first, open or closed, with the public timeline, so a resident can add
//! their support instead of filing the same thing again.
//!
//! Only cases whose submitter chose "name shown" or "name visible to the committee only"
//! (fully anonymous cases are known by their tracking code alone), not hidden, not merged,
//! placed in the community. Never a name, a contact, a tracking code (it lets whoever holds it
//! rate a case filed without an account) or an internal note; long digit runs in the text
//! are masked.
use app::api::{
    Text,
    accounts::RegionRef,
    feedback::{PublicReport, PublicReportList},
    regions::RegionLevel,
};
use axum::{extract::State, http::header, response::IntoResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{privacy::mask_long_numbers, store, views};
use crate::{
    AppState,
    error::{ApiError, ApiResult},
    extract::{Json, Query},
    lang::Lang,
    pagination::{Cursor, page_limit},
    regions::store as regions,
    time::rfc3339,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(public_reports))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ReportsQuery {
    /// The community's code.
    community: String,
    /// `open` (being handled) or `closed` (answered, closed or declined); both when absent.
    status: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// A community's public reports, newest first.
#[utoipa::path(get, path = "/feedback/reports", tag = "feedback", params(ReportsQuery),
    responses((status = 200, body = PublicReportList), (status = 422, body = app::api::ErrorBody)))]
async fn public_reports(
    State(state): State<AppState>,
    Query(q): Query<ReportsQuery>,
) -> ApiResult<impl IntoResponse> {
    let limit = page_limit(q.limit)?;
    let after = Cursor::decode_opt(q.cursor.as_deref())?;
    let community = regions::by_code(&state.db, q.community.trim())
        .await?
        .filter(|r| r.level() == RegionLevel::Community)
        .ok_or_else(|| ApiError::invalid("invalid_feedback_community", "community"))?;
    let mut conditions = vec![
        format!("c.region_id = {}", community.id),
        "c.needs_placement = 0".to_owned(),
        "c.hidden = 0".to_owned(),
        "c.privacy IN ('public_name', 'committee_only')".to_owned(),
        "c.status <> 'merged'".to_owned(),
    ];
    match q.status.as_deref().map(str::trim) {
        None | Some("") => {}
        Some("open") => conditions
            .push("c.status IN ('submitted', 'accepted', 'assigned', 'in_progress')".to_owned()),
        Some("closed") => {
            conditions.push("c.status IN ('declined', 'answered', 'closed')".to_owned())
        }
        Some(_) => return Err(ApiError::invalid("invalid_status_filter", "status")),
    }
    if let Some(after) = after {
        conditions.push(format!("c.id < {}", after.0));
    }
    let filter = crate::db::Sql::new(&conditions.join(" AND "));
    let mut rows = store::page_where(&state.db, &filter, limit + 1).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |r| r.id);
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let events = store::events(&state.db, row.id, true).await?;
        let mut timeline = views::timeline(&events, false, Lang::current());
        for entry in &mut timeline {
            // A rating's comment is the resident's own words about the answer: not shown.
            entry.text = if entry.kind == "rated" {
                String::new()
            } else {
                mask_long_numbers(&entry.text)
            };
        }
        items.push(PublicReport {
            id: row.id,
            kind: views::kind(row),
            category: views::category(row),
            title: mask_long_numbers(&row.title),
            description: mask_long_numbers(&row.description),
            place: mask_long_numbers(&row.place),
            status: views::status(row),
            support_count: row.support_count,
            created_at: rfc3339(row.created_at),
            timeline,
        });
    }
    let body = PublicReportList {
        community: RegionRef {
            code: community.code.clone(),
            name: Text::new(community.name_zh.clone(), community.name_en.clone()),
        },
        items,
        next_cursor,
    };
    Ok(([(header::CACHE_CONTROL, "no-cache")], Json(body)))
}
