//! Volunteers and the time bank (issue 20): approval, shift sign-up limits, the rules for
//! confirming hours, ledger corrections, the time-bank transfer (concurrent debits of one
//! balance never go below the floor), certificates and their public verification, the privacy
//! of a requester's contact, scope and roles.
use app::api::{
    accounts::Role,
    volunteers::{
        BankEntry, Certificate, HelpRequest, HelpRequestList, HelpStatus, HoursEntry, MyVolunteer,
        Opportunity, OpportunityList, ShiftRoster, StaffVolunteer, StaffVolunteerList,
        VolunteerProfile, VolunteerReport, VolunteerStatus,
    },
};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::{
    booking::at,
    helpers::{Client, NOW, TestApp},
};

both_backends!(
    at NOW;
    a_resident_applies_is_approved_serves_and_earns_hours,
    shift_sign_up_has_limits,
    hours_are_confirmed_only_by_the_rules,
    corrections_are_new_lines_and_the_ledger_is_append_only,
    concurrent_debits_never_take_a_balance_below_the_floor,
    a_help_request_moves_hours_and_its_contact_stays_private,
    certificates_are_verified_publicly,
    social_workers_act_only_in_their_region,
    the_demo_has_shifts_and_a_social_worker,
    a_social_workers_action_is_not_kept_without_its_audit_entry,
);

const HONGLI: &str = "440304001001";

async fn social_worker(app: &TestApp) -> Client<'_> {
    app.login_as("13900000070", &[(Role::SocialWorker, "440304001", None)])
        .await
}

/// An approved volunteer of 红荔社区 with these skills: (client, volunteer id).
async fn volunteer<'a>(
    app: &'a TestApp,
    sw: &Client<'_>,
    phone: &str,
    skills: &[&str],
) -> (Client<'a>, i64) {
    let c = app.login_as(phone, &[]).await;
    let res = c
        .post(
            "/api/v1/me/volunteer",
            &json!({"skills": skills, "languages": ["普通话"], "availability": "周末",
                    "communities": [HONGLI]}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let id = res.json::<VolunteerProfile>().id;
    sw.post(
        &format!("/api/v1/staff/volunteers/{id}/approve"),
        &json!({}),
    )
    .await
    .assert_status(StatusCode::OK);
    (c, id)
}

/// A shift in 红荔 `days` after today from `hour` for `hours` hours.
fn shift(title: &str, days: i64, hour: u32, hours: u32, slots: u32, skills: &[&str]) -> Value {
    json!({
        "community": HONGLI, "title": title, "place": "红荔社区长者饭堂",
        "starts_at": at(days, hour), "ends_at": at(days, hour + hours), "slots": slots,
        "skills": skills,
    })
}

async fn post_shift(sw: &Client<'_>, body: &Value) -> i64 {
    let res = sw.post("/api/v1/staff/opportunities", body).await;
    res.assert_status(StatusCode::CREATED);
    res.json::<Opportunity>().id
}

async fn sign_up(v: &Client<'_>, id: i64) -> crate::helpers::TestResponse {
    v.post(&format!("/api/v1/opportunities/{id}/signup"), &json!({}))
        .await
}

async fn roster(sw: &Client<'_>, id: i64) -> ShiftRoster {
    let res = sw
        .get(&format!("/api/v1/staff/opportunities/{id}/signups"))
        .await;
    res.assert_status(StatusCode::OK);
    res.json()
}

async fn mine(c: &Client<'_>) -> MyVolunteer {
    let res = c.get("/api/v1/me/volunteer").await;
    res.assert_status(StatusCode::OK);
    res.json()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.db.pool())
        .await
        .expect("count")
}

async fn a_resident_applies_is_approved_serves_and_earns_hours(app: TestApp) {
    let sw = social_worker(&app).await;
    let resident = app.login_as("13900000071", &[]).await;
    assert!(mine(&resident).await.profile.is_none());
    let res = resident
        .post(
            "/api/v1/me/volunteer",
            &json!({"skills": ["meals", "companionship"], "languages": ["普通话", "粤语"],
                    "availability": "周末上午", "communities": [HONGLI]}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let profile: VolunteerProfile = res.json();
    assert_eq!(profile.status, VolunteerStatus::Pending);

    let id = post_shift(&sw, &shift("长者饭堂助餐", 1, 11, 2, 3, &["meals"])).await;
    // Not yet approved: no sign-up.
    let refused = sign_up(&resident, id).await;
    refused.assert_status(StatusCode::CONFLICT);
    assert_eq!(refused.error_code(), "volunteer_not_approved");

    let pending = sw
        .get("/api/v1/staff/volunteers?status=pending")
        .await
        .json::<StaffVolunteerList>();
    let listed = pending
        .items
        .iter()
        .find(|v| v.id == profile.id)
        .expect("listed");
    assert_eq!(listed.phone, "139****0071", "phones are masked");
    let approved = sw
        .post(
            &format!("/api/v1/staff/volunteers/{}/approve", profile.id),
            &json!({}),
        )
        .await;
    approved.assert_status(StatusCode::OK);
    assert_eq!(
        approved.json::<StaffVolunteer>().profile.status,
        VolunteerStatus::Approved
    );
    let again = sw
        .post(
            &format!("/api/v1/staff/volunteers/{}/approve", profile.id),
            &json!({}),
        )
        .await;
    again.assert_status(StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "volunteer_not_pending");

    sign_up(&resident, id)
        .await
        .assert_status(StatusCode::CREATED);
    let r = roster(&sw, id).await;
    assert_eq!(r.opportunity.taken, 1);
    let signup = r.items[0].signup_id;

    // The day of the shift: checked in at 10:55, out at 12:50.
    app.move_clock(NOW + 86_400 + 3600).await;
    let check = |action: &str, t: &str| json!({"signup_id": signup, "action": action, "at": format!("{}T{t}:00+08:00", crate::booking::day(1))});
    sw.post(
        &format!("/api/v1/staff/opportunities/{id}/checkins"),
        &check("in", "10:55"),
    )
    .await
    .assert_status(StatusCode::OK);
    app.move_clock(NOW + 86_400 + 3 * 3600).await;
    sw.post(
        &format!("/api/v1/staff/opportunities/{id}/checkins"),
        &check("out", "12:50"),
    )
    .await
    .assert_status(StatusCode::OK);
    let confirmed = sw
        .post(
            &format!("/api/v1/staff/opportunities/{id}/attendance"),
            &json!({"signup_id": signup}),
        )
        .await;
    confirmed.assert_status(StatusCode::CREATED);
    assert_eq!(confirmed.json::<HoursEntry>().minutes, 115);
    let twice = sw
        .post(
            &format!("/api/v1/staff/opportunities/{id}/attendance"),
            &json!({"signup_id": signup}),
        )
        .await;
    twice.assert_status(StatusCode::CONFLICT);
    assert_eq!(twice.error_code(), "hours_already_confirmed");

    let me = mine(&resident).await;
    assert_eq!(me.confirmed_minutes, 115);
    assert_eq!(me.balance_minutes, 115, "confirmed hours earn credit");
    assert_eq!(me.hours.len(), 1);
    assert_eq!(me.bank.len(), 1);
    assert_eq!(me.stars.next_in_minutes, Some(100 * 60 - 115));
    let kinds: Vec<String> = resident
        .get("/api/v1/me/notifications")
        .await
        .json::<Value>()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|n| n["kind"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        kinds.contains(&"volunteer.approved".to_owned()),
        "{kinds:?}"
    );
    assert!(kinds.contains(&"volunteer.hours".to_owned()), "{kinds:?}");
    assert!(
        count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'volunteer.hours_confirmed'").await == 1
    );

    let report = sw
        .get("/api/v1/staff/volunteers/report?month=2026-11")
        .await;
    report.assert_status(StatusCode::OK);
    let report: VolunteerReport = report.json();
    assert_eq!(report.figures.minutes, 115);
    assert_eq!(report.figures.active, 1);
    assert_eq!(report.communities[0].minutes, 115);
}

async fn shift_sign_up_has_limits(app: TestApp) {
    let sw = social_worker(&app).await;
    let (a, _) = volunteer(&app, &sw, "13900000072", &["meals"]).await;
    let (b, _) = volunteer(&app, &sw, "13900000073", &["repair"]).await;
    let one_place = post_shift(&sw, &shift("送餐", 2, 9, 2, 1, &[])).await;
    let overlapping = post_shift(&sw, &shift("助餐", 2, 10, 2, 5, &["meals"])).await;
    let repairs = post_shift(&sw, &shift("家电维修", 3, 9, 2, 5, &["repair"])).await;

    sign_up(&a, one_place)
        .await
        .assert_status(StatusCode::CREATED);
    let twice = sign_up(&a, one_place).await;
    twice.assert_status(StatusCode::CONFLICT);
    assert_eq!(twice.error_code(), "already_on_shift");
    let full = sign_up(&b, one_place).await;
    full.assert_status(StatusCode::CONFLICT);
    assert_eq!(full.error_code(), "opportunity_full");
    let overlap = sign_up(&a, overlapping).await;
    overlap.assert_status(StatusCode::CONFLICT);
    assert_eq!(overlap.error_code(), "shift_overlap");
    let skill = sign_up(&a, repairs).await;
    skill.assert_status(StatusCode::CONFLICT);
    assert_eq!(skill.error_code(), "skill_mismatch");

    // Withdrawing frees the place; B takes it.
    a.delete(&format!("/api/v1/opportunities/{one_place}/signup"))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    sign_up(&b, one_place)
        .await
        .assert_status(StatusCode::CREATED);
    sign_up(&a, overlapping)
        .await
        .assert_status(StatusCode::CREATED);
    let listed = app
        .client()
        .get("/api/v1/opportunities?region=440304&skill=meals")
        .await
        .json::<OpportunityList>();
    let ids: Vec<i64> = listed.items.iter().map(|o| o.id).collect();
    assert!(ids.contains(&one_place) && ids.contains(&overlapping));
    assert!(!ids.contains(&repairs), "skill filter: {ids:?}");
    // After sign-up closes (the start), no withdrawing.
    app.move_clock(NOW + 2 * 86_400 + 3600).await;
    let late = b
        .delete(&format!("/api/v1/opportunities/{one_place}/signup"))
        .await;
    late.assert_status(StatusCode::CONFLICT);
    assert_eq!(late.error_code(), "signup_closed");
    let closed = sign_up(&b, overlapping).await;
    closed.assert_status(StatusCode::CONFLICT);
    assert_eq!(closed.error_code(), "opportunity_not_open");
}

async fn hours_are_confirmed_only_by_the_rules(app: TestApp) {
    let sw = social_worker(&app).await;
    let (v, _) = volunteer(&app, &sw, "13900000074", &["meals"]).await;
    let id = post_shift(&sw, &shift("助餐", 1, 11, 2, 3, &[])).await;
    sign_up(&v, id).await.assert_status(StatusCode::CREATED);
    let signup = roster(&sw, id).await.items[0].signup_id;
    let attend = |body: Value| {
        let sw = &sw;
        async move {
            sw.post(
                &format!("/api/v1/staff/opportunities/{id}/attendance"),
                &body,
            )
            .await
        }
    };
    let early = attend(json!({"signup_id": signup})).await;
    early.assert_status(StatusCode::CONFLICT);
    assert_eq!(early.error_code(), "shift_not_started");
    app.move_clock(NOW + 86_400 + 4 * 3600).await;
    let t = |h: &str| format!("{}T{h}:00+08:00", crate::booking::day(1));
    let backwards = attend(
        json!({"signup_id": signup, "checked_in_at": t("12:00"), "checked_out_at": t("11:30")}),
    )
    .await;
    backwards.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(backwards.error_code(), "checkout_before_checkin");
    let early = attend(
        json!({"signup_id": signup, "checked_in_at": t("08:30"), "checked_out_at": t("10:30")}),
    )
    .await;
    early.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(early.error_code(), "outside_shift");
    let over = attend(
        json!({"signup_id": signup, "checked_in_at": t("10:00"), "checked_out_at": t("13:30")}),
    )
    .await;
    over.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(over.error_code(), "hours_exceed_shift");
    let out_first = sw
        .post(
            &format!("/api/v1/staff/opportunities/{id}/checkins"),
            &json!({"signup_id": signup, "action": "out"}),
        )
        .await;
    out_first.assert_status(StatusCode::CONFLICT);
    assert_eq!(out_first.error_code(), "not_checked_in");
    assert_eq!(
        count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM volunteer_hours").await,
        0,
        "nothing recorded by refused confirmations"
    );

    // A social worker who volunteers cannot confirm their own hours; a colleague can.
    let sw2 = app
        .login_as("13900000075", &[(Role::SocialWorker, "440304001", None)])
        .await;
    let res = sw2
        .post(
            "/api/v1/me/volunteer",
            &json!({"skills": ["meals"], "communities": [HONGLI]}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let sw2_id = res.json::<VolunteerProfile>().id;
    sw.post(
        &format!("/api/v1/staff/volunteers/{sw2_id}/approve"),
        &json!({}),
    )
    .await
    .assert_status(StatusCode::OK);
    let own_shift = post_shift(&sw, &shift("助餐二", 3, 11, 2, 3, &[])).await;
    sign_up(&sw2, own_shift)
        .await
        .assert_status(StatusCode::CREATED);
    let own_signup = roster(&sw, own_shift).await.items[0].signup_id;
    app.move_clock(NOW + 3 * 86_400 + 4 * 3600).await;
    let own = sw2
        .post(
            &format!("/api/v1/staff/opportunities/{own_shift}/attendance"),
            &json!({"signup_id": own_signup}),
        )
        .await;
    own.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(own.error_code(), "own_hours");
    let by_colleague = sw
        .post(
            &format!("/api/v1/staff/opportunities/{own_shift}/attendance"),
            &json!({"signup_id": own_signup}),
        )
        .await;
    by_colleague.assert_status(StatusCode::CREATED);
    assert_eq!(by_colleague.json::<HoursEntry>().minutes, 120);
}

async fn corrections_are_new_lines_and_the_ledger_is_append_only(app: TestApp) {
    let sw = social_worker(&app).await;
    let (v, vid) = volunteer(&app, &sw, "13900000076", &["meals"]).await;
    let id = post_shift(&sw, &shift("助餐", 1, 11, 2, 3, &[])).await;
    sign_up(&v, id).await.assert_status(StatusCode::CREATED);
    let signup = roster(&sw, id).await.items[0].signup_id;
    app.move_clock(NOW + 86_400 + 4 * 3600).await;
    let line = sw
        .post(
            &format!("/api/v1/staff/opportunities/{id}/attendance"),
            &json!({"signup_id": signup}),
        )
        .await
        .json::<HoursEntry>();
    assert_eq!(line.minutes, 120);

    let no_reason = sw
        .post(
            &format!("/api/v1/staff/volunteers/{vid}/corrections"),
            &json!({"minutes": -30, "reason": " "}),
        )
        .await;
    no_reason.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.error_code(), "reason_required");
    let fix = sw
        .post(
            &format!("/api/v1/staff/volunteers/{vid}/corrections"),
            &json!({"minutes": -30, "reason": "提前半小时离开", "corrects": line.id}),
        )
        .await;
    fix.assert_status(StatusCode::CREATED);
    assert_eq!(fix.json::<HoursEntry>().corrects, Some(line.id));
    let me = mine(&v).await;
    assert_eq!(me.hours.len(), 2, "the original line stays");
    assert_eq!(me.confirmed_minutes, 90);
    assert_eq!(me.balance_minutes, 90);

    // A correction that would take the balance below the floor is refused whole.
    let too_much = sw
        .post(
            &format!("/api/v1/staff/volunteers/{vid}/corrections"),
            &json!({"minutes": -600, "reason": "重复登记"}),
        )
        .await;
    too_much.assert_status(StatusCode::CONFLICT);
    assert_eq!(too_much.error_code(), "balance_below_floor");
    assert_eq!(mine(&v).await.hours.len(), 2);

    // The schema refuses changes to the ledger and the bank.
    for sql in [
        "UPDATE volunteer_hours SET minutes = 600",
        "DELETE FROM volunteer_hours",
        "UPDATE time_bank_entries SET minutes = 600",
        "DELETE FROM time_bank_entries",
    ] {
        assert!(
            sqlx::query(sql).execute(app.db.pool()).await.is_err(),
            "{sql} must fail"
        );
    }
    assert!(
        sqlx::query("UPDATE time_bank_accounts SET minutes = -1")
            .execute(app.db.pool())
            .await
            .is_err(),
        "a balance below its floor violates the CHECK"
    );
}

/// Posts a help request for `phone` and has `helper` take it; returns its id.
async fn matched_request(sw: &Client<'_>, helper: &Client<'_>, phone: &str, minutes: u32) -> i64 {
    let res = sw
        .post(
            "/api/v1/staff/help-requests",
            &json!({"community": HONGLI, "skill": "companionship", "description": "陪同去社康中心复诊",
                    "address": "红荔路1号3栋502", "starts_at": at(2, 9), "minutes": minutes,
                    "for_phone": phone}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let id = res.json::<HelpRequest>().id;
    helper
        .post(&format!("/api/v1/help-requests/{id}/take"), &json!({}))
        .await
        .assert_status(StatusCode::OK);
    id
}

async fn grant(sw: &Client<'_>, phone: &str, minutes: i64) {
    sw.post(
        "/api/v1/staff/time-bank/grants",
        &json!({"phone": phone, "minutes": minutes, "reason": "独居长者，生活困难"}),
    )
    .await
    .assert_status(StatusCode::CREATED);
}

async fn concurrent_debits_never_take_a_balance_below_the_floor(app: TestApp) {
    let sw = social_worker(&app).await;
    let (h1, _) = volunteer(&app, &sw, "13900000077", &["companionship"]).await;
    let (h2, _) = volunteer(&app, &sw, "13900000078", &["companionship"]).await;
    let elder = app.login_as("13900000079", &[]).await;
    for round in 0..3 {
        grant(&sw, "13900000079", 60).await;
        let a = matched_request(&sw, &h1, "13900000079", 60).await;
        let b = matched_request(&sw, &h2, "13900000079", 60).await;
        let body = json!({"minutes": 60});
        let (pa, pb) = (
            format!("/api/v1/staff/help-requests/{a}/complete"),
            format!("/api/v1/staff/help-requests/{b}/complete"),
        );
        let (ra, rb) = tokio::join!(sw.post(&pa, &body), sw.post(&pb, &body));
        let statuses = [ra.status, rb.status];
        assert!(
            statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
            "round {round}: exactly one transfer: {statuses:?}"
        );
        let loser = if ra.status == StatusCode::CONFLICT {
            &ra
        } else {
            &rb
        };
        assert_eq!(loser.error_code(), "balance_below_floor");
        assert_eq!(mine(&elder).await.balance_minutes, 0, "round {round}");
        // The refused one is still matched, with nothing written for it.
        let still = if ra.status == StatusCode::CONFLICT {
            a
        } else {
            b
        };
        let q = sw
            .get(&format!("/api/v1/help-requests/{still}"))
            .await
            .json::<HelpRequest>();
        assert_eq!(q.status, HelpStatus::Matched);
        sw.post(&format!("/api/v1/help-requests/{still}/cancel"), &json!({}))
            .await
            .assert_status(StatusCode::OK);
    }
    let total = mine(&h1).await.balance_minutes + mine(&h2).await.balance_minutes;
    assert_eq!(total, 180, "three transfers of 60 minutes");
    assert_eq!(
        count(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM time_bank_entries WHERE kind = 'spent'"
        )
        .await,
        3
    );
    // Asking for more than the balance covers is refused up front.
    let broke = elder
        .post(
            "/api/v1/help-requests",
            &json!({"community": HONGLI, "skill": "repair", "description": "修水龙头",
                    "address": "红荔路1号", "starts_at": at(2, 9), "minutes": 30}),
        )
        .await;
    broke.assert_status(StatusCode::CONFLICT);
    assert_eq!(broke.error_code(), "balance_below_floor");
}

async fn a_help_request_moves_hours_and_its_contact_stays_private(app: TestApp) {
    let sw = social_worker(&app).await;
    let (helper, _) = volunteer(&app, &sw, "13900000080", &["repair"]).await;
    let (other, _) = volunteer(&app, &sw, "13900000081", &["repair"]).await;
    let far = app.login_as("13900000082", &[]).await;
    far.post(
        "/api/v1/me/volunteer",
        &json!({"skills": ["repair"], "communities": ["440304001002"]}),
    )
    .await
    .assert_status(StatusCode::CREATED);
    let far_id = mine(&far).await.profile.expect("profile").id;
    sw.post(
        &format!("/api/v1/staff/volunteers/{far_id}/approve"),
        &json!({}),
    )
    .await
    .assert_status(StatusCode::OK);
    let requester = app.login_as("13900000083", &[]).await;
    grant(&sw, "13900000083", 120).await;
    let res = requester
        .post(
            "/api/v1/help-requests",
            &json!({"community": HONGLI, "skill": "repair", "description": "修水龙头",
                    "address": "红荔路1号3栋502", "starts_at": at(2, 9), "minutes": 60}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let id = res.json::<HelpRequest>().id;

    // Volunteers of the community see it without the contact; others not at all.
    let open = other
        .get("/api/v1/help-requests")
        .await
        .json::<HelpRequestList>();
    let seen = open.items.iter().find(|q| q.id == id).expect("listed");
    assert!(seen.contact.is_none());
    assert_eq!(seen.requester, "测**户", "name masked: {}", seen.requester);
    assert!(
        far.get("/api/v1/help-requests")
            .await
            .json::<HelpRequestList>()
            .items
            .is_empty()
    );
    let outside = far
        .post(&format!("/api/v1/help-requests/{id}/take"), &json!({}))
        .await;
    outside.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(outside.error_code(), "outside_your_communities");
    let own = requester
        .post(&format!("/api/v1/help-requests/{id}/take"), &json!({}))
        .await;
    own.assert_status(StatusCode::CONFLICT);

    let taken = helper
        .post(&format!("/api/v1/help-requests/{id}/take"), &json!({}))
        .await;
    taken.assert_status(StatusCode::OK);
    let taken: HelpRequest = taken.json();
    assert_eq!(
        taken
            .contact
            .expect("the matched helper sees the contact")
            .address,
        "红荔路1号3栋502"
    );
    let late = other
        .post(&format!("/api/v1/help-requests/{id}/take"), &json!({}))
        .await;
    late.assert_status(StatusCode::CONFLICT);
    assert_eq!(late.error_code(), "help_request_not_open");
    assert!(
        count(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'help.contact_viewed'"
        )
        .await
            >= 1,
        "the helper's view of the contact is logged"
    );

    let done = sw
        .post(
            &format!("/api/v1/staff/help-requests/{id}/complete"),
            &json!({"minutes": 75}),
        )
        .await;
    done.assert_status(StatusCode::OK);
    assert_eq!(done.json::<HelpRequest>().status, HelpStatus::Done);
    let after = helper
        .get(&format!("/api/v1/help-requests/{id}"))
        .await
        .json::<HelpRequest>();
    assert!(after.contact.is_none(), "no contact once done");
    assert_eq!(
        count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM help_requests WHERE address IS NOT NULL OR phone IS NOT NULL").await,
        0,
        "address and phone are erased when done"
    );
    assert_eq!(mine(&requester).await.balance_minutes, 45);
    let h = mine(&helper).await;
    assert_eq!((h.balance_minutes, h.confirmed_minutes), (75, 75));
    let again = sw
        .post(
            &format!("/api/v1/staff/help-requests/{id}/complete"),
            &json!({"minutes": 75}),
        )
        .await;
    again.assert_status(StatusCode::CONFLICT);
    assert_eq!(mine(&helper).await.balance_minutes, 75, "no double credit");
}

async fn certificates_are_verified_publicly(app: TestApp) {
    let sw = social_worker(&app).await;
    let (v, _) = volunteer(&app, &sw, "13900000084", &["teaching"]).await;
    let id = post_shift(&sw, &shift("教长者用手机", 1, 14, 2, 3, &[])).await;
    sign_up(&v, id).await.assert_status(StatusCode::CREATED);
    let signup = roster(&sw, id).await.items[0].signup_id;
    app.move_clock(NOW + 86_400 + 8 * 3600).await;
    sw.post(
        &format!("/api/v1/staff/opportunities/{id}/attendance"),
        &json!({"signup_id": signup}),
    )
    .await
    .assert_status(StatusCode::CREATED);

    let bad = v
        .post(
            "/api/v1/me/volunteer/certificates",
            &json!({"from": "2026-12-31", "to": "2026-01-01"}),
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let res = v
        .post(
            "/api/v1/me/volunteer/certificates",
            &json!({"from": "2026-11-01", "to": "2026-11-30"}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let cert: Certificate = res.json();
    assert_eq!((cert.minutes, cert.services), (120, 1));
    assert_eq!(cert.lines.len(), 1);
    assert_eq!(
        cert.volunteer_name, "测试用户",
        "the volunteer's own copy names them"
    );
    assert_eq!(cert.verification_code.len(), 12);
    let public = app
        .client()
        .get(&format!(
            "/api/v1/certificates/{}",
            cert.verification_code.to_lowercase()
        ))
        .await;
    public.assert_status(StatusCode::OK);
    let public: Certificate = public.json();
    assert_eq!(public.minutes, 120);
    assert!(public.lines.is_empty(), "the public sees totals only");
    assert!(
        public.volunteer_name.contains('*'),
        "{}",
        public.volunteer_name
    );
    let empty = v
        .post(
            "/api/v1/me/volunteer/certificates",
            &json!({"from": "2026-10-01", "to": "2026-10-31"}),
        )
        .await
        .json::<Certificate>();
    assert_eq!(empty.minutes, 0);
    let unknown = app.client().get("/api/v1/certificates/AAAAAAAAAAAA").await;
    unknown.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(unknown.error_code(), "certificate_not_found");
}

async fn social_workers_act_only_in_their_region(app: TestApp) {
    let sw = social_worker(&app).await;
    let elsewhere = app
        .login_as("13900000085", &[(Role::SocialWorker, "440305", None)])
        .await;
    let committee = app
        .login_as("13900000086", &[(Role::CommitteeMember, HONGLI, None)])
        .await;
    let resident = app.login_as("13900000087", &[]).await;
    resident
        .post(
            "/api/v1/me/volunteer",
            &json!({"skills": ["legal"], "communities": [HONGLI]}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    let vid = mine(&resident).await.profile.expect("profile").id;

    committee
        .get("/api/v1/staff/volunteers")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    elsewhere
        .post(
            &format!("/api/v1/staff/volunteers/{vid}/approve"),
            &json!({}),
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert!(
        elsewhere
            .get("/api/v1/staff/volunteers")
            .await
            .json::<StaffVolunteerList>()
            .items
            .is_empty()
    );
    let out = elsewhere
        .post(
            "/api/v1/staff/opportunities",
            &shift("助餐", 1, 11, 2, 3, &[]),
        )
        .await;
    out.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(out.error_code(), "region_out_of_scope");
    let declined = sw
        .post(
            &format!("/api/v1/staff/volunteers/{vid}/decline"),
            &json!({"reason": "请先参加义工培训"}),
        )
        .await;
    declined.assert_status(StatusCode::OK);
    let me = mine(&resident).await.profile.expect("profile");
    assert_eq!(me.status, VolunteerStatus::Declined);
    assert_eq!(me.decline_reason.as_deref(), Some("请先参加义工培训"));
    // Applying again puts the application back in the queue.
    resident
        .post(
            "/api/v1/me/volunteer",
            &json!({"skills": ["legal"], "communities": [HONGLI]}),
        )
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        mine(&resident).await.profile.expect("profile").status,
        VolunteerStatus::Pending
    );
    let id = post_shift(&sw, &shift("助餐", 1, 11, 2, 3, &[])).await;
    elsewhere
        .get(&format!("/api/v1/staff/opportunities/{id}/signups"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let bad = sw
        .post(
            "/api/v1/staff/time-bank/grants",
            &json!({"phone": "13900000087", "minutes": 0, "reason": "困难"}),
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let entry = sw
        .post(
            "/api/v1/staff/time-bank/grants",
            &json!({"phone": "13900000087", "minutes": 30, "reason": "困难"}),
        )
        .await;
    entry.assert_status(StatusCode::CREATED);
    assert_eq!(entry.json::<BankEntry>().balance_after, 30);
}

async fn the_demo_has_shifts_and_a_social_worker(app: TestApp) {
    server::seed::demo(&app.db, NOW).await.expect("demo");
    let shifts = app
        .client()
        .get("/api/v1/opportunities?region=440304001001")
        .await
        .json::<OpportunityList>();
    assert_eq!(shifts.items.len(), 3);
    assert!(shifts.items.iter().all(|o| o.title.zh.contains("演示")));
}

async fn a_social_workers_action_is_not_kept_without_its_audit_entry(app: TestApp) {
    let sw = social_worker(&app).await;
    let applicant = app.login_as("13900000072", &[]).await;
    let res = applicant
        .post(
            "/api/v1/me/volunteer",
            &json!({"skills": ["companionship"], "languages": ["普通话"], "availability": "周末",
                    "communities": [HONGLI]}),
        )
        .await;
    res.assert_status(StatusCode::CREATED);
    let pending = res.json::<VolunteerProfile>().id;
    app.login_as("13900000073", &[]).await;
    let newcomer = app.login_as("13900000074", &[]).await;
    let shift_id = post_shift(&sw, &shift("长者饭堂送餐", 2, 10, 2, 3, &[])).await;

    let tables = [
        "SELECT CAST(COUNT(*) AS BIGINT) FROM volunteers WHERE status = 'pending'",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM volunteers",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM time_bank_entries",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notifications",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM opportunities WHERE status = 'open'",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log",
    ];
    let mut before = Vec::new();
    for sql in tables {
        before.push(count(&app, sql).await);
    }
    assert_eq!(before[..2], [1, 1]);
    assert_eq!(before[4], 1);

    app.audit_fails(true).await;
    // Each action fails whole: the change is rolled back with its entry, and no one is told.
    sw.post(
        &format!("/api/v1/staff/volunteers/{pending}/approve"),
        &json!({}),
    )
    .await
    .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    sw.post(
        "/api/v1/staff/time-bank/grants",
        &json!({"phone": "13900000073", "minutes": 120, "reason": "独居长者，生活困难"}),
    )
    .await
    .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    sw.post(
        &format!("/api/v1/staff/opportunities/{shift_id}/cancel"),
        &json!({"reason": "天气原因"}),
    )
    .await
    .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    newcomer
        .post(
            "/api/v1/me/volunteer",
            &json!({"skills": ["companionship"], "languages": ["普通话"], "availability": "周末",
                    "communities": [HONGLI]}),
        )
        .await
        .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    app.audit_fails(false).await;

    let mut after = Vec::new();
    for sql in tables {
        after.push(count(&app, sql).await);
    }
    assert_eq!(after, before);
    assert_eq!(
        mine(&applicant).await.profile.map(|p| p.status),
        Some(VolunteerStatus::Pending)
    );
}
