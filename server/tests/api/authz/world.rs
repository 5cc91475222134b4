//! What the authorization test's fixtures work with: the callers (one per matrix column), the
//! request a fixture builds ([`Call`]), and the shared world of staff and records.
use std::{
    collections::HashMap,
    future::Future,
    sync::atomic::{AtomicU32, Ordering},
};

use app::api::accounts::Role;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Client, TestApp, TestResponse};

/// The matrix columns, in the order of `docs/authorization.md`.
pub const COLUMNS: [&str; 7] = [
    "anonymous",
    "resident",
    "committee_member",
    "workstation_staff",
    "department_handler",
    "social_worker",
    "admin",
];

/// The grant each column's accounts hold: the regions the records of the fixtures lie in
/// (红荔社区 440304001001, under 华富街道 440304001, 福田区 440304, 深圳市 440300).
pub fn grant(column: usize) -> Option<(Role, &'static str, Option<&'static str>)> {
    match column {
        2 => Some((Role::CommitteeMember, "440304001001", None)),
        3 => Some((Role::WorkstationStaff, "440304001001", None)),
        4 => Some((Role::DepartmentHandler, "440304", Some("civil_affairs"))),
        5 => Some((Role::SocialWorker, "440304001", None)),
        6 => Some((Role::Admin, "440300", None)),
        _ => None,
    }
}

/// One API route as the OpenAPI document names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub method: String,
    pub path: String,
}

impl Route {
    /// A call of this route with its path parameters filled in, in order.
    pub fn at<I: ToString>(&self, params: impl IntoIterator<Item = I>) -> Call {
        let mut params = params.into_iter().map(|p| p.to_string());
        let path = self
            .path
            .split('/')
            .map(|seg| {
                if seg.starts_with('{') {
                    params
                        .next()
                        .unwrap_or_else(|| panic!("a value for {seg} in {}", self.path))
                } else {
                    seg.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        assert!(
            params.next().is_none(),
            "too many parameters for {}",
            self.path
        );
        Call {
            method: Method::from_bytes(self.method.as_bytes()).expect("method"),
            path,
            body: None,
            headers: Vec::new(),
        }
    }

    /// A call of this route, which has no path parameters.
    pub fn call(&self) -> Call {
        self.at(std::iter::empty::<String>())
    }

    /// The call the test made before routes had fixtures: every path parameter `999999`, an
    /// empty JSON object as the body of writes.
    pub fn placeholder(&self) -> Call {
        let n = self.path.matches('{').count();
        let call = self.at(std::iter::repeat_n("999999", n));
        if call.method == Method::GET || call.method == Method::DELETE {
            call
        } else {
            call.json(json!({}))
        }
    }
}

/// The body of a call.
pub enum Body {
    Json(Value),
    /// Content type and bytes (file uploads).
    Raw(String, Vec<u8>),
}

/// A request a fixture prepared for one caller.
pub struct Call {
    pub method: Method,
    pub path: String,
    pub body: Option<Body>,
    pub headers: Vec<(&'static str, String)>,
}

impl Call {
    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(Body::Json(body));
        self
    }

    pub fn raw(mut self, content_type: &str, bytes: Vec<u8>) -> Self {
        self.body = Some(Body::Raw(content_type.to_owned(), bytes));
        self
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Appends a query string.
    pub fn query(mut self, query: &str) -> Self {
        self.path = format!("{}?{query}", self.path);
        self
    }

    pub async fn send(&self, client: &Client<'_>) -> TestResponse {
        let headers: Vec<(&str, &str)> =
            self.headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        match &self.body {
            Some(Body::Raw(content_type, bytes)) => {
                client
                    .send_bytes(self.method.clone(), &self.path, content_type, bytes.clone())
                    .await
            }
            Some(Body::Json(body)) => {
                client
                    .send_with(self.method.clone(), &self.path, Some(body), &headers)
                    .await
            }
            None => {
                client
                    .send_with(self.method.clone(), &self.path, None, &headers)
                    .await
            }
        }
    }
}

/// The account a call is made as: a fresh one per call, so what one call changes (a logout,
/// a deleted account, a used quota) never reaches another.
pub struct Caller<'a> {
    pub client: Client<'a>,
    /// `None` for the anonymous column.
    pub id: Option<i64>,
    pub phone: Option<String>,
}

impl Caller<'_> {
    pub fn is_anonymous(&self) -> bool {
        self.id.is_none()
    }
}

/// The app, long-lived staff of every kind (to prepare records with), and the shared records
/// made so far.
pub struct World<'a> {
    pub app: &'a TestApp,
    /// City administrator (440300).
    pub admin: Client<'a>,
    /// Workstation staff and committee member of 红荔社区 (440304001001).
    pub workstation: Client<'a>,
    pub committee: Client<'a>,
    /// Social worker of 华富街道 (440304001).
    pub social: Client<'a>,
    /// A resident of 红荔社区, the owner of records that belong to "someone else".
    pub resident: Client<'a>,
    pub resident_id: i64,
    accounts: AtomicU32,
    memo: tokio::sync::Mutex<HashMap<&'static str, Value>>,
}

impl<'a> World<'a> {
    pub async fn new(app: &'a TestApp) -> Self {
        let mut w = Self {
            app,
            admin: app.client(),
            workstation: app.client(),
            committee: app.client(),
            social: app.client(),
            resident: app.client(),
            resident_id: 0,
            accounts: AtomicU32::new(0),
            memo: Default::default(),
        };
        w.admin = w.caller(6).await.client;
        w.workstation = w.caller(3).await.client;
        w.committee = w.caller(2).await.client;
        w.social = w.caller(5).await.client;
        let resident = w.caller(1).await;
        w.resident = resident.client;
        w.resident_id = resident.id.expect("logged in");
        w
    }

    /// A fresh, numbered phone number (random ones collide now and then).
    pub fn phone(&self) -> String {
        let n = self.accounts.fetch_add(1, Ordering::Relaxed) + 1;
        format!("139{n:08}")
    }

    /// A new caller of `column`: a logged-in account with the column's grant, or nobody.
    pub async fn caller(&self, column: usize) -> Caller<'a> {
        if column == 0 {
            return Caller {
                client: self.app.client(),
                id: None,
                phone: None,
            };
        }
        let phone = self.phone();
        let id = self.account(&phone, grant(column)).await;
        let client = self.app.client();
        client.set_cookie(Some(self.session(id).await));
        Caller {
            client,
            id: Some(id),
            phone: Some(phone),
        }
    }

    /// A new logged-in resident of 红荔社区 (with its id).
    pub async fn new_resident(&self) -> (Client<'a>, i64) {
        let c = self.caller(1).await;
        (c.client, c.id.expect("logged in"))
    }

    /// A session token for account `id`, stored as the login route stores it. The login route
    /// is called by its own fixture; the other callers skip its password check (a deliberately
    /// slow hash) to keep the test's run short.
    async fn session(&self, id: i64) -> String {
        use server::accounts::{session, store};
        let token = session::new_token();
        let now = self.app.config.clock.now();
        store::insert_session(
            self.app.db.pool(),
            &store::NewSession {
                hash: &session::token_hash(&token),
                user_id: id,
                expires_at: now + 86_400,
                mfa_pending: false,
                user_agent: "authz test",
            },
            now,
        )
        .await
        .expect("session");
        token
    }

    /// The phone number of a new resident of 红荔社区 (not logged in anywhere).
    pub async fn new_resident_phone(&self) -> String {
        let phone = self.phone();
        self.account(&phone, None).await;
        phone
    }

    /// A resident of 红荔社区, with the grant if any.
    async fn account(&self, phone: &str, grant: Option<(Role, &str, Option<&str>)>) -> i64 {
        self.app.create_user(phone, grant.as_slice()).await
    }

    /// A record shared by the calls of read-only routes: made once by `make`, then remembered
    /// under `name`.
    pub async fn shared<F: Future<Output = Value>>(
        &self,
        name: &'static str,
        make: impl FnOnce() -> F,
    ) -> Value {
        let mut memo = self.memo.lock().await;
        if let Some(v) = memo.get(name) {
            return v.clone();
        }
        let v = make().await;
        memo.insert(name, v.clone());
        v
    }

    /// [`World::shared`] for a record named by its id.
    pub async fn shared_id<F: Future<Output = i64>>(
        &self,
        name: &'static str,
        make: impl FnOnce() -> F,
    ) -> i64 {
        self.shared(name, || async { json!(make().await) })
            .await
            .as_i64()
            .expect("id")
    }
}

/// Asserts a preparing request answered `want` and returns its JSON body.
#[track_caller]
pub fn expect(res: TestResponse, want: StatusCode) -> Value {
    res.assert_status(want);
    serde_json::from_slice(&res.body).unwrap_or(Value::Null)
}
