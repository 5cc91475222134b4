//! A volunteer's record: the hours ledger (confirmed service and corrections) and the time
//! bank's lines, newest first, as tables.
use leptos::prelude::*;

use crate::{
    api::volunteers::{BankEntry, HoursEntry},
    ui::i18n::{VolMsg, lang, t, tf},
};

use super::{bank_kind_label, date_label, hours, hours_kind_label, text_of};

/// Minutes as signed hours: `+1.5`, `-0.5`.
fn signed_hours(minutes: i64) -> String {
    if minutes > 0 {
        format!("+{}", hours(minutes))
    } else {
        hours(minutes)
    }
}

/// The hours ledger.
#[component]
pub fn HoursTable(
    /// The lines, newest first.
    lines: Vec<HoursEntry>,
) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="muted">{t(VolMsg::NoHours)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t(VolMsg::HoursLedger)>
            <table class="data">
                <caption class="visually-hidden">{t(VolMsg::HoursLedger)}</caption>
                <thead><tr>
                    <th scope="col">{t(VolMsg::Date)}</th>
                    <th scope="col">{t(VolMsg::Service)}</th>
                    <th scope="col">{t(VolMsg::Kind)}</th>
                    <th scope="col" class="num">{t(VolMsg::HoursCol)}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let served = l.served_at.clone();
                        view! {
                            <tr>
                                <td>{move || date_label(&served, lang())}</td>
                                <th scope="row" class="wrap">
                                    {text_of(l.what.clone())}
                                    {l.reason.clone().map(|r| view! {
                                        <br /><span class="muted">{tf(VolMsg::Reason, move || vec![("reason", r.clone())])}</span>
                                    })}
                                </th>
                                <td>{t(hours_kind_label(l.kind))}</td>
                                <td class="num">{signed_hours(l.minutes)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The time bank's lines with the balance after each.
#[component]
pub fn BankTable(
    /// The lines, newest first.
    lines: Vec<BankEntry>,
) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="muted">{t(VolMsg::NoBank)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t(VolMsg::BankLedger)>
            <table class="data">
                <caption class="visually-hidden">{t(VolMsg::BankLedger)}</caption>
                <thead><tr>
                    <th scope="col">{t(VolMsg::Date)}</th>
                    <th scope="col">{t(VolMsg::Kind)}</th>
                    <th scope="col" class="num">{t(VolMsg::HoursCol)}</th>
                    <th scope="col" class="num">{t(VolMsg::BalanceAfter)}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let at = l.at.clone();
                        view! {
                            <tr>
                                <td>{move || date_label(&at, lang())}</td>
                                <th scope="row" class="wrap">
                                    {t(bank_kind_label(l.kind))}
                                    {l.reason.clone().map(|r| view! { <br /><span class="muted">{r}</span> })}
                                </th>
                                <td class="num">{signed_hours(l.minutes)}</td>
                                <td class="num">{hours(l.balance_after)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
