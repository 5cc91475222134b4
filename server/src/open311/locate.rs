//! Placing a new request: GeoReport v2 lets a client give `address_id`, `address_string` or
//! `lat`/`long`. In order: the community named by `address_id`; a community whose name is in
//! the address; the community whose boundary contains the position (boundaries imported with
//! `linli regions import`); the community of the nearest known place (directory locations,
//! which include community centres and venue sites) within the configured distance; a known
//! place whose address or name contains a part of the address. Otherwise the request waits in
//! a triage queue: of the jurisdiction's district, a district named in the address, or the
//! district of the nearest place within 20 km, else the city.
use app::api::regions::RegionLevel;

use super::{
    form::Form,
    format::Failure,
    placement::{self, Place, Point},
};
use crate::{
    AppState,
    regions::{RegionId, boundary, store as regions},
};

/// Where a request goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// Placed: the community's code.
    Community(String),
    /// Unplaced: the code of the district (or the city) whose triage queue takes it.
    Triage(String),
}

/// How far the district of a triage request is looked for around its position.
const DISTRICT_SEARCH_M: f64 = 20_000.0;

/// The checked position of the form, if it has one.
pub fn point(state: &AppState, form: &Form) -> Result<Option<Point>, Failure> {
    Point::parse(
        form.get("lat"),
        form.get("long"),
        &state.config.placement.area,
    )
    .map_err(|e| Failure::bad(e.code()).field(e.field()))
}

async fn inside(state: &AppState, within: Option<i64>, region: i64) -> Result<bool, Failure> {
    Ok(match within {
        Some(j) => regions::contains(&state.db, RegionId(j), RegionId(region)).await?,
        None => true,
    })
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    latitude: f64,
    longitude: f64,
    region_code: String,
    region_level: String,
    district_code: Option<String>,
}

/// Known places in a box around `p` (inside the jurisdiction, when one is given).
async fn places_near(
    state: &AppState,
    p: Point,
    metres: f64,
    within: Option<i64>,
) -> Result<Vec<Place>, Failure> {
    let b = p.around(metres);
    let mut sql = String::from(
        "SELECT l.latitude, l.longitude, r.code AS region_code, r.level AS region_level, \
           (SELECT d.code FROM region_closure rc JOIN regions d ON d.id = rc.ancestor_id \
             WHERE rc.descendant_id = r.id AND d.level = 'district') AS district_code \
         FROM dir_locations l JOIN regions r ON r.id = l.region_id \
         WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL AND r.retired_at IS NULL \
           AND l.latitude BETWEEN $1 AND $2 AND l.longitude BETWEEN $3 AND $4",
    );
    if within.is_some() {
        sql.push_str(
            " AND l.region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id = $5)",
        );
    }
    sql.push_str(" ORDER BY l.id LIMIT 5000");
    let mut q = sqlx::query_as::<_, PlaceRow>(&sql)
        .bind(b.south)
        .bind(b.north)
        .bind(b.west)
        .bind(b.east);
    if let Some(j) = within {
        q = q.bind(j);
    }
    let rows = q.fetch_all(state.db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|r| Place {
            at: Point {
                lat: r.latitude,
                lng: r.longitude,
            },
            community: (r.region_level == "community").then_some(r.region_code),
            district: r.district_code,
        })
        .collect())
}

/// The community of the nearest known place within `metres`.
async fn nearest_community(
    state: &AppState,
    p: Point,
    metres: f64,
    within: Option<i64>,
) -> Result<Option<String>, Failure> {
    let places = places_near(state, p, metres, within).await?;
    Ok(
        placement::nearest(p, &places, metres, |pl| pl.community.is_some())
            .and_then(|(pl, _)| pl.community.clone()),
    )
}

/// The district of the nearest known place within [`DISTRICT_SEARCH_M`].
async fn nearest_district(
    state: &AppState,
    p: Point,
    within: Option<i64>,
) -> Result<Option<String>, Failure> {
    let places = places_near(state, p, DISTRICT_SEARCH_M, within).await?;
    Ok(
        placement::nearest(p, &places, DISTRICT_SEARCH_M, |pl| pl.district.is_some())
            .and_then(|(pl, _)| pl.district.clone()),
    )
}

/// The community whose boundary contains `p`, if it is inside the jurisdiction.
async fn community_by_boundary(
    state: &AppState,
    p: Point,
    within: Option<i64>,
) -> Result<Option<String>, Failure> {
    let loaded = state.boundaries.current(&state.db).await?;
    let Some(code) = boundary::community_at(&loaded.boundaries, p) else {
        return Ok(None);
    };
    let Some(region) = regions::by_code(&state.db, code).await? else {
        return Ok(None);
    };
    Ok(inside(state, within, region.id)
        .await?
        .then_some(region.code))
}

/// `%text%` for LIKE, with the wildcards of `text` escaped (`\` is the escape character).
fn contains_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The one community whose known places have a part of the address in their address or
/// name; `None` when no place or places of several communities match.
async fn community_by_address(
    state: &AppState,
    address: &str,
    within: Option<i64>,
) -> Result<Option<String>, Failure> {
    let mut found: Vec<String> = Vec::new();
    for part in placement::address_parts(address) {
        let mut sql = String::from(
            "SELECT DISTINCT r.code FROM dir_locations l JOIN regions r ON r.id = l.region_id \
             WHERE r.level = 'community' AND r.retired_at IS NULL \
               AND (l.address_zh LIKE $1 ESCAPE '\\' OR l.name_zh LIKE $1 ESCAPE '\\')",
        );
        if within.is_some() {
            sql.push_str(
                " AND l.region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id = $2)",
            );
        }
        sql.push_str(" LIMIT 10");
        let mut q = sqlx::query_scalar::<_, String>(&sql).bind(contains_pattern(&part));
        if let Some(j) = within {
            q = q.bind(j);
        }
        for code in q.fetch_all(state.db.pool()).await? {
            if !found.contains(&code) {
                found.push(code);
            }
        }
    }
    Ok(match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

/// A community whose name the address contains. An address that names communities only
/// outside the jurisdiction is refused (the client sent the wrong one or the wrong address).
async fn community_named(
    state: &AppState,
    address: &str,
    within: Option<i64>,
) -> Result<Option<String>, Failure> {
    let mut outside = false;
    let in_use = regions::at_level(&state.db, RegionLevel::Community)
        .await?
        .into_iter()
        .filter(|r| r.retired_at.is_none());
    for r in in_use {
        let named = address.contains(&r.name_zh)
            || r.name_en.as_deref().is_some_and(|en| address.contains(en));
        if named {
            if inside(state, within, r.id).await? {
                return Ok(Some(r.code));
            }
            outside = true;
        }
    }
    if outside {
        return Err(Failure::bad("open311_outside_jurisdiction").field("address_string"));
    }
    Ok(None)
}

/// The district whose triage queue takes an unplaced request.
async fn triage_region(
    state: &AppState,
    address: Option<&str>,
    point: Option<Point>,
    within: Option<i64>,
) -> Result<String, Failure> {
    if let Some(j) = within
        && let Some(r) = regions::by_id(&state.db, j).await?
        && r.level() == RegionLevel::District
    {
        return Ok(r.code);
    }
    if let Some(address) = address {
        for r in regions::at_level(&state.db, RegionLevel::District).await? {
            if address.contains(&r.name_zh) && inside(state, within, r.id).await? {
                return Ok(r.code);
            }
        }
    }
    if let Some(p) = point
        && let Some(code) = nearest_district(state, p, within).await?
    {
        return Ok(code);
    }
    let city = regions::at_level(&state.db, RegionLevel::City)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Failure::bad("open311_location_required"))?;
    Ok(city.code)
}

/// Places a new request (see the module's documentation).
pub async fn locate(
    state: &AppState,
    form: &Form,
    point: Option<Point>,
    within: Option<i64>,
) -> Result<Placement, Failure> {
    if let Some(code) = form.get("address_id") {
        let region = regions::by_code(&state.db, code)
            .await?
            .filter(|r| r.level() == RegionLevel::Community && r.retired_at.is_none())
            .ok_or_else(|| Failure::bad("open311_unknown_address_id").field("address_id"))?;
        if !inside(state, within, region.id).await? {
            return Err(Failure::bad("open311_outside_jurisdiction").field("address_id"));
        }
        return Ok(Placement::Community(region.code));
    }
    let address = form
        .get("address_string")
        .map(str::trim)
        .filter(|a| !a.is_empty());
    if address.is_none() && point.is_none() {
        return Err(Failure::bad("open311_location_required"));
    }
    if let Some(a) = address
        && let Some(code) = community_named(state, a, within).await?
    {
        return Ok(Placement::Community(code));
    }
    if let Some(p) = point
        && let Some(code) = community_by_boundary(state, p, within).await?
    {
        return Ok(Placement::Community(code));
    }
    if let Some(p) = point
        && let Some(code) =
            nearest_community(state, p, state.config.placement.within_m, within).await?
    {
        return Ok(Placement::Community(code));
    }
    if let Some(a) = address
        && let Some(code) = community_by_address(state, a, within).await?
    {
        return Ok(Placement::Community(code));
    }
    Ok(Placement::Triage(
        triage_region(state, address, point, within).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_match_the_text_literally() {
        assert_eq!(contains_pattern("红荔路"), "%红荔路%");
        assert_eq!(contains_pattern("100%_a\\b"), "%100\\%\\_a\\\\b%");
    }
}
