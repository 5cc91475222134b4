//! `linli-bench`: a second process that loads a running `linli` over HTTP on loopback, for the
//! benchmarks (`scripts/bench.sh`) and the reliability harness (`scripts/reliability.sh`).
//! Every subcommand is bounded in time or count and prints what it measured.
#![allow(
    clippy::print_stdout,
    reason = "a command-line tool that reports on stdout"
)]
mod booking;
mod load;
mod rush;
mod stats;
mod writes;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "linli-bench", about = "Load generator and checks for Linli")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Registers new accounts as fast as the server allows, appending each acknowledged (2xx)
    /// phone number to `--acked`, until `--duration` ends or the server goes away.
    Writes {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
        #[arg(long, default_value_t = 10)]
        duration: u64,
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        #[arg(long)]
        acked: PathBuf,
        /// The server's SMS file (`linli serve --sms-sender file:PATH`): registrations need
        /// the code sent to the number.
        #[arg(long)]
        sms: PathBuf,
    },
    /// Checks that every acknowledged write is in the database and that the database is
    /// consistent (SQLite integrity and foreign keys; PostgreSQL constraints hold by design).
    VerifyWrites {
        #[arg(long)]
        database_url: String,
        #[arg(long)]
        acked: PathBuf,
    },
    /// A mixed read/write load for `--duration` seconds (at `--rate` requests/s when given,
    /// else as fast as `--concurrency` workers go); writes one line per request to `--log`
    /// (`unix_ms status latency_us`) and prints a summary.
    Load {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
        #[arg(long, default_value_t = 10)]
        duration: u64,
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        #[arg(long)]
        rate: Option<u64>,
        #[arg(long)]
        log: PathBuf,
    },
    /// `--attempts` residents book the same free slot at the same instant: exactly one may win,
    /// the others get 409, none a 5xx; prints how long it took to settle.
    Race {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 500)]
        attempts: usize,
    },
    /// Booking writes per second: `--concurrency` clients book distinct free slots.
    BookingThroughput {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 10)]
        duration: u64,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
    },
    /// The release rush: `--residents` residents with sessions wait for the release minute of
    /// a venue made for the run, then read availability and book (again after each 409) up
    /// to their quota; checks 0 × 5xx, at most one booking per slot, no quota exceeded and
    /// every slot taken, and prints latencies and when the last slot went.
    Rush {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 2000)]
        residents: usize,
        /// At least this many seconds between the start and the release minute.
        #[arg(long, default_value_t = 15)]
        lead: u64,
        /// Residents tap within this many milliseconds after the release (0: all at once).
        #[arg(long, default_value_t = 1000)]
        spread_ms: u64,
    },
    /// Prints a venue id and a feedback tracking code for the read benchmarks.
    Pick {
        #[arg(long)]
        database_url: String,
    },
    /// Reads a `load` log and checks the outage rules: never a 500; 5xx only 503 and only
    /// between `--down-ms` and `--up-ms` plus `--grace-ms`.
    CheckOutage {
        #[arg(long)]
        log: PathBuf,
        #[arg(long)]
        down_ms: u64,
        #[arg(long)]
        up_ms: u64,
        #[arg(long, default_value_t = 3000)]
        grace_ms: u64,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Writes {
            base,
            duration,
            concurrency,
            acked,
            sms,
        } => writes::run(&base, duration, concurrency, &acked, &sms).await,
        Command::VerifyWrites {
            database_url,
            acked,
        } => writes::verify(&database_url, &acked).await,
        Command::Load {
            base,
            duration,
            concurrency,
            rate,
            log,
        } => load::run(&base, duration, concurrency, rate, &log).await,
        Command::Race {
            base,
            database_url,
            attempts,
        } => booking::race(&base, &database_url, attempts).await,
        Command::BookingThroughput {
            base,
            database_url,
            duration,
            concurrency,
        } => booking::throughput(&base, &database_url, duration, concurrency).await,
        Command::Rush {
            base,
            database_url,
            residents,
            lead,
            spread_ms,
        } => rush::run(&base, &database_url, residents, lead, spread_ms).await,
        Command::Pick { database_url } => booking::pick(&database_url).await,
        Command::CheckOutage {
            log,
            down_ms,
            up_ms,
            grace_ms,
        } => load::check_outage(&log, down_ms, up_ms, grace_ms),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("linli-bench: {e:#}");
            ExitCode::from(2)
        }
    }
}
