//! Demo venues (filled in below).
