//! In-app notifications and the outbox dispatcher.
use std::sync::{Arc, Mutex};

use app::api::{Text, notifications::NotificationList};
use axum::http::StatusCode;
use server::notifications::{
    self, Channels, Notice,
    outbox::{self, Channel, Outgoing, SendFuture, Sender, Senders},
};

use crate::helpers::TestApp;

both_backends!(
    a_user_sees_only_their_own_notifications_and_marks_them_read,
    the_dispatcher_sends_retries_with_backoff_and_gives_up,
    deleted_accounts_are_never_messaged,
);

fn notice(user_id: i64, title: &str, channels: Channels) -> Notice {
    Notice {
        user_id,
        kind: "test.kind",
        title: Text::new(title, Some("English title".into())),
        body: Text::new("正文", None),
        link: Some("/feedback".into()),
        channels,
    }
}

async fn send(app: &TestApp, n: &Notice, now: i64) {
    let mut conn = app.db.pool().acquire().await.expect("conn");
    notifications::notify(&mut conn, n, now)
        .await
        .expect("notify");
}

async fn a_user_sees_only_their_own_notifications_and_marks_them_read(app: TestApp) {
    let alice = app.login_as("13900000001", &[]).await;
    let bob_id = app.create_user("13900000002", &[]).await;
    let alice_id: i64 = alice.user_id().await;
    send(&app, &notice(alice_id, "一", Channels::IN_APP), 100).await;
    send(&app, &notice(alice_id, "二", Channels::IN_APP), 200).await;
    send(&app, &notice(bob_id, "给别人", Channels::IN_APP), 300).await;

    let list: NotificationList = alice.notifications().await;
    assert_eq!(list.unread, 2);
    let titles: Vec<&str> = list.items.iter().map(|n| n.title.zh.as_str()).collect();
    assert_eq!(titles, ["二", "一"], "newest first, only Alice's");
    assert_eq!(list.items[0].title.en.as_deref(), Some("English title"));

    let page: NotificationList = alice.get("/api/v1/me/notifications?limit=1").await.json();
    assert_eq!(page.items.len(), 1);
    let cursor = page.next_cursor.expect("a second page");
    let page2: NotificationList = alice
        .get(&format!("/api/v1/me/notifications?limit=1&cursor={cursor}"))
        .await
        .json();
    assert_eq!(page2.items[0].title.zh, "一");

    let first = list.items[1].id;
    alice
        .post(
            &format!("/api/v1/me/notifications/{first}/read"),
            &serde_json::json!({}),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let unread: NotificationList = alice
        .get("/api/v1/me/notifications?unread=true")
        .await
        .json();
    assert_eq!(unread.unread, 1);
    assert_eq!(unread.items.len(), 1);

    // Bob's notification does not exist for Alice.
    let bobs: i64 = sqlx::query_scalar("SELECT id FROM notifications WHERE user_id = $1")
        .bind(bob_id)
        .fetch_one(app.db.pool())
        .await
        .expect("bob's");
    let res = alice
        .post(
            &format!("/api/v1/me/notifications/{bobs}/read"),
            &serde_json::json!({}),
        )
        .await;
    res.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(res.error_code(), "notification_not_found");

    alice
        .post("/api/v1/me/notifications/read-all", &serde_json::json!({}))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let list: NotificationList = alice.notifications().await;
    assert_eq!(list.unread, 0);
    assert!(list.items.iter().all(|n| n.read));

    app.client()
        .get("/api/v1/me/notifications")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

/// A sender that records what it was given and fails the first `failures` calls.
struct Recording {
    sent: Mutex<Vec<Outgoing>>,
    failures: Mutex<u32>,
}

impl Sender for Recording {
    fn channel(&self) -> Channel {
        Channel::Sms
    }
    fn name(&self) -> &str {
        "recording"
    }
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            let mut failures = self.failures.lock().expect("lock");
            if *failures > 0 {
                *failures -= 1;
                return Err("gateway busy".to_owned());
            }
            self.sent.lock().expect("lock").push(message.clone());
            Ok(())
        })
    }
}

async fn outbox_row(app: &TestApp) -> (String, i64, Option<String>) {
    sqlx::query_as(
        "SELECT status, attempts, last_error FROM notification_outbox ORDER BY id LIMIT 1",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("outbox row")
}

async fn the_dispatcher_sends_retries_with_backoff_and_gives_up(app: TestApp) {
    let user = app.create_user("13900000003", &[]).await;
    send(&app, &notice(user, "您的意见已答复", Channels::SMS), 1000).await;
    let recorder = Arc::new(Recording {
        sent: Mutex::new(Vec::new()),
        failures: Mutex::new(1),
    });
    let senders = Senders::new(vec![recorder.clone()]);

    let r = outbox::dispatch_once(&app.db, &senders, 999, 10)
        .await
        .expect("dispatch");
    assert_eq!(
        r,
        outbox::DispatchReport::default(),
        "nothing is due before it was queued"
    );

    let r = outbox::dispatch_once(&app.db, &senders, 1000, 10)
        .await
        .expect("dispatch");
    assert_eq!(r.retried, 1);
    assert_eq!(
        outbox_row(&app).await,
        ("pending".into(), 1, Some("gateway busy".into()))
    );

    let r = outbox::dispatch_once(&app.db, &senders, 1000 + 59, 10)
        .await
        .expect("dispatch");
    assert_eq!(
        r,
        outbox::DispatchReport::default(),
        "waits for the backoff"
    );
    let r = outbox::dispatch_once(&app.db, &senders, 1000 + 60, 10)
        .await
        .expect("dispatch");
    assert_eq!(r.sent, 1);
    assert_eq!(outbox_row(&app).await.0, "sent");
    let sent = recorder.sent.lock().expect("lock").clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].to, "13900000003",
        "the address is looked up at sending time"
    );
    assert!(sent[0].body.starts_with("【邻里】您的意见已答复"));
    let attempts: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT ok, error FROM notification_attempts ORDER BY id")
            .fetch_all(app.db.pool())
            .await
            .expect("attempts");
    assert_eq!(attempts, [(0, Some("gateway busy".into())), (1, None)]);
    let r = outbox::dispatch_once(&app.db, &senders, 1_000_000, 10)
        .await
        .expect("dispatch");
    assert_eq!(
        r,
        outbox::DispatchReport::default(),
        "a sent message is never sent again"
    );

    // A message that keeps failing is given up after the maximum number of attempts.
    sqlx::query("DELETE FROM notification_outbox")
        .execute(app.db.pool())
        .await
        .expect("clear");
    send(&app, &notice(user, "再试", Channels::SMS), 2000).await;
    *recorder.failures.lock().expect("lock") = 100;
    let mut now = 2000;
    for _ in 0..outbox::MAX_ATTEMPTS {
        outbox::dispatch_once(&app.db, &senders, now, 10)
            .await
            .expect("dispatch");
        now += 100_000;
    }
    assert_eq!(outbox_row(&app).await.0, "failed");
}

async fn deleted_accounts_are_never_messaged(app: TestApp) {
    let client = app.login_as("13900000004", &[]).await;
    let id: i64 = client.user_id().await;
    send(&app, &notice(id, "提醒", Channels::SMS), 10).await;
    client
        .post(
            "/api/v1/me/delete",
            &serde_json::json!({"password": crate::helpers::PASSWORD}),
        )
        .await;
    let left: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM notifications")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(left, 0, "the inbox goes with the account");
    // Even a message queued before the deletion (here: re-queued by hand) finds no address.
    let mut conn = app.db.pool().acquire().await.expect("conn");
    server::notifications::store::enqueue(&mut conn, Channel::Sms, id, "x", "text", 10)
        .await
        .expect("enqueue");
    let recorder = Arc::new(Recording {
        sent: Mutex::new(Vec::new()),
        failures: Mutex::new(0),
    });
    let r = outbox::dispatch_once(&app.db, &Senders::new(vec![recorder.clone()]), 20, 10)
        .await
        .expect("dispatch");
    assert_eq!(r.failed, 1);
    assert!(recorder.sent.lock().expect("lock").is_empty());
}
