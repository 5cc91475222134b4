//! The audit log: staff actions and every view of unmasked personal data.
//!
//! An entry's detail is kept as a message code and values ([`Phrase`]) and rendered in the
//! reader's language when the log is read. Each domain keeps the templates of its own codes
//! beside its messages (`AUDIT`, codes starting `audit_`); the generic ones are here.
use sqlx::{Any, Executor, Transaction};

use crate::{
    Db,
    db::Sql,
    error::messages::Message,
    lang::Lang,
    phrase::{self, Phrase},
};

/// One thing to record.
pub struct Event<'a> {
    pub actor: Option<i64>,
    pub action: &'a str,
    pub subject: String,
    pub region: Option<i64>,
    /// What there is to say beyond the action and the subject, if anything. Its values never
    /// hold personal data (names, phone numbers, email addresses): people are named by id.
    pub detail: Option<Phrase>,
}

impl<'a> Event<'a> {
    /// `actor` did `action` to the record `subject` (`kind:id`) of `region`.
    pub fn new(actor: i64, action: &'a str, subject: String, region: Option<i64>) -> Self {
        Event {
            actor: Some(actor),
            action,
            subject,
            region,
            detail: None,
        }
    }

    /// `actor` did `action` to `on`.
    pub fn on(actor: i64, action: &'a str, on: &impl Subject) -> Self {
        Self::new(actor, action, on.subject(), on.region())
    }

    /// With what there is to say beyond the action and the subject.
    #[must_use]
    pub fn saying(mut self, detail: impl Into<Option<Phrase>>) -> Self {
        self.detail = detail.into();
        self
    }
}

/// A record the audit log names: its subject (`kind:id`) and the region it belongs to.
/// Domains implement it for the records their staff act on.
pub trait Subject {
    fn subject(&self) -> String;
    fn region(&self) -> Option<i64>;
}

/// Records that `actor` did `action` to `on`, with what there is to say beyond that.
pub async fn record_on<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    actor: i64,
    action: &str,
    on: &impl Subject,
    detail: Option<Phrase>,
    now: i64,
) -> Result<(), sqlx::Error> {
    record(conn, Event::on(actor, action, on).saying(detail), now).await
}

/// Ends a staff action: writes its entries in the action's own transaction and commits both, so
/// that no change is kept without its entry and no entry tells of a change rolled back.
pub async fn commit<'a>(
    mut tx: Transaction<'static, Any>,
    events: impl IntoIterator<Item = Event<'a>>,
    now: i64,
) -> Result<(), sqlx::Error> {
    for event in events {
        record(&mut *tx, event, now).await?;
    }
    tx.commit().await
}

/// Details that several domains write.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("audit_reason", "原因：{reason}", "Reason: {reason}"),
    ("audit_changed_fields", "修改了：{fields}", "Changed: {fields}"),
    ("audit_day", "日期：{day}", "Date: {day}"),
    ("audit_user", "用户 #{user}", "User #{user}"),
    ("audit_minutes", "{minutes} 分钟", "{minutes} minutes"),
    ("audit_minutes_reason", "{minutes} 分钟，原因：{reason}", "{minutes} minutes; reason: {reason}"),
    ("audit_as_written", "{text}", "{text}"),
];

/// Writes an event. The row keeps the detail's code and values, and in `detail` its English
/// rendering at the time of writing for whoever reads the table without the server (log tools,
/// SQL); the server itself renders from the code (see [`Row::detail`]).
pub async fn record<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    event: Event<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (english, params) = stored(event.detail.as_ref());
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, subject, region_id, detail, detail_code, detail_params) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now)
    .bind(event.actor)
    .bind(event.action)
    .bind(event.subject)
    .bind(event.region)
    .bind(english)
    .bind(event.detail.as_ref().map(|p| p.code))
    .bind(params)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A detail as stored: its English rendering and its values (JSON).
fn stored(detail: Option<&Phrase>) -> (String, Option<String>) {
    let params = detail.and_then(Phrase::params_json);
    let english = detail.map_or_else(String::new, |p| {
        phrase::render(p.code, params.as_deref(), &[], Lang::En)
    });
    (english, params)
}

/// An entry written before details had codes (migration 0033).
#[derive(Debug, sqlx::FromRow)]
pub struct Uncoded {
    pub id: i64,
    pub action: String,
    pub detail: String,
}

/// Up to `limit` entries with a detail but no code, after the entry `after`, oldest first.
pub async fn uncoded(db: &Db, after: i64, limit: i64) -> Result<Vec<Uncoded>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, action, detail FROM audit_log WHERE detail_code IS NULL AND detail <> '' \
         AND id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Stores an entry's detail again, as [`record`] would have written it.
pub async fn set_detail<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
    detail: Option<&Phrase>,
) -> Result<(), sqlx::Error> {
    let (english, params) = stored(detail);
    sqlx::query(
        "UPDATE audit_log SET detail = $1, detail_code = $2, detail_params = $3 WHERE id = $4",
    )
    .bind(english)
    .bind(detail.map(|p| p.code))
    .bind(params)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Which entries to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    /// The regions whose entries (and their descendants') are shown.
    pub roots: &'a [i64],
    /// Whether entries without a region are shown as well (city administrators).
    pub without_region: bool,
    pub action: Option<&'a str>,
    pub actor: Option<i64>,
    /// Only entries older than this id (the page cursor).
    pub before: Option<i64>,
    pub limit: u32,
}

/// An entry as read, with who acted and the region's code.
#[derive(Debug, sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    /// As stored (a deleted account has a marker, read by `accounts::PersonName`).
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: String,
    pub region_code: Option<String>,
    detail: String,
    detail_code: Option<String>,
    detail_params: Option<String>,
}

impl Row {
    /// The detail in a language. Entries written before details had codes (migration 0033)
    /// have none and read as stored.
    pub fn detail(&self, lang: Lang) -> String {
        match &self.detail_code {
            Some(code) => phrase::render(code, self.detail_params.as_deref(), &[], lang),
            None => self.detail.clone(),
        }
    }
}

/// Up to `limit` entries of the filter, newest first.
pub async fn list(db: &Db, f: &Filter<'_>) -> Result<Vec<Row>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT a.id, a.at, a.actor_id, u.display_name AS actor_name, a.action, a.subject, \
         r.code AS region_code, a.detail, a.detail_code, a.detail_params \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
         LEFT JOIN regions r ON r.id = a.region_id WHERE (",
    );
    if f.roots.is_empty() {
        sql.push("1 = 0");
    } else {
        sql.push("a.region_id IN (SELECT descendant_id FROM region_closure WHERE ancestor_id IN ")
            .bind_list(f.roots)
            .push(")");
    }
    if f.without_region {
        sql.push(" OR a.region_id IS NULL");
    }
    sql.push(")");
    if let Some(action) = f.action {
        sql.push(" AND a.action = ").bind(action);
    }
    if let Some(actor) = f.actor {
        sql.push(" AND a.actor_id = ").bind(actor);
    }
    if let Some(before) = f.before {
        sql.push(" AND a.id < ").bind(before);
    }
    sql.push(" ORDER BY a.id DESC LIMIT ")
        .bind(i64::from(f.limit));
    sql.query_as().fetch_all(db.pool()).await
}

#[cfg(test)]
mod tests {
    use crate::error::messages;

    /// The `{name}`s of a template, sorted.
    fn holes(s: &str) -> Vec<&str> {
        let mut v: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n))
            .collect();
        v.sort_unstable();
        v
    }

    /// The `"audit_…"` string literals of the sources: the codes the server records.
    fn codes_in_sources() -> Vec<String> {
        let sources = messages::tests::rust_sources();
        let mut codes = Vec::new();
        for source in &sources {
            for piece in source.split("\"audit_").skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                    .collect();
                if !name.is_empty() && piece[name.len()..].starts_with('"') {
                    codes.push(format!("audit_{name}"));
                }
            }
        }
        codes.sort();
        codes.dedup();
        codes
    }

    #[test]
    fn every_audit_code_has_a_template_in_both_languages_with_the_same_placeholders() {
        crate::register_messages();
        let templates: Vec<_> = messages::all()
            .filter(|(code, _, _)| code.starts_with("audit_"))
            .collect();
        assert!(templates.len() > 40, "the domains' tables are registered");
        for (code, zh, en) in &templates {
            assert!(!zh.is_empty() && !en.is_empty(), "{code}");
            assert_eq!(holes(zh), holes(en), "{code}: the same values in both");
            assert!(
                !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code}: English words only"
            );
        }
        let known: Vec<&str> = templates.iter().map(|(code, _, _)| *code).collect();
        let missing: Vec<String> = codes_in_sources()
            .into_iter()
            .filter(|c| !known.contains(&c.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "audit codes without a template: {missing:?}"
        );
    }

    #[test]
    fn a_detail_renders_from_its_code_and_an_old_one_reads_as_stored() {
        crate::register_messages();
        let row = |code: Option<&str>, params: Option<&str>| super::Row {
            id: 1,
            at: 0,
            actor_id: None,
            actor_name: None,
            action: "role.revoke".into(),
            subject: "user:1".into(),
            region_code: None,
            detail: "grant 7: committee_member".into(),
            detail_code: code.map(str::to_owned),
            detail_params: params.map(str::to_owned),
        };
        let params = r#"{"grant":"7","role":"居委会委员","role_en":"Committee member"}"#;
        let new = row(Some("audit_role_revoked"), Some(params));
        assert_eq!(
            new.detail(crate::lang::Lang::En),
            "Grant 7 revoked: Committee member"
        );
        assert_eq!(
            new.detail(crate::lang::Lang::Zh),
            "撤销第 7 号授权：居委会委员"
        );
        let old = row(None, None);
        assert_eq!(
            old.detail(crate::lang::Lang::En),
            "grant 7: committee_member"
        );
    }
}
