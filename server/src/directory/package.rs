//! The HSDS 3.0 Tabular Data Package: a ZIP of CSV files (one per HSDS table, columns as in
//! the official `datapackage.json`) plus the `datapackage.json` describing them.
//!
//! Export writes every record of the directory. Import reads the same package for bulk
//! loading: every row is checked first and the report lists each problem with its file, line
//! and field; only a package without problems is written, in one transaction.
mod import;

use std::io::Write as _;

use axum::{
    extract::{DefaultBodyLimit, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::hsds::records;
use crate::{
    AppState, Db,
    error::{ApiError, ApiResult},
    extract::ClientIp,
    lang::Lang,
};

pub use import::import_package;

/// The official HSDS 3.0 `datapackage.json` (Open Referral, CC BY-SA 4.0): the column lists
/// and types of every table.
const OFFICIAL_DATAPACKAGE: &str = include_str!("hsds/datapackage-3.0.json");

/// Largest package accepted for import.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export)).merge(
        OpenApiRouter::new()
            .routes(routes!(import::import))
            .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES)),
    )
}

/// The tables of the package, in the order they are written (parents first).
pub const TABLES: [&str; 19] = [
    "organization",
    "organization_identifier",
    "location",
    "address",
    "accessibility",
    "schedule",
    "program",
    "service",
    "service_at_location",
    "phone",
    "contact",
    "language",
    "cost_option",
    "required_document",
    "service_area",
    "taxonomy",
    "taxonomy_term",
    "attribute",
    "metadata",
];

/// The official resource description of a table (name, path, schema with its fields).
pub fn resource(table: &str) -> Option<Value> {
    static DOC: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        serde_json::from_str(OFFICIAL_DATAPACKAGE).unwrap_or(Value::Null)
    });
    DOC["resources"]
        .as_array()?
        .iter()
        .find(|r| r["name"] == table)
        .cloned()
}

/// Column names of a table, in the official order.
pub fn columns(table: &str) -> Vec<String> {
    resource(table)
        .and_then(|r| {
            r["schema"]["fields"].as_array().map(|fields| {
                fields
                    .iter()
                    .filter_map(|f| f["name"].as_str().map(str::to_owned))
                    .collect()
            })
        })
        .unwrap_or_default()
}

pub fn file_name(table: &str) -> String {
    resource(table)
        .and_then(|r| r["path"].as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{table}.csv"))
}

/// The package's own `datapackage.json`: the official description of each exported table.
fn datapackage(created: &str) -> Value {
    let resources: Vec<Value> = TABLES.iter().filter_map(|t| resource(t)).collect();
    json!({
        "name": "linli-service-directory",
        "title": "Linli 邻里 community service directory (HSDS 3.0)",
        "description": "Community services of the city as Open Referral HSDS 3.0 tabular data. Text in Chinese (zh-CN). Demo data.",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "created": created,
        "homepage": "https://docs.openreferral.org/",
        "licenses": [{ "name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0" }],
        "resources": resources,
    })
}

/// A CSV cell for a JSON value: strings as they are, numbers and booleans as text.
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// All flat records of the directory, per table.
pub async fn collect(db: &Db, lang: Lang) -> Result<Vec<(String, Vec<Value>)>, sqlx::Error> {
    use records::*;
    let pool = db.pool();
    let orgs: Vec<OrgRow> = sqlx::query_as(&format!("{ORG_SELECT} ORDER BY o.id"))
        .fetch_all(pool)
        .await?;
    let locations: Vec<LocationRow> =
        sqlx::query_as(&format!("{} ORDER BY l.id", location_select()))
            .fetch_all(pool)
            .await?;
    let accessibility_rows: Vec<AccessibilityRow> =
        sqlx::query_as(&format!("{ACCESSIBILITY_SELECT} ORDER BY a.id"))
            .fetch_all(pool)
            .await?;
    let schedules = schedules(db).await?;
    let services: Vec<ServiceRow> = sqlx::query_as(&format!("{SERVICE_SELECT} ORDER BY s.id"))
        .fetch_all(pool)
        .await?;
    let sals: Vec<SalRow> = sqlx::query_as(&format!("{SAL_SELECT} ORDER BY sl.id"))
        .fetch_all(pool)
        .await?;
    let phones: Vec<PhoneRow> = sqlx::query_as(&format!("{PHONE_SELECT} ORDER BY p.id"))
        .fetch_all(pool)
        .await?;
    let children = |sql: &'static str, order: &'static str| async move {
        sqlx::query_as::<_, ChildRow>(&format!("{sql} ORDER BY {order}"))
            .fetch_all(pool)
            .await
    };
    let contacts = children(CONTACT_SELECT, "c.id").await?;
    let languages = children(LANGUAGE_SELECT, "g.id").await?;
    let costs = children(COST_SELECT, "c.id").await?;
    let documents = children(DOCUMENT_SELECT, "d.id").await?;
    let areas = children(AREA_SELECT, "a.id").await?;
    let terms: Vec<TermRow> =
        sqlx::query_as(&format!("{TERM_SELECT} ORDER BY t.taxonomy, t.sort_order"))
            .fetch_all(pool)
            .await?;
    let links: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.uid, t.uid FROM dir_service_terms st JOIN dir_services s ON s.id = st.service_id \
         JOIN dir_terms t ON t.id = st.term_id ORDER BY st.service_id, t.sort_order",
    )
    .fetch_all(pool)
    .await?;
    let changes = changes_with_uids(db).await?;
    let term_by_uid: std::collections::HashMap<&str, &TermRow> =
        terms.iter().map(|t| (t.uid.as_str(), t)).collect();
    Ok(vec![
        (
            "organization".into(),
            orgs.iter().map(|o| organization(o, lang)).collect(),
        ),
        (
            "organization_identifier".into(),
            orgs.iter().filter_map(organization_identifier).collect(),
        ),
        (
            "location".into(),
            locations.iter().map(|l| location(l, lang)).collect(),
        ),
        (
            "address".into(),
            locations.iter().map(|l| address(l, lang)).collect(),
        ),
        (
            "accessibility".into(),
            accessibility_rows
                .iter()
                .map(|a| accessibility(a, lang))
                .collect(),
        ),
        (
            "schedule".into(),
            schedules.iter().map(|h| schedule(h, lang)).collect(),
        ),
        // Linli has no programs; the empty table is there because `service.program_id`
        // declares a foreign key to it, and a package must hold every resource it refers to.
        ("program".into(), Vec::new()),
        (
            "service".into(),
            services.iter().map(|s| service(s, lang)).collect(),
        ),
        (
            "service_at_location".into(),
            sals.iter().map(|r| service_at_location(r, lang)).collect(),
        ),
        (
            "phone".into(),
            phones.iter().map(|p| phone(p, lang)).collect(),
        ),
        (
            "contact".into(),
            contacts.iter().map(|c| contact(c, lang)).collect(),
        ),
        ("language".into(), languages.iter().map(language).collect()),
        (
            "cost_option".into(),
            costs.iter().map(|c| cost_option(c, lang)).collect(),
        ),
        (
            "required_document".into(),
            documents
                .iter()
                .map(|d| required_document(d, lang))
                .collect(),
        ),
        (
            "service_area".into(),
            areas.iter().map(|a| service_area(a, lang)).collect(),
        ),
        ("taxonomy".into(), taxonomies(lang)),
        (
            "taxonomy_term".into(),
            terms.iter().map(|t| taxonomy_term(t, lang)).collect(),
        ),
        (
            "attribute".into(),
            links
                .iter()
                .filter_map(|(s, t)| term_by_uid.get(t.as_str()).map(|t| attribute(s, t)))
                .collect(),
        ),
        (
            "metadata".into(),
            changes
                .iter()
                .filter_map(|(c, uid)| uid.as_ref().map(|u| metadata(c, u)))
                .collect(),
        ),
    ])
}

/// The weekly hours and the dated exceptions of every location, both as schedule rows.
async fn schedules(db: &Db) -> Result<Vec<records::ScheduleRow>, sqlx::Error> {
    use records::*;
    let pool = db.pool();
    let mut schedules: Vec<ScheduleRow> = sqlx::query_as(&format!(
        "{SCHEDULE_SELECT} ORDER BY h.location_id, h.weekday, h.opens_at"
    ))
    .fetch_all(pool)
    .await?;
    schedules.extend(
        sqlx::query_as::<_, ScheduleRow>(&format!(
            "{EXCEPTION_SELECT} ORDER BY e.location_id, e.day"
        ))
        .fetch_all(pool)
        .await?,
    );
    Ok(schedules)
}

/// The change log, each entry with the HSDS id of the record it is about.
async fn changes_with_uids(
    db: &Db,
) -> Result<Vec<(records::ChangeRow, Option<String>)>, sqlx::Error> {
    use records::*;
    let pool = db.pool();
    let rows: Vec<ChangeRow> = sqlx::query_as(&format!("{CHANGE_SELECT} ORDER BY c.id"))
        .fetch_all(pool)
        .await?;
    let uid_of: std::collections::HashMap<(String, i64), String> = sqlx::query_as::<_, (String, i64, String)>(
        "SELECT 'service', id, uid FROM dir_services UNION ALL SELECT 'location', id, uid FROM dir_locations \
         UNION ALL SELECT 'organization', id, uid FROM dir_organizations",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(e, id, uid)| ((e, id), uid))
    .collect();
    Ok(rows
        .into_iter()
        .map(|c| {
            let uid = uid_of.get(&(c.entity.clone(), c.entity_id)).cloned();
            (c, uid)
        })
        .collect())
}

/// Writes the ZIP: `datapackage.json` and one CSV per table.
pub fn zip_package(tables: &[(String, Vec<Value>)], created: &str) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("datapackage.json", options)?;
    zip.write_all(
        serde_json::to_string_pretty(&datapackage(created))
            .unwrap_or_default()
            .as_bytes(),
    )?;
    for (table, rows) in tables {
        let cols = columns(table);
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.write_record(&cols)?;
        for row in rows {
            let map: Option<&Map<String, Value>> = row.as_object();
            csv.write_record(cols.iter().map(|c| cell(map.and_then(|m| m.get(c)))))?;
        }
        let bytes = csv.into_inner().map_err(|e| e.into_error())?;
        zip.start_file(file_name(table), options)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Fresh builds of the public export per client address and hour; a client that sends back
/// the `ETag` it has gets `304` without a build and without counting.
pub const EXPORTS_PER_IP: crate::ratelimit::Limit = crate::ratelimit::Limit {
    bucket: "hsds_export_ip",
    max: 20,
    window: 3600,
};

/// How long a client or shared cache may keep the export before asking again.
const EXPORT_MAX_AGE_SECS: u64 = 300;

/// What the export's content depends on, read with a few aggregate queries: the newest change
/// and the row counts of the exported tables. Its digest is the `ETag`; the newest change is
/// `Last-Modified` and the package's `created` (so one version always has the same bytes).
async fn version(db: &Db) -> Result<(String, i64), sqlx::Error> {
    let row: (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) FROM dir_organizations), \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM dir_organizations), \
           (SELECT CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) FROM dir_locations), \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM dir_locations), \
           (SELECT CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) FROM dir_services), \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM dir_services), \
           (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM dir_changes), \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM dir_service_locations), \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM dir_service_terms), \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM dir_terms)",
    )
    .fetch_one(db.pool())
    .await?;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(format!("hsds-export-1 {row:?}"));
    let etag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let newest = row.0.max(row.2).max(row.4);
    Ok((format!("\"{etag}\""), newest))
}

fn http_date(ts: i64) -> String {
    jiff::Timestamp::from_second(ts)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// The whole directory as an HSDS 3.0 Tabular Data Package (ZIP): public open data, valid
/// under Frictionless (`frictionless validate datapackage.json`). Cacheable: `ETag`,
/// `Last-Modified` and `Cache-Control: public`; a matching `If-None-Match` gets `304` without
/// building anything.
#[utoipa::path(get, path = "/export", tag = "hsds",
    responses((status = 200, description = "ZIP of HSDS CSV files and datapackage.json", content_type = "application/zip"),
              (status = 304, description = "The client's copy (its ETag) is current"),
              (status = 429, body = app::api::ErrorBody)))]
async fn export(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (etag, newest) = version(&state.db).await?;
    let caching = [
        (header::ETAG, etag.clone()),
        (
            header::CACHE_CONTROL,
            format!("public, max-age={EXPORT_MAX_AGE_SECS}"),
        ),
        (header::LAST_MODIFIED, http_date(newest)),
    ];
    let current = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == etag)
        });
    if current {
        return Ok((StatusCode::NOT_MODIFIED, caching).into_response());
    }
    EXPORTS_PER_IP.hit(&state, &ip).await?;
    let tables = collect(&state.db, Lang::Zh).await?;
    let created = records::datetime_of(newest);
    let bytes = tokio::task::spawn_blocking(move || zip_package(&tables, &created))
        .await
        .map_err(|e| ApiError::Internal(format!("export task: {e}")))?
        .map_err(|e| ApiError::Internal(format!("export zip: {e}")))?;
    let day = records::date_of(newest);
    Ok((
        caching,
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"linli-hsds-{day}.zip\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A CSV row of an HSDS table as JSON, typed by the official field types (for validation).
pub fn typed_row(table: &str, header: &[String], values: &[String]) -> Value {
    let types: std::collections::HashMap<String, String> = resource(table)
        .and_then(|r| {
            r["schema"]["fields"].as_array().map(|fields| {
                fields
                    .iter()
                    .filter_map(|f| {
                        Some((
                            f["name"].as_str()?.to_owned(),
                            f["type"].as_str().unwrap_or("string").to_owned(),
                        ))
                    })
                    .collect()
            })
        })
        .unwrap_or_default();
    let mut m = Map::new();
    for (name, value) in header.iter().zip(values) {
        if value.is_empty() {
            continue;
        }
        let v = match types.get(name).map(String::as_str) {
            Some("number" | "integer") => value
                .parse::<f64>()
                .ok()
                .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
                .unwrap_or_else(|| Value::String(value.clone())),
            Some("boolean") => Value::Bool(value == "true"),
            _ => Value::String(value.clone()),
        };
        m.insert(name.clone(), v);
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_official_columns_and_a_file() {
        for table in TABLES {
            let cols = columns(table);
            assert!(cols.first().is_some_and(|c| c == "id"), "{table}: {cols:?}");
            assert!(file_name(table).ends_with(".csv"));
        }
        assert_eq!(file_name("service_at_location"), "service_at_location.csv");
    }

    #[test]
    fn rows_are_typed_by_the_official_schema() {
        let header = vec!["id".to_owned(), "minimum_age".to_owned(), "name".to_owned()];
        let row = typed_row(
            "service",
            &header,
            &["x".to_owned(), "60".to_owned(), String::new()],
        );
        assert_eq!(row, json!({"id": "x", "minimum_age": 60.0}));
    }

    #[test]
    fn the_zip_lists_the_datapackage_and_every_table() {
        let bytes = zip_package(
            &[("taxonomy".to_owned(), records::taxonomies(Lang::Zh))],
            "2026-11-26T00:00:00+08:00",
        )
        .expect("zip");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("archive");
        let mut names = Vec::new();
        for i in 0..archive.len() {
            let file = archive.by_index(i).expect("entry");
            names.push(file.name().expect("name").into_owned());
        }
        assert_eq!(names, ["datapackage.json", "taxonomies.csv"]);
    }
}
