//! `linli backup`, `linli restore` and `linli files verify`.
use std::path::PathBuf;

use anyhow::bail;

use crate::{Db, cli::DbArgs};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// A new (or empty) directory for the backup.
    #[arg(long)]
    pub to: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The directory written by `linli backup`.
    #[arg(long)]
    pub from: PathBuf,
    /// Replace a database that already has tables (everything in it is lost).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum FilesCommand {
    /// Read every stored file and check its SHA-256; fails when one does not match.
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[expect(clippy::print_stdout, reason = "command-line output for the operator")]
fn say(line: &str) {
    println!("{line}");
}

pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let now = crate::clock::Clock::system().now();
    let m = super::backup(&args.db.url()?, &args.to, now).await?;
    let rows: i64 = m.tables.values().sum();
    let files = m.tables.get("stored_files").copied().unwrap_or(0);
    for f in &m.files {
        say(&format!("{}  {}  {} bytes", f.sha256, f.path, f.bytes));
    }
    say(&format!(
        "backup of {} (migration {}) written to {}: {} tables, {rows} rows, {files} uploaded files; {}",
        m.backend,
        m.migration_version,
        args.to.display(),
        m.tables.len(),
        super::MANIFEST
    ));
    Ok(())
}

pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    let r = super::restore(&args.db.url()?, &args.from, args.force).await?;
    say(&format!(
        "restored the {} backup of {} (migration {}): {} tables, {} rows, {} uploaded files checked",
        r.manifest.backend,
        r.manifest.created_at,
        r.manifest.migration_version,
        r.manifest.tables.len(),
        r.rows,
        r.files_checked
    ));
    Ok(())
}

pub async fn files(command: FilesCommand) -> anyhow::Result<()> {
    match command {
        FilesCommand::Verify { db } => {
            let db = Db::connect(&db.url()?).await?;
            let report = crate::files::store::verify(&db).await?;
            let missing = crate::files::legacy::photos_only_on_disk(&db).await?;
            db.close().await;
            say(&format!(
                "{} files, {} bytes checked; {} damaged; {missing} feedback photos not in the database",
                report.checked,
                report.bytes,
                report.damaged.len()
            ));
            for name in &report.damaged {
                say(&format!("damaged: {name}"));
            }
            if !report.damaged.is_empty() || missing > 0 {
                bail!("some files are damaged or missing");
            }
            Ok(())
        }
    }
}
