//! The region tree (city → district → subdistrict → community) that scopes everything else.
mod routes;
pub mod store;

pub use routes::router;
pub use store::RegionId;
