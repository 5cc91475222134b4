//! "我的": the user's profile, roles, security and data.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::accounts::{Me, Role, UpdateProfileRequest},
    ui::{
        client,
        components::{
            form::{FormAlert, FormError, SubmitButton, TextField, form_action},
            region_picker::RegionPicker,
            require_login::RequireLogin,
        },
        i18n::{AccMsg, AdmMsg, VolMsg, lang, t},
        session::use_session,
    },
};

use super::{
    channels::NotificationSettingsCard,
    family::FamilyCard,
    role_label,
    security::{ChangePassword, ChangePhone, DataRights, SessionsList, TwoStep},
};

/// The account page; asks to log in first.
#[component]
pub fn MePage() -> impl IntoView {
    view! {
        <RequireLogin>
            <MeContent />
        </RequireLogin>
    }
}

#[component]
fn MeContent() -> impl IntoView {
    let session = use_session();
    let me = move || session.me.get();
    view! {
        <section class="page account">
            <h1>{t(AccMsg::MeTitle)}</h1>
            {move || me().map(|me| view! { <ProfileCard me /> })}
            <nav class="card" aria-label=t(crate::ui::i18n::BookMsg::MineTitle)>
                <ul class="link-list">
                    <li><A href="/me/bookings">{t(crate::ui::i18n::BookMsg::MineTitle)}</A></li>
                    <li><A href="/me/activities">{t(crate::ui::i18n::ActMsg::MineTitle)}</A></li>
                    <li><A href="/volunteer">{t(VolMsg::MineTitle)}</A></li>
                    <li><A href="/me/strikes">{t(crate::ui::i18n::BookMsg::StrikesLink)}</A></li>
                </ul>
            </nav>
            <Show when=move || session.is_staff()>
                <nav class="card staff-links" aria-label=t(AccMsg::StaffArea)>
                    <h2>{t(AccMsg::StaffArea)}</h2>
                    <ul class="link-list">
                        <Show when=move || session.has_role(Role::WorkstationStaff) || session.has_role(Role::Admin)>
                            <li><A href="/directory/manage">{t(crate::ui::i18n::DirMsg::StaffEntry)}</A></li>
                            <li><A href="/directory/review">{t(crate::ui::i18n::DirMsg::ReviewLink)}</A></li>
                        </Show>
                        <Show when=move || crate::ui::pages::booking::STAFF_ROLES.iter().any(|r| session.has_role(*r))>
                            <li><A href="/staff/venues">{t(crate::ui::i18n::BookMsg::StaffTitle)}</A></li>
                            <li><A href="/staff/activities">{t(crate::ui::i18n::ActMsg::StaffTitle)}</A></li>
                        </Show>
                        <Show when=move || session.has_role(Role::SocialWorker) || session.has_role(Role::Admin)>
                            <li><A href="/staff/volunteers">{t(VolMsg::StaffVolunteersTitle)}</A></li>
                            <li><A href="/staff/opportunities">{t(VolMsg::StaffShiftsTitle)}</A></li>
                            <li><A href="/staff/help-requests">{t(VolMsg::StaffHelpTitle)}</A></li>
                            <li><A href="/staff/volunteers/report">{t(VolMsg::ReportTitle)}</A></li>
                        </Show>
                        <Show when=move || session.has_role(Role::Admin)>
                            <li><A href="/admin/users">{t(AccMsg::AdminUsers)}</A></li>
                            <li><A href="/admin/audit">{t(AccMsg::AdminAudit)}</A></li>
                            <li><A href="/admin/regions">{t(AdmMsg::AdminRegions)}</A></li>
                            <li><A href="/admin/calendar">{t(AdmMsg::AdminCalendar)}</A></li>
                            <li><A href="/admin/site">{t(AdmMsg::AdminSite)}</A></li>
                            <li><A href="/admin/open311">{t(crate::ui::i18n::FbMsg::Open311Title)}</A></li>
                        </Show>
                    </ul>
                </nav>
            </Show>
            <FamilyCard />
            <EditProfile />
            <ChangePassword />
            <ChangePhone />
            <NotificationSettingsCard />
            <TwoStep />
            <SessionsList />
            <DataRights />
            <p>
                <button type="button" class="button secondary" on:click=move |_| session.log_out()>
                    {t(AccMsg::LogOut)}
                </button>
            </p>
        </section>
    }
}

/// Name, masked phone, community and roles with their regions.
#[component]
fn ProfileCard(
    /// The user.
    me: Me,
) -> impl IntoView {
    let community = me.home_community.clone();
    view! {
        <div class="card profile">
            <h2>{t(AccMsg::Profile)}</h2>
            <dl class="facts">
                <dt>{t(AccMsg::DisplayName)}</dt><dd>{me.display_name.clone()}</dd>
                <dt>{t(AccMsg::Phone)}</dt><dd>{me.phone.clone()}</dd>
                <dt>{t(AccMsg::HomeCommunity)}</dt>
                <dd>{move || community.as_ref().map(|c| c.name.get(lang().tag()).to_owned()).unwrap_or_default()}</dd>
            </dl>
            <h3>{t(AccMsg::Roles)}</h3>
            <ul class="roles">
                {me.roles.into_iter().map(|g| {
                    let region = g.region.name.clone();
                    let dept = g.department.clone();
                    view! {
                        <li>
                            <span class="role">{t(role_label(g.role))}</span>
                            " · "
                            <span>{move || region.get(lang().tag()).to_owned()}</span>
                            {dept.map(|d| view! { " · " <span>{move || d.name.get(lang().tag()).to_owned()}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Change the name and home community.
#[component]
fn EditProfile() -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(session.me.with_untracked(|m| {
        m.as_ref()
            .map(|m| m.display_name.clone())
            .unwrap_or_default()
    }));
    let community = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let update = form_action(
        error,
        |req: UpdateProfileRequest| async move {
            client::send::<_, Me>("PUT", "/api/v1/me", &req).await
        },
        move |me| {
            session.me.set(Some(me));
            saved.set(true);
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        update.dispatch_local(UpdateProfileRequest {
            display_name: name.get_untracked(),
            home_community: community.get_untracked(),
        });
    };
    view! {
        <details class="card">
            <summary><h2>{t(AccMsg::EditProfile)}</h2></summary>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert error fields=&["display_name", "home_community"] />
                <TextField id="display_name" label=AccMsg::DisplayName value=name error autocomplete="nickname" />
                <RegionPicker id="home_community" value=community error />
                <SubmitButton label=AccMsg::Submit busy_label=AccMsg::Saving busy=update.pending() />
                <Show when=move || saved.get()><p class="status ok" role="status">{t(AccMsg::Saved)}</p></Show>
            </form>
        </details>
    }
}
