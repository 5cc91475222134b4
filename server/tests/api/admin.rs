//! Administrators act inside their region only; every action and every unmasked view is logged.
use app::api::accounts::{AuditList, Me, RevealedPhone, Role, UserList, UserSummary};
use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp};

both_backends!(
    a_district_admin_sees_and_manages_only_their_district,
    granting_a_role_gives_access_and_revoking_takes_it_away,
    disabling_an_account_ends_its_sessions_and_blocks_login,
    revealing_a_phone_is_audit_logged_and_lists_stay_masked,
    non_admins_are_refused,
);

async fn a_district_admin_sees_and_manages_only_their_district(app: TestApp) {
    let futian_admin = app
        .login_as("13900000001", &[(Role::Admin, "440304", None)])
        .await;
    let futian_resident = app.create_user("13900000002", &[]).await;
    let nanshan_resident = app.create_user("13900000003", &[]).await;
    sqlx::query("UPDATE users SET home_region_id = (SELECT id FROM regions WHERE code = '440305001001') WHERE id = $1")
        .bind(nanshan_resident)
        .execute(app.db.pool())
        .await
        .expect("move");

    let list: UserList = futian_admin
        .get("/api/v1/admin/users")
        .await
        .assert_status(StatusCode::OK)
        .json();
    let ids: Vec<i64> = list.items.iter().map(|u| u.id).collect();
    assert!(
        ids.contains(&futian_resident) && !ids.contains(&nanshan_resident),
        "{ids:?}"
    );
    assert!(
        list.items.iter().all(|u| u.phone.contains("****")),
        "masked in lists"
    );

    futian_admin
        .get(&format!("/api/v1/admin/users/{nanshan_resident}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let res = futian_admin
        .post(
            &format!("/api/v1/admin/users/{futian_resident}/roles"),
            &json!({"role": "committee_member", "region": "440305001001"}),
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "region_out_of_scope");

    let city_admin = app
        .login_as("13900000009", &[(Role::Admin, "440300", None)])
        .await;
    let all: UserList = city_admin.get("/api/v1/admin/users?limit=100").await.json();
    assert!(all.items.iter().any(|u| u.id == nanshan_resident));

    let by_phone: UserList = futian_admin
        .get("/api/v1/admin/users?q=139%200000%200002")
        .await
        .json();
    assert_eq!(
        by_phone.items.iter().map(|u| u.id).collect::<Vec<_>>(),
        [futian_resident]
    );
    let page: UserList = city_admin.get("/api/v1/admin/users?limit=1").await.json();
    assert_eq!(page.items.len(), 1);
    let cursor = page.next_cursor.expect("more pages");
    let next: UserList = city_admin
        .get(&format!("/api/v1/admin/users?limit=1&cursor={cursor}"))
        .await
        .json();
    assert!(next.items[0].id < page.items[0].id);
}

async fn granting_a_role_gives_access_and_revoking_takes_it_away(app: TestApp) {
    let admin = app
        .login_as("13900000001", &[(Role::Admin, "440304", None)])
        .await;
    let member = app.login_as("13900000002", &[]).await;
    let member_id = member.get("/api/v1/me").await.json::<Me>().id;

    let bad = admin
        .post(
            &format!("/api/v1/admin/users/{member_id}/roles"),
            &json!({"role": "department_handler", "region": "440304"}),
        )
        .await;
    assert_eq!(bad.error_code(), "department_required");
    let granted: UserSummary = admin
        .post(
            &format!("/api/v1/admin/users/{member_id}/roles"),
            &json!({"role": "committee_member", "region": "440304001001"}),
        )
        .await
        .assert_status(StatusCode::CREATED)
        .json();
    let grant = granted
        .roles
        .iter()
        .find(|g| g.role == Role::CommitteeMember)
        .and_then(|g| g.id)
        .expect("grant id");
    let again = admin
        .post(
            &format!("/api/v1/admin/users/{member_id}/roles"),
            &json!({"role": "committee_member", "region": "440304001001"}),
        )
        .await;
    assert_eq!(again.error_code(), "role_already_granted");

    let me: Me = member.get("/api/v1/me").await.json();
    assert!(
        me.roles
            .iter()
            .any(|g| g.role == Role::CommitteeMember && g.region.code == "440304001001")
    );

    admin
        .delete(&format!("/api/v1/admin/users/{member_id}/roles/{grant}"))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let me: Me = member.get("/api/v1/me").await.json();
    assert!(!me.roles.iter().any(|g| g.role == Role::CommitteeMember));

    let audit: AuditList = admin
        .get("/api/v1/admin/audit")
        .await
        .assert_status(StatusCode::OK)
        .json();
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.starts_with(&["role.revoke", "role.grant"]),
        "{actions:?}"
    );
    assert!(
        audit
            .items
            .iter()
            .all(|e| !e.detail.contains("13900000002")),
        "no phone in the audit log"
    );
}

async fn disabling_an_account_ends_its_sessions_and_blocks_login(app: TestApp) {
    let admin = app
        .login_as("13900000001", &[(Role::Admin, "440304", None)])
        .await;
    let admin_id = admin.get("/api/v1/me").await.json::<Me>().id;
    let user = app.login_as("13900000002", &[]).await;
    let user_id = user.get("/api/v1/me").await.json::<Me>().id;

    let own = admin
        .post(
            &format!("/api/v1/admin/users/{admin_id}/status"),
            &json!({"status": "disabled"}),
        )
        .await;
    assert_eq!(own.error_code(), "cannot_change_own_status");
    admin
        .post(
            &format!("/api/v1/admin/users/{user_id}/status"),
            &json!({"status": "disabled", "reason": "冒用他人身份"}),
        )
        .await
        .assert_status(StatusCode::OK);
    user.get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    let login = app.client().login("13900000002", PASSWORD).await;
    login.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(login.error_code(), "account_disabled");

    admin
        .post(
            &format!("/api/v1/admin/users/{user_id}/status"),
            &json!({"status": "active"}),
        )
        .await
        .assert_status(StatusCode::OK);
    app.client()
        .login("13900000002", PASSWORD)
        .await
        .assert_status(StatusCode::OK);
}

async fn revealing_a_phone_is_audit_logged_and_lists_stay_masked(app: TestApp) {
    let admin = app
        .login_as("13900000001", &[(Role::Admin, "440300", None)])
        .await;
    let user_id = app.create_user("13912345678", &[]).await;
    let summary: UserSummary = admin
        .get(&format!("/api/v1/admin/users/{user_id}"))
        .await
        .json();
    assert_eq!(summary.phone, "139****5678");
    let revealed: RevealedPhone = admin
        .post(&format!("/api/v1/admin/users/{user_id}/phone"), &json!({}))
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(revealed.phone, "13912345678");
    let audit: AuditList = admin
        .get("/api/v1/admin/audit?action=personal_data.view")
        .await
        .json();
    assert_eq!(audit.items.len(), 1);
    assert_eq!(audit.items[0].subject, format!("user:{user_id}"));
    assert!(audit.items[0].actor.is_some());
}

async fn non_admins_are_refused(app: TestApp) {
    let member = app
        .login_as(
            "13900000001",
            &[(Role::CommitteeMember, "440304001001", None)],
        )
        .await;
    let res = member.get("/api/v1/admin/users").await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "forbidden");
    app.client()
        .get("/api/v1/admin/users")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}
