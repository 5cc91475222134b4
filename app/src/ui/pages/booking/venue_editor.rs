//! Staff editing of what a venue is: the details form (new venue and edit), weekly opening
//! hours, and the named approvers. Rules and closures live in `staff_settings`.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::{
    api::{
        Text,
        booking::{
            ApprovalStep, Approver, Feature, OpeningHours, OwnerKind, Photo, PhotoInput,
            SetApprovers, SetHours, StaffVenue, VenueInput, VenueType,
        },
    },
    ui::{
        client,
        components::{
            form::{FormError, TextField, field_error, form_action},
            region_picker::RegionPicker,
            require_login::RequireLogin,
            status::ErrorNotice,
        },
        i18n::{BookMsg, lang, t},
    },
};

use super::{STAFF_ROLES, feature_label, owner_label, type_label, weekday_name};

/// `/staff/venues/new`.
#[component]
pub fn NewVenuePage() -> impl IntoView {
    view! {
        <RequireLogin roles=STAFF_ROLES>
            <section class="page narrow booking venue-new">
                <h1>{t(BookMsg::NewVenueTitle)}</h1>
                <p class="muted">{t(BookMsg::NewVenueLead)}</p>
                <VenueForm existing=None />
            </section>
        </RequireLogin>
    }
}

fn en(text: &Text) -> String {
    text.en.clone().unwrap_or_default()
}

fn some_text(s: String) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The venue's details. Creating one also needs its community; editing keeps it (moving a
/// venue to another community would move its bookings' approvers too).
/// A kept photo as the venue input carries it.
fn photo_input(p: &Photo) -> PhotoInput {
    PhotoInput {
        url: p.url.clone(),
        alt_zh: p.alt.zh.clone(),
        alt_en: p.alt.en.clone(),
    }
}

/// Saves a venue: `PUT` when it exists, `POST` when it is new.
async fn save_venue(id: Option<i64>, body: VenueInput) -> Result<StaffVenue, client::ApiError> {
    match id {
        Some(id) => {
            client::send::<_, StaffVenue>("PUT", &format!("/api/v1/staff/venues/{id}"), &body).await
        }
        None => client::post::<_, StaffVenue>("/api/v1/staff/venues", &body).await,
    }
}

/// How many people the venue holds.
#[component]
fn CapacityField(capacity: RwSignal<String>, error: FormError) -> impl IntoView {
    let capacity_error = field_error(error, "capacity");
    view! {
        <div class="field">
            <label for="capacity">{t(BookMsg::VenueCapacity)}</label>
            <input id="capacity" type="number" min="1" inputmode="numeric" bind:value=capacity
                aria-invalid=move || capacity_error.with(Option::is_some).to_string() />
            <Show when=move || capacity_error.with(Option::is_some)>
                <p class="field-error" role="alert">{move || capacity_error.get()}</p>
            </Show>
        </div>
    }
}

/// What the venue offers (lights, changing rooms, step-free access…).
#[component]
fn FeatureChecks(features: RwSignal<Vec<Feature>>) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{t(BookMsg::VenueFeatures)}</legend>
            {Feature::ALL.iter().map(|f| {
                let f = *f;
                let input_id = format!("feature-{}", f.as_str());
                let label_for = input_id.clone();
                view! {
                    <label class="check" for=label_for>
                        <input id=input_id type="checkbox" prop:checked=move || features.with(|l| l.contains(&f))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                features.update(|l| { l.retain(|x| *x != f); if on { l.push(f) } });
                            } />
                        {t(feature_label(f))}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
pub fn VenueForm(
    /// The venue being edited; `None` to create one.
    existing: Option<StaffVenue>,
    /// The venue's photos as they are now (the photo card changes them); saving keeps them.
    #[prop(optional)]
    photos: Option<RwSignal<Vec<Photo>>>,
) -> impl IntoView {
    let navigate = use_navigate();
    let d = existing.as_ref().map(|v| v.detail.clone());
    let s = d.as_ref().map(|d| d.venue.clone());
    let id = s.as_ref().map(|s| s.id);
    let community = RwSignal::new(
        s.as_ref()
            .map(|s| s.community.code.clone())
            .unwrap_or_default(),
    );
    let community_name = s.as_ref().map(|s| s.community.name.clone());
    let name_zh = RwSignal::new(s.as_ref().map(|s| s.name.zh.clone()).unwrap_or_default());
    let name_en = RwSignal::new(s.as_ref().map(|s| en(&s.name)).unwrap_or_default());
    let venue_type = RwSignal::new(
        s.as_ref()
            .map_or(VenueType::MultipurposeRoom, |s| s.venue_type),
    );
    let capacity = RwSignal::new(
        s.as_ref()
            .map_or("20".to_owned(), |s| s.capacity.to_string()),
    );
    let owner_kind = RwSignal::new(s.as_ref().map_or(OwnerKind::Community, |s| s.owner_kind));
    let owner_zh = RwSignal::new(
        s.as_ref()
            .map(|s| s.owner_name.zh.clone())
            .unwrap_or_default(),
    );
    let owner_en = RwSignal::new(s.as_ref().map(|s| en(&s.owner_name)).unwrap_or_default());
    let address_zh = RwSignal::new(s.as_ref().map(|s| s.address.zh.clone()).unwrap_or_default());
    let address_en = RwSignal::new(s.as_ref().map(|s| en(&s.address)).unwrap_or_default());
    let description_zh = RwSignal::new(
        d.as_ref()
            .map(|d| d.description.zh.clone())
            .unwrap_or_default(),
    );
    let description_en = RwSignal::new(d.as_ref().map(|d| en(&d.description)).unwrap_or_default());
    let owner_approval = RwSignal::new(d.as_ref().is_some_and(|d| d.needs_owner_approval));
    let features = RwSignal::new(s.as_ref().map(|s| s.features.clone()).unwrap_or_default());
    let time_zone = d.as_ref().map(|d| d.time_zone.clone());
    let photos = photos
        .unwrap_or_else(|| RwSignal::new(d.as_ref().map(|d| d.photos.clone()).unwrap_or_default()));
    let error = RwSignal::new(None::<client::ApiError>);
    let saved = RwSignal::new(false);
    let save = form_action(
        error,
        move |body: VenueInput| save_venue(id, body),
        move |v: StaffVenue| {
            saved.set(true);
            if id.is_none() {
                navigate(
                    &format!("/staff/venues/{}/settings", v.detail.venue.id),
                    Default::default(),
                );
            }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        save.dispatch_local(VenueInput {
            community: community.get_untracked(),
            name_zh: name_zh.get_untracked().trim().to_owned(),
            name_en: some_text(name_en.get_untracked()),
            venue_type: venue_type.get_untracked(),
            capacity: capacity.get_untracked().trim().parse().unwrap_or(0),
            owner_kind: owner_kind.get_untracked(),
            owner_name_zh: owner_zh.get_untracked().trim().to_owned(),
            owner_name_en: some_text(owner_en.get_untracked()),
            address_zh: address_zh.get_untracked().trim().to_owned(),
            address_en: some_text(address_en.get_untracked()),
            description_zh: description_zh.get_untracked().trim().to_owned(),
            description_en: some_text(description_en.get_untracked()),
            time_zone: time_zone.clone(),
            needs_owner_approval: owner_approval.get_untracked(),
            features: features.get_untracked(),
            photos: photos.with_untracked(|list| list.iter().map(photo_input).collect()),
            parts: Vec::new(),
            rules: None,
            hours: None,
        });
    };
    view! {
        <form class="card form venue-form" on:submit=submit novalidate>
            <h2>{t(BookMsg::VenueDetails)}</h2>
            {match community_name {
                Some(name) => view! {
                    <p><strong>{t(BookMsg::VenueCommunity)}</strong>": "{move || name.get(lang().tag()).to_owned()}</p>
                }.into_any(),
                None => view! {
                    <RegionPicker id="community" value=community error legend=crate::ui::i18n::AccMsg::Community />
                }.into_any(),
            }}
            <TextField id="name_zh" label=BookMsg::VenueNameZh value=name_zh error />
            <TextField id="name_en" required=false label=BookMsg::VenueNameEn value=name_en error lang="en" />
            <div class="field">
                <label for="venue_type">{t(BookMsg::VenueTypeLabel)}</label>
                <select id="venue_type" on:change=move |ev| if let Some(v) = VenueType::parse(&event_target_value(&ev)) { venue_type.set(v) }>
                    {VenueType::ALL.iter().map(|v| {
                        let v = *v;
                        view! { <option value=v.as_str() selected=move || venue_type.get() == v>{t(type_label(v))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <CapacityField capacity error />
            <div class="field">
                <label for="owner_kind">{t(BookMsg::VenueOwnerKind)}</label>
                <select id="owner_kind" on:change=move |ev| if let Some(v) = OwnerKind::parse(&event_target_value(&ev)) { owner_kind.set(v) }>
                    {OwnerKind::ALL.iter().map(|v| {
                        let v = *v;
                        view! { <option value=v.as_str() selected=move || owner_kind.get() == v>{t(owner_label(v))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextField id="owner_name_zh" label=BookMsg::VenueOwnerZh value=owner_zh error />
            <TextField id="owner_name_en" required=false label=BookMsg::VenueOwnerEn value=owner_en error lang="en" />
            <Show when=move || owner_kind.get() == OwnerKind::School>
                <label class="check" for="needs_owner_approval">
                    <input id="needs_owner_approval" type="checkbox" prop:checked=move || owner_approval.get()
                        on:change=move |ev| owner_approval.set(event_target_checked(&ev)) />
                    {t(BookMsg::RuleOwnerApproval)}
                </label>
            </Show>
            <TextField id="address_zh" label=BookMsg::VenueAddressZh value=address_zh error />
            <TextField id="address_en" required=false label=BookMsg::VenueAddressEn value=address_en error lang="en" />
            <TextField id="description_zh" required=false label=BookMsg::VenueDescriptionZh value=description_zh error multiline=true />
            <TextField id="description_en" required=false label=BookMsg::VenueDescriptionEn value=description_en error multiline=true lang="en" />
            <FeatureChecks features />
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {if id.is_some() { t(BookMsg::SaveVenue) } else { t(BookMsg::CreateVenue) }}
            </button>
            <div aria-live="polite">
                <Show when=move || saved.get()><p class="status ok">{t(BookMsg::VenueSaved)}</p></Show>
                {move || error.get().filter(|e| e.field.is_none()).map(|e| view! { <ErrorNotice error=e /> })}
            </div>
        </form>
    }
}

/// One opening window being edited.
#[derive(Clone, Copy)]
struct Window {
    key: usize,
    weekday: RwSignal<u8>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
}

/// Weekly opening hours: a row per window (several a day allowed), saved at once.
#[component]
pub fn HoursCard(
    /// The venue.
    venue_id: i64,
    /// The hours in force.
    hours: Vec<OpeningHours>,
) -> impl IntoView {
    let next = StoredValue::new(hours.len());
    let rows = RwSignal::new(
        hours
            .into_iter()
            .enumerate()
            .map(|(key, h)| Window {
                key,
                weekday: RwSignal::new(h.weekday),
                opens: RwSignal::new(h.opens),
                closes: RwSignal::new(h.closes),
            })
            .collect::<Vec<_>>(),
    );
    let add = move |_| {
        let key = next.get_value();
        next.set_value(key + 1);
        rows.update(|r| {
            r.push(Window {
                key,
                weekday: RwSignal::new(1),
                opens: RwSignal::new("08:00".into()),
                closes: RwSignal::new("22:00".into()),
            })
        });
    };
    let error = RwSignal::new(None::<client::ApiError>);
    let saved = RwSignal::new(false);
    let save = form_action(
        error,
        move |body: SetHours| async move {
            client::send::<_, SetHours>(
                "PUT",
                &format!("/api/v1/staff/venues/{venue_id}/hours"),
                &body,
            )
            .await
        },
        move |_| saved.set(true),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let mut hours: Vec<OpeningHours> = rows
            .get_untracked()
            .iter()
            .map(|w| OpeningHours {
                weekday: w.weekday.get_untracked(),
                opens: w.opens.get_untracked(),
                closes: w.closes.get_untracked(),
            })
            .collect();
        hours.sort_by(|a, b| (a.weekday, &a.opens).cmp(&(b.weekday, &b.opens)));
        save.dispatch_local(SetHours { hours });
    };
    view! {
        <form class="card form hours-form" on:submit=submit aria-labelledby="hours-title">
            <h2 id="hours-title">{t(BookMsg::OpeningHours)}</h2>
            <p class="muted">{t(BookMsg::HoursLead)}</p>
            <ul class="hours-rows">
                <For each=move || rows.get() key=|w| w.key let:w>
                    <li class="hours-row">
                        <label class="visually-hidden" for=format!("hours-day-{}", w.key)>{t(BookMsg::HoursDay)}</label>
                        <select id=format!("hours-day-{}", w.key) on:change=move |ev| w.weekday.set(event_target_value(&ev).parse().unwrap_or(1))>
                            {(1..=7u8).map(|d| view! {
                                <option value=d.to_string() selected=move || w.weekday.get() == d>{move || weekday_name(d, lang())}</option>
                            }).collect_view()}
                        </select>
                        <label class="visually-hidden" for=format!("hours-opens-{}", w.key)>{t(BookMsg::HoursOpens)}</label>
                        <input id=format!("hours-opens-{}", w.key) type="time" bind:value=w.opens />
                        <span aria-hidden="true">"–"</span>
                        <label class="visually-hidden" for=format!("hours-closes-{}", w.key)>{t(BookMsg::HoursCloses)}</label>
                        <input id=format!("hours-closes-{}", w.key) type="time" bind:value=w.closes />
                        <button type="button" class="button secondary small"
                            aria-label=move || format!("{} {} {}–{}", t(BookMsg::HoursRemove)(), weekday_name(w.weekday.get(), lang()), w.opens.get(), w.closes.get())
                            on:click=move |_| rows.update(|r| r.retain(|x| x.key != w.key))>
                            {t(BookMsg::HoursRemove)}
                        </button>
                    </li>
                </For>
            </ul>
            <p><button type="button" class="button secondary" on:click=add>{t(BookMsg::HoursAdd)}</button></p>
            <button type="submit" class="button" disabled=move || save.pending().get()>{t(BookMsg::HoursSave)}</button>
            <div aria-live="polite">
                <Show when=move || saved.get()><p class="status ok">{t(BookMsg::HoursSaved)}</p></Show>
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </div>
        </form>
    }
}

/// Who decides requests at each step: named staff, or anyone in scope when none is named.
#[component]
pub fn ApproversCard(
    /// The venue and its eligible staff.
    venue: StaffVenue,
) -> impl IntoView {
    let vid = venue.detail.venue.id;
    let school = venue.detail.needs_owner_approval;
    let chosen = |step: ApprovalStep| {
        RwSignal::new(
            venue
                .approvers
                .iter()
                // Workstation staff (listed for the school's step) may also decide for the community.
                .filter(|a| a.step == step || step == ApprovalStep::Community)
                .map(|a| a.user_id)
                .collect::<Vec<_>>(),
        )
    };
    let owner = chosen(ApprovalStep::Owner);
    let community = chosen(ApprovalStep::Community);
    let error = RwSignal::new(None::<client::ApiError>);
    let saved = RwSignal::new(false);
    let save = form_action(
        error,
        move |body: SetApprovers| async move {
            client::send::<_, serde_json::Value>(
                "PUT",
                &format!("/api/v1/staff/venues/{vid}/approvers"),
                &body,
            )
            .await
        },
        move |_| saved.set(true),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        save.dispatch_local(SetApprovers {
            owner: owner.get_untracked(),
            community: community.get_untracked(),
        });
    };
    let people = venue.eligible_approvers.clone();
    let group = move |step: ApprovalStep, picked: RwSignal<Vec<i64>>, legend: BookMsg| {
        let mut seen = Vec::new();
        let list: Vec<Approver> = people
            .iter()
            // Workstation staff (listed for the school's step) may also decide for the community.
            .filter(|a| a.step == step || step == ApprovalStep::Community)
            .filter(|a| {
                let fresh = !seen.contains(&a.user_id);
                seen.push(a.user_id);
                fresh
            })
            .cloned()
            .collect();
        view! {
            <fieldset class="field">
                <legend>{t(legend)}</legend>
                {if list.is_empty() {
                    view! { <p class="muted">{t(BookMsg::ApproversNobody)}</p> }.into_any()
                } else {
                    list.into_iter().map(|a| {
                        let uid = a.user_id;
                        let input_id = format!("approver-{}-{uid}", step.as_str());
                        let label_for = input_id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input id=input_id type="checkbox" prop:checked=move || picked.with(|p| p.contains(&uid))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        picked.update(|p| { p.retain(|x| *x != uid); if on { p.push(uid) } });
                                    } />
                                {a.name}
                            </label>
                        }
                    }).collect_view().into_any()
                }}
            </fieldset>
        }
    };
    view! {
        <form class="card form approvers-form" on:submit=submit aria-labelledby="approvers-title">
            <h2 id="approvers-title">{t(BookMsg::ApproversTitle)}</h2>
            <p class="muted">{t(BookMsg::ApproversLead)}</p>
            {school.then(|| group(ApprovalStep::Owner, owner, BookMsg::ApproversOwner))}
            {group(ApprovalStep::Community, community, BookMsg::ApproversCommunity)}
            <button type="submit" class="button" disabled=move || save.pending().get()>{t(BookMsg::ApproversSave)}</button>
            <div aria-live="polite">
                <Show when=move || saved.get()><p class="status ok">{t(BookMsg::ApproversSaved)}</p></Show>
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </div>
        </form>
    }
}
