//! Shows its children only to a logged-in user (with a role, when asked); others get a
//! prompt with a link to log in and come back.
use leptos::prelude::*;

use crate::{
    api::accounts::Role,
    ui::{
        components::status::Loading,
        i18n::{AccMsg, Msg, t},
        session::{login_href, use_session},
    },
};

/// Renders `children` once the session is known and allowed.
#[component]
pub fn RequireLogin(
    /// One of these roles is needed (any logged-in user when empty).
    #[prop(optional)]
    roles: &'static [Role],
    /// The protected content.
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let allowed = move || roles.is_empty() || roles.iter().any(|r| session.has_role(*r));
    view! {
        {move || {
            if !session.ready.get() {
                view! { <Loading /> }.into_any()
            } else if !session.logged_in() {
                view! {
                    <section class="page narrow">
                        <h1>{t(AccMsg::LogIn)}</h1>
                        <p>{t(AccMsg::MeLoginPrompt)}</p>
                        <p><a class="button" href=login_href()>{t(AccMsg::LogIn)}</a></p>
                    </section>
                }.into_any()
            } else if !allowed() {
                view! {
                    <section class="page narrow">
                        <h1>{t(Msg::ErrorTitle)}</h1>
                        <p>{t(Msg::NotAllowed)}</p>
                    </section>
                }.into_any()
            } else {
                children().into_any()
            }
        }}
    }
}
