//! Command-line interface of the `linli` binary.
use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::{AppState, Config, Db, assets::Assets};

#[derive(Debug, Parser)]
#[command(
    name = "linli",
    version,
    about = "Linli 邻里 — community services on line"
)]
pub struct Cli {
    /// Log filter, e.g. `info` or `server=debug,tower_http=info`.
    #[arg(long, env = "LINLI_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Log as JSON lines (for log collectors) instead of human-readable text.
    #[arg(long, env = "LINLI_LOG_JSON", global = true)]
    pub log_json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the web app.
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// The region tree, as CSV (`code,parent,level,name_zh,name_en[,retired]`).
    #[command(subcommand)]
    Regions(RegionsCommand),
    /// Generate synthetic data for benchmarks (never on a production database).
    #[command(subcommand)]
    Generate(GenerateCommand),
    /// Measure response times on the current data.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Write a consistent backup of the database (uploaded files included) into a new directory,
    /// while the server runs: `linli backup --to /var/backups/linli/2026-12-01`.
    Backup(crate::backup::cli::BackupArgs),
    /// Restore a backup made by `linli backup` (stop the servers first):
    /// `linli restore --from /var/backups/linli/2026-12-01`.
    Restore(crate::backup::cli::RestoreArgs),
    /// Uploaded files kept in the database.
    #[command(subcommand)]
    Files(crate::backup::cli::FilesCommand),
    /// The directory's search index.
    #[command(subcommand)]
    Search(SearchCommand),
}

#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Rebuild the search index of every server on this database, while they serve: each
    /// builds a new one from the tables and swaps it in at once (searches meanwhile use the
    /// old one). `linli search reindex`.
    Reindex(DbArgs),
}

#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Add generated services (with organizations, locations and hours) in every community,
    /// e.g. `linli generate directory --services 100000`. Seeds the region tree if empty.
    Directory {
        #[command(flatten)]
        db: DbArgs,
        /// How many services to add.
        #[arg(long, default_value_t = 100_000)]
        services: usize,
    },
    /// Venues in every community and bookings over a range of days, e.g.
    /// `linli generate booking --venues 5000 --days 365`.
    Booking {
        #[command(flatten)]
        db: DbArgs,
        /// Number of venues.
        #[arg(long, default_value_t = 100)]
        venues: u32,
        /// Days of bookings, centred on today.
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// Bookings per venue and day (at most 7, on distinct two-hour blocks).
        #[arg(long, default_value_t = 4)]
        per_day: u32,
        /// Generated residents who make the bookings.
        #[arg(long, default_value_t = 1000)]
        residents: u32,
        /// Seed of the random choices (the same seed gives the same data).
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Feedback cases over every community, two years back: `linli generate feedback --cases 1000000`.
    Feedback {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value_t = 100_000)]
        cases: u64,
        /// Seed of the random generator (same seed, same data).
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Search latency (p50/p99) of a fixed set of Chinese queries through the whole API,
    /// beside the raw ranking SQL of the same queries.
    DirectorySearch {
        #[command(flatten)]
        db: DbArgs,
        /// Timed runs per query (after two warm-up runs).
        #[arg(long, default_value_t = 50)]
        iterations: usize,
    },
    /// The staff inbox's first page with filters, for staff at each level (p50/p99).
    FeedbackInbox {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value_t = 200)]
        iterations: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegionsCommand {
    /// Add and update regions from a CSV file, all or nothing: new codes are added, existing
    /// ones renamed, moved (communities) or retired/restored as the file says. Every bad line
    /// is reported with its number and nothing changes. A GeoJSON FeatureCollection
    /// (`.geojson`/`.json`, or any file starting with `{`) sets community boundaries instead:
    /// one feature per community, `properties.code` and a Polygon or MultiPolygon (null
    /// removes it); see docs/open-data.md.
    Import {
        #[command(flatten)]
        db: DbArgs,
        /// The CSV file, with the header `code,parent,level,name_zh,name_en[,retired]`, or a
        /// GeoJSON file of community boundaries.
        file: PathBuf,
        /// Area every boundary must lie in: `south,west,north,east` in degrees (the same
        /// setting as `serve`).
        #[arg(long, env = "LINLI_GEO_AREA", value_parser = crate::open311::placement::GeoBox::parse,
              default_value = "22.40,113.70,22.90,114.70")]
        geo_area: crate::open311::placement::GeoBox,
    },
    /// Write the whole tree as CSV to standard output (a file `import` takes back).
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// Write the community boundaries as a GeoJSON FeatureCollection instead.
        #[arg(long)]
        geojson: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account (or find it by phone) and grant it a staff role, e.g.
    /// `linli user add --phone 13800000000 --role admin --region 440300`.
    /// The password comes from `LINLI_USER_PASSWORD` or a prompt.
    Add {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        user: crate::accounts::cli::AddUser,
    },
}

#[derive(Debug, clap::Args)]
pub struct DbArgs {
    /// Database URL: `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    /// Default: an SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Directory for the default SQLite database and uploaded files.
    #[arg(long, env = "LINLI_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LINLI_ADDR", default_value = Config::DEFAULT_ADDR)]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub db: DbArgs,
    /// Seed demo data into an empty database and print the demo accounts.
    #[arg(long, env = "LINLI_DEMO", value_parser = clap::builder::BoolishValueParser::new(), default_value = "false")]
    pub demo: bool,
    /// Serve the web app from this directory instead of the copy built into the binary.
    #[arg(long, env = "LINLI_ASSETS_DIR")]
    pub assets_dir: Option<PathBuf>,
    /// Requests running longer than this many seconds are answered with 503.
    #[arg(long, env = "LINLI_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Set when a TLS-terminating proxy is in front: HSTS and `Secure` cookies.
    #[arg(long, env = "LINLI_BEHIND_TLS")]
    pub behind_tls: bool,
    /// Take the client address from `X-Forwarded-For`; only behind a proxy that sets it.
    #[arg(long, env = "LINLI_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// Multiply every rate limit by this factor; 0 turns rate limiting off (benchmarks only).
    #[arg(long, env = "LINLI_RATE_LIMIT_SCALE", default_value_t = 1)]
    pub rate_limit_scale: u32,
    /// Area where Open311 positions are accepted: `south,west,north,east` in degrees
    /// (default: Shenzhen with a margin).
    #[arg(long, env = "LINLI_GEO_AREA", value_parser = crate::open311::placement::GeoBox::parse,
          default_value = "22.40,113.70,22.90,114.70")]
    pub geo_area: crate::open311::placement::GeoBox,
    /// An Open311 position is placed in the community of the nearest known place within this
    /// many metres; farther, it waits in the district's triage queue.
    #[arg(long, env = "LINLI_PLACE_WITHIN_M", default_value_t = 500,
          value_parser = clap::value_parser!(u32).range(10..=20_000))]
    pub place_within_m: u32,
    /// Serve `/api/v1/bench/bare`, a JSON handler without database access (benchmarks only).
    #[arg(long, hide = true)]
    pub bench_baseline: bool,
    /// Search the directory through SQL only, without a search index (e.g. a read-only data
    /// directory; the benchmark's SQL figures).
    #[arg(long, env = "LINLI_NO_SEARCH_INDEX", value_parser = clap::builder::BoolishValueParser::new(), default_value = "false")]
    pub no_search_index: bool,
    /// Where SMS go: `log` (the default; the log notes each message without number or text),
    /// `file:PATH`, which appends each message, codes included, as a JSON line
    /// `{"to","kind","text"}` (development and tests only), or the `http://` URL of the
    /// deployment's SMS gateway (each message is a JSON `POST`; see docs/deploy.md).
    #[arg(long, env = "LINLI_SMS_SENDER", default_value = "log",
          value_parser = crate::notifications::outbox::SmsSetting::parse)]
    pub sms_sender: crate::notifications::outbox::SmsSetting,
    /// Bearer token sent to the SMS gateway (with `--sms-sender http://…`). Prefer the
    /// environment variable: flags show in the process list.
    #[arg(long, env = "LINLI_SMS_GATEWAY_TOKEN", hide_env_values = true)]
    pub sms_gateway_token: Option<String>,
    /// Sends email through this SMTP relay, `smtp://host:port`; without it mail only goes to
    /// the log.
    #[arg(long, env = "LINLI_SMTP_URL", value_parser = crate::notifications::outbox::SmtpSetting::parse_url)]
    pub smtp_url: Option<(String, u16)>,
    /// Distinct residents' flags that hide a case from the public reports until staff review it.
    #[arg(long, env = "LINLI_FLAGS_TO_HIDE", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub flags_to_hide: u32,
    /// The lowest a time-bank balance may go, in hours (0: help is paid with hours already
    /// earned or granted; -4: up to four hours on credit).
    #[arg(long, env = "LINLI_TIME_BANK_FLOOR_HOURS", default_value_t = 0, allow_negative_numbers = true,
          value_parser = clap::value_parser!(i64).range(-100..=0))]
    pub time_bank_floor_hours: i64,
    /// Cumulative hours of service for each volunteer star level, ascending.
    #[arg(long, env = "LINLI_VOLUNTEER_STAR_HOURS", default_value = "100,300,600,1000,1500",
          value_parser = crate::volunteers::StarHours::parse)]
    pub volunteer_star_hours: crate::volunteers::StarHours,
    /// The sender of every mail.
    #[arg(
        long,
        env = "LINLI_SMTP_FROM",
        default_value = "Linli <noreply@linli.localhost>"
    )]
    pub smtp_from: String,
    #[command(flatten)]
    pub ops: crate::operations::OpsArgs,
}

impl DbArgs {
    pub(crate) fn url(&self) -> anyhow::Result<String> {
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("cannot create data directory {}", self.data_dir.display()))?;
        Ok(self
            .database_url
            .clone()
            .unwrap_or_else(|| Config::default_database_url(&self.data_dir)))
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    crate::register_messages();
    init_tracing(&cli.log, cli.log_json);
    // One-off commands run on the system clock; the server's clock comes from its config.
    let clock = crate::clock::Clock::system();
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Migrate(args) => {
            let db = Db::connect(&args.url()?).await?;
            crate::migrate(&db).await?;
            tracing::info!(backend = db.backend().name(), "migrations applied");
            crate::files::legacy::import_feedback_photos(&db, &args.data_dir).await?;
            Ok(())
        }
        Command::Backup(args) => crate::backup::cli::backup(args).await,
        Command::Restore(args) => crate::backup::cli::restore(args).await,
        Command::Files(command) => crate::backup::cli::files(command).await,
        Command::Search(SearchCommand::Reindex(args)) => {
            let db = Db::connect(&args.url()?).await?;
            let mut tx = db.begin_write().await?;
            crate::directory::search_log::append_rebuild(&mut tx).await?;
            tx.commit().await?;
            say(
                "every search index on this database rebuilds now (each server's log says when it is done)",
            );
            Ok(())
        }
        Command::Generate(GenerateCommand::Booking {
            db,
            venues,
            days,
            per_day,
            residents,
            seed,
        }) => {
            let db = Db::connect(&db.url()?).await?;
            crate::migrate(&db).await?;
            let plan = crate::scale::booking::Plan {
                venues,
                days,
                per_day,
                residents,
                seed,
            };
            let w = crate::scale::booking::run(&db, plan, clock.now()).await?;
            say(&format!(
                "generated {} venues, {} bookings, {} claims in {:.1} s ({:.0} bookings/s)",
                w.venues,
                w.bookings,
                w.claims,
                w.seconds,
                w.bookings as f64 / w.seconds.max(0.001)
            ));
            Ok(())
        }
        Command::Regions(RegionsCommand::Import { db, file, geo_area }) => {
            regions_import(db, file, &geo_area, &clock).await
        }
        Command::Regions(RegionsCommand::Export { db, geojson }) => {
            let db = Db::connect(&db.url()?).await?;
            crate::migrate(&db).await?;
            let text = if geojson {
                crate::regions::boundaries::export(&db).await?
            } else {
                crate::regions::transfer::export(&db).await?
            };
            std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes())?;
            Ok(())
        }
        Command::User(UserCommand::Add { db, user }) => {
            let db = Db::connect(&db.url()?).await?;
            crate::migrate(&db).await?;
            let line = crate::accounts::cli::add_user(
                &db,
                &user,
                clock.now(),
                crate::accounts::cli::password_from_env_or_prompt,
            )
            .await?;
            say(&line);
            Ok(())
        }
        Command::Generate(GenerateCommand::Directory { db, services }) => {
            let db = Db::connect(&db.url()?).await?;
            crate::migrate(&db).await?;
            let start = std::time::Instant::now();
            let done = crate::scale::directory::generate(&db, services, clock.now()).await?;
            say(&format!(
                "generated {} services, {} locations, {} organizations in {:.1} s ({})",
                done.services,
                done.locations,
                done.organizations,
                start.elapsed().as_secs_f64(),
                db.backend().name()
            ));
            Ok(())
        }
        Command::Bench(BenchCommand::DirectorySearch { db, iterations }) => {
            bench_directory_search(db, iterations).await
        }
        Command::Generate(GenerateCommand::Feedback { db, cases, seed }) => {
            let db = Db::connect(&db.url()?).await?;
            crate::migrate(&db).await?;
            let start = std::time::Instant::now();
            let n = crate::scale::feedback::feedback(&db, cases, seed, clock.now(), |done| {
                say(&format!("  {done} cases…"));
            })
            .await?;
            say(&format!(
                "generated {n} feedback cases on {} in {:.1} s",
                db.backend().name(),
                start.elapsed().as_secs_f64()
            ));
            Ok(())
        }
        Command::Bench(BenchCommand::FeedbackInbox {
            db: args,
            iterations,
        }) => bench_feedback_inbox(args, iterations).await,
    }
}

/// `linli regions import`: a CSV file of regions, or a GeoJSON file of community boundaries.
async fn regions_import(
    db: DbArgs,
    file: PathBuf,
    geo_area: &crate::open311::placement::GeoBox,
    clock: &crate::clock::Clock,
) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.display().to_string();
    if crate::regions::boundaries::is_geojson(&name, &text) {
        let records = crate::regions::boundaries::parse(&text, geo_area)
            .map_err(|e| anyhow::anyhow!("{name}:\n{e}"))?;
        let db = Db::connect(&db.url()?).await?;
        crate::migrate(&db).await?;
        let done = crate::regions::boundaries::apply(&db, &records, None, clock.now())
            .await
            .map_err(|e| anyhow::anyhow!("{name}:\n{e}"))?;
        say(&format!("{name}: {done}"));
        return Ok(());
    }
    let records =
        crate::regions::transfer::parse(&text).map_err(|e| anyhow::anyhow!("{name}:\n{e}"))?;
    let db = Db::connect(&db.url()?).await?;
    crate::migrate(&db).await?;
    let done = crate::regions::transfer::apply(&db, &records, None, clock.now())
        .await
        .map_err(|e| anyhow::anyhow!("{name}:\n{e}"))?;
    say(&format!("{name}: {done}"));
    Ok(())
}

/// `linli bench directory-search`.
async fn bench_directory_search(db: DbArgs, iterations: usize) -> anyhow::Result<()> {
    let url = db.url()?;
    let db_args_dir = db.data_dir.clone();
    let db = Db::connect(&url).await?;
    crate::migrate(&db).await?;
    let services: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dir_services")
        .fetch_one(db.pool())
        .await?;
    let config = Config {
        rate_limit_scale: 0,
        ..Config::for_tests(url, PathBuf::new())
    };
    let state = AppState::new(
        db.clone(),
        config,
        Assets::Dir(PathBuf::from("/nonexistent")),
    );
    // A search index built from scratch beside the SQL path, in the data directory.
    let dir = db_args_dir.join("bench-search-index");
    let _ = std::fs::remove_dir_all(&dir);
    let shutdown = crate::shutdown::Shutdown::default();
    let started = std::time::Instant::now();
    let (index, task) = crate::directory::engine::SearchIndex::open(&db, &dir, &shutdown)?;
    anyhow::ensure!(
        index.wait_ready(Duration::from_secs(3600)).await,
        "the search index was not built within an hour"
    );
    let built = started.elapsed().as_secs_f64();
    let indexed = AppState {
        search_index: Arc::new(index.clone()),
        outbox: Default::default(),
        ..state.clone()
    };
    // As `linli serve` keeps them (both states share the pages).
    let follower = indexed.service_pages.follow(
        db.clone(),
        state.config.database_url.clone(),
        shutdown.clone(),
    );
    let rows = crate::scale::directory::bench(&state, Some(&indexed), iterations.max(1)).await?;
    say(&crate::scale::directory::report(
        &rows,
        db.backend().name(),
        services,
        iterations.max(1),
    ));
    say(&format!(
        "search index: {} documents built in {built:.1} s, {:.1} MiB on disk",
        index.status().documents,
        dir_size(&dir) as f64 / 1_048_576.0
    ));
    shutdown.trigger();
    let _ = tokio::join!(task, follower);
    drop((indexed, index));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Bytes of the files in a directory (not recursive: an index directory is flat).
fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// `linli bench feedback-inbox`.
async fn bench_feedback_inbox(args: DbArgs, iterations: u32) -> anyhow::Result<()> {
    let config = Config {
        database_url: args.url()?,
        data_dir: args.data_dir.clone(),
        rate_limit_scale: 0,
        ..Config::for_tests(String::new(), PathBuf::new())
    };
    let db = Db::connect(&config.database_url).await?;
    crate::migrate(&db).await?;
    let total: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM feedback_cases")
        .fetch_one(db.pool())
        .await?;
    let backend = db.backend().name();
    let state = AppState::new(db, config, Assets::Dir(PathBuf::from("/nonexistent")));
    let lines = crate::scale::inbox::inbox(state, iterations).await?;
    say(&format!(
        "staff inbox, first page (20 rows), {total} cases on {backend}, {iterations} requests each"
    ));
    let base = lines.first().map_or(1.0, |l| l.p50_ms.max(0.001));
    say(&format!(
        "{:<22} {:>9} {:>9} {:>7} {:>5}  {}",
        "who", "p50 ms", "p99 ms", "×base", "rows", "request"
    ));
    for l in &lines {
        say(&format!(
            "{:<22} {:>9.2} {:>9.2} {:>7.1} {:>5}  {}",
            l.who,
            l.p50_ms,
            l.p99_ms,
            l.p50_ms / base,
            l.rows,
            l.path
        ));
    }
    Ok(())
}

#[expect(clippy::print_stdout, reason = "command-line output for the operator")]
fn say(line: &str) {
    println!("{line}");
}

fn init_tracing(filter: &str, json: bool) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let mut config = Config {
        addr: args.addr,
        database_url: args.db.url()?,
        data_dir: args.db.data_dir.clone(),
        demo: args.demo,
        request_timeout: Duration::from_secs(args.request_timeout_secs),
        behind_tls: args.behind_tls,
        trust_proxy: args.trust_proxy,
        rate_limit_scale: args.rate_limit_scale,
        bench_baseline: args.bench_baseline,
        sms: args.sms_sender.clone(),
        feedback: crate::config::FeedbackSettings {
            flags_to_hide: args.flags_to_hide,
            ..Default::default()
        },
        sms_gateway_token: args
            .sms_gateway_token
            .as_deref()
            .map(crate::notifications::outbox::Secret::new),
        smtp: args
            .smtp_url
            .clone()
            .map(|(host, port)| crate::notifications::outbox::SmtpSetting {
                host,
                port,
                from: args.smtp_from.clone(),
            }),
        placement: crate::config::PlacementSettings {
            area: args.geo_area,
            within_m: f64::from(args.place_within_m),
        },
        volunteering: crate::volunteers::Policy {
            floor_minutes: args.time_bank_floor_hours * 60,
            star_hours: args.volunteer_star_hours.0.clone(),
        },
        ..Config::for_tests(String::new(), PathBuf::new())
    };
    args.ops.apply(&mut config)?;
    let shutdown = config.shutdown.clone();
    crate::operations::watch_signals(shutdown.clone());
    let senders = crate::notifications::outbox::Senders::configured(
        &config.sms,
        config.sms_gateway_token.as_ref(),
        config.smtp.as_ref(),
    )
    .map_err(anyhow::Error::msg)?;
    let db = Db::connect(&config.database_url).await?;
    crate::migrate(&db).await?;
    tracing::info!(backend = db.backend().name(), "database ready");
    crate::files::legacy::import_feedback_photos(&db, &config.data_dir).await?;
    let demo_accounts = if config.demo {
        crate::seed::demo(&db, config.clock.now()).await?
    } else {
        Vec::new()
    };
    let assets = match &args.assets_dir {
        Some(dir) => Assets::Dir(dir.clone()),
        None => Assets::Embedded,
    };
    if !assets.has_index() {
        tracing::warn!("the web app is not built: run scripts/build-ui.sh (the API still works)");
    }
    let mut tasks = Vec::new();
    let search_index = if args.no_search_index {
        Default::default()
    } else {
        match crate::directory::engine::SearchIndex::open(
            &db,
            &config.data_dir.join("search-index"),
            &shutdown,
        ) {
            Ok((index, task)) => {
                tasks.push(task);
                index
            }
            Err(e) => {
                tracing::warn!(error = %e, "the search index cannot be opened; search runs through SQL");
                Default::default()
            }
        }
    };
    let state = AppState {
        search_index: Arc::new(search_index),
        ..AppState::new(db.clone(), config.clone(), assets)
    };
    tasks.extend([
        state
            .service_pages
            .follow(db.clone(), config.database_url.clone(), shutdown.clone()),
        crate::janitor::spawn(db.clone(), config.clock.clone(), &shutdown),
        crate::booking::tasks::spawn(db.clone(), config.clock.clone(), &shutdown),
        crate::activities::tasks::spawn(db.clone(), config.clock.clone(), &shutdown),
        crate::notifications::outbox::spawn(
            db.clone(),
            senders,
            config.clock.clone(),
            Duration::from_secs(30),
            state.outbox.clone(),
            &shutdown,
        ),
        crate::feedback::tasks::spawn(state.clone(), Duration::from_secs(300), &shutdown),
    ]);
    if config.metrics_token.is_some() {
        tasks.push(crate::metrics::spawn_upkeep(&shutdown));
    }
    let app = crate::router(state);
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let url = format!("http://{}", listener.local_addr()?);
    tracing::info!(%url, "Linli is listening");
    if config.demo {
        crate::seed::print_banner(&url, &demo_accounts, &config.sms);
    }
    crate::operations::serve(listener, app, shutdown, args.ops.grace(), tasks, db).await
}
