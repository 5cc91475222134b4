//! Accounts, sessions, roles and the personal-data rights of residents.
use serde::{Deserialize, Serialize};

use super::Text;

/// What an account may do. Every account is a resident; the staff roles are granted for a
/// node of the region tree and cover everything below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    CommitteeMember,
    WorkstationStaff,
    DepartmentHandler,
    /// 社工: approves and leads volunteers, runs the time bank.
    SocialWorker,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Self::Resident,
        Self::CommitteeMember,
        Self::WorkstationStaff,
        Self::DepartmentHandler,
        Self::SocialWorker,
        Self::Admin,
    ];
    pub const STAFF: [Role; 5] = [
        Self::CommitteeMember,
        Self::WorkstationStaff,
        Self::DepartmentHandler,
        Self::SocialWorker,
        Self::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::CommitteeMember => "committee_member",
            Self::WorkstationStaff => "workstation_staff",
            Self::DepartmentHandler => "department_handler",
            Self::SocialWorker => "social_worker",
            Self::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn is_staff(self) -> bool {
        self != Self::Resident
    }
}

/// A region named by code, with its name for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionRef {
    pub code: String,
    pub name: Text,
}

/// A functional department that feedback is routed to (民政, 城管 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Department {
    pub code: String,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentList {
    pub items: Vec<Department>,
}

/// A role held for a region (and, for handlers, a department).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    /// Id of the grant, for revoking it; `None` for the implicit resident role.
    pub id: Option<i64>,
    pub role: Role,
    pub region: RegionRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Department>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// Mainland mobile number; spaces, dashes and a +86 prefix are accepted.
    pub phone: String,
    /// 8 to 128 characters; common passwords are refused. No composition rules.
    pub password: String,
    pub display_name: String,
    /// Code of the community the resident lives in.
    pub home_community: String,
    /// The six digits sent by SMS for purpose `register` (`POST /auth/sms-codes`).
    pub sms_code: String,
}

/// What a one-time SMS code is for; a code works only for the purpose it was sent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodePurpose {
    Register,
    Login,
    Reset,
    ChangePhone,
}

impl CodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Login => "login",
            Self::Reset => "reset",
            Self::ChangePhone => "change_phone",
        }
    }
}

/// Asks for a one-time code by SMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsCodeRequest {
    pub phone: String,
    pub purpose: CodePurpose,
}

/// The answer to a code request. It is the same whether or not the number has an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsCodeAccepted {
    /// The code stops working after this many seconds.
    pub expires_in_seconds: u32,
    /// A new code for this number can be asked for after this many seconds.
    pub resend_after_seconds: u32,
}

/// Logs in with a code sent by SMS (purpose `login`) instead of the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginCodeRequest {
    pub phone: String,
    pub sms_code: String,
}

/// Sets a new password with a code sent by SMS (purpose `reset`); every session ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    pub phone: String,
    pub sms_code: String,
    pub new_password: String,
}

/// Moves the account to a new phone number, proven by a code sent to it (purpose
/// `change_phone`) and confirmed with the current password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePhoneRequest {
    pub phone: String,
    pub sms_code: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub phone: String,
    pub password: String,
}

/// Answer to a successful password check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// True when the account has a second factor: send the code to `/auth/totp` next.
    pub mfa_required: bool,
    /// The logged-in user, unless a second factor is still needed.
    #[serde(default)]
    pub me: Option<Me>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpCode {
    /// Six digits from the authenticator app.
    pub code: String,
}

/// The logged-in user as they see themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub display_name: String,
    /// Masked: `138****5678`.
    pub phone: String,
    #[serde(default)]
    pub home_community: Option<RegionRef>,
    pub roles: Vec<RoleGrant>,
    pub mfa_enabled: bool,
    /// Masked verified email address (`z***@example.cn`), if any.
    #[serde(default)]
    pub email: Option<String>,
}

impl Me {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role)
    }

    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|g| g.role.is_staff())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateProfileRequest {
    pub display_name: String,
    pub home_community: String,
}

/// Confirms a sensitive action with the account's password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordConfirmation {
    pub password: String,
}

/// One logged-in device or browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// A short, non-secret handle of the session.
    pub id: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub user_agent: String,
    /// The session making this request.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionList {
    pub items: Vec<SessionInfo>,
}

/// A new authenticator secret, shown once for the user to scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpSetup {
    /// Base32 secret for manual entry.
    pub secret: String,
    /// `otpauth://` URI encoded in the QR code.
    pub otpauth_uri: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

/// Account status as administrators see and set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    Disabled,
    Deleted,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Active, Self::Disabled, Self::Deleted]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// A user in the administrators' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: i64,
    pub display_name: String,
    /// Masked; reveal it with `POST /admin/users/{id}/phone` (audit-logged).
    pub phone: String,
    pub status: AccountStatus,
    #[serde(default)]
    pub home_community: Option<RegionRef>,
    pub roles: Vec<RoleGrant>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    pub items: Vec<UserSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantRoleRequest {
    pub role: Role,
    /// Region code the role covers.
    pub region: String,
    /// Department code; required for `department_handler`, refused otherwise.
    #[serde(default)]
    pub department: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetStatusRequest {
    pub status: AccountStatus,
    /// Why (kept in the audit log).
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealedPhone {
    pub phone: String,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// Display name of who acted; `None` for the system.
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub actor_id: Option<i64>,
    /// e.g. `role.grant`, `user.disable`, `personal_data.view`.
    pub action: String,
    pub subject: String,
    #[serde(default)]
    pub region: Option<String>,
    /// What there is to say beyond the action, in the request's language (entries written
    /// before details were kept as codes: as stored); never personal data.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditList {
    pub items: Vec<AuditEntry>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// `李秀英` → `李*英`, `王芳` → `王*`, `Li Xiuying` → `L********g`.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// Masks a mainland mobile number for display: `13812345678` → `138****5678`. Anything that
/// is not 11 digits is masked whole except its last two characters.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() == 11 && chars.iter().all(char::is_ascii_digit) {
        format!(
            "{}****{}",
            chars[..3].iter().collect::<String>(),
            chars[7..].iter().collect::<String>()
        )
    } else if chars.len() > 2 {
        format!(
            "{}{}",
            "*".repeat(chars.len() - 2),
            chars[chars.len() - 2..].iter().collect::<String>()
        )
    } else {
        "*".repeat(chars.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked_in_the_middle() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("12"), "**");
        assert_eq!(mask_phone("abcdef"), "****ef");
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert!(!Role::Resident.is_staff() && Role::Admin.is_staff());
    }
}

/// Who acts for whom in a family link, seen from the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FamilyDirection {
    /// The other person books and files on the caller's behalf.
    TheyActForMe,
    /// The caller books and files on the other person's behalf.
    IActForThem,
}

/// `POST /me/family-links`: invites a family member, by the phone of their Linli account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyInvite {
    pub phone: String,
    pub direction: FamilyDirection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FamilyLinkStatus {
    /// Waiting for the invited person to confirm.
    Invited,
    /// Both confirmed: the proxy may act.
    Active,
    /// Ended by either side (or declined).
    Ended,
}

/// A link between a resident and a family member who acts for them (子女代办).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyLink {
    pub id: i64,
    /// The other person's account id: the value of `X-Linli-On-Behalf-Of` when acting for them.
    pub other_id: i64,
    pub other_name: String,
    /// Masked.
    pub other_phone: String,
    pub direction: FamilyDirection,
    pub status: FamilyLinkStatus,
    /// Whether the caller sent the invitation (the other side confirms it).
    pub invited_by_me: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyLinkList {
    /// Open links first (invited, active), then the ten latest ended ones.
    pub items: Vec<FamilyLink>,
}
