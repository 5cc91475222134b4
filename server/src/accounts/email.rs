//! A verified email address on an account: a code is mailed to the address, and only an
//! address proven by its code is stored (so mail never goes to a stranger's inbox).
use app::api::{
    accounts::{Me, SmsCodeAccepted},
    notifications::{EmailCodeRequest, SetEmailRequest},
};
use axum::{extract::State, http::StatusCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{CurrentUser, codes, store, views};
use crate::{
    AppState, audit,
    error::{ApiError, ApiResult, Problem, is_unique_violation},
    extract::{ClientIp, Json},
    lang::Lang,
    notifications::{outbox::Channel, store as outbox},
    ratelimit,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_email_code))
        .routes(routes!(set_email, remove_email))
}

/// An email address as stored: trimmed, lower case, `local@domain.tld`, at most 254 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let address = raw.trim().to_lowercase();
        let valid_part = |p: &str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_alphanumeric() || "._%+-'".contains(c))
        };
        let ok = address.len() <= 254
            && address.split_once('@').is_some_and(|(local, domain)| {
                valid_part(local)
                    && local.len() <= 64
                    && domain.contains('.')
                    && domain.split('.').all(|label| {
                        !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                    })
            });
        if ok {
            Ok(Self(address))
        } else {
            Err("invalid_email")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `z***@example.cn`: enough for its owner to recognise, nothing for anyone else.
pub fn masked_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

/// The mail carrying a code: the subject, a blank line, the text (see
/// [`crate::notifications::outbox::email_parts`]).
fn code_mail(code: &str, lang: Lang) -> String {
    let minutes = codes::LIFETIME / 60;
    match lang {
        Lang::Zh => format!(
            "邻里 · 邮箱验证码 {code}\n\n您的验证码是 {code}，用于在邻里账号中添加此邮箱，{minutes} 分钟内有效。\n请勿告诉任何人；如非本人操作，请忽略本邮件。"
        ),
        Lang::En => format!(
            "Linli · your email code {code}\n\nYour code is {code}, to add this address to your Linli account; valid for {minutes} minutes.\nNever share it. If you did not ask for it, ignore this mail."
        ),
    }
}

/// Mails a six-digit code to an address, to prove it belongs to the user.
#[utoipa::path(post, path = "/me/email-codes", tag = "accounts", request_body = EmailCodeRequest,
    responses((status = 202, body = SmsCodeAccepted), (status = 401, body = app::api::ErrorBody),
              (status = 409, description = "email_registered", body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody), (status = 429, body = app::api::ErrorBody)))]
async fn request_email_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    user: CurrentUser,
    Json(req): Json<EmailCodeRequest>,
) -> ApiResult<(StatusCode, Json<SmsCodeAccepted>)> {
    ratelimit::SMS_CODES_PER_IP.hit(&state, &ip).await?;
    let address = EmailAddress::parse(&req.email).map_err(|c| ApiError::invalid(c, "email"))?;
    if store::user_id_by_email(&state.db, address.as_str())
        .await?
        .is_some_and(|owner| owner != user.id)
    {
        return Err(ApiError::Conflict(
            Problem::new("email_registered").field("email"),
        ));
    }
    let per_address = ratelimit::SMS_CODES_PER_PHONE;
    per_address.check(&state, address.as_str()).await?;
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    let code = match codes::issue(&mut tx, codes::Proof::Email(address.as_str()), now).await? {
        Ok(code) => code,
        Err(wait) => {
            return Err(ApiError::RateLimited {
                retry_after_secs: u64::try_from(wait).unwrap_or(1).max(1),
            });
        }
    };
    outbox::enqueue_to_address(
        &mut tx,
        Channel::Email,
        address.as_str(),
        codes::OUTBOX_KIND,
        &code_mail(&code, Lang::current()),
        now,
    )
    .await?;
    tx.commit().await?;
    per_address.hit(&state, address.as_str()).await?;
    state.outbox.wake();
    Ok((
        StatusCode::ACCEPTED,
        Json(SmsCodeAccepted {
            expires_in_seconds: u32::try_from(codes::LIFETIME).unwrap_or(600),
            resend_after_seconds: u32::try_from(codes::RESEND_AFTER).unwrap_or(60),
        }),
    ))
}

/// Stores the address once its code is confirmed; notices then also go by email as the
/// account's settings choose.
#[utoipa::path(put, path = "/me/email", tag = "accounts", request_body = SetEmailRequest,
    responses((status = 200, body = Me), (status = 401, body = app::api::ErrorBody),
              (status = 409, description = "email_registered", body = app::api::ErrorBody),
              (status = 422, description = "invalid_email, email_code_invalid or email_code_expired", body = app::api::ErrorBody),
              (status = 429, body = app::api::ErrorBody)))]
async fn set_email(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<SetEmailRequest>,
) -> ApiResult<Json<Me>> {
    let address = EmailAddress::parse(&req.email).map_err(|c| ApiError::invalid(c, "email"))?;
    let limit = ratelimit::SMS_CODE_FAILURES_PER_PHONE;
    limit.check(&state, address.as_str()).await?;
    let now = state.config.clock.now();
    let proof = codes::Proof::Email(address.as_str());
    let check = codes::consume(&state.db, proof, &req.code, now).await?;
    if check == codes::Check::Wrong {
        limit.hit(&state, address.as_str()).await?;
    }
    if let Some(refused) = check.email_refusal() {
        return Err(refused);
    }
    let mut tx = state.db.begin_write().await?;
    match store::set_email(&mut *tx, user.id, Some(address.as_str()), now).await {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => {
            return Err(ApiError::Conflict(
                Problem::new("email_registered").field("email"),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(user.id),
            action: "account.email_set",
            subject: format!("user:{}", user.id),
            region: None,
            detail: Some(crate::phrase::Phrase::new("audit_email_proven")),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(views::me_by_id(&state.db, user.id).await?))
}

/// Removes the account's email address; no more mail goes to it.
#[utoipa::path(delete, path = "/me/email", tag = "accounts",
    responses((status = 200, body = Me), (status = 401, body = app::api::ErrorBody)))]
async fn remove_email(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Me>> {
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    store::set_email(&mut *tx, user.id, None, now).await?;
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(user.id),
            action: "account.email_removed",
            subject: format!("user:{}", user.id),
            region: None,
            detail: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(views::me_by_id(&state.db, user.id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_and_checked() {
        let a = EmailAddress::parse("  Zhang.Wei+linli@Example.CN ").expect("valid");
        assert_eq!(a.as_str(), "zhang.wei+linli@example.cn");
        assert!(EmailAddress::parse("王芳@例子.中国").is_ok());
        for bad in [
            "",
            "a",
            "a@b",
            "@example.cn",
            "a@.cn",
            "a@b..cn",
            "a b@c.cn",
            "a@@b.cn",
            "<a@b.cn>",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err("invalid_email"), "{bad:?}");
        }
        assert!(EmailAddress::parse(&format!("{}@b.cn", "x".repeat(65))).is_err());
    }

    #[test]
    fn masked_addresses_keep_the_first_letter_and_the_domain() {
        assert_eq!(masked_email("zhang.wei@example.cn"), "z***@example.cn");
        assert_eq!(masked_email("王芳@例子.中国"), "王***@例子.中国");
    }
}
