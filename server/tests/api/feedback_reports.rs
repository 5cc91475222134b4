//! A community's public reports: what neighbours have reported, newest first and by status,
//! with the public timeline; never a name, contact, tracking code, internal note or a fully
//! anonymous case; support (+1) from the list.
use app::api::{
    accounts::Role,
    feedback::{CaseStatus, PublicReportList},
};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Client, TestApp};

both_backends!(
    public_reports_list_a_communitys_cases_without_personal_data,
    public_reports_filter_by_status_and_page,
    bad_report_queries_are_refused_with_a_code,
);

const HONGLI: &str = "440304001001";
const OTHER: &str = "440304001002";

fn case(title: &str, privacy: &str, community: &str) -> Value {
    json!({
        "kind": "complaint",
        "category": "employment",
        "community": community,
        "place": "红荔路 3 栋 502",
        "title": title,
        "description": "招聘会信息没有张贴，请回电13812345678。",
        "privacy": privacy,
        "contact_name": if privacy == "anonymous" { Value::Null } else { json!("李秀英") },
        "contact_phone": if privacy == "anonymous" { Value::Null } else { json!("13912345678") },
    })
}

async fn file(client: &Client<'_>, body: &Value) -> (i64, String) {
    let res = client.post("/api/v1/feedback", body).await;
    res.assert_status(StatusCode::CREATED);
    let v: Value = res.json();
    (
        v["id"].as_i64().unwrap_or_default(),
        v["tracking_code"].as_str().expect("code").to_owned(),
    )
}

async fn id_of(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM feedback_cases WHERE tracking_code = $1")
        .bind(code)
        .fetch_one(app.db.pool())
        .await
        .expect("id")
}

async fn reports(app: &TestApp, query: &str) -> PublicReportList {
    let res = app.get(&format!("/api/v1/feedback/reports?{query}")).await;
    res.assert_status(StatusCode::OK);
    res.json()
}

async fn public_reports_list_a_communitys_cases_without_personal_data(app: TestApp) {
    let visitor = app.client();
    let (_, shown_code) = file(&visitor, &case("招聘信息没有公示", "public_name", HONGLI)).await;
    let (_, committee_code) = file(
        &visitor,
        &case("社保窗口排队太久", "committee_only", HONGLI),
    )
    .await;
    let (_, anonymous_code) = file(&visitor, &case("匿名反映的问题", "anonymous", HONGLI)).await;
    file(&visitor, &case("另一个社区的问题", "public_name", OTHER)).await;
    let shown = id_of(&app, &shown_code).await;
    let member = app
        .login_as("13900040001", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    member
        .post(
            &format!("/api/v1/staff/feedback/{shown}/actions"),
            &json!({"action": "accept", "reply": "已受理，将通知招聘单位张贴。"}),
        )
        .await
        .assert_status(StatusCode::OK);
    member
        .post(
            &format!("/api/v1/staff/feedback/{shown}/actions"),
            &json!({"action": "note", "text": "内部：联系人李秀英，电话13912345678"}),
        )
        .await
        .assert_status(StatusCode::OK);

    let list = reports(&app, &format!("community={HONGLI}")).await;
    assert_eq!(list.community.code, HONGLI);
    let titles: Vec<&str> = list.items.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        titles,
        ["社保窗口排队太久", "招聘信息没有公示"],
        "newest first; no anonymous case, no other community"
    );
    let item = &list.items[1];
    assert_eq!(item.id, shown);
    assert_eq!(item.status, CaseStatus::Accepted);
    let kinds: Vec<&str> = item.timeline.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, ["submitted", "accepted"], "no internal note");
    assert_eq!(item.timeline[1].text, "已受理，将通知招聘单位张贴。");
    assert!(item.timeline.iter().all(|t| t.public && t.actor.is_none()));
    assert_eq!(item.description, "招聘会信息没有张贴，请回电*********78。");
    assert_eq!(item.place, "红荔路 3 栋 502", "short numbers say where");
    let text = serde_json::to_string(&list).expect("json");
    for secret in [
        "李",
        "13912345678",
        "13812345678",
        "5678",
        shown_code.as_str(),
        committee_code.as_str(),
        anonymous_code.as_str(),
        "内部",
    ] {
        assert!(!text.contains(secret), "{secret} is not public: {text}");
    }

    // Support from the list: +1 once per person, shown at once.
    let neighbour = app.login_as("13900040002", &[]).await;
    let r: Value = neighbour
        .post(&format!("/api/v1/feedback/support/{shown}"), &json!({}))
        .await
        .json();
    assert_eq!(r["support_count"], json!(1));
    let list = reports(&app, &format!("community={HONGLI}")).await;
    assert_eq!(list.items[1].support_count, 1);
}

async fn public_reports_filter_by_status_and_page(app: TestApp) {
    let visitor = app.client();
    let mut ids = Vec::new();
    for i in 0..5 {
        let (_, code) = file(&visitor, &case(&format!("问题{i}"), "public_name", HONGLI)).await;
        ids.push(id_of(&app, &code).await);
    }
    let member = app
        .login_as("13900040003", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    member
        .post(
            &format!("/api/v1/staff/feedback/{}/actions", ids[0]),
            &json!({"action": "decline", "reason": "不属于社区职责范围，请拨打12345。"}),
        )
        .await
        .assert_status(StatusCode::OK);
    let open = reports(&app, &format!("community={HONGLI}&status=open")).await;
    assert_eq!(open.items.len(), 4);
    assert!(open.items.iter().all(|r| r.status.is_open()));
    let closed = reports(&app, &format!("community={HONGLI}&status=closed")).await;
    assert_eq!(
        closed.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [ids[0]]
    );
    assert_eq!(
        closed.items[0].timeline.last().map(|t| t.text.as_str()),
        Some("不属于社区职责范围，请拨打12345。")
    );
    let first = reports(&app, &format!("community={HONGLI}&limit=2")).await;
    assert_eq!(
        first.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [ids[4], ids[3]]
    );
    let cursor = first.next_cursor.expect("more");
    let second = reports(&app, &format!("community={HONGLI}&limit=2&cursor={cursor}")).await;
    assert_eq!(
        second.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [ids[2], ids[1]]
    );
}

async fn bad_report_queries_are_refused_with_a_code(app: TestApp) {
    for (query, status, code, why) in [
        ("", StatusCode::BAD_REQUEST, "", "no community"),
        (
            "community=440304",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_feedback_community",
            "a district",
        ),
        (
            "community=nowhere",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_feedback_community",
            "unknown",
        ),
        (
            "community=440304001001&status=maybe",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_status_filter",
            "status",
        ),
        (
            "community=440304001001&limit=0",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_limit",
            "limit",
        ),
        (
            "community=440304001001&cursor=%%%",
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
            "cursor",
        ),
        (
            "community=440304001001&name=x",
            StatusCode::BAD_REQUEST,
            "",
            "unknown parameter",
        ),
    ] {
        let res = app.get(&format!("/api/v1/feedback/reports?{query}")).await;
        assert!(
            res.status == status || (code.is_empty() && res.status.is_client_error()),
            "{why}: {} {}",
            res.status,
            res.text()
        );
        if !code.is_empty() {
            assert_eq!(res.error_code(), code, "{why}");
        }
    }
}
