//! Keyset pagination: `limit` (capped) and an opaque `cursor` naming the last row seen.
use crate::error::{ApiError, Problem};

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// The page size asked for; 422 outside 1..=100.
pub fn page_limit(limit: Option<u32>) -> Result<u32, ApiError> {
    match limit.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(n),
        _ => Err(ApiError::Invalid(
            Problem::new("invalid_limit")
                .field("limit")
                .param("max", MAX_LIMIT),
        )),
    }
}

/// The id of the last row of the previous page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor(pub i64);

impl Cursor {
    pub fn encode(self) -> String {
        format!("c{}", self.0)
    }

    pub fn decode_opt(s: Option<&str>) -> Result<Option<Self>, ApiError> {
        s.map(|s| {
            s.strip_prefix('c')
                .and_then(|n| n.parse::<i64>().ok())
                .map(Cursor)
                .ok_or_else(|| ApiError::invalid("invalid_cursor", "cursor"))
        })
        .transpose()
    }

    /// Trims a page fetched with `limit + 1` rows and returns the cursor of the next page.
    pub fn next<T>(rows: &mut Vec<T>, limit: u32, id: impl Fn(&T) -> i64) -> Option<String> {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|r| Cursor(id(r)).encode())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(
            Cursor::decode_opt(Some(&Cursor(42).encode())).ok(),
            Some(Some(Cursor(42)))
        );
        assert!(Cursor::decode_opt(Some("42")).is_err());
        assert!(Cursor::decode_opt(Some("cabc")).is_err());
        assert_eq!(Cursor::decode_opt(None).ok(), Some(None));
    }

    #[test]
    fn limits_are_capped() {
        assert_eq!(page_limit(None).ok(), Some(DEFAULT_LIMIT));
        assert!(page_limit(Some(0)).is_err());
        assert!(page_limit(Some(MAX_LIMIT + 1)).is_err());
    }

    #[test]
    fn next_cursor_only_when_there_is_more() {
        let mut rows = vec![5, 4, 3];
        assert_eq!(Cursor::next(&mut rows, 2, |r| *r), Some("c4".to_owned()));
        assert_eq!(rows, [5, 4]);
        let mut rows = vec![5, 4];
        assert_eq!(Cursor::next(&mut rows, 2, |r| *r), None);
    }
}
