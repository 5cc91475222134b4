//! Linli's shared crate.
//!
//! [`api`] holds the JSON wire types that the server and the browser both use; it depends on
//! serde only, so the server can use it without compiling the UI. The Leptos single-page app
//! lives in [`ui`], behind the non-default `ui` feature.

pub mod api;

#[cfg(feature = "ui")]
pub mod ui;
