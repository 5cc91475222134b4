//! Wire types of the JSON API under `/api/v1`.

/// A closed set of codes on the wire (snake_case), with `ALL`, `as_str` and `parse`.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $s:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

pub mod accounts;
pub mod activities;
pub mod booking;
pub mod calendar;
pub mod directory;
pub mod error;
pub mod feedback;
pub mod notifications;
pub mod open311;
pub mod regions;
pub mod system;
pub mod text;
pub mod volunteers;

pub use error::{ErrorBody, ErrorDetail, FieldProblem};
pub use text::Text;
