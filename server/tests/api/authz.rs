//! The authorization matrix (`docs/authorization.md`) is complete and true: every API route is
//! listed, and every role gets the listed answer from every route.
//!
//! Each route is called as each role with a real request: path parameters naming records within
//! the role's reach and a valid body, prepared by the route's fixture (the tables in the
//! submodules, one per domain). An allowed role must get the route's documented success status
//! (the 2xx of the OpenAPI document), a refused one 401 (anonymous) or 403 (logged in). Routes
//! that cannot succeed for a test caller are listed in [`EXCEPTIONS`] with the reason.
mod accounts;
mod activities;
mod booking;
mod booking_staff;
mod directory;
mod feedback;
mod system;
mod volunteers;
mod world;

use std::{
    collections::{BTreeMap, BTreeSet},
    future::Future,
    panic::AssertUnwindSafe,
    pin::Pin,
    task::{Context, Poll},
};

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::{NOW, TestApp};
use world::{COLUMNS, Call, Caller, Route, World};

both_backends!(at NOW; every_route_is_in_the_matrix_and_behaves_as_listed);

/// Routes no fixture brings to their documented success status, and why. An allowed role must
/// still pass the function-level check here (anything but 401/403, as the placeholder call).
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    // Reachable only by a session that passed the password step and awaits its second factor;
    // `no` for every role (a logged-in session answers 401 as well, see `refusal_is_right`).
    ("POST", "/api/v1/auth/totp", "no role uses it"),
    // A case waiting for placement lies above every community (the schema's
    // `case_region_level`), so a committee member granted for a community never reaches one
    // (404): only committee members and administrators of a subdistrict or above place cases.
    (
        "POST",
        "/api/v1/staff/feedback/{id}/place",
        "out of reach of a community's committee member",
    ),
];

/// (method, path) → allowed per column.
fn matrix() -> BTreeMap<Route, [bool; 7]> {
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
        let route = Route {
            method: cells[0].to_owned(),
            path: cells[1].to_owned(),
        };
        assert!(
            rows.insert(route, allowed).is_none(),
            "duplicate row {line}"
        );
    }
    assert!(header_seen, "matrix header found");
    rows
}

/// Every API route the server documents, plus the document itself, with its success statuses:
/// the 2xx among its documented responses.
async fn routes(app: &TestApp) -> BTreeMap<Route, Vec<StatusCode>> {
    let doc: Value = app.get("/api/openapi.json").await.json();
    let mut routes = BTreeMap::from([(
        Route {
            method: "GET".to_owned(),
            path: "/api/openapi.json".to_owned(),
        },
        vec![StatusCode::OK],
    )]);
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let success: Vec<StatusCode> = operation["responses"]
                .as_object()
                .expect("responses")
                .keys()
                .filter_map(|k| k.parse::<u16>().ok())
                .filter(|s| (200..300).contains(s))
                .map(|s| StatusCode::from_u16(s).expect("status"))
                .collect();
            assert!(!success.is_empty(), "{method} {path}: no documented 2xx");
            let route = Route {
                method: method.to_uppercase(),
                path: path.clone(),
            };
            routes.insert(route, success);
        }
    }
    routes
}

/// The fixture of a route: the real call `who` makes, from the table of the route's domain.
async fn fixture(w: &World<'_>, who: &Caller<'_>, route: &Route) -> Option<Call> {
    if let Some(call) = system::call(w, who, route).await {
        return Some(call);
    }
    if let Some(call) = accounts::call(w, who, route).await {
        return Some(call);
    }
    if let Some(call) = directory::call(w, who, route).await {
        return Some(call);
    }
    if let Some(call) = booking::call(w, who, route).await {
        return Some(call);
    }
    if let Some(call) = booking_staff::call(w, route).await {
        return Some(call);
    }
    if let Some(call) = feedback::call(w, who, route).await {
        return Some(call);
    }
    if let Some(call) = activities::call(w, who, route).await {
        return Some(call);
    }
    volunteers::call(w, who, route).await
}

async fn every_route_is_in_the_matrix_and_behaves_as_listed(app: TestApp) {
    // The metrics route answers only with the operator's token; give the app one.
    let app = app.with_config(|c| {
        c.metrics_token = server::metrics::MetricsToken::new(system::METRICS_TOKEN);
    });
    let matrix = matrix();
    let routes = routes(&app).await;
    let listed: BTreeSet<&Route> = matrix.keys().collect();
    let documented: BTreeSet<&Route> = routes.keys().collect();
    assert_eq!(
        documented.difference(&listed).collect::<Vec<_>>(),
        Vec::<&&Route>::new(),
        "routes missing from docs/authorization.md"
    );
    assert_eq!(
        listed.difference(&documented).collect::<Vec<_>>(),
        Vec::<&&Route>::new(),
        "matrix rows without a route"
    );
    let exceptions: BTreeMap<Route, &str> = EXCEPTIONS
        .iter()
        .map(|(method, path, why)| {
            let route = Route {
                method: (*method).to_owned(),
                path: (*path).to_owned(),
            };
            assert!(
                matrix.contains_key(&route),
                "exception {method} {path} is no route"
            );
            (route, *why)
        })
        .collect();

    let w = World::new(&app).await;
    let mut mismatches = Vec::new();
    let mut without_fixture = BTreeSet::new();
    for (route, allowed) in &matrix {
        let success = &routes[route];
        for (column, &allowed) in allowed.iter().enumerate() {
            let who = w.caller(column).await;
            let call = match CatchUnwind(Box::pin(fixture(&w, &who, route))).await {
                Ok(call) => call,
                Err(why) => {
                    mismatches.push(format!(
                        "{} {} as {}: the fixture failed: {why}",
                        route.method, route.path, COLUMNS[column]
                    ));
                    continue;
                }
            };
            // An exception is called with its fixture when it has one (else the placeholder
            // call) and checked leniently; every other route must have a fixture.
            let strict = !exceptions.contains_key(route);
            if strict && call.is_none() {
                without_fixture.insert(format!("{} {}", route.method, route.path));
            }
            let call = call.unwrap_or_else(|| route.placeholder());
            let res = call.send(&who.client).await;
            let status = res.status;
            assert!(
                status.as_u16() < 500,
                "{} {} as {}: {status} {}",
                route.method,
                call.path,
                COLUMNS[column],
                res.text()
            );
            let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
            let ok = match (allowed, strict) {
                (true, true) => success.contains(&status),
                (true, false) => !refused,
                (false, _) => refusal_is_right(route, column, status),
            };
            if !ok {
                let want = if allowed {
                    format!("{success:?}")
                } else {
                    "refusal".to_owned()
                };
                mismatches.push(format!(
                    "{} {} as {}: got {status}, want {want}: {}",
                    route.method,
                    call.path,
                    COLUMNS[column],
                    res.text().chars().take(300).collect::<String>()
                ));
            }
        }
    }
    assert!(
        without_fixture.is_empty() && mismatches.is_empty(),
        "routes with neither a fixture nor an exception:\n{}\n\
         behaviour differs from the matrix ({} cases):\n{}",
        without_fixture.into_iter().collect::<Vec<_>>().join("\n"),
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// A `no` cell: 401 for anonymous callers, 403 for logged-in ones (the second-factor step
/// answers 401 to a fully logged-in session too: it wants a half-logged-in one).
fn refusal_is_right(route: &Route, column: usize, status: StatusCode) -> bool {
    if column == 0 {
        status == StatusCode::UNAUTHORIZED
    } else {
        status == StatusCode::FORBIDDEN
            || (status == StatusCode::UNAUTHORIZED && route.path == "/api/v1/auth/totp")
    }
}

/// A future whose panic becomes an error: a fixture that cannot prepare its records is
/// reported with the other mismatches instead of ending the test at the first one.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| fut.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(payload) => Poll::Ready(Err(payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
                .chars()
                .take(400)
                .collect())),
        }
    }
}
