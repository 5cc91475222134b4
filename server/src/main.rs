//! The `linli` binary: reads its configuration, then hands over to the library.
use std::process::ExitCode;

use clap::Parser;

/// Small allocations are most of what a request does beyond its query (see server/Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = server::cli::Cli::parse();
    match server::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("linli: {err:#}");
            ExitCode::FAILURE
        }
    }
}
