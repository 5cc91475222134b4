//! City-scale data and benchmarks (the top of the crate: they drive the domains through the
//! real router and stores): `linli generate …` fills a database with a city's directory,
//! venues and bookings, and feedback; `linli bench …` times directory search and the staff
//! inbox. No domain imports this module.
pub mod booking;
pub mod directory;
pub mod feedback;
pub mod inbox;
