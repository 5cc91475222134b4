//! Login, registration and the user's own account ("我的").
pub mod area;
mod channels;
mod family;
pub mod login;
pub mod me;
pub mod notifications;
pub mod register;
mod security;
mod sms_code;

use crate::{api::accounts::Role, ui::i18n::AccMsg};

/// The name of a role for display.
pub fn role_label(role: Role) -> AccMsg {
    match role {
        Role::Resident => AccMsg::RoleResident,
        Role::CommitteeMember => AccMsg::RoleCommitteeMember,
        Role::WorkstationStaff => AccMsg::RoleWorkstationStaff,
        Role::DepartmentHandler => AccMsg::RoleDepartmentHandler,
        Role::SocialWorker => AccMsg::RoleSocialWorker,
        Role::Admin => AccMsg::RoleAdmin,
    }
}

/// Where to go after logging in: the `next` parameter when it is a path of this site.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/me".to_owned())
}
