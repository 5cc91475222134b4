//! Help requests of the time bank: `/help-requests`, the open requests in a volunteer's
//! communities with "I'll help" (taking one shows the requester's contact), and the caller's
//! own requests and those they help, for the volunteer page.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::volunteers::{HelpContact, HelpRequest, HelpRequestList, HelpStatus},
    ui::{
        client::{self, ApiError},
        components::{
            form::{FormError, form_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{VolMsg, lang, t, tf},
    },
};

use super::{help_status_class, help_status_label, hours, instant_label, skill_name, text_of};

/// One help request: what, where, when, how long, its state and, for whom it is meant, the
/// contact. `children` are its buttons.
#[component]
pub fn HelpCard(
    /// The request.
    request: HelpRequest,
    /// Buttons for it.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let r = request;
    let start = r.starts_at.clone();
    let estimated = i64::from(r.minutes);
    view! {
        <li class="card help-card">
            <h3>
                <span class="chip">{skill_name(r.skill)}</span>
                " "
                {r.description.clone()}
            </h3>
            <p class="meta">
                <span class=help_status_class(r.status)>{t(help_status_label(r.status))}</span>
                {r.posted_for.then(|| view! { <span class="chip">{t(VolMsg::PostedFor)}</span> })}
            </p>
            <dl class="facts">
                <dt>{t(VolMsg::When)}</dt><dd>{move || instant_label(&start, lang())}</dd>
                <dt>{t(VolMsg::Community)}</dt><dd>{text_of(r.community.name.clone())}</dd>
                <dt>{t(VolMsg::Estimated)}</dt><dd>{tf(VolMsg::HoursN, move || vec![("h", hours(estimated))])}</dd>
                <dt>{t(VolMsg::Requester)}</dt><dd>{r.requester.clone()}</dd>
                {r.helper.clone().map(|h| view! { <dt>{t(VolMsg::Helper)}</dt><dd>{h}</dd> })}
                {r.minutes_served.map(|m| view! {
                    <dt>{t(VolMsg::Served)}</dt><dd>{tf(VolMsg::HoursN, move || vec![("h", hours(m))])}</dd>
                })}
            </dl>
            {r.contact.map(|c| view! { <Contact contact=c /> })}
            {children.map(|c| view! { <div class="actions">{c()}</div> })}
        </li>
    }
}

/// The requester's name, phone and address, for the matched volunteer.
#[component]
fn Contact(
    /// How to reach the requester.
    contact: HelpContact,
) -> impl IntoView {
    let tel = format!("tel:{}", contact.phone);
    view! {
        <div class="help-contact" role="group" aria-label=t(VolMsg::ContactTitle)>
            <p class="field-hint">{t(VolMsg::ContactTitle)}</p>
            <dl class="facts">
                <dt>{t(VolMsg::ContactName)}</dt><dd>{contact.name}</dd>
                <dt>{t(VolMsg::ContactPhone)}</dt><dd><a class="tel" href=tel>{contact.phone}</a></dd>
                <dt>{t(VolMsg::ContactAddress)}</dt><dd>{contact.address}</dd>
            </dl>
        </div>
    }
}

/// An action on a request: dispatched with a path and a body, it `POST`s them and gives the
/// updated request to `done` (see [`form_action`]).
pub fn help_action(
    error: FormError,
    done: impl Fn(HelpRequest) + 'static,
) -> Action<(String, serde_json::Value), ()> {
    form_action(
        error,
        |(path, body): (String, serde_json::Value)| async move {
            client::post::<_, HelpRequest>(&path, &body).await
        },
        done,
    )
}

/// The page; asks to log in first.
#[component]
pub fn HelpRequests() -> impl IntoView {
    view! {
        <RequireLogin>
            <HelpContent />
        </RequireLogin>
    }
}

#[component]
fn HelpContent() -> impl IntoView {
    let items = RwSignal::new(None::<Result<Vec<HelpRequest>, ApiError>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            let list = client::get::<HelpRequestList>("/api/v1/help-requests").await;
            items.set(Some(list.map(|l| l.items)));
        });
    };
    load();
    view! {
        <section class="page volunteers help">
            <h1>{t(VolMsg::HelpTitle)}</h1>
            <p class="lead">{t(VolMsg::HelpLead)}</p>
            <p class="actions">
                <A href="/volunteer" attr:class="button secondary">{t(VolMsg::MineTitle)}</A>
                <A href="/opportunities" attr:class="button secondary">{t(VolMsg::OpportunitiesTitle)}</A>
            </p>
            {move || match items.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error retry=Callback::new(move |()| load()) /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{t(VolMsg::NoOpenRequests)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="venue-list">
                        {list.into_iter().map(|r| view! { <TakeCard request=r items /> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// An open request with "I'll help"; once taken, the contact shows in its place.
#[component]
fn TakeCard(
    /// The request.
    request: HelpRequest,
    /// The page's list, where the taken request replaces the open one.
    items: RwSignal<Option<Result<Vec<HelpRequest>, ApiError>>>,
) -> impl IntoView {
    let id = request.id;
    let error = RwSignal::new(None::<ApiError>);
    let can_take = request.status == HelpStatus::Open && !request.mine;
    let helping = request.helping && request.status == HelpStatus::Matched;
    let taking = help_action(error, move |taken| {
        items.update(|l| {
            if let Some(Ok(list)) = l
                && let Some(slot) = list.iter_mut().find(|r| r.id == taken.id)
            {
                *slot = taken;
            }
        });
    });
    let take = move |_| {
        let path = format!("/api/v1/help-requests/{id}/take");
        taking.dispatch_local((path, serde_json::json!({})));
    };
    view! {
        <HelpCard request>
            {can_take.then(|| view! {
                <button type="button" class="button" disabled=move || taking.pending().get() on:click=take>{t(VolMsg::Take)}</button>
            })}
            {helping.then(|| view! { <p class="status ok" role="status">{t(VolMsg::Taken)}</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </HelpCard>
    }
}

/// The caller's own requests (withdrawable while not done) and those they help.
#[component]
pub fn MyHelp(
    /// Changed by the request form: loads the lists again.
    version: RwSignal<u32>,
) -> impl IntoView {
    let list = LocalResource::new(move || {
        version.track();
        client::get::<HelpRequestList>("/api/v1/me/help-requests")
    });
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Transition fallback=Loading>
            {move || list.get().map(|r| match r {
                Ok(l) => {
                    let (mine, helping): (Vec<HelpRequest>, Vec<HelpRequest>) =
                        l.items.into_iter().filter(|r| r.mine || r.helping).partition(|r| r.mine);
                    view! {
                        <h3>{t(VolMsg::MyRequests)}</h3>
                        {if mine.is_empty() {
                            view! { <p class="muted">{t(VolMsg::NoMyRequests)}</p> }.into_any()
                        } else {
                            view! { <ul class="venue-list">{mine.into_iter().map(|r| view! { <MineCard request=r reload /> }).collect_view()}</ul> }.into_any()
                        }}
                        <h3>{t(VolMsg::Helping)}</h3>
                        {if helping.is_empty() {
                            view! { <p class="muted">{t(VolMsg::NoHelping)}</p> }.into_any()
                        } else {
                            view! { <ul class="venue-list">{helping.into_iter().map(|r| view! { <HelpCard request=r /> }).collect_view()}</ul> }.into_any()
                        }}
                    }.into_any()
                }
                Err(error) => view! { <ErrorNotice error retry=reload /> }.into_any(),
            })}
        </Transition>
    }
}

/// One of the caller's requests, with "withdraw" while it is not done.
#[component]
fn MineCard(
    /// The request.
    request: HelpRequest,
    /// Loads the lists again.
    reload: Callback<()>,
) -> impl IntoView {
    let id = request.id;
    let error = RwSignal::new(None::<ApiError>);
    let open = matches!(request.status, HelpStatus::Open | HelpStatus::Matched);
    let withdrawal = help_action(error, move |_| reload.run(()));
    let cancel = move |_| {
        let path = format!("/api/v1/help-requests/{id}/cancel");
        withdrawal.dispatch_local((path, serde_json::json!({})));
    };
    view! {
        <HelpCard request>
            {open.then(|| view! {
                <button type="button" class="button secondary" disabled=move || withdrawal.pending().get() on:click=cancel>{t(VolMsg::WithdrawRequest)}</button>
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </HelpCard>
    }
}
