//! SQL that writes the directory. Every function takes the caller's transaction, so a record,
//! its children, its search row and its change history are written together or not at all.
use app::api::directory::{
    CostInput, LocationInput, OrganizationInput, PhoneInput, ServiceInput, TextInput,
};
use sqlx::AnyConnection;

use super::{index, rules::ParsedHours};
use crate::db::Sql;

pub fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Ids that the caller resolved from codes (and checked against the caller's scope).
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub region_id: i64,
    /// Categories (with their parents) and audiences.
    pub term_ids: Vec<i64>,
    pub area_region_ids: Vec<i64>,
}

fn en(t: &TextInput) -> Option<&str> {
    t.en.as_deref()
}

fn joined_zh(items: &[TextInput]) -> String {
    items
        .iter()
        .map(|t| t.zh.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// English lines only when every step has one (so the pairs stay aligned).
fn joined_en(items: &[TextInput]) -> Option<String> {
    items
        .iter()
        .map(|t| t.en.clone())
        .collect::<Option<Vec<_>>>()
        .filter(|v| !v.is_empty())
        .map(|v| v.join("\n"))
}

/// Adds an organisation: its row, then every field as [`update_organization`] writes them.
pub async fn insert_organization(
    conn: &mut AnyConnection,
    o: &OrganizationInput,
    region_id: i64,
    uid: Option<&str>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dir_organizations (uid, region_id, name_zh, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(uid.map_or_else(new_uid, str::to_owned))
    .bind(region_id)
    .bind(&o.name.zh)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    update_organization(conn, id, o, region_id, now).await?;
    Ok(id)
}

/// Writes every field of an organisation, then the search rows of its services.
pub async fn update_organization(
    conn: &mut AnyConnection,
    id: i64,
    o: &OrganizationInput,
    region_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE dir_organizations SET region_id = $1, name_zh = $2, name_en = $3, description_zh = $4, \
         description_en = $5, email = $6, website = $7, legal_status = $8, credit_code = $9, updated_at = $10 \
         WHERE id = $11",
    )
    .bind(region_id)
    .bind(&o.name.zh)
    .bind(en(&o.name))
    .bind(&o.description.zh)
    .bind(en(&o.description))
    .bind(o.email.as_deref())
    .bind(o.website.as_deref())
    .bind(o.legal_status.as_deref())
    .bind(o.credit_code.as_deref())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let services: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM dir_services WHERE organization_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    for service in services {
        index::reindex(conn, service).await?;
    }
    Ok(())
}

/// A coordinate bound as text and cast in SQL. sqlx 0.8's `Any` driver sends a missing `f64`
/// to PostgreSQL as a `real` (float4) parameter; the connection then keeps the statement with
/// that parameter type, and the next location with coordinates fails ("incorrect binary data
/// format"). Text has one type whether present or not.
fn coordinate(v: Option<f64>) -> Option<String> {
    v.map(|v| v.to_string())
}

/// Adds a location: its row, then every field and child as [`update_location`] writes them.
pub async fn insert_location(
    conn: &mut AnyConnection,
    l: &LocationInput,
    region_id: i64,
    uid: Option<&str>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dir_locations (uid, organization_id, region_id, name_zh, address_zh, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(uid.map_or_else(new_uid, str::to_owned))
    .bind(l.organization_id)
    .bind(region_id)
    .bind(&l.name.zh)
    .bind(&l.address.zh)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    update_location(conn, id, l, region_id, now).await?;
    Ok(id)
}

/// Stores the district containing a location's region (for the district facet).
async fn set_district(conn: &mut AnyConnection, location_id: i64) -> Result<(), sqlx::Error> {
    let mut which = Sql::new("id = ");
    which.bind(location_id);
    store_districts(conn, &which).await
}

/// Stores again the district of every location in these regions or under them (after the
/// regions moved, see [`super::regions_changed`]).
pub(super) async fn set_districts_under(
    conn: &mut AnyConnection,
    region_ids: &[i64],
) -> Result<(), sqlx::Error> {
    let mut which =
        Sql::new("region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id IN ");
    which.bind_list(region_ids).push(")");
    store_districts(conn, &which).await
}

/// Stores the district of the locations `which` selects (a condition on `dir_locations`).
async fn store_districts(conn: &mut AnyConnection, which: &Sql) -> Result<(), sqlx::Error> {
    let mut sql = Sql::new(
        "UPDATE dir_locations SET district_id = (SELECT rc.ancestor_id FROM region_closure rc \
         JOIN regions d ON d.id = rc.ancestor_id WHERE rc.descendant_id = dir_locations.region_id \
         AND d.level = 'district') WHERE ",
    );
    sql.append(which);
    sql.query().execute(&mut *conn).await.map(|_| ())
}

/// Writes every field and child of a location, its district, then the search rows of the
/// services offered there.
pub async fn update_location(
    conn: &mut AnyConnection,
    id: i64,
    l: &LocationInput,
    region_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE dir_locations SET organization_id = $1, region_id = $2, name_zh = $3, name_en = $4, \
         description_zh = $5, description_en = $6, address_zh = $7, address_en = $8, postal_code = $9, \
         transport_zh = $10, transport_en = $11, latitude = CAST($12 AS DOUBLE PRECISION), \
         longitude = CAST($13 AS DOUBLE PRECISION), timezone = $14, \
         follows_workday_calendar = $15, updated_at = $16 WHERE id = $17",
    )
    .bind(l.organization_id)
    .bind(region_id)
    .bind(&l.name.zh)
    .bind(en(&l.name))
    .bind(&l.description.zh)
    .bind(en(&l.description))
    .bind(&l.address.zh)
    .bind(en(&l.address))
    .bind(&l.postal_code)
    .bind(&l.transport.zh)
    .bind(en(&l.transport))
    .bind(coordinate(l.latitude))
    .bind(coordinate(l.longitude))
    .bind(l.timezone.as_deref().unwrap_or(crate::time::DEFAULT_TZ))
    .bind(i64::from(l.follows_workday_calendar))
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    set_district(conn, id).await?;
    replace_location_children(conn, id, l).await?;
    index::reindex_location(conn, id).await
}

async fn replace_location_children(
    conn: &mut AnyConnection,
    id: i64,
    l: &LocationInput,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM dir_phones WHERE location_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    insert_phones(conn, None, Some(id), &l.phones).await?;
    sqlx::query("DELETE FROM dir_accessibility WHERE location_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for a in &l.accessibility {
        sqlx::query(
            "INSERT INTO dir_accessibility (uid, location_id, feature, details_zh, details_en) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_uid())
        .bind(id)
        .bind(&a.feature)
        .bind(&a.details.zh)
        .bind(en(&a.details))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_phones(
    conn: &mut AnyConnection,
    service_id: Option<i64>,
    location_id: Option<i64>,
    phones: &[PhoneInput],
) -> Result<(), sqlx::Error> {
    for (i, p) in phones.iter().enumerate() {
        sqlx::query(
            "INSERT INTO dir_phones (uid, service_id, location_id, kind, number, extension, description_zh, \
             description_en, sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_uid())
        .bind(service_id)
        .bind(location_id)
        .bind(p.kind.as_str())
        .bind(&p.number)
        .bind(p.extension.as_deref())
        .bind(&p.description.zh)
        .bind(en(&p.description))
        .bind(i64::try_from(i).unwrap_or(0))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Replaces the weekly hours and exceptions of a location.
pub async fn replace_hours(
    conn: &mut AnyConnection,
    location_id: i64,
    hours: &ParsedHours,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM dir_hours WHERE location_id = $1")
        .bind(location_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM dir_hours_exceptions WHERE location_id = $1")
        .bind(location_id)
        .execute(&mut *conn)
        .await?;
    for (day, w) in &hours.weekly {
        sqlx::query(
            "INSERT INTO dir_hours (uid, location_id, weekday, opens_at, closes_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_uid())
        .bind(location_id)
        .bind(i64::from(*day))
        .bind(i64::from(w.opens))
        .bind(i64::from(w.closes))
        .execute(&mut *conn)
        .await?;
    }
    for (date, windows, reason) in &hours.exceptions {
        let rows: Vec<Option<(i64, i64)>> = if windows.is_empty() {
            vec![None]
        } else {
            windows
                .iter()
                .map(|w| Some((i64::from(w.opens), i64::from(w.closes))))
                .collect()
        };
        for window in rows {
            sqlx::query(
                "INSERT INTO dir_hours_exceptions (uid, location_id, day, closed, opens_at, closes_at, reason_zh, reason_en) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(new_uid())
            .bind(location_id)
            .bind(date.to_string())
            .bind(i64::from(window.is_none()))
            .bind(window.map(|w| w.0))
            .bind(window.map(|w| w.1))
            .bind(&reason.zh)
            .bind(en(reason))
            .execute(&mut *conn)
            .await?;
        }
    }
    sqlx::query("UPDATE dir_locations SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(location_id)
        .execute(&mut *conn)
        .await?;
    super::search_log::append_location(conn, location_id).await
}

pub async fn insert_service(
    conn: &mut AnyConnection,
    s: &ServiceInput,
    r: &Resolved,
    uid: Option<&str>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dir_services (uid, organization_id, region_id, name_zh, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(uid.map_or_else(new_uid, str::to_owned))
    .bind(s.organization_id)
    .bind(r.region_id)
    .bind(&s.name.zh)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    update_service(conn, id, s, r, now).await?;
    Ok(id)
}

/// Writes every field and child of a service, then its search row.
pub async fn update_service(
    conn: &mut AnyConnection,
    id: i64,
    s: &ServiceInput,
    r: &Resolved,
    now: i64,
) -> Result<(), sqlx::Error> {
    let alt = s.alternate_name.clone().unwrap_or_default();
    let alert = s.alert.clone().unwrap_or_default();
    sqlx::query(
        "UPDATE dir_services SET organization_id = $1, region_id = $2, name_zh = $3, name_en = $4, \
         alternate_name_zh = $5, alternate_name_en = $6, description_zh = $7, description_en = $8, status = $9, \
         url = $10, email = $11, eligibility_zh = $12, eligibility_en = $13, process_zh = $14, process_en = $15, \
         time_limit_zh = $16, time_limit_en = $17, fees_zh = $18, fees_en = $19, fees_basis_zh = $20, \
         fees_basis_en = $21, is_free = $22, visits_needed = $23, minimum_age = $24, maximum_age = $25, \
         alert_zh = $26, alert_en = $27, updated_at = $28 WHERE id = $29",
    )
    .bind(s.organization_id)
    .bind(r.region_id)
    .bind(&s.name.zh)
    .bind(en(&s.name))
    .bind((!alt.zh.is_empty()).then_some(alt.zh.clone()))
    .bind(alt.en.clone())
    .bind(&s.description.zh)
    .bind(en(&s.description))
    .bind(s.status.as_str())
    .bind(s.url.as_deref())
    .bind(s.email.as_deref())
    .bind(&s.conditions.zh)
    .bind(en(&s.conditions))
    .bind(joined_zh(&s.process))
    .bind(joined_en(&s.process))
    .bind(&s.time_limit.zh)
    .bind(en(&s.time_limit))
    .bind(&s.fees.zh)
    .bind(en(&s.fees))
    .bind(&s.fees_basis.zh)
    .bind(en(&s.fees_basis))
    .bind(i64::from(s.is_free))
    .bind(s.visits_needed)
    .bind(s.minimum_age)
    .bind(s.maximum_age)
    .bind((!alert.zh.is_empty()).then_some(alert.zh.clone()))
    .bind(alert.en.clone())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    replace_service_children(conn, id, s, r).await?;
    index::reindex(conn, id).await
}

async fn replace_service_children(
    conn: &mut AnyConnection,
    id: i64,
    s: &ServiceInput,
    r: &Resolved,
) -> Result<(), sqlx::Error> {
    for table in [
        "dir_service_terms",
        "dir_documents",
        "dir_costs",
        "dir_languages",
        "dir_service_areas",
        "dir_phones",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE service_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    for term in &r.term_ids {
        sqlx::query("INSERT INTO dir_service_terms (service_id, term_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*term)
            .execute(&mut *conn)
            .await?;
    }
    for (i, d) in s.documents.iter().enumerate() {
        sqlx::query(
            "INSERT INTO dir_documents (uid, service_id, document_zh, document_en, sort_order) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_uid())
        .bind(id)
        .bind(&d.zh)
        .bind(en(d))
        .bind(i64::try_from(i).unwrap_or(0))
        .execute(&mut *conn)
        .await?;
    }
    for (i, c) in s.costs.iter().enumerate() {
        insert_cost(conn, id, c, i).await?;
    }
    for code in &s.languages {
        sqlx::query("INSERT INTO dir_languages (uid, service_id, code) VALUES ($1, $2, $3)")
            .bind(new_uid())
            .bind(id)
            .bind(code)
            .execute(&mut *conn)
            .await?;
    }
    for region in &r.area_region_ids {
        sqlx::query(
            "INSERT INTO dir_service_areas (uid, service_id, region_id) VALUES ($1, $2, $3)",
        )
        .bind(new_uid())
        .bind(id)
        .bind(*region)
        .execute(&mut *conn)
        .await?;
    }
    insert_phones(conn, Some(id), None, &s.phones).await?;
    // Locations: keep the links (and their HSDS ids) that stay, drop the others, add new ones.
    let current: Vec<i64> =
        sqlx::query_scalar("SELECT location_id FROM dir_service_locations WHERE service_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    for old in current.iter().filter(|l| !s.location_ids.contains(l)) {
        sqlx::query("DELETE FROM dir_service_locations WHERE service_id = $1 AND location_id = $2")
            .bind(id)
            .bind(*old)
            .execute(&mut *conn)
            .await?;
    }
    for new in s.location_ids.iter().filter(|l| !current.contains(l)) {
        sqlx::query(
            "INSERT INTO dir_service_locations (uid, service_id, location_id) VALUES ($1, $2, $3)",
        )
        .bind(new_uid())
        .bind(id)
        .bind(*new)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_cost(
    conn: &mut AnyConnection,
    service_id: i64,
    c: &CostInput,
    i: usize,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO dir_costs (uid, service_id, option_zh, option_en, amount_fen, amount_description_zh, \
         amount_description_en, sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_uid())
    .bind(service_id)
    .bind(&c.option.zh)
    .bind(en(&c.option))
    .bind(c.amount_fen)
    .bind(&c.amount_description.zh)
    .bind(en(&c.amount_description))
    .bind(i64::try_from(i).unwrap_or(0))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Marks a service as checked now by `user`.
pub async fn verify_service(
    conn: &mut AnyConnection,
    id: i64,
    user: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE dir_services SET last_verified_at = $1, last_verified_by = $2 WHERE id = $3",
    )
    .bind(now)
    .bind(user)
    .bind(id)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// One history row per changed field.
pub async fn record_changes(
    conn: &mut AnyConnection,
    entity: &str,
    entity_id: i64,
    action: &str,
    changes: &[(&str, Option<String>, Option<String>)],
    user: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    for (field, old, new) in changes {
        sqlx::query(
            "INSERT INTO dir_changes (uid, entity, entity_id, action, field, old_value, new_value, changed_by, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_uid())
        .bind(entity)
        .bind(entity_id)
        .bind(action)
        .bind(*field)
        .bind(old.as_deref())
        .bind(new.as_deref())
        .bind(user)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
