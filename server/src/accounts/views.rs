//! Turning account rows into the wire types users and administrators see.
use app::api::{
    Text,
    accounts::{AccountStatus, Department, Me, RegionRef, Role, RoleGrant, UserSummary},
};

use super::store::{self, GrantView, UserRow};
use crate::{Db, error::ApiError, regions::store as regions};

pub async fn region_ref(db: &Db, id: Option<i64>) -> Result<Option<RegionRef>, ApiError> {
    let Some(id) = id else { return Ok(None) };
    Ok(regions::by_id(db, id).await?.map(|r| RegionRef {
        code: r.code,
        name: Text::new(r.name_zh, r.name_en),
    }))
}

fn grant_to_wire(g: GrantView) -> Option<RoleGrant> {
    Some(RoleGrant {
        id: Some(g.id),
        role: Role::parse(&g.role)?,
        region: RegionRef {
            code: g.region_code,
            name: Text::new(g.region_zh, g.region_en),
        },
        department: g.department_code.map(|code| Department {
            code,
            name: Text::new(g.department_zh.unwrap_or_default(), g.department_en),
        }),
    })
}

/// The implicit resident role, scoped to the home community.
fn resident_grant(home: Option<RegionRef>) -> Option<RoleGrant> {
    home.map(|region| RoleGrant {
        id: None,
        role: Role::Resident,
        region,
        department: None,
    })
}

pub fn masked_phone(phone: Option<&str>) -> String {
    phone
        .map(app::api::accounts::mask_phone)
        .unwrap_or_default()
}

pub async fn me(db: &Db, user: &UserRow) -> Result<Me, ApiError> {
    let home = region_ref(db, user.home_region_id).await?;
    let mut roles: Vec<RoleGrant> = resident_grant(home.clone()).into_iter().collect();
    roles.extend(
        store::grant_views(db, &[user.id])
            .await?
            .into_iter()
            .filter_map(grant_to_wire),
    );
    Ok(Me {
        id: user.id,
        display_name: user.display_name.as_given().to_owned(),
        phone: masked_phone(user.phone.as_deref()),
        home_community: home,
        roles,
        mfa_enabled: user.totp_enabled == 1,
        email: user.email.as_deref().map(super::email::masked_email),
    })
}

pub async fn me_by_id(db: &Db, id: i64) -> Result<Me, ApiError> {
    let user = store::user_by_id(db, id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    me(db, &user).await
}

/// Summaries of several users with their roles, in the order given.
pub async fn summaries(db: &Db, users: Vec<UserRow>) -> Result<Vec<UserSummary>, ApiError> {
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    let mut grants = store::grant_views(db, &ids).await?;
    let mut out = Vec::with_capacity(users.len());
    for user in users {
        let home = region_ref(db, user.home_region_id).await?;
        let mut roles: Vec<RoleGrant> = resident_grant(home.clone()).into_iter().collect();
        let (mine, rest): (Vec<_>, Vec<_>) = grants.into_iter().partition(|g| g.user_id == user.id);
        grants = rest;
        roles.extend(mine.into_iter().filter_map(grant_to_wire));
        out.push(UserSummary {
            id: user.id,
            display_name: user.display_name.shown(),
            phone: masked_phone(user.phone.as_deref()),
            status: AccountStatus::parse(&user.status).unwrap_or(AccountStatus::Disabled),
            home_community: home,
            roles,
            created_at: crate::time::rfc3339(user.created_at),
        });
    }
    Ok(out)
}
