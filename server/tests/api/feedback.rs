//! Resident feedback: filing, photos, tracking, every workflow transition, deadlines around
//! holidays (with a fixed clock), privacy per role, scope, rate limits and notifications.
use app::api::{
    Text,
    accounts::Role,
    feedback::{
        CaseCreated, CaseStatus, CategoryList, PublicCase, SimilarList, StaffCase, StaffCaseList,
    },
};
use axum::http::StatusCode;
use jiff::civil::date;
use serde_json::{Value, json};
use server::clock::local_instant;

use CaseStatus::{Accepted, Answered, Assigned, Declined, InProgress, Merged};
use Then::{Is, No};

use crate::helpers::{Client, TestApp};

both_backends!(
    the_catalogue_lists_departments_deadlines_and_questions,
    an_anonymous_case_stores_nothing_identifying,
    bad_submissions_are_refused_with_the_field,
    photos_are_checked_cleaned_and_served_only_with_the_code,
    every_transition_works_and_wrong_ones_are_refused,
    decline_merge_hide_and_reopen,
    deadlines_count_working_days_around_national_day,
    reminders_escalation_and_auto_close_run_on_their_days,
    each_privacy_level_shows_each_role_what_it_should,
    a_committee_member_never_sees_another_communitys_cases,
    handlers_see_only_their_departments_cases,
    submissions_and_code_guessing_are_rate_limited,
    residents_are_notified_and_see_their_own_cases,
    duplicate_hints_and_support,
    the_inbox_filters_by_status_category_region_overdue_and_text,
    a_reply_through_one_instance_shows_on_the_next_view_of_another,
    staff_see_who_is_late_by_department_and_handler,
    a_deleted_accounts_name_reads_in_the_readers_language,
);

const HONGLI: &str = "440304001001";
const OTHER: &str = "440304001002";

pub(crate) fn case_json(title: &str) -> Value {
    json!({
        "kind": "complaint",
        "category": "sanitation",
        "community": HONGLI,
        "place": "红荔路 3 栋楼下垃圾站",
        "title": title,
        "description": "垃圾站的垃圾已经三天没有清运，气味很大，还有老鼠。",
        "privacy": "public_name",
        "answers": {"location_type": "estate"}
    })
}

pub(crate) async fn file(client: &Client<'_>, body: &Value) -> String {
    let res = client.post("/api/v1/feedback", body).await;
    res.assert_status(StatusCode::CREATED);
    res.json::<CaseCreated>().tracking_code
}

pub(crate) async fn case_id(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM feedback_cases WHERE tracking_code = $1")
        .bind(code)
        .fetch_one(app.db.pool())
        .await
        .expect("case id")
}

async fn act(client: &Client<'_>, id: i64, body: Value) -> StaffCase {
    let res = client
        .post(&format!("/api/v1/staff/feedback/{id}/actions"), &body)
        .await;
    res.assert_status(StatusCode::OK);
    res.json()
}

/// A case as staff see it (`GET /api/v1/staff/feedback/{id}`).
pub(crate) async fn staff_case(who: &Client<'_>, id: i64) -> StaffCase {
    let res = who.get(&format!("/api/v1/staff/feedback/{id}")).await;
    res.assert_status(StatusCode::OK);
    res.json()
}

/// A case as the public (or its submitter) sees it by tracking code (`GET /api/v1/feedback/{code}`).
pub(crate) async fn public_case(who: &Client<'_>, code: &str) -> PublicCase {
    let res = who.get(&format!("/api/v1/feedback/{code}")).await;
    res.assert_status(StatusCode::OK);
    res.json()
}

/// What must come of a staff action in a case's story.
#[derive(Debug, Clone, Copy)]
enum Then {
    /// Done: the case is now in this status.
    Is(CaseStatus),
    /// Refused with this HTTP status and error code.
    No(u16, &'static str),
}

/// Plays staff actions on case `id` in order, each checked against what must come of it;
/// answers the case as the last action done left it.
async fn play(id: i64, steps: &[(&Client<'_>, Value, Then)]) -> Option<StaffCase> {
    let mut last = None;
    for (who, body, then) in steps {
        let res = who
            .post(&format!("/api/v1/staff/feedback/{id}/actions"), body)
            .await;
        match *then {
            Then::Is(status) => {
                res.assert_status(StatusCode::OK);
                let c: StaffCase = res.json();
                assert_eq!(c.case.status, status, "{body}");
                last = Some(c);
            }
            Then::No(status, code) => assert_eq!(
                (res.status.as_u16(), res.error_code().as_str()),
                (status, code),
                "{body}"
            ),
        }
    }
    last
}

async fn committee<'a>(app: &'a TestApp, phone: &str, region: &str) -> Client<'a> {
    app.login_as(phone, &[(Role::CommitteeMember, region, None)])
        .await
}

async fn the_catalogue_lists_departments_deadlines_and_questions(app: TestApp) {
    let list: CategoryList = app.get("/api/v1/feedback/categories").await.json();
    assert!(list.items.len() >= 12);
    let sanitation = list
        .items
        .iter()
        .find(|c| c.code == "sanitation")
        .expect("sanitation");
    assert_eq!(sanitation.department.code, "urban_management");
    assert_eq!((sanitation.accept_days, sanitation.answer_days), (2, 10));
    assert_eq!(sanitation.group, "environment");
    assert!(sanitation.keywords.contains(&"垃圾".to_owned()));
    let q = &sanitation.questions[0];
    assert_eq!((q.code.as_str(), q.required), ("location_type", true));
    assert_eq!(q.values.len(), 4);
    let routes = [
        ("employment", "labour"),
        ("public_order", "public_security"),
        ("health_service", "health"),
        ("family_planning", "family_planning"),
        ("education", "education"),
        ("culture", "culture"),
        ("sports", "sports"),
        ("noise_pollution", "environment"),
        ("relief", "civil_affairs"),
        ("property", "housing"),
    ];
    for (cat, dept) in routes {
        let c = list.items.iter().find(|c| c.code == cat).expect(cat);
        assert_eq!(c.department.code, dept, "{cat} routes to {dept}");
    }
    let datatypes: std::collections::BTreeSet<_> = list
        .items
        .iter()
        .flat_map(|c| c.questions.iter().map(|q| q.datatype.as_str()))
        .collect();
    assert_eq!(
        datatypes.len(),
        6,
        "all six datatypes appear: {datatypes:?}"
    );
}

async fn an_anonymous_case_stores_nothing_identifying(app: TestApp) {
    let resident = app.login_as("13900001001", &[]).await;
    let mut body = case_json("垃圾站三天没清运");
    body["privacy"] = json!("anonymous");
    let code = file(&resident, &body).await;
    let row: (Option<i64>, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT submitter_id, contact_name, contact_phone FROM feedback_cases WHERE tracking_code = $1",
    )
    .bind(&code)
    .fetch_one(app.db.pool())
    .await
    .expect("row");
    assert_eq!(row, (None, None, None), "no user id, no name, no phone");
    let stored: String =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS TEXT) FROM rate_limits WHERE key LIKE '%10.%'")
            .fetch_one(app.db.pool())
            .await
            .expect("count");
    assert_eq!(stored, "0", "addresses are never stored in clear");
    let mine: Value = resident.get("/api/v1/me/feedback").await.json();
    assert_eq!(
        mine["items"].as_array().map(Vec::len),
        Some(0),
        "not linked to the account"
    );
    let public: PublicCase = public_case(&app.client(), &code).await;
    assert_eq!(public.submitter_name, None);
    assert_eq!(public.status, CaseStatus::Submitted);
    assert!(!public.can_rate);
    // A visitor without an account files anonymously without giving anything.
    let visitor = app.client();
    file(&visitor, &body).await;
}

async fn bad_submissions_are_refused_with_the_field(app: TestApp) {
    let visitor = app.client();
    let base = case_json("标题");
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "unknown category",
            json!({"category": "weather"}),
            "category_not_found",
            "category",
        ),
        (
            "a district is not a community",
            json!({"community": "440304"}),
            "invalid_feedback_community",
            "community",
        ),
        (
            "empty title",
            json!({"title": "  "}),
            "invalid_title",
            "title",
        ),
        (
            "title too long",
            json!({"title": "长".repeat(101)}),
            "invalid_title",
            "title",
        ),
        (
            "empty description",
            json!({"description": ""}),
            "invalid_description",
            "description",
        ),
        (
            "place missing",
            json!({"place": ""}),
            "invalid_place",
            "place",
        ),
        (
            "latitude without longitude",
            json!({"lat": 22.5}),
            "invalid_coordinates",
            "lng",
        ),
        (
            "latitude out of range",
            json!({"lat": 122.5, "lng": 114.0}),
            "invalid_coordinates",
            "lat",
        ),
        (
            "anonymous with a name",
            json!({"privacy": "anonymous", "contact_name": "张三"}),
            "anonymous_with_contact",
            "contact_name",
        ),
        (
            "named but no name given by a visitor",
            json!({"privacy": "committee_only"}),
            "contact_name_required",
            "contact_name",
        ),
        (
            "bad phone",
            json!({"contact_name": "张三", "contact_phone": "12345"}),
            "invalid_phone",
            "contact_phone",
        ),
        (
            "required question unanswered",
            json!({"contact_name": "张三", "answers": {}}),
            "answer_required",
            "answers.location_type",
        ),
        (
            "answer not in the list",
            json!({"contact_name": "张三", "answers": {"location_type": "moon"}}),
            "invalid_answer",
            "answers.location_type",
        ),
    ];
    for (why, patch, code, field) in cases {
        let mut body = base.clone();
        for (k, v) in patch.as_object().expect("object") {
            body[k] = v.clone();
        }
        let res = visitor.post("/api/v1/feedback", &body).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{why}: {}",
            res.text()
        );
        assert_eq!(res.error_code(), code, "{why}");
        let err: app::api::ErrorBody = res.json();
        assert_eq!(err.error.field.as_deref(), Some(field), "{why}");
    }
    let res = visitor
        .post("/api/v1/feedback", &json!({"kind": "rant"}))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .send_raw(
            axum::http::Method::POST,
            "/api/v1/feedback",
            Some("text/plain"),
            "hello",
        )
        .await;
    res.assert_status(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let count: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM feedback_cases")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(count, 0, "nothing was half-written");
}

const JPEG: &[u8] = include_bytes!("fixtures/gps.jpg");
const PNG: &[u8] = include_bytes!("fixtures/gps.png");
const WEBP: &[u8] = include_bytes!("fixtures/gps.webp");

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn photos_are_checked_cleaned_and_served_only_with_the_code(app: TestApp) {
    let mut body = case_json("楼下垃圾站（附照片）");
    body["contact_name"] = json!("张先生");
    let case = serde_json::to_vec(&body).expect("json");
    let visitor = app.client();
    let res = visitor
        .post_multipart(
            "/api/v1/feedback",
            &[
                ("case", None, "application/json", case.clone()),
                ("photo", Some("a.jpg"), "image/jpeg", JPEG.to_vec()),
                ("photo", Some("b.png"), "image/png", PNG.to_vec()),
                // The declared type is ignored: the bytes decide.
                ("photo", Some("c.jpg"), "image/jpeg", WEBP.to_vec()),
            ],
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let code = res.json::<CaseCreated>().tracking_code;
    let id = case_id(&app, &code).await;
    let stored: Vec<(String, String)> = sqlx::query_as(
        "SELECT file_name, content_type FROM feedback_photos WHERE case_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(app.db.pool())
    .await
    .expect("photos");
    let types: Vec<&str> = stored.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(types, ["image/jpeg", "image/png", "image/webp"]);
    for (name, _) in &stored {
        let bytes: Vec<u8> = sqlx::query_scalar("SELECT data FROM stored_files WHERE name = $1")
            .bind(format!("feedback/{name}"))
            .fetch_one(app.db.pool())
            .await
            .expect("stored in the database");
        assert!(!contains(&bytes, b"LinliTestCam"), "{name}: EXIF removed");
        assert!(!contains(&bytes, b"Exif\0\0"), "{name}: EXIF removed");
        assert!(!contains(&bytes, b"GPSLatitude"), "{name}: XMP removed");
    }
    let public: PublicCase = public_case(&app.client(), &code).await;
    assert_eq!(public.photos.len(), 3);
    let photo = app.client().get(&public.photos[1].url).await;
    photo.assert_status(StatusCode::OK);
    assert_eq!(photo.header("content-type"), Some("image/png"));
    assert_eq!(photo.header("cache-control"), Some("private, max-age=3600"));
    assert!(!contains(&photo.body, b"LinliTestCam"));
    let etag = photo.header("etag").expect("etag").to_owned();
    app.client()
        .send_with(
            axum::http::Method::GET,
            &public.photos[1].url,
            None,
            &[("if-none-match", &etag)],
        )
        .await
        .assert_status(StatusCode::NOT_MODIFIED);
    app.client()
        .get(&format!("/api/v1/feedback/{code}/photos/9"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Staff in scope fetch by id; others get 404.
    let member = committee(&app, "13900002001", HONGLI).await;
    member
        .get(&format!("/api/v1/staff/feedback/{id}/photos/1"))
        .await
        .assert_status(StatusCode::OK);
    let outsider = committee(&app, "13900002002", OTHER).await;
    outsider
        .get(&format!("/api/v1/staff/feedback/{id}/photos/1"))
        .await
        .assert_status(StatusCode::NOT_FOUND);

    refused_photos_are_not_stored(&app, &case).await;
    let res = app
        .client()
        .post_multipart(
            "/api/v1/feedback",
            &[("photo", Some("a.jpg"), "image/jpeg", JPEG.to_vec())],
        )
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "case_part_missing");
    let files: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM stored_files")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(files, 3, "refused uploads leave no files behind");
    assert!(
        !app.config.data_dir.join("uploads").exists(),
        "nothing is written to the local disk"
    );
}

/// Refusals: a GIF or SVG (415), a broken JPEG (422), too many (422), too large (413), an
/// unknown part (422).
async fn refused_photos_are_not_stored(app: &TestApp, case: &[u8]) {
    let refusals: Vec<(
        &str,
        Vec<(&str, Option<&str>, &str, Vec<u8>)>,
        StatusCode,
        &str,
    )> = vec![
        (
            "a GIF",
            vec![(
                "photo",
                Some("x.gif"),
                "image/gif",
                b"GIF89a\x01\x00\x01\x00".to_vec(),
            )],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_photo_type",
        ),
        (
            "an SVG named .jpg",
            vec![(
                "photo",
                Some("x.jpg"),
                "image/jpeg",
                b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
            )],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_photo_type",
        ),
        (
            "a broken JPEG",
            vec![(
                "photo",
                Some("x.jpg"),
                "image/jpeg",
                b"\xFF\xD8\xFF\xE0\x00\x10JFIF".to_vec(),
            )],
            StatusCode::UNPROCESSABLE_ENTITY,
            "photo_unreadable",
        ),
        (
            "six photos",
            (0..6)
                .map(|_| ("photo", Some("a.jpg"), "image/jpeg", JPEG.to_vec()))
                .collect(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_photos",
        ),
        (
            "a photo over 5 MB",
            vec![(
                "photo",
                Some("big.jpg"),
                "image/jpeg",
                [JPEG, &vec![0u8; 5 * 1024 * 1024]].concat(),
            )],
            StatusCode::PAYLOAD_TOO_LARGE,
            "photo_too_large",
        ),
        (
            "an unknown part",
            vec![("video", Some("a.mp4"), "video/mp4", b"xx".to_vec())],
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_form_field",
        ),
    ];
    for (why, photos, status, code) in refusals {
        let mut parts = vec![("case", None, "application/json", case.to_vec())];
        parts.extend(photos);
        let res = app
            .client()
            .post_multipart("/api/v1/feedback", &parts)
            .await;
        assert_eq!(res.status, status, "{why}: {}", res.text());
        assert_eq!(res.error_code(), code, "{why}");
    }
}

async fn every_transition_works_and_wrong_ones_are_refused(app: TestApp) {
    let resident = app.login_as("13900003001", &[]).await;
    let member = committee(&app, "13900003002", HONGLI).await;
    let handler = app
        .login_as(
            "13900003003",
            &[(Role::DepartmentHandler, "440304", Some("urban_management"))],
        )
        .await;
    let code = file(&resident, &case_json("垃圾站满了")).await;
    let id = case_id(&app, &code).await;

    accept_and_route(&member, &handler, &resident, id).await;
    work_and_answer(&handler, id).await;
    public_view_and_rating(&app, &member, &resident, &code, id).await;

    let audit: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'feedback.action' AND subject = $1")
        .bind(format!("feedback:{id}"))
        .fetch_one(app.db.pool())
        .await
        .expect("audit");
    assert_eq!(audit, 7, "every successful staff action is audited");
}

/// Accepting, then routing to a department and a handler, with the refusals on the way.
async fn accept_and_route(
    member: &Client<'_>,
    handler: &Client<'_>,
    resident: &Client<'_>,
    id: i64,
) {
    // Before acceptance, the handler does not reach the case at all.
    handler
        .get(&format!("/api/v1/staff/feedback/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Answering before accepting is the wrong order; assigning goes to the category's
    // department by default (sanitation → urban management).
    #[rustfmt::skip]
    let steps = [
        (member, json!({"action": "answer", "reply": "x"}), No(409, "invalid_transition")),
        (member, json!({"action": "accept", "reply": "已收到，马上安排。"}), Is(Accepted)),
        (member, json!({"action": "accept"}), No(409, "invalid_transition")),
        (member, json!({"action": "assign", "note": "请城管尽快处理"}), Is(Assigned)),
    ];
    let c = play(id, &steps).await.expect("assigned");
    assert!(c.case.answer_due.is_some());
    assert_eq!(
        c.case.department.as_ref().map(|d| d.code.as_str()),
        Some("urban_management")
    );
    // The handler now reaches it, but may not route it elsewhere.
    let hc: StaffCase = staff_case(handler, id).await;
    assert_eq!(hc.actions, ["start", "answer", "note", "extend"]);
    // The handler may not route it elsewhere; the committee overrides the route, then back.
    #[rustfmt::skip]
    let steps = [
        (handler, json!({"action": "assign", "department": "health"}), No(403, "action_not_permitted")),
        (member, json!({"action": "assign", "department": "nope"}), No(422, "department_not_found")),
        (member, json!({"action": "assign", "department": "housing"}), Is(Assigned)),
    ];
    let c = play(id, &steps).await.expect("assigned");
    assert_eq!(
        c.case.department.as_ref().map(|d| d.code.as_str()),
        Some("housing")
    );
    handler
        .get(&format!("/api/v1/staff/feedback/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let handler_id: i64 = handler.user_id().await;
    let c = act(
        member,
        id,
        json!({"action": "assign", "assignee_id": handler_id}),
    )
    .await;
    assert_eq!(c.assignee.as_ref().map(|a| a.id), Some(handler_id));
    assert_eq!(
        c.case.department.as_ref().map(|d| d.code.as_str()),
        Some("urban_management"),
        "the handler's department"
    );
    let resident_id: i64 = resident.user_id().await;
    let resident = json!({"action": "assign", "assignee_id": resident_id});
    play(id, &[(member, resident, No(422, "assignee_not_eligible"))]).await;
}

/// The handler starts, notes and answers; an empty answer is refused.
async fn work_and_answer(handler: &Client<'_>, id: i64) {
    let answer = "垃圾已于今日清运完毕，并增加了每日清运次数。";
    #[rustfmt::skip]
    let steps = [
        (handler, json!({"action": "start", "reply": "已派人到现场查看。"}), Is(InProgress)),
        (handler, json!({"action": "note", "text": "内部：环卫车周三故障"}), Is(InProgress)),
        (handler, json!({"action": "answer", "reply": "  "}), No(422, "reply_required")),
        (handler, json!({"action": "answer", "reply": answer}), Is(Answered)),
    ];
    let c = play(id, &steps).await.expect("answered");
    assert_eq!(c.due_date, None, "no deadline runs after the answer");
}

/// The public view shows the replies only; the submitter alone rates, and a rating closes.
async fn public_view_and_rating(
    app: &TestApp,
    member: &Client<'_>,
    resident: &Client<'_>,
    code: &str,
    id: i64,
) {
    // The public view has the replies, not the internal note.
    let public: PublicCase = public_case(&app.client(), code).await;
    let kinds: Vec<&str> = public.timeline.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "submitted",
            "accepted",
            "assigned",
            "assigned",
            "assigned",
            "started",
            "answered"
        ]
    );
    assert!(
        public.timeline.iter().all(|e| !e.text.contains("内部")),
        "internal notes never leave staff"
    );
    assert!(
        public.timeline.iter().all(|e| e.actor.is_none()),
        "no staff names in public"
    );
    assert!(!public.can_rate, "only the submitter rates a named case");

    // Rating: only the submitter; satisfied closes.
    let res = app
        .client()
        .post(
            &format!("/api/v1/feedback/{code}/rating"),
            &json!({"score": 5}),
        )
        .await;
    res.assert_status(StatusCode::UNAUTHORIZED);
    let res = member
        .post(
            &format!("/api/v1/feedback/{code}/rating"),
            &json!({"score": 5}),
        )
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "rating_owner_only");
    for (score, why) in [(0, "zero"), (6, "six")] {
        let res = resident
            .post(
                &format!("/api/v1/feedback/{code}/rating"),
                &json!({"score": score}),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
    }
    let mine: PublicCase = public_case(resident, code).await;
    assert!(mine.can_rate);
    let rated: PublicCase = resident
        .post(
            &format!("/api/v1/feedback/{code}/rating"),
            &json!({"score": 5, "comment": "处理很快，谢谢！"}),
        )
        .await
        .json();
    assert_eq!(rated.status, CaseStatus::Closed);
    assert_eq!(rated.rating.as_ref().map(|r| r.score), Some(5));
    let res = resident
        .post(
            &format!("/api/v1/feedback/{code}/rating"),
            &json!({"score": 4}),
        )
        .await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "not_rateable");
    let extend = json!({"action": "extend", "days": 2, "reason": "x"});
    play(id, &[(member, extend, No(409, "invalid_transition"))]).await;
}

async fn decline_merge_hide_and_reopen(app: TestApp) {
    let resident = app.login_as("13900004001", &[]).await;
    let member = committee(&app, "13900004002", HONGLI).await;

    // Decline needs a reason, which the resident sees.
    let a = case_id(&app, &file(&resident, &case_json("无关的事")).await).await;
    let why = "该事项属于物业合同纠纷，请通过法律途径解决。";
    #[rustfmt::skip]
    let steps = [
        (&member, json!({"action": "decline", "reason": ""}), No(422, "reason_required")),
        (&member, json!({"action": "decline", "reason": why}), Is(Declined)),
    ];
    let c = play(a, &steps).await.expect("declined");
    assert_eq!(c.case.timeline.last().map(|e| e.text.as_str()), Some(why));

    // Merge a duplicate into an open case: support moves over.
    let keep = case_id(&app, &file(&resident, &case_json("垃圾站满了")).await).await;
    let dup_code = file(&app.client(), &{
        let mut b = case_json("垃圾站又满了");
        b["contact_name"] = json!("王女士");
        b
    })
    .await;
    let dup = case_id(&app, &dup_code).await;
    #[rustfmt::skip]
    let steps = [
        (&member, json!({"action": "merge", "into": dup}), No(422, "merge_into_itself")),
        (&member, json!({"action": "merge", "into": a}), No(422, "merge_target_invalid")),
        (&member, json!({"action": "merge", "into": keep}), Is(Merged)),
    ];
    let c = play(dup, &steps).await.expect("merged");
    assert_eq!(c.merged_into, Some(keep));
    let kept: StaffCase = staff_case(&member, keep).await;
    assert_eq!(kept.case.support_count, 1);
    assert_eq!(kept.merged, [dup]);

    // Hide abusive content: staff still see it, the public does not.
    let rude_code = file(&resident, &case_json("骂人的话 XXX")).await;
    let rude = case_id(&app, &rude_code).await;
    act(
        &member,
        rude,
        json!({"action": "hide", "reason": "含侮辱性语言"}),
    )
    .await;
    let public: PublicCase = public_case(&app.client(), &rude_code).await;
    assert!(!public.title.contains("XXX") && public.description.is_empty());
    let staff: StaffCase = staff_case(&member, rude).await;
    assert!(staff.hidden && staff.case.title.contains("XXX"));
    assert_eq!(
        staff.hidden_reason,
        Some(Text::new("含侮辱性语言", None)),
        "staff's words, as written"
    );
    assert!(staff.actions.contains(&"unhide".to_owned()));
    let shown = act(&member, rude, json!({"action": "unhide"})).await;
    assert_eq!((shown.hidden, shown.hidden_reason), (false, None));

    // Not satisfied reopens with a new answer deadline; a later answer can be rated again.
    let code = file(&resident, &case_json("路灯坏了")).await;
    let id = case_id(&app, &code).await;
    act(&member, id, json!({"action": "accept"})).await;
    act(
        &member,
        id,
        json!({"action": "answer", "reply": "已报修。"}),
    )
    .await;
    let reopened: PublicCase = resident
        .post(
            &format!("/api/v1/feedback/{code}/rating"),
            &json!({"score": 4, "not_satisfied": true, "comment": "还是不亮"}),
        )
        .await
        .json();
    assert_eq!(reopened.status, CaseStatus::InProgress);
    assert_eq!(
        reopened.timeline.last().map(|e| e.kind.as_str()),
        Some("reopened")
    );
    let staff: StaffCase = staff_case(&member, id).await;
    assert_eq!(staff.reopen_count, 1);
    assert!(staff.due_date.is_some());
    act(
        &member,
        id,
        json!({"action": "answer", "reply": "已更换灯具。"}),
    )
    .await;
    let low: PublicCase = resident
        .post(
            &format!("/api/v1/feedback/{code}/rating"),
            &json!({"score": 2}),
        )
        .await
        .json();
    assert_eq!(
        low.status,
        CaseStatus::InProgress,
        "a score of 2 reopens too"
    );
    act(
        &member,
        id,
        json!({"action": "answer", "reply": "已彻底修复线路。"}),
    )
    .await;
    let ok: PublicCase = resident
        .post(
            &format!("/api/v1/feedback/{code}/rating"),
            &json!({"score": 4}),
        )
        .await
        .json();
    assert_eq!(ok.status, CaseStatus::Closed);
}

fn at(y: i16, m: i8, d: i8, h: i8) -> i64 {
    local_instant(date(y, m, d), h, 0)
}

async fn deadlines_count_working_days_around_national_day(app: TestApp) {
    // Filed on Wednesday 30 September 2026, the last working day before National Day.
    let app = app.with_clock(at(2026, 9, 30, 16));
    let member = committee(&app, "13900005002", HONGLI).await;
    let visitor = app.client();
    let mut body = case_json("节前反映");
    body["contact_name"] = json!("陈先生");
    let created: CaseCreated = visitor.post("/api/v1/feedback", &body).await.json();
    assert_eq!(
        created.accept_due, "2026-10-09",
        "2 working days: 8 and 9 October"
    );
    let id = case_id(&app, &created.tracking_code).await;

    // During the holiday nothing is overdue.
    app.move_clock(at(2026, 10, 7, 10)).await;
    let c: StaffCase = staff_case(&member, id).await;
    assert!(!c.case.overdue);
    // The make-up Saturday 10 October is a working day: overdue from then.
    app.move_clock(at(2026, 10, 10, 9)).await;
    let c: StaffCase = staff_case(&member, id).await;
    assert!(c.case.overdue);

    // Accepted late on the make-up Saturday; the answer deadline is 10 working days later.
    let c = act(&member, id, json!({"action": "accept"})).await;
    assert_eq!(c.case.answer_due.as_deref(), Some("2026-10-23"));
    assert!(!c.case.overdue);
    let on_time: Option<i64> =
        sqlx::query_scalar("SELECT accept_on_time FROM feedback_cases WHERE id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .expect("flag");
    assert_eq!(on_time, Some(0), "accepted after its deadline");

    // Extension by 3 working days from Friday 23 October → Wednesday 28 October.
    let extend =
        |days: u32, reason: &str| json!({"action": "extend", "days": days, "reason": reason});
    #[rustfmt::skip]
    let steps = [
        (&member, extend(0, "x"), No(422, "invalid_extension")),
        (&member, extend(3, ""), No(422, "reason_required")),
        (&member, extend(3, "需要协调物业公司"), Is(Accepted)),
    ];
    let c = play(id, &steps).await.expect("extended");
    assert_eq!(c.case.answer_due.as_deref(), Some("2026-10-28"));
    assert!(
        c.case
            .timeline
            .last()
            .is_some_and(|e| e.public && e.text.contains("2026-10-28"))
    );

    // Answered on the deadline day is on time.
    app.move_clock(at(2026, 10, 28, 17)).await;
    act(
        &member,
        id,
        json!({"action": "answer", "reply": "已处理。"}),
    )
    .await;
    let on_time: Option<i64> =
        sqlx::query_scalar("SELECT answer_on_time FROM feedback_cases WHERE id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .expect("flag");
    assert_eq!(on_time, Some(1));

    // Filed on a Sunday before the Spring Festival make-up day and a weekend.
    app.move_clock(at(2026, 11, 29, 12)).await;
    let created: CaseCreated = visitor.post("/api/v1/feedback", &body).await.json();
    assert_eq!(
        created.accept_due, "2026-12-01",
        "Sunday: Monday and Tuesday"
    );
}

async fn reminders_escalation_and_auto_close_run_on_their_days(app: TestApp) {
    // Filed on Thursday 26 November 2026: acceptance due Monday 30 November.
    let app = app.with_clock(at(2026, 11, 26, 9));
    let member = committee(&app, "13900006002", HONGLI).await;
    let street = app
        .login_as("13900006003", &[(Role::CommitteeMember, "440304001", None)])
        .await;
    let district = app
        .login_as("13900006004", &[(Role::Admin, "440304", None)])
        .await;
    let resident = app.login_as("13900006001", &[]).await;
    let code = file(&resident, &case_json("逾期测试")).await;
    let id = case_id(&app, &code).await;
    let state = app.state();
    let run = || server::feedback::tasks::run_once(&state);

    assert_eq!(
        run().await.expect("run"),
        Default::default(),
        "nothing due on Thursday"
    );
    app.move_clock(at(2026, 11, 27, 9)).await; // Friday: the last working day before the deadline
    assert_eq!(run().await.expect("run").reminded, 1);
    assert_eq!(run().await.expect("run").reminded, 0, "once per deadline");
    app.move_clock(at(2026, 12, 1, 9)).await; // Tuesday: one working day late
    assert_eq!(run().await.expect("run").escalated, 1);
    let c: StaffCase = staff_case(&member, id).await;
    assert_eq!(c.escalation_level, 1);
    assert!(c.case.overdue);
    let street_note: Value = street.notifications().await;
    assert!(
        street_note["items"][0]["kind"] == "feedback.escalated",
        "the subdistrict is told"
    );
    let district_note: Value = district.notifications().await;
    assert_eq!(
        district_note["items"].as_array().map(Vec::len),
        Some(0),
        "not yet the district"
    );
    assert_eq!(run().await.expect("run").escalated, 0);
    app.move_clock(at(2026, 12, 3, 9)).await; // Thursday: three working days late
    assert_eq!(run().await.expect("run").escalated, 1);
    let district_note: Value = district.notifications().await;
    assert_eq!(district_note["items"][0]["kind"], "feedback.escalated");
    let public: PublicCase = public_case(&resident, &code).await;
    assert!(
        public
            .timeline
            .iter()
            .all(|e| e.kind != "escalated" && e.kind != "reminded"),
        "internal"
    );

    // Answered on Friday 4 December; unrated, it closes after 7 days.
    app.move_clock(at(2026, 12, 4, 10)).await;
    act(&member, id, json!({"action": "accept"})).await;
    act(
        &member,
        id,
        json!({"action": "answer", "reply": "已处理。"}),
    )
    .await;
    app.move_clock(at(2026, 12, 10, 23)).await;
    assert_eq!(run().await.expect("run").closed, 0, "six days later");
    app.move_clock(at(2026, 12, 11, 0)).await;
    assert_eq!(run().await.expect("run").closed, 1, "seven days later");
    let public: PublicCase = public_case(&resident, &code).await;
    assert_eq!(public.status, CaseStatus::Closed);
    assert!(!public.can_rate);
}

async fn each_privacy_level_shows_each_role_what_it_should(app: TestApp) {
    let member = committee(&app, "13900007002", HONGLI).await;
    let handler = app
        .login_as(
            "13900007003",
            &[(Role::DepartmentHandler, "440304", Some("urban_management"))],
        )
        .await;
    let handler_id: i64 = handler.user_id().await;
    let visitor = app.client();
    for (privacy, public_name, committee_name, handler_sees) in [
        ("public_name", Some("李*英"), Some("李*英"), true),
        ("committee_only", None, Some("李*英"), false),
        ("anonymous", None, None, false),
    ] {
        let mut body = case_json(&format!("隐私 {privacy}"));
        body["privacy"] = json!(privacy);
        if privacy != "anonymous" {
            body["contact_name"] = json!("李秀英");
            body["contact_phone"] = json!("13812345678");
        }
        let code = file(&visitor, &body).await;
        let id = case_id(&app, &code).await;
        let public: PublicCase = public_case(&app.client(), &code).await;
        assert_eq!(
            public.submitter_name.as_deref(),
            public_name,
            "{privacy}: public"
        );
        let c: StaffCase = staff_case(&member, id).await;
        assert_eq!(
            c.contact.name.as_deref(),
            committee_name,
            "{privacy}: committee"
        );
        assert!(!c.contact.unmasked);
        if committee_name.is_some() {
            assert_eq!(
                c.contact.phone.as_deref(),
                Some("138****5678"),
                "{privacy}: masked phone"
            );
        }
        act(&member, id, json!({"action": "accept"})).await;
        act(
            &member,
            id,
            json!({"action": "assign", "assignee_id": handler_id}),
        )
        .await;
        let before: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'personal_data.view'",
        )
        .fetch_one(app.db.pool())
        .await
        .expect("audit");
        let h: StaffCase = staff_case(&handler, id).await;
        let after: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'personal_data.view'",
        )
        .fetch_one(app.db.pool())
        .await
        .expect("audit");
        if handler_sees {
            assert_eq!(
                h.contact.name.as_deref(),
                Some("李秀英"),
                "the assigned handler sees it in full"
            );
            assert_eq!(h.contact.phone.as_deref(), Some("13812345678"));
            assert!(h.contact.unmasked);
            assert_eq!(after, before + 1, "and that view is audit-logged");
        } else {
            assert!(
                h.contact.withheld && h.contact.name.is_none() && h.contact.phone.is_none(),
                "{privacy}: handler"
            );
            assert_eq!(after, before, "nothing shown, nothing logged");
        }
        let staff_list: StaffCaseList = member.get("/api/v1/staff/feedback").await.json();
        let text = serde_json::to_string(&staff_list).expect("json");
        assert!(
            !text.contains("13812345678") && !text.contains("李秀英"),
            "lists carry no contact"
        );
    }
}

async fn a_committee_member_never_sees_another_communitys_cases(app: TestApp) {
    let a = committee(&app, "13900008001", HONGLI).await;
    let b = committee(&app, "13900008002", OTHER).await;
    let mut body = case_json("A 社区的事");
    body["contact_name"] = json!("张三");
    let code = file(&app.client(), &body).await;
    let id = case_id(&app, &code).await;
    let list_a: StaffCaseList = a.get("/api/v1/staff/feedback").await.json();
    assert_eq!(list_a.items.len(), 1);
    let list_b: StaffCaseList = b.get("/api/v1/staff/feedback").await.json();
    assert!(list_b.items.is_empty(), "B's inbox is empty");
    b.get(&format!("/api/v1/staff/feedback/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let res = b
        .post(
            &format!("/api/v1/staff/feedback/{id}/actions"),
            &json!({"action": "accept"}),
        )
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    let res = b
        .get(&format!("/api/v1/staff/feedback?region={HONGLI}"))
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "region_out_of_scope");
    // The subdistrict above both sees it; residents and workstation staff are refused.
    let street = committee(&app, "13900008003", "440304001").await;
    assert_eq!(
        street
            .get("/api/v1/staff/feedback")
            .await
            .json::<StaffCaseList>()
            .items
            .len(),
        1
    );
    let resident = app.login_as("13900008004", &[]).await;
    resident
        .get("/api/v1/staff/feedback")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let ws = app
        .login_as("13900008005", &[(Role::WorkstationStaff, HONGLI, None)])
        .await;
    ws.get("/api/v1/staff/feedback")
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

async fn handlers_see_only_their_departments_cases(app: TestApp) {
    let member = committee(&app, "13900009001", HONGLI).await;
    let urban = app
        .login_as(
            "13900009002",
            &[(Role::DepartmentHandler, "440304", Some("urban_management"))],
        )
        .await;
    let health_far = app
        .login_as(
            "13900009003",
            &[(Role::DepartmentHandler, "440305", Some("urban_management"))],
        )
        .await;
    let mut body = case_json("路边垃圾");
    body["contact_name"] = json!("赵");
    let id = case_id(&app, &file(&app.client(), &body).await).await;
    act(&member, id, json!({"action": "accept"})).await;
    act(&member, id, json!({"action": "assign"})).await;
    assert_eq!(
        urban
            .get("/api/v1/staff/feedback")
            .await
            .json::<StaffCaseList>()
            .items
            .len(),
        1
    );
    assert!(
        health_far
            .get("/api/v1/staff/feedback")
            .await
            .json::<StaffCaseList>()
            .items
            .is_empty(),
        "same department, other district"
    );
    health_far
        .get(&format!("/api/v1/staff/feedback/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn submissions_and_code_guessing_are_rate_limited(app: TestApp) {
    let resident = app.login_as("13900010001", &[]).await;
    for _ in 0..10 {
        file(&resident, &case_json("频繁提交")).await;
    }
    let res = resident
        .post("/api/v1/feedback", &case_json("第十一件"))
        .await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(res.header("retry-after").is_some());
    let guesser = app.client();
    for i in 0..30 {
        let res = guesser
            .get(&format!(
                "/api/v1/feedback/SZ-2026-AAAAAA{:02}",
                22 + i % 10
            ))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
    guesser
        .get("/api/v1/feedback/SZ-2026-AAAAAAAA")
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
}

async fn residents_are_notified_and_see_their_own_cases(app: TestApp) {
    let resident = app.login_as("13900011001", &[]).await;
    let member = committee(&app, "13900011002", HONGLI).await;
    let code = file(&resident, &case_json("通知测试")).await;
    let id = case_id(&app, &code).await;
    let notes: Value = member.notifications().await;
    assert_eq!(notes["items"][0]["kind"], "feedback.submitted");
    assert_eq!(notes["items"][0]["link"], format!("/staff/feedback/{id}"));
    act(&member, id, json!({"action": "accept"})).await;
    act(&member, id, json!({"action": "answer", "reply": "已处理"})).await;
    let notes: Value = resident.notifications().await;
    let kinds: Vec<&str> = notes["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["feedback.answered", "feedback.accepted"]);
    let sms: Vec<(String, String)> =
        sqlx::query_as("SELECT channel, kind FROM notification_outbox")
            .fetch_all(app.db.pool())
            .await
            .expect("outbox");
    assert_eq!(
        sms,
        [("sms".to_owned(), "feedback.answered".to_owned())],
        "the answer also goes by SMS"
    );
    let mine: Value = resident.get("/api/v1/me/feedback").await.json();
    assert_eq!(mine["items"][0]["tracking_code"], code);
    assert_eq!(mine["items"][0]["needs_rating"], true);
    let other = app.login_as("13900011003", &[]).await;
    let theirs: Value = other.get("/api/v1/me/feedback").await.json();
    assert_eq!(theirs["items"].as_array().map(Vec::len), Some(0));
}

async fn duplicate_hints_and_support(app: TestApp) {
    let mut body = case_json("3栋楼下垃圾站垃圾满了没人清理");
    body["contact_name"] = json!("周");
    let code = file(&app.client(), &body).await;
    let id = case_id(&app, &code).await;
    let q = "/api/v1/feedback/similar?category=sanitation&community=440304001001&text=";
    let hits: SimilarList = app
        .get(&format!("{q}{}", urlencode("3栋楼下的垃圾站好几天没清理")))
        .await
        .json();
    assert_eq!(hits.items.len(), 1);
    assert_eq!(hits.items[0].id, id);
    let text = serde_json::to_string(&hits).expect("json");
    assert!(
        !text.contains(&code),
        "hints never reveal the tracking code"
    );
    let none: SimilarList = app
        .get(&format!("{q}{}", urlencode("建议增加健身器材")))
        .await
        .json();
    assert!(none.items.is_empty());
    let other: SimilarList = app
        .get(&format!(
            "/api/v1/feedback/similar?category=noise_pollution&community=440304001001&text={}",
            urlencode("垃圾站")
        ))
        .await
        .json();
    assert!(other.items.is_empty(), "another category");
    let supporter = app.login_as("13900012001", &[]).await;
    let r: Value = supporter
        .post(&format!("/api/v1/feedback/support/{id}"), &json!({}))
        .await
        .json();
    assert_eq!(
        (r["support_count"].as_i64(), r["added"].as_bool()),
        (Some(1), Some(true))
    );
    let r: Value = supporter
        .post(&format!("/api/v1/feedback/support/{id}"), &json!({}))
        .await
        .json();
    assert_eq!(
        (r["support_count"].as_i64(), r["added"].as_bool()),
        (Some(1), Some(false)),
        "once per person"
    );
    app.client()
        .post(&format!("/api/v1/feedback/support/{id}"), &json!({}))
        .await
        .assert_status(StatusCode::OK);
    supporter
        .post("/api/v1/feedback/support/999999", &json!({}))
        .await
        .assert_status(StatusCode::NOT_FOUND);

    // Supporters with an account hear of each step in the app, once per step.
    let member = committee(&app, "13900012002", HONGLI).await;
    act(&member, id, json!({"action": "accept"})).await;
    act(
        &member,
        id,
        json!({"action": "answer", "reply": "已安排环卫今天清运，并增加清运频次。"}),
    )
    .await;
    let inbox: Value = supporter.notifications().await;
    let told: Vec<&str> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|n| n["kind"] == "feedback.supported_progress")
        .map(|n| n["body"]["zh"].as_str().expect("body"))
        .collect();
    assert_eq!(
        told,
        vec![
            "“3栋楼下垃圾站垃圾满了没人清理”已答复。",
            "“3栋楼下垃圾站垃圾满了没人清理”已受理。"
        ],
        "{inbox}"
    );
    // Deleting the account forgets the support's account (the count stays).
    supporter
        .post(
            "/api/v1/me/delete",
            &json!({"password": crate::helpers::PASSWORD}),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let linked: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(user_id) AS BIGINT) FROM feedback_supports WHERE case_id = $1",
    )
    .bind(id)
    .fetch_one(app.db.pool())
    .await
    .expect("supports");
    assert_eq!(linked, 0);
}

async fn a_deleted_accounts_name_reads_in_the_readers_language(app: TestApp) {
    let mut body = case_json("路灯不亮");
    body["contact_name"] = json!("王女士");
    let id = case_id(&app, &file(&app.client(), &body).await).await;
    let leaving = committee(&app, "13900014001", HONGLI).await;
    act(&leaving, id, json!({"action": "accept"})).await;
    leaving
        .post(
            "/api/v1/me/delete",
            &json!({"password": crate::helpers::PASSWORD}),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let reader = committee(&app, "13900014002", HONGLI).await;
    for (lang, want) in [("zh-CN", "已注销用户"), ("en", "Deleted account")] {
        let case: StaffCase = reader
            .get(&format!("/api/v1/staff/feedback/{id}?lang={lang}"))
            .await
            .assert_status(StatusCode::OK)
            .json();
        let actors: Vec<_> = case
            .case
            .timeline
            .iter()
            .filter_map(|e| e.actor.clone())
            .collect();
        assert!(actors.iter().any(|a| a == want), "{lang}: {actors:?}");
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn the_inbox_filters_by_status_category_region_overdue_and_text(app: TestApp) {
    let app = app.with_clock(at(2026, 11, 23, 9));
    let street = committee(&app, "13900013001", "440304001").await;
    let visitor = app.client();
    let mut a = case_json("垃圾站臭味");
    a["contact_name"] = json!("甲");
    let mut b = a.clone();
    b["title"] = json!("楼上噪音扰民");
    b["category"] = json!("noise_pollution");
    b["answers"] = json!({"time_of_day": ["night"]});
    b["community"] = json!(OTHER);
    let code_a = file(&visitor, &a).await;
    let ida = case_id(&app, &code_a).await;
    let idb = case_id(&app, &file(&visitor, &b).await).await;
    act(&street, idb, json!({"action": "accept"})).await;
    app.move_clock(at(2026, 11, 26, 9)).await; // A's acceptance deadline (25 Nov) has passed
    let ids = |l: StaffCaseList| l.items.iter().map(|c| c.id).collect::<Vec<_>>();
    let by_code = format!("q={}", code_a.to_lowercase());
    let filters: [(&str, Vec<i64>); 8] = [
        ("", vec![idb, ida]),
        ("status=submitted", vec![ida]),
        ("status=accepted,submitted", vec![idb, ida]),
        ("category=noise_pollution", vec![idb]),
        ("region=440304001002", vec![idb]),
        ("overdue=true", vec![ida]),
        ("kind=complaint&q=%E5%99%AA%E9%9F%B3", vec![idb]),
        (&by_code, vec![ida]),
    ];
    for (query, want) in filters {
        let list = street.get(&format!("/api/v1/staff/feedback?{query}")).await;
        assert_eq!(ids(list.json()), want, "{query}");
    }
    let page: StaffCaseList = street.get("/api/v1/staff/feedback?limit=1").await.json();
    assert_eq!(ids(page.clone()), [idb]);
    let next = page.next_cursor.expect("cursor");
    assert_eq!(
        ids(street
            .get(&format!("/api/v1/staff/feedback?limit=1&cursor={next}"))
            .await
            .json()),
        [ida]
    );
    for (q, code) in [
        ("status=open", "invalid_status_filter"),
        ("category=weather", "category_not_found"),
        ("kind=rant", "invalid_kind"),
        ("region=999", "region_not_found"),
        ("cursor=zzz", "invalid_cursor"),
    ] {
        let res = street.get(&format!("/api/v1/staff/feedback?{q}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        assert_eq!(res.error_code(), code, "{q}");
    }
    street
        .get("/api/v1/staff/feedback?sort=x")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

mod stats_and_report {
    use super::*;

    both_backends!(statistics_count_the_scope_and_the_report_downloads_as_csv);

    async fn statistics_count_the_scope_and_the_report_downloads_as_csv(app: TestApp) {
        let app = app.with_clock(at(2026, 11, 2, 9));
        let member = committee(&app, "13900014001", HONGLI).await;
        let other = committee(&app, "13900014002", OTHER).await;
        let resident = app.login_as("13900014003", &[]).await;
        let mut codes = Vec::new();
        for (i, kind) in ["complaint", "complaint", "suggestion", "praise"]
            .iter()
            .enumerate()
        {
            let mut b = case_json(&format!("第{i}件：垃圾站"));
            b["kind"] = json!(kind);
            codes.push(file(&resident, &b).await);
        }
        let mut noise = case_json("夜间施工噪音");
        noise["category"] = json!("noise_pollution");
        noise["answers"] = json!({"time_of_day": ["night", "evening"], "days_lasting": "5"});
        codes.push(file(&resident, &noise).await);
        let mut elsewhere = case_json("别的社区");
        elsewhere["community"] = json!(OTHER);
        file(&resident, &elsewhere).await;
        // Two accepted on time (same day), one answered two hours later and rated 5, one
        // answered late and rated 4 after a reopening.
        let ids: Vec<i64> = futures_ids(&app, &codes).await;
        app.move_clock(at(2026, 11, 2, 11)).await;
        act(&member, ids[0], json!({"action": "accept"})).await;
        act(
            &member,
            ids[0],
            json!({"action": "answer", "reply": "已清运"}),
        )
        .await;
        resident
            .post(
                &format!("/api/v1/feedback/{}/rating", codes[0]),
                &json!({"score": 5}),
            )
            .await
            .assert_status(StatusCode::OK);
        app.move_clock(at(2026, 11, 2, 13)).await;
        act(&member, ids[1], json!({"action": "accept"})).await;
        app.move_clock(at(2026, 11, 30, 10)).await;
        act(
            &member,
            ids[1],
            json!({"action": "answer", "reply": "已处理"}),
        )
        .await;
        resident
            .post(
                &format!("/api/v1/feedback/{}/rating", codes[1]),
                &json!({"score": 4}),
            )
            .await
            .assert_status(StatusCode::OK);
        // Accepted late, answered, and reopened by a low rating.
        act(&member, ids[2], json!({"action": "accept"})).await;
        act(
            &member,
            ids[2],
            json!({"action": "answer", "reply": "已记录建议"}),
        )
        .await;
        resident
            .post(
                &format!("/api/v1/feedback/{}/rating", codes[2]),
                &json!({"score": 1}),
            )
            .await
            .assert_status(StatusCode::OK);
        let _ = super::case_id;

        let s: app::api::feedback::FeedbackStats = member
            .get("/api/v1/staff/feedback/stats?from=2026-11-01&to=2026-11-30")
            .await
            .json();
        assert_eq!(
            s.region.code, HONGLI,
            "the member's own community by default"
        );
        assert_eq!(s.total, 5, "the other community's case is not counted");
        let count = |list: &[app::api::feedback::Count], key: &str| {
            list.iter().find(|c| c.key == key).map(|c| c.count)
        };
        assert_eq!(count(&s.by_kind, "complaint"), Some(3));
        assert_eq!(count(&s.by_kind, "praise"), Some(1));
        assert_eq!(
            s.by_kind
                .iter()
                .find(|c| c.key == "praise")
                .map(|c| c.label.zh.as_str()),
            Some("表扬")
        );
        assert_eq!(count(&s.by_category, "sanitation"), Some(4));
        assert_eq!(count(&s.by_category, "noise_pollution"), Some(1));
        assert_eq!(count(&s.by_community, HONGLI), Some(5));
        assert_eq!(
            s.accept_on_time_rate,
            Some(0.667),
            "two of three accepted by 4 November"
        );
        assert_eq!(
            s.answer_on_time_rate,
            Some(0.5),
            "one on time, one late (the reopened one is pending)"
        );
        assert_eq!(s.median_response_hours, Some(4.0), "2 h, 4 h and 673 h");
        assert_eq!(
            (s.rated, s.average_rating, s.satisfied_rate),
            (2, Some(4.5), Some(1.0))
        );
        assert_eq!(s.open, 3);
        assert_eq!(s.overdue, 2, "two left unaccepted past 4 November");
        assert_eq!(s.monthly.len(), 1);
        assert_eq!((s.monthly[0].submitted, s.monthly[0].answered), (5, 3));
        assert_eq!(s.weekly[0].period, "2026-W45");
        let res = other
            .get(&format!("/api/v1/staff/feedback/stats?region={HONGLI}"))
            .await;
        res.assert_status(StatusCode::FORBIDDEN);
        let street = committee(&app, "13900014004", "440304001").await;
        let s: app::api::feedback::FeedbackStats = street
            .get("/api/v1/staff/feedback/stats?from=2026-11-01&to=2026-11-30")
            .await
            .json();
        assert_eq!(s.total, 6, "the subdistrict counts both communities");
        for (q, code) in [
            ("from=2026-12-01&to=2026-11-01", "invalid_range"),
            ("from=x", "invalid_date"),
        ] {
            let res = member
                .get(&format!("/api/v1/staff/feedback/stats?{q}"))
                .await;
            assert_eq!(res.error_code(), code, "{q}");
        }

        report_and_csv(&member, ids[2]).await;
    }

    /// The periodic opinion report for the committee, by month and quarter, and as CSV.
    async fn report_and_csv(member: &Client<'_>, reopened: i64) {
        let r: app::api::feedback::OpinionReport = member
            .get("/api/v1/staff/feedback/report?period=2026-11")
            .await
            .json();
        assert_eq!(r.stats.total, 5);
        assert_eq!(r.top_issues[0].category.code, "sanitation");
        assert_eq!(r.top_issues[0].count, 4);
        assert!(r.notable.iter().any(|n| n.reason == "praise"));
        assert!(r.notable.iter().any(|n| n.reason == "overdue"));
        assert!(
            r.notable
                .iter()
                .any(|n| n.reason == "reopened" && n.id == reopened)
        );
        let q: app::api::feedback::OpinionReport = member
            .get("/api/v1/staff/feedback/report?period=2026-Q4")
            .await
            .json();
        assert_eq!(
            (q.stats.from.as_str(), q.stats.to.as_str()),
            ("2026-10-01", "2026-12-31")
        );
        let res = member
            .get("/api/v1/staff/feedback/report?period=2026-13")
            .await;
        assert_eq!(res.error_code(), "invalid_period");

        let csv = member
            .get("/api/v1/staff/feedback/report.csv?period=2026-11")
            .await;
        csv.assert_status(StatusCode::OK);
        assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
        assert!(
            csv.header("content-disposition")
                .is_some_and(|d| d.contains("linli-feedback-440304001001-2026-11.csv"))
        );
        let text = csv.text();
        assert!(
            text.starts_with('\u{feff}'),
            "byte-order mark for spreadsheets"
        );
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "section,key,label,value");
        assert!(lines.contains(&"figures,total,意见总数,5"));
        assert!(lines.contains(&"figures,answer_on_time_rate,按时办结率,50.0%"));
        assert!(lines.contains(&"by_category,sanitation,环境卫生与市容,4"));
        assert!(lines.iter().any(|l| l.starts_with("top_issue,sanitation,")));
        for line in &lines {
            assert_eq!(parse_csv_line(line).len(), 4, "four fields: {line}");
        }
        let statuses: Vec<Vec<String>> = lines
            .iter()
            .filter(|l| l.starts_with("by_status,"))
            .map(|l| parse_csv_line(l))
            .collect();
        assert!(!statuses.is_empty());
        assert!(
            statuses.iter().all(|f| f[1] != f[2]),
            "statuses have labels, not codes: {statuses:?}"
        );
        // In English, every label is English; the rows are the same.
        let en = member
            .send_with(
                axum::http::Method::GET,
                "/api/v1/staff/feedback/report.csv?period=2026-11",
                None,
                &[("accept-language", "en")],
            )
            .await
            .text();
        let en_lines: Vec<&str> = en.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(en_lines.len(), lines.len());
        assert!(en_lines.contains(&"figures,total,Cases,5"));
        assert!(en_lines.contains(&"figures,answer_on_time_rate,Answered on time,50.0%"));
        for line in en_lines
            .iter()
            .filter(|l| l.starts_with("figures,") || l.starts_with("by_status,"))
        {
            assert!(line.is_ascii(), "English label: {line}");
        }
    }

    async fn futures_ids(app: &TestApp, codes: &[String]) -> Vec<i64> {
        let mut ids = Vec::new();
        for c in codes {
            ids.push(case_id(app, c).await);
        }
        ids
    }

    /// A small RFC 4180 reader for the test (quoted fields with doubled quotes).
    fn parse_csv_line(line: &str) -> Vec<String> {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut cur)),
                (c, _) => cur.push(c),
            }
        }
        fields.push(cur);
        fields
    }
}

mod personal_data {
    use super::*;

    both_backends!(export_lists_own_cases_and_deletion_unlinks_them);

    async fn export_lists_own_cases_and_deletion_unlinks_them(app: TestApp) {
        let resident = app.login_as("13900015001", &[]).await;
        let mut body = case_json("导出测试");
        body["contact_phone"] = json!("13900015001");
        let code = file(&resident, &body).await;
        let mut anon = case_json("匿名的不在导出中");
        anon["privacy"] = json!("anonymous");
        file(&resident, &anon).await;
        let export: Value = resident.get("/api/v1/me/export").await.json();
        let cases = export["feedback"].as_array().expect("feedback");
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0]["tracking_code"], code);
        assert_eq!(cases[0]["contact_phone"], "13900015001");
        resident
            .post(
                "/api/v1/me/delete",
                &json!({"password": crate::helpers::PASSWORD}),
            )
            .await
            .assert_status(StatusCode::NO_CONTENT);
        let row: (Option<i64>, Option<String>) = sqlx::query_as(
            "SELECT submitter_id, contact_phone FROM feedback_cases WHERE tracking_code = $1",
        )
        .bind(&code)
        .fetch_one(app.db.pool())
        .await
        .expect("row");
        assert_eq!(row, (None, None), "the case stays, the person goes");
    }
}

mod demo {
    use super::*;

    both_backends!(the_demo_seed_fills_every_state_once);

    async fn the_demo_seed_fills_every_state_once(app: TestApp) {
        server::seed::demo(&app.db, app.config.clock.now())
            .await
            .expect("demo");
        server::seed::demo(&app.db, app.config.clock.now())
            .await
            .expect("demo again");
        let states: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, CAST(COUNT(*) AS BIGINT) FROM feedback_cases GROUP BY status ORDER BY status",
        )
        .fetch_all(app.db.pool())
        .await
        .expect("states");
        let names: Vec<&str> = states.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            names,
            [
                "accepted",
                "answered",
                "assigned",
                "closed",
                "declined",
                "in_progress",
                "submitted"
            ]
        );
        let total: i64 = states.iter().map(|(_, n)| n).sum();
        assert_eq!(total, 17, "seeding twice adds nothing");
        let member = app.client();
        member
            .login("13800000002", server::seed::DEMO_PASSWORD)
            .await
            .assert_status(StatusCode::OK);
        let overdue: StaffCaseList = member
            .get("/api/v1/staff/feedback?overdue=true")
            .await
            .json();
        assert!(!overdue.items.is_empty(), "some demo cases are overdue");
        let resident = app.client();
        resident
            .login("13800000001", server::seed::DEMO_PASSWORD)
            .await
            .assert_status(StatusCode::OK);
        let mine: Value = resident.get("/api/v1/me/feedback").await.json();
        assert_eq!(mine["items"].as_array().map(Vec::len), Some(1));
    }
}

mod templates {
    use super::*;

    both_backends!(committee_members_keep_reply_templates_for_their_region);

    async fn committee_members_keep_reply_templates_for_their_region(app: TestApp) {
        let member = committee(&app, "13900016001", HONGLI).await;
        let other = committee(&app, "13900016002", OTHER).await;
        let handler = app
            .login_as(
                "13900016003",
                &[(Role::DepartmentHandler, "440304", Some("civil_affairs"))],
            )
            .await;
        let res = member
            .post("/api/v1/staff/feedback/templates", &json!({"title": "已清运", "body": "垃圾已清运完毕。", "region": HONGLI, "category": "sanitation"}))
            .await;
        res.assert_status(StatusCode::CREATED);
        let id = res.json::<Value>()["id"].as_i64().expect("id");
        for (who, body, code) in [
            (
                &member,
                json!({"title": "", "body": "x", "region": HONGLI}),
                "invalid_template_title",
            ),
            (
                &member,
                json!({"title": "x", "body": "", "region": HONGLI}),
                "invalid_template_body",
            ),
            (
                &member,
                json!({"title": "x", "body": "y", "region": OTHER}),
                "region_out_of_scope",
            ),
            (
                &handler,
                json!({"title": "x", "body": "y", "region": "440304"}),
                "forbidden",
            ),
            (
                &member,
                json!({"title": "x", "body": "y", "region": HONGLI, "category": "weather"}),
                "category_not_found",
            ),
        ] {
            assert_eq!(
                who.post("/api/v1/staff/feedback/templates", &body)
                    .await
                    .error_code(),
                code
            );
        }
        let mine: Value = member.get("/api/v1/staff/feedback/templates").await.json();
        assert_eq!(mine["items"][0]["category"], "sanitation");
        let theirs: Value = other.get("/api/v1/staff/feedback/templates").await.json();
        assert_eq!(
            theirs["items"].as_array().map(Vec::len),
            Some(0),
            "not a neighbour's templates"
        );
        other
            .delete(&format!("/api/v1/staff/feedback/templates/{id}"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        member
            .delete(&format!("/api/v1/staff/feedback/templates/{id}"))
            .await
            .assert_status(StatusCode::NO_CONTENT);
    }
}

/// Case pages are kept in memory by each instance: a reply through one instance shows on the
/// very next view of the tracking code through another that kept the page.
async fn a_reply_through_one_instance_shows_on_the_next_view_of_another(app: TestApp) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let resident = app.login_as("13900003101", &[]).await;
    let member = committee(&app, "13900003102", HONGLI).await;
    let code = file(&resident, &case_json("楼道灯坏了")).await;
    let id = case_id(&app, &code).await;
    let b_dir = tempfile::tempdir().expect("dir");
    let (b_db, b) = app
        .instance(&app.config.database_url, b_dir.path().to_path_buf())
        .await;
    let view = || async {
        let res = b
            .clone()
            .oneshot(
                axum::http::Request::get(format!("/api/v1/feedback/{code}"))
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await
            .expect("response");
        assert_eq!(res.status(), StatusCode::OK);
        let body = res.into_body().collect().await.expect("body").to_bytes();
        serde_json::from_slice::<Value>(&body).expect("json")
    };
    let before = view().await;
    assert_eq!(view().await, before, "kept and served again");
    act(
        &member,
        id,
        json!({"action": "accept", "reply": "已收到，今天安排电工。"}),
    )
    .await;
    let after = view().await;
    assert_eq!(after["status"], json!("accepted"));
    assert!(
        after["timeline"].to_string().contains("今天安排电工"),
        "the reply is on B's next view: {}",
        after["timeline"]
    );
    b_db.close().await;
}

async fn staff_see_who_is_late_by_department_and_handler(app: TestApp) {
    use app::api::feedback::Accountability;
    let resident = app.login_as("13900004001", &[]).await;
    let member = committee(&app, "13900004002", HONGLI).await;
    let handler = app
        .login_as(
            "13900004003",
            &[(Role::DepartmentHandler, "440304", Some("urban_management"))],
        )
        .await;
    let outsider = committee(&app, "13900004004", OTHER).await;
    let mut ids = Vec::new();
    for title in ["垃圾站满了", "路灯坏了", "楼道堆物"] {
        ids.push(case_id(&app, &file(&resident, &case_json(title)).await).await);
    }
    let handler_id: i64 = handler.user_id().await;
    act(&member, ids[0], json!({"action": "accept"})).await;
    act(
        &member,
        ids[0],
        json!({"action": "assign", "assignee_id": handler_id}),
    )
    .await;
    act(&member, ids[1], json!({"action": "accept"})).await;
    // The second case missed its deadline long ago.
    sqlx::query("UPDATE feedback_cases SET due_date = '2026-01-05' WHERE id = $1")
        .bind(ids[1])
        .execute(app.db.pool())
        .await
        .expect("overdue");

    let seen: Accountability = member
        .get("/api/v1/staff/feedback/accountability")
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(seen.region.code, HONGLI);
    assert_eq!(seen.rows.len(), 2, "{seen:?}");
    let committee_row = &seen.rows[0];
    assert_eq!(
        (
            committee_row.department.as_ref(),
            committee_row.handler.as_deref(),
            committee_row.cases,
            committee_row.open,
            committee_row.overdue
        ),
        (None, None, 2, 2, 1),
        "the most overdue first: the committee's own cases"
    );
    assert_eq!(committee_row.open_by_age.up_to_3_days, 2);
    let handler_row = &seen.rows[1];
    assert_eq!(
        handler_row.department.as_ref().map(|d| d.code.as_str()),
        Some("urban_management")
    );
    assert_eq!(
        (
            handler_row.handler.as_deref(),
            handler_row.cases,
            handler_row.open
        ),
        (Some("测试用户"), 1, 1)
    );
    assert_eq!(handler_row.accept_on_time_rate, Some(1.0));
    assert_eq!(seen.overdue.len(), 1);
    assert_eq!(
        (
            seen.overdue[0].id,
            seen.overdue[0].title.as_str(),
            seen.overdue[0].due_date.as_str()
        ),
        (ids[1], "路灯坏了", "2026-01-05")
    );
    assert!(seen.overdue[0].days_overdue > 300);

    // A handler sees the cases of their department only; another community sees nothing here.
    let own: Accountability = handler
        .get("/api/v1/staff/feedback/accountability?region=440304")
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(own.rows.len(), 1, "{own:?}");
    assert!(own.overdue.is_empty());
    let refused = outsider
        .get(&format!(
            "/api/v1/staff/feedback/accountability?region={HONGLI}"
        ))
        .await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(refused.error_code(), "region_out_of_scope");
    resident
        .get("/api/v1/staff/feedback/accountability")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let bad = member
        .get("/api/v1/staff/feedback/accountability?from=yesterday")
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.error_code(), "invalid_date");

    let csv = member
        .get("/api/v1/staff/feedback/accountability.csv")
        .await
        .assert_status(StatusCode::OK)
        .text();
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert!(lines[0].starts_with("\u{feff}department_code,department,handler,cases,open,overdue"));
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1], ",居委会,,2,2,1,100.0,,2,0,0,0");
    assert_eq!(
        lines[2],
        "urban_management,城管部门,测试用户,1,1,0,100.0,,1,0,0,0"
    );
}
