//! Rate limits kept in the database, so every server instance counts the same requests.
//!
//! Fixed windows: one counter row per (limit, key, window start), incremented atomically with an
//! upsert. Keys are hashed, so phone numbers and addresses are not stored in clear. Limits
//! scale with `--rate-limit-scale` (0 turns them off).
use sha2::{Digest, Sha256};

use crate::{AppState, error::ApiError};

/// A limit: at most `max` events per `window` seconds for one key.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: u32,
    pub window: i64,
}

/// Login attempts from one address.
pub const LOGIN_PER_IP: Limit = Limit {
    bucket: "login_ip",
    max: 30,
    window: 900,
};
/// Failed logins for one phone number (registered or not: the answer must not tell).
pub const LOGIN_FAILURES_PER_ACCOUNT: Limit = Limit {
    bucket: "login_account",
    max: 5,
    window: 900,
};
/// Second-factor attempts for one account.
pub const TOTP_PER_ACCOUNT: Limit = Limit {
    bucket: "totp_account",
    max: 5,
    window: 900,
};
/// New accounts from one address.
pub const REGISTER_PER_IP: Limit = Limit {
    bucket: "register_ip",
    max: 10,
    window: 3600,
};
/// SMS codes asked for from one address.
pub const SMS_CODES_PER_IP: Limit = Limit {
    bucket: "sms_code_ip",
    max: 20,
    window: 3600,
};
/// SMS codes sent to one number (besides the minute between two codes).
pub const SMS_CODES_PER_PHONE: Limit = Limit {
    bucket: "sms_code_phone",
    max: 5,
    window: 3600,
};
/// Wrong SMS codes entered for one number, across its codes.
pub const SMS_CODE_FAILURES_PER_PHONE: Limit = Limit {
    bucket: "sms_code_fail",
    max: 10,
    window: 3600,
};
/// Other writes by anonymous visitors from one address (feedback, suggestions).
pub const ANONYMOUS_WRITES_PER_IP: Limit = Limit {
    bucket: "anon_write_ip",
    max: 20,
    window: 3600,
};

fn hashed(bucket: &str, key: &str) -> String {
    let digest = Sha256::digest(format!("{bucket}\u{0}{key}"));
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

impl Limit {
    fn scaled(self, state: &AppState) -> Option<i64> {
        match state.config.rate_limit_scale {
            0 => None,
            s => Some(i64::from(self.max) * i64::from(s)),
        }
    }

    fn window_start(self, now: i64) -> i64 {
        now - now.rem_euclid(self.window)
    }

    fn retry_after(self, now: i64) -> u64 {
        u64::try_from(self.window_start(now) + self.window - now)
            .unwrap_or(1)
            .max(1)
    }

    /// Counts one event; 429 once the limit is exceeded.
    pub async fn hit(self, state: &AppState, key: &str) -> Result<(), ApiError> {
        let Some(max) = self.scaled(state) else {
            return Ok(());
        };
        let now = state.config.clock.now();
        let count: i64 = sqlx::query_scalar(
            "INSERT INTO rate_limits (bucket, key, window_start, count) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (bucket, key, window_start) DO UPDATE SET count = rate_limits.count + 1 \
             RETURNING count",
        )
        .bind(self.bucket)
        .bind(hashed(self.bucket, key))
        .bind(self.window_start(now))
        .fetch_one(state.db.pool())
        .await?;
        if count > max {
            Err(ApiError::RateLimited {
                retry_after_secs: self.retry_after(now),
            })
        } else {
            Ok(())
        }
    }

    /// 429 if the key has already used up the limit, without counting an event.
    pub async fn check(self, state: &AppState, key: &str) -> Result<(), ApiError> {
        let Some(max) = self.scaled(state) else {
            return Ok(());
        };
        let now = state.config.clock.now();
        let count: Option<i64> = sqlx::query_scalar(
            "SELECT count FROM rate_limits WHERE bucket = $1 AND key = $2 AND window_start = $3",
        )
        .bind(self.bucket)
        .bind(hashed(self.bucket, key))
        .bind(self.window_start(now))
        .fetch_optional(state.db.pool())
        .await?;
        if count.unwrap_or(0) >= max {
            Err(ApiError::RateLimited {
                retry_after_secs: self.retry_after(now),
            })
        } else {
            Ok(())
        }
    }

    /// Forgets the key's events (after a successful login).
    pub async fn reset(self, state: &AppState, key: &str) -> Result<(), ApiError> {
        sqlx::query("DELETE FROM rate_limits WHERE bucket = $1 AND key = $2")
            .bind(self.bucket)
            .bind(hashed(self.bucket, key))
            .execute(state.db.pool())
            .await?;
        Ok(())
    }
}

/// Deletes counters of windows that have ended (run periodically).
pub async fn purge(db: &crate::Db, now: i64) -> Result<u64, sqlx::Error> {
    let cutoff = now - 24 * 3600;
    Ok(
        sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(cutoff)
            .execute(db.pool())
            .await?
            .rows_affected(),
    )
}
