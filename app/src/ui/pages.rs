//! One module per page (or family of pages).
pub mod home;
pub mod not_found;
pub mod placeholder;
