//! Demo data for `linli serve --demo`: Shenzhen's region tree and, later, services, venues,
//! feedback and one account per role. Seeding only fills an empty database, so restarting
//! with `--demo` never duplicates or overwrites anything.
use app::api::regions::RegionLevel;

use crate::{Db, regions::store as regions};

const REGIONS_CSV: &str = include_str!("../seed/regions.csv");

/// Seeds every part of the demo that is still empty.
pub async fn demo(db: &Db) -> anyhow::Result<()> {
    if regions::count(db).await? == 0 {
        let n = seed_regions(db).await?;
        tracing::info!(regions = n, "demo regions seeded");
    }
    Ok(())
}

/// Loads the region tree from the bundled CSV in one transaction.
pub async fn seed_regions(db: &Db) -> anyhow::Result<usize> {
    let mut tx = db.begin_write().await?;
    let mut n = 0;
    for (i, line) in REGIONS_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .enumerate()
    {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let [code, parent, level, name_zh, name_en] = f[..] else {
            anyhow::bail!("regions.csv line {}: expected 5 fields", i + 2);
        };
        let level = RegionLevel::parse(level)
            .ok_or_else(|| anyhow::anyhow!("regions.csv line {}: unknown level {level}", i + 2))?;
        let region = regions::NewRegion {
            code,
            parent: (!parent.is_empty()).then_some(parent),
            level,
            name_zh,
            name_en: (!name_en.is_empty()).then_some(name_en),
            sort_order: i64::try_from(i)?,
        };
        regions::insert(&mut *tx, &region).await?;
        n += 1;
    }
    tx.commit().await?;
    Ok(n)
}

/// What `--demo` prints once the server listens: where to go and how to log in.
#[expect(
    clippy::print_stdout,
    reason = "the banner is for the person who started the server"
)]
pub fn print_banner(url: &str) {
    println!();
    println!("  Linli 邻里 is running (demo data): {url}");
    println!();
}
