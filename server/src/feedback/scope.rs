//! Which cases a staff member reaches: committee members and administrators everything in
//! their regions; department handlers the cases routed to their department in their regions.
use app::api::accounts::Role;

use super::{states::Actor, store};
use crate::{AppState, accounts::CurrentUser, error::ApiResult};

/// The roles that work on feedback.
pub struct FeedbackStaff;
impl crate::accounts::session::RoleSet for FeedbackStaff {
    const ROLES: &'static [Role] = &[Role::CommitteeMember, Role::DepartmentHandler, Role::Admin];
}

pub const COMMITTEE_ROLES: &[Role] = &[Role::CommitteeMember, Role::Admin];

/// The roles that keep the reply templates: handlers use them but never add or remove them, so
/// they are refused before any template or region is looked at.
pub struct FeedbackCommittee;
impl crate::accounts::session::RoleSet for FeedbackCommittee {
    const ROLES: &'static [Role] = COMMITTEE_ROLES;
}

/// A user's reach, resolved to region ids.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Committee or admin role for the whole city.
    pub everything: bool,
    /// Regions where the user acts as committee (committee member or admin).
    pub committee: Vec<i64>,
    /// (department, regions) where the user handles cases of that department.
    pub handler: Vec<(i64, Vec<i64>)>,
}

impl Scope {
    pub async fn of(state: &AppState, user: &CurrentUser) -> ApiResult<Self> {
        let roots = user.scope_roots(COMMITTEE_ROLES);
        let everything = crate::regions::store::has_root_among(&state.db, &roots).await?;
        let committee = if everything {
            Vec::new()
        } else {
            store::descendants(&state.db, &roots).await?
        };
        let mut handler = Vec::new();
        for g in user
            .grants
            .iter()
            .filter(|g| g.role == Role::DepartmentHandler)
        {
            if let Some(dept) = g.department_id {
                handler.push((dept, store::descendants(&state.db, &[g.region_id]).await?));
            }
        }
        Ok(Self {
            everything,
            committee,
            handler,
        })
    }

    /// SQL condition on the case alias `c` (only integers from the database are inlined).
    pub fn condition(&self) -> String {
        self.condition_hinted(false)
    }

    /// The condition, with a planner hint for lists: when `walk_ids` is set and the scope spans
    /// many regions, the region test is written `+c.region_id`, which SQLite cannot serve from
    /// an index, so it walks the primary key newest first and stops after one page instead of
    /// collecting and sorting every case of a district. (PostgreSQL reads `+x` as `x`.)
    pub fn condition_hinted(&self, walk_ids: bool) -> String {
        if self.everything {
            return "1 = 1".to_owned();
        }
        let column = if walk_ids && self.committee.len() > 8 {
            "+c.region_id"
        } else {
            "c.region_id"
        };
        let mut parts = Vec::new();
        if !self.committee.is_empty() {
            parts.push(format!(
                "{column} IN ({})",
                crate::db::id_list(&self.committee)
            ));
        }
        for (dept, regions) in &self.handler {
            if !regions.is_empty() {
                parts.push(format!(
                    "(c.department_id = {dept} AND c.region_id IN ({}))",
                    crate::db::id_list(regions)
                ));
            }
        }
        if parts.is_empty() {
            "1 = 0".to_owned()
        } else {
            format!("({})", parts.join(" OR "))
        }
    }

    /// How the user relates to a case, or `None` when it is out of reach.
    pub fn actor_for(&self, region_id: i64, department_id: Option<i64>) -> Option<Actor> {
        if self.everything || self.committee.contains(&region_id) {
            return Some(Actor::Committee);
        }
        self.handler
            .iter()
            .any(|(d, regions)| Some(*d) == department_id && regions.contains(&region_id))
            .then_some(Actor::Handler)
    }

    /// Whether a region lies within the committee part of the scope.
    pub fn covers_region(&self, region_id: i64) -> bool {
        self.everything
            || self.committee.contains(&region_id)
            || self.handler.iter().any(|(_, r)| r.contains(&region_id))
    }
}
