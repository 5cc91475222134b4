//! Fixtures of registration and login, the caller's own account, family links and in-app
//! notifications.
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::world::{Call, Caller, Route, World, expect};
use crate::helpers::{Client, PASSWORD, code_in};

pub async fn call(w: &World<'_>, who: &Caller<'_>, route: &Route) -> Option<Call> {
    let app = w.app;
    Some(match (route.method.as_str(), route.path.as_str()) {
        ("POST", "/api/v1/auth/sms-codes") => route
            .call()
            .json(json!({"phone": w.phone(), "purpose": "register"})),
        ("POST", "/api/v1/auth/register") => {
            let phone = w.phone();
            let code = app.sms_code(&who.client, &phone, "register").await;
            route.call().json(json!({
                "phone": phone, "password": "tiger-lily-42", "display_name": "小王",
                "home_community": "440304001001", "sms_code": code
            }))
        }
        ("POST", "/api/v1/auth/login-code") => {
            let phone = w.new_resident_phone().await;
            let code = app.sms_code(&who.client, &phone, "login").await;
            route.call().json(json!({"phone": phone, "sms_code": code}))
        }
        ("POST", "/api/v1/auth/password-reset") => {
            let phone = w.new_resident_phone().await;
            let code = app.sms_code(&who.client, &phone, "reset").await;
            route
                .call()
                .json(json!({"phone": phone, "sms_code": code, "new_password": "new-lily-4242"}))
        }
        ("POST", "/api/v1/auth/login") => {
            let phone = w.new_resident_phone().await;
            route
                .call()
                .json(json!({"phone": phone, "password": PASSWORD}))
        }
        ("POST", "/api/v1/auth/logout" | "/api/v1/auth/logout-all") => route.call().json(json!({})),

        (
            "GET",
            "/api/v1/me"
            | "/api/v1/me/family-links"
            | "/api/v1/me/sessions"
            | "/api/v1/me/export"
            | "/api/v1/me/notifications"
            | "/api/v1/me/notification-settings",
        ) => route.call(),
        ("PUT", "/api/v1/me") => route
            .call()
            .json(json!({"display_name": "小李", "home_community": "440304001001"})),
        ("POST", "/api/v1/me/password") => route
            .call()
            .json(json!({"current_password": PASSWORD, "new_password": "new-river-77"})),
        ("PUT", "/api/v1/me/phone") => {
            let phone = w.phone();
            let code = app.sms_code(&who.client, &phone, "change_phone").await;
            route
                .call()
                .json(json!({"phone": phone, "sms_code": code, "password": PASSWORD}))
        }
        ("POST", "/api/v1/me/email-codes") => route
            .call()
            .json(json!({"email": format!("{}@example.cn", w.phone())})),
        ("PUT", "/api/v1/me/email") => {
            // The code goes to the address the caller asked for (anonymous callers cannot ask).
            let asker = if who.is_anonymous() {
                &w.resident
            } else {
                &who.client
            };
            let email = format!("{}@example.cn", w.phone());
            let code = email_code(w, asker, &email).await;
            route.call().json(json!({"email": email, "code": code}))
        }
        ("DELETE", "/api/v1/me/email") => route.call(),
        ("POST", "/api/v1/me/family-links") => route
            .call()
            .json(json!({"phone": w.new_resident_phone().await, "direction": "i_act_for_them"})),
        ("POST", "/api/v1/me/family-links/{id}/accept") => {
            // Someone asks to act for the caller; the caller confirms.
            let phone = match &who.phone {
                Some(phone) => phone.clone(),
                None => w.new_resident_phone().await,
            };
            let (family, _) = w.new_resident().await;
            let link = invite(&family, &phone).await;
            route.at([link]).json(json!({}))
        }
        ("DELETE", "/api/v1/me/family-links/{id}") => {
            let inviter = if who.is_anonymous() {
                &w.resident
            } else {
                &who.client
            };
            route.at([invite(inviter, &w.new_resident_phone().await).await])
        }
        ("POST", "/api/v1/me/delete") => route.call().json(json!({"password": PASSWORD})),
        ("POST", "/api/v1/me/totp/setup") => route.call().json(json!({})),
        ("POST", "/api/v1/me/totp/enable") => {
            // The code of the secret the caller's setup just made (nobody's, anonymously).
            let code = if who.is_anonymous() {
                "000000".to_owned()
            } else {
                let secret = totp_secret(&who.client).await;
                let now = u64::try_from(app.config.clock.now()).expect("time");
                server::accounts::totp::code_at(&secret, now).expect("code")
            };
            route.call().json(json!({"code": code}))
        }
        ("POST", "/api/v1/me/totp/disable") => route.call().json(json!({"password": PASSWORD})),

        ("POST", "/api/v1/me/notifications/{id}/read") => {
            let user = who.id.unwrap_or(w.resident_id);
            route.at([notify(w, user).await]).json(json!({}))
        }
        ("POST", "/api/v1/me/notifications/read-all") => route.call().json(json!({})),
        ("PUT", "/api/v1/me/notification-settings") => route.call().json(json!({
            "topics": [{"topic": "booking", "sms": false, "email": true}]
        })),
        _ => return None,
    })
}

/// `inviter` asks to act for the account of `phone`; returns the link's id.
async fn invite(inviter: &Client<'_>, phone: &str) -> i64 {
    let link = expect(
        inviter
            .post(
                "/api/v1/me/family-links",
                &json!({"phone": phone, "direction": "i_act_for_them"}),
            )
            .await,
        StatusCode::CREATED,
    );
    link["id"].as_i64().expect("link id")
}

/// Starts a second-factor setup for `client`; returns the secret.
async fn totp_secret(client: &Client<'_>) -> String {
    let setup = expect(
        client.post("/api/v1/me/totp/setup", &json!({})).await,
        StatusCode::OK,
    );
    setup["secret"].as_str().expect("secret").to_owned()
}

/// `asker` asks for a code mailed to `email`; returns the code as the mail carried it.
async fn email_code(w: &World<'_>, asker: &Client<'_>, email: &str) -> String {
    use server::notifications::outbox::{Channel, FileSender, Senders, dispatch_once};
    asker
        .post("/api/v1/me/email-codes", &json!({"email": email}))
        .await
        .assert_status(StatusCode::ACCEPTED);
    let app = w.app;
    std::fs::create_dir_all(&app.config.data_dir).expect("data dir");
    let path = app.config.data_dir.join("authz-mail.jsonl");
    let senders = Senders::new(vec![std::sync::Arc::new(FileSender::new(
        Channel::Email,
        path.clone(),
    ))]);
    dispatch_once(&app.db, &senders, app.config.clock.now(), 1000)
        .await
        .expect("dispatch");
    let text = std::fs::read_to_string(&path).expect("mail file");
    let mail = text
        .lines()
        .rev()
        .map(|l| serde_json::from_str::<Value>(l).expect("json line"))
        .find(|m| m["to"] == email)
        .expect("a mail to the address");
    code_in(mail["text"].as_str().expect("text")).expect("a code in the mail")
}

/// An in-app notification for `user`; returns its id.
async fn notify(w: &World<'_>, user: i64) -> i64 {
    use app::api::Text;
    use server::notifications::{self, Channels, Notice};
    let mut conn = w.app.db.pool().acquire().await.expect("conn");
    notifications::notify(
        &mut conn,
        &Notice {
            user_id: user,
            kind: "test.kind",
            title: Text::new("授权测试", None),
            body: Text::new("正文", None),
            link: None,
            channels: Channels::IN_APP,
        },
        w.app.config.clock.now(),
    )
    .await
    .expect("notify");
    sqlx::query_scalar("SELECT MAX(id) FROM notifications WHERE user_id = $1")
        .bind(user)
        .fetch_one(w.app.db.pool())
        .await
        .expect("notification id")
}
