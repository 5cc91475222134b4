//! Channels (issue 17): a verified email address, the account's language and its choice of SMS
//! and email per topic. Mail goes through a real SMTP server (aiosmtpd, started here) and SMS
//! through a real HTTP gateway (an axum server started here).
use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
};

use app::api::{
    Text,
    accounts::Me,
    notifications::{Language, NotificationSettings, Topic},
};
use axum::http::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};
use server::notifications::{
    Channels, Notice, notify,
    outbox::{
        Channel, DispatchReport, FileSender, HttpSmsSender, Secret, Senders, SmtpSender,
        SmtpSetting, dispatch_once,
    },
};

use crate::helpers::{NOW, TestApp, code_in};

both_backends!(
    at NOW;
    an_email_address_is_kept_only_once_its_code_is_confirmed,
    notices_go_by_the_channels_each_topic_chooses_in_the_account_language,
    an_sms_gateway_gets_each_message_once_with_its_token,
);

/// The Python of the venv `ensure_aiosmtpd` makes (`$LINLI_TOOLS_DIR`, else the default).
/// Missing, the test fails: it never passes without a real SMTP server.
fn aiosmtpd_python() -> PathBuf {
    let tools = std::env::var("LINLI_TOOLS_DIR").unwrap_or_else(|_| {
        format!(
            "{}/.cache/linli-tools",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    let path = Path::new(&tools).join("aiosmtpd/bin/python");
    assert!(
        path.exists(),
        "aiosmtpd is not installed at {}: run `bash -c 'source scripts/lib.sh; ensure_aiosmtpd'` \
         (scripts/test.sh does it)",
        path.display()
    );
    path
}

/// A local SMTP server writing each mail it accepts, decoded, as a JSON line.
struct SmtpServer {
    child: Child,
    port: u16,
    file: PathBuf,
}

impl SmtpServer {
    fn start(dir: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let file = dir.join("mail.jsonl");
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/api/fixtures/smtp_sink.py"
        );
        let mut child = Command::new(aiosmtpd_python())
            .arg(script)
            .arg(port.to_string())
            .arg(&file)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP server");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut ready)
            .expect("read");
        assert_eq!(ready.trim(), "ready", "the SMTP server did not start");
        Self { child, port, file }
    }

    fn setting(&self) -> SmtpSetting {
        SmtpSetting {
            host: "127.0.0.1".into(),
            port: self.port,
            from: "邻里 Linli <noreply@linli.localhost>".into(),
        }
    }

    /// Every mail received so far, oldest first.
    fn mails(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Delivers the outbox at `now` as `linli serve --sms-sender file:… --smtp-url …` does.
async fn deliver(app: &TestApp, smtp: &SmtpServer, now: i64) -> DispatchReport {
    let senders = Senders::new(vec![
        Arc::new(FileSender::new(
            Channel::Sms,
            app.config.data_dir.join("sms.jsonl"),
        )),
        Arc::new(SmtpSender::new(&smtp.setting()).expect("smtp sender")),
    ]);
    dispatch_once(&app.db, &senders, now, 1000)
        .await
        .expect("dispatch")
}

/// The SMS texts written to the file sender for `phone`.
fn sms_to(app: &TestApp, phone: &str) -> Vec<String> {
    std::fs::read_to_string(app.config.data_dir.join("sms.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json line"))
        .filter(|m| m["to"] == phone)
        .map(|m| m["text"].as_str().expect("text").to_owned())
        .collect()
}

fn smtp_dir(app: &TestApp) -> PathBuf {
    std::fs::create_dir_all(&app.config.data_dir).expect("data dir");
    app.config.data_dir.clone()
}

async fn an_email_address_is_kept_only_once_its_code_is_confirmed(app: TestApp) {
    let smtp = SmtpServer::start(&smtp_dir(&app));
    let client = app.login_as("13912345601", &[]).await;
    let res = client
        .put(
            "/api/v1/me/email",
            &json!({"email": "zhang.wei@example.cn", "code": "123456"}),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "email_code_invalid");
    let res = client
        .post(
            "/api/v1/me/email-codes",
            &json!({"email": "not an address"}),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "invalid_email");

    client
        .post(
            "/api/v1/me/email-codes",
            &json!({"email": " Zhang.Wei@Example.CN "}),
        )
        .await
        .assert_status(StatusCode::ACCEPTED);
    assert_eq!(deliver(&app, &smtp, NOW).await.sent, 1);
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert_eq!(mail["rcpt_to"], json!(["zhang.wei@example.cn"]));
    assert_eq!(
        (mail["content_type"].as_str(), mail["charset"].as_str()),
        (Some("text/plain"), Some("utf-8"))
    );
    assert!(
        mail["subject"]
            .as_str()
            .is_some_and(|s| s.starts_with("邻里 · 邮箱验证码")),
        "{mail}"
    );
    assert!(
        mail["from"]
            .as_str()
            .is_some_and(|f| f.contains("邻里 Linli")),
        "{mail}"
    );
    let code = code_in(mail["text"].as_str().expect("text")).expect("a code in the mail");
    // Delivered: the outbox no longer holds a usable code.
    let kept: String =
        sqlx::query_scalar("SELECT body FROM notification_outbox WHERE channel = 'email'")
            .fetch_one(app.db.pool())
            .await
            .expect("outbox");
    assert!(!kept.contains(&code), "{kept}");

    let wrong = if code == "000000" { "000001" } else { "000000" };
    let res = client
        .put(
            "/api/v1/me/email",
            &json!({"email": "zhang.wei@example.cn", "code": wrong}),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "email_code_invalid");
    // A code proves only the address it was sent to.
    let res = client
        .put(
            "/api/v1/me/email",
            &json!({"email": "li.na@example.cn", "code": code}),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let me: Me = client
        .put(
            "/api/v1/me/email",
            &json!({"email": "ZHANG.WEI@example.cn", "code": code}),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(me.email.as_deref(), Some("z***@example.cn"));
    let stored: Option<String> = sqlx::query_scalar("SELECT email FROM users WHERE phone = $1")
        .bind("13912345601")
        .fetch_one(app.db.pool())
        .await
        .expect("user");
    assert_eq!(stored.as_deref(), Some("zhang.wei@example.cn"));
    let res = client
        .put(
            "/api/v1/me/email",
            &json!({"email": "zhang.wei@example.cn", "code": code}),
        )
        .await;
    assert_eq!(res.error_code(), "email_code_expired", "a code works once");

    // One address, one account; a second code waits a minute.
    let other = app.login_as("13912345602", &[]).await;
    let res = other
        .post(
            "/api/v1/me/email-codes",
            &json!({"email": "zhang.wei@example.cn"}),
        )
        .await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "email_registered");
    let res = client
        .post(
            "/api/v1/me/email-codes",
            &json!({"email": "zhang.wei@example.cn"}),
        )
        .await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);

    let me: Me = client
        .send(Method::DELETE, "/api/v1/me/email", None)
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(me.email, None);
    let audit: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'account.email%' ORDER BY id",
    )
    .fetch_all(app.db.pool())
    .await
    .expect("audit");
    assert_eq!(audit, ["account.email_set", "account.email_removed"]);
}

fn notice(user_id: i64, kind: &'static str, title: (&str, &str), channels: Channels) -> Notice {
    Notice {
        user_id,
        kind,
        title: Text::new(title.0, Some(title.1.into())),
        body: Text::new("请查看详情。", Some("See the details.".into())),
        link: Some("/me".into()),
        channels,
    }
}

async fn tell(app: &TestApp, notices: &[Notice]) {
    let mut tx = app.db.begin_write().await.expect("tx");
    for n in notices {
        notify(&mut tx, n, NOW).await.expect("notify");
    }
    tx.commit().await.expect("commit");
}

/// A resident registered in English who then proved an email address.
async fn english_resident_with_email<'a>(
    app: &'a TestApp,
    smtp: &SmtpServer,
    phone: &str,
) -> (crate::helpers::Client<'a>, Me) {
    // Registered in English: the account's messages are in English.
    let client = app.client();
    let code = app.sms_code(&client, phone, "register").await;
    let body = json!({"phone": phone, "password": "tiger-lily-42", "display_name": "Amy",
                      "home_community": "440304001001", "sms_code": code});
    let me: Me = client
        .send_with(
            Method::POST,
            "/api/v1/auth/register",
            Some(&body),
            &[("accept-language", "en-GB,en;q=0.9")],
        )
        .await
        .assert_status(StatusCode::CREATED)
        .json();
    // (`send_with` keeps no cookie: log in as the resident would next time.)
    client
        .login(phone, "tiger-lily-42")
        .await
        .assert_status(StatusCode::OK);
    let settings: NotificationSettings = client
        .get("/api/v1/me/notification-settings")
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(settings.language, Language::En);
    assert_eq!(settings.email, None);
    assert_eq!(settings.phone, "139****5611");
    assert!(settings.topics.iter().all(|t| t.sms && t.email));
    assert_eq!(
        settings.topics.iter().map(|t| t.topic).collect::<Vec<_>>(),
        Topic::ALL
    );

    // A code speaks the language of the page that asked for it.
    client
        .send_with(
            Method::POST,
            "/api/v1/me/email-codes",
            Some(&json!({"email": "amy@example.cn"})),
            &[("accept-language", "en")],
        )
        .await
        .assert_status(StatusCode::ACCEPTED);
    deliver(app, smtp, NOW).await;
    let mail = smtp.mails().pop().expect("code mail");
    assert!(
        mail["subject"]
            .as_str()
            .is_some_and(|s| s.starts_with("Linli · your email code")),
        "asked in English: {mail}"
    );
    let code = code_in(mail["text"].as_str().expect("text")).expect("code");
    client
        .put(
            "/api/v1/me/email",
            &json!({"email": "amy@example.cn", "code": code}),
        )
        .await
        .assert_status(StatusCode::OK);

    (client, me)
}

async fn notices_go_by_the_channels_each_topic_chooses_in_the_account_language(app: TestApp) {
    let smtp = SmtpServer::start(&smtp_dir(&app));
    let phone = "13912345611";
    let (client, me) = english_resident_with_email(&app, &smtp, phone).await;

    // Booking notices by email only; feedback by SMS only; account notices as they were.
    let settings: NotificationSettings = client
        .put(
            "/api/v1/me/notification-settings",
            &json!({"topics": [{"topic": "booking", "sms": false, "email": true},
                               {"topic": "feedback", "sms": true, "email": false}]}),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    let get = |t: Topic| {
        *settings
            .topics
            .iter()
            .find(|c| c.topic == t)
            .expect("topic")
    };
    assert_eq!(
        (get(Topic::Booking).sms, get(Topic::Booking).email),
        (false, true)
    );
    assert_eq!(
        (get(Topic::Feedback).sms, get(Topic::Feedback).email),
        (true, false)
    );
    assert_eq!(
        (get(Topic::Account).sms, get(Topic::Account).email),
        (true, true)
    );
    assert_eq!(settings.email.as_deref(), Some("a***@example.cn"));
    let res = client
        .put(
            "/api/v1/me/notification-settings",
            &json!({"topics": [{"topic": "weather", "sms": true, "email": true}]}),
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let sms_before = sms_to(&app, phone).len();
    let mails_before = smtp.mails().len();
    tell(
        &app,
        &[
            notice(
                me.id,
                "booking.confirmed",
                ("预约已确认", "Booking confirmed"),
                Channels::SMS,
            ),
            notice(
                me.id,
                "lottery.won",
                ("您已中签", "You won the draw"),
                Channels::SMS,
            ),
            notice(
                me.id,
                "feedback.answered",
                ("您的意见已答复", "Your case was answered"),
                Channels::SMS,
            ),
            // A receipt stays in the app, whatever the settings.
            notice(
                me.id,
                "feedback.submitted",
                ("已收到您的意见", "We received your case"),
                Channels::IN_APP,
            ),
        ],
    )
    .await;
    let report = deliver(&app, &smtp, NOW).await;
    assert_eq!((report.sent, report.failed, report.retried), (3, 0, 0));
    let sms = sms_to(&app, phone);
    assert_eq!(
        sms[sms_before..],
        ["[Linli] Your case was answered: See the details."]
    );
    let mails = smtp.mails();
    let subjects: Vec<&str> = mails[mails_before..]
        .iter()
        .map(|m| m["subject"].as_str().expect("subject"))
        .collect();
    assert_eq!(
        subjects,
        ["Linli · Booking confirmed", "Linli · You won the draw"]
    );
    let text = mails.last().expect("mail")["text"].as_str().expect("text");
    assert!(
        text.starts_with("See the details.") && text.contains("Me → Notifications"),
        "{text}"
    );
    let unread: Value = client.notifications().await;
    assert_eq!(unread["unread"], 4, "in-app always: {unread}");

    // Back to Chinese; without an address no mail is queued at all.
    client
        .put(
            "/api/v1/me/notification-settings",
            &json!({"language": "zh"}),
        )
        .await
        .assert_status(StatusCode::OK);
    tell(
        &app,
        &[notice(
            me.id,
            "booking.confirmed",
            ("预约已确认", "Booking confirmed"),
            Channels::SMS,
        )],
    )
    .await;
    deliver(&app, &smtp, NOW).await;
    let last = smtp.mails().pop().expect("mail");
    assert_eq!(last["subject"], "邻里 · 预约已确认");
    client
        .send(Method::DELETE, "/api/v1/me/email", None)
        .await
        .assert_status(StatusCode::OK);
    let queued = |app: &TestApp| {
        let pool = app.db.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM notification_outbox WHERE channel = 'email'",
            )
            .fetch_one(&pool)
            .await
            .expect("count")
        }
    };
    let before = queued(&app).await;
    tell(
        &app,
        &[notice(
            me.id,
            "booking.confirmed",
            ("预约已确认", "Booking confirmed"),
            Channels::SMS,
        )],
    )
    .await;
    assert_eq!(queued(&app).await, before);
}

/// What the gateway was sent: headers and body of each request.
type Seen = Arc<Mutex<Vec<(HeaderMap, Value)>>>;

/// An SMS gateway on a free port: it refuses the first request with 503 and accepts the rest.
async fn gateway() -> (url::Url, Seen) {
    let seen: Seen = Arc::default();
    let router = axum::Router::new().route(
        "/sms/send",
        axum::routing::post({
            let seen = seen.clone();
            move |headers: HeaderMap, axum::Json(body): axum::Json<Value>| {
                let seen = seen.clone();
                async move {
                    let mut seen = seen.lock().expect("lock");
                    seen.push((headers, body));
                    if seen.len() == 1 {
                        StatusCode::SERVICE_UNAVAILABLE
                    } else {
                        StatusCode::OK
                    }
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await });
    let url = url::Url::parse(&format!("http://{addr}/sms/send")).expect("url");
    (url, seen)
}

async fn an_sms_gateway_gets_each_message_once_with_its_token(app: TestApp) {
    let phone = "13912345621";
    let user = app.create_user(phone, &[]).await;
    tell(
        &app,
        &[notice(
            user,
            "booking.confirmed",
            ("预约已确认", "Booking confirmed"),
            Channels::SMS,
        )],
    )
    .await;
    let (url, seen) = gateway().await;
    let senders = Senders::new(vec![Arc::new(HttpSmsSender::new(
        url,
        Some(Secret::new("gateway-token-1234")),
    ))]);
    let report = dispatch_once(&app.db, &senders, NOW, 100)
        .await
        .expect("dispatch");
    assert_eq!(
        (report.sent, report.retried),
        (0, 1),
        "the gateway said 503"
    );
    // Not due again before its backoff; then delivered.
    let report = dispatch_once(&app.db, &senders, NOW + 30, 100)
        .await
        .expect("dispatch");
    assert_eq!(report, DispatchReport::default());
    let report = dispatch_once(&app.db, &senders, NOW + 61, 100)
        .await
        .expect("dispatch");
    assert_eq!(report.sent, 1);
    let report = dispatch_once(&app.db, &senders, NOW + 3600, 100)
        .await
        .expect("dispatch");
    assert_eq!(report, DispatchReport::default(), "sent once");

    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 2);
    for (headers, body) in &seen {
        assert_eq!(headers["authorization"], "Bearer gateway-token-1234");
        assert_eq!(body["to"], phone);
        assert_eq!(body["kind"], "booking.confirmed");
        assert_eq!(body["text"], "【邻里】预约已确认：请查看详情。");
    }
    assert_eq!(
        seen[0].0["idempotency-key"], seen[1].0["idempotency-key"],
        "a retry carries the same key"
    );
    let attempts: Vec<(String, i64, Option<String>)> =
        sqlx::query_as("SELECT sender, ok, error FROM notification_attempts ORDER BY id")
            .fetch_all(app.db.pool())
            .await
            .expect("attempts");
    assert_eq!(
        attempts,
        [
            (
                "http-sms".to_owned(),
                0,
                Some("gateway answered 503".to_owned())
            ),
            ("http-sms".to_owned(), 1, None),
        ]
    );

    // A gateway that is down: the reason names no number.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port");
    let down = Senders::new(vec![Arc::new(HttpSmsSender::new(
        url::Url::parse(&format!("http://{closed}/sms")).expect("url"),
        None,
    ))]);
    tell(
        &app,
        &[notice(
            user,
            "booking.confirmed",
            ("预约已确认", "Booking confirmed"),
            Channels::SMS,
        )],
    )
    .await;
    let report = dispatch_once(&app.db, &down, NOW + 3600, 100)
        .await
        .expect("dispatch");
    assert_eq!(report.retried, 1);
    let error: Option<String> =
        sqlx::query_scalar("SELECT last_error FROM notification_outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(app.db.pool())
            .await
            .expect("outbox");
    assert_eq!(error.as_deref(), Some("gateway unreachable"));
}
