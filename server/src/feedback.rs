//! Resident feedback (居民意见): residents file complaints, suggestions, questions and praise;
//! the residents' committee accepts, routes to the responsible department and answers within
//! deadlines counted in working days; residents rate the answer; staff see statistics and the
//! periodic opinion report. Open311 (`crate::open311`) serves the same cases.
pub mod accountability;
pub mod answers;
pub mod code;
pub mod follow;
pub mod intake;
pub mod pages;
pub mod photos;
pub mod privacy;
mod reports;
mod routes;
pub mod rules;
pub mod scope;
pub mod seed;
pub mod similar;
mod staff;
pub mod states;
pub mod stats;
pub mod store;
pub mod tasks;
pub mod texts;
mod triage;
pub mod views;
pub mod workflow;

pub use routes::catalogue;

use utoipa_axum::router::OpenApiRouter;

use crate::{AppState, error::messages::Message, ratelimit::Limit};

/// Cases one account may file per hour.
pub const SUBMIT_PER_ACCOUNT: Limit = Limit {
    bucket: "feedback_account",
    max: 10,
    window: 3600,
};
/// Cases filed from one address per hour (anonymous or not).
pub const SUBMIT_PER_IP: Limit = Limit {
    bucket: "feedback_ip",
    max: 30,
    window: 3600,
};
/// Failed tracking-code look-ups from one address per 15 minutes.
pub const TRACKING_MISSES_PER_IP: Limit = Limit {
    bucket: "feedback_code_miss",
    max: 30,
    window: 900,
};

/// All feedback routes. The intake route accepts bodies big enough for its photos.
pub fn router(config: &crate::Config) -> OpenApiRouter<AppState> {
    let limit = config.feedback.photo_max_bytes * config.feedback.max_photos + 256 * 1024;
    routes::router(limit)
        .merge(staff::router())
        .merge(follow::router())
        .merge(triage::router())
        .merge(reports::router())
        .merge(stats::router())
        .merge(accountability::router())
}

/// A user's own cases for the personal-data export (fully anonymous ones are not linked).
pub async fn export_of(
    state: &AppState,
    user_id: i64,
) -> Result<serde_json::Value, crate::error::ApiError> {
    let rows = store::cases_where(
        &state.db,
        &format!("c.submitter_id = {user_id}"),
        &[],
        10_000,
    )
    .await?;
    Ok(serde_json::Value::Array(
        rows.iter()
            .map(|r| {
                serde_json::json!({
                    "tracking_code": r.tracking_code,
                    "kind": r.kind,
                    "category": r.category_code,
                    "community": r.region_code,
                    "place": r.place,
                    "title": r.title,
                    "description": r.description,
                    "privacy": r.privacy,
                    "contact_name": r.contact_name,
                    "contact_phone": r.contact_phone,
                    "status": r.status,
                    "rating": r.rating,
                    "rating_comment": r.rating_comment,
                    "created_at": crate::time::rfc3339(r.created_at),
                })
            })
            .collect(),
    ))
}

/// Account deletion: the cases stay (the committee must keep its records) but no longer name
/// or reach the person.
pub async fn forget_submitter(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE feedback_cases SET submitter_id = NULL, contact_name = NULL, contact_phone = NULL WHERE submitter_id = $1",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE feedback_supports SET user_id = NULL WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Error messages of this domain.
#[rustfmt::skip]
pub const MESSAGES: &[Message] = &[
    ("category_not_found", "请选择意见类别。", "Choose a category."),
    ("details_owner_only", "只有提交人本人可以补充这条意见。", "Only the person who filed this case can add to it."),
    ("invalid_details", "请填写补充内容（1 到 1000 个字）。", "Write what you want to add (1 to 1000 characters)."),
    ("invalid_feedback_community", "请选择问题所在的社区。", "Choose the community where this is."),
    ("invalid_place", "请填写具体地点（1 到 200 个字）。", "Say where it is (1 to 200 characters)."),
    ("invalid_title", "请填写标题（1 到 100 个字）。", "Give a title (1 to 100 characters)."),
    ("invalid_description", "请描述具体情况（1 到 4000 个字）。", "Describe what happened (1 to 4000 characters)."),
    ("anonymous_with_contact", "选择完全匿名时不能留下姓名或电话。", "A fully anonymous case cannot carry a name or phone number."),
    ("contact_name_required", "请留下称呼，或选择完全匿名。", "Leave a name, or choose to stay fully anonymous."),
    ("invalid_contact_name", "称呼应为 1 到 32 个字。", "The name must have 1 to 32 characters."),
    ("unknown_question", "该类别没有这个问题。", "This category has no such question."),
    ("answer_required", "请回答这个问题。", "Please answer this question."),
    ("invalid_answer", "这个回答不符合要求。", "This answer is not valid."),
    ("invalid_multipart", "上传的表单无法读取。", "The uploaded form could not be read."),
    ("case_part_missing", "表单中缺少意见内容（case）。", "The form has no case part."),
    ("unknown_form_field", "表单中有无法识别的字段。", "The form has a field that is not expected."),
    ("too_many_photos", "最多上传 {max} 张照片。", "At most {max} photos."),
    ("photo_too_large", "照片不能超过 {mb} MB。", "A photo can be at most {mb} MB."),
    ("unsupported_photo_type", "只能上传 JPEG、PNG 或 WebP 格式的照片。", "Photos must be JPEG, PNG or WebP."),
    ("photo_unreadable", "照片文件已损坏，无法读取。", "The photo file is damaged and cannot be read."),
    ("photo_not_found", "找不到该照片。", "No such photo."),
    ("case_not_found", "找不到该意见，请检查查询码。", "No such case; check the tracking code."),
    ("case_already_placed", "该意见已在社区中，无需再定位。", "This case is already placed in a community."),
    ("case_not_open", "该意见已办结，不能再附议。", "This case is no longer open for support."),
    ("rating_owner_only", "只有提交人可以评价。", "Only the person who filed the case can rate it."),
    ("invalid_score", "评分应为 1 到 5 分。", "The score must be from 1 to 5."),
    ("invalid_comment", "评价内容不能超过 500 个字。", "The comment can have at most 500 characters."),
    ("not_rateable", "该意见现在不能评价。", "This case cannot be rated now."),
    ("action_not_permitted", "您不能对该意见执行此操作。", "You cannot take this action on this case."),
    ("case_changed", "该意见刚被他人处理，请刷新后再试。", "Someone else just changed this case; reload and try again."),
    ("reply_required", "请填写答复内容。", "Write the reply."),
    ("note_required", "请填写备注内容。", "Write the note."),
    ("text_too_long", "内容太长。", "The text is too long."),
    ("invalid_extension", "延期天数应为 1 到 {max} 个工作日。", "An extension is 1 to {max} working days."),
    ("merge_into_itself", "不能与自己合并。", "A case cannot be merged into itself."),
    ("merge_target_invalid", "只能合并到同一社区仍在办理中的意见。", "Merge only into an open case of the same community."),
    ("assignee_not_eligible", "该人员不能办理这件意见。", "This person cannot handle this case."),
    ("invalid_status_filter", "状态筛选无效。", "Not a valid status filter."),
    ("invalid_kind", "意见类型无效。", "Not a valid kind of feedback."),
    ("invalid_template_title", "模板标题应为 1 到 40 个字。", "A template title has 1 to 40 characters."),
    ("invalid_template_body", "模板内容应为 1 到 2000 个字。", "A template has 1 to 2000 characters."),
    ("template_not_found", "找不到该模板。", "No such template."),
    ("invalid_period", "报告期应为月份（2026-11）或季度（2026-Q4）。", "The period is a month (2026-11) or a quarter (2026-Q4)."),
    ("invalid_range", "开始日期不能晚于结束日期，且跨度不超过 366 天。", "The start must not be after the end, and the range at most 366 days."),
];
