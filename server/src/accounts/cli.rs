//! `linli user add`: create an account or give it a role without a database console.
use app::api::accounts::Role;

use super::{PhoneNumber, password::NewPassword, store};
use crate::{Db, audit, regions::store as regions};

/// Arguments of `linli user add`.
#[derive(Debug, clap::Args)]
pub struct AddUser {
    /// Mainland mobile number of the account.
    #[arg(long)]
    pub phone: String,
    /// Role to grant: admin, committee_member, workstation_staff, department_handler, social_worker.
    #[arg(long)]
    pub role: String,
    /// Region code the role covers (e.g. 440300 for the whole city).
    #[arg(long)]
    pub region: String,
    /// Department code, for department_handler.
    #[arg(long)]
    pub department: Option<String>,
    /// Display name for a new account.
    #[arg(long, default_value = "管理员")]
    pub name: String,
}

/// The password for a new account: `LINLI_USER_PASSWORD`, or asked for without echo.
pub fn password_from_env_or_prompt() -> anyhow::Result<String> {
    match std::env::var("LINLI_USER_PASSWORD") {
        Ok(p) => Ok(p),
        Err(_) => Ok(rpassword::prompt_password(
            "Password for the new account: ",
        )?),
    }
}

/// Creates the account if needed (asking `password` for it), then grants the role. Returns a
/// line to print.
pub async fn add_user(
    db: &Db,
    args: &AddUser,
    now: i64,
    password: impl FnOnce() -> anyhow::Result<String>,
) -> anyhow::Result<String> {
    let phone = PhoneNumber::parse(&args.phone)
        .map_err(|_| anyhow::anyhow!("not a mainland mobile number"))?;
    let role = Role::parse(&args.role)
        .filter(|r| r.is_staff())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "role must be one of admin, committee_member, workstation_staff, department_handler, social_worker"
            )
        })?;
    let region = regions::by_code(db, &args.region)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no region with code {}", args.region))?;
    let department = match (role, &args.department) {
        (Role::DepartmentHandler, Some(code)) => Some(
            store::department_by_code(db, code)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no department {code}"))?
                .id,
        ),
        (Role::DepartmentHandler, None) => {
            anyhow::bail!("--department is required for department_handler")
        }
        (_, Some(_)) => anyhow::bail!("--department is only for department_handler"),
        (_, None) => None,
    };
    let (user_id, created) = match store::user_by_phone(db, phone.as_str()).await? {
        Some(user) => (user.id, false),
        None => {
            let password = password()?;
            let password = NewPassword::parse(&password, Some(&phone))
                .map_err(|code| anyhow::anyhow!("password refused: {code}"))?;
            let hash = super::password::hash(password)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let new = store::NewUser {
                phone: phone.as_str(),
                password_hash: &hash,
                display_name: &args.name,
                home_region_id: None,
            };
            (store::insert_user(db.pool(), &new, now).await?, true)
        }
    };
    let mut tx = db.begin_write().await?;
    store::insert_grant(&mut *tx, user_id, role, region.id, department, None, now).await?;
    audit::record(
        &mut *tx,
        audit::Event {
            actor: None,
            action: "role.grant",
            subject: format!("user:{user_id}"),
            region: Some(region.id),
            detail: Some(
                super::with_role(
                    crate::phrase::Phrase::new("audit_role_granted_cli"),
                    role.as_str(),
                )
                .param("region", &region.code),
            ),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(format!(
        "{} account {} ({}): {} for {} {}",
        if created { "created" } else { "updated" },
        user_id,
        phone.masked(),
        role.as_str(),
        region.code,
        region.name_zh
    ))
}
