//! The one builder for SQL assembled from optional parts (search filters, HSDS query
//! parameters, a case's changed columns) with positional `$n` placeholders, bound in order.
//!
//! Values travel beside the text, never inside it, so user input cannot change the statement.
use sqlx::{
    Any, FromRow,
    any::{AnyArguments, AnyRow},
    query::{Query, QueryAs, QueryScalar},
};

/// A bound value.
///
/// A NULL keeps its column type: PostgreSQL refuses a `BIGINT` NULL for a `TEXT` column, so
/// `None` binds as the type its `Some` would have had.
#[derive(Debug, Clone)]
pub enum Arg {
    Int(i64),
    Text(String),
    NullInt,
    NullText,
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Self::Text(v.to_owned())
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Self::NullInt, Self::Int)
    }
}

impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        v.map_or(Self::NullText, Self::Text)
    }
}

/// Binds every value of `$args` to the sqlx query `$q`, in order.
macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for arg in $args {
            q = match arg {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.clone()),
                Arg::NullInt => q.bind(None::<i64>),
                Arg::NullText => q.bind(None::<String>),
            };
        }
        q
    }};
}

/// SQL text with numbered placeholders and the values they stand for.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    pub text: String,
    args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            args: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends the next placeholder and remembers its value.
    pub fn bind(&mut self, value: impl Into<Arg>) -> &mut Self {
        self.args.push(value.into());
        let n = self.args.len();
        self.text.push_str(&format!("${n}"));
        self
    }

    /// Appends `(…, …)` of placeholders for a non-empty list.
    pub fn bind_list<T: Into<Arg> + Clone>(&mut self, values: &[T]) -> &mut Self {
        self.push("(");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(v.clone());
        }
        self.push(")")
    }

    /// Appends another fragment, renumbering its placeholders after ours.
    pub fn append(&mut self, other: &Sql) -> &mut Self {
        let offset = self.args.len();
        let mut text = String::new();
        let mut rest = other.text.as_str();
        while let Some(i) = rest.find('$') {
            text.push_str(&rest[..i]);
            let digits: String = rest[i + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            match digits.parse::<usize>() {
                Ok(n) => text.push_str(&format!("${}", n + offset)),
                Err(_) => text.push('$'),
            }
            rest = &rest[i + 1 + digits.len()..];
        }
        text.push_str(rest);
        self.text.push_str(&text);
        self.args.extend(other.args.iter().cloned());
        self
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        bind_all!(sqlx::query(&self.text), &self.args)
    }

    pub fn query_as<T>(&self) -> QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> FromRow<'r, AnyRow>,
    {
        bind_all!(sqlx::query_as(&self.text), &self.args)
    }

    pub fn query_scalar<T>(&self) -> QueryScalar<'_, Any, T, AnyArguments<'_>>
    where
        (T,): for<'r> FromRow<'r, AnyRow>,
    {
        bind_all!(sqlx::query_scalar(&self.text), &self.args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order_and_renumbered_on_append() {
        let mut a = Sql::new("SELECT 1 WHERE a = ");
        a.bind(1).push(" AND b IN ").bind_list(&[2_i64, 3]);
        let mut b = Sql::new(" AND c = ");
        b.bind("x").push(" AND d = $1");
        a.append(&b);
        assert_eq!(
            a.text,
            "SELECT 1 WHERE a = $1 AND b IN ($2, $3) AND c = $4 AND d = $4"
        );
        assert_eq!(a.args.len(), 4);
    }

    #[test]
    fn none_binds_a_null_of_the_type_some_would_have() {
        let mut sql = Sql::new("UPDATE t SET a = ");
        sql.bind(None::<i64>)
            .push(", b = ")
            .bind(None::<String>)
            .push(", c = ")
            .bind(Some(7_i64));
        assert_eq!(sql.text, "UPDATE t SET a = $1, b = $2, c = $3");
        assert!(matches!(
            sql.args.as_slice(),
            [Arg::NullInt, Arg::NullText, Arg::Int(7)]
        ));
    }
}
