//! `/directory/services/{id}/edit` (and `…/new/edit`): the staff editor of a service and of
//! the hours of its places, with "mark verified" and the change history.
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};

use crate::{
    api::{
        accounts::Role,
        directory::{
            AudienceList, CategoryList, ChangeList, Created, ExceptionInput, HoursInput,
            LocationEdit, LocationEditList, OrganizationRowList, PhoneInput, PhoneKind,
            ServiceEdit, ServiceInput, ServiceStatus, Term, TextInput, WindowInput,
        },
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, field_error, form_action},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{DirMsg, Message, fill, lang, t},
    },
};

use super::{long_date, review::VerifyButton, weekday_label};

/// Everything the editor needs, loaded together.
#[derive(Clone)]
struct EditorData {
    edit: Option<ServiceEdit>,
    categories: CategoryList,
    audiences: AudienceList,
    locations: Vec<LocationEdit>,
    organizations: OrganizationRowList,
}

async fn load(id: String) -> Result<EditorData, client::ApiError> {
    let edit = if id == "new" {
        None
    } else {
        Some(client::get::<ServiceEdit>(&format!("/api/v1/directory/services/{id}")).await?)
    };
    Ok(EditorData {
        edit,
        categories: client::get("/api/v1/categories").await?,
        audiences: client::get("/api/v1/audiences").await?,
        locations: client::get::<LocationEditList>("/api/v1/directory/locations?limit=100")
            .await?
            .items,
        organizations: client::get("/api/v1/directory/organizations").await?,
    })
}

/// The service editor page.
#[component]
pub fn ServiceEditor() -> impl IntoView {
    view! {
        <RequireLogin roles=&[Role::WorkstationStaff, Role::Admin]>
            <EditorContent />
        </RequireLogin>
    }
}

#[component]
fn EditorContent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = LocalResource::new(move || load(id()));
    view! {
        <section class="page admin dir-editor">
            <p class="back"><A href="/directory/manage">{t(DirMsg::StaffTitle)}</A></p>
            <Suspense fallback=Loading>
                {move || data.get().map(|result| match result {
                    Ok(d) => view! { <EditorForm d on_saved=Callback::new(move |()| data.refetch()) /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error retry=Callback::new(move |()| data.refetch()) /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn lines(items: &[TextInput]) -> String {
    items
        .iter()
        .map(|t| t.zh.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn from_lines(text: &str) -> Vec<TextInput> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| TextInput::new(l, None))
        .collect()
}

fn phone_of(input: &ServiceInput, kind: PhoneKind) -> String {
    input
        .phones
        .iter()
        .find(|p| p.kind == kind)
        .map(|p| p.number.clone())
        .unwrap_or_default()
}

/// The form itself, filled from the loaded service (or empty for a new one).
/// A new service's starting point: at the first place the staff member may edit, free, in
/// Chinese.
fn blank_input(d: &EditorData) -> ServiceInput {
    let first_location = d.locations.first();
    ServiceInput {
        organization_id: d.organizations.items.first().map_or(0, |o| o.id),
        region: first_location
            .map(|l| l.input.region.clone())
            .unwrap_or_default(),
        name: TextInput::default(),
        alternate_name: None,
        description: TextInput::default(),
        status: ServiceStatus::Active,
        categories: Vec::new(),
        audiences: Vec::new(),
        conditions: TextInput::default(),
        documents: Vec::new(),
        process: Vec::new(),
        time_limit: TextInput::default(),
        fees: TextInput::new("免费", None),
        fees_basis: TextInput::default(),
        is_free: true,
        costs: Vec::new(),
        visits_needed: Some(1),
        minimum_age: None,
        maximum_age: None,
        phones: Vec::new(),
        languages: vec!["zh".into()],
        service_areas: Vec::new(),
        location_ids: first_location.iter().map(|l| l.id).collect(),
        url: None,
        email: None,
        alert: None,
    }
}

/// The fields the editor shows, one signal each; the rest of the input is kept as loaded.
#[derive(Clone, Copy)]
struct EditorFields {
    name_zh: RwSignal<String>,
    name_en: RwSignal<String>,
    description: RwSignal<String>,
    status: RwSignal<ServiceStatus>,
    categories: RwSignal<Vec<String>>,
    audiences: RwSignal<Vec<String>>,
    conditions: RwSignal<String>,
    documents: RwSignal<String>,
    process: RwSignal<String>,
    time_limit: RwSignal<String>,
    fees: RwSignal<String>,
    fees_basis: RwSignal<String>,
    is_free: RwSignal<bool>,
    enquiry: RwSignal<String>,
    complaint: RwSignal<String>,
    location: RwSignal<i64>,
    organization: RwSignal<i64>,
}

impl EditorFields {
    fn new(base: &ServiceInput) -> Self {
        Self {
            name_zh: RwSignal::new(base.name.zh.clone()),
            name_en: RwSignal::new(base.name.en.clone().unwrap_or_default()),
            description: RwSignal::new(base.description.zh.clone()),
            status: RwSignal::new(base.status),
            categories: RwSignal::new(base.categories.clone()),
            audiences: RwSignal::new(base.audiences.clone()),
            conditions: RwSignal::new(base.conditions.zh.clone()),
            documents: RwSignal::new(lines(&base.documents)),
            process: RwSignal::new(lines(&base.process)),
            time_limit: RwSignal::new(base.time_limit.zh.clone()),
            fees: RwSignal::new(base.fees.zh.clone()),
            fees_basis: RwSignal::new(base.fees_basis.zh.clone()),
            is_free: RwSignal::new(base.is_free),
            enquiry: RwSignal::new(phone_of(base, PhoneKind::Enquiry)),
            complaint: RwSignal::new(phone_of(base, PhoneKind::Complaint)),
            location: RwSignal::new(base.location_ids.first().copied().unwrap_or(0)),
            organization: RwSignal::new(base.organization_id),
        }
    }

    /// `base` with the edited fields written into it. A new service (or one moved to another
    /// place) is at the chosen place and in its region.
    fn input(&self, base: &ServiceInput, locations: &[LocationEdit], is_new: bool) -> ServiceInput {
        let mut input = base.clone();
        let en = self.name_en.get_untracked();
        input.name = TextInput {
            zh: self.name_zh.get_untracked(),
            en: (!en.trim().is_empty()).then_some(en),
        };
        input.description.zh = self.description.get_untracked();
        input.status = self.status.get_untracked();
        input.categories = self.categories.get_untracked();
        input.audiences = self.audiences.get_untracked();
        input.conditions.zh = self.conditions.get_untracked();
        input.documents = from_lines(&self.documents.get_untracked());
        input.process = from_lines(&self.process.get_untracked());
        input.time_limit.zh = self.time_limit.get_untracked();
        input.fees.zh = self.fees.get_untracked();
        input.fees_basis.zh = self.fees_basis.get_untracked();
        input.is_free = self.is_free.get_untracked();
        if input.is_free {
            input.costs.clear();
        }
        input.organization_id = self.organization.get_untracked();
        input
            .phones
            .retain(|p| !matches!(p.kind, PhoneKind::Enquiry | PhoneKind::Complaint));
        for (kind, number) in [
            (PhoneKind::Enquiry, self.enquiry.get_untracked()),
            (PhoneKind::Complaint, self.complaint.get_untracked()),
        ] {
            if !number.trim().is_empty() {
                input.phones.push(PhoneInput {
                    kind,
                    number,
                    extension: None,
                    description: TextInput::default(),
                });
            }
        }
        let chosen = self.location.get_untracked();
        if is_new || !input.location_ids.contains(&chosen) {
            input.location_ids = vec![chosen];
            if let Some(l) = locations.iter().find(|l| l.id == chosen) {
                input.region = l.input.region.clone();
            }
        }
        input
    }
}

/// Saves a service: `PUT` when it exists, `POST` when it is new. Answers its id.
async fn save_service(id: Option<i64>, input: ServiceInput) -> Result<i64, client::ApiError> {
    match id {
        Some(id) => client::send::<_, ServiceEdit>(
            "PUT",
            &format!("/api/v1/directory/services/{id}"),
            &input,
        )
        .await
        .map(|e| e.id),
        None => client::post::<_, Created>("/api/v1/directory/services", &input)
            .await
            .map(|c| c.id),
    }
}

#[component]
fn EditorForm(
    /// Loaded data.
    d: EditorData,
    /// Called after a save (reloads the page data).
    on_saved: Callback<()>,
) -> impl IntoView {
    let navigate = use_navigate();
    let base = d
        .edit
        .as_ref()
        .map(|e| e.input.clone())
        .unwrap_or_else(|| blank_input(&d));
    let service_id = d.edit.as_ref().map(|e| e.id);
    let f = EditorFields::new(&base);
    let error: FormError = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let save = form_action(
        error,
        move |input: ServiceInput| save_service(service_id, input),
        move |id: i64| {
            saved.set(true);
            if service_id.is_none() {
                navigate(
                    &format!("/directory/services/{id}/edit"),
                    Default::default(),
                );
            } else {
                on_saved.run(());
            }
        },
    );
    let locations = d.locations.clone();
    let base_for_save = base.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        save.dispatch_local(f.input(&base_for_save, &locations, service_id.is_none()));
    };
    let title = if service_id.is_some() {
        DirMsg::EditService
    } else {
        DirMsg::NewService
    };
    let name_error = field_error(error, "name");
    let verified = d.edit.as_ref().and_then(|e| e.last_verified_at.clone());
    let edit_locations: Vec<LocationEdit> = d
        .locations
        .iter()
        .filter(|l| base.location_ids.contains(&l.id))
        .cloned()
        .collect();
    let EditorFields {
        name_zh,
        name_en,
        description,
        status,
        organization,
        location,
        ..
    } = f;
    view! {
        <h1>{t(title)}</h1>
        {service_id.map(|id| view! {
            <p class="toolbar">
                <A href=format!("/services/{id}") attr:class="button secondary small">{t(DirMsg::Title)}</A>
                <span class="muted">{move || match &verified {
                    Some(at) => fill(DirMsg::LastVerified.text(lang()), &[("date", long_date(at, lang()))]),
                    None => DirMsg::NeverVerified.text(lang()).to_owned(),
                }}</span>
                <VerifyButton id on_done=on_saved />
            </p>
        })}
        <form class="form wide" on:submit=on_submit>
            <div class="field" class:has-error=move || name_error.with(Option::is_some)>
                <label for="ed-name">{t(DirMsg::NameZh)}</label>
                <input id="ed-name" required=true bind:value=name_zh aria-invalid=move || name_error.with(Option::is_some).to_string() />
                <Show when=move || name_error.with(Option::is_some)><p class="field-error" role="alert">{move || name_error.get()}</p></Show>
            </div>
            <div class="field">
                <label for="ed-name-en">{t(DirMsg::NameEn)}</label>
                <input id="ed-name-en" bind:value=name_en />
            </div>
            <div class="field">
                <label for="ed-desc">{t(DirMsg::DescriptionZh)}</label>
                <textarea id="ed-desc" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="ed-status">{t(DirMsg::Status)}</label>
                <select id="ed-status" on:change=move |ev| if let Some(s) = ServiceStatus::parse(&event_target_value(&ev)) { status.set(s) }>
                    {[(ServiceStatus::Active, DirMsg::StatusActive), (ServiceStatus::TemporarilyClosed, DirMsg::TemporarilyClosed),
                      (ServiceStatus::Inactive, DirMsg::StatusInactive), (ServiceStatus::Defunct, DirMsg::StatusDefunct)]
                        .into_iter().map(|(s, label)| view! { <option value=s.as_str() selected=move || status.get() == s>{t(label)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ed-org">{t(DirMsg::OrganizationField)}</label>
                <select id="ed-org" on:change=move |ev| if let Ok(v) = event_target_value(&ev).parse() { organization.set(v) }>
                    {d.organizations.items.iter().map(|o| {
                        let id = o.id;
                        let name = o.name.clone();
                        view! { <option value=id.to_string() selected=move || organization.get() == id>{move || name.get(lang().tag()).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ed-location">{t(DirMsg::Location)}</label>
                <select id="ed-location" on:change=move |ev| if let Ok(v) = event_target_value(&ev).parse() { location.set(v) }>
                    {d.locations.iter().map(|l| {
                        let id = l.id;
                        let name = l.input.name.zh.clone();
                        let region = l.region_name.clone();
                        view! { <option value=id.to_string() selected=move || location.get() == id>{name} " · " {move || region.get(lang().tag()).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <CategoryChecks all=d.categories.items.clone() chosen=f.categories />
            <AudienceChecks all=d.audiences.items.clone() chosen=f.audiences />
            <GuideFields f />
            <FormAlert error fields=&["name"] />
            <Show when=move || saved.get()><p class="status ok" role="status">{t(DirMsg::Saved)}</p></Show>
            <p><button type="submit" class="button" disabled=move || save.pending().get()>{t(DirMsg::Save)}</button></p>
        </form>
        {edit_locations.into_iter().map(|l| view! { <HoursEditor l /> }).collect_view()}
        {service_id.map(|id| view! { <History id /> })}
    }
}

/// A checkbox for one term of a taxonomy: checked while its code is in `chosen`.
#[component]
fn TermCheck(term: Term, chosen: RwSignal<Vec<String>>) -> impl IntoView {
    let Term { code, name, .. } = term;
    let checked = {
        let code = code.clone();
        move || chosen.with(|cs| cs.contains(&code))
    };
    let toggle = move |_| {
        chosen.update(|cs| match cs.iter().position(|x| *x == code) {
            Some(i) => {
                cs.remove(i);
            }
            None => cs.push(code.clone()),
        });
    };
    view! {
        <label class="check">
            <input type="checkbox" prop:checked=checked on:change=toggle />
            {move || name.get(lang().tag()).to_owned()}
        </label>
    }
}

/// The service's categories, one collapsible group per top-level category.
#[component]
fn CategoryChecks(
    all: Vec<crate::api::directory::Category>,
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{t(DirMsg::Category)}</legend>
            {all.into_iter().map(|c| {
                let name = c.name.clone();
                view! {
                    <details class="category-picker">
                        <summary>{move || name.get(lang().tag()).to_owned()}</summary>
                        {c.children.into_iter().map(|term| view! { <TermCheck term chosen /> }).collect_view()}
                    </details>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Who the service is for.
#[component]
fn AudienceChecks(all: Vec<Term>, chosen: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{t(DirMsg::Audience)}</legend>
            <div class="checks">
                {all.into_iter().map(|term| view! { <TermCheck term chosen /> }).collect_view()}
            </div>
        </fieldset>
    }
}

/// The guide: conditions, documents, process, time limit, fees and phones.
#[component]
fn GuideFields(f: EditorFields) -> impl IntoView {
    let EditorFields {
        conditions,
        documents,
        process,
        time_limit,
        is_free,
        fees,
        fees_basis,
        enquiry,
        complaint,
        ..
    } = f;
    view! {
        <h2>{t(DirMsg::Guide)}</h2>
        <TextArea id="ed-conditions" label=DirMsg::Conditions value=conditions hint=None />
        <TextArea id="ed-documents" label=DirMsg::Documents value=documents hint=Some(DirMsg::LinesHint) />
        <TextArea id="ed-process" label=DirMsg::Process value=process hint=Some(DirMsg::LinesHint) />
        <div class="field"><label for="ed-limit">{t(DirMsg::TimeLimit)}</label><input id="ed-limit" bind:value=time_limit /></div>
        <label class="check"><input type="checkbox" bind:checked=is_free />{t(DirMsg::IsFree)}</label>
        <div class="field"><label for="ed-fees">{t(DirMsg::Fees)}</label><input id="ed-fees" bind:value=fees /></div>
        <div class="field"><label for="ed-basis">{t(DirMsg::FeesBasis)}</label><input id="ed-basis" bind:value=fees_basis /></div>
        <div class="field"><label for="ed-enquiry">{t(DirMsg::EnquiryPhone)}</label><input id="ed-enquiry" type="tel" bind:value=enquiry /></div>
        <div class="field"><label for="ed-complaint">{t(DirMsg::ComplaintPhone)}</label><input id="ed-complaint" type="tel" bind:value=complaint /></div>
    }
}

/// A labelled multi-line field.
#[component]
fn TextArea(
    /// Element id.
    id: &'static str,
    /// Label.
    label: DirMsg,
    /// The text.
    value: RwSignal<String>,
    /// Help under the label.
    hint: Option<DirMsg>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{t(h)}</p> })}
            <textarea id=id aria-describedby=hint.map(|_| hint_id.clone())
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </div>
    }
}

/// Weekly hours as one text field per weekday, exceptions one per line.
#[component]
fn HoursEditor(
    /// The location whose hours are edited.
    l: LocationEdit,
) -> impl IntoView {
    let days: Vec<RwSignal<String>> = (1..=7u8)
        .map(|d| {
            RwSignal::new(
                l.hours
                    .weekly
                    .iter()
                    .filter(|w| w.weekday == d)
                    .map(|w| format!("{}-{}", w.opens, w.closes))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })
        .collect();
    let exceptions = RwSignal::new(
        l.hours
            .exceptions
            .iter()
            .map(|e| {
                let what = if e.closed {
                    "休息".to_owned()
                } else {
                    e.windows
                        .iter()
                        .map(|(o, c)| format!("{o}-{c}"))
                        .collect::<Vec<_>>()
                        .join(",")
                };
                format!("{} {what} {}", e.date, e.reason.zh)
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let error: FormError = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let id = l.id;
    let save = form_action(
        error,
        move |body: HoursInput| async move {
            client::send::<_, LocationEdit>(
                "PUT",
                &format!("/api/v1/directory/locations/{id}/hours"),
                &body,
            )
            .await
            // A failed save takes back the confirmation of an earlier one.
            .inspect_err(|_| saved.set(false))
        },
        move |_| saved.set(true),
    );
    let days_for_save = days.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut weekly = Vec::new();
        for (i, day) in days_for_save.iter().enumerate() {
            for w in day
                .get_untracked()
                .split([',', '，'])
                .map(str::trim)
                .filter(|w| !w.is_empty())
            {
                let (opens, closes) = w.split_once('-').unwrap_or((w, ""));
                weekly.push(WindowInput {
                    weekday: u8::try_from(i + 1).unwrap_or(1),
                    opens: opens.trim().to_owned(),
                    closes: closes.trim().to_owned(),
                });
            }
        }
        let exceptions = exceptions
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| {
                let mut parts = line.splitn(3, char::is_whitespace);
                let date = parts.next().unwrap_or("").to_owned();
                let what = parts.next().unwrap_or("").trim();
                let reason = parts.next().unwrap_or("").trim();
                let closed =
                    what.is_empty() || what == "休息" || what.eq_ignore_ascii_case("closed");
                let windows = if closed {
                    Vec::new()
                } else {
                    what.split(',')
                        .filter_map(|w| {
                            w.split_once('-')
                                .map(|(o, c)| (o.trim().to_owned(), c.trim().to_owned()))
                        })
                        .collect()
                };
                ExceptionInput {
                    date,
                    closed,
                    windows,
                    reason: TextInput::new(reason, None),
                }
            })
            .collect();
        save.dispatch_local(HoursInput { weekly, exceptions });
    };
    let title_id = format!("hours-{id}");
    view! {
        <section class="card" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{t(DirMsg::HoursEditor)} " · " {l.input.name.zh.clone()}</h2>
            <p class="field-hint">{t(DirMsg::HoursHint)}</p>
            <form class="form wide" on:submit=on_submit>
                {days.into_iter().enumerate().map(|(i, day)| {
                    let field_id = format!("hours-{id}-{}", i + 1);
                    view! {
                        <div class="field inline">
                            <label for=field_id.clone()>{t(weekday_label(u8::try_from(i + 1).unwrap_or(1)))}</label>
                            <input id=field_id bind:value=day />
                        </div>
                    }
                }).collect_view()}
                <div class="field">
                    <label for=format!("exc-{id}")>{t(DirMsg::SpecialDays)}</label>
                    <p class="field-hint">{t(DirMsg::ExceptionsHint)}</p>
                    <textarea id=format!("exc-{id}") prop:value=move || exceptions.get() on:input=move |ev| exceptions.set(event_target_value(&ev))></textarea>
                </div>
                <FormAlert error fields=&[] />
                <Show when=move || saved.get()><p class="status ok" role="status">{t(DirMsg::Saved)}</p></Show>
                <p><button type="submit" class="button secondary" disabled=move || save.pending().get()>{t(DirMsg::Save)}</button></p>
            </form>
        </section>
    }
}

/// Who changed which field, newest first.
#[component]
fn History(
    /// The service.
    id: i64,
) -> impl IntoView {
    let history = LocalResource::new(move || async move {
        client::get::<ChangeList>(&format!("/api/v1/directory/services/{id}/history")).await
    });
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t(DirMsg::History)}</h2>
            <Suspense fallback=Loading>
                {move || history.get().map(|r| match r {
                    Ok(list) => view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="history-title">
                            <table class="data">
                                <thead><tr><th>{t(DirMsg::History)}</th><th>{t(DirMsg::OldValue)}</th><th>{t(DirMsg::NewValue)}</th></tr></thead>
                                <tbody>
                                    {list.items.into_iter().take(100).map(|c| {
                                        let who = c.changed_by.clone();
                                        let when = c.changed_at.clone();
                                        let field = c.field.clone();
                                        let line = move || fill(DirMsg::HistoryEntry.text(lang()), &[
                                            ("who", who.clone().unwrap_or_else(|| DirMsg::System.text(lang()).to_owned())),
                                            ("when", long_date(&when, lang())),
                                            ("field", field.clone()),
                                        ]);
                                        view! { <tr><td class="wrap">{line}</td><td class="wrap">{c.old_value.unwrap_or_default()}</td><td class="wrap">{c.new_value.unwrap_or_default()}</td></tr> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
