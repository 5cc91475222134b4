//! `/admin/site`: the site's name, its contact for residents and the Open311 contact, set by
//! city administrators instead of sample text.
use leptos::prelude::*;

use crate::{
    api::{
        accounts::Role,
        system::{SetSiteInfo, SiteInfo},
    },
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField},
            require_login::RequireLogin,
            status::{ErrorNotice, Loading},
        },
        i18n::{AccMsg, AdmMsg, t},
        prefs::use_prefs,
        site::use_site,
    },
};

use super::{admin_action, notices::AdminNoticeBanner};

/// The settings form, for administrators (the server lets city administrators save).
#[component]
pub fn AdminSite() -> impl IntoView {
    view! {
        <RequireLogin roles=&[Role::Admin]>
            <SiteContent />
        </RequireLogin>
    }
}

#[component]
fn SiteContent() -> impl IntoView {
    let current = LocalResource::new(|| client::get_fresh::<SiteInfo>("/api/v1/site"));
    view! {
        <section class="page narrow admin">
            <h1>{t(AdmMsg::AdminSite)}</h1>
            <p class="lead">{t(AdmMsg::SiteLead)}</p>
            <AdminNoticeBanner />
            <p class="muted">{t(AdmMsg::CityAdminOnlyNote)}</p>
            <Suspense fallback=Loading>
                {move || current.get().map(|r| match r {
                    Ok(info) => view! { <SiteForm info /> }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice error retry=Callback::new(move |()| current.refetch()) />
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn optional(value: String) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The form, filled with the current settings.
#[component]
fn SiteForm(
    /// The settings as they are.
    info: SiteInfo,
) -> impl IntoView {
    let site = use_site();
    let lang = use_prefs().lang;
    let name_zh = RwSignal::new(info.name.zh);
    let name_en = RwSignal::new(info.name.en.unwrap_or_default());
    let contact = RwSignal::new(info.contact.unwrap_or_default());
    let open311 = RwSignal::new(info.open311_contact.unwrap_or_default());
    let error: FormError = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let save = admin_action(
        error,
        lang,
        |body: SetSiteInfo| async move {
            let info = client::send::<_, SiteInfo>("PUT", "/api/v1/admin/site", &body).await?;
            // The browser keeps `/api/v1/site` for a minute: replace its copy, so that the next
            // load of the app shows the new settings too.
            let _ = client::get_fresh::<SiteInfo>("/api/v1/site").await;
            Ok(info)
        },
        move |info| {
            site.info.set(Some(info));
            saved.set(true);
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SetSiteInfo {
            name_zh: name_zh.get_untracked().trim().to_owned(),
            name_en: optional(name_en.get_untracked()),
            contact: optional(contact.get_untracked()),
            open311_contact: optional(open311.get_untracked()),
        };
        saved.set(false);
        save.dispatch_local(body);
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <FormAlert error fields=&["name_zh", "name_en", "contact", "open311_contact"] />
            <TextField id="name_zh" label=AdmMsg::SiteNameZh value=name_zh error />
            <TextField id="name_en" label=AdmMsg::SiteNameEn value=name_en error required=false lang="en" />
            <TextField id="contact" label=AdmMsg::SiteContact value=contact error required=false
                hint=AdmMsg::SiteContactHint />
            <TextField id="open311_contact" label=AdmMsg::Open311Contact value=open311 error
                required=false hint=AdmMsg::Open311ContactHint />
            <SubmitButton label=AdmMsg::Save busy_label=AdmMsg::Saving busy=save.pending() />
            <div role="status" aria-live="polite">
                <Show when=move || saved.get()><p class="status ok">{t(AccMsg::Saved)}</p></Show>
            </div>
        </form>
    }
}
