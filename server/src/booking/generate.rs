//! Benchmark data (filled in below).
