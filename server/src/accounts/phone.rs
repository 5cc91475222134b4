//! Mainland China mobile numbers.
use std::fmt;

/// An 11-digit mainland mobile number (`1[3-9]xxxxxxxxx`), normalised: no spaces, no `+86`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts common ways people type a number: spaces, dashes, `+86`, `86` or `0086` prefix.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let digits: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '\u{3000}'))
            .collect();
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .or_else(|| {
                if digits.len() == 13 {
                    digits.strip_prefix("86")
                } else {
                    None
                }
            })
            .unwrap_or(&digits);
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid {
            Ok(Self(digits.to_owned()))
        } else {
            Err("invalid_phone")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`.
    pub fn masked(&self) -> String {
        app::api::accounts::mask_phone(&self.0)
    }
}

/// Debug output is masked so a number never reaches a log by accident.
impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        let cases = [
            ("13812345678", "plain"),
            ("138 1234 5678", "spaces"),
            ("138-1234-5678", "dashes"),
            ("+86 138 1234 5678", "+86"),
            ("0086 13812345678", "0086"),
            ("8613812345678", "86"),
            ("199 0000 0000", "19x series"),
        ];
        for (input, why) in cases {
            assert!(PhoneNumber::parse(input).is_ok(), "{why}: {input}");
        }
        assert_eq!(
            PhoneNumber::parse("+86 138-1234-5678").map(|p| p.0),
            Ok("13812345678".to_owned())
        );
    }

    #[test]
    fn refused_forms() {
        let cases = [
            ("", "empty"),
            ("1381234567", "10 digits"),
            ("138123456789", "12 digits"),
            ("12812345678", "second digit 2"),
            ("23812345678", "not starting with 1"),
            ("1381234567a", "letter"),
            ("０１３８１２３４５６７", "full-width digits"),
            ("+1 4155552671", "foreign"),
            ("075583001234", "landline"),
        ];
        for (input, why) in cases {
            assert_eq!(
                PhoneNumber::parse(input),
                Err("invalid_phone"),
                "{why}: {input}"
            );
        }
    }

    #[test]
    fn debug_output_is_masked() {
        let p = PhoneNumber::parse("13812345678").expect("valid");
        assert_eq!(format!("{p:?}"), "PhoneNumber(138****5678)");
    }

    proptest::proptest! {
        /// Whatever is typed, parsing answers without panicking, and what it accepts is a
        /// canonical mainland mobile number.
        #[test]
        fn any_input_is_refused_or_canonical(input in "\\PC{0,24}") {
            if let Ok(p) = PhoneNumber::parse(&input) {
                let b = p.as_str().as_bytes();
                proptest::prop_assert!(b.len() == 11 && b.iter().all(u8::is_ascii_digit));
                proptest::prop_assert!(b[0] == b'1' && (b'3'..=b'9').contains(&b[1]));
            }
        }

        /// A valid number survives the usual decorations, and masking keeps 3 + 4 digits.
        #[test]
        fn decorated_numbers_parse_back(
            number in "1[3-9][0-9]{9}",
            prefix in proptest::sample::select(vec!["", "+86", "+86 ", "0086", "0086 ", "86"]),
            sep in proptest::sample::select(vec!["", " ", "-", "\u{3000}"]),
        ) {
            let typed = format!("{prefix}{}{sep}{}{sep}{}", &number[..3], &number[3..7], &number[7..]);
            let p = PhoneNumber::parse(&typed).expect("valid");
            proptest::prop_assert_eq!(p.as_str(), number.as_str());
            proptest::prop_assert_eq!(p.masked(), format!("{}****{}", &number[..3], &number[7..]));
        }
    }
}
