//! Validation of what staff submit. Pure: no SQL, no HTTP. Each function returns the input
//! normalised (trimmed, blank English dropped, lists sorted where order carries no meaning),
//! so the stored form and the change history compare like with like.
use std::collections::{BTreeMap, BTreeSet};

use app::api::directory::{
    AccessibilityInput, CostInput, ExceptionInput, HoursInput, LocationInput, OrganizationInput,
    PhoneInput, PhoneKind, ServiceInput, TextInput, WindowInput,
};
use jiff::civil::Date;

use super::hours::{self, Window};
use crate::{error::Problem, fields::Checks};

pub type Checked<T> = Result<T, Problem>;

fn invalid(code: &'static str, field: impl Into<String>) -> Problem {
    Problem::new(code).field(field)
}

/// Trims a bilingual text; Chinese required when `required`, both within `max` characters.
pub fn text(input: &TextInput, field: &str, required: bool, max: usize) -> Checked<TextInput> {
    let zh = input.zh.trim().to_owned();
    let en = input
        .en
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned);
    if (required && zh.is_empty())
        || zh.chars().count() > max
        || en.as_ref().is_some_and(|e| e.chars().count() > max * 3)
        || (zh.is_empty() && en.is_some())
    {
        return Err(invalid("invalid_text", field));
    }
    Ok(TextInput { zh, en })
}

/// A list of bilingual texts: blank entries dropped, at most `max_items`.
fn texts(
    items: &[TextInput],
    field: &str,
    max_items: usize,
    max: usize,
) -> Checked<Vec<TextInput>> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let t = text(item, &format!("{field}[{i}]"), false, max)?;
        if !t.zh.is_empty() {
            out.push(t);
        }
    }
    if out.len() > max_items {
        return Err(invalid("too_many_items", field));
    }
    Ok(out)
}

/// An office number: digits with optional dashes, 3 to 15 digits (`0755-83001234`, `12345`,
/// `400-800-1234`, `13800000000`).
pub fn office_phone(number: &str) -> Option<String> {
    let n = number.trim();
    let digits = n.chars().filter(char::is_ascii_digit).count();
    let ok = !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit() || c == '-')
        && !n.starts_with('-')
        && !n.ends_with('-')
        && !n.contains("--")
        && (3..=15).contains(&digits);
    ok.then(|| n.to_owned())
}

fn phones(items: &[PhoneInput], allowed: &[PhoneKind]) -> Checked<Vec<PhoneInput>> {
    if items.len() > 10 {
        return Err(invalid("too_many_items", "phones"));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let number = office_phone(&p.number)
                .filter(|_| allowed.contains(&p.kind))
                .ok_or_else(|| invalid("invalid_office_phone", format!("phones[{i}].number")))?;
            let extension = p
                .extension
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned);
            if extension
                .as_ref()
                .is_some_and(|e| e.len() > 8 || !e.chars().all(|c| c.is_ascii_digit()))
            {
                return Err(invalid(
                    "invalid_office_phone",
                    format!("phones[{i}].extension"),
                ));
            }
            Ok(PhoneInput {
                kind: p.kind,
                number,
                extension,
                description: text(
                    &p.description,
                    &format!("phones[{i}].description"),
                    false,
                    60,
                )?,
            })
        })
        .collect()
}

pub fn email(value: Option<&str>, field: &str) -> Checked<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let ok = v.len() <= 120
        && !v.contains(char::is_whitespace)
        && v.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.contains('@')
        });
    ok.then(|| Some(v.to_owned()))
        .ok_or_else(|| invalid("invalid_email", field))
}

pub fn url(value: Option<&str>, field: &str) -> Checked<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let ok = v.len() <= 300
        && (v.starts_with("https://") || v.starts_with("http://"))
        && !v.contains(char::is_whitespace)
        && v.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
    ok.then(|| Some(v.to_owned()))
        .ok_or_else(|| invalid("invalid_url", field))
}

/// ISO 639-1 or 639-3 code, lower case.
pub fn language(code: &str) -> Option<String> {
    let c = code.trim().to_ascii_lowercase();
    ((2..=3).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_lowercase())).then_some(c)
}

fn codes(list: &[String], field: &str, max: usize) -> Checked<Vec<String>> {
    let set: BTreeSet<String> = list
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    if set.len() > max || set.iter().any(|c| c.len() > 48) {
        return Err(invalid("too_many_items", field));
    }
    Ok(set.into_iter().collect())
}

fn costs(items: &[CostInput], is_free: bool) -> Checked<Vec<CostInput>> {
    if items.len() > 10 {
        return Err(invalid("too_many_items", "costs"));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let bad_amount = c
                .amount_fen
                .is_some_and(|a| !(0..=100_000_000).contains(&a) || (is_free && a > 0));
            if bad_amount {
                return Err(invalid("invalid_cost", format!("costs[{i}].amount_fen")));
            }
            Ok(CostInput {
                option: text(&c.option, &format!("costs[{i}].option"), false, 100)?,
                amount_fen: c.amount_fen,
                amount_description: text(
                    &c.amount_description,
                    &format!("costs[{i}].amount_description"),
                    false,
                    100,
                )?,
            })
        })
        .collect()
}

/// A service as staff submit it. Category and region codes are checked against the
/// database by the caller.
/// Checks a service, with every problem at once (a form marks them all; an import reports
/// each).
pub fn service(input: &ServiceInput) -> Result<ServiceInput, Vec<Problem>> {
    let mut all = Checks::default();
    let categories = all.check(codes(&input.categories, "categories", 10));
    if categories.is_empty() && !all.failed("categories") {
        all.refuse(invalid("categories_required", "categories"));
    }
    let mut location_ids = input.location_ids.clone();
    location_ids.dedup();
    let unique: BTreeSet<i64> = location_ids.iter().copied().collect();
    if location_ids.is_empty() {
        all.refuse(invalid("locations_required", "location_ids"));
    } else if location_ids.len() > 20 || unique.len() != location_ids.len() {
        all.refuse(invalid("too_many_items", "location_ids"));
    }
    if input.visits_needed.is_some_and(|v| !(0..=9).contains(&v)) {
        all.refuse(invalid("invalid_visits", "visits_needed"));
    }
    let age_ok = |a: Option<i64>| a.is_none_or(|a| (0..=150).contains(&a));
    if !age_ok(input.minimum_age)
        || !age_ok(input.maximum_age)
        || matches!((input.minimum_age, input.maximum_age), (Some(a), Some(b)) if a > b)
    {
        all.refuse(invalid("invalid_age_range", "minimum_age"));
    }
    let mut languages = Vec::new();
    for (i, l) in input.languages.iter().enumerate() {
        match language(l) {
            Some(code) if !languages.contains(&code) => languages.push(code),
            Some(_) => {}
            None => all.refuse(invalid("invalid_language", format!("languages[{i}]"))),
        }
    }
    if languages.len() > 10 {
        all.refuse(invalid("too_many_items", "languages"));
    }
    let optional = |t: &Option<TextInput>, field: &str, max: usize| match t {
        Some(a) => text(a, field, false, max).map(|a| Some(a).filter(|a| !a.zh.is_empty())),
        None => Ok(None),
    };
    let checked = ServiceInput {
        organization_id: input.organization_id,
        region: input.region.trim().to_owned(),
        name: all.check(text(&input.name, "name", true, 80)),
        alternate_name: all.check(optional(&input.alternate_name, "alternate_name", 80)),
        description: all.check(text(&input.description, "description", false, 4000)),
        status: input.status,
        categories,
        audiences: all.check(codes(&input.audiences, "audiences", 20)),
        conditions: all.check(text(&input.conditions, "conditions", false, 2000)),
        documents: all.check(texts(&input.documents, "documents", 30, 200)),
        process: all.check(texts(&input.process, "process", 20, 300)),
        time_limit: all.check(text(&input.time_limit, "time_limit", false, 200)),
        fees: all.check(text(&input.fees, "fees", false, 1000)),
        fees_basis: all.check(text(&input.fees_basis, "fees_basis", false, 500)),
        is_free: input.is_free,
        costs: all.check(costs(&input.costs, input.is_free)),
        visits_needed: input.visits_needed,
        minimum_age: input.minimum_age,
        maximum_age: input.maximum_age,
        phones: all.check(phones(
            &input.phones,
            &[PhoneKind::Enquiry, PhoneKind::Complaint],
        )),
        languages,
        service_areas: all.check(codes(&input.service_areas, "service_areas", 50)),
        location_ids: unique.into_iter().collect(),
        url: all.check(url(input.url.as_deref(), "url")),
        email: all.check(email(input.email.as_deref(), "email")),
        alert: all.check(optional(&input.alert, "alert", 200)),
    };
    all.into_result(checked)
}

pub const ACCESSIBILITY_FEATURES: [&str; 9] = [
    "step_free",
    "accessible_toilet",
    "lift",
    "accessible_parking",
    "tactile_paving",
    "hearing_loop",
    "sign_language",
    "wheelchair_loan",
    "other",
];

/// Checks a location, with every problem at once.
pub fn location(input: &LocationInput) -> Result<LocationInput, Vec<Problem>> {
    let mut all = Checks::default();
    let postal = input.postal_code.trim();
    if postal.len() != 6 || !postal.chars().all(|c| c.is_ascii_digit()) {
        all.refuse(invalid("invalid_postal_code", "postal_code"));
    }
    if input.latitude.is_some_and(|v| !(-90.0..=90.0).contains(&v))
        || input
            .longitude
            .is_some_and(|v| !(-180.0..=180.0).contains(&v))
        || input.latitude.is_some() != input.longitude.is_some()
    {
        all.refuse(invalid("invalid_coordinates", "latitude"));
    }
    let timezone = all.check(timezone(input.timezone.as_deref()));
    let checked = LocationInput {
        organization_id: input.organization_id,
        region: input.region.trim().to_owned(),
        name: all.check(text(&input.name, "name", true, 100)),
        description: all.check(text(&input.description, "description", false, 2000)),
        address: all.check(text(&input.address, "address", true, 200)),
        postal_code: postal.to_owned(),
        transport: all.check(text(&input.transport, "transport", false, 500)),
        latitude: input.latitude,
        longitude: input.longitude,
        timezone: Some(timezone.unwrap_or_else(|| crate::time::DEFAULT_TZ.to_owned())),
        follows_workday_calendar: input.follows_workday_calendar,
        phones: all.check(phones(&input.phones, &[PhoneKind::Main, PhoneKind::Fax])),
        accessibility: all.check(accessibility(&input.accessibility)),
    };
    all.into_result(checked)
}

/// An IANA time zone (`Area/City`), or none for the city's.
fn timezone(tz: Option<&str>) -> Checked<Option<String>> {
    match tz.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(tz) if tz.len() <= 64 && jiff::tz::TimeZone::get(tz).is_ok() && tz.contains('/') => {
            Ok(Some(tz.to_owned()))
        }
        Some(_) => Err(invalid("invalid_timezone", "timezone")),
    }
}

/// Known accessibility features, each at most once, with short details.
fn accessibility(list: &[AccessibilityInput]) -> Checked<Vec<AccessibilityInput>> {
    let mut seen = BTreeSet::new();
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            let feature = a.feature.trim();
            if !ACCESSIBILITY_FEATURES.contains(&feature) || !seen.insert(feature.to_owned()) {
                return Err(invalid(
                    "invalid_accessibility",
                    format!("accessibility[{i}].feature"),
                ));
            }
            Ok(AccessibilityInput {
                feature: feature.to_owned(),
                details: text(
                    &a.details,
                    &format!("accessibility[{i}].details"),
                    false,
                    200,
                )?,
            })
        })
        .collect()
}

/// Hours parsed into windows per weekday and per exception date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedHours {
    pub weekly: Vec<(u8, Window)>,
    /// Date, windows (empty = closed), reason.
    pub exceptions: Vec<(Date, Vec<Window>, TextInput)>,
}

pub fn hours(input: &HoursInput) -> Checked<ParsedHours> {
    let mut days: BTreeMap<u8, Vec<Window>> = BTreeMap::new();
    for (i, w) in input.weekly.iter().enumerate() {
        if !(1..=7).contains(&w.weekday) {
            return Err(invalid("invalid_weekday", format!("weekly[{i}].weekday")));
        }
        let window = Window::parse(&w.opens, &w.closes)
            .map_err(|e| invalid(e.code(), format!("weekly[{i}]")))?;
        days.entry(w.weekday).or_default().push(window);
    }
    let mut weekly = Vec::new();
    for (day, windows) in days {
        let windows = hours::normalise_day(windows)
            .map_err(|e| invalid(e.code(), format!("weekly.{day}")))?;
        weekly.extend(windows.into_iter().map(|w| (day, w)));
    }
    if input.exceptions.len() > 400 {
        return Err(invalid("too_many_items", "exceptions"));
    }
    let mut exceptions = Vec::new();
    let mut dates = BTreeSet::new();
    for (i, e) in input.exceptions.iter().enumerate() {
        let field = format!("exceptions[{i}]");
        let date: Date = e
            .date
            .trim()
            .parse()
            .map_err(|_| invalid("invalid_exception_date", format!("{field}.date")))?;
        if !dates.insert(date) {
            return Err(invalid("duplicate_exception_date", format!("{field}.date")));
        }
        if e.closed != e.windows.is_empty() {
            return Err(invalid("invalid_exception", field));
        }
        let windows = e
            .windows
            .iter()
            .map(|(o, c)| Window::parse(o, c))
            .collect::<Result<Vec<_>, _>>()
            .and_then(hours::normalise_day)
            .map_err(|err| invalid(err.code(), format!("{field}.windows")))?;
        exceptions.push((
            date,
            windows,
            text(&e.reason, &format!("{field}.reason"), false, 100)?,
        ));
    }
    exceptions.sort_by_key(|e| e.0);
    Ok(ParsedHours { weekly, exceptions })
}

/// The normalised wire form of parsed hours (what the editor gets back).
pub fn hours_input(parsed: &ParsedHours) -> HoursInput {
    HoursInput {
        weekly: parsed
            .weekly
            .iter()
            .map(|(d, w)| WindowInput {
                weekday: *d,
                opens: hours::format_hhmm(w.opens),
                closes: hours::format_hhmm(w.closes),
            })
            .collect(),
        exceptions: parsed
            .exceptions
            .iter()
            .map(|(date, windows, reason)| ExceptionInput {
                date: date.to_string(),
                closed: windows.is_empty(),
                windows: windows
                    .iter()
                    .map(|w| (hours::format_hhmm(w.opens), hours::format_hhmm(w.closes)))
                    .collect(),
                reason: reason.clone(),
            })
            .collect(),
    }
}

/// Checks an organisation, with every problem at once.
pub fn organization(input: &OrganizationInput) -> Result<OrganizationInput, Vec<Problem>> {
    let mut all = Checks::default();
    let credit_code = input
        .credit_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_ascii_uppercase);
    if credit_code
        .as_ref()
        .is_some_and(|c| c.len() != 18 || !c.chars().all(|ch| ch.is_ascii_alphanumeric()))
    {
        all.refuse(invalid("invalid_credit_code", "credit_code"));
    }
    let checked = OrganizationInput {
        region: input.region.trim().to_owned(),
        name: all.check(text(&input.name, "name", true, 100)),
        description: all.check(text(&input.description, "description", false, 2000)),
        email: all.check(email(input.email.as_deref(), "email")),
        website: all.check(url(input.website.as_deref(), "website")),
        legal_status: input
            .legal_status
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.chars().take(60).collect()),
        credit_code,
    };
    all.into_result(checked)
}

/// A record flattened to `field → value` for the change history.
pub fn service_fields(s: &ServiceInput) -> BTreeMap<&'static str, String> {
    let t = |t: &TextInput| match &t.en {
        Some(en) => format!("{} / {en}", t.zh),
        None => t.zh.clone(),
    };
    let list = |v: &[TextInput]| v.iter().map(t).collect::<Vec<_>>().join("\n");
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    BTreeMap::from([
        ("organization_id", s.organization_id.to_string()),
        ("region", s.region.clone()),
        ("name", t(&s.name)),
        (
            "alternate_name",
            s.alternate_name.as_ref().map(t).unwrap_or_default(),
        ),
        ("description", t(&s.description)),
        ("status", s.status.as_str().to_owned()),
        ("categories", s.categories.join(", ")),
        ("audiences", s.audiences.join(", ")),
        ("conditions", t(&s.conditions)),
        ("documents", list(&s.documents)),
        ("process", list(&s.process)),
        ("time_limit", t(&s.time_limit)),
        ("fees", t(&s.fees)),
        ("fees_basis", t(&s.fees_basis)),
        ("is_free", s.is_free.to_string()),
        (
            "costs",
            s.costs
                .iter()
                .map(|c| {
                    format!(
                        "{} {} {}",
                        t(&c.option),
                        opt(c.amount_fen),
                        t(&c.amount_description)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        ("visits_needed", opt(s.visits_needed)),
        ("minimum_age", opt(s.minimum_age)),
        ("maximum_age", opt(s.maximum_age)),
        (
            "phones",
            s.phones
                .iter()
                .map(|p| format!("{} {}", p.kind.as_str(), p.number))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        ("languages", s.languages.join(", ")),
        ("service_areas", s.service_areas.join(", ")),
        (
            "location_ids",
            s.location_ids
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("url", s.url.clone().unwrap_or_default()),
        ("email", s.email.clone().unwrap_or_default()),
        ("alert", s.alert.as_ref().map(t).unwrap_or_default()),
    ])
}

pub fn location_fields(l: &LocationInput) -> BTreeMap<&'static str, String> {
    let t = |t: &TextInput| match &t.en {
        Some(en) => format!("{} / {en}", t.zh),
        None => t.zh.clone(),
    };
    BTreeMap::from([
        ("organization_id", l.organization_id.to_string()),
        ("region", l.region.clone()),
        ("name", t(&l.name)),
        ("description", t(&l.description)),
        ("address", t(&l.address)),
        ("postal_code", l.postal_code.clone()),
        ("transport", t(&l.transport)),
        (
            "coordinates",
            match (l.latitude, l.longitude) {
                (Some(a), Some(b)) => format!("{a:.6},{b:.6}"),
                _ => String::new(),
            },
        ),
        ("timezone", l.timezone.clone().unwrap_or_default()),
        (
            "follows_workday_calendar",
            l.follows_workday_calendar.to_string(),
        ),
        (
            "phones",
            l.phones
                .iter()
                .map(|p| format!("{} {}", p.kind.as_str(), p.number))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (
            "accessibility",
            l.accessibility
                .iter()
                .map(|a| a.feature.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ])
}

pub fn hours_fields(h: &HoursInput) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        (
            "hours",
            h.weekly
                .iter()
                .map(|w| format!("{} {}-{}", w.weekday, w.opens, w.closes))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (
            "exceptions",
            h.exceptions
                .iter()
                .map(|e| {
                    if e.closed {
                        format!("{} closed {}", e.date, e.reason.zh)
                    } else {
                        let w: Vec<String> =
                            e.windows.iter().map(|(o, c)| format!("{o}-{c}")).collect();
                        format!("{} {} {}", e.date, w.join(","), e.reason.zh)
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ])
}

/// What a field of a directory record (a key of the `*_fields` maps) is called, in Chinese and
/// English, as the editors' forms call it.
pub fn field_name(key: &str) -> (&str, &str) {
    match key {
        "organization_id" => ("所属机构", "organisation"),
        "region" => ("所属地区", "region"),
        "name" => ("名称", "name"),
        "alternate_name" => ("别名", "other name"),
        "description" => ("简介", "description"),
        "status" => ("状态", "status"),
        "categories" => ("服务类别", "categories"),
        "audiences" => ("服务对象", "who it is for"),
        "conditions" => ("申办条件", "who can apply"),
        "documents" => ("所需材料", "documents"),
        "process" => ("办理流程", "steps"),
        "time_limit" => ("办理时限", "time limit"),
        "fees" => ("收费标准", "fees"),
        "fees_basis" => ("收费依据", "basis of the fees"),
        "is_free" => ("是否免费", "free or not"),
        "costs" => ("费用明细", "costs"),
        "visits_needed" => ("到场次数", "visits needed"),
        "minimum_age" => ("最低年龄", "minimum age"),
        "maximum_age" => ("最高年龄", "maximum age"),
        "phones" => ("电话", "phones"),
        "languages" => ("服务语言", "languages"),
        "service_areas" => ("服务范围", "service areas"),
        "location_ids" => ("服务地点", "locations"),
        "url" => ("网址", "website"),
        "email" => ("电子邮箱", "email"),
        "alert" => ("提示", "notice"),
        "address" => ("地址", "address"),
        "postal_code" => ("邮政编码", "postal code"),
        "transport" => ("交通", "getting there"),
        "coordinates" => ("坐标", "coordinates"),
        "timezone" => ("时区", "time zone"),
        "follows_workday_calendar" => ("按调休安排开放", "follows the workday calendar"),
        "accessibility" => ("无障碍设施", "accessibility"),
        "hours" => ("开放时间", "opening hours"),
        "exceptions" => ("特殊日期安排", "special dates"),
        other => (other, other),
    }
}

/// The fields whose value differs: `(field, old, new)`; on create `old` is `None`.
pub fn diff(
    old: Option<&BTreeMap<&'static str, String>>,
    new: &BTreeMap<&'static str, String>,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let none_if_empty = |s: &String| (!s.is_empty()).then(|| s.clone());
    new.iter()
        .filter_map(|(field, value)| match old.and_then(|o| o.get(field)) {
            Some(before) if before == value => None,
            Some(before) => Some((*field, none_if_empty(before), none_if_empty(value))),
            None if old.is_some() || !value.is_empty() => {
                Some((*field, None, none_if_empty(value)))
            }
            None => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use app::api::directory::ServiceStatus;

    use super::*;

    fn t(zh: &str) -> TextInput {
        TextInput::new(zh, None)
    }

    fn base() -> ServiceInput {
        ServiceInput {
            organization_id: 1,
            region: "440304001001".into(),
            name: t(" 居家养老上门服务 "),
            alternate_name: None,
            description: t("为辖区老人提供上门助洁、助浴服务。"),
            status: ServiceStatus::Active,
            categories: vec!["elderly.home_care".into(), "elderly".into()],
            audiences: vec!["elderly".into()],
            conditions: t("年满60周岁"),
            documents: vec![t("身份证"), t("  ")],
            process: vec![t("申请"), t("评估"), t("服务")],
            time_limit: t("5个工作日"),
            fees: t(""),
            fees_basis: t(""),
            is_free: true,
            costs: vec![],
            visits_needed: Some(1),
            minimum_age: Some(60),
            maximum_age: None,
            phones: vec![PhoneInput {
                kind: PhoneKind::Enquiry,
                number: "0755-83001234".into(),
                extension: None,
                description: TextInput::default(),
            }],
            languages: vec!["zh".into(), "YUE".into(), "zh".into()],
            service_areas: vec![],
            location_ids: vec![3],
            url: None,
            email: None,
            alert: None,
        }
    }

    #[test]
    fn a_good_service_is_normalised() {
        let s = service(&base()).expect("valid");
        assert_eq!(s.name.zh, "居家养老上门服务", "trimmed");
        assert_eq!(s.documents.len(), 1, "blank documents dropped");
        assert_eq!(s.categories, ["elderly", "elderly.home_care"], "sorted");
        assert_eq!(s.languages, ["zh", "yue"], "lower-cased, unique");
    }

    #[test]
    fn bad_services_are_refused_with_the_field() {
        type Change = Box<dyn Fn(&mut ServiceInput)>;
        let cases: Vec<(Change, &str, &str, &str)> = vec![
            (
                Box::new(|s| s.name = t(" ")),
                "invalid_text",
                "name",
                "name is required",
            ),
            (
                Box::new(|s| s.name = t(&"长".repeat(81))),
                "invalid_text",
                "name",
                "name too long",
            ),
            (
                Box::new(|s| s.name = TextInput::new("", Some("English only"))),
                "invalid_text",
                "name",
                "English without Chinese",
            ),
            (
                Box::new(|s| s.categories.clear()),
                "categories_required",
                "categories",
                "no category",
            ),
            (
                Box::new(|s| s.location_ids.clear()),
                "locations_required",
                "location_ids",
                "no location",
            ),
            (
                Box::new(|s| s.location_ids = vec![1, 2, 1]),
                "too_many_items",
                "location_ids",
                "repeated location",
            ),
            (
                Box::new(|s| s.visits_needed = Some(10)),
                "invalid_visits",
                "visits_needed",
                "too many visits",
            ),
            (
                Box::new(|s| s.maximum_age = Some(18)),
                "invalid_age_range",
                "minimum_age",
                "min above max",
            ),
            (
                Box::new(|s| s.languages = vec!["中文".into()]),
                "invalid_language",
                "languages[0]",
                "not a code",
            ),
            (
                Box::new(|s| {
                    s.costs = vec![CostInput {
                        amount_fen: Some(500),
                        ..Default::default()
                    }]
                }),
                "invalid_cost",
                "costs[0].amount_fen",
                "a free service with a fee",
            ),
            (
                Box::new(|s| s.phones[0].number = "0755-83ab".into()),
                "invalid_office_phone",
                "phones[0].number",
                "letters in a phone number",
            ),
            (
                Box::new(|s| s.phones[0].kind = PhoneKind::Fax),
                "invalid_office_phone",
                "phones[0].number",
                "a service has enquiry and complaint phones only",
            ),
            (
                Box::new(|s| s.email = Some("a@b".into())),
                "invalid_email",
                "email",
                "no domain dot",
            ),
            (
                Box::new(|s| s.url = Some("ftp://x".into())),
                "invalid_url",
                "url",
                "not http",
            ),
        ];
        for (change, code, field, why) in cases {
            let mut input = base();
            change(&mut input);
            let errs = service(&input).expect_err(why);
            assert_eq!(
                errs.iter()
                    .map(|e| (e.code, e.field.as_deref()))
                    .collect::<Vec<_>>(),
                [(code, Some(field))],
                "{why}: one problem, one entry"
            );
        }
    }

    #[test]
    fn every_problem_of_a_service_is_reported_at_once() {
        let mut input = base();
        input.name.zh = String::new();
        input.categories.clear();
        input.email = Some("a@b".into());
        input.languages = vec!["zz-not-a-language".into()];
        let errs = service(&input).expect_err("four problems");
        let named: Vec<_> = errs.iter().map(|e| (e.code, e.field.as_deref())).collect();
        assert_eq!(
            named,
            [
                ("categories_required", Some("categories")),
                ("invalid_language", Some("languages[0]")),
                ("invalid_text", Some("name")),
                ("invalid_email", Some("email")),
            ]
        );
    }

    #[test]
    fn phone_numbers() {
        for good in [
            "0755-83001234",
            "12345",
            "400-800-1234",
            "13800000000",
            "110",
        ] {
            assert!(office_phone(good).is_some(), "{good}");
        }
        for bad in [
            "",
            "12",
            "-0755",
            "0755--8300",
            "0755 8300",
            "+86 755",
            "1234567890123456",
        ] {
            assert!(office_phone(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn hours_are_parsed_sorted_and_checked() {
        let w = |d, o: &str, c: &str| WindowInput {
            weekday: d,
            opens: o.into(),
            closes: c.into(),
        };
        let input = HoursInput {
            weekly: vec![
                w(1, "14:00", "18:00"),
                w(1, "09:00", "12:00"),
                w(6, "09:00", "12:00"),
            ],
            exceptions: vec![ExceptionInput {
                date: "2026-10-02".into(),
                closed: false,
                windows: vec![("09:00".into(), "12:00".into())],
                reason: t("国庆值班"),
            }],
        };
        let parsed = hours(&input).expect("valid");
        assert_eq!(parsed.weekly.len(), 3);
        assert_eq!(parsed.weekly[0].1.opens, 540, "sorted within the day");
        let back = hours_input(&parsed);
        assert_eq!(back.weekly[0].opens, "09:00");

        let bad: Vec<(HoursInput, &str, &str)> = vec![
            (
                HoursInput {
                    weekly: vec![w(8, "09:00", "10:00")],
                    exceptions: vec![],
                },
                "invalid_weekday",
                "weekday 8",
            ),
            (
                HoursInput {
                    weekly: vec![w(1, "09:00", "25:00")],
                    exceptions: vec![],
                },
                "invalid_time",
                "hour 25",
            ),
            (
                HoursInput {
                    weekly: vec![w(1, "10:00", "09:00")],
                    exceptions: vec![],
                },
                "empty_window",
                "backwards",
            ),
            (
                HoursInput {
                    weekly: vec![w(1, "09:00", "12:00"), w(1, "11:00", "13:00")],
                    exceptions: vec![],
                },
                "overlapping_windows",
                "overlap",
            ),
            (
                HoursInput {
                    weekly: vec![],
                    exceptions: vec![ExceptionInput {
                        date: "2026-10-02".into(),
                        closed: true,
                        windows: vec![("09:00".into(), "12:00".into())],
                        reason: t("x"),
                    }],
                },
                "invalid_exception",
                "closed with windows",
            ),
            (
                HoursInput {
                    weekly: vec![],
                    exceptions: vec![
                        ExceptionInput {
                            date: "2026-10-02".into(),
                            closed: true,
                            windows: vec![],
                            reason: t(""),
                        },
                        ExceptionInput {
                            date: "2026-10-02".into(),
                            closed: true,
                            windows: vec![],
                            reason: t(""),
                        },
                    ],
                },
                "duplicate_exception_date",
                "same date twice",
            ),
            (
                HoursInput {
                    weekly: vec![],
                    exceptions: vec![ExceptionInput {
                        date: "2026-13-02".into(),
                        closed: true,
                        windows: vec![],
                        reason: t(""),
                    }],
                },
                "invalid_exception_date",
                "month 13",
            ),
        ];
        for (input, code, why) in bad {
            assert_eq!(hours(&input).expect_err(why).code, code, "{why}");
        }
    }

    /// A valid location (红荔, with a lift).
    fn a_location() -> LocationInput {
        LocationInput {
            organization_id: 1,
            region: "440304001001".into(),
            name: t("红荔社区党群服务中心"),
            description: t(""),
            address: t("福田区红荔路1号"),
            postal_code: "518000".into(),
            transport: t(""),
            latitude: Some(22.55),
            longitude: Some(114.08),
            timezone: None,
            follows_workday_calendar: true,
            phones: vec![],
            accessibility: vec![AccessibilityInput {
                feature: "lift".into(),
                details: t(""),
            }],
        }
    }

    #[test]
    fn locations_check_zone_postcode_and_features() {
        let good = a_location();
        assert_eq!(
            location(&good).expect("valid").timezone.as_deref(),
            Some("Asia/Shanghai")
        );
        let mut bad = good.clone();
        bad.timezone = Some("Mars/Olympus".into());
        assert_eq!(
            location(&bad).expect_err("zone")[0].code,
            "invalid_timezone"
        );
        let mut bad = good.clone();
        bad.postal_code = "51800".into();
        assert_eq!(
            location(&bad).expect_err("postcode")[0].code,
            "invalid_postal_code"
        );
        let mut bad = good.clone();
        bad.latitude = None;
        assert_eq!(
            location(&bad).expect_err("half coordinates")[0].code,
            "invalid_coordinates"
        );
        let mut bad = good;
        bad.accessibility.push(AccessibilityInput {
            feature: "lift".into(),
            details: t(""),
        });
        assert_eq!(
            location(&bad).expect_err("twice")[0].code,
            "invalid_accessibility"
        );
        bad.postal_code = "51800".into();
        bad.name = t("");
        let all: Vec<_> = location(&bad)
            .expect_err("three")
            .into_iter()
            .map(|p| p.code)
            .collect();
        assert_eq!(
            all,
            [
                "invalid_postal_code",
                "invalid_text",
                "invalid_accessibility"
            ],
            "every problem at once"
        );
    }

    #[test]
    fn every_field_of_every_record_has_a_name_in_both_languages() {
        let location = a_location();
        let keys = service_fields(&base())
            .into_keys()
            .chain(location_fields(&location).into_keys())
            .chain(hours_fields(&HoursInput::default()).into_keys());
        for key in keys {
            let (zh, en) = field_name(key);
            assert_ne!(zh, key, "{key} has a Chinese name");
            assert!(
                en.is_ascii() && !en.contains('_'),
                "{key} has an English name: {en}"
            );
        }
    }

    #[test]
    fn diffs_list_changed_fields_only() {
        let a = service(&base()).expect("valid");
        let mut b = a.clone();
        b.name = t("居家养老服务");
        b.is_free = false;
        let changes = diff(Some(&service_fields(&a)), &service_fields(&b));
        let fields: Vec<&str> = changes.iter().map(|c| c.0).collect();
        assert_eq!(fields, ["is_free", "name"]);
        assert_eq!(changes[1].1.as_deref(), Some("居家养老上门服务"));
        let created = diff(None, &service_fields(&a));
        assert!(
            created.iter().all(|c| c.1.is_none() && c.2.is_some()),
            "only filled fields on create"
        );
    }
}
