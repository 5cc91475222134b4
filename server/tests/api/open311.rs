//! Open311 GeoReport v2: every endpoint in XML (parsed, not string-compared) and JSON, the
//! specification's example requests, error cases per endpoint, and round trips with the
//! committee's workflow.
use app::api::accounts::Role;
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    feedback::staff_case,
    helpers::{TestApp, TestResponse},
};

both_backends!(
    discovery_in_both_formats,
    the_service_list_in_both_formats,
    service_definitions_cover_all_six_datatypes,
    the_specifications_example_post_files_a_case,
    posting_needs_a_valid_key_and_valid_fields,
    listing_requests_filters_pages_and_hides_private_data,
    a_committee_answer_closes_the_request_with_notes,
    administrators_issue_and_revoke_keys,
);

const XML: &str = "text/xml; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

fn xml<T: for<'de> Deserialize<'de>>(res: &TestResponse) -> T {
    assert_eq!(res.header("content-type"), Some(XML));
    let text = res.text();
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
        "{text}"
    );
    quick_xml::de::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

pub fn json_of(res: &TestResponse) -> Value {
    assert_eq!(res.header("content-type"), Some(JSON));
    res.json()
}

#[derive(Debug, Deserialize)]
struct ErrorsX {
    error: Vec<ErrorX>,
}
#[derive(Debug, Deserialize)]
struct ErrorX {
    code: u16,
    description: String,
}

/// Checks the Open311 error shape in both formats.
async fn assert_error(
    app: &TestApp,
    method: Method,
    path_without_ext: &str,
    body: Option<&str>,
    status: StatusCode,
) {
    for (ext, is_xml) in [("xml", true), ("json", false)] {
        let (path, query) = match path_without_ext.split_once('?') {
            Some((p, q)) => (p.to_owned(), format!("?{q}")),
            None => (path_without_ext.to_owned(), String::new()),
        };
        let uri = format!("{path}.{ext}{query}");
        let mut req = Request::builder()
            .method(method.clone())
            .uri(&uri)
            .header("x-forwarded-for", "10.9.9.9");
        if body.is_some() {
            req = req.header(
                header::CONTENT_TYPE,
                "application/x-www-form-urlencoded; charset=utf-8",
            );
        }
        let res = app
            .request(
                req.body(Body::from(body.unwrap_or("").to_owned()))
                    .expect("request"),
            )
            .await;
        assert_eq!(res.status, status, "{uri}: {}", res.text());
        if is_xml {
            let e: ErrorsX = xml(&res);
            assert_eq!(e.error[0].code, status.as_u16(), "{uri}");
            assert!(!e.error[0].description.is_empty());
        } else {
            let e = json_of(&res);
            assert_eq!(e[0]["code"], status.as_u16(), "{uri}");
            assert!(e[0]["description"].as_str().is_some_and(|d| !d.is_empty()));
        }
    }
}

pub async fn post_form(app: &TestApp, path: &str, body: &str) -> TestResponse {
    app.request(
        Request::post(path)
            .header(
                header::CONTENT_TYPE,
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .header(
                "x-forwarded-for",
                format!("10.8.{}.{}", rand::random::<u8>(), rand::random::<u8>()),
            )
            .body(Body::from(body.to_owned()))
            .expect("request"),
    )
    .await
}

pub async fn issue_key(app: &TestApp) -> String {
    let admin = app
        .login_as(
            &format!("137{:08}", rand::random::<u32>() % 100_000_000),
            &[(Role::Admin, "440300", None)],
        )
        .await;
    let res = admin
        .post(
            "/api/v1/admin/open311/clients",
            &json!({"name": "城市服务 App", "contact": "ops@example.test"}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    res.json::<Value>()["api_key"]
        .as_str()
        .expect("key")
        .to_owned()
}

#[derive(Debug, Deserialize)]
struct DiscoveryX {
    changeset: String,
    contact: String,
    key_service: String,
    endpoints: EndpointsX,
}
#[derive(Debug, Deserialize)]
struct EndpointsX {
    endpoint: Vec<EndpointX>,
}
#[derive(Debug, Deserialize)]
struct EndpointX {
    specification: String,
    url: String,
    changeset: String,
    #[serde(rename = "type")]
    kind: String,
    formats: FormatsX,
}
#[derive(Debug, Deserialize)]
struct FormatsX {
    format: Vec<String>,
}

async fn discovery_in_both_formats(app: TestApp) {
    let res = app
        .get_with(
            "/open311/v2/discovery.xml",
            &[("host", "linli.example.test")],
        )
        .await;
    res.assert_status(StatusCode::OK);
    let d: DiscoveryX = xml(&res);
    assert!(
        server::time::parse_instant(&d.changeset).is_some(),
        "changeset is a datetime"
    );
    assert!(!d.contact.is_empty() && !d.key_service.is_empty());
    let e = &d.endpoints.endpoint[0];
    assert_eq!(e.specification, "http://wiki.open311.org/GeoReport_v2");
    assert_eq!(e.url, "http://linli.example.test/open311/v2");
    assert_eq!(
        (e.kind.as_str(), e.changeset.as_str()),
        ("production", d.changeset.as_str())
    );
    assert_eq!(e.formats.format, ["text/xml", "application/json"]);
    let j = json_of(
        &app.get_with(
            "/open311/v2/discovery.json",
            &[("host", "linli.example.test")],
        )
        .await,
    );
    assert_eq!(j["changeset"].as_str(), Some(d.changeset.as_str()));
    assert_eq!(j["contact"].as_str(), Some(d.contact.as_str()));
    assert_eq!(j["key_service"].as_str(), Some(d.key_service.as_str()));
    assert_eq!(
        j["endpoints"][0]["url"],
        "http://linli.example.test/open311/v2"
    );
    assert_eq!(j["endpoints"][0]["type"], "production");
    assert_eq!(
        j["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(
        j["endpoints"][0]["formats"],
        json!(["text/xml", "application/json"])
    );
    let res = app.get("/open311/v2/discovery.html").await;
    res.assert_status(StatusCode::NOT_FOUND);
    let _: ErrorsX = xml(&res);
}

#[derive(Debug, Deserialize)]
struct ServicesX {
    service: Vec<ServiceX>,
}
#[derive(Debug, Deserialize, PartialEq)]
struct ServiceX {
    service_code: String,
    service_name: String,
    description: String,
    metadata: bool,
    #[serde(rename = "type")]
    kind: String,
    keywords: String,
    group: String,
}

async fn the_service_list_in_both_formats(app: TestApp) {
    let list: ServicesX = xml(&app.get("/open311/v2/services.xml").await);
    let j = json_of(&app.get("/open311/v2/services.json").await);
    let arr = j.as_array().expect("a top-level array");
    assert_eq!(arr.len(), list.service.len());
    assert!(list.service.len() >= 14);
    for (x, j) in list.service.iter().zip(arr) {
        assert!(j["service_code"].is_string(), "service_code is a string");
        assert_eq!(j["service_code"], x.service_code);
        assert_eq!(j["service_name"], x.service_name);
        assert_eq!(j["description"], x.description);
        assert_eq!(j["metadata"], x.metadata);
        assert_eq!(j["type"], x.kind);
        assert_eq!(j["keywords"], x.keywords);
        assert_eq!(j["group"], x.group);
        assert_eq!(x.kind, "realtime");
    }
    let s = list
        .service
        .iter()
        .find(|s| s.service_code == "sanitation")
        .expect("sanitation");
    assert_eq!(s.service_name, "环境卫生与市容");
    assert_eq!(s.group, "environment");
    assert!(s.metadata);
    assert!(s.keywords.split(',').any(|k| k == "垃圾"));
    let e = list
        .service
        .iter()
        .find(|s| s.service_code == "employment")
        .expect("employment");
    assert!(!e.metadata, "no extra questions");
    let en: ServicesX = xml(&app
        .get_with("/open311/v2/services.xml", &[("accept-language", "en")])
        .await);
    assert_eq!(
        en.service
            .iter()
            .find(|s| s.service_code == "sanitation")
            .map(|s| s.service_name.as_str()),
        Some("Sanitation and street appearance")
    );
    let per_district: ServicesX = xml(&app
        .get("/open311/v2/services.xml?jurisdiction_id=440304")
        .await);
    assert_eq!(per_district.service.len(), list.service.len());
    assert_error(
        &app,
        Method::GET,
        "/open311/v2/services?jurisdiction_id=city.gov",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_error(
        &app,
        Method::GET,
        "/open311/v2/services?jurisdiction_id=440304001001",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_error(
        &app,
        Method::GET,
        "/open311/v2/services?jurisdiction_id=1&jurisdiction_id=2",
        None,
        StatusCode::BAD_REQUEST,
    )
    .await;
}

#[derive(Debug, Deserialize)]
struct DefinitionX {
    service_code: String,
    attributes: AttributesX,
}
#[derive(Debug, Deserialize)]
struct AttributesX {
    attribute: Vec<AttributeX>,
}
#[derive(Debug, Deserialize)]
struct AttributeX {
    variable: bool,
    code: String,
    datatype: String,
    required: bool,
    datatype_description: String,
    order: i64,
    description: String,
    values: Option<ValuesX>,
}
#[derive(Debug, Deserialize)]
struct ValuesX {
    value: Vec<ValueX>,
}
#[derive(Debug, Deserialize)]
struct ValueX {
    key: String,
    name: String,
}

async fn service_definitions_cover_all_six_datatypes(app: TestApp) {
    let mut datatypes = std::collections::BTreeSet::new();
    for code in ["sanitation", "noise_pollution", "property"] {
        let d: DefinitionX = xml(&app.get(&format!("/open311/v2/services/{code}.xml")).await);
        let j = json_of(&app.get(&format!("/open311/v2/services/{code}.json")).await);
        assert_eq!(d.service_code, code);
        assert_eq!(j["service_code"], code);
        let attrs = j["attributes"].as_array().expect("attributes array");
        assert_eq!(attrs.len(), d.attributes.attribute.len());
        let mut orders = std::collections::BTreeSet::new();
        for (x, j) in d.attributes.attribute.iter().zip(attrs) {
            assert_eq!(j["variable"], x.variable);
            assert_eq!(j["code"], x.code);
            assert_eq!(j["datatype"], x.datatype);
            assert_eq!(j["required"], x.required);
            assert_eq!(j["datatype_description"], x.datatype_description);
            assert_eq!(j["order"], x.order);
            assert_eq!(j["description"], x.description);
            assert!(
                x.order > 0 && orders.insert(x.order),
                "orders are positive and unique"
            );
            let xv = x.values.as_ref().map_or(&[][..], |v| &v.value[..]);
            let jv = j["values"].as_array().expect("values");
            assert_eq!(xv.len(), jv.len());
            for (a, b) in xv.iter().zip(jv) {
                assert_eq!(
                    (b["key"].as_str(), b["name"].as_str()),
                    (Some(a.key.as_str()), Some(a.name.as_str()))
                );
            }
            if x.datatype.ends_with("valuelist") {
                assert!(!xv.is_empty(), "{code}.{}: list types have values", x.code);
            }
            datatypes.insert(x.datatype.clone());
        }
    }
    assert_eq!(datatypes.len(), 6, "{datatypes:?}");
    let noise: DefinitionX = xml(&app.get("/open311/v2/services/noise_pollution.xml").await);
    let info = &noise.attributes.attribute[0];
    assert!(!info.variable && !info.required, "informational text");
    let times = &noise.attributes.attribute[1];
    assert_eq!(
        (times.code.as_str(), times.datatype.as_str(), times.required),
        ("time_of_day", "multivaluelist", true)
    );
    assert_error(
        &app,
        Method::GET,
        "/open311/v2/services/weather",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_error(
        &app,
        Method::GET,
        "/open311/v2/services/sanitation?jurisdiction_id=nowhere",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
}

/// The body of the specification's example POST, with Linli's jurisdiction, service and
/// attribute codes in place of the example city's.
fn spec_example(key: &str) -> String {
    format!(
        "api_key={key}&jurisdiction_id=440304&service_code=noise_pollution&lat=22.5524078&long=114.0912043\
         &address_string=%E7%BA%A2%E8%8D%94%E8%B7%AF+3+%E6%A0%8B%2C+%E7%BA%A2%E8%8D%94%E7%A4%BE%E5%8C%BA%2C+%E7%A6%8F%E7%94%B0%E5%8C%BA\
         &email=smit222%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=13911112222\
         &description=%E5%B7%A5%E5%9C%B0%E5%A4%9C%E9%97%B4%E6%96%BD%E5%B7%A5%E5%99%AA%E9%9F%B3%E5%BE%88%E5%A4%A7\
         &media_url=http%3A%2F%2Fsomeurl.com%2Ffoo.jpg\
         &attribute[time_of_day][]=night&attribute[time_of_day][]=evening&attribute[days_lasting]=5"
    )
}

#[derive(Debug, Deserialize)]
struct CreatedX {
    request: Vec<CreatedOneX>,
}
#[derive(Debug, Deserialize)]
struct CreatedOneX {
    service_request_id: String,
    service_notice: String,
}

async fn the_specifications_example_post_files_a_case(app: TestApp) {
    let key = issue_key(&app).await;
    let res = post_form(&app, "/open311/v2/requests.xml", &spec_example(&key)).await;
    res.assert_status(StatusCode::CREATED);
    let created: CreatedX = xml(&res);
    let id: i64 = created.request[0]
        .service_request_id
        .parse()
        .expect("numeric id");
    assert!(
        created.request[0].service_notice.contains("SZ-"),
        "the resident's tracking code is in the notice"
    );
    let res = post_form(&app, "/open311/v2/requests.json", &spec_example(&key)).await;
    res.assert_status(StatusCode::CREATED);
    let j = json_of(&res);
    assert!(
        j.is_array()
            && j[0]["service_request_id"].is_string()
            && j[0]["service_notice"].is_string()
    );

    // The case is in the committee's inbox, with the answers and the contact masked.
    let member = app
        .login_as(
            "13900020001",
            &[(Role::CommitteeMember, "440304001001", None)],
        )
        .await;
    let case: app::api::feedback::StaffCase = staff_case(&member, id).await;
    assert_eq!(case.channel, "open311");
    assert_eq!(case.case.category.code, "noise_pollution");
    assert_eq!(
        case.case.community.code, "440304001001",
        "placed by the community named in the address"
    );
    assert_eq!(
        case.case.privacy,
        app::api::feedback::Privacy::CommitteeOnly
    );
    assert_eq!(case.contact.name.as_deref(), Some("j********h"));
    assert_eq!(case.contact.phone.as_deref(), Some("139****2222"));
    assert_eq!((case.lat, case.lng), (Some(22.5524078), Some(114.0912043)));
    let times = case
        .case
        .answers
        .iter()
        .find(|a| a.code == "time_of_day")
        .expect("answer");
    assert_eq!(times.values, ["night", "evening"]);
    assert_eq!(case.case.status, app::api::feedback::CaseStatus::Submitted);
    let inbox: app::api::feedback::StaffCaseList =
        member.get("/api/v1/staff/feedback").await.json();
    assert!(
        inbox.items.iter().any(|c| c.id == id),
        "visible in the staff inbox"
    );

    // Without any name or phone the case is fully anonymous.
    let anon = format!(
        "api_key={key}&service_code=employment&address_id=440304001002&description=%E6%B5%8B%E8%AF%95"
    );
    let res = post_form(&app, "/open311/v2/requests.json", &anon).await;
    res.assert_status(StatusCode::CREATED);
    let id: i64 = json_of(&res)[0]["service_request_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let row: (String, Option<String>) =
        sqlx::query_as("SELECT privacy, contact_name FROM feedback_cases WHERE id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .expect("row");
    assert_eq!(row, ("anonymous".to_owned(), None));
}

async fn posting_needs_a_valid_key_and_valid_fields(app: TestApp) {
    let key = issue_key(&app).await;
    let ok = spec_example(&key);
    let replace = |from: &str, to: &str| ok.replace(from, to);
    let cases: Vec<(String, StatusCode, &str)> = vec![
        (
            ok.replace(&format!("api_key={key}"), "api_key="),
            StatusCode::FORBIDDEN,
            "missing key",
        ),
        (
            ok.replace(&format!("api_key={key}"), "api_key=o311_wrong"),
            StatusCode::FORBIDDEN,
            "invalid key",
        ),
        (
            replace("jurisdiction_id=440304", "jurisdiction_id=city.gov"),
            StatusCode::NOT_FOUND,
            "unknown jurisdiction",
        ),
        (
            replace("jurisdiction_id=440304", "jurisdiction_id=440305"),
            StatusCode::BAD_REQUEST,
            "address outside the jurisdiction",
        ),
        (
            replace("service_code=noise_pollution", "service_code=001"),
            StatusCode::NOT_FOUND,
            "unknown service",
        ),
        (
            replace("service_code=noise_pollution", "service_code="),
            StatusCode::BAD_REQUEST,
            "missing service",
        ),
        (
            replace(
                "lat=22.5524078&long=114.0912043",
                "lat=39.9042&long=116.4074",
            ),
            StatusCode::BAD_REQUEST,
            "a position outside the city",
        ),
        (
            replace("lat=22.5524078", "lat=north"),
            StatusCode::BAD_REQUEST,
            "bad latitude",
        ),
        (
            replace("&long=114.0912043", ""),
            StatusCode::BAD_REQUEST,
            "latitude without longitude",
        ),
        (
            replace(
                "attribute[time_of_day][]=night&attribute[time_of_day][]=evening&",
                "",
            ),
            StatusCode::BAD_REQUEST,
            "required attribute missing",
        ),
        (
            replace("attribute[days_lasting]=5", "attribute[days_lasting]=many"),
            StatusCode::BAD_REQUEST,
            "number attribute not a number",
        ),
        (
            replace(
                "attribute[time_of_day][]=night",
                "attribute[time_of_day][]=noon",
            ),
            StatusCode::BAD_REQUEST,
            "value not in the list",
        ),
        (
            replace("attribute[days_lasting]=5", "attribute[colour]=red"),
            StatusCode::BAD_REQUEST,
            "unknown attribute",
        ),
        (
            replace("attribute[days_lasting]=5", "attribute[days_lasting=5"),
            StatusCode::BAD_REQUEST,
            "malformed attribute",
        ),
        (
            format!("{ok}&service_code=sanitation"),
            StatusCode::BAD_REQUEST,
            "duplicate parameter",
        ),
        (
            replace(
                "media_url=http%3A%2F%2Fsomeurl.com%2Ffoo.jpg",
                "media_url=javascript%3Aalert(1)",
            ),
            StatusCode::BAD_REQUEST,
            "bad media url",
        ),
        (
            replace("&description=", "&x2="),
            StatusCode::BAD_REQUEST,
            "no description",
        ),
    ];
    for (body, status, why) in &cases {
        for ext in ["xml", "json"] {
            let res = post_form(&app, &format!("/open311/v2/requests.{ext}"), body).await;
            assert_eq!(res.status, *status, "{why} ({ext}): {}", res.text());
            if ext == "xml" {
                let e: ErrorsX = xml(&res);
                assert_eq!(e.error[0].code, status.as_u16());
            } else {
                assert_eq!(json_of(&res)[0]["code"], status.as_u16());
            }
        }
    }
    let res = app
        .request(
            Request::post("/open311/v2/requests.json")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .expect("request"),
        )
        .await;
    res.assert_status(StatusCode::BAD_REQUEST);
    let count: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM feedback_cases")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(count, 0, "no refused request left a case");
    // Each key is rate-limited (a fresh key: refused attempts above counted against the first).
    let key = issue_key(&app).await;
    let light =
        format!("api_key={key}&service_code=employment&address_id=440304001001&description=x");
    for _ in 0..120 {
        post_form(&app, "/open311/v2/requests.json", &light)
            .await
            .assert_status(StatusCode::CREATED);
    }
    let res = post_form(&app, "/open311/v2/requests.xml", &light).await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    let e: ErrorsX = xml(&res);
    assert_eq!(e.error[0].code, 429);
}

#[derive(Debug, Deserialize)]
struct RequestsX {
    #[serde(default)]
    request: Vec<RequestX>,
}
#[derive(Debug, Deserialize)]
struct RequestX {
    service_request_id: String,
    status: String,
    status_notes: Option<String>,
    service_name: String,
    service_code: String,
    description: String,
    agency_responsible: Option<String>,
    requested_datetime: String,
    updated_datetime: String,
    expected_datetime: Option<String>,
    address: String,
    address_id: String,
    lat: Option<f64>,
    long: Option<f64>,
    media_url: Option<String>,
    notes: Option<NotesX>,
}
#[derive(Debug, Deserialize)]
struct NotesX {
    note: Vec<NoteX>,
}
#[derive(Debug, Deserialize)]
struct NoteX {
    datetime: String,
    description: String,
    #[serde(rename = "type")]
    kind: String,
}

fn same(x: &RequestX, j: &Value) {
    assert_eq!(j["service_request_id"], x.service_request_id);
    assert_eq!(j["status"], x.status);
    assert_eq!(j["status_notes"].as_str(), x.status_notes.as_deref());
    assert_eq!(j["service_name"], x.service_name);
    assert_eq!(j["service_code"], x.service_code);
    assert_eq!(j["description"], x.description);
    assert_eq!(
        j["agency_responsible"].as_str(),
        x.agency_responsible.as_deref()
    );
    assert_eq!(j["requested_datetime"], x.requested_datetime);
    assert_eq!(j["updated_datetime"], x.updated_datetime);
    assert_eq!(
        j["expected_datetime"].as_str(),
        x.expected_datetime.as_deref()
    );
    assert_eq!(j["address"], x.address);
    assert_eq!(j["address_id"], x.address_id);
    assert_eq!(j["lat"].as_f64(), x.lat);
    assert_eq!(j["long"].as_f64(), x.long);
    assert_eq!(j["media_url"].as_str(), x.media_url.as_deref());
    for f in ["requested_datetime", "updated_datetime"] {
        assert!(
            j[f].as_str().is_some_and(|d| d.ends_with("+08:00")),
            "{f} in +08:00"
        );
    }
}

async fn listing_requests_filters_pages_and_hides_private_data(app: TestApp) {
    let app = app.with_clock(server::clock::local_instant(
        jiff::civil::date(2026, 11, 23),
        9,
        0,
    ));
    let key = issue_key(&app).await;
    let mut ids = Vec::new();
    for (service, community) in [
        ("sanitation", "440304001001"),
        ("noise_pollution", "440304001002"),
        ("employment", "440305001001"),
    ] {
        let extra = match service {
            "sanitation" => "&attribute[location_type]=estate",
            "noise_pollution" => "&attribute[time_of_day][]=night",
            _ => "",
        };
        let body = format!(
            "api_key={key}&service_code={service}&address_id={community}&first_name=%E6%9D%8E&last_name=%E7%A7%80%E8%8B%B1&phone=13822223333&description=%E6%8F%8F%E8%BF%B0{extra}"
        );
        let res = post_form(&app, "/open311/v2/requests.json", &body).await;
        res.assert_status(StatusCode::CREATED);
        ids.push(
            json_of(&res)[0]["service_request_id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    let all: RequestsX = xml(&app.get("/open311/v2/requests.xml").await);
    let j = json_of(&app.get("/open311/v2/requests.json").await);
    assert_eq!(all.request.len(), 3);
    for (x, j) in all.request.iter().zip(j.as_array().expect("array")) {
        same(x, j);
        assert_eq!(x.status, "open");
        assert!(
            x.notes.is_none() && j.get("notes").is_none(),
            "no notes without extensions"
        );
        assert!(
            x.expected_datetime
                .as_deref()
                .is_some_and(|d| d.ends_with("T18:00:00+08:00")),
            "from the working-day deadline"
        );
    }
    let raw = app.get("/open311/v2/requests.json").await.text();
    for secret in [
        "13822223333",
        "李秀英",
        "李",
        "SZ-2026",
        "committee_only",
        "privacy",
    ] {
        assert!(!raw.contains(secret), "{secret} must not appear");
    }
    let sanitation = all
        .request
        .iter()
        .find(|r| r.service_code == "sanitation")
        .expect("one");
    assert_eq!(sanitation.address_id, "440304001001");
    assert_eq!(
        sanitation.expected_datetime.as_deref(),
        Some("2026-11-25T18:00:00+08:00"),
        "two working days"
    );
    assert_eq!(sanitation.agency_responsible, None, "not yet routed");

    filters_select_and_page(&app, &ids).await;
    // Hidden cases disappear.
    sqlx::query("UPDATE feedback_cases SET hidden = 1, hidden_reason = 'x' WHERE id = $1")
        .bind(ids[0].parse::<i64>().expect("id"))
        .execute(app.db.pool())
        .await
        .expect("hide");
    let listed = xml::<RequestsX>(&app.get("/open311/v2/requests.xml").await);
    assert_eq!(listed.request.len(), 2);
    assert_error(
        &app,
        Method::GET,
        &format!("/open311/v2/requests/{}", ids[0]),
        None,
        StatusCode::NOT_FOUND,
    )
    .await;

    bad_listing_queries_are_refused(&app).await;
}

/// The listing's filters (service, jurisdiction, ids, status, dates) and pages, newest first.
async fn filters_select_and_page(app: &TestApp, ids: &[String]) {
    let by = |q: &str| {
        let q = q.to_owned();
        async move {
            xml::<RequestsX>(&app.get(&format!("/open311/v2/requests.xml?{q}")).await)
                .request
                .into_iter()
                .map(|r| r.service_request_id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        by("service_code=noise_pollution,employment").await,
        [ids[2].clone(), ids[1].clone()]
    );
    assert_eq!(
        by("jurisdiction_id=440304").await,
        [ids[1].clone(), ids[0].clone()]
    );
    assert_eq!(
        by(&format!(
            "service_request_id={},{}&service_code=employment",
            ids[0], ids[1]
        ))
        .await,
        [ids[1].clone(), ids[0].clone()],
        "ids override other filters"
    );
    assert_eq!(by("status=closed").await, Vec::<String>::new());
    assert_eq!(by("status=open,closed&page_size=2").await.len(), 2);
    assert_eq!(by("page_size=2&page=2").await, [ids[0].clone()]);
    assert_eq!(
        by("start_date=2026-11-24T00:00:00%2B08:00").await,
        Vec::<String>::new()
    );
    assert_eq!(
        by("start_date=2026-11-01T00:00:00Z&end_date=2026-11-30T00:00:00Z")
            .await
            .len(),
        3
    );
    assert_eq!(
        by("end_date=2026-11-22T00:00:00Z").await,
        Vec::<String>::new(),
        "90 days before the end"
    );
}

/// Malformed filters are a 400; unknown jurisdictions, services and requests a 404.
async fn bad_listing_queries_are_refused(app: &TestApp) {
    for q in [
        "start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z",
        "start_date=yesterday",
        "status=pending",
        "page=0",
        "page_size=1001",
        "service_request_id=abc",
    ] {
        assert_error(
            app,
            Method::GET,
            &format!("/open311/v2/requests?{q}"),
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    assert_error(
        app,
        Method::GET,
        "/open311/v2/requests?jurisdiction_id=xx",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_error(
        app,
        Method::GET,
        "/open311/v2/requests?service_code=nope",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_error(
        app,
        Method::GET,
        "/open311/v2/requests/999999",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_error(
        app,
        Method::GET,
        "/open311/v2/requests/abc",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_error(
        app,
        Method::GET,
        "/open311/v2/tokens/abc123",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_error(
        app,
        Method::GET,
        "/open311/v2/tokens/abc123?jurisdiction_id=zz",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn a_committee_answer_closes_the_request_with_notes(app: TestApp) {
    let key = issue_key(&app).await;
    let res = post_form(&app, "/open311/v2/requests.json", &spec_example(&key)).await;
    let id: i64 = json_of(&res)[0]["service_request_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let member = app
        .login_as(
            "13900021001",
            &[(Role::CommitteeMember, "440304001001", None)],
        )
        .await;
    let path = format!("/api/v1/staff/feedback/{id}/actions");
    let act = |body: Value| {
        let (member, path) = (&member, path.clone());
        async move { member.post(&path, &body).await }
    };
    act(json!({"action": "accept", "reply": "已受理"}))
        .await
        .assert_status(StatusCode::OK);
    act(json!({"action": "assign"}))
        .await
        .assert_status(StatusCode::OK);
    act(json!({"action": "note", "text": "内部备注不外传"}))
        .await
        .assert_status(StatusCode::OK);
    let open: RequestsX = xml(&app.get(&format!("/open311/v2/requests/{id}.xml")).await);
    assert_eq!(open.request[0].status, "open");
    assert_eq!(
        open.request[0].agency_responsible.as_deref(),
        Some("环境保护部门"),
        "the assigned department"
    );
    act(json!({"action": "answer", "reply": "经查，该工地已办理夜间施工许可，已要求其 22 点后停止高噪声作业。"})).await.assert_status(StatusCode::OK);

    let x: RequestsX = xml(&app
        .get(&format!("/open311/v2/requests/{id}.xml?extensions=true"))
        .await);
    let j = json_of(
        &app.get(&format!("/open311/v2/requests/{id}.json?extensions=true"))
            .await,
    );
    assert_eq!(x.request.len(), 1);
    let r = &x.request[0];
    same(r, &j[0]);
    assert_eq!(r.status, "closed");
    assert_eq!(
        r.status_notes.as_deref(),
        Some("经查，该工地已办理夜间施工许可，已要求其 22 点后停止高噪声作业。")
    );
    assert_eq!(r.expected_datetime, None, "nothing expected once closed");
    assert_eq!(r.media_url.as_deref(), Some("http://someurl.com/foo.jpg"));
    assert_eq!((r.lat, r.long), (Some(22.5524078), Some(114.0912043)));
    let notes = &r.notes.as_ref().expect("notes").note;
    let kinds: Vec<&str> = notes.iter().map(|n| n.kind.as_str()).collect();
    assert_eq!(kinds, ["submitted", "accepted", "assigned", "answered"]);
    assert!(
        notes.iter().all(|n| !n.description.contains("内部")),
        "internal notes stay inside"
    );
    assert!(
        notes
            .iter()
            .all(|n| server::time::parse_instant(&n.datetime).is_some())
    );
    let jn = j[0]["notes"].as_array().expect("notes array in JSON");
    assert_eq!(jn.len(), notes.len());
    assert_eq!(jn[3]["type"], "answered");
    assert_eq!(
        jn[3]["description"].as_str(),
        Some(notes[3].description.as_str())
    );
    let closed: RequestsX = xml(&app.get("/open311/v2/requests.xml?status=closed").await);
    assert_eq!(closed.request.len(), 1);
    let en = json_of(
        &app.get_with(
            &format!("/open311/v2/requests/{id}.json"),
            &[("accept-language", "en")],
        )
        .await,
    );
    assert_eq!(en[0]["service_name"], "Noise and pollution");
    assert_eq!(en[0]["agency_responsible"], "Environmental Protection");
}

async fn administrators_issue_and_revoke_keys(app: TestApp) {
    let city = app
        .login_as("13900022001", &[(Role::Admin, "440300", None)])
        .await;
    let district = app
        .login_as("13900022002", &[(Role::Admin, "440304", None)])
        .await;
    let res = district
        .post("/api/v1/admin/open311/clients", &json!({"name": "x"}))
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "open311_city_admin_only");
    let res = city
        .post("/api/v1/admin/open311/clients", &json!({"name": " "}))
        .await;
    assert_eq!(res.error_code(), "invalid_client_name");
    let issued: Value = city
        .post(
            "/api/v1/admin/open311/clients",
            &json!({"name": "福田区城管系统", "contact": "IT 科"}),
        )
        .await
        .json();
    let key = issued["api_key"].as_str().expect("key").to_owned();
    let id = issued["client"]["id"].as_i64().expect("id");
    assert!(key.starts_with(issued["client"]["key_prefix"].as_str().expect("prefix")));
    let list: Value = city.get("/api/v1/admin/open311/clients").await.json();
    assert!(
        !list.to_string().contains(&key),
        "the key is shown once only"
    );
    let stored: String = sqlx::query_scalar("SELECT key_hash FROM open311_clients WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .expect("hash");
    assert_ne!(stored, key);
    let body =
        format!("api_key={key}&service_code=employment&address_id=440304001001&description=x");
    post_form(&app, "/open311/v2/requests.xml", &body)
        .await
        .assert_status(StatusCode::CREATED);
    let list: Value = city.get("/api/v1/admin/open311/clients").await.json();
    assert!(list["items"][0]["last_used_at"].is_string());
    let revoked: Value = city
        .post(
            &format!("/api/v1/admin/open311/clients/{id}/revoke"),
            &json!({}),
        )
        .await
        .json();
    assert!(revoked["revoked_at"].is_string());
    let res = post_form(&app, "/open311/v2/requests.xml", &body).await;
    res.assert_status(StatusCode::FORBIDDEN);
    let e: ErrorsX = xml(&res);
    assert!(e.error[0].description.contains("api_key"));
    city.post("/api/v1/admin/open311/clients/999999/revoke", &json!({}))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
