//! `TestApp`: a fresh database and the real router, with one method per kind of request.
#![allow(dead_code, reason = "not every test binary uses every helper")]

use std::path::PathBuf;

use axum::{
    Router,
    body::{Body, Bytes},
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use http_body_util::BodyExt as _;
use serde::{Serialize, de::DeserializeOwned};
use server::{
    AppState, Config, Db,
    assets::Assets,
    directory::{engine::SearchIndex, pages::ServicePages},
    shutdown::Shutdown,
};
use tower::ServiceExt as _;

/// Runs each listed `async fn name(app: TestApp)` once on SQLite and once on PostgreSQL, as
/// `sqlite::name` and `postgres::name`. With `at CONSTANT;` first (a constant in scope, such
/// as [`NOW`]), each app runs on a clock standing at that instant (see
/// [`TestApp::with_clock`]), so the test sees the same "now" whatever the time of day.
macro_rules! both_backends {
    (at $at:ident; $($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::helpers::TestApp::sqlite().await.with_clock(super::$at)).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::helpers::TestApp::postgres().await.with_clock(super::$at)).await
            })*
        }
    };
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::helpers::TestApp::sqlite().await).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::helpers::TestApp::postgres().await).await
            })*
        }
    };
}

/// The instant the booking, accounts and directory tests run at: Thursday 26 November 2026,
/// 10:00 in Shenzhen (02:00 UTC), a working day with no holiday in the weeks around it, the
/// same instant the booking rules' unit tests use.
/// Tests serve no web app: the API and its documents are what they drive.
fn no_assets() -> Assets {
    Assets::Dir(PathBuf::from("/nonexistent"))
}

pub const NOW: i64 = 1_795_658_400;

pub struct TestApp {
    pub db: Db,
    pub router: Router,
    pub config: Config,
    _cleanup: Cleanup,
}

/// Removes the test's database when the test ends, passed or failed.
enum Cleanup {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

/// A new, empty database (no migrations) on the same backend, dropped with this value.
pub struct Scratch {
    pub url: String,
    pub data_dir: PathBuf,
    _cleanup: Cleanup,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime: use a thread with its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(rt) = rt {
                    rt.block_on(async {
                        if let Ok(admin) = Db::connect(&admin_url).await {
                            let _ = sqlx::query(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .execute(admin.pool())
                            .await;
                            admin.close().await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// Server of the PostgreSQL test databases; `LINLI_TEST_POSTGRES` overrides it.
pub fn postgres_admin_url() -> String {
    std::env::var("LINLI_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// The URL of database `name` on the server of `admin_url`.
fn database_url(admin_url: &str, name: &str) -> String {
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    format!("{base}/{name}")
}

/// `LINLI_TEST_FRESH_SCHEMA=1`: every test database is migrated from nothing instead of copied
/// from a migrated template (to measure what the templates save, or to rule them out).
fn fresh_schema() -> bool {
    std::env::var_os("LINLI_TEST_FRESH_SCHEMA").is_some_and(|v| v == "1")
}

/// A migrated SQLite file to copy test databases from, named after the schema's fingerprint
/// (a changed migration gets a new template). Whichever test process comes first builds it
/// under a unique name and renames it into place, so a concurrent or interrupted build never
/// leaves a half-migrated template behind.
async fn sqlite_template() -> PathBuf {
    let fingerprint = server::schema_fingerprint(server::db::Backend::Sqlite);
    let template = std::env::temp_dir().join(format!("linli_template_{fingerprint}.db"));
    if template.exists() {
        return template;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::connect(&Config::default_database_url(dir.path()))
        .await
        .expect("connect template");
    server::migrate(&db).await.expect("migrate template");
    let building = std::env::temp_dir().join(unique_name("linli_template_building"));
    // One self-contained file, without the write-ahead log beside it.
    sqlx::query(&format!("VACUUM INTO '{}'", building.display()))
        .execute(db.pool())
        .await
        .expect("write the template");
    db.close().await;
    std::fs::rename(&building, &template).expect("put the template in place");
    template
}

/// A migrated database to clone test databases from, named after the schema's fingerprint so a
/// changed migration gets a new template. Built once by whichever test process comes first
/// (under an advisory lock), under a temporary name renamed into place when complete, so an
/// interrupted build never leaves a half-migrated template behind.
async fn postgres_template(admin: &Db, admin_url: &str) -> String {
    let fingerprint = server::schema_fingerprint(server::db::Backend::Postgres);
    let template = format!("linli_template_{fingerprint}");
    if database_exists(admin, &template).await {
        return template;
    }
    let mut lock = admin.pool().acquire().await.expect("connection");
    sqlx::query("SELECT pg_advisory_lock(20261203)")
        .execute(&mut *lock)
        .await
        .expect("advisory lock");
    if !database_exists(admin, &template).await {
        let building = unique_name("linli_template_building");
        sqlx::query(&format!("CREATE DATABASE {building}"))
            .execute(admin.pool())
            .await
            .expect("create template");
        let db = Db::connect(&database_url(admin_url, &building))
            .await
            .expect("connect template");
        server::migrate(&db).await.expect("migrate template");
        db.close().await;
        // The closed connections' server processes may linger for a moment, and an autovacuum
        // worker may have connected to analyse the freshly loaded tables: end them, then rename.
        let rename = format!("ALTER DATABASE {building} RENAME TO {template}");
        let mut delay = std::time::Duration::from_millis(20);
        for attempt in 0.. {
            let _ = sqlx::query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = $1 AND pid <> pg_backend_pid()",
            )
            .bind(&building)
            .execute(admin.pool())
            .await;
            match sqlx::query(&rename).execute(admin.pool()).await {
                Ok(_) => break,
                Err(e)
                    if attempt < 100 && e.to_string().contains("being accessed by other users") =>
                {
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(std::time::Duration::from_millis(500));
                }
                Err(e) => panic!("{rename}: {e}"),
            }
        }
    }
    sqlx::query("SELECT pg_advisory_unlock(20261203)")
        .execute(&mut *lock)
        .await
        .expect("advisory unlock");
    template
}

async fn database_exists(admin: &Db, name: &str) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_one(admin.pool())
        .await
        .expect("pg_database")
        > 0
}

/// `CREATE DATABASE … TEMPLATE …`, retried while PostgreSQL reports the template busy (it
/// refuses to copy a database another session is connected to, e.g. a concurrent clone).
async fn clone_database(admin: &Db, template: &str, name: &str) {
    retry_while_busy(
        admin,
        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
    )
    .await;
}

/// Runs a database-level statement, retrying while PostgreSQL reports the database in use.
async fn retry_while_busy(admin: &Db, sql: &str) {
    let mut delay = std::time::Duration::from_millis(20);
    for attempt in 0.. {
        match sqlx::query(sql).execute(admin.pool()).await {
            Ok(_) => return,
            Err(e) if attempt < 240 && e.to_string().contains("being accessed by other users") => {
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(std::time::Duration::from_millis(500));
            }
            Err(e) => panic!("{sql}: {e}"),
        }
    }
}

/// The first run of six digits in an SMS text.
pub fn code_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(6)
        .enumerate()
        .find(|(i, w)| {
            w.iter().all(char::is_ascii_digit)
                && !chars.get(i + 6).is_some_and(char::is_ascii_digit)
                && (*i == 0 || !chars[i - 1].is_ascii_digit())
        })
        .map(|(_, w)| w.iter().collect())
}

pub fn unique_name(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

impl TestApp {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = Config::default_database_url(dir.path());
        if !fresh_schema() {
            std::fs::copy(sqlite_template().await, dir.path().join("linli.db"))
                .expect("copy the template database");
        }
        let config = Config::for_tests(url, dir.path().to_path_buf());
        Self::start(config, Cleanup::Sqlite(dir)).await
    }

    pub async fn postgres() -> Self {
        let admin_url = postgres_admin_url();
        let name = unique_name("linli_test");
        let admin = Db::connect(&admin_url)
            .await
            .expect("PostgreSQL must be running for the tests");
        if fresh_schema() {
            retry_while_busy(&admin, &format!("CREATE DATABASE {name}")).await;
        } else {
            let template = postgres_template(&admin, &admin_url).await;
            clone_database(&admin, &template, &name).await;
        }
        admin.close().await;
        let url = database_url(&admin_url, &name);
        let data_dir = std::env::temp_dir().join(&name);
        let config = Config::for_tests(url, data_dir);
        Self::start(config, Cleanup::Postgres { admin_url, name }).await
    }

    async fn start(config: Config, cleanup: Cleanup) -> Self {
        let db = Db::connect(&config.database_url).await.expect("connect");
        server::migrate(&db).await.expect("migrate");
        let router = server::router(AppState::new(db.clone(), config.clone(), no_assets()));
        Self {
            db,
            router,
            config,
            _cleanup: cleanup,
        }
    }

    /// Another fresh, empty database on the same backend as this one.
    pub async fn another(&self) -> Self {
        if self.config.database_url.starts_with("postgres") {
            Self::postgres().await
        } else {
            Self::sqlite().await
        }
    }

    /// A new, empty database (not even migrated) on the same backend as this one.
    pub async fn scratch_database(&self) -> Scratch {
        if self.config.database_url.starts_with("postgres") {
            let admin_url = postgres_admin_url();
            let name = unique_name("linli_scratch");
            let admin = Db::connect(&admin_url).await.expect("PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(admin.pool())
                .await
                .expect("create database");
            admin.close().await;
            let base = admin_url
                .rsplit_once('/')
                .map_or(admin_url.as_str(), |(b, _)| b);
            Scratch {
                url: format!("{base}/{name}"),
                data_dir: std::env::temp_dir().join(&name),
                _cleanup: Cleanup::Postgres { admin_url, name },
            }
        } else {
            let dir = tempfile::tempdir().expect("temp dir");
            Scratch {
                url: Config::default_database_url(dir.path()),
                data_dir: dir.path().to_path_buf(),
                _cleanup: Cleanup::Sqlite(dir),
            }
        }
    }

    /// Another server instance: its own pool, data directory and router, on `database_url`
    /// (migrated first), as a second process behind a load balancer would be. It reads the
    /// same clock as this one, as processes on one host read one system time.
    pub async fn instance(&self, database_url: &str, data_dir: PathBuf) -> (Db, Router) {
        let mut config = Config::for_tests(database_url.to_owned(), data_dir);
        config.clock = self.config.clock.clone();
        let db = Db::connect(database_url).await.expect("connect");
        server::migrate(&db).await.expect("migrate");
        let router = server::router(AppState::new(db.clone(), config, no_assets()));
        (db, router)
    }

    /// The same database, served with a changed configuration.
    pub fn with_config(mut self, change: impl FnOnce(&mut Config)) -> Self {
        change(&mut self.config);
        self.router = server::router(self.state());
        self
    }

    /// Stops this instance and starts a new one on the same database (as after a restart):
    /// the pool is closed, migrations run again, a new router is built.
    pub async fn restart(self) -> Self {
        self.db.close().await;
        let Self {
            config, _cleanup, ..
        } = self;
        Self::start(config, _cleanup).await
    }

    /// The same database, served with another asset directory.
    pub fn with_assets(mut self, dir: PathBuf) -> Self {
        self.router = server::router(AppState::new(
            self.db.clone(),
            self.config.clone(),
            Assets::Dir(dir),
        ));
        self
    }

    pub async fn request(&self, req: Request<Body>) -> TestResponse {
        respond(&self.router, req).await
    }

    /// This app with a directory search index of its own (in a temporary directory), built
    /// and ready; the app itself keeps searching through SQL (the oracle).
    pub async fn indexed(&self) -> Indexed {
        let dir = tempfile::tempdir().expect("temp dir");
        Indexed::open(self, dir).await
    }

    /// A router with `search_index` whose versions are followed until `shutdown`, as
    /// `linli serve` builds it.
    async fn state_with(
        &self,
        search_index: SearchIndex,
        shutdown: &Shutdown,
    ) -> (Router, std::sync::Arc<ServicePages>) {
        let state = AppState {
            search_index: std::sync::Arc::new(search_index),
            outbox: Default::default(),
            ..self.state()
        };
        drop(state.service_pages.follow(
            self.db.clone(),
            self.config.database_url.clone(),
            shutdown.clone(),
        ));
        let pages = state.service_pages.clone();
        (server::router(state), pages)
    }
}

/// A router whose directory search uses its own search index.
pub struct Indexed {
    pub index: SearchIndex,
    /// Its service pages and the versions they keep.
    pub pages: std::sync::Arc<ServicePages>,
    pub router: Router,
    pub shutdown: Shutdown,
    pub task: tokio::task::JoinHandle<()>,
    pub dir: tempfile::TempDir,
}

impl Indexed {
    /// Opens (or reopens) the index in `dir` for `app`'s database and waits until it is ready.
    pub async fn open(app: &TestApp, dir: tempfile::TempDir) -> Self {
        let shutdown = Shutdown::default();
        let (index, task) = SearchIndex::open(&app.db, dir.path(), &shutdown).expect("open index");
        assert!(
            index.wait_ready(std::time::Duration::from_secs(60)).await,
            "the search index did not become ready"
        );
        let (router, pages) = app.state_with(index.clone(), &shutdown).await;
        Self {
            index,
            pages,
            router,
            shutdown,
            task,
            dir,
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        respond(
            &self.router,
            Request::get(path).body(Body::empty()).expect("request"),
        )
        .await
    }

    /// A search as the person whose session token `client` holds.
    pub async fn get_as(&self, client: &Client<'_>, path: &str) -> TestResponse {
        let token = client.cookie().expect("logged in");
        respond(
            &self.router,
            Request::get(path)
                .header(header::COOKIE, format!("linli_session={token}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// Stops the follower and releases the index (its directory is kept).
    pub async fn close(self) -> tempfile::TempDir {
        self.shutdown.trigger();
        let _ = self.task.await;
        drop(self.router);
        drop(self.index);
        self.dir
    }
}

/// Sends a request to a router and collects the answer.
pub async fn respond(router: &Router, req: Request<Body>) -> TestResponse {
    let response = router
        .clone()
        .oneshot(req)
        .await
        .expect("router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    TestResponse {
        status,
        headers,
        body,
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut req = Request::get(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.request(req.body(Body::empty()).expect("request"))
            .await
    }

    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> TestResponse {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("x-linli-csrf", "1");
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        self.request(req.body(body.into()).expect("request")).await
    }

    pub async fn post_json(&self, path: &str, body: &impl Serialize) -> TestResponse {
        let body = serde_json::to_vec(body).expect("serialise");
        self.send_raw(Method::POST, path, Some("application/json"), body)
            .await
    }
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl TestResponse {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the shared JSON error shape and returns its code.
    pub fn error_code(&self) -> String {
        let body: app::api::ErrorBody = self.json();
        assert!(!body.error.message.is_empty(), "error without message");
        assert!(
            self.header("content-type")
                .is_some_and(|c| c.starts_with("application/json")),
            "error is not JSON"
        );
        body.error.code
    }

    /// The error code, if the body is an error.
    pub fn error_code_opt(&self) -> Option<String> {
        serde_json::from_slice::<app::api::ErrorBody>(&self.body)
            .ok()
            .map(|b| b.error.code)
    }

    #[track_caller]
    pub fn assert_status(&self, want: StatusCode) -> &Self {
        assert_eq!(self.status, want, "body: {}", self.text());
        self
    }
}

/// Password of the accounts made by [`TestApp::create_user`].
pub const PASSWORD: &str = "correct-horse-42";

/// A browser-like client: keeps the session cookie, sends the CSRF header on writes, and
/// comes from its own address (`X-Forwarded-For`).
pub struct Client<'a> {
    app: &'a TestApp,
    cookie: std::sync::Mutex<Option<String>>,
    pub ip: String,
}

impl TestApp {
    pub fn client(&self) -> Client<'_> {
        Client {
            app: self,
            cookie: std::sync::Mutex::new(None),
            ip: format!("10.0.{}.{}", rand::random::<u8>(), rand::random::<u8>()),
        }
    }

    /// Creates an account with staff roles directly in the database; returns its id.
    /// `roles`: (role, region code, department code).
    pub async fn create_user(
        &self,
        phone: &str,
        roles: &[(app::api::accounts::Role, &str, Option<&str>)],
    ) -> i64 {
        use server::{
            accounts::{password, store},
            regions::store as regions,
        };
        // The password is hashed once per test process: the hash is deliberately slow.
        static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        let hash = HASH
            .get_or_init(|| async {
                let pw = password::NewPassword::parse(PASSWORD, None).expect("test password");
                password::hash(pw).await.expect("hash")
            })
            .await;
        let home = regions::by_code(&self.db, "440304001001")
            .await
            .expect("region")
            .map(|r| r.id);
        let id = store::insert_user(
            self.db.pool(),
            &store::NewUser {
                phone,
                password_hash: hash,
                display_name: "测试用户",
                home_region_id: home,
            },
            self.config.clock.now(),
        )
        .await
        .expect("insert user");
        for (role, region, dept) in roles {
            let region = regions::by_code(&self.db, region)
                .await
                .expect("region")
                .expect("region exists")
                .id;
            let dept = match dept {
                Some(code) => Some(
                    store::department_by_code(&self.db, code)
                        .await
                        .expect("dept")
                        .expect("dept exists")
                        .id,
                ),
                None => None,
            };
            store::insert_grant(
                self.db.pool(),
                id,
                *role,
                region,
                dept,
                None,
                self.config.clock.now(),
            )
            .await
            .expect("grant");
        }
        id
    }

    /// Delivers the outbox through a file sender, as `linli serve --sms-sender file:PATH` does,
    /// and returns every SMS text sent to `phone` so far, oldest first.
    pub async fn sms_to(&self, phone: &str) -> Vec<String> {
        use server::notifications::outbox::{Channel, FileSender, Senders, dispatch_once};
        std::fs::create_dir_all(&self.config.data_dir).expect("data dir");
        let path = self.config.data_dir.join("sms.jsonl");
        let senders = Senders::new(vec![std::sync::Arc::new(FileSender::new(
            Channel::Sms,
            path.clone(),
        ))]);
        dispatch_once(&self.db, &senders, self.config.clock.now(), 1000)
            .await
            .expect("dispatch");
        // As typed ("+86 139-1234-5678") or as stored: the sender gets the 11 digits.
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let phone = digits
            .strip_prefix("86")
            .filter(|d| d.len() == 11)
            .unwrap_or(&digits);
        std::fs::read_to_string(&path)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line"))
            .filter(|m| m["to"] == *phone)
            .map(|m| m["text"].as_str().expect("text").to_owned())
            .collect()
    }

    /// Asks for a code as `client` (202) and returns it as read from the SMS that carried it.
    pub async fn sms_code(&self, client: &Client<'_>, phone: &str, purpose: &str) -> String {
        client
            .post(
                "/api/v1/auth/sms-codes",
                &serde_json::json!({"phone": phone, "purpose": purpose}),
            )
            .await
            .assert_status(StatusCode::ACCEPTED);
        let texts = self.sms_to(phone).await;
        let last = texts.last().expect("an SMS was sent");
        code_in(last).expect("a code in the SMS")
    }

    /// Registers through the API with a code sent to the body's phone, as a resident does.
    pub async fn register(&self, client: &Client<'_>, mut body: serde_json::Value) -> TestResponse {
        let phone = body["phone"].as_str().expect("phone").to_owned();
        body["sms_code"] = self.sms_code(client, &phone, "register").await.into();
        client.post("/api/v1/auth/register", &body).await
    }

    /// A logged-in client of a new account with the given roles.
    pub async fn login_as(
        &self,
        phone: &str,
        roles: &[(app::api::accounts::Role, &str, Option<&str>)],
    ) -> Client<'_> {
        self.create_user(phone, roles).await;
        let client = self.client();
        client
            .login(phone, PASSWORD)
            .await
            .assert_status(StatusCode::OK);
        client
    }
}

impl Client<'_> {
    pub fn cookie(&self) -> Option<String> {
        self.cookie.lock().expect("lock").clone()
    }

    pub fn set_cookie(&self, value: Option<String>) {
        *self.cookie.lock().expect("lock") = value;
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> TestResponse {
        let mut req = Request::builder()
            .method(method.clone())
            .uri(path)
            .header("x-forwarded-for", &self.ip);
        if let Some(token) = self.cookie() {
            req = req.header(header::COOKIE, format!("linli_session={token}"));
        }
        if method != Method::GET {
            req = req.header("x-linli-csrf", "1");
        }
        let body = match body {
            Some(b) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(serde_json::to_vec(b).expect("json"))
            }
            None => Body::empty(),
        };
        let res = self.app.request(req.body(body).expect("request")).await;
        for value in res.headers.get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap_or("");
            if let Some(rest) = value.strip_prefix("linli_session=") {
                let token = rest.split(';').next().unwrap_or("");
                self.set_cookie(
                    (!token.is_empty() && !value.contains("Max-Age=0")).then(|| token.to_owned()),
                );
            }
        }
        res
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Method::GET, path, None).await
    }

    /// Logs in with a phone number and password (`POST /api/v1/auth/login`).
    pub async fn login(&self, phone: &str, password: &str) -> TestResponse {
        self.post(
            "/api/v1/auth/login",
            &serde_json::json!({"phone": phone, "password": password}),
        )
        .await
    }

    /// The id of the account this client is logged in as (`GET /api/v1/me`).
    pub async fn user_id(&self) -> i64 {
        let me: serde_json::Value = self.get("/api/v1/me").await.json();
        me["id"].as_i64().expect("logged in")
    }

    /// The account's in-app notifications, newest first (`GET /api/v1/me/notifications`).
    pub async fn notifications<T: DeserializeOwned>(&self) -> T {
        let res = self.get("/api/v1/me/notifications").await;
        res.assert_status(StatusCode::OK);
        res.json()
    }

    /// A GET asking for the answer in `lang` (`Accept-Language`).
    pub async fn get_in(&self, path: &str, lang: &str) -> TestResponse {
        self.send_with(Method::GET, path, None, &[("accept-language", lang)])
            .await
    }

    /// A request with a raw body (file uploads).
    pub async fn send_bytes(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> TestResponse {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("x-forwarded-for", &self.ip)
            .header("x-linli-csrf", "1")
            .header(header::CONTENT_TYPE, content_type);
        if let Some(token) = self.cookie() {
            req = req.header(header::COOKIE, format!("linli_session={token}"));
        }
        self.app
            .request(req.body(Body::from(body)).expect("request"))
            .await
    }

    /// A request with extra headers (e.g. `Idempotency-Key`).
    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut req = Request::builder()
            .method(method.clone())
            .uri(path)
            .header("x-forwarded-for", &self.ip);
        if let Some(token) = self.cookie() {
            req = req.header(header::COOKIE, format!("linli_session={token}"));
        }
        if method != Method::GET {
            req = req.header("x-linli-csrf", "1");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let body = match body {
            Some(b) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(serde_json::to_vec(b).expect("json"))
            }
            None => Body::empty(),
        };
        self.app.request(req.body(body).expect("request")).await
    }

    pub async fn post(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> TestResponse {
        self.send(Method::DELETE, path, None).await
    }
}

impl TestApp {
    /// The same database, served with a clock standing at `at` (Unix seconds); move it with
    /// [`TestApp::move_clock`] (or `self.config.clock.set(…)` when no one is logged in).
    pub fn with_clock(mut self, at: i64) -> Self {
        self.config.clock = server::clock::Clock::fixed(at);
        self.router = server::router(self.state());
        self
    }

    /// Moves the fixed clock to `at`, and keeps every logged-in client logged in as if it had
    /// just been active: sessions expire by the same clock, and a test that jumps days ahead
    /// is about those days, not about idle staff being logged out.
    pub async fn move_clock(&self, at: i64) {
        self.config.clock.set(at);
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $1, \
             expires_at = CASE WHEN expires_at < $2 THEN $2 ELSE expires_at END",
        )
        .bind(at)
        .bind(at + 86_400)
        .execute(self.db.pool())
        .await
        .expect("keep sessions");
    }

    /// Makes every write to the audit log fail, as a full disk or a revoked privilege would
    /// (`false` lets them through again).
    pub async fn audit_fails(&self, fails: bool) {
        use server::db::Backend;
        let statements: &[&str] = match (self.db.backend(), fails) {
            (Backend::Sqlite, true) => &["CREATE TRIGGER audit_down BEFORE INSERT ON audit_log \
                 BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END"],
            (Backend::Sqlite, false) => &["DROP TRIGGER audit_down"],
            (Backend::Postgres, true) => &[
                "CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql \
                 AS $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$",
                "CREATE TRIGGER audit_down BEFORE INSERT ON audit_log \
                 FOR EACH ROW EXECUTE FUNCTION audit_down()",
            ],
            (Backend::Postgres, false) => &[
                "DROP TRIGGER audit_down ON audit_log",
                "DROP FUNCTION audit_down()",
            ],
        };
        for sql in statements {
            sqlx::query(sql)
                .execute(self.db.pool())
                .await
                .expect("audit trigger");
        }
    }

    /// The app's state as handlers see it (for calling periodic tasks directly).
    pub fn state(&self) -> AppState {
        AppState::new(self.db.clone(), self.config.clone(), no_assets())
    }
}

/// A `multipart/form-data` body of `(name, filename, content type, bytes)` parts, with its
/// content type.
pub fn multipart_body(parts: &[(&str, Option<&str>, &str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "linli-test-boundary-7d93a";
    let mut body = Vec::new();
    for (name, filename, content_type, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match filename {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n")
                    .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(format!("Content-Type: {content_type}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Client<'_> {
    /// Sends a `multipart/form-data` body: `(name, filename, content type, bytes)` parts.
    pub async fn post_multipart(
        &self,
        path: &str,
        parts: &[(&str, Option<&str>, &str, Vec<u8>)],
    ) -> TestResponse {
        let (content_type, body) = multipart_body(parts);
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header("x-forwarded-for", &self.ip)
            .header("x-linli-csrf", "1")
            .header(header::CONTENT_TYPE, content_type);
        if let Some(token) = self.cookie() {
            req = req.header(header::COOKIE, format!("linli_session={token}"));
        }
        self.app
            .request(req.body(Body::from(body)).expect("request"))
            .await
    }
}
