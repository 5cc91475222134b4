//! Import of an HSDS 3.0 Tabular Data Package (the format [`super::zip_package`] writes).
//!
//! Records are matched by their HSDS id: a known id updates the record (children listed in
//! the package replace the stored ones), an unknown id creates it. Regions come from the
//! package: a location names its region in `external_identifier` (GB/T 2260 code, as
//! exported); a service belongs to the region of its first location; a new organization to
//! the importing administrator's region. Everything must lie in the administrator's scope.
//! Every row is checked before anything is written; one problem means nothing is written.
use std::collections::{HashMap, HashSet};

use app::api::directory::{
    AccessibilityInput, CostInput, ExceptionInput, HoursInput, ImportError, ImportReport,
    LocationInput, OrganizationInput, PhoneInput, PhoneKind, ServiceInput, ServiceStatus,
    TextInput, WindowInput,
};
use axum::{body::Bytes, extract::State, http::StatusCode};
use sqlx::AnyConnection;

use crate::{
    AppState, Db,
    accounts::{
        CurrentUser,
        session::{Admins, WithRole},
    },
    audit,
    directory::{
        hours, rules,
        write::{self, Resolved},
    },
    error::{ApiError, ApiResult, messages},
    extract::Json,
    lang::Lang,
};

/// Stop listing problems after this many.
const MAX_ERRORS: usize = 500;
/// Largest number of rows in one file.
const MAX_ROWS: usize = 500_000;

/// Imports an HSDS 3.0 Tabular Data Package (ZIP body). Answers 200 with the counts, or 422
/// with every problem found (file, line, field) and nothing written.
#[utoipa::path(post, path = "/import", tag = "hsds",
    request_body(content = Vec<u8>, content_type = "application/zip", description = "HSDS tabular data package"),
    responses((status = 200, body = app::api::directory::ImportReport),
              (status = 403, body = app::api::ErrorBody),
              (status = 413, body = app::api::ErrorBody),
              (status = 422, body = app::api::directory::ImportReport)))]
pub async fn import(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ImportReport>)> {
    let now = state.config.clock.now();
    let report = import_package(&state.db, &admin, &body, now).await?;
    if report.imported {
        Ok((StatusCode::OK, Json(report)))
    } else {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(report)))
    }
}

/// One CSV file of the package.
struct Table {
    file: String,
    rows: Vec<Row>,
}

struct Row {
    line: u64,
    cells: HashMap<String, String>,
}

impl Row {
    fn get(&self, key: &str) -> &str {
        self.cells.get(key).map_or("", |v| v.trim())
    }

    fn opt(&self, key: &str) -> Option<String> {
        Some(self.get(key).to_owned()).filter(|v| !v.is_empty())
    }
}

/// Problems found so far.
struct Problems {
    errors: Vec<ImportError>,
    lang: Lang,
}

impl Problems {
    fn add(&mut self, file: &str, line: u64, field: Option<&str>, code: &'static str) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(ImportError {
                file: file.to_owned(),
                line,
                field: field.map(str::to_owned),
                code: code.to_owned(),
                message: messages::render::<&str, &str>(code, &[], self.lang),
            });
        }
    }

    fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

fn report(errors: Vec<ImportError>) -> ImportReport {
    ImportReport {
        imported: false,
        organizations: 0,
        services: 0,
        locations: 0,
        errors,
    }
}

/// Reads the named CSV files of the ZIP; missing optional files are empty.
fn read_tables(bytes: &[u8], p: &mut Problems) -> HashMap<&'static str, Table> {
    let mut out = HashMap::new();
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(a) => a,
        Err(_) => {
            p.add("", 0, None, "import_not_zip");
            return out;
        }
    };
    let required = ["organization", "location", "service", "service_at_location"];
    let optional = [
        "organization_identifier",
        "address",
        "accessibility",
        "schedule",
        "phone",
        "contact",
        "language",
        "cost_option",
        "required_document",
        "service_area",
        "attribute",
    ];
    for table in required.iter().chain(optional.iter()) {
        let file = super::file_name(table);
        let mut content = Vec::new();
        let found = match archive.by_name(&file) {
            Ok(f) => {
                // The size in the archive's directory may lie (a zip bomb): read at most one
                // byte past the limit, whatever it says.
                let limit = super::MAX_IMPORT_BYTES as u64 * 4;
                let read = std::io::Read::read_to_end(
                    &mut std::io::Read::take(f, limit + 1),
                    &mut content,
                )
                .is_ok();
                if content.len() as u64 > limit {
                    p.add(&file, 0, None, "import_too_large");
                    continue;
                }
                read
            }
            Err(_) => false,
        };
        if !found {
            if required.contains(table) {
                p.add(&file, 0, None, "import_missing_file");
            }
            continue;
        }
        if let Some(t) = parse_csv(table, &file, &content, p) {
            out.insert(*table, t);
        }
    }
    out
}

fn parse_csv(table: &str, file: &str, content: &[u8], p: &mut Problems) -> Option<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(content);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim().trim_start_matches('\u{feff}').to_owned())
            .collect(),
        Err(_) => {
            p.add(file, 1, None, "import_bad_csv");
            return None;
        }
    };
    let official: HashSet<String> = super::columns(table).into_iter().collect();
    let required: &[&str] = match table {
        "organization" => &["id", "name"],
        "location" => &["id", "name"],
        "service" => &["id", "name", "status", "organization_id"],
        "service_at_location" => &["id", "service_id", "location_id"],
        "address" => &["id", "location_id", "address_1"],
        "schedule" => &["id", "location_id"],
        "phone" => &["id", "number"],
        "attribute" => &["id", "link_id", "taxonomy_term_id"],
        _ => &["id"],
    };
    for column in required {
        if !header.iter().any(|h| h == column) {
            p.add(file, 1, Some(column), "import_bad_header");
        }
    }
    if let Some(unknown) = header.iter().find(|h| !official.contains(*h)) {
        p.add(file, 1, Some(unknown), "import_bad_header");
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                if rows.len() >= MAX_ROWS {
                    p.add(file, 0, None, "import_too_large");
                    break;
                }
                // Rows are counted as a spreadsheet shows them (the header is row 1); a
                // quoted value may span several physical lines.
                let line = u64::try_from(rows.len())
                    .unwrap_or(u64::MAX)
                    .saturating_add(2);
                rows.push(Row {
                    line,
                    cells: header
                        .iter()
                        .cloned()
                        .zip(r.iter().map(str::to_owned))
                        .collect(),
                });
            }
            Err(_) => {
                let line = u64::try_from(rows.len())
                    .unwrap_or(u64::MAX)
                    .saturating_add(2);
                p.add(file, line, None, "import_bad_csv");
                return None;
            }
        }
    }
    Some(Table {
        file: file.to_owned(),
        rows,
    })
}

/// What a table's rows are, checked: ids unique UUIDs, required values present.
fn check_ids(t: &Table, required: &[&str], p: &mut Problems) -> HashSet<String> {
    let mut seen = HashSet::new();
    for row in &t.rows {
        let id = row.get("id");
        if uuid::Uuid::parse_str(id).is_err() {
            p.add(&t.file, row.line, Some("id"), "import_invalid_uuid");
        } else if !seen.insert(id.to_owned()) {
            p.add(&t.file, row.line, Some("id"), "import_duplicate_id");
        }
        for field in required {
            if row.get(field).is_empty() {
                p.add(&t.file, row.line, Some(field), "import_required");
            }
        }
    }
    seen
}

fn zh(value: &str) -> TextInput {
    TextInput::new(value, None)
}

struct StagedOrg {
    uid: String,
    input: OrganizationInput,
    existing: Option<(i64, i64)>,
}

struct StagedLocation {
    uid: String,
    org_uid: String,
    region_id: i64,
    input: LocationInput,
    hours: rules::ParsedHours,
    existing: Option<i64>,
}

struct StagedService {
    uid: String,
    org_uid: String,
    location_uids: Vec<String>,
    /// (service_at_location id, location id) of the package: the links keep their HSDS ids.
    links: Vec<(String, String)>,
    input: ServiceInput,
    resolved: Resolved,
    verified_at: Option<i64>,
    existing: Option<i64>,
}

/// Reference data the checks need: regions, taxonomy terms, existing records by id.
#[derive(Default)]
struct Known {
    region_by_code: HashMap<String, i64>,
    in_scope: HashSet<i64>,
    default_region: Option<i64>,
    terms: HashMap<String, (i64, String, Option<i64>)>,
    orgs: HashMap<String, (i64, i64)>,
    locations: HashMap<String, (i64, i64)>,
    services: HashMap<String, (i64, i64)>,
}

async fn known(db: &Db, roots: &[i64], uids: &[String]) -> Result<Known, sqlx::Error> {
    let pool = db.pool();
    let region_by_code = sqlx::query_as::<_, (String, i64)>("SELECT code, id FROM regions")
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect();
    let mut in_scope = HashSet::new();
    for root in roots {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT descendant_id FROM region_closure WHERE ancestor_id = $1")
                .bind(*root)
                .fetch_all(pool)
                .await?;
        in_scope.extend(ids);
    }
    let terms = sqlx::query_as::<_, (String, i64, String, Option<i64>)>(
        "SELECT uid, id, taxonomy, parent_id FROM dir_terms",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(uid, id, tax, parent)| (uid, (id, tax, parent)))
    .collect();
    let mut maps: [HashMap<String, (i64, i64)>; 3] = Default::default();
    for (i, table) in ["dir_organizations", "dir_locations", "dir_services"]
        .iter()
        .enumerate()
    {
        for chunk in uids.chunks(500) {
            let mut sql = crate::db::Sql::new(&format!(
                "SELECT uid, id, region_id FROM {table} WHERE uid IN "
            ));
            sql.bind_list(
                &chunk
                    .iter()
                    .map(|u| u.as_str().into())
                    .collect::<Vec<crate::db::Arg>>(),
            );
            let rows: Vec<(String, i64, i64)> = sql.query_as().fetch_all(pool).await?;
            maps[i].extend(rows.into_iter().map(|(u, id, r)| (u, (id, r))));
        }
    }
    let [orgs, locations, services] = maps;
    Ok(Known {
        region_by_code,
        in_scope,
        default_region: roots.first().copied(),
        terms,
        orgs,
        locations,
        services,
    })
}

/// A schedule time as `HH:MM`: `09:00`, `09:00+08:00`, `09:00:00`, `09:00:00+08:00` or
/// `09:00:00Z` (the local clock time is what counts; the export writes `HH:MM:SS+08:00`).
fn parse_time(value: &str) -> Option<String> {
    let value = value.trim();
    let hhmm = value.get(..5)?;
    let mut rest = value.get(5..)?;
    if let Some(seconds) = rest.strip_prefix(':') {
        let ss = seconds.get(..2)?;
        if !ss.bytes().all(|b| b.is_ascii_digit()) || ss > "59" {
            return None;
        }
        rest = seconds.get(2..)?;
    }
    let zone_ok = rest.is_empty()
        || rest == "Z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && hours::parse_hhmm(&rest[1..]).is_some());
    (zone_ok && hours::parse_hhmm(hhmm).is_some()).then(|| hhmm.to_owned())
}

/// A closing time: as [`parse_time`], with `00:00` read as the end of the day (`24:00`), which
/// is how the export writes it (a window cannot close at the minute it opens).
fn parse_closing(value: &str) -> Option<String> {
    parse_time(value).map(|t| if t == "00:00" { "24:00".to_owned() } else { t })
}

const WEEKDAY_CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn strip_prefixes<'a>(text: &'a str, prefixes: &[&str]) -> &'a str {
    prefixes
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text)
        .trim()
}

/// Reads the package and writes it when it has no problem.
pub async fn import_package(
    db: &Db,
    admin: &CurrentUser,
    bytes: &[u8],
    now: i64,
) -> ApiResult<ImportReport> {
    let mut p = Problems {
        errors: Vec::new(),
        lang: Lang::current(),
    };
    let tables = read_tables(bytes, &mut p);
    if !p.is_empty() {
        return Ok(report(p.errors));
    }
    let mut c = Check {
        tables: &tables,
        empty: Table {
            file: String::new(),
            rows: Vec::new(),
        },
        org_ids: HashSet::new(),
        loc_ids: HashSet::new(),
        svc_ids: HashSet::new(),
        k: Known::default(),
    };
    c.check_all_ids(&mut p);
    let all_uids: Vec<String> = c
        .org_ids
        .iter()
        .chain(c.loc_ids.iter())
        .chain(c.svc_ids.iter())
        .cloned()
        .collect();
    let roots = admin.scope_roots(&[app::api::accounts::Role::Admin]);
    c.k = known(db, &roots, &all_uids).await?;
    let orgs = c.organizations(&mut p);
    c.check_addresses(&mut p);
    let locations = c.locations(&mut p);
    c.check_service_children(&mut p);
    let services = c.services(&locations, &mut p);
    if !p.is_empty() {
        return Ok(report(p.errors));
    }
    write_all(db, admin, &c.k, orgs, locations, services, now).await
}

/// The package's tables with their ids, and the reference data they are checked against.
struct Check<'a> {
    tables: &'a HashMap<&'static str, Table>,
    /// What a missing optional file reads as.
    empty: Table,
    org_ids: HashSet<String>,
    loc_ids: HashSet<String>,
    svc_ids: HashSet<String>,
    k: Known,
}

impl Check<'_> {
    fn t(&self, name: &str) -> &Table {
        self.tables.get(name).unwrap_or(&self.empty)
    }

    fn org_known(&self, uid: &str) -> bool {
        self.org_ids.contains(uid) || self.k.orgs.contains_key(uid)
    }

    fn loc_known(&self, uid: &str) -> bool {
        self.loc_ids.contains(uid) || self.k.locations.contains_key(uid)
    }

    /// Every table's ids, and the required values of the three main tables.
    fn check_all_ids(&mut self, p: &mut Problems) {
        self.org_ids = check_ids(self.t("organization"), &["name"], p);
        self.loc_ids = check_ids(self.t("location"), &["name"], p);
        self.svc_ids = check_ids(self.t("service"), &["name", "status", "organization_id"], p);
        for name in [
            "service_at_location",
            "address",
            "schedule",
            "phone",
            "accessibility",
            "contact",
            "language",
            "cost_option",
            "required_document",
            "service_area",
            "attribute",
            "organization_identifier",
        ] {
            check_ids(self.t(name), &[], p);
        }
    }

    /// Organizations, with their unified social credit code.
    fn organizations(&self, p: &mut Problems) -> Vec<StagedOrg> {
        let mut orgs: Vec<StagedOrg> = Vec::new();
        let credit: HashMap<&str, &str> = self
            .t("organization_identifier")
            .rows
            .iter()
            .filter(|r| {
                r.get("identifier_scheme") == "CN-USCC"
                    || r.get("identifier_type") == "统一社会信用代码"
            })
            .map(|r| (r.get("organization_id"), r.get("identifier")))
            .collect();
        let file = &self.t("organization").file;
        for row in &self.t("organization").rows {
            let uid = row.get("id").to_owned();
            let existing = self.k.orgs.get(&uid).copied();
            if let Some((_, region)) = existing
                && !self.k.in_scope.contains(&region)
            {
                p.add(file, row.line, Some("id"), "import_out_of_scope");
            }
            let input = OrganizationInput {
                region: String::new(),
                name: zh(row.get("name")),
                description: zh(row.get("description")),
                email: row.opt("email"),
                website: row.opt("website"),
                legal_status: row.opt("legal_status"),
                credit_code: credit.get(uid.as_str()).map(|c| (*c).to_owned()),
            };
            match rules::organization(&input) {
                Ok(v) => orgs.push(StagedOrg {
                    uid,
                    input: v,
                    existing,
                }),
                Err(problems) => {
                    for e in problems {
                        p.add(file, row.line, e.field.as_deref(), e.code);
                    }
                }
            }
        }
        orgs
    }

    /// Addresses must point at a location of the package.
    fn check_addresses(&self, p: &mut Problems) {
        for row in &self.t("address").rows {
            if !self.loc_ids.contains(row.get("location_id")) {
                p.add(
                    &self.t("address").file,
                    row.line,
                    Some("location_id"),
                    "import_unknown_reference",
                );
            }
        }
    }

    /// Locations, with their address, phones, accessibility and hours.
    fn locations(&self, p: &mut Problems) -> Vec<StagedLocation> {
        let address: HashMap<&str, &Row> = self
            .t("address")
            .rows
            .iter()
            .map(|r| (r.get("location_id"), r))
            .collect();
        self.t("location")
            .rows
            .iter()
            .filter_map(|row| self.location(row, &address, p))
            .collect()
    }

    /// One location row, or `None` after noting its problems.
    fn location(
        &self,
        row: &Row,
        address: &HashMap<&str, &Row>,
        p: &mut Problems,
    ) -> Option<StagedLocation> {
        let k = &self.k;
        let file = &self.t("location").file;
        let uid = row.get("id").to_owned();
        let org_uid = row.get("organization_id").to_owned();
        if !self.org_known(&org_uid) {
            p.add(
                file,
                row.line,
                Some("organization_id"),
                "import_unknown_reference",
            );
        }
        let region_id = match k.region_by_code.get(row.get("external_identifier")) {
            Some(id) if k.in_scope.contains(id) => *id,
            Some(_) => {
                p.add(
                    file,
                    row.line,
                    Some("external_identifier"),
                    "import_out_of_scope",
                );
                return None;
            }
            None => {
                p.add(
                    file,
                    row.line,
                    Some("external_identifier"),
                    "import_unknown_region",
                );
                return None;
            }
        };
        let existing = k.locations.get(&uid).copied();
        if let Some((_, region)) = existing
            && !k.in_scope.contains(&region)
        {
            p.add(file, row.line, Some("id"), "import_out_of_scope");
        }
        let Some(addr) = address.get(uid.as_str()) else {
            p.add(
                &super::file_name("address"),
                0,
                Some("location_id"),
                "import_required",
            );
            return None;
        };
        let phones = self.location_phones(&uid);
        let accessibility = self.location_accessibility(&uid);
        let (follows, parsed) = self.location_hours(&uid, p)?;
        let input = LocationInput {
            organization_id: 0,
            region: String::new(),
            name: zh(row.get("name")),
            description: zh(row.get("description")),
            address: zh(addr.get("address_1")),
            postal_code: addr
                .opt("postal_code")
                .unwrap_or_else(|| "518000".to_owned()),
            transport: zh(row.get("transportation")),
            latitude: row.get("latitude").parse::<f64>().ok(),
            longitude: row.get("longitude").parse::<f64>().ok(),
            timezone: None,
            follows_workday_calendar: follows,
            phones,
            accessibility,
        };
        match rules::location(&input) {
            Ok(v) => Some(StagedLocation {
                uid,
                org_uid,
                region_id,
                input: v,
                hours: parsed,
                existing: existing.map(|e| e.0),
            }),
            Err(problems) => {
                for e in problems {
                    p.add(file, row.line, e.field.as_deref(), e.code);
                }
                None
            }
        }
    }

    /// A location's main and fax numbers (invalid ones are reported by
    /// [`Self::check_service_children`]).
    fn location_phones(&self, uid: &str) -> Vec<PhoneInput> {
        self.t("phone")
            .rows
            .iter()
            .filter(|r| {
                r.get("location_id") == uid && rules::office_phone(r.get("number")).is_some()
            })
            .map(|r| PhoneInput {
                kind: if r.get("type") == "fax" {
                    PhoneKind::Fax
                } else {
                    PhoneKind::Main
                },
                number: r.get("number").to_owned(),
                extension: r.opt("extension"),
                description: zh(strip_prefixes(
                    r.get("description"),
                    &["总机：", "传真：", "总机", "传真"],
                )),
            })
            .collect()
    }

    /// A location's accessibility features, recognised by their label in either language.
    fn location_accessibility(&self, uid: &str) -> Vec<AccessibilityInput> {
        self.t("accessibility")
            .rows
            .iter()
            .filter(|r| r.get("location_id") == uid)
            .map(|r| {
                let description = r.get("description");
                let feature = rules::ACCESSIBILITY_FEATURES
                    .iter()
                    .find(|f| {
                        crate::directory::hsds::records::feature_label(f, Lang::Zh) == description
                            || crate::directory::hsds::records::feature_label(f, Lang::En)
                                == description
                    })
                    .copied()
                    .unwrap_or("other");
                AccessibilityInput {
                    feature: feature.to_owned(),
                    details: zh(if feature == "other" && r.get("details").is_empty() {
                        description
                    } else {
                        r.get("details")
                    }),
                }
            })
            .collect()
    }

    /// A location's schedule rows as opening hours: whether it follows the workday calendar,
    /// and the checked hours; `None` after noting the problem when the hours do not hold.
    fn location_hours(&self, uid: &str, p: &mut Problems) -> Option<(bool, rules::ParsedHours)> {
        let sfile = &self.t("schedule").file;
        let schedules: Vec<&Row> = self
            .t("schedule")
            .rows
            .iter()
            .filter(|r| r.get("location_id") == uid)
            .collect();
        let weekly: Vec<&&Row> = schedules
            .iter()
            .filter(|r| r.get("valid_from").is_empty())
            .collect();
        let follows = weekly.is_empty()
            || weekly.iter().any(|r| {
                r.get("notes").contains("法定节假日") || r.get("notes").contains("public holidays")
            });
        let mut hours_input = HoursInput::default();
        let mut exceptions: HashMap<String, ExceptionInput> = HashMap::new();
        for s in &schedules {
            let times = (
                parse_time(s.get("opens_at")),
                parse_closing(s.get("closes_at")),
            );
            if s.get("valid_from").is_empty() {
                let (Some(opens), Some(closes)) = times else {
                    p.add(sfile, s.line, Some("opens_at"), "import_invalid_value");
                    continue;
                };
                for day in s.get("byday").split(',').map(str::trim) {
                    match WEEKDAY_CODES.iter().position(|c| *c == day) {
                        Some(i) => hours_input.weekly.push(WindowInput {
                            weekday: u8::try_from(i + 1).unwrap_or(1),
                            opens: opens.clone(),
                            closes: closes.clone(),
                        }),
                        None => p.add(sfile, s.line, Some("byday"), "import_invalid_value"),
                    }
                }
            } else {
                let date = s.get("valid_from").to_owned();
                if s.get("valid_to") != date {
                    p.add(sfile, s.line, Some("valid_to"), "import_invalid_value");
                    continue;
                }
                let reason = strip_prefixes(
                    s.get("description"),
                    &["闭馆：", "特别开放：", "Closed: ", "Special hours: "],
                );
                let entry = exceptions
                    .entry(date.clone())
                    .or_insert_with(|| ExceptionInput {
                        date,
                        closed: true,
                        windows: Vec::new(),
                        reason: zh(reason),
                    });
                if let (Some(o), Some(c)) = times {
                    entry.closed = false;
                    entry.windows.push((o, c));
                }
            }
        }
        hours_input.exceptions = exceptions.into_values().collect();
        match rules::hours(&hours_input) {
            Ok(h) => Some((follows, h)),
            Err(e) => {
                p.add(sfile, 0, e.field.as_deref(), e.code);
                None
            }
        }
    }

    /// Children of services must point at a service of the package; links at a known
    /// location; phones at a service or a location of the package; attributes at a known term.
    fn check_service_children(&self, p: &mut Problems) {
        for name in [
            "service_at_location",
            "contact",
            "language",
            "cost_option",
            "required_document",
            "service_area",
        ] {
            for row in &self.t(name).rows {
                if !self.svc_ids.contains(row.get("service_id")) {
                    p.add(
                        &self.t(name).file,
                        row.line,
                        Some("service_id"),
                        "import_unknown_reference",
                    );
                }
            }
        }
        for row in &self.t("service_at_location").rows {
            if !self.loc_known(row.get("location_id")) {
                p.add(
                    &self.t("service_at_location").file,
                    row.line,
                    Some("location_id"),
                    "import_unknown_reference",
                );
            }
        }
        let file = &self.t("phone").file;
        for row in &self.t("phone").rows {
            if rules::office_phone(row.get("number")).is_none() {
                p.add(file, row.line, Some("number"), "invalid_office_phone");
            }
            let (s, l) = (row.get("service_id"), row.get("location_id"));
            let ok = (!s.is_empty() && self.svc_ids.contains(s))
                ^ (!l.is_empty() && self.loc_ids.contains(l));
            if !ok {
                p.add(
                    file,
                    row.line,
                    Some("service_id"),
                    "import_unknown_reference",
                );
            }
        }
        let file = &self.t("attribute").file;
        for row in &self.t("attribute").rows {
            if row.get("link_entity") != "service" || !self.svc_ids.contains(row.get("link_id")) {
                p.add(file, row.line, Some("link_id"), "import_unknown_reference");
            }
            if !self.k.terms.contains_key(row.get("taxonomy_term_id")) {
                p.add(
                    file,
                    row.line,
                    Some("taxonomy_term_id"),
                    "import_unknown_term",
                );
            }
        }
    }

    /// Services; each lies in the region of its first location.
    fn services(&self, locations: &[StagedLocation], p: &mut Problems) -> Vec<StagedService> {
        let location_region: HashMap<&str, i64> = locations
            .iter()
            .map(|l| (l.uid.as_str(), l.region_id))
            .chain(self.k.locations.iter().map(|(u, (_, r))| (u.as_str(), *r)))
            .collect();
        self.t("service")
            .rows
            .iter()
            .filter_map(|row| self.service(row, &location_region, p))
            .collect()
    }

    /// One service row, or `None` after noting its problems.
    fn service(
        &self,
        row: &Row,
        location_region: &HashMap<&str, i64>,
        p: &mut Problems,
    ) -> Option<StagedService> {
        let k = &self.k;
        let file = &self.t("service").file;
        let uid = row.get("id").to_owned();
        let org_uid = row.get("organization_id").to_owned();
        if !org_uid.is_empty() && !self.org_known(&org_uid) {
            p.add(
                file,
                row.line,
                Some("organization_id"),
                "import_unknown_reference",
            );
        }
        let status = match row.get("status") {
            "active" => ServiceStatus::Active,
            "inactive" => ServiceStatus::Inactive,
            "defunct" => ServiceStatus::Defunct,
            "temporarily closed" => ServiceStatus::TemporarilyClosed,
            _ => {
                p.add(file, row.line, Some("status"), "import_invalid_value");
                return None;
            }
        };
        let links: Vec<(String, String)> = self
            .t("service_at_location")
            .rows
            .iter()
            .filter(|r| r.get("service_id") == uid)
            .map(|r| (r.get("id").to_owned(), r.get("location_id").to_owned()))
            .collect();
        let location_uids: Vec<String> = links.iter().map(|(_, l)| l.clone()).collect();
        let Some(region_id) = location_uids
            .first()
            .and_then(|l| location_region.get(l.as_str()))
            .copied()
        else {
            p.add(file, row.line, Some("id"), "locations_required");
            return None;
        };
        let existing = k.services.get(&uid).copied();
        if let Some((_, region)) = existing
            && !k.in_scope.contains(&region)
        {
            p.add(file, row.line, Some("id"), "import_out_of_scope");
        }
        let (term_ids, categories, audiences) = self.service_terms(&uid);
        let (process, time_limit, visits) = application_process(row.get("application_process"));
        let (fees, basis) = match row.get("fees_description").split_once("收费依据：") {
            Some((f, b)) => (f.trim().to_owned(), b.trim().to_owned()),
            None => (row.get("fees_description").to_owned(), String::new()),
        };
        let costs = self.service_costs(&uid);
        let is_free = costs.iter().all(|c| c.amount_fen.unwrap_or(0) == 0);
        let (area_region_ids, area_codes) = self.service_areas(&uid, p);
        let age = |key: &str| row.get(key).parse::<f64>().ok().map(|a| a.round() as i64);
        let input = ServiceInput {
            organization_id: 0,
            region: String::new(),
            name: zh(row.get("name")),
            alternate_name: row.opt("alternate_name").map(|a| zh(&a)),
            description: zh(row.get("description")),
            status,
            categories,
            audiences,
            conditions: zh(row.get("eligibility_description")),
            documents: self
                .of_service("required_document", &uid)
                .map(|r| zh(r.get("document")))
                .collect(),
            process,
            time_limit: zh(&time_limit),
            fees: zh(&fees),
            fees_basis: zh(&basis),
            is_free,
            costs,
            visits_needed: visits,
            minimum_age: age("minimum_age"),
            maximum_age: age("maximum_age"),
            phones: self.service_phones(&uid),
            languages: self
                .of_service("language", &uid)
                .map(|r| r.get("code").to_owned())
                .collect(),
            service_areas: area_codes,
            location_ids: (1..=i64::try_from(location_uids.len()).unwrap_or(0)).collect(),
            url: row.opt("url"),
            email: row.opt("email"),
            alert: row.opt("alert").map(|a| zh(&a)),
        };
        let verified_at = row.opt("assured_date").and_then(|d| {
            d.parse::<jiff::civil::Date>().ok().and_then(|date| {
                date.to_zoned_datetime(crate::time::default_tz().clone())
                    .ok()
                    .map(|z| z.timestamp().as_second())
            })
        });
        if row.opt("assured_date").is_some() && verified_at.is_none() {
            p.add(file, row.line, Some("assured_date"), "import_invalid_value");
        }
        match rules::service(&input) {
            Ok(v) => Some(StagedService {
                uid,
                org_uid,
                location_uids,
                links,
                input: v,
                resolved: Resolved {
                    region_id,
                    term_ids,
                    area_region_ids,
                },
                verified_at,
                existing: existing.map(|e| e.0),
            }),
            Err(problems) => {
                for e in problems {
                    p.add(file, row.line, e.field.as_deref(), e.code);
                }
                None
            }
        }
    }

    /// The rows of a child table that belong to service `uid`.
    fn of_service<'s>(&'s self, table: &str, uid: &'s str) -> impl Iterator<Item = &'s Row> {
        self.t(table)
            .rows
            .iter()
            .filter(move |r| r.get("service_id") == uid)
    }

    /// A service's attribute terms: their ids (with their parents'), and the category and
    /// audience term uids.
    fn service_terms(&self, uid: &str) -> (Vec<i64>, Vec<String>, Vec<String>) {
        let mut term_ids = Vec::new();
        let mut categories = Vec::new();
        let mut audiences = Vec::new();
        for a in self
            .t("attribute")
            .rows
            .iter()
            .filter(|a| a.get("link_id") == uid)
        {
            if let Some((id, taxonomy, parent)) = self.k.terms.get(a.get("taxonomy_term_id")) {
                term_ids.push(*id);
                if let Some(parent) = parent
                    && !term_ids.contains(parent)
                {
                    term_ids.push(*parent);
                }
                if taxonomy == "category" {
                    categories.push(a.get("taxonomy_term_id").to_owned());
                } else {
                    audiences.push(a.get("taxonomy_term_id").to_owned());
                }
            }
        }
        term_ids.sort_unstable();
        term_ids.dedup();
        (term_ids, categories, audiences)
    }

    /// A service's cost options, amounts in fen.
    fn service_costs(&self, uid: &str) -> Vec<CostInput> {
        self.of_service("cost_option", uid)
            .map(|r| CostInput {
                option: zh(r.get("option")),
                amount_fen: r
                    .get("amount")
                    .parse::<f64>()
                    .ok()
                    .map(|y| (y * 100.0).round() as i64),
                amount_description: zh(r.get("amount_description")),
            })
            .collect()
    }

    /// A service's areas: (region ids, region codes); unknown codes are noted.
    fn service_areas(&self, uid: &str, p: &mut Problems) -> (Vec<i64>, Vec<String>) {
        let mut area_region_ids = Vec::new();
        let mut area_codes = Vec::new();
        for a in self.of_service("service_area", uid) {
            match self.k.region_by_code.get(a.get("extent")) {
                Some(id) => {
                    area_region_ids.push(*id);
                    area_codes.push(a.get("extent").to_owned());
                }
                None => p.add(
                    &self.t("service_area").file,
                    a.line,
                    Some("extent"),
                    "import_unknown_region",
                ),
            }
        }
        (area_region_ids, area_codes)
    }

    /// A service's enquiry and complaint numbers.
    fn service_phones(&self, uid: &str) -> Vec<PhoneInput> {
        self.of_service("phone", uid)
            .filter(|r| rules::office_phone(r.get("number")).is_some())
            .map(|r| {
                let d = r.get("description");
                let kind = if d.starts_with("投诉") || d.starts_with("Complaint") {
                    PhoneKind::Complaint
                } else {
                    PhoneKind::Enquiry
                };
                PhoneInput {
                    kind,
                    number: r.get("number").to_owned(),
                    extension: r.opt("extension"),
                    description: zh(strip_prefixes(
                        d,
                        &["咨询电话：", "投诉电话：", "咨询电话", "投诉电话"],
                    )),
                }
            })
            .collect()
    }
}

/// A service's `application_process` text: its numbered steps, the time limit and the number
/// of visits, as the export writes them.
fn application_process(text: &str) -> (Vec<TextInput>, String, Option<i64>) {
    let mut process = Vec::new();
    let mut time_limit = String::new();
    let mut visits = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(v) = line.strip_prefix("办理时限：") {
            time_limit = v.trim().to_owned();
        } else if let Some(v) = line.strip_prefix("跑动次数：") {
            visits = v.trim().parse::<i64>().ok();
        } else {
            let step = line
                .split_once(". ")
                .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
                .map_or(line, |(_, rest)| rest);
            process.push(zh(step));
        }
    }
    (process, time_limit, visits)
}

/// Writes every staged record, and the audit entry that counts them, in one transaction.
async fn write_all(
    db: &Db,
    admin: &CurrentUser,
    k: &Known,
    orgs: Vec<StagedOrg>,
    locations: Vec<StagedLocation>,
    services: Vec<StagedService>,
    now: i64,
) -> ApiResult<ImportReport> {
    let w = Writing {
        actor: Some(admin.id),
        now,
    };
    let mut tx = db.begin_write().await?;
    let org_id = w.organizations(&mut tx, k, &orgs).await?;
    let loc_id = w.locations(&mut tx, k, &locations, &org_id).await?;
    w.services(&mut tx, &services, &org_id, &loc_id).await?;
    let report = ImportReport {
        imported: true,
        organizations: orgs.len() as u64,
        services: services.len() as u64,
        locations: locations.len() as u64,
        errors: Vec::new(),
    };
    let region = admin
        .scope_roots(&[app::api::accounts::Role::Admin])
        .first()
        .copied();
    let imported = audit::Event::new(admin.id, "directory.import", "hsds-package".into(), region)
        .saying(
            crate::phrase::Phrase::new("audit_directory_import")
                .param("services", report.services)
                .param("locations", report.locations)
                .param("organizations", report.organizations),
        );
    audit::commit(tx, [imported], now).await?;
    Ok(report)
}

/// Who writes the import, and when.
struct Writing {
    actor: Option<i64>,
    now: i64,
}

impl Writing {
    /// Notes in the change log that record `id` came from the package's record `uid`.
    async fn record(
        &self,
        conn: &mut AnyConnection,
        entity: &str,
        id: i64,
        uid: &str,
    ) -> ApiResult<()> {
        write::record_changes(
            conn,
            entity,
            id,
            "import",
            &[("record", None, Some(uid.to_owned()))],
            self.actor,
            self.now,
        )
        .await?;
        Ok(())
    }

    /// Writes the organizations; returns the id of every organization by HSDS id.
    async fn organizations(
        &self,
        tx: &mut AnyConnection,
        k: &Known,
        orgs: &[StagedOrg],
    ) -> ApiResult<HashMap<String, i64>> {
        let now = self.now;
        let mut org_id: HashMap<String, i64> =
            k.orgs.iter().map(|(u, (id, _))| (u.clone(), *id)).collect();
        for o in orgs {
            let id = match o.existing {
                Some((id, region)) => {
                    write::update_organization(tx, id, &o.input, region, now).await?;
                    id
                }
                None => {
                    let region = k
                        .default_region
                        .ok_or_else(|| ApiError::forbidden("region_out_of_scope"))?;
                    write::insert_organization(tx, &o.input, region, Some(&o.uid), now).await?
                }
            };
            self.record(tx, "organization", id, &o.uid).await?;
            org_id.insert(o.uid.clone(), id);
        }
        Ok(org_id)
    }

    /// Writes the locations with their hours; returns the id of every location by HSDS id.
    async fn locations(
        &self,
        tx: &mut AnyConnection,
        k: &Known,
        locations: &[StagedLocation],
        org_id: &HashMap<String, i64>,
    ) -> ApiResult<HashMap<String, i64>> {
        let now = self.now;
        let mut loc_id: HashMap<String, i64> = k
            .locations
            .iter()
            .map(|(u, (id, _))| (u.clone(), *id))
            .collect();
        for l in locations {
            let mut input = l.input.clone();
            input.organization_id = *org_id
                .get(&l.org_uid)
                .ok_or_else(|| ApiError::invalid("import_unknown_reference", "organization_id"))?;
            let id = match l.existing {
                Some(id) => {
                    write::update_location(tx, id, &input, l.region_id, now).await?;
                    id
                }
                None => write::insert_location(tx, &input, l.region_id, Some(&l.uid), now).await?,
            };
            write::replace_hours(tx, id, &l.hours, now).await?;
            self.record(tx, "location", id, &l.uid).await?;
            loc_id.insert(l.uid.clone(), id);
        }
        Ok(loc_id)
    }

    /// Writes the services; their links to locations keep the package's HSDS ids.
    async fn services(
        &self,
        tx: &mut AnyConnection,
        services: &[StagedService],
        org_id: &HashMap<String, i64>,
        loc_id: &HashMap<String, i64>,
    ) -> ApiResult<()> {
        let now = self.now;
        for s in services {
            let mut input = s.input.clone();
            input.organization_id = *org_id
                .get(&s.org_uid)
                .ok_or_else(|| ApiError::invalid("import_unknown_reference", "organization_id"))?;
            input.location_ids = s
                .location_uids
                .iter()
                .filter_map(|u| loc_id.get(u).copied())
                .collect();
            let id = match s.existing {
                Some(id) => {
                    write::update_service(tx, id, &input, &s.resolved, now).await?;
                    id
                }
                None => write::insert_service(tx, &input, &s.resolved, Some(&s.uid), now).await?,
            };
            for (link_uid, location_uid) in &s.links {
                if let Some(location) = loc_id.get(location_uid) {
                    sqlx::query(
                        "UPDATE dir_service_locations SET uid = $1 WHERE service_id = $2 AND location_id = $3",
                    )
                    .bind(link_uid)
                    .bind(id)
                    .bind(*location)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            if let Some(at) = s.verified_at {
                write::verify_service(tx, id, None, at).await?;
            }
            self.record(tx, "service", id, &s.uid).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_times_are_read_in_every_form_the_export_or_hsds_uses() {
        for (value, want) in [
            ("09:00", Some("09:00")),
            ("09:00+08:00", Some("09:00")),
            ("09:00:00", Some("09:00")),
            ("09:00:00+08:00", Some("09:00")),
            ("17:30:00Z", Some("17:30")),
            ("24:00", Some("24:00")),
            ("09:00late", None),
            ("09:00:61", None),
            ("09:00:00+8", None),
            ("9:00", None),
            ("", None),
            ("二十:00", None),
        ] {
            assert_eq!(parse_time(value).as_deref(), want, "{value}");
        }
        assert_eq!(parse_closing("00:00:00+08:00").as_deref(), Some("24:00"));
        assert_eq!(parse_closing("18:00:00+08:00").as_deref(), Some("18:00"));
    }

    fn problems() -> Problems {
        Problems {
            errors: Vec::new(),
            lang: Lang::Zh,
        }
    }

    proptest::proptest! {
        /// Whatever arrives as the package, reading it reports problems instead of panicking.
        #[test]
        fn any_bytes_are_read_or_reported(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let mut p = problems();
            let tables = read_tables(&raw, &mut p);
            proptest::prop_assert!(!tables.is_empty() || !p.errors.is_empty());
        }

        /// Any CSV text gives a table whose rows are numbered as a spreadsheet shows them, or
        /// a problem naming the file.
        #[test]
        fn any_csv_is_parsed_or_reported(head in "(id|name|status|organization_id|x)(,(id|name|description|x)){0,4}", body in "\\PC{0,200}") {
            let mut p = problems();
            let content = format!("{head}\n{body}");
            match parse_csv("service", "service.csv", content.as_bytes(), &mut p) {
                Some(t) => {
                    for (i, row) in t.rows.iter().enumerate() {
                        proptest::prop_assert_eq!(row.line, i as u64 + 2);
                    }
                }
                None => proptest::prop_assert!(p.errors.iter().all(|e| e.file == "service.csv")),
            }
        }
    }
}
