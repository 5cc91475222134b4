//! `/staff/feedback/:id`: a case with its whole timeline, the contact as this staff member may
//! see it, and the actions the workflow allows now.
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{
        accounts::DepartmentList,
        feedback::{CaseAction, ReplyTemplateList, StaffCase},
    },
    ui::{
        client,
        components::{
            form::{FormError, form_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{FbMsg, lang, t, tf},
        pages::feedback::{
            FEEDBACK_STAFF, kind_label, staff_place::PlacePanel, status_label, timeline::Timeline,
        },
    },
};

/// The case page for staff.
#[component]
pub fn StaffCasePage() -> impl IntoView {
    view! {
        <RequireLogin roles=FEEDBACK_STAFF>
            <CaseContent />
        </RequireLogin>
    }
}

#[component]
fn CaseContent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let case = RwSignal::new(None::<Result<StaffCase, client::ApiError>>);
    let placed = RwSignal::new(false);
    let prefs = crate::ui::prefs::use_prefs();
    Effect::new(move |_| {
        let id = id();
        // Read again in another language: the timeline is written in the reader's.
        prefs.lang.track();
        spawn_local(async move {
            case.set(Some(
                client::get::<StaffCase>(&format!("/api/v1/staff/feedback/{id}")).await,
            ));
        });
    });
    view! {
        <section class="page staff-case">
            <p><A href="/staff/feedback">{t(FbMsg::StaffInbox)}</A></p>
            {move || match case.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                Some(Ok(c)) => view! { <CaseDetail c case placed /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CaseDetail(
    /// The case.
    c: StaffCase,
    /// Replaced with the answer of each action.
    case: RwSignal<Option<Result<StaffCase, client::ApiError>>>,
    /// Set once the case was placed from the triage queue on this page.
    placed: RwSignal<bool>,
) -> impl IntoView {
    let p = c.case.clone();
    let cat = p.category.name.clone();
    let community = p.community.name.clone();
    let placed_in = p.community.name.clone();
    let position = c.lat.zip(c.lng);
    let contact = c.contact.clone();
    view! {
        <div class="case-grid">
            <div class="case-main">
                <h1>{p.title.clone()}" "<span class="muted small">"#"{c.id}</span></h1>
                <p class="meta">
                    <span class=format!("badge status-{}", p.status.as_str())>{t(status_label(p.status))}</span>
                    {p.overdue.then(|| view! { <span class="badge overdue">{t(FbMsg::Overdue)}</span> })}
                    {(c.escalation_level > 0).then(|| view! { <span class="badge escalated">{t(FbMsg::Escalated)}</span> })}
                    {c.hidden.then(|| view! { <span class="badge">{t(FbMsg::Hidden)}</span> })}
                    {c.needs_placement.then(|| view! { <span class="badge triage">{t(FbMsg::ToPlace)}</span> })}
                    <span class="chip">{t(kind_label(p.kind))}</span>
                    <span class="muted">{move || cat.get(lang().tag()).to_owned()}</span>
                </p>
                {(placed.get_untracked() && !c.needs_placement).then(|| view! {
                    <p class="status ok" role="status">{tf(FbMsg::PlacedIn, move || vec![("name", placed_in.get(lang().tag()).to_owned())])}</p>
                })}
                <dl class="facts">
                    <dt>{t(FbMsg::TrackLabel)}</dt><dd class="tracking-code">{p.tracking_code.clone()}</dd>
                    <dt>{t(FbMsg::Place)}</dt><dd>{move || community.get(lang().tag()).to_owned()}" · "{p.place.clone()}</dd>
                    {position.map(|(lat, lng)| view! { <dt>{t(FbMsg::Position)}</dt><dd>{format!("{}, {}", crate::ui::i18n::fixed(lat, 5), crate::ui::i18n::fixed(lng, 5))}</dd> })}
                    <dt>{t(FbMsg::AcceptDue)}</dt><dd>{p.accept_due.clone()}</dd>
                    {p.answer_due.clone().map(|d| view! { <dt>{t(FbMsg::AnswerDue)}</dt><dd>{d}</dd> })}
                    {p.department.clone().map(|d| view! { <dt>{t(FbMsg::Department)}</dt><dd>{move || d.name.get(lang().tag()).to_owned()}</dd> })}
                    {c.assignee.clone().map(|a| view! { <dt>{t(FbMsg::Assignee)}</dt><dd>{a.name}</dd> })}
                    <dt>{t(FbMsg::Contact)}</dt>
                    <dd>
                        {if contact.withheld {
                            view! { <span class="muted">{t(if p.privacy == crate::api::feedback::Privacy::Anonymous { FbMsg::ContactAnonymous } else { FbMsg::ContactWithheld })}</span> }.into_any()
                        } else {
                            view! {
                                <span>{contact.name.clone().unwrap_or_default()}" "{contact.phone.clone().unwrap_or_default()}</span>
                                {contact.unmasked.then(|| view! { <span class="muted">{t(FbMsg::ContactUnmasked)}</span> })}
                            }.into_any()
                        }}
                        {contact.filed_by_family.then(|| view! { " "<span class="tag">{t(FbMsg::FiledByFamily)}</span> })}
                    </dd>
                    <dt>{t(FbMsg::Channel)}</dt><dd>{c.channel.clone()}</dd>
                    {(p.support_count > 0).then(|| view! { <dt>{t(FbMsg::Supporters)}</dt><dd>{p.support_count}</dd> })}
                </dl>
                <p class="description">{p.description.clone()}</p>
                {(!p.answers.is_empty()).then(|| view! {
                    <dl class="facts">
                        {p.answers.iter().map(|a| { let q = a.question.clone(); view! { <dt>{move || q.get(lang().tag()).to_owned()}</dt><dd>{let a = a.clone(); move || crate::ui::pages::feedback::answer_text(&a, lang())}</dd> } }).collect_view()}
                    </dl>
                })}
                {(!p.photos.is_empty()).then(|| view! {
                    <ul class="photos">{p.photos.iter().map(|ph| view! { <li><img src=ph.url.clone() alt=tf(FbMsg::PhotoN, { let n = ph.position; move || vec![("n", n.to_string())] }) loading="lazy" /></li> }).collect_view()}</ul>
                })}
                <h2>{t(FbMsg::Timeline)}</h2>
                <Timeline entries=p.timeline.clone() />
            </div>
            <aside class="case-actions">
                {c.needs_placement.then(|| view! { <PlacePanel id=c.id case placed /> })}
                {(!c.actions.is_empty()).then(|| view! { <ActionPanel id=c.id actions=c.actions.clone() category=p.category.code.clone() case /> })}
            </aside>
        </div>
    }
}

fn action_label(a: &str) -> FbMsg {
    match a {
        "accept" => FbMsg::ActAccept,
        "decline" => FbMsg::ActDecline,
        "assign" => FbMsg::ActAssign,
        "start" => FbMsg::ActStart,
        "answer" => FbMsg::ActAnswer,
        "note" => FbMsg::ActNote,
        "extend" => FbMsg::ActExtend,
        "remind" => FbMsg::ActRemind,
        "merge" => FbMsg::ActMerge,
        "hide" => FbMsg::ActHide,
        _ => FbMsg::ActUnhide,
    }
}

/// One form for the actions allowed now; the fields follow the chosen action.
#[component]
fn ActionPanel(
    /// Case id.
    id: i64,
    /// Allowed actions, by wire name.
    actions: Vec<String>,
    /// The case's category, to offer its templates first.
    category: String,
    /// Replaced with the updated case.
    case: RwSignal<Option<Result<StaffCase, client::ApiError>>>,
) -> impl IntoView {
    let first = actions.first().cloned().unwrap_or_default();
    let action = RwSignal::new(first);
    let text = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let days = RwSignal::new("3".to_owned());
    let into = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let departments = LocalResource::new(|| client::get::<DepartmentList>("/api/v1/departments"));
    let templates =
        LocalResource::new(|| client::get::<ReplyTemplateList>("/api/v1/staff/feedback/templates"));
    let perform = form_action(
        error,
        move |body: CaseAction| async move {
            client::post::<_, StaffCase>(&format!("/api/v1/staff/feedback/{id}/actions"), &body)
                .await
        },
        move |c: StaffCase| {
            text.set(String::new());
            case.set(Some(Ok(c)));
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let txt = text.get_untracked();
        let opt = || Some(txt.clone()).filter(|s| !s.trim().is_empty());
        let body = match action.get_untracked().as_str() {
            "accept" => CaseAction::Accept { reply: opt() },
            "decline" => CaseAction::Decline {
                reason: txt.clone(),
            },
            "assign" => CaseAction::Assign {
                department: Some(department.get_untracked()).filter(|d| !d.is_empty()),
                assignee_id: None,
                note: opt(),
            },
            "start" => CaseAction::Start { reply: opt() },
            "answer" => CaseAction::Answer { reply: txt.clone() },
            "note" => CaseAction::Note { text: txt.clone() },
            "extend" => CaseAction::Extend {
                days: days.get_untracked().parse().unwrap_or(0),
                reason: txt.clone(),
            },
            "remind" => CaseAction::Remind { text: opt() },
            "merge" => CaseAction::Merge {
                into: into
                    .get_untracked()
                    .trim()
                    .trim_start_matches('#')
                    .parse()
                    .unwrap_or(0),
            },
            "hide" => CaseAction::Hide {
                reason: txt.clone(),
            },
            _ => CaseAction::Unhide,
        };
        perform.dispatch_local(body);
    };
    let needs_text = move || !matches!(action.get().as_str(), "unhide" | "merge");
    let text_label = move || match action.get().as_str() {
        "decline" | "extend" | "hide" => FbMsg::Reason,
        "note" | "assign" | "remind" => FbMsg::NoteText,
        _ => FbMsg::Reply,
    };
    view! {
        <form class="card action-form" on:submit=on_submit>
            <h2>{t(FbMsg::Actions)}</h2>
            <fieldset class="choice-row actions-list">
                <legend class="visually-hidden">{t(FbMsg::Actions)}</legend>
                {actions.into_iter().map(|a| {
                    let value = a.clone();
                    let v2 = a.clone();
                    view! {
                        <label class="choice">
                            <input type="radio" name="action" value=a.clone() prop:checked=move || action.get() == value
                                on:change=move |_| { action.set(v2.clone()); error.set(None); } />
                            <span>{t(action_label(&a))}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <Show when=move || action.get() == "assign">
                <div class="field">
                    <label for="act-department">{t(FbMsg::AssignDepartment)}</label>
                    <select id="act-department" on:change=move |ev| department.set(event_target_value(&ev))>
                        <option value="">{t(FbMsg::DefaultRoute)}</option>
                        {move || departments.get().and_then(|r| r.ok()).map(|l| l.items.into_iter().map(|d| {
                            let name = d.name.clone();
                            view! { <option value=d.code.clone()>{move || name.get(lang().tag()).to_owned()}</option> }
                        }).collect_view())}
                    </select>
                </div>
            </Show>
            <Show when=move || action.get() == "extend">
                <div class="field">
                    <label for="act-days">{t(FbMsg::ExtendDays)}</label>
                    <input id="act-days" type="number" min="1" max="30" bind:value=days />
                </div>
            </Show>
            <Show when=move || action.get() == "merge">
                <div class="field">
                    <label for="act-into">{t(FbMsg::MergeInto)}</label>
                    <input id="act-into" type="text" inputmode="numeric" bind:value=into />
                </div>
            </Show>
            <Show when=move || matches!(action.get().as_str(), "answer" | "accept" | "decline")>
                <div class="field">
                    <label for="act-template">{t(FbMsg::Template)}</label>
                    <select id="act-template" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(body) = templates.get().and_then(|r| r.ok()).and_then(|l| l.items.into_iter().find(|x| x.id.to_string() == v)).map(|x| x.body) {
                            text.set(body);
                        }
                    }>
                        <option value="">{t(FbMsg::NoTemplate)}</option>
                        {let category = category.clone(); move || templates.get().and_then(|r| r.ok()).map(|l| {
                            let mut items = l.items;
                            items.sort_by_key(|x| x.category.as_deref() != Some(category.as_str()));
                            items.into_iter().map(|x| view! { <option value=x.id.to_string()>{x.title}</option> }).collect_view()
                        })}
                    </select>
                </div>
            </Show>
            <Show when=needs_text>
                <div class="field">
                    <label for="act-text">{move || t(text_label())()}</label>
                    <Show when=move || matches!(action.get().as_str(), "answer" | "accept" | "decline" | "start" | "extend")>
                        <p class="field-hint">{t(FbMsg::ReplyPublic)}</p>
                    </Show>
                    <textarea id="act-text" rows="4" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <div class="status error" role="alert"><p>{e.message}</p></div> })}
            <button type="submit" class="button" disabled=move || perform.pending().get()>{move || t(action_label(&action.get()))()}</button>
        </form>
    }
}
