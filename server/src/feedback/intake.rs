//! Filing a case: checking the form, cleaning the photos, and writing case, answers, photos
//! and the first timeline entry in one transaction. Used by the web form and by Open311.
use std::collections::BTreeMap;

use app::api::{
    Text,
    feedback::{AnswerValue, FeedbackKind, Privacy},
    regions::RegionLevel,
};
use axum::body::Bytes;
use sha2::{Digest, Sha256};

use super::{answers, code, photos, rules, store};
use crate::{
    AppState,
    accounts::PhoneNumber,
    error::{ApiError, ApiResult, Problem},
    fields::Checks,
    notifications::{self, Channels, Notice},
    regions::store as regions,
};

/// A form as received, before checking (from the web form or an Open311 client).
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: FeedbackKind,
    pub category: String,
    /// The community's code; with `needs_placement`, the district (or city) whose triage
    /// queue takes the case until staff place it.
    pub community: String,
    pub needs_placement: bool,
    pub place: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub title: String,
    pub description: String,
    pub privacy: Privacy,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub answers: BTreeMap<String, AnswerValue>,
}

/// Who files the case.
#[derive(Debug, Clone, Copy)]
pub struct Submitter<'a> {
    pub user_id: Option<i64>,
    /// The family member who filed for the resident, if any.
    pub filed_by: Option<i64>,
    pub channel: &'a str,
}

/// A checked form.
pub struct Checked {
    pub draft: Draft,
    pub category: store::CategoryRow,
    pub region_id: i64,
    pub answers: Vec<(i64, Vec<String>)>,
    pub contact_phone: Option<String>,
}

fn text(value: &str, field: &str, max: usize, code: &'static str) -> ApiResult<String> {
    let v = value.trim();
    let n = v.chars().count();
    if n == 0
        || n > max
        || v.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ApiError::invalid(code, field));
    }
    Ok(v.to_owned())
}

/// Checks everything that does not need the photos, answering with every invalid field at
/// once.
pub async fn check(state: &AppState, mut draft: Draft, signed_in: bool) -> ApiResult<Checked> {
    let mut c = Checks::default();
    let category = c.check(store::category_by_code(&state.db, draft.category.trim()).await);
    c.ensure(category.is_some(), "category_not_found", "category");
    let wanted: &[RegionLevel] = if draft.needs_placement {
        &[RegionLevel::District, RegionLevel::City]
    } else {
        &[RegionLevel::Community]
    };
    let region = c
        .check(regions::by_code(&state.db, draft.community.trim()).await)
        .filter(|r| wanted.contains(&r.level()));
    match &region {
        None => c.ensure(false, "invalid_feedback_community", "community"),
        Some(r) => c.ensure(r.retired_at.is_none(), "region_retired", "community"),
    }
    draft.place = c.check(text(&draft.place, "place", 200, "invalid_place"));
    draft.title = c.check(text(&draft.title, "title", 100, "invalid_title"));
    draft.description = c.check(text(
        &draft.description,
        "description",
        4000,
        "invalid_description",
    ));
    if let Err(e) = coordinates(draft.lat, draft.lng) {
        c.refuse(e);
    }
    let (contact_name, contact_phone) = c.check(contact(&draft, signed_in));
    draft.contact_name = contact_name;
    let answers = match &category {
        Some(category) => {
            let (qs, vs) = c.check(store::questions(&state.db, Some(category.id)).await);
            c.check(
                answers::check(&answers::defs(qs, &vs), &draft.answers).map_err(ApiError::Invalid),
            )
        }
        None => Vec::new(),
    };
    c.done()?;
    let (Some(category), Some(region)) = (category, region) else {
        return Err(ApiError::invalid("category_not_found", "category"));
    };
    Ok(Checked {
        draft,
        category,
        region_id: region.id,
        answers,
        contact_phone,
    })
}

/// Both coordinates or neither, each within its range.
fn coordinates(lat: Option<f64>, lng: Option<f64>) -> ApiResult<()> {
    match (lat, lng) {
        (None, None) => Ok(()),
        (Some(lat), Some(lng))
            if lat.is_finite()
                && lng.is_finite()
                && (-90.0..=90.0).contains(&lat)
                && (-180.0..=180.0).contains(&lng) =>
        {
            Ok(())
        }
        (None, Some(_)) | (Some(_), Some(_)) => {
            Err(ApiError::invalid("invalid_coordinates", "lat"))
        }
        (Some(_), None) => Err(ApiError::invalid("invalid_coordinates", "lng")),
    }
}

/// The contact name and phone of a form: none on an anonymous case; a name from a visitor who
/// is not signed in unless the case is anonymous.
fn contact(draft: &Draft, signed_in: bool) -> ApiResult<(Option<String>, Option<String>)> {
    let name = draft
        .contact_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let phone = draft
        .contact_phone
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if draft.privacy == Privacy::Anonymous && (name.is_some() || phone.is_some()) {
        let field = if name.is_some() {
            "contact_name"
        } else {
            "contact_phone"
        };
        return Err(ApiError::invalid("anonymous_with_contact", field));
    }
    let mut c = Checks::default();
    let contact_name = match name {
        Some(n) => Some(c.check(text(n, "contact_name", 32, "invalid_contact_name"))),
        None if draft.privacy != Privacy::Anonymous && !signed_in => {
            c.ensure(false, "contact_name_required", "contact_name");
            None
        }
        None => None,
    };
    let contact_phone = c.check(
        phone
            .map(|p| PhoneNumber::parse(p).map(|p| p.as_str().to_owned()))
            .transpose()
            .map_err(|code| ApiError::invalid(code, "contact_phone")),
    );
    c.done()?;
    Ok((contact_name, contact_phone))
}

/// Cleans uploaded photos: 415 for a type that is not an image we take, 422 for a broken one.
pub fn clean_photos(raw: Vec<Bytes>) -> ApiResult<Vec<(photos::ImageType, Bytes)>> {
    raw.into_iter()
        .map(|bytes| {
            photos::prepare(bytes).map_err(|e| match e {
                photos::PhotoError::UnsupportedType => {
                    ApiError::Unsupported(Problem::new("unsupported_photo_type").field("photo"))
                }
                photos::PhotoError::Corrupt => ApiError::invalid("photo_unreadable", "photo"),
            })
        })
        .collect()
}

/// Stores photos of a case at positions `first`, `first + 1`… in the file store and the case,
/// on the caller's transaction.
pub async fn store_photos(
    tx: &mut sqlx::AnyConnection,
    case_id: i64,
    first: i64,
    photos_in: &[(String, photos::ImageType, Bytes)],
    now: i64,
) -> Result<(), ApiError> {
    for (position, (name, kind, bytes)) in (first..).zip(photos_in) {
        crate::files::store::put(&mut *tx, &photos::stored_name(name), *kind, bytes, now).await?;
        store::insert_photo(
            &mut *tx,
            case_id,
            position,
            name,
            kind.content_type(),
            i64::try_from(bytes.len()).unwrap_or(0),
            now,
        )
        .await?;
    }
    Ok(())
}

/// The result of filing.
pub struct Filed {
    pub id: i64,
    pub tracking_code: String,
    pub accept_due: jiff::civil::Date,
}

/// Writes a checked case. Its photos go into the file store in the same transaction, so no
/// case points at a missing photo and no photo is left without a case.
pub async fn file(
    state: &AppState,
    checked: Checked,
    photos_in: Vec<(photos::ImageType, Bytes)>,
    submitter: Submitter<'_>,
) -> ApiResult<Filed> {
    let now = state.config.clock.now();
    let today = crate::clock::local_date(now);
    let cal = crate::calendar::store::load(&state.db).await?;
    let accept_due = rules::accept_due(
        &cal,
        today,
        u32::try_from(checked.category.accept_days).unwrap_or(1),
    );
    let named: Vec<(String, photos::ImageType, Bytes)> = photos_in
        .into_iter()
        .map(|(kind, bytes)| (photos::new_file_name(kind), kind, bytes))
        .collect();
    insert(state, &checked, &named, submitter, now, today, accept_due).await
}

async fn insert(
    state: &AppState,
    checked: &Checked,
    photos_in: &[(String, photos::ImageType, Bytes)],
    submitter: Submitter<'_>,
    now: i64,
    today: jiff::civil::Date,
    accept_due: jiff::civil::Date,
) -> ApiResult<Filed> {
    let d = &checked.draft;
    let anonymous = d.privacy == Privacy::Anonymous;
    let accept_due_s = accept_due.to_string();
    let created_on = today.to_string();
    let mut tx = state.db.begin_write().await?;
    // A collision of random codes is astronomically rare; try again rather than fail.
    let mut attempt = 0;
    let (id, tracking_code) = loop {
        let tracking_code = code::generate(today.year());
        let row = store::NewCaseRow {
            tracking_code: &tracking_code,
            kind: d.kind.as_str(),
            category_id: checked.category.id,
            region_id: checked.region_id,
            needs_placement: d.needs_placement,
            place: &d.place,
            lat: d.lat,
            lng: d.lng,
            title: &d.title,
            description: &d.description,
            privacy: d.privacy.as_str(),
            submitter_id: if anonymous { None } else { submitter.user_id },
            filed_by: submitter.filed_by,
            contact_name: if anonymous {
                None
            } else {
                d.contact_name.as_deref()
            },
            contact_phone: if anonymous {
                None
            } else {
                checked.contact_phone.as_deref()
            },
            channel: submitter.channel,
            accept_due: &accept_due_s,
            created_on: &created_on,
            now,
        };
        match store::insert_case(&mut tx, &row).await {
            Ok(id) => break (id, tracking_code),
            Err(e) if crate::error::is_unique_violation(&e) && attempt < 3 => attempt += 1,
            Err(e) => return Err(e.into()),
        }
    };
    for (question_id, values) in &checked.answers {
        for (i, v) in values.iter().enumerate() {
            store::insert_answer(&mut tx, id, *question_id, i64::try_from(i).unwrap_or(0), v)
                .await?;
        }
    }
    store_photos(&mut tx, id, 1, photos_in, now).await?;
    store::insert_event(
        &mut tx,
        &store::NewEvent {
            case_id: id,
            at: now,
            actor_id: None,
            kind: "submitted",
            public: true,
            status_after: "submitted",
            body: "",
            department_id: None,
            text: None,
        },
    )
    .await?;
    notify_committee(
        state,
        &mut tx,
        NewCase {
            id,
            community_id: checked.region_id,
            title: &d.title,
            accept_due: &accept_due_s,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        case_id = id,
        channel = submitter.channel,
        "feedback case filed"
    );
    Ok(Filed {
        id,
        tracking_code,
        accept_due,
    })
}

/// The key of a supporter: a hash, so the table does not say who supported what.
pub fn supporter_key(user_id: Option<i64>, ip: &str) -> String {
    let who = match user_id {
        Some(id) => format!("user:{id}"),
        None => format!("ip:{ip}"),
    };
    let digest = Sha256::digest(format!("feedback-support\u{0}{who}"));
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A case that has just reached a community: what its committee is told.
pub(super) struct NewCase<'a> {
    pub id: i64,
    pub community_id: i64,
    pub title: &'a str,
    pub accept_due: &'a str,
}

/// Tells the community's committee members, in the writing transaction, that a case waits for
/// them (filed there, or placed there from a triage queue).
pub(super) async fn notify_committee(
    state: &AppState,
    tx: &mut sqlx::AnyConnection,
    case: NewCase<'_>,
    now: i64,
) -> ApiResult<()> {
    let committee =
        store::staff_at(&state.db, &["committee_member"], &[case.community_id], None).await?;
    for user_id in committee {
        notifications::notify(
            tx,
            &Notice {
                user_id,
                kind: "feedback.submitted",
                title: Text::new(
                    format!("新的居民意见：{}", case.title),
                    Some(format!("New resident feedback: {}", case.title)),
                ),
                body: Text::new(
                    format!("请在 {} 前受理。", case.accept_due),
                    Some(format!("Please accept or decline by {}.", case.accept_due)),
                ),
                link: Some(format!("/staff/feedback/{}", case.id)),
                channels: Channels::IN_APP,
            },
            now,
        )
        .await?;
    }
    Ok(())
}
