//! Public tracking codes: `SZ-2026-7K3QH9XM`. Eight characters from an alphabet without the
//! look-alikes 0/O, 1/I/L, drawn from the OS random generator: 31⁸ ≈ 8.5 × 10¹¹ codes per
//! year, so with a million cases a guess hits one in about 850 000 — and failed look-ups are
//! rate-limited.
use rand::Rng;

pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const RANDOM_LEN: usize = 8;

/// A new code for a case submitted in `year`.
pub fn generate(year: i16) -> String {
    let mut rng = rand::rng();
    let tail: String = (0..RANDOM_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("SZ-{year:04}-{tail}")
}

/// The canonical form of a code as typed: upper case, spaces removed, `O` read as `0`… no:
/// codes never contain 0/O/1/I/L, so those are mistakes and the code is rejected.
pub fn normalise(input: &str) -> Option<String> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let mut parts = s.split('-');
    let (Some(prefix), Some(year), Some(tail), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let ok = prefix == "SZ"
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && tail.len() == RANDOM_LEN
        && tail.bytes().all(|b| ALPHABET.contains(&b));
    ok.then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_have_the_documented_shape_and_differ() {
        let a = generate(2026);
        let b = generate(2026);
        assert!(a.starts_with("SZ-2026-") && a.len() == 16, "{a}");
        assert_ne!(a, b);
        assert_eq!(normalise(&a).as_deref(), Some(a.as_str()));
    }

    #[test]
    fn typed_codes_are_normalised_or_refused() {
        assert_eq!(
            normalise(" sz-2026-7k3qh9xm ").as_deref(),
            Some("SZ-2026-7K3QH9XM")
        );
        for bad in [
            "",
            "SZ-2026",
            "SZ-2026-7K3QH9X",
            "SZ-2026-7K3QH9X0",
            "XX-2026-7K3QH9XM",
            "SZ-26-7K3QH9XM",
            "SZ-2026-7K3QH9XM-1",
        ] {
            assert_eq!(normalise(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        /// Any text is refused or normalised to a code that normalises to itself.
        #[test]
        fn normalising_is_total_and_idempotent(input in "\\PC{0,24}") {
            if let Some(code) = normalise(&input) {
                proptest::prop_assert_eq!(normalise(&code), Some(code.clone()));
                proptest::prop_assert_eq!(code.len(), 16);
            }
        }

        /// A code read out and typed in lower case with spaces is the same code.
        #[test]
        fn typed_codes_come_back(year in 2000_i16..2100, tail in "[2-9A-HJKMNP-Z]{8}", spaced in proptest::bool::ANY) {
            let code = format!("SZ-{year:04}-{tail}");
            let typed = if spaced {
                format!(" sz - {year} - {} {} ", &tail[..4], &tail[4..]).to_lowercase()
            } else {
                code.to_lowercase()
            };
            proptest::prop_assert_eq!(normalise(&typed), Some(code));
        }
    }
}
