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
/// text) or `file:PATH` (development and tests).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SmsSetting {
    #[default]
    Log,
    File(PathBuf),
}

impl SmsSetting {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.split_once(':') {
            None if s == "log" => Ok(Self::Log),
            Some(("file", path)) if !path.is_empty() => Ok(Self::File(PathBuf::from(path))),
            _ => Err("expected `log` or `file:PATH`".to_owned()),
        }
    }
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

    /// The senders a server uses: SMS as configured, email to the log.
    pub fn configured(sms: &SmsSetting) -> Self {
        let sms: Arc<dyn Sender> = match sms {
            SmsSetting::Log => Arc::new(LoggingSender::new(Channel::Sms)),
            SmsSetting::File(path) => Arc::new(FileSender::new(Channel::Sms, path.clone())),
        };
        Self(vec![sms, Arc::new(LoggingSender::new(Channel::Email))])
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

/// The SMS text of a notification: the Chinese title and body, within 200 characters.
pub fn sms_text(n: &Notice) -> String {
    let mut text = format!("【邻里】{}", n.title.zh);
    if !n.body.zh.is_empty() {
        text.push('：');
        text.push_str(&n.body.zh);
    }
    text.chars().take(200).collect()
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
        "SELECT o.id, o.channel, o.kind, o.body, o.attempts, o.address, u.phone, u.status AS user_status \
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
        let address = match channel {
            Channel::Sms if row.user_status.as_deref() == Some("active") => {
                row.address.clone().or(row.phone.clone())
            }
            Channel::Sms => row.address.clone(),
            // Accounts have no email address yet: only explicit addresses are mailed.
            Channel::Email => row.address.clone(),
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
        let text = sms_text(&n);
        assert!(text.starts_with("【邻里】您的意见已答复："));
        assert_eq!(text.chars().count(), 200);
    }
}
