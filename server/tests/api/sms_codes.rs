//! Phone ownership (issue 17): codes sent by SMS for registration, login, password reset and
//! phone changes; their limits; what the outbox keeps of them.
use app::api::accounts::{LoginResponse, Me, Role, SessionList};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{NOW, PASSWORD, TestApp, code_in, respond};

both_backends!(
    at NOW;
    registration_needs_the_code_sent_to_the_phone,
    a_code_works_once_for_its_purpose_and_expires,
    a_code_allows_five_tries_and_wrong_codes_lock_the_number,
    codes_wait_a_minute_and_are_limited_per_number_and_address,
    login_and_reset_codes_go_only_to_accounts_with_the_same_answer,
    login_by_code_keeps_the_second_factor,
    a_reset_sets_the_password_and_ends_every_session,
    a_phone_change_needs_the_password_and_a_code_sent_to_the_new_number,
    texts_speak_the_requesters_language_and_the_outbox_forgets_the_code,
);

const PHONE: &str = "13912340001";

fn register_body(phone: &str, code: &str) -> Value {
    json!({"phone": phone, "password": "tiger-lily-42", "display_name": "小王",
           "home_community": "440304001001", "sms_code": code})
}

async fn users(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(app.db.pool())
        .await
        .expect("count")
}

async fn registration_needs_the_code_sent_to_the_phone(app: TestApp) {
    let client = app.client();
    // No code asked for yet.
    let res = client
        .post("/api/v1/auth/register", &register_body(PHONE, "123456"))
        .await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "sms_code_invalid");
    let code = app.sms_code(&client, PHONE, "register").await;
    // A code sent to another number proves nothing about this one.
    let other = app.sms_code(&client, "13912340002", "register").await;
    for wrong in [other.as_str(), "12345", ""] {
        if wrong == code {
            continue;
        }
        let res = client
            .post("/api/v1/auth/register", &register_body(PHONE, wrong))
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let err: app::api::ErrorBody = res.json();
        assert_eq!(
            (err.error.code.as_str(), err.error.field.as_deref()),
            ("sms_code_invalid", Some("sms_code")),
            "{wrong:?}"
        );
    }
    assert_eq!(users(&app).await, 0, "nothing written for a wrong code");
    let me: Me = client
        .post("/api/v1/auth/register", &register_body(PHONE, &code))
        .await
        .assert_status(StatusCode::CREATED)
        .json();
    assert_eq!(me.phone, "139****0001");
    // The same code cannot make a second account (nor prove anything else).
    let again = app
        .client()
        .post("/api/v1/auth/register", &register_body(PHONE, &code))
        .await;
    again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.error_code(), "sms_code_expired");
    // Only the owner of a registered number learns that it is registered.
    app.move_clock(NOW + 61).await;
    let owner = app.register(&app.client(), register_body(PHONE, "")).await;
    owner.assert_status(StatusCode::CONFLICT);
    assert_eq!(owner.error_code(), "phone_registered");
    assert_eq!(users(&app).await, 1);
}

async fn a_code_works_once_for_its_purpose_and_expires(app: TestApp) {
    app.create_user(PHONE, &[]).await;
    let client = app.client();
    let code = app.sms_code(&client, PHONE, "login").await;
    // A login code does not reset the password.
    let reset = client
        .post(
            "/api/v1/auth/password-reset",
            &json!({"phone": PHONE, "sms_code": code, "new_password": "new-lily-4242"}),
        )
        .await;
    reset.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reset.error_code(), "sms_code_invalid");
    let login = |code: String| {
        let client = app.client();
        async move {
            client
                .post(
                    "/api/v1/auth/login-code",
                    &json!({"phone": "139 1234 0001", "sms_code": code}),
                )
                .await
        }
    };
    let ok: LoginResponse = login(code.clone())
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(!ok.mfa_required);
    assert_eq!(ok.me.expect("me").phone, "139****0001");
    let reused = login(code).await;
    reused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reused.error_code(), "sms_code_expired");

    // Ten minutes later a code no longer works.
    app.move_clock(NOW + 120).await;
    let late = app.sms_code(&client, PHONE, "login").await;
    app.move_clock(NOW + 120 + 600).await;
    let expired = login(late).await;
    expired.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(expired.error_code(), "sms_code_expired");
}

async fn a_code_allows_five_tries_and_wrong_codes_lock_the_number(app: TestApp) {
    app.create_user(PHONE, &[]).await;
    let client = app.client();
    let code = app.sms_code(&client, PHONE, "login").await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let try_code = |code: &str| {
        let body = json!({"phone": PHONE, "sms_code": code});
        let client = app.client();
        async move { client.post("/api/v1/auth/login-code", &body).await }
    };
    for _ in 0..5 {
        let res = try_code(wrong).await;
        assert_eq!(res.error_code(), "sms_code_invalid");
    }
    // Five tries used: even the right code is refused now.
    let res = try_code(&code).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "sms_code_expired");
    // Parallel guesses cannot exceed the tries either.
    app.move_clock(NOW + 61).await;
    let code = app.sms_code(&client, PHONE, "login").await;
    let guesses: Vec<String> = (0..20)
        .map(|i| {
            format!(
                "{:06}",
                (code.parse::<u32>().expect("digits") + 1 + i) % 1_000_000
            )
        })
        .collect();
    let mut tasks = Vec::new();
    for (i, guess) in guesses.into_iter().enumerate() {
        let router = app.router.clone();
        let body = json!({"phone": PHONE, "sms_code": guess}).to_string();
        tasks.push(tokio::spawn(async move {
            let req = axum::http::Request::post("/api/v1/auth/login-code")
                .header("x-forwarded-for", format!("10.9.0.{i}"))
                .header("x-linli-csrf", "1")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body))
                .expect("request");
            respond(&router, req).await
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("task"));
    }
    let refused = answers
        .iter()
        .filter(|r| r.status == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    let tries: i64 = sqlx::query_scalar("SELECT attempts FROM auth_codes ORDER BY id DESC LIMIT 1")
        .fetch_one(app.db.pool())
        .await
        .expect("attempts");
    assert_eq!(tries, 5, "20 parallel guesses claim at most 5 tries");
    assert_eq!(
        refused
            + answers
                .iter()
                .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
                .count(),
        20
    );
    // Ten wrong codes in an hour lock the number, across its codes.
    app.move_clock(NOW + 122).await;
    let code = app.sms_code(&client, PHONE, "login").await;
    let locked = try_code(&code).await;
    locked.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.header("retry-after").is_some());
}

async fn codes_wait_a_minute_and_are_limited_per_number_and_address(app: TestApp) {
    let client = app.client();
    let ask = |phone: &str| {
        let body = json!({"phone": phone, "purpose": "register"});
        let client = &client;
        async move { client.post("/api/v1/auth/sms-codes", &body).await }
    };
    let first: Value = ask(PHONE).await.assert_status(StatusCode::ACCEPTED).json();
    assert_eq!(
        first,
        json!({"expires_in_seconds": 600, "resend_after_seconds": 60})
    );
    let soon = ask(PHONE).await;
    soon.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(soon.header("retry-after"), Some("60"));
    app.move_clock(NOW + 45).await;
    assert_eq!(ask(PHONE).await.header("retry-after"), Some("15"));
    assert_eq!(
        app.sms_to(PHONE).await.len(),
        1,
        "one SMS for three requests"
    );
    // Five codes an hour for one number.
    for i in 1..5 {
        app.move_clock(NOW + 60 * i).await;
        ask(PHONE).await.assert_status(StatusCode::ACCEPTED);
    }
    app.move_clock(NOW + 300).await;
    ask(PHONE)
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.sms_to(PHONE).await.len(), 5);
    // Twenty requests an hour from one address, whatever the numbers.
    for i in 10..22 {
        ask(&format!("139123400{i:02}"))
            .await
            .assert_status(StatusCode::ACCEPTED);
    }
    ask("13912340099")
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    app.client()
        .post(
            "/api/v1/auth/sms-codes",
            &json!({"phone": "13912340099", "purpose": "register"}),
        )
        .await
        .assert_status(StatusCode::ACCEPTED);
    // Bad input is named.
    for (body, code) in [
        (
            json!({"phone": "12345", "purpose": "register"}),
            "invalid_phone",
        ),
        (
            json!({"phone": PHONE, "purpose": "anything"}),
            "invalid_body",
        ),
    ] {
        let res = app.client().post("/api/v1/auth/sms-codes", &body).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_code(), code);
    }
}

async fn login_and_reset_codes_go_only_to_accounts_with_the_same_answer(app: TestApp) {
    app.create_user(PHONE, &[]).await;
    let stranger = "13912340002";
    for purpose in ["login", "reset"] {
        let mut bodies = Vec::new();
        for phone in [PHONE, stranger] {
            let res = app
                .client()
                .post(
                    "/api/v1/auth/sms-codes",
                    &json!({"phone": phone, "purpose": purpose}),
                )
                .await;
            res.assert_status(StatusCode::ACCEPTED);
            bodies.push(res.text());
        }
        assert_eq!(bodies[0], bodies[1], "the answer does not tell");
        app.move_clock(NOW + 61).await;
    }
    assert_eq!(app.sms_to(PHONE).await.len(), 2);
    assert!(app.sms_to(stranger).await.is_empty(), "no account, no SMS");
    // Registration codes go to any number (the owner learns it is taken only with the code).
    app.move_clock(NOW + 200).await;
    app.sms_code(&app.client(), PHONE, "register").await;
}

async fn login_by_code_keeps_the_second_factor(app: TestApp) {
    let admin = app.login_as(PHONE, &[(Role::Admin, "440304", None)]).await;
    let setup: app::api::accounts::TotpSetup = admin
        .post("/api/v1/me/totp/setup", &json!({}))
        .await
        .assert_status(StatusCode::OK)
        .json();
    let now = u64::try_from(NOW).expect("time");
    admin
        .post(
            "/api/v1/me/totp/enable",
            &json!({"code": server::accounts::totp::code_at(&setup.secret, now).expect("code")}),
        )
        .await
        .assert_status(StatusCode::OK);
    let client = app.client();
    let code = app.sms_code(&client, PHONE, "login").await;
    let res: LoginResponse = client
        .post(
            "/api/v1/auth/login-code",
            &json!({"phone": PHONE, "sms_code": code}),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(
        res.mfa_required && res.me.is_none(),
        "the SMS code is not a second factor"
    );
    client
        .get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    let audit: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'staff.login' ORDER BY id")
            .fetch_all(app.db.pool())
            .await
            .expect("audit");
    assert_eq!(
        audit.last().map(String::as_str),
        Some("Signed in by SMS code; second factor pending")
    );
}

async fn a_reset_sets_the_password_and_ends_every_session(app: TestApp) {
    let phone_a = app.login_as(PHONE, &[]).await;
    let phone_b = app.client();
    phone_b
        .login(PHONE, PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    let forgetful = app.client();
    let code = app.sms_code(&forgetful, PHONE, "reset").await;
    let reset = |password: &str, code: &str| {
        let body = json!({"phone": PHONE, "sms_code": code, "new_password": password});
        let client = &forgetful;
        async move { client.post("/api/v1/auth/password-reset", &body).await }
    };
    // The new password is checked before the code is used up.
    let weak = reset("12345678", &code).await;
    weak.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        weak.json::<app::api::ErrorBody>().error.field.as_deref(),
        Some("new_password")
    );
    let done: LoginResponse = reset("new-lily-4242", &code)
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(done.me.is_some());
    for old in [&phone_a, &phone_b] {
        old.get("/api/v1/me")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    let sessions: SessionList = forgetful
        .get("/api/v1/me/sessions")
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(sessions.items.len(), 1, "only the device that reset");
    for (password, status) in [
        (PASSWORD, StatusCode::UNAUTHORIZED),
        ("new-lily-4242", StatusCode::OK),
    ] {
        app.client()
            .login(PHONE, password)
            .await
            .assert_status(status);
    }
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'account.password_reset'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("audit");
    assert_eq!(audited, 1);
}

async fn a_phone_change_needs_the_password_and_a_code_sent_to_the_new_number(app: TestApp) {
    let resident = app.login_as(PHONE, &[]).await;
    app.create_user("13912340003", &[]).await;
    let new = "13912340002";
    let code = app.sms_code(&resident, new, "change_phone").await;
    let change = |password: &str, phone: &str, code: &str| {
        let body = json!({"phone": phone, "sms_code": code, "password": password});
        let client = &resident;
        async move { client.put("/api/v1/me/phone", &body).await }
    };
    let wrong_password = change("not-my-password", new, &code).await;
    assert_eq!(wrong_password.error_code(), "wrong_password");
    // A code sent to one new number does not move the account to another.
    let elsewhere = change(PASSWORD, "13912340004", &code).await;
    assert_eq!(elsewhere.error_code(), "sms_code_invalid");
    let me: Me = change(PASSWORD, new, &code)
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(me.phone, "139****0002");
    app.client()
        .login(new, PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    // A number that has an account stays with it.
    app.move_clock(NOW + 61).await;
    let taken = app.sms_code(&resident, "13912340003", "change_phone").await;
    let res = change(PASSWORD, "13912340003", &taken).await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "phone_registered");
    app.client()
        .put(
            "/api/v1/me/phone",
            &json!({"phone": new, "sms_code": "123456", "password": PASSWORD}),
        )
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

async fn texts_speak_the_requesters_language_and_the_outbox_forgets_the_code(app: TestApp) {
    let client = app.client();
    client
        .send_with(
            axum::http::Method::POST,
            "/api/v1/auth/sms-codes",
            Some(&json!({"phone": PHONE, "purpose": "register"})),
            &[("accept-language", "en")],
        )
        .await
        .assert_status(StatusCode::ACCEPTED);
    let zh = app.sms_code(&client, "13912340002", "register").await;
    let texts = app.sms_to(PHONE).await;
    assert!(texts[0].starts_with("[Linli] Your code is "), "{texts:?}");
    let code = code_in(&texts[0]).expect("code");
    assert!(app.sms_to("13912340002").await[0].contains(&format!("验证码 {zh}")));
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM notification_outbox")
        .fetch_all(app.db.pool())
        .await
        .expect("outbox");
    assert_eq!(bodies.len(), 2);
    assert!(
        bodies
            .iter()
            .all(|b| !b.contains(&code) && !b.contains(&zh)),
        "delivered codes are not kept: {bodies:?}"
    );
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT phone_hash, code_hash FROM auth_codes")
            .fetch_all(app.db.pool())
            .await
            .expect("codes");
    assert!(
        stored
            .iter()
            .all(|(p, c)| !p.contains("1391234") && !c.contains(&code)),
        "only hashes are stored"
    );
}
