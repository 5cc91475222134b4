//! Integration tests: the whole router, in-process, on a fresh SQLite file and a fresh
//! PostgreSQL database per test. Every test runs on both backends (see [`both_backends!`]).
#![allow(clippy::type_complexity, reason = "table-driven cases are tuples")]

#[macro_use]
mod helpers;

mod accounts;
mod activities;
mod admin;
mod assets;
mod audit;
mod authz;
mod backup;
mod booking;
mod calendar;
mod channels;
mod csrf;
mod directory;
mod directory_hsds;
mod directory_index;
mod directory_open_data;
mod directory_staff;
mod errors;
mod family;
mod feedback;
mod feedback_follow;
mod feedback_reports;
mod feedback_texts;
mod health;
mod notifications;
mod open311;
mod open311_placement;
mod ops;
mod process;
mod production;
mod regions;
mod sms_codes;
mod volunteers;
