//! Checking the fields people write, shared by the domains: trimmed text within a length,
//! instants (RFC 3339) and dates (`YYYY-MM-DD`), each refused with the field's name; and
//! [`Checks`], which gathers the refusals of a whole form so that it is answered once with
//! every invalid field.
use jiff::civil::Date;

use crate::error::{ApiError, ApiResult, Problem};

/// Trimmed text of at most `max` characters without control characters (line breaks allowed).
pub fn text(s: &str, max: usize, field: &str) -> ApiResult<String> {
    let s = s.trim();
    if s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::invalid("invalid_value", field));
    }
    if s.chars().count() > max {
        return Err(ApiError::Invalid(
            Problem::new("text_longer_than")
                .field(field)
                .param("max", max),
        ));
    }
    Ok(s.to_owned())
}

/// Like [`text`]; empty or absent is none.
pub fn optional(s: Option<&str>, max: usize, field: &str) -> ApiResult<Option<String>> {
    Ok(Some(text(s.unwrap_or(""), max, field)?).filter(|s| !s.is_empty()))
}

/// Like [`text`], and not empty: `code` names what is missing.
pub fn required(s: &str, max: usize, field: &str, code: &'static str) -> ApiResult<String> {
    let t = text(s, max, field)?;
    if t.is_empty() {
        return Err(ApiError::invalid(code, field));
    }
    Ok(t)
}

/// An RFC 3339 instant as Unix seconds.
pub fn instant(s: &str, field: &str) -> ApiResult<i64> {
    crate::time::parse_instant(s.trim()).ok_or_else(|| ApiError::invalid("invalid_instant", field))
}

/// Like [`instant`]; empty or absent is none.
pub fn instant_opt(s: Option<&str>, field: &str) -> ApiResult<Option<i64>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => instant(s, field).map(Some),
        None => Ok(None),
    }
}

/// A `YYYY-MM-DD` date.
pub fn date(s: &str, field: &str) -> ApiResult<Date> {
    s.trim()
        .parse::<Date>()
        .map_err(|_| ApiError::invalid("invalid_date", field))
}

/// Local midnight starting a `YYYY-MM-DD` date in the city's zone, as Unix seconds.
pub fn day_start(s: &str, field: &str) -> ApiResult<i64> {
    let d = date(s, field)?;
    crate::time::default_tz()
        .to_timestamp(d.at(0, 0, 0, 0))
        .map(jiff::Timestamp::as_second)
        .map_err(|_| ApiError::invalid("invalid_date", field))
}

/// The checks of one form: each invalid field is noted and the form goes on being checked, so
/// that the answer lists every invalid field at once ([`ApiError::InvalidFields`]).
///
/// ```ignore
/// let mut checks = Checks::default();
/// let title = checks.check(fields::text(&req.title, 80, "title"));
/// let place = checks.check(fields::text(&req.place, 200, "place"));
/// checks.done()?; // 422 listing both when both are wrong
/// ```
#[derive(Debug, Default)]
pub struct Checks {
    problems: Vec<Problem>,
    /// An error that is not about a field (the database went away): answered as it is.
    other: Option<ApiError>,
}

impl Checks {
    /// The checked value; when the check failed, the default value, and the failure is kept
    /// for [`Self::done`] (so the value is never used).
    pub fn check<T: Default, E: Into<ApiError>>(&mut self, result: Result<T, E>) -> T {
        result.unwrap_or_else(|e| {
            self.refuse(e);
            T::default()
        })
    }

    /// Notes a failed check.
    pub fn refuse(&mut self, error: impl Into<ApiError>) {
        match error.into() {
            ApiError::Invalid(p) => self.problems.push(p),
            ApiError::InvalidFields(ps) => self.problems.extend(ps),
            other => {
                self.other.get_or_insert(other);
            }
        }
    }

    /// Notes `code` for `field` when `failed`.
    pub fn ensure(&mut self, ok: bool, code: &'static str, field: &str) {
        if !ok {
            self.problems.push(Problem::new(code).field(field));
        }
    }

    /// Whether a field already failed (a later check that depends on it is skipped).
    pub fn failed(&self, field: &str) -> bool {
        self.problems
            .iter()
            .any(|p| p.field.as_deref() == Some(field))
    }

    /// The value when every check passed; otherwise every problem, in order (for checks that
    /// are not answered as an HTTP error, such as an import's rows). Only problems are gathered
    /// here: it is used where no check fails for another reason.
    pub fn into_result<T>(self, value: T) -> Result<T, Vec<Problem>> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(self.problems)
        }
    }

    /// Ok when every check passed; otherwise the error listing every failed field.
    pub fn done(self) -> ApiResult<()> {
        if let Some(other) = self.other {
            return Err(other);
        }
        match self.problems.len() {
            0 => Ok(()),
            1 => Err(ApiError::Invalid(
                self.problems
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| Problem::new("invalid_value")),
            )),
            _ => Err(ApiError::InvalidFields(self.problems)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_gather_every_invalid_field_in_order() {
        let mut checks = Checks::default();
        let title = checks.check(text("a\u{7}b", 10, "title"));
        let place = checks.check(text("ok", 10, "place"));
        checks.ensure(false, "invalid_capacity", "capacity");
        assert_eq!((title.as_str(), place.as_str()), ("", "ok"));
        assert!(checks.failed("title") && !checks.failed("place"));
        let Err(ApiError::InvalidFields(problems)) = checks.done() else {
            panic!("two invalid fields are one error listing both");
        };
        let named: Vec<_> = problems
            .iter()
            .map(|p| (p.code, p.field.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                ("invalid_value", Some("title")),
                ("invalid_capacity", Some("capacity"))
            ]
        );
    }

    #[test]
    fn one_invalid_field_keeps_the_single_shape_and_other_errors_win() {
        let mut checks = Checks::default();
        checks.ensure(false, "invalid_capacity", "capacity");
        assert!(matches!(checks.done(), Err(ApiError::Invalid(p)) if p.code == "invalid_capacity"));
        let mut checks = Checks::default();
        checks.ensure(false, "invalid_capacity", "capacity");
        checks.refuse(ApiError::Unavailable);
        assert!(matches!(checks.done(), Err(ApiError::Unavailable)));
        assert!(Checks::default().done().is_ok());
    }
}
