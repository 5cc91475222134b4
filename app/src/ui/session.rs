//! Who is logged in, as the whole app sees it. Loaded once at start from `/api/v1/me` and
//! updated by login, logout and profile changes.
use leptos::prelude::*;

use crate::api::accounts::{Me, Role};

use super::client;

/// The count of a notification list, read without its items: decoding them here would keep
/// their decoder in the first load (the list page has its own).
#[derive(serde::Deserialize)]
struct UnreadCount {
    unread: i64,
}

/// The current user (`None` when logged out) and whether the first check has finished.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub ready: RwSignal<bool>,
    /// Unread in-app notifications of the current user (0 when logged out).
    pub unread: RwSignal<i64>,
    /// The name of the resident a family proxy is acting for (子女代办; the id is in
    /// [`client::acting`]).
    pub acting: RwSignal<Option<String>>,
}

impl Session {
    pub fn logged_in(self) -> bool {
        self.me.with(Option::is_some)
    }

    pub fn has_role(self, role: Role) -> bool {
        self.me
            .with(|m| m.as_ref().is_some_and(|m| m.has_role(role)))
    }

    pub fn is_staff(self) -> bool {
        self.me.with(|m| m.as_ref().is_some_and(Me::is_staff))
    }

    /// Asks the server again (after a change made elsewhere, e.g. roles granted).
    pub fn refresh(self) {
        leptos::task::spawn_local(async move {
            let me = client::get::<Me>("/api/v1/me").await.ok();
            self.me.set(me);
            self.ready.set(true);
        });
    }

    /// Asks the server how many notifications are unread.
    pub fn refresh_unread(self) {
        if !self.logged_in() {
            self.unread.set(0);
            return;
        }
        leptos::task::spawn_local(async move {
            let path = "/api/v1/me/notifications?unread=true&limit=1";
            if let Ok(list) = client::get::<UnreadCount>(path).await {
                self.unread.set(list.unread);
            }
        });
    }

    /// Acts for a resident (bookings and feedback go in their name) or, with `None`, stops.
    pub fn act_for(self, who: Option<(i64, String)>) {
        client::set_acting(who.as_ref().map(|w| w.0));
        self.acting.set(who.map(|w| w.1));
    }

    /// Ends the session on the server and forgets the user here.
    pub fn log_out(self) {
        self.act_for(None);
        leptos::task::spawn_local(async move {
            let _ = client::post::<_, ()>("/api/v1/auth/logout", &serde_json::json!({})).await;
            self.me.set(None);
        });
    }
}

pub fn provide() {
    let session = Session {
        me: RwSignal::new(None),
        ready: RwSignal::new(false),
        unread: RwSignal::new(0),
        acting: RwSignal::new(None),
    };
    provide_context(session);
    session.refresh();
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The path and query of the current page, to come back to after logging in.
pub fn current_path() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// `/login?next=…` for the current page.
pub fn login_href() -> String {
    format!(
        "/login?next={}",
        String::from(js_sys::encode_uri_component(&current_path()))
    )
}
