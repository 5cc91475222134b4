//! One module per page (or family of pages).
pub mod account;
pub mod activities;
pub mod admin;
pub mod booking;
pub mod directory;
pub mod feedback;
pub mod home;
pub mod not_found;
pub mod volunteers;
