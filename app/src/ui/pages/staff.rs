//! Pages for committee members, department handlers and administrators working on feedback.
pub mod area;
pub mod case;
pub mod chart;
pub mod inbox;
pub mod place;
pub mod report;
pub mod stats;
pub mod templates;

use crate::api::accounts::Role;

/// The roles that work on feedback.
pub const FEEDBACK_STAFF: &[Role] = &[Role::CommitteeMember, Role::DepartmentHandler, Role::Admin];
