//! HSDS 3.0 records: the directory's rows loaded in bulk and written as flat HSDS objects
//! (direct fields only, parents by id) — the rows of the tabular package and the pieces the
//! nested JSON of the API is assembled from.
use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::{
    Db,
    db::{Arg, Sql},
    lang::Lang,
};

/// The province of the city (HSDS `address.state_province`).
pub const STATE_PROVINCE: &str = "广东省";

/// Namespace of the UUIDs derived for records that have no row of their own (addresses,
/// attributes, taxonomies, organization identifiers): `uuid5(NS, "<kind>:<parent uid>…")`.
pub fn linli_namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"urn:linli:hsds")
}

pub fn derived_uid(name: &str) -> String {
    uuid::Uuid::new_v5(&linli_namespace(), name.as_bytes()).to_string()
}

pub fn taxonomy_uid(taxonomy: &str) -> String {
    derived_uid(&format!("taxonomy:{taxonomy}"))
}

/// A flat HSDS object under construction: absent values are left out (the schemas type
/// most fields as plain strings, so `null` would not validate).
#[derive(Debug, Default)]
pub struct Record(Map<String, Value>);

impl Record {
    pub fn new(id: &str) -> Self {
        let mut m = Map::new();
        m.insert("id".into(), Value::String(id.to_owned()));
        Self(m)
    }

    pub fn s(mut self, key: &str, value: impl Into<String>) -> Self {
        self.0.insert(key.into(), Value::String(value.into()));
        self
    }

    /// A string when present and not empty.
    pub fn opt(mut self, key: &str, value: Option<impl Into<String>>) -> Self {
        if let Some(v) = value.map(Into::into).filter(|v: &String| !v.is_empty()) {
            self.0.insert(key.into(), Value::String(v));
        }
        self
    }

    pub fn v(mut self, key: &str, value: Value) -> Self {
        if !value.is_null() {
            self.0.insert(key.into(), value);
        }
        self
    }

    pub fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// Chinese, or English where asked for and present.
pub fn pick(lang: Lang, zh: &str, en: Option<&str>) -> String {
    match (lang, en.filter(|e| !e.is_empty())) {
        (Lang::En, Some(en)) => en.to_owned(),
        _ => zh.to_owned(),
    }
}

pub fn date_of(ts: i64) -> String {
    crate::time::rfc3339(ts).chars().take(10).collect()
}

pub fn datetime_of(ts: i64) -> String {
    crate::time::rfc3339(ts)
}

/// `HH:MM:SS+08:00` in the zone's offset at `now`. HSDS's prose asks for `HH:MM` with an
/// offset, its datapackage declares the Table Schema type `time` (`HH:MM:SS`, optionally with
/// an offset): the machine-readable form wins, so validators such as `frictionless` accept it.
/// Midnight at the end of a day (`24:00`, not a valid `time`) is written `00:00:00`; a window
/// never closes at the minute it opens, so the importer reads a closing `00:00` back as `24:00`.
pub fn time_with_offset(minute: i64, tz: &str) -> String {
    let offset = utc_offset_seconds(tz);
    let sign = if offset < 0 { '-' } else { '+' };
    let off = offset.abs();
    let minute = minute.rem_euclid(24 * 60);
    format!(
        "{:02}:{:02}:00{sign}{:02}:{:02}",
        minute / 60,
        minute % 60,
        off / 3600,
        (off % 3600) / 60
    )
}

pub fn utc_offset_seconds(tz: &str) -> i64 {
    i64::from(
        crate::time::tz(tz)
            .to_offset(jiff::Timestamp::now())
            .seconds(),
    )
}

pub const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrgRow {
    pub id: i64,
    pub uid: String,
    pub region_code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub legal_status: Option<String>,
    pub credit_code: Option<String>,
    pub updated_at: i64,
}

pub const ORG_SELECT: &str = "SELECT o.id, o.uid, r.code AS region_code, o.name_zh, o.name_en, o.description_zh, \
     o.description_en, o.email, o.website, o.legal_status, o.credit_code, o.updated_at \
     FROM dir_organizations o JOIN regions r ON r.id = o.region_id";

/// HSDS requires a description where Linli may have none: the name stands in.
fn or_name(description: String, name: &str) -> String {
    if description.trim().is_empty() {
        name.to_owned()
    } else {
        description
    }
}

pub fn organization(o: &OrgRow, lang: Lang) -> Value {
    let name = pick(lang, &o.name_zh, o.name_en.as_deref());
    Record::new(&o.uid)
        .s("name", &name)
        .s(
            "description",
            or_name(
                pick(lang, &o.description_zh, o.description_en.as_deref()),
                &name,
            ),
        )
        .opt("email", o.email.clone())
        .opt("website", o.website.clone())
        .opt("legal_status", o.legal_status.clone())
        .done()
}

/// The 统一社会信用代码 as an HSDS organization_identifier.
pub fn organization_identifier(o: &OrgRow) -> Option<Value> {
    let code = o.credit_code.as_ref()?;
    Some(
        Record::new(&derived_uid(&format!("org-identifier:{}", o.uid)))
            .s("organization_id", &o.uid)
            .s("identifier_scheme", "CN-USCC")
            .s("identifier_type", "统一社会信用代码")
            .s("identifier", code)
            .done(),
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: i64,
    pub uid: String,
    pub organization_uid: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub alternate_name_zh: Option<String>,
    pub alternate_name_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub status: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub eligibility_zh: String,
    pub eligibility_en: Option<String>,
    pub process_zh: String,
    pub process_en: Option<String>,
    pub time_limit_zh: String,
    pub time_limit_en: Option<String>,
    pub fees_zh: String,
    pub fees_en: Option<String>,
    pub fees_basis_zh: String,
    pub fees_basis_en: Option<String>,
    pub visits_needed: Option<i64>,
    pub minimum_age: Option<i64>,
    pub maximum_age: Option<i64>,
    pub alert_zh: Option<String>,
    pub alert_en: Option<String>,
    pub last_verified_at: Option<i64>,
    pub updated_at: i64,
}

pub const SERVICE_SELECT: &str = "SELECT s.id, s.uid, o.uid AS organization_uid, s.name_zh, s.name_en, \
     s.alternate_name_zh, s.alternate_name_en, s.description_zh, s.description_en, s.status, s.url, s.email, \
     s.eligibility_zh, s.eligibility_en, s.process_zh, s.process_en, s.time_limit_zh, s.time_limit_en, \
     s.fees_zh, s.fees_en, s.fees_basis_zh, s.fees_basis_en, s.visits_needed, s.minimum_age, s.maximum_age, \
     s.alert_zh, s.alert_en, s.last_verified_at, s.updated_at \
     FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id";

/// HSDS writes the fourth status with a space.
pub fn hsds_status(status: &str) -> &'static str {
    match status {
        "active" => "active",
        "inactive" => "inactive",
        "defunct" => "defunct",
        _ => "temporarily closed",
    }
}

/// The 办事指南 in HSDS's free-text fields: numbered steps, then the time limit and visits
/// (HSDS has no fields of their own for them).
pub fn application_process(s: &ServiceRow, lang: Lang) -> String {
    let steps = crate::directory::store::steps(&s.process_zh, s.process_en.as_deref());
    let mut lines: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}. {}", i + 1, pick(lang, &t.zh, t.en.as_deref())))
        .collect();
    let limit = pick(lang, &s.time_limit_zh, s.time_limit_en.as_deref());
    if !limit.is_empty() {
        lines.push(format!(
            "{}{limit}",
            lang.pick("办理时限：", "Time limit: ")
        ));
    }
    if let Some(v) = s.visits_needed {
        lines.push(format!("{}{v}", lang.pick("跑动次数：", "Visits needed: ")));
    }
    lines.join("\n")
}

pub fn service(s: &ServiceRow, lang: Lang) -> Value {
    let fees = pick(lang, &s.fees_zh, s.fees_en.as_deref());
    let basis = pick(lang, &s.fees_basis_zh, s.fees_basis_en.as_deref());
    let fees_description = match (fees.is_empty(), basis.is_empty()) {
        (_, true) => fees,
        (true, false) => format!("{}{basis}", lang.pick("收费依据：", "Basis: ")),
        (false, false) => format!("{fees}\n{}{basis}", lang.pick("收费依据：", "Basis: ")),
    };
    Record::new(&s.uid)
        .s("organization_id", &s.organization_uid)
        .s("name", pick(lang, &s.name_zh, s.name_en.as_deref()))
        .opt(
            "alternate_name",
            s.alternate_name_zh
                .as_deref()
                .map(|zh| pick(lang, zh, s.alternate_name_en.as_deref())),
        )
        .opt(
            "description",
            Some(pick(lang, &s.description_zh, s.description_en.as_deref())),
        )
        .opt("url", s.url.clone())
        .opt("email", s.email.clone())
        .s("status", hsds_status(&s.status))
        .opt("application_process", Some(application_process(s, lang)))
        .opt("fees_description", Some(fees_description))
        .opt(
            "eligibility_description",
            Some(pick(lang, &s.eligibility_zh, s.eligibility_en.as_deref())),
        )
        .v(
            "minimum_age",
            s.minimum_age.map_or(Value::Null, |a| json!(a)),
        )
        .v(
            "maximum_age",
            s.maximum_age.map_or(Value::Null, |a| json!(a)),
        )
        .opt("assured_date", s.last_verified_at.map(date_of))
        .opt(
            "alert",
            s.alert_zh
                .as_deref()
                .map(|zh| pick(lang, zh, s.alert_en.as_deref())),
        )
        .s("last_modified", datetime_of(s.updated_at))
        .done()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LocationRow {
    pub id: i64,
    pub uid: String,
    pub organization_uid: String,
    pub region_code: String,
    pub district_name_zh: Option<String>,
    pub city_name_zh: Option<String>,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub address_zh: String,
    pub address_en: Option<String>,
    pub postal_code: String,
    pub transport_zh: String,
    pub transport_en: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub timezone: String,
    pub follows_workday_calendar: i64,
    pub updated_at: i64,
}

pub fn location_select() -> String {
    let ancestor = |level: &str| {
        format!(
            "(SELECT a.name_zh FROM region_closure rc JOIN regions a ON a.id = rc.ancestor_id \
             WHERE rc.descendant_id = l.region_id AND a.level = '{level}')"
        )
    };
    format!(
        "SELECT l.id, l.uid, o.uid AS organization_uid, r.code AS region_code, {} AS district_name_zh, \
         {} AS city_name_zh, l.name_zh, l.name_en, l.description_zh, l.description_en, l.address_zh, \
         l.address_en, l.postal_code, l.transport_zh, l.transport_en, l.latitude, l.longitude, l.timezone, \
         l.follows_workday_calendar, l.updated_at FROM dir_locations l \
         JOIN dir_organizations o ON o.id = l.organization_id JOIN regions r ON r.id = l.region_id",
        ancestor("district"),
        ancestor("city")
    )
}

pub fn location(l: &LocationRow, lang: Lang) -> Value {
    let mut r = Record::new(&l.uid)
        .s("location_type", "physical")
        .s("organization_id", &l.organization_uid)
        .s("name", pick(lang, &l.name_zh, l.name_en.as_deref()))
        .opt(
            "description",
            Some(pick(lang, &l.description_zh, l.description_en.as_deref())),
        )
        .opt(
            "transportation",
            Some(pick(lang, &l.transport_zh, l.transport_en.as_deref())),
        )
        .s("external_identifier", &l.region_code)
        .s("external_identifier_type", "GB/T 2260 region code");
    if let (Some(lat), Some(lon)) = (l.latitude, l.longitude) {
        r = r.v("latitude", json!(lat)).v("longitude", json!(lon));
    }
    r.done()
}

/// The location's inline address as an HSDS address (its id derived from the location's).
pub fn address(l: &LocationRow, lang: Lang) -> Value {
    Record::new(&derived_uid(&format!("address:{}", l.uid)))
        .s("location_id", &l.uid)
        .s(
            "address_1",
            pick(lang, &l.address_zh, l.address_en.as_deref()),
        )
        .s("city", l.city_name_zh.clone().unwrap_or_default())
        .opt("region", l.district_name_zh.clone())
        .s("state_province", STATE_PROVINCE)
        .s("postal_code", &l.postal_code)
        .s("country", "CN")
        .s("address_type", "physical")
        .done()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SalRow {
    pub uid: String,
    pub service_id: i64,
    pub service_uid: String,
    pub location_id: i64,
    pub location_uid: String,
    pub description_zh: String,
    pub description_en: Option<String>,
    pub updated_at: i64,
}

pub const SAL_SELECT: &str = "SELECT sl.uid, sl.service_id, s.uid AS service_uid, sl.location_id, \
     l.uid AS location_uid, sl.description_zh, sl.description_en, s.updated_at \
     FROM dir_service_locations sl JOIN dir_services s ON s.id = sl.service_id \
     JOIN dir_locations l ON l.id = sl.location_id";

pub fn service_at_location(r: &SalRow, lang: Lang) -> Value {
    Record::new(&r.uid)
        .s("service_id", &r.service_uid)
        .s("location_id", &r.location_uid)
        .opt(
            "description",
            Some(pick(lang, &r.description_zh, r.description_en.as_deref())),
        )
        .done()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhoneRow {
    pub uid: String,
    pub service_id: Option<i64>,
    pub location_id: Option<i64>,
    pub owner_uid: String,
    pub kind: String,
    pub number: String,
    pub extension: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
}

pub const PHONE_SELECT: &str = "SELECT p.uid, p.service_id, p.location_id, \
     COALESCE(s.uid, l.uid) AS owner_uid, p.kind, p.number, p.extension, p.description_zh, p.description_en \
     FROM dir_phones p LEFT JOIN dir_services s ON s.id = p.service_id LEFT JOIN dir_locations l ON l.id = p.location_id";

/// Phone kinds in HSDS: the purpose goes into the description (`enquiry: …`), the type is
/// RFC 6350's.
pub fn phone(p: &PhoneRow, lang: Lang) -> Value {
    let owner = if p.service_id.is_some() {
        "service_id"
    } else {
        "location_id"
    };
    let purpose = match (p.kind.as_str(), lang) {
        ("enquiry", Lang::Zh) => "咨询电话",
        ("complaint", Lang::Zh) => "投诉电话",
        ("fax", Lang::Zh) => "传真",
        (_, Lang::Zh) => "总机",
        ("enquiry", Lang::En) => "Enquiries",
        ("complaint", Lang::En) => "Complaints",
        ("fax", Lang::En) => "Fax",
        (_, Lang::En) => "Main line",
    };
    let detail = pick(lang, &p.description_zh, p.description_en.as_deref());
    let description = if detail.is_empty() {
        purpose.to_owned()
    } else {
        format!("{purpose}：{detail}")
    };
    Record::new(&p.uid)
        .s(owner, &p.owner_uid)
        .s("number", &p.number)
        .opt("extension", p.extension.clone())
        .s("type", if p.kind == "fax" { "fax" } else { "voice" })
        .s("description", description)
        .done()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScheduleRow {
    pub uid: String,
    pub location_id: i64,
    pub location_uid: String,
    pub timezone: String,
    pub follows_workday_calendar: i64,
    /// 1..=7 for weekly rows; 0 for exceptions.
    pub weekday: i64,
    pub day: Option<String>,
    pub closed: i64,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub reason_zh: String,
    pub reason_en: Option<String>,
}

pub const SCHEDULE_SELECT: &str = "SELECT h.uid, h.location_id, l.uid AS location_uid, l.timezone, \
     l.follows_workday_calendar, h.weekday, CAST(NULL AS TEXT) AS day, 0 AS closed, h.opens_at, h.closes_at, \
     '' AS reason_zh, CAST(NULL AS TEXT) AS reason_en FROM dir_hours h JOIN dir_locations l ON l.id = h.location_id";

pub const EXCEPTION_SELECT: &str = "SELECT e.uid, e.location_id, l.uid AS location_uid, l.timezone, \
     l.follows_workday_calendar, 0 AS weekday, e.day, e.closed, e.opens_at, e.closes_at, e.reason_zh, \
     e.reason_en FROM dir_hours_exceptions e JOIN dir_locations l ON l.id = e.location_id";

/// Weekly windows as RFC 5545-style weekly schedules; dated exceptions as one-day schedules
/// (`valid_from` = `valid_to`), closed days without times.
pub fn schedule(h: &ScheduleRow, lang: Lang) -> Value {
    let offset_hours = utc_offset_seconds(&h.timezone) as f64 / 3600.0;
    let mut r = Record::new(&h.uid)
        .s("location_id", &h.location_uid)
        .v("timezone", json!(offset_hours))
        .s("freq", "WEEKLY")
        .s("wkst", "MO");
    if let Some(day) = &h.day {
        let weekday = day
            .parse::<jiff::civil::Date>()
            .map(|d| d.weekday().to_monday_zero_offset())
            .unwrap_or(0);
        let reason = pick(lang, &h.reason_zh, h.reason_en.as_deref());
        r = r
            .s("valid_from", day)
            .s("valid_to", day)
            .s("dtstart", day)
            .s(
                "byday",
                WEEKDAYS[usize::try_from(weekday).unwrap_or(0).min(6)],
            )
            .s(
                "description",
                if h.closed == 1 {
                    format!("{}{reason}", lang.pick("闭馆：", "Closed: "))
                } else {
                    format!("{}{reason}", lang.pick("特别开放：", "Special hours: "))
                },
            );
    } else {
        r = r.s(
            "byday",
            WEEKDAYS[usize::try_from(h.weekday - 1).unwrap_or(0).min(6)],
        );
        if h.follows_workday_calendar == 1 {
            r = r.s(
                "notes",
                lang.pick(
                    "法定节假日休息；调休上班日按周一至周五时间开放。",
                    "Closed on public holidays; open on make-up working days with the Monday–Friday hours.",
                ),
            );
        }
    }
    if let (Some(o), Some(c)) = (h.opens_at, h.closes_at) {
        r = r
            .s("opens_at", time_with_offset(o, &h.timezone))
            .s("closes_at", time_with_offset(c, &h.timezone));
    }
    r.done()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccessibilityRow {
    pub uid: String,
    pub location_id: i64,
    pub location_uid: String,
    pub feature: String,
    pub details_zh: String,
    pub details_en: Option<String>,
}

pub const ACCESSIBILITY_SELECT: &str = "SELECT a.uid, a.location_id, l.uid AS location_uid, a.feature, \
     a.details_zh, a.details_en FROM dir_accessibility a JOIN dir_locations l ON l.id = a.location_id";

pub fn feature_label(feature: &str, lang: Lang) -> &'static str {
    let (zh, en) = match feature {
        "step_free" => ("无障碍通道", "Step-free access"),
        "accessible_toilet" => ("无障碍卫生间", "Accessible toilet"),
        "lift" => ("无障碍电梯", "Lift"),
        "accessible_parking" => ("无障碍停车位", "Accessible parking"),
        "tactile_paving" => ("盲道", "Tactile paving"),
        "hearing_loop" => ("助听系统", "Hearing loop"),
        "sign_language" => ("手语服务", "Sign language"),
        "wheelchair_loan" => ("轮椅借用", "Wheelchair loan"),
        _ => ("其他无障碍设施", "Other accessibility"),
    };
    lang.pick(zh, en)
}

pub fn accessibility(a: &AccessibilityRow, lang: Lang) -> Value {
    Record::new(&a.uid)
        .s("location_id", &a.location_uid)
        .s("description", feature_label(&a.feature, lang))
        .opt(
            "details",
            Some(pick(lang, &a.details_zh, a.details_en.as_deref())),
        )
        .done()
}

/// Small children of services: documents, costs, languages, areas, contacts.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChildRow {
    pub uid: String,
    pub service_id: i64,
    pub service_uid: String,
    pub a_zh: String,
    pub a_en: Option<String>,
    pub b_zh: String,
    pub b_en: Option<String>,
    pub n: Option<i64>,
}

pub const DOCUMENT_SELECT: &str = "SELECT d.uid, d.service_id, s.uid AS service_uid, d.document_zh AS a_zh, \
     d.document_en AS a_en, '' AS b_zh, CAST(NULL AS TEXT) AS b_en, CAST(NULL AS BIGINT) AS n FROM dir_documents d \
     JOIN dir_services s ON s.id = d.service_id";
pub const COST_SELECT: &str = "SELECT c.uid, c.service_id, s.uid AS service_uid, c.option_zh AS a_zh, \
     c.option_en AS a_en, c.amount_description_zh AS b_zh, c.amount_description_en AS b_en, c.amount_fen AS n \
     FROM dir_costs c JOIN dir_services s ON s.id = c.service_id";
pub const LANGUAGE_SELECT: &str = "SELECT g.uid, g.service_id, s.uid AS service_uid, g.code AS a_zh, \
     CAST(NULL AS TEXT) AS a_en, '' AS b_zh, CAST(NULL AS TEXT) AS b_en, CAST(NULL AS BIGINT) AS n FROM dir_languages g JOIN dir_services s ON s.id = g.service_id";
pub const AREA_SELECT: &str = "SELECT a.uid, a.service_id, s.uid AS service_uid, r.name_zh AS a_zh, \
     r.name_en AS a_en, r.code AS b_zh, CAST(NULL AS TEXT) AS b_en, CAST(NULL AS BIGINT) AS n FROM dir_service_areas a \
     JOIN dir_services s ON s.id = a.service_id JOIN regions r ON r.id = a.region_id";
pub const CONTACT_SELECT: &str = "SELECT c.uid, c.service_id, s.uid AS service_uid, c.name_zh AS a_zh, \
     c.name_en AS a_en, c.department_zh AS b_zh, c.department_en AS b_en, CAST(NULL AS BIGINT) AS n FROM dir_contacts c \
     JOIN dir_services s ON s.id = c.service_id";

pub fn required_document(d: &ChildRow, lang: Lang) -> Value {
    Record::new(&d.uid)
        .s("service_id", &d.service_uid)
        .s("document", pick(lang, &d.a_zh, d.a_en.as_deref()))
        .done()
}

pub fn cost_option(c: &ChildRow, lang: Lang) -> Value {
    let mut r = Record::new(&c.uid)
        .s("service_id", &c.service_uid)
        .opt("option", Some(pick(lang, &c.a_zh, c.a_en.as_deref())))
        .s("currency", "CNY")
        .opt(
            "amount_description",
            Some(pick(lang, &c.b_zh, c.b_en.as_deref())),
        );
    if let Some(fen) = c.n {
        r = r.v("amount", json!(fen as f64 / 100.0));
    }
    r.done()
}

pub fn language_name(code: &str) -> &'static str {
    match code {
        "zh" => "中文（普通话）",
        "yue" => "粤语",
        "hak" => "客家话",
        "en" => "English",
        "nan" => "闽南语",
        "ja" => "日本語",
        "ko" => "한국어",
        _ => "",
    }
}

pub fn language(l: &ChildRow) -> Value {
    Record::new(&l.uid)
        .s("service_id", &l.service_uid)
        .opt("name", Some(language_name(&l.a_zh)))
        .s("code", &l.a_zh)
        .done()
}

pub fn service_area(a: &ChildRow, lang: Lang) -> Value {
    Record::new(&a.uid)
        .s("service_id", &a.service_uid)
        .s("name", pick(lang, &a.a_zh, a.a_en.as_deref()))
        .s("description", format!("GB/T 2260 {}", a.b_zh))
        .s("extent", &a.b_zh)
        .s("extent_type", "text")
        .done()
}

pub fn contact(c: &ChildRow, lang: Lang) -> Value {
    Record::new(&c.uid)
        .s("service_id", &c.service_uid)
        .s("name", pick(lang, &c.a_zh, c.a_en.as_deref()))
        .opt("department", Some(pick(lang, &c.b_zh, c.b_en.as_deref())))
        .done()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TermRow {
    pub uid: String,
    pub taxonomy: String,
    pub code: String,
    pub parent_uid: Option<String>,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub description_zh: String,
    pub description_en: Option<String>,
}

pub const TERM_SELECT: &str = "SELECT t.uid, t.taxonomy, t.code, p.uid AS parent_uid, t.name_zh, t.name_en, \
     t.description_zh, t.description_en FROM dir_terms t LEFT JOIN dir_terms p ON p.id = t.parent_id";

pub fn taxonomies(lang: Lang) -> Vec<Value> {
    vec![
        Record::new(&taxonomy_uid("category"))
            .s("name", lang.pick("服务类别", "Service categories"))
            .s(
                "description",
                lang.pick(
                    "深府〔2008〕234号所列社区服务类别及其细分",
                    "Community service categories of Shenzhen policy 2008-234, with sub-categories",
                ),
            )
            .s("version", "1")
            .done(),
        Record::new(&taxonomy_uid("audience"))
            .s("name", lang.pick("服务对象", "Target groups"))
            .s(
                "description",
                lang.pick(
                    "深府〔2008〕234号所列服务对象",
                    "Target groups of Shenzhen policy 2008-234",
                ),
            )
            .s("version", "1")
            .done(),
    ]
}

/// The HSDS `code` of a term. Linli's codes are unique within a taxonomy (`elderly` is both
/// a category and a target group), HSDS's datapackage declares `taxonomy_term.code` unique in
/// the whole dataset: category codes are written as they are (they are the public codes of
/// the directory's filters), target-group codes with the prefix `audience:`, which no
/// category code can carry (they are `[a-z_.]`).
pub fn term_code(taxonomy: &str, code: &str) -> String {
    if taxonomy == "category" {
        code.to_owned()
    } else {
        format!("{taxonomy}:{code}")
    }
}

pub fn taxonomy_term(t: &TermRow, lang: Lang) -> Value {
    let name = pick(lang, &t.name_zh, t.name_en.as_deref());
    Record::new(&t.uid)
        .s("code", term_code(&t.taxonomy, &t.code))
        .s("name", &name)
        .s(
            "description",
            or_name(
                pick(lang, &t.description_zh, t.description_en.as_deref()),
                &name,
            ),
        )
        .opt("parent_id", t.parent_uid.clone())
        .s("taxonomy", &t.taxonomy)
        .s("taxonomy_id", taxonomy_uid(&t.taxonomy))
        .s("language", lang.pick("zh", "en"))
        .done()
}

/// A service's taxonomy term as an HSDS attribute (link_type: `category` or `audience`).
pub fn attribute(service_uid: &str, t: &TermRow) -> Value {
    Record::new(&derived_uid(&format!("attribute:{service_uid}:{}", t.uid)))
        .s("link_id", service_uid)
        .s("taxonomy_term_id", &t.uid)
        .s("link_type", &t.taxonomy)
        .s("link_entity", "service")
        .done()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChangeRow {
    pub uid: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub changed_by: Option<i64>,
    pub changed_at: i64,
}

pub const CHANGE_SELECT: &str = "SELECT c.uid, c.entity, c.entity_id, c.action, c.field, c.old_value, \
     c.new_value, c.changed_by, c.changed_at FROM dir_changes c";

/// A change as HSDS metadata. Staff are named by a pseudonymous handle, never by name. HSDS
/// requires both values, and an empty CSV cell reads as missing, so an absent value (a field
/// set for the first time, or cleared) is written as `none`.
pub fn metadata(c: &ChangeRow, resource_uid: &str) -> Value {
    let action = match c.action.as_str() {
        "create" | "import" => "create",
        "delete" => "delete",
        _ => "update",
    };
    Record::new(&c.uid)
        .s("resource_id", resource_uid)
        .s("resource_type", &c.entity)
        .s("last_action_date", date_of(c.changed_at))
        .s("last_action_type", action)
        .s("field_name", &c.field)
        .s(
            "previous_value",
            c.old_value.clone().unwrap_or_else(|| "none".to_owned()),
        )
        .s(
            "replacement_value",
            c.new_value.clone().unwrap_or_else(|| "none".to_owned()),
        )
        .s(
            "updated_by",
            c.changed_by
                .map_or_else(|| "linli".to_owned(), |id| format!("staff#{id}")),
        )
        .done()
}

/// Everything about a set of services, loaded with one query per table.
#[derive(Debug, Default)]
pub struct Bundle {
    pub services: Vec<ServiceRow>,
    pub organizations: HashMap<String, OrgRow>,
    pub sals: Vec<SalRow>,
    pub locations: HashMap<i64, LocationRow>,
    pub phones: Vec<PhoneRow>,
    pub schedules: Vec<ScheduleRow>,
    pub accessibility: Vec<AccessibilityRow>,
    pub documents: Vec<ChildRow>,
    pub costs: Vec<ChildRow>,
    pub languages: Vec<ChildRow>,
    pub areas: Vec<ChildRow>,
    pub contacts: Vec<ChildRow>,
    /// (service id, term)
    pub terms: Vec<(i64, TermRow)>,
    pub changes: Vec<ChangeRow>,
}

#[derive(Debug, sqlx::FromRow)]
struct ServiceTerm {
    service_id: i64,
    uid: String,
    taxonomy: String,
    code: String,
    parent_uid: Option<String>,
    name_zh: String,
    name_en: Option<String>,
    description_zh: String,
    description_en: Option<String>,
}

async fn rows<T>(db: &Db, base: &str, column: &str, ids: &[i64]) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(base);
    sql.push(&format!(" WHERE {column} IN ")).bind_list(ids);
    sql.query_as().fetch_all(db.pool()).await
}

impl Bundle {
    /// Loads services (by id, in the given order) with every child.
    pub async fn load(
        db: &Db,
        service_ids: &[i64],
        with_metadata: bool,
    ) -> Result<Self, sqlx::Error> {
        let mut services: Vec<ServiceRow> = rows(db, SERVICE_SELECT, "s.id", service_ids).await?;
        services.sort_by_key(|s| service_ids.iter().position(|id| *id == s.id));
        let sals: Vec<SalRow> = rows(db, SAL_SELECT, "sl.service_id", service_ids).await?;
        let mut location_ids: Vec<i64> = sals.iter().map(|s| s.location_id).collect();
        location_ids.sort_unstable();
        location_ids.dedup();
        let locations: Vec<LocationRow> =
            rows(db, &location_select(), "l.id", &location_ids).await?;
        let org_uids: Vec<String> = services
            .iter()
            .map(|s| s.organization_uid.clone())
            .chain(locations.iter().map(|l| l.organization_uid.clone()))
            .collect();
        let organizations = if org_uids.is_empty() {
            Vec::new()
        } else {
            let mut sql = Sql::new(ORG_SELECT);
            sql.push(" WHERE o.uid IN ").bind_list(
                &org_uids
                    .iter()
                    .map(|u| u.as_str().into())
                    .collect::<Vec<Arg>>(),
            );
            sql.query_as::<OrgRow>().fetch_all(db.pool()).await?
        };
        let mut phones: Vec<PhoneRow> = rows(db, PHONE_SELECT, "p.service_id", service_ids).await?;
        phones.extend(rows::<PhoneRow>(db, PHONE_SELECT, "p.location_id", &location_ids).await?);
        let mut schedules: Vec<ScheduleRow> =
            rows(db, SCHEDULE_SELECT, "h.location_id", &location_ids).await?;
        schedules.extend(
            rows::<ScheduleRow>(db, EXCEPTION_SELECT, "e.location_id", &location_ids).await?,
        );
        let terms: Vec<ServiceTerm> = rows(
            db,
            "SELECT st.service_id, t.uid, t.taxonomy, t.code, p.uid AS parent_uid, t.name_zh, t.name_en, \
             t.description_zh, t.description_en FROM dir_service_terms st JOIN dir_terms t ON t.id = st.term_id \
             LEFT JOIN dir_terms p ON p.id = t.parent_id",
            "st.service_id",
            service_ids,
        )
        .await?;
        let changes = if with_metadata {
            let mut sql = Sql::new(CHANGE_SELECT);
            sql.push(" WHERE c.entity = 'service' AND c.entity_id IN ")
                .bind_list(service_ids)
                .push(" ORDER BY c.changed_at, c.id");
            if service_ids.is_empty() {
                Vec::new()
            } else {
                sql.query_as().fetch_all(db.pool()).await?
            }
        } else {
            Vec::new()
        };
        Ok(Self {
            services,
            organizations: organizations
                .into_iter()
                .map(|o| (o.uid.clone(), o))
                .collect(),
            sals,
            locations: locations.into_iter().map(|l| (l.id, l)).collect(),
            phones,
            schedules,
            accessibility: rows(db, ACCESSIBILITY_SELECT, "a.location_id", &location_ids).await?,
            documents: rows(db, DOCUMENT_SELECT, "d.service_id", service_ids).await?,
            costs: rows(db, COST_SELECT, "c.service_id", service_ids).await?,
            languages: rows(db, LANGUAGE_SELECT, "g.service_id", service_ids).await?,
            areas: rows(db, AREA_SELECT, "a.service_id", service_ids).await?,
            contacts: rows(db, CONTACT_SELECT, "c.service_id", service_ids).await?,
            terms: terms
                .into_iter()
                .map(|t| {
                    (
                        t.service_id,
                        TermRow {
                            uid: t.uid,
                            taxonomy: t.taxonomy,
                            code: t.code,
                            parent_uid: t.parent_uid,
                            name_zh: t.name_zh,
                            name_en: t.name_en,
                            description_zh: t.description_zh,
                            description_en: t.description_en,
                        },
                    )
                })
                .collect(),
            changes,
        })
    }

    /// A location with its address, phones, schedules and accessibility nested.
    pub fn location_full(&self, location_id: i64, lang: Lang) -> Value {
        let Some(l) = self.locations.get(&location_id) else {
            return Value::Null;
        };
        let mut v = location(l, lang);
        if let Value::Object(m) = &mut v {
            m.insert("addresses".into(), json!([address(l, lang)]));
            m.insert(
                "phones".into(),
                self.phones
                    .iter()
                    .filter(|p| p.location_id == Some(location_id))
                    .map(|p| phone(p, lang))
                    .collect(),
            );
            m.insert(
                "schedules".into(),
                self.schedules
                    .iter()
                    .filter(|s| s.location_id == location_id)
                    .map(|s| schedule(s, lang))
                    .collect(),
            );
            m.insert(
                "accessibility".into(),
                self.accessibility
                    .iter()
                    .filter(|a| a.location_id == location_id)
                    .map(|a| accessibility(a, lang))
                    .collect(),
            );
            m.insert("languages".into(), json!([]));
            m.insert("contacts".into(), json!([]));
            m.insert("attributes".into(), json!([]));
            m.insert("metadata".into(), json!([]));
        }
        v
    }

    /// A service fully nested, as `GET /api/hsds/services/{id}` answers.
    pub fn service_full(&self, s: &ServiceRow, lang: Lang) -> Value {
        let mut v = service(s, lang);
        let of = |rows: &[ChildRow], f: &dyn Fn(&ChildRow) -> Value| -> Value {
            rows.iter()
                .filter(|r| r.service_id == s.id)
                .map(f)
                .collect()
        };
        if let Value::Object(m) = &mut v {
            m.insert(
                "phones".into(),
                self.phones
                    .iter()
                    .filter(|p| p.service_id == Some(s.id))
                    .map(|p| phone(p, lang))
                    .collect(),
            );
            m.insert("schedules".into(), json!([]));
            m.insert(
                "service_areas".into(),
                of(&self.areas, &|r| service_area(r, lang)),
            );
            m.insert(
                "service_at_locations".into(),
                self.sals
                    .iter()
                    .filter(|r| r.service_id == s.id)
                    .map(|r| {
                        let mut sal = service_at_location(r, lang);
                        if let Value::Object(sm) = &mut sal {
                            sm.insert("location".into(), self.location_full(r.location_id, lang));
                            sm.insert("contacts".into(), json!([]));
                            sm.insert("phones".into(), json!([]));
                            sm.insert("schedules".into(), json!([]));
                            sm.insert("attributes".into(), json!([]));
                            sm.insert("metadata".into(), json!([]));
                        }
                        sal
                    })
                    .collect(),
            );
            m.insert("languages".into(), of(&self.languages, &language));
            if let Some(o) = self.organizations.get(&s.organization_uid) {
                m.insert("organization".into(), organization(o, lang));
            }
            m.insert("funding".into(), json!([]));
            m.insert(
                "cost_options".into(),
                of(&self.costs, &|r| cost_option(r, lang)),
            );
            m.insert(
                "required_documents".into(),
                of(&self.documents, &|r| required_document(r, lang)),
            );
            m.insert("contacts".into(), of(&self.contacts, &|r| contact(r, lang)));
            m.insert(
                "attributes".into(),
                self.terms
                    .iter()
                    .filter(|(id, _)| *id == s.id)
                    .map(|(_, t)| {
                        let mut a = attribute(&s.uid, t);
                        if let Value::Object(am) = &mut a {
                            am.insert("taxonomy_term".into(), taxonomy_term(t, lang));
                        }
                        a
                    })
                    .collect(),
            );
            m.insert(
                "metadata".into(),
                self.changes
                    .iter()
                    .filter(|c| c.entity_id == s.id)
                    .map(|c| metadata(c, &s.uid))
                    .collect(),
            );
        }
        v
    }
}
