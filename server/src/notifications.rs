//! Notifications for every domain: an in-app inbox per user, and an outbox of SMS/email
//! messages delivered by a periodic dispatcher through [`outbox::Sender`]s.
//!
//! Domains call [`notify`] inside their own transaction, so a notification exists exactly when
//! the change it reports was committed. The outbox stores the user id, never the address; the
//! default senders only log (without personal data), and a real SMS gateway or mail relay is
//! one more implementation of the trait.
pub mod outbox;
mod routes;
pub mod settings;
pub mod store;

pub fn router() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    routes::router().merge(settings::router())
}

use app::api::Text;

use crate::error::messages::Message;

/// Which outside channels a notification also goes to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Channels {
    pub sms: bool,
    pub email: bool,
}

impl Channels {
    pub const IN_APP: Self = Self {
        sms: false,
        email: false,
    };
    pub const SMS: Self = Self {
        sms: true,
        email: false,
    };
}

/// A notification to one user.
#[derive(Debug, Clone)]
pub struct Notice {
    pub user_id: i64,
    /// Machine-readable kind, e.g. `feedback.answered`.
    pub kind: &'static str,
    pub title: Text,
    pub body: Text,
    /// Path inside the app.
    pub link: Option<String>,
    pub channels: Channels,
}

/// Records a notification in the app and, for notices that go out (`channels`), queues an SMS
/// and a mail as the recipient's settings choose, written in the recipient's language. Call it
/// on the transaction that makes the change it reports.
pub async fn notify(
    conn: &mut sqlx::AnyConnection,
    notice: &Notice,
    now: i64,
) -> Result<(), sqlx::Error> {
    store::insert(&mut *conn, notice, now).await?;
    if notice.channels == Channels::IN_APP {
        return Ok(());
    }
    let topic = app::api::notifications::Topic::of_kind(notice.kind);
    let Some(to) = settings::recipient(&mut *conn, notice.user_id, topic).await? else {
        return Ok(());
    };
    if notice.channels.sms && to.sms {
        let text = outbox::sms_text(notice, &to.language);
        let channel = outbox::Channel::Sms;
        store::enqueue(&mut *conn, channel, notice.user_id, notice.kind, &text, now).await?;
    }
    if to.email {
        let text = outbox::email_text(notice, &to.language);
        let channel = outbox::Channel::Email;
        store::enqueue(&mut *conn, channel, notice.user_id, notice.kind, &text, now).await?;
    }
    Ok(())
}

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("notification_not_found", "找不到该通知。", "No such notification."),
];
