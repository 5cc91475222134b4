//! Demo data of the directory: sites (organization + location + hours) and their services,
//! built from the templates in `server/seed/directory.json` for a few communities of every
//! district. Deterministic, so every demo looks the same; clearly demo (made-up numbers).
use std::collections::HashMap;

use anyhow::Context as _;
use app::api::directory::{
    AccessibilityInput, CostInput, LocationInput, OrganizationInput, PhoneInput, PhoneKind,
    ServiceInput, ServiceStatus, TextInput,
};
use jiff::civil::Date;
use serde::Deserialize;
use sqlx::AnyConnection;

use super::{
    hours::{Window, parse_hhmm},
    rules::ParsedHours,
    store::Taxonomy,
    write::{self, Resolved},
};
use crate::{Db, regions::store as regions};

const TEMPLATES: &str = include_str!("../../seed/directory.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Templates {
    pub hours: HashMap<String, HoursTemplate>,
    pub sites: Vec<SiteTemplate>,
    pub services: HashMap<String, ServiceTemplate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct HoursTemplate {
    /// `1-5 09:00-12:00 14:00-18:00; 6 09:00-12:00`.
    pub weekly: String,
    pub follows_calendar: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SiteTemplate {
    pub key: String,
    /// `community`, `subdistrict` or `district`.
    pub level: String,
    /// Only every n-th region of the level gets this site.
    pub every: usize,
    pub org: String,
    pub org_en: String,
    pub legal_status: String,
    pub location: String,
    pub location_en: String,
    pub hours: String,
    pub accessibility: Vec<String>,
    /// How many of `services` each site offers (rotating through the list).
    pub pick: usize,
    pub services: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServiceTemplate {
    pub name: String,
    pub name_en: String,
    #[serde(default)]
    pub alternate: Option<String>,
    pub categories: Vec<String>,
    pub audiences: Vec<String>,
    pub description: String,
    pub description_en: String,
    pub conditions: String,
    pub documents: Vec<String>,
    pub process: Vec<String>,
    pub time_limit: String,
    pub fees: String,
    #[serde(default)]
    pub fees_basis: String,
    pub is_free: bool,
    #[serde(default)]
    pub costs: Vec<(String, i64, String)>,
    pub visits: i64,
    #[serde(default)]
    pub min_age: Option<i64>,
    #[serde(default)]
    pub max_age: Option<i64>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub complaint: bool,
}

impl Templates {
    pub fn load() -> anyhow::Result<Self> {
        serde_json::from_str(TEMPLATES).context("server/seed/directory.json")
    }
}

/// Parses `1-5 09:00-12:00 14:00-18:00; 6 09:00-12:00` into weekly windows.
pub fn weekly(spec: &str) -> anyhow::Result<Vec<(u8, Window)>> {
    let mut out = Vec::new();
    for part in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let mut words = part.split_whitespace();
        let days = words.next().context("days")?;
        let (from, to) = days.split_once('-').unwrap_or((days, days));
        let (from, to): (u8, u8) = (from.parse()?, to.parse()?);
        for w in words {
            let (o, c) = w.split_once('-').context("window")?;
            let window = Window::new(
                parse_hhmm(o).context("opens")?,
                parse_hhmm(c).context("closes")?,
            )
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            for day in from..=to {
                out.push((day, window));
            }
        }
    }
    Ok(out)
}

/// A small deterministic hash for varying demo values.
pub fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A made-up Shenzhen office number: `0755-8` and seven digits.
pub fn demo_phone(seed: &str) -> String {
    format!("0755-8{:07}", hash(seed) % 10_000_000)
}

/// Names of a region and its ancestors, for the templates' placeholders.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub code: String,
    pub region_id: i64,
    pub c: String,
    pub ce: String,
    pub s: String,
    pub se: String,
    pub d: String,
    pub de: String,
}

impl Place {
    fn short(name: &str) -> String {
        for suffix in ["社区", "街道", "新区", "区"] {
            if let Some(s) = name.strip_suffix(suffix)
                && !s.is_empty()
            {
                return s.to_owned();
            }
        }
        name.to_owned()
    }

    fn short_en(name: &str) -> String {
        [" Community", " Subdistrict", " New District", " District"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .unwrap_or(name)
            .to_owned()
    }

    pub fn fill(&self, template: &str) -> String {
        template
            .replace("{cs}", &Self::short(&self.c))
            .replace("{ces}", &Self::short_en(&self.ce))
            .replace("{ds}", &Self::short(&self.d))
            .replace("{des}", &Self::short_en(&self.de))
            .replace("{ce}", &self.ce)
            .replace("{se}", &self.se)
            .replace("{de}", &self.de)
            .replace("{c}", &self.c)
            .replace("{s}", &self.s)
            .replace("{d}", &self.d)
    }

    /// The most local name (community, else subdistrict, else district).
    pub fn local(&self) -> (&str, &str) {
        if !self.c.is_empty() {
            (&self.c, &self.ce)
        } else if !self.s.is_empty() {
            (&self.s, &self.se)
        } else {
            (&self.d, &self.de)
        }
    }
}

/// Every region as a [`Place`], by code.
pub async fn places(db: &Db) -> anyhow::Result<(Vec<Place>, HashMap<String, String>)> {
    let all = regions::all(db).await?;
    let by_code: HashMap<String, regions::RegionRow> =
        all.iter().map(|r| (r.code.clone(), r.clone())).collect();
    let mut out = Vec::new();
    for r in &all {
        let mut p = Place {
            code: r.code.clone(),
            region_id: r.id,
            ..Place::default()
        };
        let mut cur = Some(r);
        while let Some(node) = cur {
            let en = node.name_en.clone().unwrap_or_default();
            match node.level.as_str() {
                "community" => (p.c, p.ce) = (node.name_zh.clone(), en),
                "subdistrict" => (p.s, p.se) = (node.name_zh.clone(), en),
                "district" => (p.d, p.de) = (node.name_zh.clone(), en),
                _ => {}
            }
            cur = node.parent_code.as_ref().and_then(|c| by_code.get(c));
        }
        out.push(p);
    }
    let levels = all.into_iter().map(|r| (r.code, r.level)).collect();
    Ok((out, levels))
}

/// Approximate centre of each district, for demo coordinates.
pub fn district_centre(code: &str) -> (f64, f64) {
    match code.get(..6).unwrap_or("") {
        "440303" => (22.548, 114.131),
        "440304" => (22.541, 114.055),
        "440305" => (22.533, 113.930),
        "440306" => (22.555, 113.883),
        "440307" => (22.720, 114.247),
        "440308" => (22.557, 114.236),
        "440309" => (22.657, 114.030),
        "440310" => (22.708, 114.346),
        "440311" => (22.749, 113.936),
        "440312" => (22.593, 114.479),
        _ => (22.543, 114.058),
    }
}

fn t(zh: impl Into<String>, en: Option<String>) -> TextInput {
    TextInput { zh: zh.into(), en }
}

/// The location of a site in a place.
pub fn location_input(
    site: &SiteTemplate,
    place: &Place,
    org_id: i64,
    hours: &HoursTemplate,
) -> LocationInput {
    let h = hash(&format!("{}{}", site.key, place.code));
    let (local, local_en) = place.local();
    let short = Place::short(local);
    let short_en = Place::short_en(local_en);
    let number = 1 + h % 188;
    let line = 1 + (h / 7) % 14;
    let exit = ["A", "B", "C", "D"][usize::try_from((h / 3) % 4).unwrap_or(0)];
    let minutes = 3 + (h / 11) % 12;
    let (lat, lon) = district_centre(&place.code);
    let jitter = |k: u64| ((hash(&format!("{k}{}", place.code)) % 2000) as f64 - 1000.0) / 50_000.0;
    LocationInput {
        organization_id: org_id,
        region: place.code.clone(),
        name: t(
            place.fill(&site.location),
            Some(place.fill(&site.location_en)),
        ),
        description: TextInput::default(),
        address: t(
            format!("{}{}{short}路{number}号", place.d, place.s),
            Some(format!(
                "No. {number} {short_en} Road, {}{}",
                if place.se.is_empty() {
                    String::new()
                } else {
                    format!("{}, ", place.se)
                },
                place.de
            )),
        ),
        postal_code: format!("518{:03}", h % 1000),
        transport: t(
            format!("地铁{line}号线{short}站{exit}出口步行约{minutes}分钟；公交“{short}”站下车"),
            Some(format!(
                "Metro line {line}, {short_en} station exit {exit}, about {minutes} min walk; bus stop {short_en}"
            )),
        ),
        latitude: Some(((lat + jitter(1)) * 1e6).round() / 1e6),
        longitude: Some(((lon + jitter(2)) * 1e6).round() / 1e6),
        timezone: None,
        follows_workday_calendar: hours.follows_calendar,
        phones: vec![PhoneInput {
            kind: PhoneKind::Main,
            number: demo_phone(&format!("{}{}", site.key, place.code)),
            extension: None,
            description: TextInput::default(),
        }],
        accessibility: site
            .accessibility
            .iter()
            .map(|f| AccessibilityInput {
                feature: f.clone(),
                details: TextInput::default(),
            })
            .collect(),
    }
}

/// A service of a template at a location.
pub fn service_input(
    s: &ServiceTemplate,
    place: &Place,
    org_id: i64,
    location_id: i64,
    site_phone: &str,
) -> ServiceInput {
    let mut phones = vec![PhoneInput {
        kind: PhoneKind::Enquiry,
        number: site_phone.to_owned(),
        extension: None,
        description: TextInput::default(),
    }];
    if s.complaint {
        phones.push(PhoneInput {
            kind: PhoneKind::Complaint,
            number: "12345".into(),
            extension: None,
            description: t("政务服务便民热线", Some("City government hotline".into())),
        });
    }
    ServiceInput {
        organization_id: org_id,
        region: place.code.clone(),
        name: t(s.name.clone(), Some(s.name_en.clone())),
        alternate_name: s.alternate.clone().map(|a| t(a, None)),
        description: t(s.description.clone(), Some(s.description_en.clone())),
        status: ServiceStatus::Active,
        categories: s.categories.clone(),
        audiences: s.audiences.clone(),
        conditions: t(s.conditions.clone(), None),
        documents: s.documents.iter().map(|d| t(d.clone(), None)).collect(),
        process: s.process.iter().map(|d| t(d.clone(), None)).collect(),
        time_limit: t(s.time_limit.clone(), None),
        fees: t(s.fees.clone(), None),
        fees_basis: t(s.fees_basis.clone(), None),
        is_free: s.is_free,
        costs: s
            .costs
            .iter()
            .map(|(option, fen, per)| CostInput {
                option: t(option.clone(), None),
                amount_fen: Some(*fen),
                amount_description: t(per.clone(), None),
            })
            .collect(),
        visits_needed: Some(s.visits),
        minimum_age: s.min_age,
        maximum_age: s.max_age,
        phones,
        languages: if s.languages.is_empty() {
            vec!["zh".into()]
        } else {
            s.languages.clone()
        },
        service_areas: vec![place.code.clone()],
        location_ids: vec![location_id],
        url: None,
        email: None,
        alert: None,
    }
}

/// Term ids of a template's categories (with parents) and audiences.
pub fn term_ids(tax: &Taxonomy, s: &ServiceTemplate) -> Vec<i64> {
    let mut ids = Vec::new();
    for code in &s.categories {
        if let Some(term) = tax.find("category", code) {
            ids.push(term.id);
            ids.extend(term.parent_id);
        }
    }
    for code in &s.audiences {
        ids.extend(tax.find("audience", code).map(|t| t.id));
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The communities, subdistricts and districts that get demo sites: the first community of
/// the first two subdistricts of each district, plus 百花社区 beside the demo staff's 红荔社区.
fn chosen(places: &[Place], levels: &HashMap<String, String>) -> Vec<Place> {
    let mut communities: Vec<&Place> = places
        .iter()
        .filter(|p| levels.get(&p.code).is_some_and(|l| l == "community"))
        .collect();
    communities.sort_by(|a, b| a.code.cmp(&b.code));
    let mut out: Vec<Place> = Vec::new();
    let mut per_subdistrict: HashMap<String, usize> = HashMap::new();
    let mut subdistricts_per_district: HashMap<String, Vec<String>> = HashMap::new();
    for c in communities {
        let sub = c.code.get(..9).unwrap_or("").to_owned();
        let district = c.code.get(..6).unwrap_or("").to_owned();
        let subs = subdistricts_per_district.entry(district).or_default();
        if !subs.contains(&sub) {
            subs.push(sub.clone());
        }
        let taken = per_subdistrict.entry(sub.clone()).or_insert(0);
        let wanted = if c.code == "440304001002" { 2 } else { 1 };
        if subs.iter().position(|s| *s == sub).is_some_and(|i| i < 2) && *taken < wanted {
            *taken += 1;
            out.push(c.clone());
        }
    }
    out
}

/// Seeds the directory when it is empty; returns the number of services written.
pub async fn seed(db: &Db, now: i64) -> anyhow::Result<usize> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dir_services")
        .fetch_one(db.pool())
        .await?;
    if n > 0 {
        return Ok(0);
    }
    let today = crate::clock::local_date(now);
    let templates = Templates::load()?;
    let tax = Taxonomy::load(db).await?;
    let (places, levels) = places(db).await?;
    let communities = chosen(&places, &levels);
    let by_code: HashMap<&str, &Place> = places.iter().map(|p| (p.code.as_str(), p)).collect();
    let mut subdistricts: Vec<Place> = Vec::new();
    let mut districts: Vec<Place> = Vec::new();
    for c in &communities {
        for (list, len) in [(&mut subdistricts, 9), (&mut districts, 6)] {
            if let Some(p) = c.code.get(..len).and_then(|code| by_code.get(code))
                && !list.iter().any(|x| x.code == p.code)
            {
                list.push((*p).clone());
            }
        }
    }
    let holidays: Vec<String> = sqlx::query_scalar(
        "SELECT day FROM calendar_days WHERE kind = 'holiday' AND day > $1 ORDER BY day LIMIT 3",
    )
    .bind(today.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut tx = db.begin_write().await?;
    let mut orgs: HashMap<String, i64> = HashMap::new();
    let mut count = 0;
    for site in &templates.sites {
        let regions: &[Place] = match site.level.as_str() {
            "district" => &districts,
            "subdistrict" => &subdistricts,
            _ => &communities,
        };
        let hours = templates
            .hours
            .get(&site.hours)
            .with_context(|| format!("hours {}", site.hours))?;
        for (i, place) in regions
            .iter()
            .enumerate()
            .filter(|(i, _)| i % site.every == 0)
        {
            let org_name = place.fill(&site.org);
            let org_id = match orgs.get(&org_name) {
                Some(id) => *id,
                None => {
                    let org_region = if site.org.contains("{ds}") && !site.org.contains("{c}") {
                        by_code
                            .get(place.code.get(..6).unwrap_or(""))
                            .map_or(place.region_id, |d| d.region_id)
                    } else {
                        place.region_id
                    };
                    let id = write::insert_organization(
                        &mut tx,
                        &OrganizationInput {
                            region: String::new(),
                            name: t(org_name.clone(), Some(place.fill(&site.org_en))),
                            description: t(
                                format!("{org_name}（演示数据）"),
                                Some(format!("{} (demo data)", place.fill(&site.org_en))),
                            ),
                            email: None,
                            website: None,
                            legal_status: Some(site.legal_status.clone()),
                            credit_code: None,
                        },
                        org_region,
                        None,
                        now,
                    )
                    .await?;
                    orgs.insert(org_name, id);
                    id
                }
            };
            let location = super::rules::location(&location_input(site, place, org_id, hours))
                .map_err(|p| anyhow::anyhow!("demo site {}: {p:?}", site.key))?;
            let location_id =
                write::insert_location(&mut tx, &location, place.region_id, None, now).await?;
            let h = hash(&format!("{}{}", site.key, place.code));
            let exceptions = demo_exceptions(hours, h, today, &holidays)?;
            write::replace_hours(
                &mut tx,
                location_id,
                &ParsedHours {
                    weekly: weekly(&hours.weekly)?,
                    exceptions,
                },
                now,
            )
            .await?;
            let phone = location.phones[0].number.clone();
            let n = site.services.len();
            for k in 0..site.pick.min(n) {
                let key = &site.services[(i * 3 + k) % n];
                let template = templates
                    .services
                    .get(key)
                    .with_context(|| format!("service {key}"))?;
                let input = super::rules::service(&service_input(
                    template,
                    place,
                    org_id,
                    location_id,
                    &phone,
                ))
                .map_err(|p| anyhow::anyhow!("demo service {key}: {p:?}"))?;
                let resolved = Resolved {
                    region_id: place.region_id,
                    term_ids: term_ids(&tax, template),
                    area_region_ids: vec![place.region_id],
                };
                let id = write::insert_service(&mut tx, &input, &resolved, None, now).await?;
                let sh = hash(&format!("{key}{}", place.code));
                let verified = match sh % 10 {
                    0 => Some(now - 86_400 * (200 + i64::try_from(sh % 200).unwrap_or(0))),
                    1 if sh.is_multiple_of(3) => None,
                    _ => Some(now - 86_400 * i64::try_from(sh % 150).unwrap_or(0)),
                };
                if let Some(at) = verified {
                    write::verify_service(&mut tx, id, None, at).await?;
                }
                record_seed(&mut tx, id, now).await?;
                count += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(count)
}

/// A few sites close for a day soon, and a few open on a coming holiday morning, picked by
/// `h` (the site's hash).
fn demo_exceptions(
    hours: &HoursTemplate,
    h: u64,
    today: Date,
    holidays: &[String],
) -> anyhow::Result<Vec<(Date, Vec<Window>, TextInput)>> {
    let mut exceptions = Vec::new();
    if hours.follows_calendar && h.is_multiple_of(4) {
        exceptions.push((
            today.checked_add(jiff::Span::new().days(3))?,
            Vec::new(),
            t(
                "消防安全检查，暂停开放一天",
                Some("Closed for a fire safety inspection".into()),
            ),
        ));
    }
    if hours.follows_calendar
        && h.is_multiple_of(3)
        && let Some(day) = holidays.first().and_then(|d| d.parse::<Date>().ok())
    {
        exceptions.push((
            day,
            vec![Window::new(9 * 60, 12 * 60).map_err(|e| anyhow::anyhow!("{e:?}"))?],
            t(
                "节假日值班，仅上午开放",
                Some("Holiday duty: mornings only".into()),
            ),
        ));
    }
    exceptions.sort_by_key(|e| e.0);
    exceptions.dedup_by_key(|e| e.0);
    Ok(exceptions)
}

async fn record_seed(conn: &mut AnyConnection, id: i64, now: i64) -> Result<(), sqlx::Error> {
    write::record_changes(
        conn,
        "service",
        id,
        "create",
        &[("record", None, Some("演示数据 demo seed".to_owned()))],
        None,
        now,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_and_every_hours_spec_is_valid() {
        let t = Templates::load().expect("templates");
        for (key, h) in &t.hours {
            assert!(!weekly(&h.weekly).expect(key).is_empty(), "{key}");
        }
        for site in &t.sites {
            assert!(t.hours.contains_key(&site.hours), "{}", site.key);
            for s in &site.services {
                assert!(t.services.contains_key(s), "{s}");
            }
        }
        assert_eq!(
            weekly("1-2 09:00-12:00; 6 00:00-24:00")
                .expect("spec")
                .len(),
            3
        );
    }

    #[test]
    fn placeholders_are_filled() {
        let p = Place {
            c: "红荔社区".into(),
            ce: "Hongli Community".into(),
            s: "园岭街道".into(),
            se: "Yuanling Subdistrict".into(),
            d: "福田区".into(),
            de: "Futian District".into(),
            ..Place::default()
        };
        assert_eq!(
            p.fill("{ds}公安分局{cs}社区警务室"),
            "福田公安分局红荔社区警务室"
        );
        assert_eq!(p.fill("{ces} Police"), "Hongli Police");
        assert!(demo_phone("x").starts_with("0755-8"));
        assert_eq!(demo_phone("x").len(), 13);
    }
}
