//! "家人代办" on 我的: invite a family member, confirm an invitation, end a link, and start
//! acting for a resident (the banner above every page shows it until stopped).
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::{
    api::accounts::{FamilyDirection, FamilyInvite, FamilyLink, FamilyLinkList, FamilyLinkStatus},
    ui::{
        client,
        components::form::{FormAlert, FormError, SubmitButton, TextField, form_action},
        i18n::{AccMsg, t},
        session::use_session,
    },
};

/// The card, loaded when the page opens (an invitation waits here for its answer).
#[component]
pub fn FamilyCard() -> impl IntoView {
    let links = RwSignal::new(Vec::<FamilyLink>::new());
    let error: FormError = RwSignal::new(None);
    let load = move || {
        leptos::task::spawn_local(async move {
            match client::get::<FamilyLinkList>("/api/v1/me/family-links").await {
                Ok(list) => links.set(list.items),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    load();
    view! {
        <section class="card" id="family" aria-labelledby="family-title">
            <h2 id="family-title">{t(AccMsg::FamilyTitle)}</h2>
            <p>{t(AccMsg::FamilyIntro)}</p>
            <FormAlert error fields=&[] />
            <ul class="family-links">
                <For each=move || links.get() key=|l| (l.id, l.status as u8) let:link>
                    <LinkRow link reload=load error />
                </For>
            </ul>
            <InviteForm reload=load />
        </section>
    }
}

/// One link: who, which way, its state and what the caller can do with it.
#[component]
fn LinkRow(
    link: FamilyLink,
    reload: impl Fn() + Copy + 'static,
    error: FormError,
) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let id = link.id;
    let direction = match link.direction {
        FamilyDirection::IActForThem => AccMsg::IActForThem,
        FamilyDirection::TheyActForMe => AccMsg::TheyActForMe,
    };
    let act = move |who: (i64, String)| {
        session.act_for(Some(who));
        navigate("/venues", Default::default());
    };
    let accept = form_action(
        error,
        move |()| async move {
            let path = format!("/api/v1/me/family-links/{id}/accept");
            client::post::<_, FamilyLink>(&path, &serde_json::json!({})).await
        },
        move |_| reload(),
    );
    let other = link.other_id;
    let remove = form_action(
        error,
        move |()| async move { client::delete::<()>(&format!("/api/v1/me/family-links/{id}")).await },
        move |()| {
            if client::acting() == Some(other) {
                session.act_for(None);
            }
            reload();
        },
    );
    let confirm = move |_| {
        accept.dispatch_local(());
    };
    let end = move |_| {
        remove.dispatch_local(());
    };
    let who = (link.other_id, link.other_name.clone());
    let open = link.status != FamilyLinkStatus::Ended;
    view! {
        <li class:muted=!open>
            <strong>{link.other_name.clone()}</strong>" "{link.other_phone.clone()}" · "{t(direction)}
            {(link.status == FamilyLinkStatus::Invited).then(|| view! { " · "{t(AccMsg::FamilyWaiting)} })}
            <span class="actions">
                {(link.status == FamilyLinkStatus::Invited && !link.invited_by_me).then(|| view! {
                    <button type="button" class="button" on:click=confirm disabled=move || accept.pending().get()>{t(AccMsg::FamilyConfirm)}</button>
                })}
                {(link.status == FamilyLinkStatus::Active && link.direction == FamilyDirection::IActForThem).then(|| {
                    let who = who.clone();
                    view! { <button type="button" class="button" on:click=move |_| act(who.clone())>{t(AccMsg::ActForThem)}</button> }
                })}
                {open.then(|| view! {
                    <button type="button" class="button secondary" on:click=end disabled=move || remove.pending().get()>{t(AccMsg::FamilyEnd)}</button>
                })}
            </span>
        </li>
    }
}

/// Invites the account with a phone number, one way or the other.
#[component]
fn InviteForm(reload: impl Fn() + Copy + 'static) -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let i_act = RwSignal::new(true);
    let error: FormError = RwSignal::new(None);
    let invite = form_action(
        error,
        |req: FamilyInvite| async move {
            client::post::<_, FamilyLink>("/api/v1/me/family-links", &req).await
        },
        move |_| {
            phone.set(String::new());
            reload();
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = FamilyInvite {
            phone: phone.get_untracked(),
            direction: if i_act.get_untracked() {
                FamilyDirection::IActForThem
            } else {
                FamilyDirection::TheyActForMe
            },
        };
        invite.dispatch_local(req);
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert error fields=&["phone"] />
            <TextField id="family_phone" field="phone" label=AccMsg::FamilyPhone value=phone error input_type="tel" inputmode="numeric" autocomplete="off" />
            <fieldset class="choices">
                <label><input type="radio" name="family-direction" prop:checked=move || i_act.get() on:change=move |_| i_act.set(true) />" "{t(AccMsg::IActForThem)}</label>
                <label><input type="radio" name="family-direction" prop:checked=move || !i_act.get() on:change=move |_| i_act.set(false) />" "{t(AccMsg::TheyActForMe)}</label>
            </fieldset>
            <SubmitButton label=AccMsg::FamilyInvite busy_label=AccMsg::Saving busy=invite.pending() />
        </form>
    }
}
