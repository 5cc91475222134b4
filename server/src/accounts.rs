//! Accounts: residents and staff, sessions, roles scoped to the region tree, second factor,
//! and the personal-data rights of PIPL (masking, export, deletion).
pub mod admin;
mod by_sms;
pub mod cli;
pub mod codes;
pub mod email;
pub mod family;
pub mod name;
pub mod password;
pub mod phone;
mod routes;
pub(crate) use routes::{confirm_password, with_cookie};
pub mod session;
pub mod store;
pub mod totp;
pub mod views;

pub use views::region_ref as views_region;

pub use name::PersonName;
pub use phone::PhoneNumber;
pub use session::{CurrentUser, Grant};

use utoipa_axum::router::OpenApiRouter;

use crate::{AppState, error::messages::Message};

pub fn router() -> OpenApiRouter<AppState> {
    routes::router()
        .merge(admin::router())
        .merge(email::router())
        .merge(family::router())
}

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("invalid_phone", "请输入有效的中国大陆手机号码（11 位）。", "Enter a valid mainland China mobile number (11 digits)."),
    ("password_too_short", "密码至少需要 8 个字符。", "The password needs at least 8 characters."),
    ("password_too_long", "密码不能超过 128 个字符。", "The password can have at most 128 characters."),
    ("password_too_common", "这个密码太常见，容易被猜到，请换一个。", "This password is too common and easy to guess; choose another."),
    ("password_contains_phone", "密码不能包含手机号码。", "The password must not contain the phone number."),
    ("phone_registered", "该手机号码已注册，请直接登录。", "This phone number is already registered; please log in."),
    ("invalid_credentials", "手机号码或密码不正确。", "The phone number or password is wrong."),
    ("account_disabled", "该账号已被停用，请联系社区工作人员。", "This account has been disabled; contact your community staff."),
    ("invalid_display_name", "请填写 1 到 32 个字的称呼。", "Enter a name of 1 to 32 characters."),
    ("invalid_community", "请选择您居住的社区。", "Choose the community you live in."),
    ("invalid_totp", "验证码不正确或已过期。", "The code is wrong or has expired."),
    ("totp_already_enabled", "已经开启了两步验证。", "Two-step verification is already on."),
    ("totp_not_set_up", "请先设置验证器。", "Set up the authenticator app first."),
    ("wrong_password", "密码不正确。", "The password is wrong."),
    ("user_not_found", "找不到该用户。", "No such user."),
    ("user_deleted", "该账号已注销。", "This account has been deleted."),
    ("deleted_account_name", "已注销用户", "Deleted account"),
    ("role_not_grantable", "不能授予该角色。", "This role cannot be granted."),
    ("region_out_of_scope", "该地区不在您的管理范围内。", "This region is outside your responsibility."),
    ("department_not_found", "找不到该部门。", "No such department."),
    ("department_required", "职能部门经办人需要指定部门。", "A department handler needs a department."),
    ("department_not_allowed", "只有职能部门经办人需要指定部门。", "Only department handlers have a department."),
    ("role_already_granted", "该用户已有此角色。", "The user already has this role."),
    ("grant_not_found", "找不到该授权。", "No such role grant."),
    ("cannot_revoke_own_last_admin", "不能撤销自己唯一的管理员角色。", "You cannot revoke your own only administrator role."),
    ("cannot_change_own_status", "不能停用自己的账号。", "You cannot change the status of your own account."),
    ("invalid_status", "账号状态无效。", "Not a valid account status."),
    ("sms_code_invalid", "短信验证码不正确。", "The SMS code is wrong."),
    ("sms_code_expired", "短信验证码已失效，请重新获取。", "The SMS code is no longer valid; ask for a new one."),
    ("email_registered", "该邮箱已被其他账号使用。", "This email address is used by another account."),
    ("email_code_invalid", "邮箱验证码不正确。", "The email code is wrong."),
    ("not_family_proxy", "您不是该居民的代办家人，或代办已结束。", "You are not a family proxy of this resident, or the link has ended."),
    ("proxy_not_allowed", "代办家人不能进行此操作，请由本人办理。", "A family proxy cannot do this; the resident must do it in person."),
    ("family_member_not_found", "没有使用该手机号码的邻里账号，请家人先注册。", "No Linli account has this number; ask your family member to register first."),
    ("family_link_exists", "你们之间已有代办关系或邀请。", "You already have a proxy link or invitation with this person."),
    ("family_links_full", "代办家人已达上限（5 位）。", "The limit of 5 family links is reached."),
    ("family_link_not_found", "找不到该代办关系。", "No such family link."),
    ("family_link_not_open", "该邀请已确认或已结束。", "This invitation was already confirmed or has ended."),
    ("email_code_expired", "邮箱验证码已失效，请重新获取。", "The email code is no longer valid; ask for a new one."),
];

/// What the audit log says about accounts and roles.
#[rustfmt::skip]
pub const AUDIT: &[Message] = &[
    ("audit_role_granted", "第 {grant} 号授权：{role}，地区 {region}", "Grant {grant}: {role} in {region}"),
    ("audit_role_granted_department", "第 {grant} 号授权：{role}，地区 {region}，部门 {department}", "Grant {grant}: {role} in {region}, department {department}"),
    ("audit_role_granted_cli", "{role}，地区 {region}（命令行授予）", "{role} in {region} (granted on the command line)"),
    ("audit_role_revoked", "撤销第 {grant} 号授权：{role}", "Grant {grant} revoked: {role}"),
    ("audit_phone_shown", "查看了完整手机号", "The full phone number was shown"),
    ("audit_login", "通过{how}登录", "Signed in by {how}"),
    ("audit_login_pending", "通过{how}登录，待完成第二步验证", "Signed in by {how}; second factor pending"),
    ("audit_email_proven", "已通过邮件验证码确认", "Proven by a code sent by email"),
    ("audit_phone_proven", "已通过短信验证码确认", "Proven by a code sent by SMS"),
    ("audit_password_reset", "通过短信验证码重置，结束了 {sessions} 个登录会话", "Reset with a code sent by SMS; {sessions} sessions ended"),
    ("audit_family_acted", "代居民操作：{method} {route}", "Acted for the resident: {method} {route}"),
    ("audit_family_acted_as", "代居民{what}", "Acted for the resident: {what}"),
];

/// The audit detail of a staff login: how, and whether the second factor is still to come
/// (nothing for a plain password login).
pub fn login_detail(how: &str, mfa: bool) -> Option<crate::phrase::Phrase> {
    let (zh, en) = match how {
        "password" => ("密码", "password"),
        "sms code" => ("短信验证码", "SMS code"),
        "password reset" => ("重置密码", "password reset"),
        other => (other, other),
    };
    let code = match (mfa, how) {
        (true, _) => "audit_login_pending",
        (false, "password") => return None,
        (false, _) => "audit_login",
    };
    Some(crate::phrase::Phrase::new(code).words("how", "how_en", zh, en))
}

/// A role for people (zh, en), from its code; the code itself when unknown.
pub fn role_label(role: &str) -> (&str, &str) {
    match role {
        "resident" => ("居民", "Resident"),
        "committee_member" => ("居委会委员", "Committee member"),
        "workstation_staff" => ("社区工作站人员", "Community workstation staff"),
        "department_handler" => ("职能部门经办人", "Department handler"),
        "social_worker" => ("社工", "Social worker"),
        "admin" => ("管理员", "Administrator"),
        other => (other, other),
    }
}

/// A role's words as the values `role` and `role_en` of an audit detail.
pub fn with_role(phrase: crate::phrase::Phrase, role: &str) -> crate::phrase::Phrase {
    let (zh, en) = role_label(role);
    phrase.words("role", "role_en", zh, en)
}
