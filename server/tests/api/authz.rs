//! The authorization matrix (`docs/authorization.md`) is complete and true: every API route is
//! listed, and every role gets the listed answer from every route.
use std::collections::{BTreeMap, BTreeSet};

use app::api::accounts::Role;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Client, TestApp};

both_backends!(every_route_is_in_the_matrix_and_behaves_as_listed);

const COLUMNS: [&str; 7] = [
    "anonymous",
    "resident",
    "committee_member",
    "workstation_staff",
    "department_handler",
    "social_worker",
    "admin",
];

/// (method, path) → allowed per column.
fn matrix() -> BTreeMap<(String, String), [bool; 7]> {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/authorization.md"
    ))
    .expect("matrix document");
    let mut rows = BTreeMap::new();
    let mut header_seen = false;
    for line in doc.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.first() == Some(&"method") {
            assert_eq!(&cells[2..], COLUMNS, "matrix columns");
            header_seen = true;
            continue;
        }
        if cells.iter().all(|c| c.chars().all(|ch| ch == '-')) {
            continue;
        }
        let allowed: Vec<bool> = cells[2..]
            .iter()
            .map(|c| match *c {
                "yes" => true,
                "no" => false,
                other => panic!("matrix cell {other:?} in {line}"),
            })
            .collect();
        let allowed: [bool; 7] = allowed
            .try_into()
            .unwrap_or_else(|_| panic!("seven columns in {line}"));
        assert!(
            rows.insert((cells[0].to_owned(), cells[1].to_owned()), allowed)
                .is_none(),
            "duplicate row {line}"
        );
    }
    assert!(header_seen, "matrix header found");
    rows
}

/// Every API route the server documents, plus the document itself.
async fn routes(app: &TestApp) -> BTreeSet<(String, String)> {
    let doc: Value = app.get("/api/openapi.json").await.json();
    let mut routes = BTreeSet::from([("GET".to_owned(), "/api/openapi.json".to_owned())]);
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            routes.insert((method.to_uppercase(), path.clone()));
        }
    }
    routes
}

async fn every_route_is_in_the_matrix_and_behaves_as_listed(app: TestApp) {
    let matrix = matrix();
    let routes = routes(&app).await;
    let listed: BTreeSet<_> = matrix.keys().cloned().collect();
    assert_eq!(
        routes.difference(&listed).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "routes missing from docs/authorization.md"
    );
    assert_eq!(
        listed.difference(&routes).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "matrix rows without a route"
    );

    let roles: [Option<(Role, &str, Option<&str>)>; 7] = [
        None,
        Some((Role::Resident, "", None)),
        Some((Role::CommitteeMember, "440304001001", None)),
        Some((Role::WorkstationStaff, "440304001001", None)),
        Some((Role::DepartmentHandler, "440304", Some("civil_affairs"))),
        Some((Role::SocialWorker, "440304001", None)),
        Some((Role::Admin, "440300", None)),
    ];
    let mut mismatches = Vec::new();
    let mut accounts = 0_u32;
    for ((method, path), allowed) in &matrix {
        for (column, role) in roles.iter().enumerate() {
            // A fresh session per call: some routes (logout, delete) end the session they use.
            let client = match role {
                None => app.client(),
                Some((role, region, dept)) => {
                    let grants: Vec<(Role, &str, Option<&str>)> = if *role == Role::Resident {
                        vec![]
                    } else {
                        vec![(*role, *region, *dept)]
                    };
                    // Numbered, not random: a thousand random numbers collide now and then.
                    accounts += 1;
                    let phone = format!("139{accounts:08}");
                    app.login_as(&phone, &grants).await
                }
            };
            let status = call(&client, method, path).await;
            let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
            let expected_refusal = if column == 0 {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            let ok = if allowed[column] {
                !refused
            } else {
                status == expected_refusal
                    || (column > 0
                        && status == StatusCode::UNAUTHORIZED
                        && path == "/api/v1/auth/totp")
            };
            if !ok {
                mismatches.push(format!(
                    "{method} {path} as {}: got {status}",
                    COLUMNS[column]
                ));
            }
            assert!(
                status.as_u16() < 500,
                "{method} {path} as {}: {status}",
                COLUMNS[column]
            );
        }
    }
    assert!(
        mismatches.is_empty(),
        "behaviour differs from the matrix:\n{}",
        mismatches.join("\n")
    );
}

/// Calls a route with placeholder parameters and an empty JSON body.
async fn call(client: &Client<'_>, method: &str, path: &str) -> StatusCode {
    let concrete: String = path
        .split('/')
        .map(|seg| {
            if seg.starts_with('{') {
                "999999".to_owned()
            } else {
                seg.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    let body = (method != Method::GET && method != Method::DELETE).then(|| json!({}));
    client.send(method, &concrete, body.as_ref()).await.status
}
