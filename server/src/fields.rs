//! Checking the fields people write, shared by the domains: trimmed text within a length,
//! instants (RFC 3339) and dates (`YYYY-MM-DD`), each refused with the field's name.
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
