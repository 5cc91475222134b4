//! A lottery: the request window, entering and withdrawing, and after the draw everything
//! needed to check it (commitment, seed, weights, order).
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::booking::{EnterLottery, Lottery, LotteryStatus},
    ui::{
        client,
        components::{
            form::form_action,
            status::{ErrorNotice, Loading},
        },
        i18n::{BookMsg, lang, t, tf},
        session::{login_href, use_session},
    },
};

use super::{instant_label, span_label};

/// `/lotteries/:id`.
#[component]
pub fn LotteryPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let lottery = LocalResource::new(move || {
        let id = id();
        async move { client::get::<Lottery>(&format!("/api/v1/lotteries/{id}")).await }
    });
    view! {
        <section class="page narrow lottery">
            <Suspense fallback=Loading>
                {move || lottery.get().map(|r| match r {
                    Ok(l) => view! { <LotteryContent lottery=l reload=Callback::new(move |()| lottery.refetch()) /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn LotteryContent(
    /// The lottery.
    lottery: Lottery,
    /// Reloads after entering or withdrawing.
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<client::ApiError>);
    let l = lottery.clone();
    let id = l.id;
    let name = l.venue.name.clone();
    let (s, e) = (l.start.clone(), l.end.clone());
    let (from, to) = (l.opens_at.clone(), l.closes_at.clone());
    let count = l.entry_count;
    let open = l.status == LotteryStatus::Open;
    let entry = form_action(
        error,
        move |()| async move {
            client::post::<_, Lottery>(
                &format!("/api/v1/lotteries/{id}/entries"),
                &EnterLottery::default(),
            )
            .await
        },
        move |_| reload.run(()),
    );
    let withdrawal = form_action(
        error,
        move |()| async move { client::delete::<()>(&format!("/api/v1/lotteries/{id}/entries")).await },
        move |()| reload.run(()),
    );
    let enter = move |_| {
        entry.dispatch_local(());
    };
    let withdraw = move |_| {
        withdrawal.dispatch_local(());
    };
    let status = match l.status {
        LotteryStatus::Open => BookMsg::LotteryOpen,
        LotteryStatus::Drawn => BookMsg::LotteryDrawn,
        LotteryStatus::Cancelled => BookMsg::LotteryCancelled,
    };
    let venue_name = name.clone();
    view! {
        <h1>{tf(BookMsg::LotteryTitle, move || vec![("venue", venue_name.get(lang().tag()).to_owned())])}</h1>
        <p class="muted">{t(BookMsg::LotteryLead)}</p>
        <div class="card">
            <p><span class="badge">{t(status)}</span> " " {move || span_label(&s, &e, lang())}</p>
            <p>{tf(BookMsg::LotteryWindow, move || vec![("from", instant_label(&from, lang())), ("to", instant_label(&to, lang()))])}</p>
            <p>{tf(BookMsg::LotteryEntries, move || vec![("n", count.to_string())])}</p>
            <p><A href=format!("/venues/{}", l.venue.id)>{move || name.get(lang().tag()).to_owned()}</A></p>
        </div>
        {match l.my_entry.clone() {
            Some(m) => {
                let (no, w) = (m.entry_no, m.weight);
                view! {
                    <div class="card">
                        <p>{tf(BookMsg::LotteryMine, move || vec![("no", no.to_string()), ("w", w.to_string())])}</p>
                        {match m.result.as_deref() {
                            Some("won") => view! {
                                <p class="status ok">{t(BookMsg::LotteryWon)}</p>
                                {m.booking_id.map(|b| view! { <p><A href=format!("/bookings/{b}") attr:class="button">{t(BookMsg::BookingTitle)}</A></p> })}
                            }.into_any(),
                            Some(_) => view! { <p>{t(BookMsg::LotteryLost)}</p> }.into_any(),
                            None => open.then(|| view! {
                                <button type="button" class="button secondary" on:click=withdraw disabled=move || withdrawal.pending().get()>{t(BookMsg::LotteryWithdraw)}</button>
                            }).into_any(),
                        }}
                    </div>
                }.into_any()
            }
            None if open && session.logged_in() => view! {
                <p><button type="button" class="button" on:click=enter disabled=move || entry.pending().get()>{t(BookMsg::LotteryEnter)}</button></p>
            }.into_any(),
            None if open => view! { <p><a class="button" href=login_href()>{t(BookMsg::LoginToBook)}</a></p> }.into_any(),
            None => ().into_any(),
        }}
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        <details class="card">
            <summary><h2>{t(BookMsg::LotteryAlgorithm)}</h2></summary>
            <dl class="facts proof">
                <dt>{t(BookMsg::LotteryCommitment)}</dt><dd><code>{l.seed_commitment.clone()}</code></dd>
                {l.seed.clone().map(|seed| view! { <dt>{t(BookMsg::LotterySeed)}</dt><dd><code>{seed}</code></dd> })}
                {(!l.order.is_empty()).then(|| view! {
                    <dt>{t(BookMsg::LotteryOrder)}</dt>
                    <dd>{l.order.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")}</dd>
                })}
            </dl>
            <p class="algorithm">{l.algorithm.clone()}</p>
        </details>
    }
}
