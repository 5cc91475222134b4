//! The region tree as CSV: the bundled Shenzhen tree every database starts with, and
//! `linli regions import` / `linli regions export` for bulk work.
//!
//! Columns: `code,parent,level,name_zh,name_en[,retired]`. An import adds the rows whose code
//! is new and brings existing ones in line (names, a community's subdistrict, retired or not),
//! in one transaction: a file with any bad row changes nothing, and every bad row is reported
//! with its line number. Community boundaries travel as GeoJSON instead (see `boundaries`).
use std::collections::HashMap;

use app::api::regions::RegionLevel;
use serde::Deserialize;

use super::store::{self, RegionId, RegionRow};
use crate::{Db, audit, phrase::Phrase};

/// The bundled tree: Shenzhen's 9 districts and 1 new district with their subdistricts, and a
/// sample of communities in each (see docs/deploy.md for its source and completeness).
pub const BUNDLED: &str = include_str!("../../seed/regions.csv");

/// The header line of an export, and what an import expects.
pub const HEADER: [&str; 6] = ["code", "parent", "level", "name_zh", "name_en", "retired"];

/// One row of a region file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionRecord {
    /// Line of the file (the header is line 1).
    pub line: u64,
    pub code: String,
    pub parent: Option<String>,
    pub level: RegionLevel,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub retired: bool,
}

/// What is wrong with one line of a region file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Everything wrong with a region file, one entry per bad line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileErrors(pub Vec<RowError>);

impl std::fmt::Display for FileErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_lines(f, &self.0)
    }
}

/// Writes one error per line, for the import commands' reports.
pub(super) fn write_lines(
    f: &mut std::fmt::Formatter<'_>,
    errors: &[impl std::fmt::Display],
) -> std::fmt::Result {
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        write!(f, "{e}")?;
    }
    Ok(())
}

impl std::error::Error for FileErrors {}

#[derive(Debug, Deserialize)]
struct RawRow {
    code: String,
    #[serde(default)]
    parent: String,
    level: String,
    name_zh: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    retired: String,
}

/// Whether `code` is an administrative code Linli accepts: 6 to 12 ASCII digits.
pub fn valid_code(code: &str) -> bool {
    (6..=12).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// Checks a region name: present, at most 40 characters (zh) or 80 (en), no control characters.
pub fn valid_name(name: &str, max: usize) -> bool {
    let n = name.chars().count();
    n > 0 && n <= max && !name.chars().any(char::is_control)
}

/// Parses a region file and checks each row on its own. Checks against the tree (parents,
/// levels) happen in [`apply`].
pub fn parse(text: &str) -> Result<Vec<RegionRecord>, FileErrors> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(FileErrors(vec![RowError {
                line: 1,
                message: e.to_string(),
            }]));
        }
    };
    let have: Vec<&str> = headers.iter().collect();
    if !(have.len() == 5 || have.len() == 6) || have[..] != HEADER[..have.len()] {
        return Err(FileErrors(vec![RowError {
            line: 1,
            message: format!(
                "the header must be `{}` (`retired` is optional)",
                HEADER.join(",")
            ),
        }]));
    }
    let mut errors = Vec::new();
    let mut records = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for result in reader.records() {
        let row = match result {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    line,
                    message: csv_message(&e),
                });
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line());
        let checked = row
            .deserialize::<RawRow>(Some(&headers))
            .map_err(|e| csv_message(&e))
            .and_then(|raw| check_row(raw, line));
        match checked {
            Ok(record) => {
                if let Some(first) = seen.insert(record.code.clone(), line) {
                    errors.push(RowError {
                        line,
                        message: format!("code {} is also on line {first}", record.code),
                    });
                } else {
                    records.push(record);
                }
            }
            Err(message) => errors.push(RowError { line, message }),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(FileErrors(errors))
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("expected {expected_len} fields, found {len}")
        }
        _ => e.to_string(),
    }
}

fn check_row(raw: RawRow, line: u64) -> Result<RegionRecord, String> {
    if !valid_code(&raw.code) {
        return Err(format!("code `{}` is not 6 to 12 digits", raw.code));
    }
    let level = RegionLevel::parse(&raw.level).ok_or_else(|| {
        format!(
            "level `{}` is not city, district, subdistrict or community",
            raw.level
        )
    })?;
    let parent = (!raw.parent.is_empty()).then_some(raw.parent);
    if (level == RegionLevel::City) != parent.is_none() {
        return Err("the city, and only the city, has no parent".to_owned());
    }
    if !valid_name(&raw.name_zh, 40) {
        return Err("name_zh must be 1 to 40 characters".to_owned());
    }
    let name_en = (!raw.name_en.is_empty()).then_some(raw.name_en);
    if name_en.as_deref().is_some_and(|n| !valid_name(n, 80)) {
        return Err("name_en must be at most 80 characters".to_owned());
    }
    let retired = match raw.retired.as_str() {
        "" | "no" => false,
        "yes" => true,
        other => {
            return Err(format!(
                "retired must be `yes`, `no` or empty, not `{other}`"
            ));
        }
    };
    if retired && level != RegionLevel::Community {
        return Err("only communities can be retired".to_owned());
    }
    Ok(RegionRecord {
        line,
        code: raw.code,
        parent,
        level,
        name_zh: raw.name_zh,
        name_en,
        retired,
    })
}

/// What an import changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub added: usize,
    pub renamed: usize,
    pub moved: usize,
    pub retired: usize,
    pub restored: usize,
    pub unchanged: usize,
}

impl std::fmt::Display for Applied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} added, {} renamed, {} moved, {} retired, {} restored, {} unchanged",
            self.added, self.renamed, self.moved, self.retired, self.restored, self.unchanged
        )
    }
}

/// Why an import was refused.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(#[from] FileErrors),
    #[error("{0}")]
    Features(#[from] super::boundaries::FeatureErrors),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Every row that does not fit the tree as it will be: a region changing level, a region other
/// than a community moving, a parent missing or of the wrong level, a second city.
fn check(records: &[RegionRecord], existing: &HashMap<String, RegionRow>) -> Vec<RowError> {
    // Level of every code as it will be after the import, to check parents.
    let mut levels: HashMap<&str, RegionLevel> = existing
        .values()
        .map(|r| (r.code.as_str(), r.level()))
        .collect();
    let mut errors = Vec::new();
    for r in records {
        if let Some(old) = existing.get(&r.code) {
            if old.level() != r.level {
                errors.push(RowError {
                    line: r.line,
                    message: format!(
                        "{} is a {}; a region cannot change level",
                        r.code,
                        old.level().as_str()
                    ),
                });
                continue;
            }
            if old.parent_code != r.parent && r.level != RegionLevel::Community {
                errors.push(RowError {
                    line: r.line,
                    message: format!(
                        "only communities move; {} stays under {}",
                        r.code,
                        old.parent_code.as_deref().unwrap_or("-")
                    ),
                });
                continue;
            }
        }
        if let Some(parent) = &r.parent {
            match levels.get(parent.as_str()) {
                None => errors.push(RowError {
                    line: r.line,
                    message: format!(
                        "parent {parent} is neither in the database nor on an earlier line"
                    ),
                }),
                Some(pl) if pl.child() != Some(r.level) => errors.push(RowError {
                    line: r.line,
                    message: format!(
                        "a {} cannot be under a {} ({parent})",
                        r.level.as_str(),
                        pl.as_str()
                    ),
                }),
                Some(_) => {}
            }
        } else if !existing.contains_key(&r.code)
            && existing.values().any(|e| e.parent_code.is_none())
        {
            errors.push(RowError {
                line: r.line,
                message: "the database already has a city".to_owned(),
            });
        }
        levels.insert(&r.code, r.level);
    }
    errors
}

/// Checks `records` against the tree and applies them in one transaction, audit-logged as done
/// by `actor` (`None`: the command line or the bundled tree).
pub async fn apply(
    db: &Db,
    records: &[RegionRecord],
    actor: Option<i64>,
    now: i64,
) -> Result<Applied, ImportError> {
    let existing: HashMap<String, RegionRow> = store::all(db)
        .await?
        .into_iter()
        .map(|r| (r.code.clone(), r))
        .collect();
    let errors = check(records, &existing);
    if !errors.is_empty() {
        return Err(FileErrors(errors).into());
    }

    let mut done = Applied::default();
    let mut relocated = Vec::new();
    let mut tx = db.begin_write().await?;
    for r in records {
        let Some(old) = existing.get(&r.code) else {
            store::insert(
                &mut *tx,
                &store::NewRegion {
                    code: &r.code,
                    parent: r.parent.as_deref(),
                    level: r.level,
                    name_zh: &r.name_zh,
                    name_en: r.name_en.as_deref(),
                    sort_order: None,
                },
            )
            .await?;
            if r.retired {
                let id = id_of(&mut tx, &r.code).await?;
                store::set_retired(&mut *tx, id, Some(now)).await?;
            }
            record(
                &mut tx,
                actor,
                "regions.add",
                &r.code,
                Some(super::added(
                    "audit_region_added",
                    r.level,
                    &r.name_zh,
                    r.name_en.as_deref(),
                )),
                now,
            )
            .await?;
            done.added += 1;
            continue;
        };
        let id = RegionId(old.id);
        let mut changed = false;
        if old.name_zh != r.name_zh || old.name_en != r.name_en {
            store::rename(&mut *tx, id, &r.name_zh, r.name_en.as_deref()).await?;
            record(
                &mut tx,
                actor,
                "regions.rename",
                &r.code,
                Some(super::renamed(
                    (&old.name_zh, old.name_en.as_deref()),
                    (&r.name_zh, r.name_en.as_deref()),
                )),
                now,
            )
            .await?;
            done.renamed += 1;
            relocated.push(id.0);
            changed = true;
        }
        if old.parent_code != r.parent
            && let Some(parent) = &r.parent
        {
            let parent_id = id_of(&mut tx, parent).await?;
            store::move_to(&mut *tx, id, parent_id).await?;
            record(
                &mut tx,
                actor,
                "regions.move",
                &r.code,
                Some(super::moved(
                    old.parent_code.as_deref().unwrap_or("-"),
                    parent,
                )),
                now,
            )
            .await?;
            done.moved += 1;
            relocated.push(id.0);
            changed = true;
        }
        if old.retired_at.is_some() != r.retired {
            store::set_retired(&mut *tx, id, r.retired.then_some(now)).await?;
            let action = if r.retired {
                "regions.retire"
            } else {
                "regions.restore"
            };
            record(&mut tx, actor, action, &r.code, None, now).await?;
            if r.retired {
                done.retired += 1;
            } else {
                done.restored += 1;
            }
            changed = true;
        }
        if !changed {
            done.unchanged += 1;
        }
    }
    relocated.dedup();
    crate::directory::regions_changed(&mut tx, &relocated).await?;
    tx.commit().await?;
    Ok(done)
}

async fn id_of(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    code: &str,
) -> Result<RegionId, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM regions WHERE code = $1")
        .bind(code)
        .fetch_one(&mut **tx)
        .await
        .map(RegionId)
}

async fn record(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    actor: Option<i64>,
    action: &'static str,
    code: &str,
    detail: Option<Phrase>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let region: Option<i64> = sqlx::query_scalar("SELECT id FROM regions WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await?;
    audit::record(
        &mut **tx,
        audit::Event {
            actor,
            action,
            subject: format!("region:{code}"),
            region,
            detail,
        },
        now,
    )
    .await
}

/// Loads the bundled tree into a database that has no regions yet (every new database, right
/// after its migrations). Returns how many regions it added.
pub async fn load_bundled(db: &Db, now: i64) -> anyhow::Result<usize> {
    if store::count(db).await? > 0 {
        return Ok(0);
    }
    let records = parse(BUNDLED).map_err(|e| anyhow::anyhow!("bundled regions.csv: {e}"))?;
    let done = apply(db, &records, None, now)
        .await
        .map_err(|e| anyhow::anyhow!("bundled regions.csv: {e}"))?;
    Ok(done.added)
}

/// The whole tree as CSV, parents before children; a file `linli regions import` takes back.
pub async fn export(db: &Db) -> anyhow::Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER)?;
    for r in store::all(db).await? {
        out.write_record([
            r.code.as_str(),
            r.parent_code.as_deref().unwrap_or(""),
            r.level().as_str(),
            r.name_zh.as_str(),
            r.name_en.as_deref().unwrap_or(""),
            if r.retired_at.is_some() { "yes" } else { "" },
        ])?;
    }
    Ok(String::from_utf8(out.into_inner()?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_tree_parses() {
        let records = parse(BUNDLED).expect("bundled tree");
        assert_eq!(records[0].level, RegionLevel::City);
        assert!(
            records
                .iter()
                .filter(|r| r.level == RegionLevel::Community)
                .count()
                > 100
        );
        assert!(records.iter().all(|r| !r.retired));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = "code,parent,level,name_zh,name_en\n\
                    440300,,city,深圳市,Shenzhen\n\
                    44A,440300,district,坏区,\n\
                    440399,440300,county,某县,\n\
                    440398,440300,district,,\n\
                    440397,440300,district,好区\n\
                    440396,440300,district,好区,Good\n\
                    440396,440300,district,重复,\n";
        let errors = parse(text).expect_err("bad rows").0;
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 8], "{errors:?}");
        assert!(errors[0].message.contains("44A"));
        assert!(errors[1].message.contains("county"));
        assert!(errors[4].message.contains("line 7"));
    }

    #[test]
    fn a_wrong_header_is_refused_on_line_one() {
        let errors = parse("id,name\n1,x\n").expect_err("header").0;
        assert_eq!(errors[0].line, 1);
    }

    #[test]
    fn retired_is_optional_and_only_for_communities() {
        let ok = "code,parent,level,name_zh,name_en,retired\n440304001099,440304001,community,新社区,,yes\n";
        assert!(parse(ok).expect("ok")[0].retired);
        let bad =
            "code,parent,level,name_zh,name_en,retired\n440304099,440304,subdistrict,新街道,,yes\n";
        assert_eq!(parse(bad).expect_err("bad").0[0].line, 2);
    }
}
