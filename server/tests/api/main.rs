//! Integration tests: the whole router, in-process, on a fresh SQLite file and a fresh
//! PostgreSQL database per test. Every test runs on both backends (see [`both_backends!`]).
#[macro_use]
mod helpers;

mod assets;
mod errors;
mod health;
mod regions;
