//! Registration, login, sessions, second factor and the resident's own data.
use app::api::accounts::{LoginResponse, Me, Role, SessionList, TotpSetup};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{NOW, PASSWORD, TestApp};

both_backends!(
    at NOW;
    registration_creates_a_resident_and_logs_them_in,
    registration_refuses_bad_input_with_the_field_named,
    a_registered_phone_cannot_register_twice,
    wrong_password_and_unknown_phone_look_the_same,
    five_failures_lock_the_number_for_a_while_registered_or_not,
    logins_from_one_address_are_limited,
    login_rotates_the_session_id,
    logout_ends_the_session_and_logout_all_ends_every_session,
    changing_the_password_ends_the_other_sessions,
    idle_and_absolute_lifetimes_end_sessions,
    export_contains_the_users_data_as_a_download,
    deleting_the_account_erases_personal_data,
    second_factor_is_required_once_enabled_and_codes_are_single_use,
    profile_can_be_updated,
    the_user_add_command_bootstraps_an_admin,
);

fn register_body(phone: &str) -> Value {
    json!({"phone": phone, "password": "tiger-lily-42", "display_name": "小王", "home_community": "440304001001", "sms_code": "000000"})
}

async fn registration_creates_a_resident_and_logs_them_in(app: TestApp) {
    let client = app.client();
    let mut body = register_body("+86 139-1234-5678");
    body["sms_code"] = app
        .sms_code(&client, "13912345678", "register")
        .await
        .into();
    let res = client.post("/api/v1/auth/register", &body).await;
    res.assert_status(StatusCode::CREATED);
    let cookie = res.header("set-cookie").expect("cookie").to_owned();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "not behind TLS in tests");
    let me: Me = res.json();
    assert_eq!(me.phone, "139****5678");
    assert_eq!(me.display_name, "小王");
    assert_eq!(
        me.home_community.as_ref().map(|c| c.code.as_str()),
        Some("440304001001")
    );
    assert_eq!(me.roles.len(), 1);
    assert_eq!(me.roles[0].role, Role::Resident);

    let again: Me = client
        .get("/api/v1/me")
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(again, me);
    assert!(
        !client
            .get("/api/v1/me")
            .await
            .text()
            .contains("13912345678"),
        "full phone never in /me"
    );
}

async fn registration_refuses_bad_input_with_the_field_named(app: TestApp) {
    let client = app.client();
    let cases = [
        (
            json!({"phone": "12345"}),
            "invalid_phone",
            "phone",
            "too short a number",
        ),
        (
            json!({"password": "short"}),
            "password_too_short",
            "password",
            "7 characters",
        ),
        (
            json!({"password": "password123"}),
            "password_too_common",
            "password",
            "common password",
        ),
        (
            json!({"password": "my13912340000pw"}),
            "password_contains_phone",
            "password",
            "contains the phone",
        ),
        (
            json!({"display_name": "   "}),
            "invalid_display_name",
            "display_name",
            "blank name",
        ),
        (
            json!({"home_community": "440304"}),
            "invalid_community",
            "home_community",
            "a district is not a community",
        ),
        (
            json!({"home_community": "nowhere"}),
            "invalid_community",
            "home_community",
            "unknown code",
        ),
    ];
    for (patch, code, field, why) in cases {
        let mut body = register_body("13912340000");
        for (k, v) in patch.as_object().expect("object") {
            body[k] = v.clone();
        }
        let res = client.post("/api/v1/auth/register", &body).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{why}: {}",
            res.text()
        );
        let err: app::api::ErrorBody = res.json();
        assert_eq!(
            (err.error.code.as_str(), err.error.field.as_deref()),
            (code, Some(field)),
            "{why}"
        );
    }
    let missing = client
        .post("/api/v1/auth/register", &json!({"phone": "13912340000"}))
        .await;
    missing.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.error_code(), "invalid_body");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(n, 0, "nothing half-written");
}

async fn a_registered_phone_cannot_register_twice(app: TestApp) {
    app.register(&app.client(), register_body("13912345678"))
        .await
        .assert_status(StatusCode::CREATED);
    app.config.clock.set(NOW + 120);
    let res = app
        .register(&app.client(), register_body("139 1234 5678"))
        .await;
    res.assert_status(StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "phone_registered");
}

async fn wrong_password_and_unknown_phone_look_the_same(app: TestApp) {
    app.create_user("13900000001", &[]).await;
    let client = app.client();
    let wrong = client.login("13900000001", "not-the-password").await;
    let unknown = client.login("13900000099", "not-the-password").await;
    wrong.assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(
        (wrong.status, wrong.text()),
        (unknown.status, unknown.text())
    );
    assert_eq!(wrong.error_code(), "invalid_credentials");
    assert!(wrong.header("set-cookie").is_none());
}

async fn five_failures_lock_the_number_for_a_while_registered_or_not(app: TestApp) {
    app.create_user("13900000001", &[]).await;
    for phone in ["13900000001", "13900000077"] {
        let client = app.client();
        for _ in 0..5 {
            client
                .login(phone, "guess-guess")
                .await
                .assert_status(StatusCode::UNAUTHORIZED);
        }
        // Even the right password is refused now, from another address too.
        let res = app.client().login(phone, PASSWORD).await;
        res.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.error_code(), "rate_limited");
        assert!(
            res.header("retry-after")
                .and_then(|v| v.parse::<u64>().ok())
                .is_some_and(|s| s > 0 && s <= 900)
        );
    }
}

async fn logins_from_one_address_are_limited(app: TestApp) {
    let client = app.client();
    for i in 0..30 {
        let phone = format!("1390000{i:04}");
        client
            .login(&phone, "x-x-x-x-x")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    let res = client.login("13900009999", "x-x-x-x-x").await;
    res.assert_status(StatusCode::TOO_MANY_REQUESTS);
    app.client()
        .login("13900009999", "x-x-x-x-x")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

async fn login_rotates_the_session_id(app: TestApp) {
    let client = app.login_as("13900000001", &[]).await;
    let first = client.cookie().expect("session");
    client
        .login("13900000001", PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    let second = client.cookie().expect("session");
    assert_ne!(first, second, "a new id at login");
    let stale = app.client();
    stale.set_cookie(Some(first));
    stale
        .get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    client.get("/api/v1/me").await.assert_status(StatusCode::OK);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id_hash = $1")
        .bind(&second)
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(stored, 0, "only the hash of the token is stored");
}

async fn logout_ends_the_session_and_logout_all_ends_every_session(app: TestApp) {
    let phone = "13900000001";
    let a = app.login_as(phone, &[]).await;
    let token_a = a.cookie().expect("token");
    let res = a.post("/api/v1/auth/logout", &json!({})).await;
    res.assert_status(StatusCode::NO_CONTENT);
    assert!(
        res.header("set-cookie")
            .is_some_and(|c| c.contains("Max-Age=0"))
    );
    let replay = app.client();
    replay.set_cookie(Some(token_a));
    replay
        .get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    let (b, c) = (app.client(), app.client());
    for client in [&b, &c] {
        client
            .login(phone, PASSWORD)
            .await
            .assert_status(StatusCode::OK);
    }
    let sessions: SessionList = b.get("/api/v1/me/sessions").await.json();
    assert_eq!(sessions.items.len(), 2);
    assert_eq!(sessions.items.iter().filter(|s| s.current).count(), 1);
    b.post("/api/v1/auth/logout-all", &json!({}))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    b.get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    c.get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

async fn changing_the_password_ends_the_other_sessions(app: TestApp) {
    let phone = "13900000001";
    let here = app.login_as(phone, &[]).await;
    let elsewhere = app.client();
    elsewhere
        .login(phone, PASSWORD)
        .await
        .assert_status(StatusCode::OK);

    let wrong = here
        .post(
            "/api/v1/me/password",
            &json!({"current_password": "nope-nope", "new_password": "new-river-77"}),
        )
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.error_code(), "wrong_password");
    let common = here
        .post(
            "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": "qwertyuiop"}),
        )
        .await;
    assert_eq!(common.error_code(), "password_too_common");

    here.post(
        "/api/v1/me/password",
        &json!({"current_password": PASSWORD, "new_password": "new-river-77"}),
    )
    .await
    .assert_status(StatusCode::NO_CONTENT);
    here.get("/api/v1/me").await.assert_status(StatusCode::OK);
    elsewhere
        .get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.client()
        .login(phone, PASSWORD)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.client()
        .login(phone, "new-river-77")
        .await
        .assert_status(StatusCode::OK);
}

async fn idle_and_absolute_lifetimes_end_sessions(app: TestApp) {
    let idle = app.login_as("13900000001", &[]).await;
    let absolute = app.login_as("13900000002", &[]).await;
    let staff = app
        .login_as(
            "13900000003",
            &[(Role::CommitteeMember, "440304001001", None)],
        )
        .await;
    let now = app.config.clock.now();
    // A resident idle for a day is still in; staff idle for three hours are out.
    let hash = |c: &crate::helpers::Client<'_>| {
        server::accounts::session::token_hash(&c.cookie().expect("token"))
    };
    for (h, seen) in [
        (hash(&idle), now - 24 * 3600),
        (hash(&staff), now - 3 * 3600),
    ] {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
            .bind(h)
            .bind(seen)
            .execute(app.db.pool())
            .await
            .expect("age");
    }
    sqlx::query("UPDATE sessions SET expires_at = $2 WHERE id_hash = $1")
        .bind(hash(&absolute))
        .bind(now - 1)
        .execute(app.db.pool())
        .await
        .expect("expire");
    idle.get("/api/v1/me").await.assert_status(StatusCode::OK);
    staff
        .get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    absolute
        .get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

async fn export_contains_the_users_data_as_a_download(app: TestApp) {
    let client = app
        .login_as(
            "13900000001",
            &[(Role::CommitteeMember, "440304001001", None)],
        )
        .await;
    let res = client.get("/api/v1/me/export").await;
    res.assert_status(StatusCode::OK);
    assert!(
        res.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let doc: Value = res.json();
    assert_eq!(
        doc["account"]["phone"], "13900000001",
        "the owner gets their full number"
    );
    assert_eq!(doc["account"]["home_community"], "440304001001");
    assert_eq!(doc["roles"][0]["role"], "committee_member");
    assert_eq!(doc["sessions"].as_array().map(Vec::len), Some(1));
}

async fn deleting_the_account_erases_personal_data(app: TestApp) {
    let id = app
        .create_user(
            "13900000001",
            &[(Role::CommitteeMember, "440304001001", None)],
        )
        .await;
    let client = app.client();
    client
        .login("13900000001", PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    let wrong = client
        .post("/api/v1/me/delete", &json!({"password": "not-it-at-all"}))
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    client
        .post("/api/v1/me/delete", &json!({"password": PASSWORD}))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    client
        .get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    let row: (Option<String>, Option<String>, String, String) = sqlx::query_as(
        "SELECT phone, password_hash, display_name, status FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_one(app.db.pool())
    .await
    .expect("row kept");
    assert_eq!(
        row,
        (None, None, " ".to_owned(), "deleted".to_owned()),
        "the name is erased: it reads as a deleted account in the reader's language"
    );
    let grants: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM role_grants WHERE user_id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .expect("n");
    assert_eq!(grants, 0);
    app.client()
        .login("13900000001", PASSWORD)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.register(&app.client(), register_body("13900000001"))
        .await
        .assert_status(StatusCode::CREATED);
}

async fn second_factor_is_required_once_enabled_and_codes_are_single_use(app: TestApp) {
    let phone = "13900000001";
    let client = app.login_as(phone, &[(Role::Admin, "440304", None)]).await;
    let setup: TotpSetup = client
        .post("/api/v1/me/totp/setup", &json!({}))
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(
        setup.otpauth_uri.starts_with("otpauth://totp/Linli:") && setup.qr_svg.contains("<svg")
    );
    let now = u64::try_from(app.config.clock.now()).expect("time");
    let code = |t: u64| server::accounts::totp::code_at(&setup.secret, t).expect("code");
    client
        .post("/api/v1/me/totp/enable", &json!({"code": "000000"}))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let me: Me = client
        .post("/api/v1/me/totp/enable", &json!({"code": code(now)}))
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(me.mfa_enabled);

    let fresh = app.client();
    let login: LoginResponse = fresh
        .login(phone, PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert!(login.mfa_required && login.me.is_none());
    fresh
        .get("/api/v1/me")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    let pending = fresh.cookie();
    let replay = fresh
        .post("/api/v1/auth/totp", &json!({"code": code(now)}))
        .await;
    assert_eq!(
        replay.error_code(),
        "invalid_totp",
        "the code used to enable cannot be used again"
    );
    // The next time step's code is accepted (one step of skew is allowed).
    fresh
        .post("/api/v1/auth/totp", &json!({"code": code(now + 30)}))
        .await
        .assert_status(StatusCode::OK);
    assert_ne!(
        fresh.cookie(),
        pending,
        "the session id rotates after the second factor"
    );
    fresh.get("/api/v1/me").await.assert_status(StatusCode::OK);

    let other = app.client();
    other
        .login(phone, PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    other
        .post("/api/v1/auth/totp", &json!({"code": code(now + 30)}))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}

async fn profile_can_be_updated(app: TestApp) {
    let client = app.login_as("13900000001", &[]).await;
    let me: Me = client
        .put(
            "/api/v1/me",
            &json!({"display_name": "李阿姨", "home_community": "440305001001"}),
        )
        .await
        .assert_status(StatusCode::OK)
        .json();
    assert_eq!(me.display_name, "李阿姨");
    assert_eq!(
        me.home_community.map(|c| c.code),
        Some("440305001001".to_owned())
    );
}

async fn the_user_add_command_bootstraps_an_admin(app: TestApp) {
    let args = server::accounts::cli::AddUser {
        phone: "13700000000".into(),
        role: "admin".into(),
        region: "440300".into(),
        department: None,
        name: "市管理员".into(),
    };
    let line = server::accounts::cli::add_user(&app.db, &args, app.config.clock.now(), || {
        Ok("bootstrap-pass-1".to_owned())
    })
    .await
    .expect("user add");
    assert!(
        line.contains("created") && line.contains("137****0000"),
        "{line}"
    );
    let client = app.client();
    let login: LoginResponse = client
        .login("13700000000", "bootstrap-pass-1")
        .await
        .assert_status(StatusCode::OK)
        .json();
    let me = login.me.expect("logged in");
    assert!(
        me.roles
            .iter()
            .any(|g| g.role == Role::Admin && g.region.code == "440300")
    );
}
