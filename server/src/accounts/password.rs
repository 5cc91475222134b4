//! Password rules (OWASP ASVS 5.0 V6.2) and hashing (Argon2id).
//!
//! Rules: at least 8 characters, up to 128, any characters (spaces, Chinese); no composition
//! rules; refused when common, when all one character, when a run of consecutive digits, or
//! when it contains the account's own phone number.
use std::sync::OnceLock;

use super::PhoneNumber;

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 128;

const COMMON: &str = include_str!("common-passwords.txt");

fn common() -> &'static std::collections::HashSet<&'static str> {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// A password that passed the rules. Its `Debug` never shows it.
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    /// Checks the rules; the error is the API error code.
    pub fn parse(input: &str, phone: Option<&PhoneNumber>) -> Result<Self, &'static str> {
        let len = input.chars().count();
        if len < MIN_LEN {
            return Err("password_too_short");
        }
        if len > MAX_LEN {
            return Err("password_too_long");
        }
        let lower = input.to_lowercase();
        if common().contains(lower.as_str()) || is_monotone(&lower) || is_digit_run(&lower) {
            return Err("password_too_common");
        }
        if phone.is_some_and(|p| input.contains(p.as_str()) || input.contains(&p.as_str()[3..])) {
            return Err("password_contains_phone");
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_monotone(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|first| chars.all(|c| c == first))
}

/// `12345678`, `87654321`, `34567890`.
fn is_digit_run(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let step = |d: i16| {
        b.windows(2)
            .all(|w| (i16::from(w[1]) - i16::from(w[0])).rem_euclid(10) == d)
    };
    step(1) || step(9)
}

/// Hashes with Argon2id (OWASP parameters: 19 MiB, 2 passes) off the async runtime.
pub async fn hash(password: NewPassword) -> Result<String, crate::ApiError> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password.as_str()))
        .await
        .map_err(|e| crate::ApiError::Internal(format!("hashing task: {e}")))
}

/// Verifies a password against a stored hash off the async runtime. With no hash (unknown
/// account) it verifies against a fixed dummy, so both cases take the same time.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, crate::ApiError> {
    tokio::task::spawn_blocking(move || {
        let found = hash.is_some();
        let hash = hash.unwrap_or_else(|| dummy_hash().to_owned());
        password_auth::verify_password(&password, &hash).is_ok() && found
    })
    .await
    .map_err(|e| crate::ApiError::Internal(format!("verification task: {e}")))
}

fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password_auth::generate_hash("linli-timing-equaliser"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_table() {
        let phone = PhoneNumber::parse("13812345678").ok();
        let cases: &[(&str, Result<(), &str>, &str)] = &[
            ("short12", Err("password_too_short"), "7 characters"),
            ("correct horse battery", Ok(()), "a passphrase with spaces"),
            (
                "邻里社区服务真方便",
                Ok(()),
                "Chinese characters count as characters",
            ),
            ("abcdefgh", Err("password_too_common"), "in the common list"),
            (
                "PASSWORD123",
                Err("password_too_common"),
                "common, any case",
            ),
            ("woaini1314", Err("password_too_common"), "common in China"),
            (
                "zzzzzzzzzz",
                Err("password_too_common"),
                "one repeated character",
            ),
            ("34567890", Err("password_too_common"), "digit run up"),
            ("98765432", Err("password_too_common"), "digit run down"),
            (
                "x13812345678",
                Err("password_contains_phone"),
                "contains own phone",
            ),
            (
                "pw-12345678-x",
                Err("password_contains_phone"),
                "contains the phone's last eight",
            ),
            ("tiger-lily-42", Ok(()), "no composition rules needed"),
        ];
        for (input, want, why) in cases {
            assert_eq!(
                NewPassword::parse(input, phone.as_ref()).map(|_| ()),
                *want,
                "{why}"
            );
        }
        let long: String = "长".repeat(MAX_LEN + 1);
        assert_eq!(
            NewPassword::parse(&long, None).map(|_| ()),
            Err("password_too_long")
        );
        let varied: String = "邻里社区服务平台".chars().cycle().take(MAX_LEN).collect();
        assert!(
            NewPassword::parse(&varied, None).is_ok(),
            "128 characters are allowed"
        );
    }

    #[test]
    fn common_list_has_no_short_entries() {
        assert!(
            common().iter().all(|p| p.chars().count() >= 7),
            "entries under 8 are refused anyway"
        );
        assert!(common().len() > 150);
    }
}
