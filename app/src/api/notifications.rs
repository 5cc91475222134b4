//! In-app notifications of the logged-in user.
use serde::{Deserialize, Serialize};

use super::Text;

/// One message to the user ("your case was answered", "a case is overdue").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    /// Machine-readable kind, e.g. `feedback.answered`.
    pub kind: String,
    pub title: Text,
    pub body: Text,
    /// Path inside the app to open, e.g. `/feedback/track/SZ-2026-7K3QH9XM`.
    #[serde(default)]
    pub link: Option<String>,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    pub items: Vec<Notification>,
    /// Unread notifications in total (not only on this page).
    pub unread: i64,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// What a notice is about; channels are chosen per topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Security and account notices (a welcome, a new phone number).
    Account,
    /// Bookings, waitlist offers, lottery results, strikes and appeals.
    Booking,
    /// Feedback cases: progress of one's own and supported cases; staff deadlines.
    Feedback,
}

impl Topic {
    pub const ALL: [Topic; 3] = [Topic::Account, Topic::Booking, Topic::Feedback];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Booking => "booking",
            Self::Feedback => "feedback",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The topic of a notice kind: the part before the dot (`lottery.won` is a booking notice;
    /// activity sign-ups, volunteering and help requests go with bookings: all are plans in the
    /// community).
    pub fn of_kind(kind: &str) -> Self {
        match kind.split('.').next().unwrap_or_default() {
            "booking" | "lottery" | "waitlist" | "activity" | "volunteer" | "shift" | "help" => {
                Self::Booking
            }
            "feedback" => Self::Feedback,
            _ => Self::Account,
        }
    }
}

/// Whether SMS and email also carry the notices of one topic. In-app notices always arrive;
/// only notices that change one's plans go out at all (a receipt stays in the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicChannels {
    pub topic: Topic,
    pub sms: bool,
    /// Used only while the account has a verified email address.
    pub email: bool,
}

/// The language messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Zh,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "zh" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

/// How the account is reached: `GET /me/notification-settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// Language of SMS, email and notices written for this account.
    pub language: Language,
    /// Masked phone number SMS go to.
    pub phone: String,
    /// Masked verified email address, if any.
    #[serde(default)]
    pub email: Option<String>,
    /// One entry per topic, in [`Topic::ALL`] order.
    pub topics: Vec<TopicChannels>,
}

/// `PUT /me/notification-settings`: the language and the channels of any topics given (topics
/// left out keep their choice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateNotificationSettings {
    #[serde(default)]
    pub language: Option<Language>,
    #[serde(default)]
    pub topics: Vec<TopicChannels>,
}

/// `POST /me/email-codes`: sends a six-digit code to an address to prove it is the user's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailCodeRequest {
    pub email: String,
}

/// `PUT /me/email`: the address and the code sent to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetEmailRequest {
    pub email: String,
    pub code: String,
}
