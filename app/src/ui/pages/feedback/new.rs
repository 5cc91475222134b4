//! `/feedback/new`: the short form residents fill on a phone. The draft (not the photos) is
//! kept in `localStorage`, so a reload or a lost connection loses nothing; similar open cases
//! are offered with "add my support" before a duplicate is filed.
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::{
    api::feedback::{
        AnswerValue, CaseCreated, Category, CategoryList, Datatype, FeedbackKind, NewCase, Privacy,
        Question, SimilarList, SupportResult,
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, field_error, form_action},
            region_picker::RegionPicker,
            status::{ErrorNotice, Loading},
        },
        i18n::{AccMsg, FbMsg, lang, t, tf},
        pages::feedback::{device_codes, kind_label},
        session::use_session,
    },
};

const DRAFT_KEY: &str = "linli.feedback.draft";

/// What is kept between visits (photos are not: they stay on the device's own storage).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
struct Draft {
    kind: String,
    category: String,
    community: String,
    place: String,
    title: String,
    description: String,
    privacy: String,
    contact_name: String,
    contact_phone: String,
    answers: BTreeMap<String, AnswerValue>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load_draft() -> Draft {
    storage()
        .and_then(|s| s.get_item(DRAFT_KEY).ok().flatten())
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default()
}

/// The feedback form, or the confirmation with the tracking code once sent.
#[component]
pub fn NewFeedback() -> impl IntoView {
    let created = RwSignal::new(None::<CaseCreated>);
    view! {
        <section class="page narrow feedback-form-page">
            {move || match created.get() {
                Some(c) => view! { <Created created=c /> }.into_any(),
                None => view! { <FeedbackForm created /> }.into_any(),
            }}
        </section>
    }
}

/// The confirmation: the code to keep, and the acceptance deadline.
#[component]
fn Created(
    /// What the server answered.
    created: CaseCreated,
) -> impl IntoView {
    let code = created.tracking_code.clone();
    let due = created.accept_due.clone();
    view! {
        <div class="card created" role="status">
            <h1>{t(FbMsg::CreatedTitle)}</h1>
            <p>{t(FbMsg::CreatedCode)}<strong class="tracking-code">{code.clone()}</strong></p>
            <p>{t(FbMsg::CreatedKeep)}</p>
            <p>{tf(FbMsg::CreatedDue, move || vec![("date", due.clone())])}</p>
            <A href=format!("/feedback/track/{code}") attr:class="button">{t(FbMsg::ViewCase)}</A>
        </div>
    }
}

/// The form's fields, one signal each, started from the saved draft.
#[derive(Clone, Copy)]
struct Fields {
    kind: RwSignal<String>,
    category: RwSignal<String>,
    community: RwSignal<String>,
    place: RwSignal<String>,
    title: RwSignal<String>,
    description: RwSignal<String>,
    privacy: RwSignal<String>,
    contact_name: RwSignal<String>,
    contact_phone: RwSignal<String>,
    answers: RwSignal<BTreeMap<String, AnswerValue>>,
}

impl Fields {
    fn new(draft: Draft) -> Self {
        let or = |value: String, default: &str| {
            if value.is_empty() {
                default.to_owned()
            } else {
                value
            }
        };
        Self {
            kind: RwSignal::new(or(draft.kind, "complaint")),
            category: RwSignal::new(draft.category),
            community: RwSignal::new(draft.community),
            place: RwSignal::new(draft.place),
            title: RwSignal::new(draft.title),
            description: RwSignal::new(draft.description),
            privacy: RwSignal::new(or(draft.privacy, "committee_only")),
            contact_name: RwSignal::new(draft.contact_name),
            contact_phone: RwSignal::new(draft.contact_phone),
            answers: RwSignal::new(draft.answers),
        }
    }

    /// The draft to keep (tracked: an effect reading it runs on every change).
    fn draft(&self) -> Draft {
        Draft {
            kind: self.kind.get(),
            category: self.category.get(),
            community: self.community.get(),
            place: self.place.get(),
            title: self.title.get(),
            description: self.description.get(),
            privacy: self.privacy.get(),
            contact_name: self.contact_name.get(),
            contact_phone: self.contact_phone.get(),
            answers: self.answers.get(),
        }
    }

    /// The case to file; an anonymous case carries no contact details.
    fn case(&self) -> NewCase {
        let privacy =
            Privacy::parse(&self.privacy.get_untracked()).unwrap_or(Privacy::CommitteeOnly);
        let anonymous = privacy == Privacy::Anonymous;
        let opt = |s: String| (!anonymous && !s.trim().is_empty()).then_some(s);
        NewCase {
            kind: FeedbackKind::parse(&self.kind.get_untracked())
                .unwrap_or(FeedbackKind::Complaint),
            category: self.category.get_untracked(),
            community: self.community.get_untracked(),
            place: self.place.get_untracked(),
            lat: None,
            lng: None,
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            privacy,
            contact_name: opt(self.contact_name.get_untracked()),
            contact_phone: opt(self.contact_phone.get_untracked()),
            answers: self.answers.get_untracked(),
        }
    }

    /// Empties what the resident wrote (kind, category, community and privacy stay).
    fn clear(&self) {
        self.place.set(String::new());
        self.title.set(String::new());
        self.description.set(String::new());
        self.answers.set(BTreeMap::new());
    }
}

/// Files the case, with its photos as a multipart body when there are any.
async fn file_case(
    case: NewCase,
    files: Vec<web_sys::File>,
) -> Result<CaseCreated, client::ApiError> {
    if files.is_empty() {
        return client::post::<_, CaseCreated>("/api/v1/feedback", &case).await;
    }
    let Ok(form) = web_sys::FormData::new() else {
        return Err(client::ApiError::network(crate::ui::i18n::Lang::Zh));
    };
    let json = serde_json::to_string(&case).unwrap_or_default();
    let _ = form.append_with_str("case", &json);
    for f in &files {
        let _ = form.append_with_blob_and_filename("photo", f, &f.name());
    }
    client::post_form_data::<CaseCreated>("/api/v1/feedback", form).await
}

#[component]
fn FeedbackForm(
    /// Set when the case is filed.
    created: RwSignal<Option<CaseCreated>>,
) -> impl IntoView {
    let session = use_session();
    let f = Fields::new(load_draft());
    let photos = RwSignal::new_local(Vec::<web_sys::File>::new());
    let error: FormError = RwSignal::new(None);
    let picking = RwSignal::new(false);

    // The home community is the natural default once the session is known.
    Effect::new(move |_| {
        if let Some(home) = session
            .me
            .with(|m| m.as_ref().and_then(|m| m.home_community.clone()))
        {
            let current = f.community.get_untracked();
            if current.is_empty() {
                f.community.set(home.code);
            } else if current != home.code {
                picking.set(true);
            }
        }
    });
    // Every change is saved as the draft.
    Effect::new(move |_| {
        let d = f.draft();
        if let (Some(s), Ok(v)) = (storage(), serde_json::to_string(&d)) {
            let _ = s.set_item(DRAFT_KEY, &v);
        }
    });

    let categories =
        LocalResource::new(|| client::get::<CategoryList>("/api/v1/feedback/categories"));
    let current = move || {
        let code = f.category.get();
        categories
            .get()
            .and_then(|r| r.ok())
            .and_then(|l| l.items.into_iter().find(|c| c.code == code))
    };

    // Duplicate hints: looked up when the title or description is left.
    let probe = RwSignal::new(String::new());
    let similar = LocalResource::new(move || {
        let text = probe.get();
        let (cat, comm) = (f.category.get_untracked(), f.community.get_untracked());
        async move {
            if text.chars().count() < 4 || cat.is_empty() || comm.is_empty() {
                return SimilarList { items: vec![] };
            }
            let url = format!(
                "/api/v1/feedback/similar?category={cat}&community={comm}&text={}",
                String::from(js_sys::encode_uri_component(&text))
            );
            client::get::<SimilarList>(&url)
                .await
                .unwrap_or(SimilarList { items: vec![] })
        }
    });
    let look = move |_| {
        probe.set(format!(
            "{} {}",
            f.title.get_untracked(),
            f.description.get_untracked()
        ))
    };

    let discard = move |_| {
        if let Some(s) = storage() {
            let _ = s.remove_item(DRAFT_KEY);
        }
        f.clear();
        photos.set(Vec::new());
        error.set(None);
    };

    let send = form_action(
        error,
        |(case, files): (NewCase, Vec<web_sys::File>)| async move {
            let anonymous = case.privacy == Privacy::Anonymous;
            file_case(case, files).await.map(|c| (c, anonymous))
        },
        move |(c, anonymous): (CaseCreated, bool)| {
            if anonymous {
                device_codes::remember(&c.tracking_code);
            }
            if let Some(s) = storage() {
                let _ = s.remove_item(DRAFT_KEY);
            }
            created.set(Some(c));
            window().scroll_to_with_x_and_y(0.0, 0.0);
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch_local((f.case(), photos.get_untracked()));
    };

    let visitor = move || !session.logged_in();
    let (title, description, privacy) = (f.title, f.description, f.privacy);

    view! {
        <h1>{t(FbMsg::FormTitle)}</h1>
        <form class="feedback-form" on:submit=on_submit novalidate>
            <FormAlert error fields=&["kind", "category", "community", "place", "title", "description", "contact_name", "contact_phone", "photo"] />
            <KindChoice kind=f.kind />
            <CategoryField f categories error />
            <CommunityField community=f.community picking error />

            <TextField id="place" label=FbMsg::Place value=f.place error hint=FbMsg::PlaceHint />
            <div class="field" class:has-error=move || field_error(error, "title").with(Option::is_some)>
                <label for="title">{t(FbMsg::CaseTitle)}</label>
                <input id="title" type="text" maxlength="100" required bind:value=title on:blur=look />
                {move || field_error(error, "title").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
            <div class="field" class:has-error=move || field_error(error, "description").with(Option::is_some)>
                <label for="description">{t(FbMsg::Description)}</label>
                <p class="field-hint" id="description-hint">{t(FbMsg::DescriptionHint)}</p>
                <textarea id="description" rows="5" maxlength="4000" required aria-describedby="description-hint"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                    on:blur=look></textarea>
                {move || field_error(error, "description").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>

            <Suspense fallback=|| ()>
                {move || similar.get().filter(|s| !s.items.is_empty()).map(|s| view! { <SimilarCases list=s /> })}
            </Suspense>

            {move || current().filter(|c| !c.questions.is_empty()).map(|c| view! { <ExtraQuestions category=c answers=f.answers error /> })}

            <PhotosField photos error />
            <PrivacyChoice privacy />
            <Show when=move || visitor() && privacy.get() != "anonymous">
                <TextField id="contact_name" label=FbMsg::ContactName value=f.contact_name error autocomplete="name" />
                <TextField id="contact_phone" label=FbMsg::ContactPhone value=f.contact_phone error input_type="tel"
                    autocomplete="tel" inputmode="tel" hint=FbMsg::ContactPhoneHint required=false />
            </Show>

            <p class="muted small">{t(FbMsg::DraftSaved)}</p>
            <div class="actions">
                <SubmitButton label=FbMsg::Send busy_label=FbMsg::Sending busy=send.pending() />
                <button type="button" class="button secondary" on:click=discard>{t(FbMsg::DiscardDraft)}</button>
            </div>
        </form>
    }
}

/// Complaint, suggestion, question or praise.
#[component]
fn KindChoice(kind: RwSignal<String>) -> impl IntoView {
    view! {
        <fieldset class="field choice-row">
            <legend>{t(FbMsg::Kind)}</legend>
            {FeedbackKind::ALL.iter().map(|k| {
                let value = k.as_str();
                view! {
                    <label class="choice">
                        <input type="radio" name="kind" value=value
                            prop:checked=move || kind.get() == value
                            on:change=move |_| kind.set(value.to_owned()) />
                        <span>{t(kind_label(*k))}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The category, with its deadlines; choosing another clears the extra answers.
#[component]
fn CategoryField(
    f: Fields,
    categories: LocalResource<Result<CategoryList, client::ApiError>>,
    error: FormError,
) -> impl IntoView {
    let (category, answers) = (f.category, f.answers);
    let category_error = field_error(error, "category");
    let current = move || {
        let code = category.get();
        categories
            .get()
            .and_then(|r| r.ok())
            .and_then(|l| l.items.into_iter().find(|c| c.code == code))
    };
    view! {
        <div class="field" class:has-error=move || category_error.with(Option::is_some)>
            <label for="category">{t(FbMsg::Category)}</label>
            <p class="field-hint" id="category-hint">{t(FbMsg::CategoryHint)}</p>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || categories.get().map(|r| match r {
                    Ok(list) => view! {
                        <select id="category" aria-describedby="category-hint" on:change=move |ev| {
                            category.set(event_target_value(&ev));
                            answers.set(BTreeMap::new());
                        }>
                            <option value="" selected=move || category.get().is_empty()>{t(AccMsg::ChooseOne)}</option>
                            {list.items.into_iter().map(|c| {
                                let code = c.code.clone();
                                let name = c.name.clone();
                                view! { <option value=c.code.clone() selected=move || category.get() == code>{move || name.get(lang().tag()).to_owned()}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                })}
            </Suspense>
            {move || current().map(|c| view! {
                <p class="field-hint">{tf(FbMsg::Deadlines, move || vec![("accept", c.accept_days.to_string()), ("answer", c.answer_days.to_string())])}</p>
            })}
            <Show when=move || category_error.with(Option::is_some)>
                <p class="field-error" role="alert">{move || category_error.get()}</p>
            </Show>
        </div>
    }
}

/// The community the case is about: the resident's home community unless they pick another,
/// with a link to its public reports.
#[component]
fn CommunityField(
    community: RwSignal<String>,
    picking: RwSignal<bool>,
    error: FormError,
) -> impl IntoView {
    let session = use_session();
    let community_name = move || {
        let code = community.get();
        session
            .me
            .with(|m| m.as_ref().and_then(|m| m.home_community.clone()))
            .filter(|h| h.code == code)
            .map(|h| h.name.get(lang().tag()).to_owned())
            .unwrap_or(code)
    };
    view! {
        <fieldset class="field">
            <legend>{t(FbMsg::CommunityLegend)}</legend>
            {move || {
                let has_home = session.me.with(|m| m.as_ref().is_some_and(|m| m.home_community.is_some()));
                if !session.ready.get() {
                    view! { <Loading /> }.into_any()
                } else if picking.get() || !has_home {
                    view! { <RegionPicker id="community" value=community error legend=AccMsg::Community /> }.into_any()
                } else {
                    view! {
                        <p>
                            {tf(FbMsg::CommunityChosen, move || vec![("name", community_name())])}
                            " "
                            <button type="button" class="button secondary small" on:click=move |_| picking.set(true)>{t(FbMsg::ChangeCommunity)}</button>
                        </p>
                    }.into_any()
                }
            }}
        </fieldset>
        {move || {
            let code = community.get();
            (!code.is_empty()).then(|| view! {
                <p class="reports-link">
                    <A href=format!("/feedback/reports/{code}")>{t(FbMsg::ReportsLink)}</A>
                </p>
            })
        }}
    }
}

/// Up to five photos, kept on the device until the case is sent.
#[component]
fn PhotosField(
    photos: RwSignal<Vec<web_sys::File>, LocalStorage>,
    error: FormError,
) -> impl IntoView {
    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(list) = input.files() {
            photos.update(|p| {
                for i in 0..list.length() {
                    if let Some(f) = list.get(i)
                        && p.len() < 5
                    {
                        p.push(f);
                    }
                }
            });
        }
        input.set_value("");
    };
    view! {
        <div class="field" class:has-error=move || field_error(error, "photo").with(Option::is_some)>
            <label for="photos">{t(FbMsg::Photos)}</label>
            <p class="field-hint" id="photos-hint">{t(FbMsg::PhotosHint)}</p>
            <input id="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="photos-hint" on:change=on_files />
            <ul class="photo-list">
                {move || photos.with(|list| list.iter().enumerate().map(|(i, f)| {
                    let name = f.name();
                    view! {
                        <li>
                            <span>{name}</span>
                            <button type="button" class="button secondary small"
                                aria-label=tf(FbMsg::RemovePhoto, move || vec![("n", (i + 1).to_string())])
                                on:click=move |_| photos.update(|p| { if i < p.len() { p.remove(i); } })>"×"</button>
                        </li>
                    }
                }).collect_view())}
            </ul>
            {move || field_error(error, "photo").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </div>
    }
}

/// Who may see the resident's name: public, the committee only, or nobody (anonymous).
#[component]
fn PrivacyChoice(privacy: RwSignal<String>) -> impl IntoView {
    view! {
        <fieldset class="field privacy">
            <legend>{t(FbMsg::PrivacyLegend)}</legend>
            {[
                (Privacy::PublicName, FbMsg::PrivacyPublic, FbMsg::PrivacyPublicHint),
                (Privacy::CommitteeOnly, FbMsg::PrivacyCommittee, FbMsg::PrivacyCommitteeHint),
                (Privacy::Anonymous, FbMsg::PrivacyAnonymous, FbMsg::PrivacyAnonymousHint),
            ].into_iter().map(|(p, label, hint)| {
                let value = p.as_str();
                let hint_id = format!("privacy-{value}-hint");
                view! {
                    <label class="choice block">
                        <input type="radio" name="privacy" value=value aria-describedby=hint_id.clone()
                            prop:checked=move || privacy.get() == value
                            on:change=move |_| privacy.set(value.to_owned()) />
                        <span><strong>{t(label)}</strong><br /><span class="muted" id=hint_id>{t(hint)}</span></span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Open cases like this one, each with "add my support".
#[component]
fn SimilarCases(
    /// The hints.
    list: SimilarList,
) -> impl IntoView {
    view! {
        <aside class="card similar" aria-labelledby="similar-title">
            <h2 id="similar-title">{t(FbMsg::SimilarTitle)}</h2>
            <p class="muted">{t(FbMsg::SimilarHint)}</p>
            <ul>
                {list.items.into_iter().map(|c| {
                    let count = RwSignal::new(c.support_count);
                    let done = RwSignal::new(false);
                    let id = c.id;
                    // A failure is not shown: the button stays, to be pressed again.
                    let support = form_action(
                        RwSignal::new(None),
                        move |()| async move {
                            client::post::<_, SupportResult>(&format!("/api/v1/feedback/support/{id}"), &serde_json::json!({})).await
                        },
                        move |r: SupportResult| {
                            count.set(r.support_count);
                            done.set(true);
                        },
                    );
                    view! {
                        <li class="similar-item">
                            <p><strong>{c.title.clone()}</strong><br /><span class="muted">{c.place.clone()}</span></p>
                            <p class="muted">{tf(FbMsg::SupportCount, move || vec![("n", count.get().to_string())])}</p>
                            <Show when=move || !done.get()
                                fallback=move || view! { <p role="status">{tf(FbMsg::Supported, move || vec![("n", count.get().to_string())])}</p> }>
                                <button type="button" class="button secondary" on:click=move |_| { support.dispatch_local(()); }
                                    disabled=move || support.pending().get()>{t(FbMsg::AddSupport)}</button>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </aside>
    }
}

/// The category's extra questions, one control per datatype.
#[component]
fn ExtraQuestions(
    /// The chosen category.
    category: Category,
    /// The answers so far.
    answers: RwSignal<BTreeMap<String, AnswerValue>>,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    view! {
        <fieldset class="field extra-questions">
            <legend>{t(FbMsg::ExtraQuestions)}</legend>
            {category.questions.into_iter().map(|q| view! { <QuestionField q answers error /> }).collect_view()}
        </fieldset>
    }
}

fn one(answers: RwSignal<BTreeMap<String, AnswerValue>>, code: &str) -> String {
    answers.with(|a| match a.get(code) {
        Some(AnswerValue::One(v)) => v.clone(),
        _ => String::new(),
    })
}

/// One extra question.
#[component]
fn QuestionField(
    /// The question.
    q: Question,
    /// The answers.
    answers: RwSignal<BTreeMap<String, AnswerValue>>,
    /// The submission error.
    error: FormError,
) -> impl IntoView {
    let text = q.text.clone();
    let label = move || {
        let mut s = text.get(lang().tag()).to_owned();
        if q.required {
            s.push_str(t(FbMsg::Required)());
        }
        s
    };
    if !q.variable {
        let text = q.text.clone();
        return view! { <p class="info-note">{move || text.get(lang().tag()).to_owned()}</p> }
            .into_any();
    }
    let id = format!("q-{}", q.code);
    let code = q.code.clone();
    let field = format!("answers.{}", q.code);
    let message =
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.message_for(&field))));
    let set_one = {
        let code = code.clone();
        move |v: String| {
            answers.update(|a| {
                a.insert(code.clone(), AnswerValue::One(v));
            })
        }
    };
    let control = match q.datatype {
        Datatype::Singlevaluelist => {
            let code = code.clone();
            view! {
                <select id=id.clone() on:change=move |ev| set_one(event_target_value(&ev))>
                    <option value="">{t(AccMsg::ChooseOne)}</option>
                    {q.values.iter().map(|v| {
                        let (key, name, code) = (v.key.clone(), v.name.clone(), code.clone());
                        let k2 = key.clone();
                        view! { <option value=key selected=move || one(answers, &code) == k2>{move || name.get(lang().tag()).to_owned()}</option> }
                    }).collect_view()}
                </select>
            }.into_any()
        }
        Datatype::Multivaluelist => view! {
            <div class="choice-row" role="group" aria-labelledby=format!("{id}-label")>
                {q.values.iter().map(|v| {
                    let (key, name, code) = (v.key.clone(), v.name.clone(), code.clone());
                    let (k_check, k_set, code2) = (key.clone(), key.clone(), code.clone());
                    let checked = move || answers.with(|a| matches!(a.get(&code), Some(AnswerValue::Many(vs)) if vs.contains(&k_check)));
                    view! {
                        <label class="choice">
                            <input type="checkbox" value=key prop:checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                answers.update(|a| {
                                    let mut vs = match a.remove(&code2) { Some(AnswerValue::Many(vs)) => vs, _ => vec![] };
                                    vs.retain(|x| x != &k_set);
                                    if on { vs.push(k_set.clone()); }
                                    if !vs.is_empty() { a.insert(code2.clone(), AnswerValue::Many(vs)); }
                                });
                            } />
                            <span>{move || name.get(lang().tag()).to_owned()}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
        }.into_any(),
        Datatype::Text => {
            let code = code.clone();
            view! { <textarea id=id.clone() rows="3" prop:value=move || one(answers, &code) on:input=move |ev| set_one(event_target_value(&ev))></textarea> }.into_any()
        }
        other => {
            let kind = match other {
                Datatype::Number => "number",
                Datatype::Datetime => "datetime-local",
                _ => "text",
            };
            let code = code.clone();
            view! { <input id=id.clone() type=kind prop:value=move || one(answers, &code) on:input=move |ev| set_one(event_target_value(&ev)) /> }.into_any()
        }
    };
    let multi = q.datatype == Datatype::Multivaluelist;
    view! {
        <div class="field" class:has-error=move || message.with(Option::is_some)>
            {if multi {
                view! { <p class="label" id=format!("{id}-label")>{label}</p> }.into_any()
            } else {
                view! { <label for=id.clone()>{label}</label> }.into_any()
            }}
            {control}
            <Show when=move || message.with(Option::is_some)>
                <p class="field-error" role="alert">{move || message.get()}</p>
            </Show>
        </div>
    }
    .into_any()
}
