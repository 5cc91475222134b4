//! "Open now · closes 17:30" / "Closed · opens tomorrow 09:00", as computed by the server.
use leptos::prelude::*;

use crate::{
    api::directory::OpenStatus,
    ui::i18n::{DirMsg, Message, fill, lang},
};

use super::short_time;

/// A coloured badge with the open status of a place.
#[component]
pub fn OpenBadge(
    /// The status from the API.
    status: OpenStatus,
) -> impl IntoView {
    let open = status.open_now;
    let text = move || {
        let l = lang();
        match (&status.open_now, &status.closes_at, &status.next_open) {
            (true, Some(at), _) => fill(DirMsg::OpenUntil.text(l), &[("time", short_time(at, l))]),
            (true, None, _) => DirMsg::OpenAllDay.text(l).to_owned(),
            (false, _, Some(at)) => fill(
                DirMsg::ClosedNextOpen.text(l),
                &[("time", short_time(at, l))],
            ),
            (false, _, None) => DirMsg::Closed.text(l).to_owned(),
        }
    };
    view! {
        <span class="open-badge" class:is-open=open class:is-closed=!open>{text}</span>
    }
}
