//! Community boundaries as a GeoJSON FeatureCollection, for `linli regions import` and
//! `linli regions export --geojson`. Each feature names an existing community by
//! `properties.code` and carries its boundary (Polygon or MultiPolygon) or `null` to remove it.
//! Like the CSV import, a file with any bad feature changes nothing, every bad feature is
//! reported with its number, and each change is audit-logged.
use std::collections::HashMap;

use serde_json::{Value, json};

use super::{boundary::Boundary, transfer::valid_code};
use crate::{Db, audit, open311::placement::GeoBox, phrase::Phrase};

/// One feature of a boundary file.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryRecord {
    /// Position of the feature in the file, from 1.
    pub feature: usize,
    pub code: String,
    /// `None`: the community's boundary is removed.
    pub boundary: Option<Boundary>,
}

/// What is wrong with one feature (or, without a number, with the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureError {
    pub feature: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for FeatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.feature {
            Some(n) => write!(f, "feature {n}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Everything wrong with a boundary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureErrors(pub Vec<FeatureError>);

impl std::fmt::Display for FeatureErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::transfer::write_lines(f, &self.0)
    }
}

impl std::error::Error for FeatureErrors {}

fn whole(message: impl Into<String>) -> FeatureErrors {
    FeatureErrors(vec![FeatureError {
        feature: None,
        message: message.into(),
    }])
}

/// Whether a region file is GeoJSON rather than CSV: by its name, else by its first character.
pub fn is_geojson(file_name: &str, text: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    lower.ends_with(".geojson")
        || lower.ends_with(".json")
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
}

fn feature(v: &Value, area: &GeoBox) -> Result<(String, Option<Boundary>), String> {
    if v.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("expected an object with \"type\": \"Feature\"".to_owned());
    }
    let code = match v.get("properties").and_then(|p| p.get("code")) {
        Some(Value::String(code)) => code.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("properties.code (the community's region code) is missing".to_owned()),
    };
    if !valid_code(&code) {
        return Err(format!("code `{code}` is not 6 to 12 digits"));
    }
    match v.get("geometry") {
        Some(Value::Null) => Ok((code, None)),
        Some(g) => Boundary::from_geojson(g, Some(area))
            .map(|b| (code.clone(), Some(b)))
            .map_err(|e| format!("{code}: {e}")),
        None => Err(format!(
            "{code}: `geometry` is missing (null removes the boundary)"
        )),
    }
}

/// Parses a FeatureCollection and checks each feature on its own (codes against the tree
/// happen in [`apply`]). Every position must lie in `area`, the configured placement area.
pub fn parse(text: &str, area: &GeoBox) -> Result<Vec<BoundaryRecord>, FeatureErrors> {
    let doc: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| whole(format!("not JSON: {e}")))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(whole(
            "expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\")",
        ));
    }
    let Some(features) = doc.get("features").and_then(Value::as_array) else {
        return Err(whole("a FeatureCollection needs a `features` array"));
    };
    let mut errors = Vec::new();
    let mut records = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, v) in features.iter().enumerate() {
        let n = i + 1;
        match feature(v, area) {
            Ok((code, boundary)) => {
                if let Some(first) = seen.insert(code.clone(), n) {
                    errors.push(FeatureError {
                        feature: Some(n),
                        message: format!("code {code} is also feature {first}"),
                    });
                } else {
                    records.push(BoundaryRecord {
                        feature: n,
                        code,
                        boundary,
                    });
                }
            }
            Err(message) => errors.push(FeatureError {
                feature: Some(n),
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(FeatureErrors(errors))
    }
}

/// What a boundary import changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub set: usize,
    pub removed: usize,
    pub unchanged: usize,
}

impl std::fmt::Display for Applied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} boundaries set, {} removed, {} unchanged",
            self.set, self.removed, self.unchanged
        )
    }
}

#[derive(sqlx::FromRow)]
struct Current {
    id: i64,
    code: String,
    level: String,
    boundary: Option<String>,
}

/// Checks `records` against the tree (each code a community) and writes them in one
/// transaction, audit-logged as done by `actor` (`None`: the command line).
pub async fn apply(
    db: &Db,
    records: &[BoundaryRecord],
    actor: Option<i64>,
    now: i64,
) -> Result<Applied, super::transfer::ImportError> {
    let current: HashMap<String, Current> =
        sqlx::query_as::<_, Current>("SELECT id, code, level, boundary FROM regions")
            .fetch_all(db.pool())
            .await?
            .into_iter()
            .map(|r| (r.code.clone(), r))
            .collect();
    let errors: Vec<FeatureError> = records
        .iter()
        .filter_map(|r| {
            let message = match current.get(&r.code) {
                None => format!("{} is not a region code in the database", r.code),
                Some(c) if c.level != "community" => format!(
                    "{} is a {}; only communities have boundaries",
                    r.code, c.level
                ),
                Some(_) => return None,
            };
            Some(FeatureError {
                feature: Some(r.feature),
                message,
            })
        })
        .collect();
    if !errors.is_empty() {
        return Err(FeatureErrors(errors).into());
    }

    let mut done = Applied::default();
    let mut tx = db.begin_write().await?;
    for r in records {
        let Some(old) = current.get(&r.code) else {
            continue;
        };
        let text = r.boundary.as_ref().map(|b| b.to_geojson().to_string());
        if text == old.boundary {
            done.unchanged += 1;
            continue;
        }
        sqlx::query("UPDATE regions SET boundary = $1 WHERE id = $2")
            .bind(text.as_deref())
            .bind(old.id)
            .execute(&mut *tx)
            .await?;
        let detail = match &r.boundary {
            Some(b) => {
                done.set += 1;
                let (polygons, positions) = b.size();
                Phrase::new("audit_boundary_set")
                    .param("polygons", polygons)
                    .param("positions", positions)
            }
            None => {
                done.removed += 1;
                Phrase::new("audit_boundary_removed")
            }
        };
        audit::record(
            &mut *tx,
            audit::Event {
                actor,
                action: "regions.boundary",
                subject: format!("region:{}", r.code),
                region: Some(old.id),
                detail: Some(detail),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Every community boundary as a FeatureCollection that [`parse`] takes back, in code order,
/// one feature per line (compact, and a change shows as one changed line).
pub async fn export(db: &Db) -> anyhow::Result<String> {
    let rows: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT code, name_zh, name_en, boundary FROM regions \
         WHERE boundary IS NOT NULL ORDER BY code",
    )
    .fetch_all(db.pool())
    .await?;
    let mut out = String::from("{\"type\": \"FeatureCollection\", \"features\": [\n");
    for (i, (code, name_zh, name_en, text)) in rows.into_iter().enumerate() {
        let geometry: Value = serde_json::from_str(&text)?;
        let feature = json!({
            "type": "Feature",
            "properties": {"code": code, "name_zh": name_zh, "name_en": name_en},
            "geometry": geometry,
        });
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&serde_json::to_string(&feature)?);
    }
    out.push_str("\n]}\n");
    Ok(out)
}

/// The boundaries of the communities in use, in code order, for placing positions. A stored
/// boundary that no longer reads (it was checked on import) is skipped with a warning.
pub async fn in_use(db: &Db) -> Result<Vec<(String, Boundary)>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT code, boundary FROM regions \
         WHERE boundary IS NOT NULL AND retired_at IS NULL ORDER BY code",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, text)| match Boundary::from_stored(&text) {
            Ok(b) => Some((code, b)),
            Err(error) => {
                tracing::warn!(region = %code, %error, "stored boundary skipped");
                None
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: GeoBox = GeoBox::SHENZHEN;

    #[test]
    fn files_are_told_apart_by_name_or_first_character() {
        assert!(is_geojson("b.GeoJSON", ""));
        assert!(is_geojson("b.txt", "\u{feff}  {\"type\""));
        assert!(!is_geojson("regions.csv", "code,parent"));
    }

    #[test]
    fn every_bad_feature_is_reported_with_its_number() {
        let square = json!({"type": "Polygon", "coordinates": [[
            [114.05, 22.54], [114.06, 22.54], [114.06, 22.55], [114.05, 22.54]]]});
        let text = json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"code": "440304001001"}, "geometry": square},
            {"type": "Feature", "properties": {"name": "x"}, "geometry": square},
            {"type": "Feature", "properties": {"code": "440304001002"}, "geometry": {"type": "Polygon", "coordinates": [[
                [114.05, 22.54], [114.06, 22.54], [114.06, 22.55], [114.05, 22.55]]]}},
            {"type": "Feature", "properties": {"code": "440304001001"}, "geometry": null},
            {"type": "Feature", "properties": {"code": "440304001003"}, "geometry": null},
        ]})
        .to_string();
        let errors = parse(&text, &AREA).expect_err("bad features").0;
        let numbers: Vec<Option<usize>> = errors.iter().map(|e| e.feature).collect();
        assert_eq!(numbers, [Some(2), Some(3), Some(4)], "{errors:?}");
        assert!(errors[0].message.contains("properties.code"));
        assert!(
            errors[1]
                .to_string()
                .starts_with("feature 3: 440304001002: ring 1 is not closed")
        );
        assert!(errors[2].message.contains("feature 1"));

        let records = parse(
            &json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"code": "440304001003"}, "geometry": null}]})
            .to_string(),
            &AREA,
        )
        .expect("a removal");
        assert_eq!(records[0].boundary, None);
        for bad in [
            "",
            "[]",
            "{\"type\": \"Feature\"}",
            "{\"type\": \"FeatureCollection\"}",
        ] {
            let e = parse(bad, &AREA).expect_err(bad).0;
            assert_eq!(e[0].feature, None, "{bad}");
        }
    }
}
