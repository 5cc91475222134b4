//! The GeoReport v2 documents. Each has a JSON form (collections as arrays) and an XML form
//! (collections as repeated child elements), serialised with serde.
use app::api::feedback::CaseStatus;
use serde::Serialize;

use crate::{
    feedback::store::{CaseRow, EventRow},
    lang::Lang,
    time::rfc3339,
};

#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    pub specification: &'static str,
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub formats: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Serialize)]
pub struct FormatsXml<'a> {
    pub format: &'a [&'static str],
}

#[derive(Serialize)]
pub struct EndpointXml<'a> {
    pub specification: &'static str,
    pub url: &'a str,
    pub changeset: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub formats: FormatsXml<'a>,
}

#[derive(Serialize)]
pub struct EndpointsXml<'a> {
    pub endpoint: Vec<EndpointXml<'a>>,
}

#[derive(Serialize)]
pub struct DiscoveryXml<'a> {
    pub changeset: &'a str,
    pub contact: &'a str,
    pub key_service: &'a str,
    pub endpoints: EndpointsXml<'a>,
}

impl Discovery {
    pub fn xml(&self) -> DiscoveryXml<'_> {
        DiscoveryXml {
            changeset: &self.changeset,
            contact: &self.contact,
            key_service: &self.key_service,
            endpoints: EndpointsXml {
                endpoint: self
                    .endpoints
                    .iter()
                    .map(|e| EndpointXml {
                        specification: e.specification,
                        url: &e.url,
                        changeset: &e.changeset,
                        kind: e.kind,
                        formats: FormatsXml { format: &e.formats },
                    })
                    .collect(),
            },
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

#[derive(Serialize)]
pub struct ServicesXml<'a> {
    pub service: &'a [Service],
}

#[derive(Debug, Clone, Serialize)]
pub struct Value {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attribute {
    pub variable: bool,
    pub code: String,
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    pub order: i64,
    pub description: String,
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Serialize)]
pub struct ValuesXml<'a> {
    pub value: &'a [Value],
}

#[derive(Serialize)]
pub struct AttributeXml<'a> {
    pub variable: bool,
    pub code: &'a str,
    pub datatype: &'a str,
    pub required: bool,
    pub datatype_description: &'a str,
    pub order: i64,
    pub description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<ValuesXml<'a>>,
}

#[derive(Serialize)]
pub struct AttributesXml<'a> {
    pub attribute: Vec<AttributeXml<'a>>,
}

#[derive(Serialize)]
pub struct ServiceDefinitionXml<'a> {
    pub service_code: &'a str,
    pub attributes: AttributesXml<'a>,
}

impl ServiceDefinition {
    pub fn xml(&self) -> ServiceDefinitionXml<'_> {
        ServiceDefinitionXml {
            service_code: &self.service_code,
            attributes: AttributesXml {
                attribute: self
                    .attributes
                    .iter()
                    .map(|a| AttributeXml {
                        variable: a.variable,
                        code: &a.code,
                        datatype: &a.datatype,
                        required: a.required,
                        datatype_description: &a.datatype_description,
                        order: a.order,
                        description: &a.description,
                        values: (!a.values.is_empty()).then_some(ValuesXml { value: &a.values }),
                    })
                    .collect(),
            },
        }
    }
}

/// The answer to a POST: the new request's id and what happens next.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub service_request_id: String,
    pub service_notice: String,
}

#[derive(Serialize)]
pub struct CreatedXml<'a> {
    pub request: &'a [Created],
}

/// One update of a request (`extensions=true`).
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub datetime: String,
    pub description: String,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotesXml {
    pub note: Vec<Note>,
}

/// A service request; `N` is `Vec<Note>` in JSON and [`NotesXml`] in XML.
#[derive(Debug, Clone, Serialize)]
pub struct Request<N> {
    pub service_request_id: String,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency_responsible: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_notice: Option<String>,
    pub requested_datetime: String,
    pub updated_datetime: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_datetime: Option<String>,
    pub address: String,
    pub address_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<N>,
}

#[derive(Serialize)]
pub struct RequestsXml<'a> {
    pub request: &'a [Request<NotesXml>],
}

impl Request<Vec<Note>> {
    pub fn xml(&self) -> Request<NotesXml> {
        Request {
            service_request_id: self.service_request_id.clone(),
            status: self.status,
            status_notes: self.status_notes.clone(),
            service_name: self.service_name.clone(),
            service_code: self.service_code.clone(),
            description: self.description.clone(),
            agency_responsible: self.agency_responsible.clone(),
            service_notice: self.service_notice.clone(),
            requested_datetime: self.requested_datetime.clone(),
            updated_datetime: self.updated_datetime.clone(),
            expected_datetime: self.expected_datetime.clone(),
            address: self.address.clone(),
            address_id: self.address_id.clone(),
            lat: self.lat,
            long: self.long,
            media_url: self.media_url.clone(),
            notes: self.notes.clone().map(|note| NotesXml { note }),
        }
    }
}

/// Open or closed, as GeoReport v2 knows only these two.
pub fn open_or_closed(status: CaseStatus) -> &'static str {
    if status.is_open() { "open" } else { "closed" }
}

/// Why the status is what it is: the latest public reply or reason, or a standard phrase.
pub fn status_notes(status: CaseStatus, events: &[EventRow], lang: Lang) -> Option<String> {
    let last_text = |kinds: &[&str]| {
        events
            .iter()
            .rev()
            .filter(|e| e.public == 1 && kinds.contains(&e.kind.as_str()))
            .map(|e| e.text(lang))
            .find(|text| !text.is_empty())
    };
    match status {
        CaseStatus::Merged => Some("Duplicate request.".to_owned()),
        CaseStatus::Declined => last_text(&["declined"]),
        CaseStatus::Answered | CaseStatus::Closed => last_text(&["answered"]),
        _ => last_text(&["extended", "started", "assigned", "accepted"]),
    }
}

/// A case as a GeoReport v2 request. Never carries a name, phone, tracking code or the
/// resident's privacy choice; coordinates only when the submitter shared them.
pub fn request(
    row: &CaseRow,
    events: &[EventRow],
    lang: Lang,
    extensions: bool,
) -> Request<Vec<Note>> {
    let status = CaseStatus::parse(&row.status).unwrap_or(CaseStatus::Submitted);
    let pick = |zh: &str, en: &Option<String>| match (lang, en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => zh.to_owned(),
    };
    let due = if status.is_open() {
        row.due_date.clone()
    } else {
        None
    };
    let expected = due
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .map(|d| rfc3339(crate::clock::local_instant(d, 18, 0)));
    let updated = if status.is_open() {
        row.updated_at
    } else {
        row.closed_at.or(row.answered_at).unwrap_or(row.updated_at)
    };
    Request {
        service_request_id: row.id.to_string(),
        status: open_or_closed(status),
        status_notes: status_notes(status, events, lang),
        service_name: pick(&row.category_zh, &row.category_en),
        service_code: row.category_code.clone(),
        description: row.description.clone(),
        agency_responsible: row
            .department_zh
            .as_ref()
            .map(|zh| pick(zh, &row.department_en)),
        service_notice: None,
        requested_datetime: rfc3339(row.created_at),
        updated_datetime: rfc3339(updated),
        expected_datetime: expected,
        address: format!("{}，{}", row.place, row.region_zh),
        address_id: row.region_code.clone(),
        lat: row.lat,
        long: row.lng,
        media_url: row.media_url.clone(),
        notes: extensions.then(|| {
            events
                .iter()
                .filter(|e| e.public == 1)
                .map(|e| Note {
                    datetime: rfc3339(e.at),
                    description: e.text(lang),
                    kind: e.kind.clone(),
                })
                .collect()
        }),
    }
}
