//! What the site says about itself (name, contact, whether it shows demo data), asked once per
//! app load from `/api/v1/site` and replaced when an administrator saves new settings.
use leptos::prelude::*;

use crate::api::system::SiteInfo;

use super::client;

/// The site's settings; `None` until the server has answered (or when it could not).
#[derive(Clone, Copy)]
pub struct Site {
    pub info: RwSignal<Option<SiteInfo>>,
}

impl Site {
    /// Demo data was seeded: only then does the site say it shows demo data.
    pub fn demo(self) -> bool {
        self.info.with(|i| i.as_ref().is_some_and(|i| i.demo))
    }

    /// The contact for residents, when an administrator has set one.
    pub fn contact(self) -> Option<String> {
        self.info.with(|i| {
            i.as_ref()
                .and_then(|i| i.contact.clone())
                .filter(|c| !c.trim().is_empty())
        })
    }
}

pub fn provide() {
    let site = Site {
        info: RwSignal::new(None),
    };
    provide_context(site);
    leptos::task::spawn_local(async move {
        // Without an answer the footer simply says less; no page depends on it.
        if let Ok(info) = client::get::<SiteInfo>("/api/v1/site").await {
            site.info.set(Some(info));
        }
    });
}

pub fn use_site() -> Site {
    expect_context::<Site>()
}
