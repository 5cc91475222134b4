//! What the site says about itself: its name and contacts, set by city administrators instead
//! of sample text, and whether it holds demo data. Also the notices administrators should act on.
use std::collections::HashMap;

use app::api::{
    Text,
    system::{AdminNotice, AdminNotices, SetSiteInfo, SiteInfo},
};
use axum::{
    extract::State,
    http::{HeaderValue, header},
    response::IntoResponse,
};
use jiff::civil::Date;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState, Db,
    accounts::session::{Admins, WithRole},
    audit,
    error::{ApiError, ApiResult, messages::Message},
    extract::Json,
    phrase::Phrase,
};

/// The product's own name, until an administrator names the site.
const DEFAULT_NAME: (&str, &str) = ("邻里", "Linli");

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("invalid_site_name", "请填写网站名称（不超过 40 字）。", "Give the site a name (at most 40 characters)."),
    ("invalid_contact", "联系方式不超过 200 字。", "A contact is at most 200 characters."),
];

/// What the audit log says about the site's settings.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_site_settings", "设置：{settings}", "Settings: {settings}"),
];

/// What a setting is called on the settings page, in Chinese and English.
fn setting_name(key: &str) -> (&str, &str) {
    match key {
        "name_zh" => ("站点名称（中文）", "site name (Chinese)"),
        "name_en" => ("站点名称（英文）", "site name (English)"),
        "contact" => ("联系方式", "contact"),
        "open311_contact" => ("Open311 联系人", "Open311 contact"),
        other => (other, other),
    }
}

/// The audit detail of new settings: each by its name, in each language (rows written before
/// name the keys).
pub fn settings_detail(values: &[(&str, Option<String>)]) -> Phrase {
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for (key, value) in values {
        let (name_zh, name_en) = setting_name(key);
        zh.push(format!(
            "{name_zh}：{}",
            value.as_deref().unwrap_or("（空）")
        ));
        en.push(format!(
            "{name_en}: {}",
            value.as_deref().unwrap_or("(none)")
        ));
    }
    Phrase::new("audit_site_settings").words(
        "settings",
        "settings_en",
        zh.join("；"),
        en.join("; "),
    )
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_site))
        .routes(routes!(set_site))
        .routes(routes!(notices))
}

async fn settings(db: &Db) -> Result<HashMap<String, String>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM site_settings")
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().collect())
}

/// The site's settings as published.
pub async fn info(db: &Db) -> Result<SiteInfo, sqlx::Error> {
    let mut s = settings(db).await?;
    let name_zh = s
        .remove("name_zh")
        .unwrap_or_else(|| DEFAULT_NAME.0.to_owned());
    let name_en = s
        .remove("name_en")
        .or_else(|| (name_zh == DEFAULT_NAME.0).then(|| DEFAULT_NAME.1.to_owned()));
    Ok(SiteInfo {
        name: Text::new(name_zh, name_en),
        contact: s.remove("contact"),
        open311_contact: s.remove("open311_contact"),
        demo: s.contains_key("demo_seeded_at"),
    })
}

/// Records that demo data was seeded into this database (`linli serve --demo`).
pub async fn mark_demo(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO site_settings (key, value, updated_at) VALUES ('demo_seeded_at', $1, $2) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(now.to_string())
    .bind(now)
    .execute(db.pool())
    .await
    .map(|_| ())
}

/// The site's name, contacts and whether it shows demo data.
#[utoipa::path(get, path = "/site", tag = "system",
    responses((status = 200, body = SiteInfo)))]
async fn get_site(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let info = info(&state.db).await?;
    Ok((
        [(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        )],
        Json(info),
    ))
}

fn optional(
    value: Option<&str>,
    max: usize,
    code: &'static str,
    field: &str,
) -> ApiResult<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) if v.chars().count() > max || v.chars().any(|c| c.is_control() && c != '\n') => {
            Err(ApiError::invalid(code, field))
        }
        other => Ok(other.map(str::to_owned)),
    }
}

/// Sets the site's name and contacts (city administrators). Empty optional fields are cleared.
#[utoipa::path(put, path = "/admin/site", tag = "system", request_body = SetSiteInfo,
    responses((status = 200, body = SiteInfo), (status = 403, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn set_site(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Json(req): Json<SetSiteInfo>,
) -> ApiResult<Json<SiteInfo>> {
    let now = state.config.clock.now();
    crate::calendar::require_city_admin(&state, &admin).await?;
    let name_zh = optional(
        Some(req.name_zh.as_str()),
        40,
        "invalid_site_name",
        "name_zh",
    )?
    .ok_or_else(|| ApiError::invalid("invalid_site_name", "name_zh"))?;
    let values = [
        ("name_zh", Some(name_zh)),
        (
            "name_en",
            optional(req.name_en.as_deref(), 80, "invalid_site_name", "name_en")?,
        ),
        (
            "contact",
            optional(req.contact.as_deref(), 200, "invalid_contact", "contact")?,
        ),
        (
            "open311_contact",
            optional(
                req.open311_contact.as_deref(),
                200,
                "invalid_contact",
                "open311_contact",
            )?,
        ),
    ];
    let mut tx = state.db.begin_write().await?;
    for (key, value) in &values {
        match value {
            Some(v) => {
                sqlx::query(
                    "INSERT INTO site_settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
                     updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                )
                .bind(*key)
                .bind(v)
                .bind(now)
                .bind(admin.id)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM site_settings WHERE key = $1")
                    .bind(*key)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    let detail = settings_detail(&values);
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(admin.id),
            action: "site.set",
            subject: "site".to_owned(),
            region: None,
            detail: Some(detail),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(info(&state.db).await?))
}

/// What administrators should act on, given today's date and the confirmed calendar years:
/// from November on, next year's holidays must be confirmed.
pub fn notices_for(today: Date, confirmed_years: &[i16]) -> Vec<AdminNotice> {
    let next = today.year() + 1;
    if today.month() >= 11 && !confirmed_years.contains(&next) {
        vec![AdminNotice::CalendarYearMissing { year: next }]
    } else {
        Vec::new()
    }
}

/// Notices for administrators (e.g. next year's holiday calendar is not confirmed).
#[utoipa::path(get, path = "/admin/notices", tag = "system",
    responses((status = 200, body = AdminNotices), (status = 403, body = app::api::ErrorBody)))]
async fn notices(
    State(state): State<AppState>,
    WithRole(_admin, _): WithRole<Admins>,
) -> ApiResult<Json<AdminNotices>> {
    let years = crate::calendar::store::confirmed_years(&state.db).await?;
    Ok(Json(AdminNotices {
        items: notices_for(state.config.clock.today(), &years),
    }))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::lang::Lang;

    #[test]
    fn next_year_is_asked_for_from_november_until_confirmed() {
        assert!(notices_for(date(2026, 10, 31), &[2026]).is_empty());
        assert_eq!(
            notices_for(date(2026, 11, 1), &[2026]),
            [AdminNotice::CalendarYearMissing { year: 2027 }]
        );
        assert_eq!(
            notices_for(date(2026, 12, 31), &[]),
            [AdminNotice::CalendarYearMissing { year: 2027 }]
        );
        assert!(notices_for(date(2026, 12, 3), &[2026, 2027]).is_empty());
        assert!(notices_for(date(2027, 1, 2), &[2026]).is_empty());
    }

    #[test]
    fn the_audit_detail_names_each_setting_in_the_readers_language() {
        crate::register_messages();
        let detail =
            settings_detail(&[("name_zh", Some("南山邻里".to_owned())), ("name_en", None)]);
        let read =
            |lang| crate::phrase::render(detail.code, detail.params_json().as_deref(), &[], lang);
        assert_eq!(
            read(Lang::En),
            "Settings: site name (Chinese): 南山邻里; site name (English): (none)"
        );
        assert_eq!(
            read(Lang::Zh),
            "设置：站点名称（中文）：南山邻里；站点名称（英文）：（空）"
        );
    }
}
