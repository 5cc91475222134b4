//! One-time codes that prove a phone number belongs to the person using it (registration, login
//! by code, password reset and phone changes, sent by SMS), or an email address (sent by mail).
//!
//! A code is six random digits, lives [`LIFETIME`] seconds, allows [`MAX_TRIES`] tries and works
//! once, for the purpose it was sent for. Only hashes are stored (of the number and of the code);
//! the text goes out through the notification outbox, whose copy is blanked once delivered.
//! Each try is claimed in the database before the code is compared, so parallel guesses cannot
//! exceed the tries.
use app::api::accounts::CodePurpose;
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::PhoneNumber;
use crate::{Db, lang::Lang};

/// Seconds a code stays valid.
pub const LIFETIME: i64 = 600;
/// Tries one code allows; after them a new code is needed.
pub const MAX_TRIES: i64 = 5;
/// Seconds before the same number can be sent another code for the same purpose.
pub const RESEND_AFTER: i64 = 60;
/// The outbox kind of code messages (their text is blanked once delivered).
pub const OUTBOX_KIND: &str = "auth_code";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a code proves: a phone number for one purpose, or an email address.
#[derive(Debug, Clone, Copy)]
pub enum Proof<'a> {
    Phone(&'a PhoneNumber, CodePurpose),
    /// A normalised (lower-case) address.
    Email(&'a str),
}

impl Proof<'_> {
    /// The stored key: a hash of the address, never the address itself.
    fn key(self) -> String {
        let keyed = match self {
            Self::Phone(phone, _) => format!("auth-code-phone\u{0}{}", phone.as_str()),
            Self::Email(address) => format!("auth-code-email\u{0}{address}"),
        };
        hex(&Sha256::digest(keyed)[..16])
    }

    fn purpose(self) -> &'static str {
        match self {
            Self::Phone(_, purpose) => purpose.as_str(),
            Self::Email(_) => "email",
        }
    }
}

fn code_hash(key: &str, purpose: &str, code: &str) -> String {
    hex(&Sha256::digest(format!("{key}\u{0}{purpose}\u{0}{code}")))
}

/// A new code, or how many seconds remain before one may be sent for this purpose.
pub async fn issue(
    conn: &mut AnyConnection,
    proof: Proof<'_>,
    now: i64,
) -> Result<Result<String, i64>, sqlx::Error> {
    let (key, purpose) = (proof.key(), proof.purpose());
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(created_at) FROM auth_codes WHERE phone_hash = $1 AND purpose = $2",
    )
    .bind(&key)
    .bind(purpose)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(last) = last.filter(|t| now - t < RESEND_AFTER) {
        return Ok(Err(RESEND_AFTER - (now - last)));
    }
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    sqlx::query(
        "INSERT INTO auth_codes (phone_hash, purpose, code_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&key)
    .bind(purpose)
    .bind(code_hash(&key, purpose, &code))
    .bind(now)
    .bind(now + LIFETIME)
    .execute(&mut *conn)
    .await?;
    Ok(Ok(code))
}

/// What checking a code found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Right, and now used up.
    Accepted,
    /// Wrong (or no code was sent): the try is counted.
    Wrong,
    /// The latest code expired, was used, or has no tries left: ask for a new one.
    Expired,
}

impl Check {
    /// The error of a refused code, for the request's `sms_code` field.
    pub fn refusal(self) -> Option<crate::error::ApiError> {
        self.refused_as("sms_code_invalid", "sms_code_expired", "sms_code")
    }

    /// The error of a refused email code, for the request's `code` field.
    pub fn email_refusal(self) -> Option<crate::error::ApiError> {
        self.refused_as("email_code_invalid", "email_code_expired", "code")
    }

    fn refused_as(
        self,
        invalid: &'static str,
        expired: &'static str,
        field: &'static str,
    ) -> Option<crate::error::ApiError> {
        match self {
            Self::Accepted => None,
            Self::Wrong => Some(crate::error::ApiError::invalid(invalid, field)),
            Self::Expired => Some(crate::error::ApiError::invalid(expired, field)),
        }
    }
}

/// Checks `code` against the latest code sent for `proof`, using it up if right.
pub async fn consume(
    db: &Db,
    proof: Proof<'_>,
    code: &str,
    now: i64,
) -> Result<Check, sqlx::Error> {
    let (key, purpose) = (proof.key(), proof.purpose());
    let latest: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, code_hash FROM auth_codes WHERE phone_hash = $1 AND purpose = $2 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(&key)
    .bind(purpose)
    .fetch_optional(db.pool())
    .await?;
    let Some((id, stored)) = latest else {
        return Ok(Check::Wrong);
    };
    // Claim one try before comparing: parallel guesses each need their own.
    let claimed = sqlx::query(
        "UPDATE auth_codes SET attempts = attempts + 1 \
         WHERE id = $1 AND used_at IS NULL AND attempts < $2 AND expires_at > $3",
    )
    .bind(id)
    .bind(MAX_TRIES)
    .bind(now)
    .execute(db.pool())
    .await?
    .rows_affected()
        == 1;
    if !claimed {
        return Ok(Check::Expired);
    }
    let code = code.trim();
    let well_formed = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    if !well_formed || !constant_time_eq(&code_hash(&key, purpose, code), &stored) {
        return Ok(Check::Wrong);
    }
    let used = sqlx::query("UPDATE auth_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(db.pool())
        .await?
        .rows_affected()
        == 1;
    Ok(if used {
        Check::Accepted
    } else {
        Check::Expired
    })
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The SMS text carrying a code, in the requester's language.
pub fn sms_text(code: &str, purpose: CodePurpose, lang: Lang) -> String {
    let minutes = LIFETIME / 60;
    match lang {
        Lang::Zh => {
            let what = match purpose {
                CodePurpose::Register => "注册账号",
                CodePurpose::Login => "登录",
                CodePurpose::Reset => "重置密码",
                CodePurpose::ChangePhone => "更换手机号码",
            };
            format!(
                "【邻里】验证码 {code}，用于{what}，{minutes} 分钟内有效。请勿告诉任何人；如非本人操作，请忽略本短信。"
            )
        }
        Lang::En => {
            let what = match purpose {
                CodePurpose::Register => "create your account",
                CodePurpose::Login => "log in",
                CodePurpose::Reset => "reset your password",
                CodePurpose::ChangePhone => "change your phone number",
            };
            format!(
                "[Linli] Your code is {code}, to {what}; valid for {minutes} minutes. Never share it. If you did not ask for it, ignore this message."
            )
        }
    }
}

/// Removes codes that expired more than a day ago (run periodically).
pub async fn purge(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM auth_codes WHERE expires_at < $1")
        .bind(now - 24 * 3600)
        .execute(db.pool())
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_carry_the_code_and_the_purpose_in_both_languages() {
        let zh = sms_text("012345", CodePurpose::Reset, Lang::Zh);
        assert!(
            zh.starts_with("【邻里】验证码 012345，用于重置密码"),
            "{zh}"
        );
        let en = sms_text("012345", CodePurpose::Login, Lang::En);
        assert!(en.contains("012345") && en.contains("to log in"), "{en}");
        assert!(zh.chars().count() <= 70, "one SMS segment: {zh}");
    }

    #[test]
    fn hashes_depend_on_phone_purpose_and_code() {
        let a = PhoneNumber::parse("13912340001").expect("phone");
        let b = PhoneNumber::parse("13912340002").expect("phone");
        let login = Proof::Phone(&a, CodePurpose::Login);
        assert_ne!(login.key(), Proof::Phone(&b, CodePurpose::Login).key());
        assert_ne!(login.key(), Proof::Email("13912340001").key());
        let h = login.key();
        assert_ne!(
            code_hash(&h, "login", "123456"),
            code_hash(&h, "reset", "123456")
        );
        assert!(constant_time_eq("abc", "abc") && !constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
