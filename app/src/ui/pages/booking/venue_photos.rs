//! Staff add and remove the photos of a venue or an activity. Photos are uploaded to Linli
//! itself (stored in its database, cleaned of location data) and shown to residents from this
//! site only.
use leptos::prelude::*;
use wasm_bindgen::JsCast as _;

use crate::{
    api::booking::Photo,
    ui::{
        client,
        components::{
            form::{TextField, field_error, form_action},
            status::ErrorNotice,
        },
        i18n::{BookMsg, lang, t, tf},
    },
};

/// The photos of a venue or an activity with a remove button each, and a form to upload one
/// more. `T` is what the upload and removal answer (the venue or activity).
#[component]
pub fn PhotosCard<T: serde::de::DeserializeOwned + 'static>(
    /// Where a photo is uploaded (`POST`, multipart).
    upload_url: String,
    /// Where the photo at a position, with this URL, is removed (`DELETE`).
    remove_url: Callback<(usize, String), String>,
    /// The photos in an answer.
    photos_of: fn(T) -> Vec<Photo>,
    /// The card's heading and its lead (what becomes of the photos, how many).
    title: BookMsg,
    lead: BookMsg,
    /// The photos shown now; updated after every upload and removal (a venue's details form
    /// sends them back when it saves, so it keeps them).
    photos: RwSignal<Vec<Photo>>,
) -> impl IntoView {
    let upload_url = StoredValue::new(upload_url);
    let file = RwSignal::new(None::<web_sys::File>);
    let alt_zh = RwSignal::new(String::new());
    let alt_en = RwSignal::new(String::new());
    let error = RwSignal::new(None::<client::ApiError>);
    let status = RwSignal::new(None::<BookMsg>);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let choose_first = t(BookMsg::PhotoChooseFirst);

    let on_file = move |ev: leptos::ev::Event| {
        let picked = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|l| l.get(0));
        file.set(picked);
    };
    let add_photo = form_action(
        error,
        move |form: web_sys::FormData| async move {
            client::post_form_data::<T>(&upload_url.get_value(), form).await
        },
        move |v| {
            file.set(None);
            alt_zh.set(String::new());
            alt_en.set(String::new());
            if let Some(input) = input_ref.get_untracked() {
                input.set_value("");
            }
            photos.set(photos_of(v));
            status.set(Some(BookMsg::PhotoUploaded));
        },
    );
    let remove_photo = form_action(
        error,
        move |at: (usize, String)| {
            let path = remove_url.run(at);
            async move { client::delete::<T>(&path).await }
        },
        move |v| {
            photos.set(photos_of(v));
            status.set(Some(BookMsg::PhotoRemoved));
        },
    );
    // One change at a time: each answer is the whole list of photos.
    let busy = move || add_photo.pending().get() || remove_photo.pending().get();
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        let Some(f) = file.get_untracked() else {
            error.set(Some(client::ApiError {
                status: 422,
                code: "photo_missing".into(),
                message: choose_first().into(),
                field: Some("photo".into()),
                fields: Vec::new(),
            }));
            return;
        };
        let Ok(form) = web_sys::FormData::new() else {
            return;
        };
        let _ = form.append_with_blob_and_filename("photo", &f, &f.name());
        let _ = form.append_with_str("alt_zh", alt_zh.get_untracked().trim());
        let _ = form.append_with_str("alt_en", alt_en.get_untracked().trim());
        add_photo.dispatch_local(form);
    };
    let remove = move |position: usize, url: String| {
        status.set(None);
        remove_photo.dispatch_local((position, url));
    };
    let photo_error = field_error(error, "photo");
    view! {
        <section class="card venue-photos" aria-labelledby="photos-title">
            <h2 id="photos-title">{t(title)}</h2>
            <p class="muted">{t(lead)}</p>
            <Show when=move || photos.with(Vec::is_empty)>
                <p>{t(BookMsg::NoPhotos)}</p>
            </Show>
            <ul class="photo-grid">
                {move || photos.get().into_iter().enumerate().map(|(i, p)| {
                    let alt = move || p.alt.get(lang().tag()).to_owned();
                    let url = p.url.clone();
                    let n = (i + 1).to_string();
                    view! {
                        <li>
                            <img src=p.url.clone() alt=alt.clone() loading="lazy" width="160" height="120" />
                            <span class="photo-caption">{alt}</span>
                            <button type="button" class="button secondary small" disabled=busy
                                aria-label=tf(BookMsg::PhotoRemoveN, move || vec![("n", n.clone())])
                                on:click=move |_| remove(i, url.clone())>
                                {t(BookMsg::PhotoRemove)}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="form photo-upload" on:submit=upload novalidate>
                <div class="field">
                    <label for="venue-photo-file">{t(BookMsg::PhotoFile)}</label>
                    <p class="field-hint" id="venue-photo-hint">{t(BookMsg::PhotoHint)}</p>
                    <input id="venue-photo-file" type="file" accept="image/jpeg,image/png,image/webp"
                        node_ref=input_ref aria-describedby="venue-photo-hint" on:change=on_file
                        aria-invalid=move || photo_error.with(Option::is_some).to_string() />
                    <Show when=move || photo_error.with(Option::is_some)>
                        <p class="field-error" role="alert">{move || photo_error.get()}</p>
                    </Show>
                </div>
                <TextField id="alt_zh" required=false label=BookMsg::PhotoAltZh value=alt_zh error />
                <TextField id="alt_en" required=false label=BookMsg::PhotoAltEn value=alt_en error lang="en" />
                <button type="submit" class="button" disabled=busy>{t(BookMsg::PhotoUpload)}</button>
            </form>
            <div aria-live="polite">
                {move || status.get().map(|m| view! { <p class="status ok">{t(m)}</p> })}
                {move || error.get().filter(|e| e.field.is_none()).map(|e| view! { <ErrorNotice error=e /> })}
            </div>
        </section>
    }
}
