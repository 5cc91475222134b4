//! Accounts: residents and staff, sessions, roles scoped to the region tree, second factor,
//! and the personal-data rights of PIPL (masking, export, deletion).
pub mod admin;
pub mod cli;
pub mod password;
pub mod phone;
mod routes;
pub mod session;
pub mod store;
pub mod totp;
pub mod views;

pub use views::region_ref as views_region;

pub use phone::PhoneNumber;
pub use session::{CurrentUser, Grant};

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    routes::router().merge(admin::router())
}
