//! Building blocks shared by pages.
pub mod form;
pub mod layout;
pub mod region_picker;
pub mod require_login;
pub mod status;
