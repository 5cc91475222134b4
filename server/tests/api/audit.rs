//! The audit log's details are kept as codes and values and read in the reader's language;
//! entries written before (a sentence, no code) get theirs when the server migrates.
use app::api::accounts::{AuditEntry, AuditList, Role, UserSummary};
use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{Client, TestApp};

both_backends!(
    details_are_read_in_the_readers_language,
    entries_written_before_codes_are_upgraded_by_the_migration,
    the_listing_filters_by_action_actor_and_cursor,
);

const FUTIAN: &str = "440304";
const HONGLI: &str = "440304001001";

/// The audit log as `admin` reads it in `lang`.
async fn read(admin: &Client<'_>, query: &str, lang: &str) -> Vec<AuditEntry> {
    let res = admin
        .get_in(&format!("/api/v1/admin/audit{query}"), lang)
        .await;
    res.assert_status(StatusCode::OK);
    res.json::<AuditList>().items
}

fn detail_of<'a>(entries: &'a [AuditEntry], action: &str) -> &'a str {
    entries
        .iter()
        .find(|e| e.action == action)
        .map(|e| e.detail.as_str())
        .unwrap_or_else(|| panic!("no {action} entry in {entries:?}"))
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

async fn details_are_read_in_the_readers_language(app: TestApp) {
    let admin = app
        .login_as("13900008001", &[(Role::Admin, FUTIAN, None)])
        .await;
    let member_id = app.create_user("13900008002", &[]).await;
    let granted: UserSummary = admin
        .post(
            &format!("/api/v1/admin/users/{member_id}/roles"),
            &json!({"role": "committee_member", "region": HONGLI}),
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

    let staff = app
        .login_as("13900008003", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    let resident = app.login_as("13900008004", &[]).await;
    let code = crate::feedback::file(&resident, &crate::feedback::case_json("垃圾没有清运")).await;
    let id = crate::feedback::case_id(&app, &code).await;
    for action in [json!({"action": "accept"}), json!({"action": "assign"})] {
        staff
            .post(&format!("/api/v1/staff/feedback/{id}/actions"), &action)
            .await
            .assert_status(StatusCode::OK);
    }

    // A directory editor changes a 福田 location's hours (the fixture gave it weekly hours
    // and two dated exceptions).
    let f = crate::directory::Fixture::new(&app).await;
    crate::directory::admin(&app)
        .await
        .put(
            &format!("/api/v1/directory/locations/{}/hours", f.hongli),
            &json!({"weekly": [{"weekday": 1, "opens": "09:00", "closes": "12:00"}]}),
        )
        .await
        .assert_status(StatusCode::OK);

    let en = read(&admin, "", "en").await;
    let zh = read(&admin, "", "zh-CN").await;
    assert_eq!(
        detail_of(&en, "directory.hours.update"),
        "Changed: special dates, opening hours"
    );
    assert_eq!(
        detail_of(&zh, "directory.hours.update"),
        "修改了：特殊日期安排、开放时间"
    );
    assert_eq!(
        detail_of(&en, "role.grant"),
        format!("Grant {grant}: Committee member in {HONGLI}")
    );
    assert_eq!(
        detail_of(&zh, "role.grant"),
        format!("第 {grant} 号授权：居委会委员，地区 {HONGLI}")
    );
    // Newest first: the assignment, then the acceptance.
    let steps = |entries: &[AuditEntry]| -> Vec<String> {
        entries
            .iter()
            .filter(|e| e.action == "feedback.action")
            .map(|e| e.detail.clone())
            .collect()
    };
    assert_eq!(
        steps(&en),
        [
            "Pass on: Accepted → Passed on",
            "Accept: Waiting → Accepted"
        ]
    );
    assert_eq!(
        steps(&zh),
        ["转办：已受理 → 已转办", "受理：待受理 → 已受理"]
    );
    for e in &en {
        assert!(!has_chinese(&e.detail), "English detail: {e:?}");
    }

    // The table keeps the English words for whoever reads it without the server.
    let stored: (String, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT detail, detail_code, detail_params FROM audit_log WHERE action = 'role.grant'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("row");
    assert_eq!(
        stored.0,
        format!("Grant {grant}: Committee member in {HONGLI}")
    );
    assert_eq!(stored.1.as_deref(), Some("audit_role_granted"));
    let params: serde_json::Value =
        serde_json::from_str(stored.2.as_deref().expect("params")).expect("json");
    assert_eq!(params["role"], "居委会委员");
    assert_eq!(params["role_en"], "Committee member");
    assert!(
        !stored.2.unwrap_or_default().contains("13900008002"),
        "no phone number in the values"
    );
}

async fn entries_written_before_codes_are_upgraded_by_the_migration(app: TestApp) {
    let admin = app
        .login_as("13900008011", &[(Role::Admin, FUTIAN, None)])
        .await;
    for (action, detail) in [
        ("role.revoke", "grant 7: committee_member"),
        ("venue.closure", "2026-02-01..2026-02-03, cancelled 2"),
        ("venue.hours", "a shape no release wrote"),
    ] {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, action, subject, region_id, detail) \
             VALUES (1, NULL, $1, 'user:1', (SELECT id FROM regions WHERE code = $2), $3)",
        )
        .bind(action)
        .bind(HONGLI)
        .bind(detail)
        .execute(app.db.pool())
        .await
        .expect("old row");
    }
    let details = |entries: Vec<AuditEntry>| -> Vec<String> {
        let mut v: Vec<String> = entries.into_iter().map(|e| e.detail).collect();
        v.sort();
        v
    };
    let old = "?action=role.revoke";
    assert_eq!(
        details(read(&admin, old, "zh-CN").await),
        ["grant 7: committee_member"],
        "read as stored until the server migrates"
    );
    server::migrate(&app.db).await.expect("migrate");
    for (lang, revoked, closed) in [
        (
            "en",
            "Grant 7 revoked: Committee member",
            "Closed 2026-02-01 to 2026-02-03; 2 bookings cancelled",
        ),
        (
            "zh-CN",
            "撤销第 7 号授权：居委会委员",
            "2026-02-01 至 2026-02-03 停用，取消了 2 个预约",
        ),
    ] {
        assert_eq!(details(read(&admin, old, lang).await), [revoked], "{lang}");
        assert_eq!(
            details(read(&admin, "?action=venue.closure", lang).await),
            [closed],
            "{lang}"
        );
        assert_eq!(
            details(read(&admin, "?action=venue.hours", lang).await),
            ["a shape no release wrote"],
            "kept word for word in {lang}"
        );
    }
    let left: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE detail_code IS NULL AND detail <> ''",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("count");
    assert_eq!(left, 0, "every old detail has a code");
    let stored: String =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'role.revoke'")
            .fetch_one(app.db.pool())
            .await
            .expect("stored");
    assert_eq!(
        stored, "Grant 7 revoked: Committee member",
        "the table keeps the English, as for new entries"
    );
    assert_eq!(
        server::upgrade::old_audit_details(&app.db)
            .await
            .expect("again"),
        0,
        "the next start has nothing to do"
    );
}

async fn the_listing_filters_by_action_actor_and_cursor(app: TestApp) {
    let admin = app
        .login_as("13900008021", &[(Role::Admin, FUTIAN, None)])
        .await;
    let admin_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = '13900008021'")
        .fetch_one(app.db.pool())
        .await
        .expect("admin id");
    for n in 0..3 {
        let user = app.create_user(&format!("1390000803{n}"), &[]).await;
        admin
            .post(
                &format!("/api/v1/admin/users/{user}/roles"),
                &json!({"role": "committee_member", "region": HONGLI}),
            )
            .await
            .assert_status(StatusCode::CREATED);
    }
    // Another district's entry is out of scope.
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, subject, region_id, detail) \
         VALUES (1, $1, 'role.grant', 'user:1', (SELECT id FROM regions WHERE code = '440305'), 'elsewhere')",
    )
    .bind(admin_id)
    .execute(app.db.pool())
    .await
    .expect("other district");

    let first: AuditList = admin
        .get(&format!(
            "/api/v1/admin/audit?action=role.grant&actor={admin_id}&limit=2"
        ))
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(first.items.len(), 2);
    let cursor = first.next_cursor.expect("a second page");
    let second: AuditList = admin
        .get(&format!(
            "/api/v1/admin/audit?action=role.grant&actor={admin_id}&limit=2&cursor={cursor}"
        ))
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(second.items.len(), 1, "{:?}", second.items);
    assert!(second.next_cursor.is_none());
    assert!(
        first
            .items
            .iter()
            .chain(&second.items)
            .all(|e| e.action == "role.grant" && e.actor_id == Some(admin_id)),
    );
    let other: AuditList = admin
        .get("/api/v1/admin/audit?actor=999999")
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(other.items.is_empty());
}
