//! Wire types of the JSON API under `/api/v1`.
pub mod accounts;
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

pub use error::{ErrorBody, ErrorDetail};
pub use text::Text;
