//! What the server writes into a case's timeline is kept as codes and values and read in the
//! reader's language; sentences stored in Chinese before are migrated and read the same.
use app::api::{accounts::Role, feedback::PublicCase};
use axum::http::StatusCode;
use serde_json::json;
use server::{feedback::store, lang::Lang};

use crate::helpers::{Client, TestApp};

both_backends!(
    timeline_sentences_are_in_the_readers_language,
    sentences_stored_in_chinese_before_are_migrated_and_read_the_same,
);

const HONGLI: &str = "440304001001";

async fn file_and_accept(app: &TestApp, staff: &Client<'_>) -> (String, i64) {
    let resident = app.login_as("13900007001", &[]).await;
    let code = crate::feedback::file(&resident, &crate::feedback::case_json("垃圾没有清运")).await;
    let id = crate::feedback::case_id(app, &code).await;
    for action in [
        json!({"action": "accept"}),
        json!({"action": "assign"}),
        json!({"action": "extend", "days": 3, "reason": "需要协调物业公司"}),
    ] {
        staff
            .post(&format!("/api/v1/staff/feedback/{id}/actions"), &action)
            .await
            .assert_status(StatusCode::OK);
    }
    (code, id)
}

async fn timeline_sentences_are_in_the_readers_language(app: TestApp) {
    let staff = app
        .login_as("13900007002", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    let (code, _) = file_and_accept(&app, &staff).await;
    let (zh_dept, en_dept): (String, String) =
        sqlx::query_as("SELECT name_zh, name_en FROM departments WHERE code = 'urban_management'")
            .fetch_one(app.db.pool())
            .await
            .expect("department");
    let read = |lang: &'static str| {
        let visitor = app.client();
        let path = format!("/api/v1/feedback/{code}");
        async move {
            let res = visitor.get_in(&path, lang).await;
            res.assert_status(StatusCode::OK);
            let case: PublicCase = res.json();
            case.timeline
                .into_iter()
                .map(|e| (e.kind, e.text))
                .filter(|(kind, _)| kind == "assigned" || kind == "extended")
                .collect::<Vec<_>>()
        }
    };
    let zh = read("zh-CN").await;
    let en = read("en").await;
    let due_in = |text: &str, prefix: &str| text.strip_prefix(prefix).map(|t| t[..10].to_owned());
    assert_eq!(zh[0], ("assigned".into(), format!("已转交{zh_dept}办理。")));
    assert_eq!(
        en[0],
        ("assigned".into(), format!("Passed on to {en_dept}."))
    );
    let date = due_in(&zh[1].1, "办理期限延长至 ").expect("zh extension");
    assert_eq!(zh[1].1, format!("办理期限延长至 {date}：需要协调物业公司"));
    assert_eq!(
        en[1].1,
        format!("Deadline extended to {date}: 需要协调物业公司"),
        "what staff wrote stays as written"
    );
}

/// The sentences of each kind as the server wrote them before migration 30.
const OLD: &[(&str, bool, &str)] = &[
    (
        "extended",
        true,
        "办理期限延长至 2026-10-28：需要协调物业公司",
    ),
    (
        "merged",
        true,
        "与同一问题的其他意见合并办理，答复将在合并后的意见中给出。",
    ),
    ("closed", true, "答复后 15 天内未评价，系统自动办结。"),
    ("rated", true, "评价 4 分：处理得很及时"),
    ("rated", true, "评价 2 分"),
    ("reopened", true, "居民对答复不满意，已重新办理。"),
    ("reminded", false, "期限 2026-10-28 将至，系统自动提醒。"),
    (
        "escalated",
        false,
        "已逾期（期限 2026-10-28），升级至区级督办。",
    ),
    (
        "escalated",
        false,
        "已逾期（期限 2026-10-28），升级至街道督办。",
    ),
    ("note", false, "合并了 FB-7K2M-9Q4X（垃圾没有清运）"),
    ("note", false, "已定位到红荔社区（原在分拣队列：福田区）"),
    ("hidden", false, "flagged by 5 residents; pending review"),
    ("note", false, "请城管尽快处理"),
];

async fn sentences_stored_in_chinese_before_are_migrated_and_read_the_same(app: TestApp) {
    let staff = app
        .login_as("13900007003", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    let (_, id) = file_and_accept(&app, &staff).await;
    let pool = app.db.pool();
    // Back to the rows as they were before migration 30: the assignment in Chinese, and one
    // entry of every other sentence the server wrote.
    let (zh_dept,): (String,) =
        sqlx::query_as("SELECT name_zh FROM departments WHERE code = 'urban_management'")
            .fetch_one(pool)
            .await
            .expect("department");
    sqlx::query("DELETE FROM feedback_events WHERE case_id = $1 AND kind <> 'assigned'")
        .bind(id)
        .execute(pool)
        .await
        .expect("clear");
    sqlx::query("UPDATE feedback_events SET body = $2 WHERE case_id = $1")
        .bind(id)
        .bind(format!("已转交{zh_dept}办理。"))
        .execute(pool)
        .await
        .expect("old assignment");
    for (i, (kind, public, body)) in OLD.iter().enumerate() {
        let actor = matches!(*kind, "note").then_some(1_i64);
        sqlx::query(
            "INSERT INTO feedback_events (case_id, at, actor_id, kind, public, status_after, body) \
             VALUES ($1, $2, (SELECT MIN(id) FROM users WHERE $3 = 1), $4, $5, 'assigned', $6)",
        )
        .bind(id)
        .bind(1_790_000_000 + i64::try_from(i).expect("small"))
        .bind(actor.unwrap_or(0))
        .bind(*kind)
        .bind(i64::from(*public))
        .bind(*body)
        .execute(pool)
        .await
        .expect("old entry");
    }
    for sql in [
        "ALTER TABLE feedback_events DROP COLUMN text_code",
        "ALTER TABLE feedback_events DROP COLUMN text_params",
        "DELETE FROM _sqlx_migrations WHERE version = 30",
    ] {
        sqlx::query(sql).execute(pool).await.expect(sql);
    }
    server::migrate(&app.db).await.expect("migration 30 again");

    let events = store::events(&app.db, id, false).await.expect("events");
    let read: Vec<(String, String)> = events
        .iter()
        .map(|e| (e.kind.clone(), e.text(Lang::Zh)))
        .collect();
    let mut want = vec![("assigned".to_owned(), format!("已转交{zh_dept}办理。"))];
    want.extend(
        OLD.iter()
            .map(|(k, _, b)| ((*k).to_owned(), (*b).to_owned())),
    );
    want.iter_mut()
        .filter(|(k, _)| k == "hidden")
        .for_each(|(_, b)| *b = "5 位居民举报，待审核。".into());
    assert_eq!(read, want, "the Chinese reads as it was written");
    let coded = events.iter().filter(|e| e.text_code.is_some()).count();
    assert_eq!(
        coded,
        OLD.len(),
        "every sentence but the staff member's own note"
    );
    let en: Vec<String> = events.iter().map(|e| e.text(Lang::En)).collect();
    let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let english_only = [0, 2, 3, 5, 6, 7, 8, 9, 12];
    for i in english_only {
        assert!(!han(&en[i]), "entry {i} in English: {}", en[i]);
    }
    assert_eq!(en[4], "Rated 4 of 5: 处理得很及时");
    assert_eq!(en[1], "Deadline extended to 2026-10-28: 需要协调物业公司");
}
