//! Time-based one-time passwords (RFC 6238) as a second factor.
use app::api::accounts::TotpSetup;
use totp_rs::{Builder, Secret, Totp};

use super::store::{self, UserRow};
use crate::{Db, error::ApiError};

const ISSUER: &str = "Linli";

fn build(secret: Secret, account: &str) -> Result<Totp, ApiError> {
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', ""))
        .build()
        .map_err(|e| ApiError::Internal(format!("totp: {e}")))
}

/// A fresh secret with its `otpauth://` URI and a QR code to scan.
pub fn new_setup(account: &str) -> Result<TotpSetup, ApiError> {
    let secret = Secret::generate();
    let base32 = secret.to_base32();
    let totp = build(secret, account)?;
    let uri = totp
        .to_url()
        .map_err(|e| ApiError::Internal(format!("totp url: {e}")))?;
    let qr_svg = crate::qr::svg(&uri)?;
    Ok(TotpSetup {
        secret: base32,
        otpauth_uri: uri,
        qr_svg,
    })
}

/// Checks a code against the user's secret at `now` (one step of clock skew either way) and
/// claims its time step, so the same code cannot be used twice.
pub async fn accept(db: &Db, user: &UserRow, code: &str, now: i64) -> Result<bool, ApiError> {
    let Some(secret) = user.totp_secret.as_deref() else {
        return Ok(false);
    };
    let secret = Secret::try_from_base32(secret)
        .map_err(|e| ApiError::Internal(format!("stored secret: {e:?}")))?;
    let totp = build(secret, "")?;
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    if code.len() != 6 {
        return Ok(false);
    }
    match totp.check(&code, u64::try_from(now).unwrap_or(0)) {
        Some(step) => {
            Ok(
                store::claim_totp_step(db, user.id, i64::try_from(step).unwrap_or(i64::MAX))
                    .await?,
            )
        }
        None => Ok(false),
    }
}

/// The code an authenticator app would show at a Unix time (tests use it).
pub fn code_at(base32_secret: &str, unix_time: u64) -> Option<String> {
    let secret = Secret::try_from_base32(base32_secret).ok()?;
    let totp = build(secret, "").ok()?;
    Some(totp.generate(unix_time).to_string())
}
