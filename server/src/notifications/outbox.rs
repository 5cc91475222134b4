//! Delivery of outbox messages: the [`Sender`] trait, the default [`LoggingSender`], the
//! development [`FileSender`], and the dispatcher that retries failures with backoff and records
//! every attempt.
use std::{future::Future, path::PathBuf, pin::Pin, sync::Arc, time::Duration};

use super::Notice;
use crate::Db;

/// An outside channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sms" => Some(Self::Sms),
            "email" => Some(Self::Email),
            _ => None,
        }
    }
}

/// One message ready to go out.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub outbox_id: i64,
    pub channel: Channel,
    pub kind: String,
    /// Phone number or email address. Senders must not log it.
    pub to: String,
    pub body: String,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// A way to deliver messages of one channel (an SMS gateway, a mail relay).
pub trait Sender: Send + Sync {
    fn channel(&self) -> Channel;
    /// A short name for the attempt log, e.g. `log-sms`.
    fn name(&self) -> &str;
    /// Delivers one message; `Err` with a reason (without personal data) to retry later.
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a>;
}

/// The default sender: writes that a message would go out, without address or text.
pub struct LoggingSender {
    channel: Channel,
    name: String,
}

impl LoggingSender {
    pub fn new(channel: Channel) -> Self {
        Self {
            channel,
            name: format!("log-{}", channel.as_str()),
        }
    }
}

impl Sender for LoggingSender {
    fn channel(&self) -> Channel {
        self.channel
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(
                channel = message.channel.as_str(),
                outbox_id = message.outbox_id,
                kind = %message.kind,
                chars = message.body.chars().count(),
                "notification delivered to the log sender"
            );
            Ok(())
        })
    }
}

/// Development and tests: appends each message as one JSON line `{"to","kind","text"}` to a
/// file (`linli serve --sms-sender file:PATH`), where a test or a developer reads the codes.
pub struct FileSender {
    channel: Channel,
    name: String,
    path: PathBuf,
    /// One writer at a time, so lines never interleave.
    lock: tokio::sync::Mutex<()>,
}

impl FileSender {
    pub fn new(channel: Channel, path: PathBuf) -> Self {
        Self {
            channel,
            name: format!("file-{}", channel.as_str()),
            path,
            lock: tokio::sync::Mutex::new(()),
        }
    }
}

impl Sender for FileSender {
    fn channel(&self) -> Channel {
        self.channel
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            use tokio::io::AsyncWriteExt as _;
            let mut line = serde_json::json!({
                "to": message.to, "kind": message.kind, "text": message.body,
            })
            .to_string();
            line.push('\n');
            let _one = self.lock.lock().await;
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("create directory: {}", e.kind()))?;
            }
            let mut file = tokio::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .await
                .map_err(|e| format!("open: {}", e.kind()))?;
            file.write_all(line.as_bytes())
                .await
                .map_err(|e| format!("write: {}", e.kind()))?;
            file.flush()
                .await
                .map_err(|e| format!("flush: {}", e.kind()))
        })
    }
}

/// Where SMS go: `log` (the default: the log notes that a message went out, without number or
/// text), `file:PATH` (development and tests) or an `http://` URL of the deployment's SMS
/// gateway ([`HttpSmsSender`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SmsSetting {
    #[default]
    Log,
    File(PathBuf),
    Http(url::Url),
}

impl SmsSetting {
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.starts_with("http://") {
            return url::Url::parse(s)
                .map(Self::Http)
                .map_err(|e| format!("not a URL: {e}"));
        }
        match s.split_once(':') {
            None if s == "log" => Ok(Self::Log),
            Some(("file", path)) if !path.is_empty() => Ok(Self::File(PathBuf::from(path))),
            _ => Err("expected `log`, `file:PATH` or an http:// URL of the SMS gateway".to_owned()),
        }
    }
}

/// A credential for an outside service. Its `Debug` never shows it: configurations are logged.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: &str) -> Self {
        Self(value.trim().to_owned())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The deployment's SMS gateway, reached over HTTP inside its network (TLS, signing and the
/// carrier's own API live in the gateway). Each message is one `POST` of
/// `{"id","to","kind","text"}` with `Authorization: Bearer <token>` when a token is set and an
/// `Idempotency-Key` that stays the same across retries of one message, so a gateway that
/// answered but whose answer was lost never sends twice. Any 2xx is delivered; anything else is
/// retried with backoff.
pub struct HttpSmsSender {
    url: url::Url,
    token: Option<Secret>,
    client: reqwest::Client,
}

impl HttpSmsSender {
    pub fn new(url: url::Url, token: Option<Secret>) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap_or_default();
        Self { url, token, client }
    }
}

impl Sender for HttpSmsSender {
    fn channel(&self) -> Channel {
        Channel::Sms
    }

    fn name(&self) -> &str {
        "http-sms"
    }

    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            let mut request = self
                .client
                .post(self.url.clone())
                .header(
                    "Idempotency-Key",
                    format!("linli-outbox-{}", message.outbox_id),
                )
                .json(&serde_json::json!({
                    "id": message.outbox_id, "to": message.to,
                    "kind": message.kind, "text": message.body,
                }));
            if let Some(Secret(token)) = &self.token {
                request = request.bearer_auth(token);
            }
            // The reason never carries the request (it holds the number and the text).
            let response = request.send().await.map_err(|e| {
                if e.is_timeout() {
                    "gateway timed out".to_owned()
                } else {
                    "gateway unreachable".to_owned()
                }
            })?;
            let status = response.status();
            if status.is_success() {
                Ok(())
            } else {
                Err(format!("gateway answered {}", status.as_u16()))
            }
        })
    }
}

/// Where email goes (`--smtp-url smtp://host:port`, `--smtp-from`): the deployment's mail relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSetting {
    pub host: String,
    pub port: u16,
    /// The `From:` of every mail, e.g. `邻里 Linli <noreply@linli.example.cn>`.
    pub from: String,
}

impl SmtpSetting {
    /// Parses `smtp://host[:port]` (port 25 when left out).
    pub fn parse_url(s: &str) -> Result<(String, u16), String> {
        let url = url::Url::parse(s).map_err(|e| format!("not a URL: {e}"))?;
        match (url.scheme(), url.host_str()) {
            ("smtp", Some(host)) if url.path().is_empty() || url.path() == "/" => {
                Ok((host.to_owned(), url.port().unwrap_or(25)))
            }
            _ => Err("expected smtp://host:port".to_owned()),
        }
    }
}

/// Email through an SMTP relay ([`lettre`]). The outbox body of a mail is its subject, a blank
/// line and its text ([`email_parts`]).
pub struct SmtpSender {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl SmtpSender {
    pub fn new(setting: &SmtpSetting) -> Result<Self, String> {
        let from = setting
            .from
            .parse()
            .map_err(|e| format!("--smtp-from is not an address: {e}"))?;
        let transport =
            lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(&setting.host)
                .port(setting.port)
                .timeout(Some(Duration::from_secs(15)))
                .build();
        Ok(Self { transport, from })
    }
}

impl Sender for SmtpSender {
    fn channel(&self) -> Channel {
        Channel::Email
    }

    fn name(&self) -> &str {
        "smtp"
    }

    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            use lettre::AsyncTransport as _;
            let to = message
                .to
                .parse()
                .map_err(|_| "not an email address".to_owned())?;
            let (subject, text) = email_parts(&message.body);
            let mail = lettre::Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(subject)
                .header(lettre::message::header::ContentType::TEXT_PLAIN)
                .body(text.to_owned())
                .map_err(|_| "mail could not be built".to_owned())?;
            // The relay's answer may quote the address: only its code goes to the log.
            self.transport
                .send(mail)
                .await
                .map(|_| ())
                .map_err(|e| match e.status() {
                    Some(code) => format!("smtp answered {code}"),
                    None if e.is_timeout() => "smtp timed out".to_owned(),
                    None => "smtp unreachable".to_owned(),
                })
        })
    }
}

/// The subject and the text of a mail as the outbox keeps it (subject, blank line, text).
pub fn email_parts(body: &str) -> (&str, &str) {
    body.split_once("\n\n").unwrap_or((body, ""))
}

/// Wakes the dispatcher at once (a code the resident is waiting for), instead of at its next
/// round. Each instance wakes its own dispatcher; the others deliver at their next round.
#[derive(Clone, Default)]
pub struct Wake(Arc<tokio::sync::Notify>);

impl Wake {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// The senders in use, at most one per channel.
#[derive(Clone)]
pub struct Senders(Vec<Arc<dyn Sender>>);

impl Senders {
    pub fn new(senders: Vec<Arc<dyn Sender>>) -> Self {
        Self(senders)
    }

    /// Logging senders for SMS and email.
    pub fn logging() -> Self {
        Self(vec![
            Arc::new(LoggingSender::new(Channel::Sms)),
            Arc::new(LoggingSender::new(Channel::Email)),
        ])
    }

    /// The senders a server uses: SMS as configured; email through the SMTP relay when one is
    /// set, else to the log.
    pub fn configured(
        sms: &SmsSetting,
        gateway_token: Option<&Secret>,
        smtp: Option<&SmtpSetting>,
    ) -> Result<Self, String> {
        let sms: Arc<dyn Sender> = match sms {
            SmsSetting::Log => Arc::new(LoggingSender::new(Channel::Sms)),
            SmsSetting::File(path) => Arc::new(FileSender::new(Channel::Sms, path.clone())),
            SmsSetting::Http(url) => {
                Arc::new(HttpSmsSender::new(url.clone(), gateway_token.cloned()))
            }
        };
        let email: Arc<dyn Sender> = match smtp {
            Some(setting) => Arc::new(SmtpSender::new(setting)?),
            None => Arc::new(LoggingSender::new(Channel::Email)),
        };
        Ok(Self(vec![sms, email]))
    }

    fn for_channel(&self, channel: Channel) -> Option<&Arc<dyn Sender>> {
        self.0.iter().find(|s| s.channel() == channel)
    }
}

/// What a delivered (or given-up) code message keeps of its text.
const REDACTED: &str = "(one-time code, removed after delivery)";

/// After this many failed attempts a message is given up (`failed`).
pub const MAX_ATTEMPTS: i64 = 5;

/// Seconds to wait before attempt `n + 1` after `n` failures: 1, 2, 4, 8 … minutes.
pub fn backoff(attempts: i64) -> i64 {
    60 * (1_i64 << attempts.clamp(0, 10))
}

/// The SMS text of a notification in the reader's language (`zh`, `en`): title and body,
/// within 200 characters.
pub fn sms_text(n: &Notice, language: &str) -> String {
    let (title, body) = (n.title.get(language), n.body.get(language));
    let mut text = if language == "en" {
        format!("[Linli] {title}")
    } else {
        format!("【邻里】{title}")
    };
    if !body.is_empty() {
        text.push_str(if language == "en" { ": " } else { "：" });
        text.push_str(body);
    }
    text.chars().take(200).collect()
}

/// The mail of a notification in the reader's language: subject, blank line, text.
pub fn email_text(n: &Notice, language: &str) -> String {
    let (title, body) = (n.title.get(language), n.body.get(language));
    let footer = if language == "en" {
        "Open Linli to see it and reply. You choose which notices come by email under Me → Notifications."
    } else {
        "请打开邻里查看详情。哪些通知发送到邮箱，可在“我的 → 消息设置”中选择。"
    };
    let subject = if language == "en" {
        format!("Linli · {title}")
    } else {
        format!("邻里 · {title}")
    };
    format!("{subject}\n\n{body}\n\n{footer}")
}

#[derive(Debug, sqlx::FromRow)]
struct DueRow {
    id: i64,
    channel: String,
    kind: String,
    body: String,
    attempts: i64,
    address: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    user_status: Option<String>,
}

/// What one dispatcher run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DispatchReport {
    pub sent: u32,
    pub retried: u32,
    pub failed: u32,
}

/// Delivers the messages that are due at `now` (at most `batch`). Each is claimed by bumping
/// its attempt counter first, so two servers running the dispatcher never send one twice.
pub async fn dispatch_once(
    db: &Db,
    senders: &Senders,
    now: i64,
    batch: u32,
) -> Result<DispatchReport, sqlx::Error> {
    let due: Vec<DueRow> = sqlx::query_as(&format!(
        "SELECT o.id, o.channel, o.kind, o.body, o.attempts, o.address, u.phone, u.email, u.status AS user_status \
         FROM notification_outbox o LEFT JOIN users u ON u.id = o.user_id \
         WHERE o.status = 'pending' AND o.next_attempt_at <= $1 ORDER BY o.next_attempt_at, o.id LIMIT {batch}"
    ))
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let mut report = DispatchReport::default();
    for row in due {
        // Claim: only the run that moves the counter from the value it read sends the message.
        let claimed = sqlx::query(
            "UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = $3 \
             WHERE id = $1 AND attempts = $2 AND status = 'pending'",
        )
        .bind(row.id)
        .bind(row.attempts)
        .bind(now + backoff(row.attempts))
        .execute(db.pool())
        .await?
        .rows_affected()
            == 1;
        if !claimed {
            continue;
        }
        let attempts = row.attempts + 1;
        let channel = Channel::parse(&row.channel).unwrap_or(Channel::Sms);
        // An account's current number or address (it may have changed since the notice).
        let active = row.user_status.as_deref() == Some("active");
        let address = match channel {
            Channel::Sms if active => row.address.clone().or(row.phone.clone()),
            Channel::Email if active => row.address.clone().or(row.email.clone()),
            Channel::Sms | Channel::Email => row.address.clone(),
        };
        let (sender_name, result) =
            match (senders.for_channel(channel), address) {
                (_, None) => ("none".to_owned(), Err("no address".to_owned())),
                (None, Some(_)) => ("none".to_owned(), Err("no sender for channel".to_owned())),
                (Some(sender), Some(to)) => {
                    let message = Outgoing {
                        outbox_id: row.id,
                        channel,
                        kind: row.kind.clone(),
                        to,
                        body: row.body.clone(),
                    };
                    let result =
                        match tokio::time::timeout(Duration::from_secs(20), sender.send(&message))
                            .await
                        {
                            Ok(r) => r,
                            Err(_) => Err("timeout".to_owned()),
                        };
                    (sender.name().to_owned(), result)
                }
            };
        let permanent = matches!(&result, Err(e) if e == "no address");
        sqlx::query(
            "INSERT INTO notification_attempts (outbox_id, at, sender, ok, error) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(row.id)
        .bind(now)
        .bind(&sender_name)
        .bind(i64::from(result.is_ok()))
        .bind(result.as_ref().err())
        .execute(db.pool())
        .await?;
        match result {
            Ok(()) => {
                sqlx::query(
                    "UPDATE notification_outbox SET status = 'sent', sent_at = $2, last_error = NULL, \
                     body = CASE WHEN kind = $3 THEN $4 ELSE body END WHERE id = $1",
                )
                .bind(row.id)
                .bind(now)
                .bind(crate::accounts::codes::OUTBOX_KIND)
                .bind(REDACTED)
                    .execute(db.pool())
                    .await?;
                report.sent += 1;
            }
            Err(error) if permanent || attempts >= MAX_ATTEMPTS => {
                sqlx::query(
                    "UPDATE notification_outbox SET status = 'failed', last_error = $2, \
                     body = CASE WHEN kind = $3 THEN $4 ELSE body END WHERE id = $1",
                )
                .bind(row.id)
                .bind(&error)
                .bind(crate::accounts::codes::OUTBOX_KIND)
                .bind(REDACTED)
                .execute(db.pool())
                .await?;
                tracing::warn!(outbox_id = row.id, %error, "notification given up");
                report.failed += 1;
            }
            Err(error) => {
                sqlx::query("UPDATE notification_outbox SET last_error = $2 WHERE id = $1")
                    .bind(row.id)
                    .bind(&error)
                    .execute(db.pool())
                    .await?;
                report.retried += 1;
            }
        }
    }
    Ok(report)
}

/// Runs the dispatcher every `every`, and whenever `wake` is called, until the server shuts
/// down.
pub fn spawn(
    db: Db,
    senders: Senders,
    clock: crate::clock::Clock,
    every: Duration,
    wake: Wake,
    shutdown: &crate::shutdown::Shutdown,
) -> tokio::task::JoinHandle<()> {
    crate::shutdown::periodic_or_woken(shutdown, every, wake.0, move || {
        let (db, senders, clock) = (db.clone(), senders.clone(), clock.clone());
        async move {
            match dispatch_once(&db, &senders, clock.now(), 200).await {
                Ok(r) if r != DispatchReport::default() => {
                    tracing::info!(
                        sent = r.sent,
                        retried = r.retried,
                        failed = r.failed,
                        "notifications dispatched"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "notification dispatch failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_secrets_stay_hidden() {
        assert_eq!(SmsSetting::parse("log"), Ok(SmsSetting::Log));
        assert!(matches!(
            SmsSetting::parse("http://10.0.0.5:8080/sms"),
            Ok(SmsSetting::Http(u)) if u.port() == Some(8080)
        ));
        assert!(SmsSetting::parse("https://gateway").is_err());
        assert!(SmsSetting::parse("ftp:x").is_err());
        assert_eq!(
            SmtpSetting::parse_url("smtp://relay.internal:2525"),
            Ok(("relay.internal".to_owned(), 2525))
        );
        assert_eq!(
            SmtpSetting::parse_url("smtp://relay"),
            Ok(("relay".to_owned(), 25))
        );
        assert!(SmtpSetting::parse_url("http://relay").is_err());
        assert_eq!(format!("{:?}", Secret::new("s3cret")), "Secret(…)");
    }

    #[test]
    fn backoff_doubles_and_is_bounded() {
        assert_eq!(backoff(0), 60);
        assert_eq!(backoff(1), 120);
        assert_eq!(backoff(4), 960);
        assert_eq!(backoff(99), 60 * 1024);
    }

    #[test]
    fn sms_text_is_short_and_branded() {
        let n = Notice {
            user_id: 1,
            kind: "x",
            title: app::api::Text::new("您的意见已答复", None),
            body: app::api::Text::new("长".repeat(500), None),
            link: None,
            channels: super::super::Channels::SMS,
        };
        let text = sms_text(&n, "zh");
        assert!(text.starts_with("【邻里】您的意见已答复："));
        assert_eq!(text.chars().count(), 200);
        let en = Notice {
            title: app::api::Text::new("您的意见已答复", Some("Your case was answered".into())),
            body: app::api::Text::new("请查看", Some("Please have a look".into())),
            ..n
        };
        assert_eq!(
            sms_text(&en, "en"),
            "[Linli] Your case was answered: Please have a look"
        );
        let mail = email_text(&en, "en");
        let (subject, text) = email_parts(&mail);
        assert_eq!(subject, "Linli · Your case was answered");
        assert!(text.starts_with("Please have a look\n\n"), "{text}");
    }
}
