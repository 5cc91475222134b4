//! Administrators' pages: users and roles, the audit log.
pub mod audit;
pub mod user;
pub mod users;

use crate::{api::accounts::AccountStatus, ui::i18n::AccMsg};

pub fn status_label(status: AccountStatus) -> AccMsg {
    match status {
        AccountStatus::Active => AccMsg::StatusActive,
        AccountStatus::Disabled => AccMsg::StatusDisabled,
        AccountStatus::Deleted => AccMsg::StatusDeleted,
    }
}
