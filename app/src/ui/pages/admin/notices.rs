//! What administrators should act on (next year's holidays not confirmed…), shown as a
//! warning at the top of the administration pages.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::system::{AdminNotice, AdminNotices},
    ui::{
        client,
        i18n::{AdmMsg, t, tf},
    },
};

/// The warnings from `/api/v1/admin/notices`; nothing at all when there are none (or when
/// they cannot be had: the page itself still works).
#[component]
pub fn AdminNoticeBanner(
    /// Asked again whenever this changes (after a change that may settle a notice).
    #[prop(optional, into)]
    version: Option<Signal<u32>>,
) -> impl IntoView {
    let notices = LocalResource::new(move || {
        version.map(|v| v.get());
        client::get_fresh::<AdminNotices>("/api/v1/admin/notices")
    });
    let items = move || {
        notices
            .get()
            .and_then(Result::ok)
            .map(|n| n.items)
            .unwrap_or_default()
    };
    view! {
        <Show when=move || !items().is_empty()>
            <aside class="card warning-box admin-notices" aria-label=t(AdmMsg::NoticesLabel)>
                <ul>
                    {move || items().into_iter().map(|n| view! { <li><Notice notice=n /></li> }).collect_view()}
                </ul>
            </aside>
        </Show>
    }
}

/// One notice with the link that settles it.
#[component]
fn Notice(
    /// The notice.
    notice: AdminNotice,
) -> impl IntoView {
    match notice {
        AdminNotice::CalendarYearMissing { year } => {
            let args = move || vec![("year", year.to_string())];
            view! {
                <p>{tf(AdmMsg::NoticeCalendarMissing, args)}</p>
                <A href=format!("/admin/calendar?year={year}")>{tf(AdmMsg::NoticeCalendarAction, args)}</A>
            }
        }
    }
}
