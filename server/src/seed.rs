//! Demo data for `linli serve --demo`: the service directory, venues, feedback and one account
//! per role, in the region tree every database has. Seeding only fills an empty database, so
//! restarting with `--demo` never duplicates or overwrites anything. It marks the database as
//! a demo, and the site then says so on every page.
use app::api::accounts::Role;

use crate::{
    Db,
    accounts::{
        password::{self, NewPassword},
        store as accounts,
    },
    regions::store as regions,
};

/// The password of every demo account (printed at start in demo mode only).
pub const DEMO_PASSWORD: &str = "linli-demo-2026";

/// A demo account as printed at start.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub role: Role,
    pub label: &'static str,
    pub phone: &'static str,
    pub name: &'static str,
    /// Home community of the account.
    pub home: &'static str,
    /// Region of the staff role, and its department for handlers.
    pub scope: Option<(&'static str, Option<&'static str>)>,
}

/// One account per role; staff of 福田区园岭街道红荔社区 and of 福田区.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        role: Role::Resident,
        label: "居民 resident",
        phone: "13800000001",
        name: "李秀英",
        home: "440304001001",
        scope: None,
    },
    DemoAccount {
        role: Role::CommitteeMember,
        label: "居委会委员 committee member",
        phone: "13800000002",
        name: "王建国",
        home: "440304001001",
        scope: Some(("440304001001", None)),
    },
    DemoAccount {
        role: Role::WorkstationStaff,
        label: "工作站人员 workstation staff",
        phone: "13800000003",
        name: "陈晓华",
        home: "440304001001",
        scope: Some(("440304001001", None)),
    },
    DemoAccount {
        role: Role::DepartmentHandler,
        label: "民政部门经办 department handler",
        phone: "13800000004",
        name: "刘志强",
        home: "440304001002",
        scope: Some(("440304", Some("civil_affairs"))),
    },
    DemoAccount {
        role: Role::Admin,
        label: "区管理员 district admin",
        phone: "13800000005",
        name: "张丽",
        home: "440304001003",
        scope: Some(("440304", None)),
    },
    DemoAccount {
        role: Role::SocialWorker,
        label: "社工 social worker",
        phone: "13800000007",
        name: "黄美玲",
        home: "440304001001",
        scope: Some(("440304001", None)),
    },
    DemoAccount {
        role: Role::Admin,
        label: "市管理员 city admin",
        phone: "13800000006",
        name: "赵敏",
        home: "440305001001",
        scope: Some(("440300", None)),
    },
];

/// Seeds every part of the demo that is still empty and returns the demo accounts.
pub async fn demo(db: &Db, now: i64) -> anyhow::Result<Vec<DemoAccount>> {
    crate::site::mark_demo(db, now).await?;
    seed_accounts(db, now).await?;
    let services = crate::directory::seed::seed(db, now).await?;
    if services > 0 {
        tracing::info!(services, "demo directory seeded");
    }
    crate::booking::seed::demo(db, now).await?;
    let activities = crate::activities::seed::demo(db, now).await?;
    if activities > 0 {
        tracing::info!(activities, "demo activities seeded");
    }
    let shifts = crate::volunteers::seed::demo(db, now).await?;
    if shifts > 0 {
        tracing::info!(shifts, "demo volunteer shifts seeded");
    }
    let cases = crate::feedback::seed::demo(db, now).await?;
    if cases > 0 {
        tracing::info!(cases, "demo feedback seeded");
    }
    Ok(DEMO_ACCOUNTS.to_vec())
}

/// Creates the demo accounts that do not exist yet.
pub async fn seed_accounts(db: &Db, now: i64) -> anyhow::Result<()> {
    for account in DEMO_ACCOUNTS {
        if accounts::user_by_phone(db, account.phone).await?.is_some() {
            continue;
        }
        let password = NewPassword::parse(DEMO_PASSWORD, None).map_err(|c| anyhow::anyhow!(c))?;
        let hash = password::hash(password)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let home = regions::by_code(db, account.home).await?.map(|r| r.id);
        let mut tx = db.begin_write().await?;
        let id = accounts::insert_user(
            &mut *tx,
            &accounts::NewUser {
                phone: account.phone,
                password_hash: &hash,
                display_name: account.name,
                home_region_id: home,
            },
            now,
        )
        .await?;
        if let Some((region, department)) = account.scope {
            let region = regions::by_code(db, region)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo region {region}"))?;
            let department = match department {
                Some(code) => Some(
                    accounts::department_by_code(db, code)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("{code}"))?
                        .id,
                ),
                None => None,
            };
            accounts::insert_grant(&mut *tx, id, account.role, region.id, department, None, now)
                .await?;
        }
        if account.role == Role::Resident {
            // Residents meet the messages link with something unread in it, as they will.
            crate::notifications::notify(
                &mut tx,
                &crate::notifications::Notice {
                    user_id: id,
                    kind: "account.welcome",
                    title: app::api::Text {
                        zh: "欢迎使用邻里（演示）".into(),
                        en: Some("Welcome to Linli (demo)".into()),
                    },
                    body: app::api::Text {
                        zh: "在这里可以查找社区服务、预约场馆、提出意见建议。预约、意见的进展都会在这里通知您。".into(),
                        en: Some("Find community services, book venues and give feedback here. News about your bookings and feedback arrives in this list.".into()),
                    },
                    link: None,
                    channels: crate::notifications::Channels::IN_APP,
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// What `--demo` prints once the server listens: where to go and how to log in.
#[expect(
    clippy::print_stdout,
    reason = "the banner is for the person who started the server"
)]
pub fn print_banner(
    url: &str,
    accounts: &[DemoAccount],
    sms: &crate::notifications::outbox::SmsSetting,
) {
    println!();
    println!("  Linli 邻里 is running with DEMO data: {url}");
    println!();
    println!("  Demo accounts (password for all: {DEMO_PASSWORD})");
    for a in accounts {
        let scope = a
            .scope
            .map(|(r, d)| format!("{r}{}", d.map(|d| format!(" / {d}")).unwrap_or_default()))
            .unwrap_or_else(|| a.home.to_owned());
        println!("    {:<34} {}  {}  ({scope})", a.label, a.phone, a.name);
    }
    println!();
    match sms {
        crate::notifications::outbox::SmsSetting::File(path) => {
            println!(
                "  SMS (registration and login codes) are written to {}",
                path.display()
            );
        }
        crate::notifications::outbox::SmsSetting::Log => {
            println!(
                "  SMS go to the log without their text: start with --sms-sender file:PATH to read codes"
            );
        }
        crate::notifications::outbox::SmsSetting::Http(_) => {
            println!("  SMS go to the SMS gateway given by --sms-sender");
        }
    }
    println!();
}
