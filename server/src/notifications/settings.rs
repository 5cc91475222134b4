//! How each account is reached: the language its messages are written in and, per topic,
//! whether SMS and email carry the notices that go out (in-app always does).
//! `GET`/`PUT /api/v1/me/notification-settings`.
use app::api::notifications::{
    Language, NotificationSettings, Topic, TopicChannels, UpdateNotificationSettings,
};
use axum::extract::State;
use sqlx::AnyConnection;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState, Db,
    accounts::{CurrentUser, email::masked_email, store as accounts, views::masked_phone},
    error::{ApiError, ApiResult},
    extract::Json,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_settings, update_settings))
}

/// Where one notice to a user goes besides the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// `zh` or `en`.
    pub language: String,
    pub sms: bool,
    /// True only while the account has a verified address and wants mail for the topic.
    pub email: bool,
}

/// The recipient of a notice of `topic`, read on the notifying transaction; `None` for an
/// account that is gone. Without a stored choice both channels are on.
pub async fn recipient(
    conn: &mut AnyConnection,
    user_id: i64,
    topic: Topic,
) -> Result<Option<Recipient>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        language: String,
        email: Option<String>,
        wants_sms: Option<i64>,
        wants_email: Option<i64>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.language, u.email, p.sms AS wants_sms, p.email AS wants_email FROM users u \
         LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.topic = $2 \
         WHERE u.id = $1 AND u.status = 'active'",
    )
    .bind(user_id)
    .bind(topic.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Recipient {
        language: r.language,
        sms: r.wants_sms != Some(0),
        email: r.email.is_some() && r.wants_email != Some(0),
    }))
}

/// Every topic's channels for a user, in [`Topic::ALL`] order.
async fn topics(db: &Db, user_id: i64) -> Result<Vec<TopicChannels>, sqlx::Error> {
    let stored: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT topic, sms, email FROM notification_preferences WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(db.pool())
            .await?;
    Ok(Topic::ALL
        .into_iter()
        .map(|topic| {
            let row = stored.iter().find(|(t, _, _)| t == topic.as_str());
            TopicChannels {
                topic,
                sms: row.is_none_or(|r| r.1 != 0),
                email: row.is_none_or(|r| r.2 != 0),
            }
        })
        .collect())
}

async fn settings_of(db: &Db, user_id: i64) -> ApiResult<NotificationSettings> {
    let user = accounts::user_by_id(db, user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    Ok(NotificationSettings {
        language: Language::parse(&user.language).unwrap_or_default(),
        phone: masked_phone(user.phone.as_deref()),
        email: user.email.as_deref().map(masked_email),
        topics: topics(db, user_id).await?,
    })
}

/// The caller's language and channels per topic.
#[utoipa::path(get, path = "/me/notification-settings", tag = "notifications",
    responses((status = 200, body = NotificationSettings), (status = 401, body = app::api::ErrorBody)))]
async fn get_settings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<NotificationSettings>> {
    Ok(Json(settings_of(&state.db, user.id).await?))
}

/// Changes the language and the channels of the topics given; the rest stay as they were.
#[utoipa::path(put, path = "/me/notification-settings", tag = "notifications",
    request_body = UpdateNotificationSettings,
    responses((status = 200, body = NotificationSettings), (status = 401, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn update_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<UpdateNotificationSettings>,
) -> ApiResult<Json<NotificationSettings>> {
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    if let Some(language) = req.language {
        accounts::set_language(&mut *tx, user.id, language.as_str(), now).await?;
    }
    for t in &req.topics {
        sqlx::query(
            "INSERT INTO notification_preferences (user_id, topic, sms, email) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, topic) DO UPDATE SET sms = excluded.sms, email = excluded.email",
        )
        .bind(user.id)
        .bind(t.topic.as_str())
        .bind(i64::from(t.sms))
        .bind(i64::from(t.email))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Json(settings_of(&state.db, user.id).await?))
}
