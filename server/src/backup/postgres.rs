//! PostgreSQL: `pg_dump --format=custom` inside a snapshot this module exports (so the row
//! counts in the manifest are those of the dump), and `pg_restore --single-transaction`.
//! Both tools come from the PostgreSQL client package and must be on `PATH`, of the server's
//! major version or newer. The password of the URL is handed over in `PGPASSWORD`, never on
//! the command line.
use std::{collections::BTreeMap, path::Path};

use anyhow::{Context as _, bail};
use sqlx::AnyConnection;

use super::quoted;
use crate::Db;

/// The snapshot's name in a backup directory.
pub const FILE: &str = "linli.pgdump";

/// The URL for libpq without its password, and the password.
fn libpq(url: &str) -> anyhow::Result<(String, Option<String>)> {
    let mut parsed = url::Url::parse(url).context("not a valid PostgreSQL URL")?;
    let password = parsed.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    let _ = parsed.set_password(None);
    Ok((parsed.to_string(), password))
}

/// Runs a PostgreSQL client tool; its error output becomes the error.
async fn run(
    program: &'static str,
    args: Vec<String>,
    password: Option<String>,
) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new(program);
        cmd.args(&args);
        if let Some(p) = password {
            cmd.env("PGPASSWORD", p);
        }
        let out = cmd.output().with_context(|| {
            format!("cannot run {program}: install the PostgreSQL client tools (same major version as the server, or newer) and put them on PATH")
        })?;
        if !out.status.success() {
            bail!("{program} failed: {}", String::from_utf8_lossy(&out.stderr).trim());
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    })
    .await?
}

/// Rows of every table of the current schema.
pub async fn table_rows(conn: &mut AnyConnection) -> anyhow::Result<BTreeMap<String, i64>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut rows = BTreeMap::new();
    for name in names {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM {}",
            quoted(&name)
        ))
        .fetch_one(&mut *conn)
        .await?;
        rows.insert(name, n);
    }
    Ok(rows)
}

/// Dumps the database to `target`; returns the tool's version and the rows of every table, both
/// read in the same snapshot.
pub async fn snapshot(
    db: &Db,
    url: &str,
    target: &Path,
) -> anyhow::Result<(String, BTreeMap<String, i64>)> {
    let version = run("pg_dump", vec!["--version".into()], None).await?;
    let (dsn, password) = libpq(url)?;
    let mut conn = db.pool().acquire().await?;
    sqlx::query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *conn)
        .await?;
    let dumped = async {
        let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
            .fetch_one(&mut *conn)
            .await?;
        let rows = table_rows(&mut conn).await?;
        // Level 1: photos are already compressed; on 1 000 photos of 300 KB (350 MB database)
        // level 1 took 33 s for 355 MB, the default (6) 88 s for 345 MB, none 7 s for 620 MB.
        let args = vec![
            "--format=custom".to_owned(),
            "--compress=1".to_owned(),
            "--no-owner".to_owned(),
            "--no-privileges".to_owned(),
            format!("--snapshot={snapshot}"),
            format!("--file={}", target.display()),
            format!("--dbname={dsn}"),
        ];
        run("pg_dump", args, password).await?;
        anyhow::Ok(rows)
    }
    .await;
    let _ = sqlx::query("COMMIT").execute(&mut *conn).await;
    Ok((version, dumped?))
}

/// Restores the dump `file` into the (existing) database of `url`.
pub async fn restore(url: &str, file: &Path, force: bool) -> anyhow::Result<()> {
    run("pg_restore", vec!["--version".into()], None).await?;
    let db = Db::connect(url).await?;
    let prepared = async {
        let mut conn = db.pool().acquire().await?;
        let tables = table_rows(&mut conn).await?.len();
        if tables > 0 && !force {
            bail!(
                "the database already has {tables} tables: restore into a new database, or pass --force to replace everything in its schema"
            );
        }
        if tables > 0 {
            let schema: String = sqlx::query_scalar("SELECT CAST(current_schema() AS TEXT)")
                .fetch_one(&mut *conn)
                .await?;
            sqlx::query(&format!("DROP SCHEMA {} CASCADE", quoted(&schema)))
                .execute(&mut *conn)
                .await?;
            sqlx::query(&format!("CREATE SCHEMA {}", quoted(&schema)))
                .execute(&mut *conn)
                .await?;
        }
        anyhow::Ok(())
    }
    .await;
    db.close().await;
    prepared?;
    let (dsn, password) = libpq(url)?;
    let args = vec![
        "--no-owner".to_owned(),
        "--no-privileges".to_owned(),
        "--exit-on-error".to_owned(),
        "--single-transaction".to_owned(),
        format!("--dbname={dsn}"),
        file.display().to_string(),
    ];
    run("pg_restore", args, password).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::libpq;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        let (dsn, pw) = libpq("postgres://linli:s%40cret@db.internal:5433/linli?sslmode=require")
            .expect("parses");
        assert_eq!(
            dsn,
            "postgres://linli@db.internal:5433/linli?sslmode=require"
        );
        assert_eq!(pw.as_deref(), Some("s@cret"));
        let (dsn, pw) = libpq("postgres://postgres@127.0.0.1/x").expect("parses");
        assert_eq!(
            (dsn.as_str(), pw),
            ("postgres://postgres@127.0.0.1/x", None)
        );
    }
}
