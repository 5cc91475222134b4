//! Carrying out workflow steps: staff actions, the resident's rating, and the periodic
//! closing, reminding and escalating. Each step checks the transition table, updates the
//! case only if it is still in the state it was read in (409 otherwise), writes the timeline
//! entry and the notifications in the same transaction.
use app::api::{
    Text,
    accounts::Role,
    feedback::{CaseAction, CaseStatus},
};
use jiff::civil::Date;
use sqlx::AnyConnection;

use super::{
    rules,
    states::{self, Actor, Step},
    store::{self, CaseRow},
    texts, views,
};
use crate::{
    AppState, Db,
    accounts::CurrentUser,
    db::{Arg, Sql},
    error::{ApiError, ApiResult, Problem},
    notifications::{self, Channels, Notice},
    phrase::Phrase,
};

/// Updates columns of a case that is still in `expected` state; false if it changed meanwhile.
async fn update(
    conn: &mut AnyConnection,
    id: i64,
    expected: CaseStatus,
    now: i64,
    sets: Vec<(&str, Arg)>,
) -> Result<bool, sqlx::Error> {
    let mut sql = Sql::new("UPDATE feedback_cases SET updated_at = ");
    sql.bind(now);
    for (col, value) in sets {
        sql.push(&format!(", {col} = ")).bind(value);
    }
    sql.push(" WHERE id = ")
        .bind(id)
        .push(" AND status = ")
        .bind(expected.as_str());
    Ok(sql.query().execute(conn).await?.rows_affected() == 1)
}

fn required_text(value: &str, field: &str, code: &'static str, max: usize) -> ApiResult<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(ApiError::invalid(code, field));
    }
    Ok(v.to_owned())
}

fn optional_text(value: Option<&str>, field: &str, max: usize) -> ApiResult<String> {
    let v = value.map(str::trim).unwrap_or("");
    if v.chars().count() > max {
        return Err(ApiError::invalid("text_too_long", field));
    }
    Ok(v.to_owned())
}

fn date_of(s: Option<&str>) -> Option<Date> {
    s.and_then(|d| d.parse().ok())
}

fn days(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(1)
}

pub struct Event<'a> {
    pub kind: &'a str,
    pub public: bool,
    pub status: CaseStatus,
    pub body: String,
    pub department_id: Option<i64>,
    /// The server's own sentence about the step ([`super::texts`]).
    pub text: Option<Phrase>,
}

async fn event(
    conn: &mut AnyConnection,
    case_id: i64,
    actor: Option<i64>,
    now: i64,
    e: Event<'_>,
) -> Result<(), sqlx::Error> {
    store::insert_event(
        conn,
        &store::NewEvent {
            case_id,
            at: now,
            actor_id: actor,
            kind: e.kind,
            public: e.public,
            status_after: e.status.as_str(),
            body: &e.body,
            department_id: e.department_id,
            text: e.text.as_ref(),
        },
    )
    .await
}

/// Who should act on a case now: its assignee, else the handlers of its department covering
/// the community, else the community's committee.
pub async fn holders(db: &Db, case: &CaseRow) -> Result<Vec<i64>, sqlx::Error> {
    if let Some(a) = case.assignee_id {
        return Ok(vec![a]);
    }
    let ancestors = store::ancestors(db, case.region_id).await?;
    if let Some(dept) = case.department_id {
        let handlers = store::staff_at(db, &["department_handler"], &ancestors, Some(dept)).await?;
        if !handlers.is_empty() {
            return Ok(handlers);
        }
    }
    store::staff_at(db, &["committee_member"], &[case.region_id], None).await
}

async fn tell(
    conn: &mut AnyConnection,
    users: &[i64],
    notice: Notice,
    now: i64,
) -> Result<(), sqlx::Error> {
    for user_id in users {
        notifications::notify(
            conn,
            &Notice {
                user_id: *user_id,
                ..notice.clone()
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// What residents who supported a case are told of a step, by the submitter's notice kind.
fn progress(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "feedback.accepted" => ("已受理", "accepted"),
        "feedback.declined" => ("未予受理", "not taken up"),
        "feedback.assigned" => (
            "已转交相关部门办理",
            "passed on to the department in charge",
        ),
        "feedback.answered" => ("已答复", "answered"),
        "feedback.merged" => ("已与同类意见合并办理", "merged with a similar case"),
        _ => return None,
    })
}

/// Tells the submitter (if the case has an account behind it) and, in the app, the residents
/// who supported it from their accounts.
async fn tell_submitter(
    conn: &mut AnyConnection,
    case: &CaseRow,
    kind: &'static str,
    title: Text,
    body: Text,
    channels: Channels,
    now: i64,
) -> Result<(), sqlx::Error> {
    if let Some((zh, en)) = progress(kind) {
        let supporters = store::supporter_accounts(conn, case.id, case.submitter_id).await?;
        let notice = Notice {
            user_id: 0,
            kind: "feedback.supported_progress",
            title: Text::new(
                "您支持的意见有了进展",
                Some("A case you support has moved on".into()),
            ),
            body: Text::new(
                format!("“{}”{zh}。", case.title),
                Some(format!("“{}” has been {en}.", case.title)),
            ),
            link: None,
            channels: Channels::IN_APP,
        };
        tell(conn, &supporters, notice, now).await?;
    }
    if let Some(user_id) = case.submitter_id {
        notifications::notify(
            conn,
            &Notice {
                user_id,
                kind,
                title,
                body,
                link: Some(format!("/feedback/track/{}", case.tracking_code)),
                channels,
            },
            now,
        )
        .await?;
    }
    Ok(())
}

fn conflict_changed() -> ApiError {
    ApiError::conflict("case_changed")
}

fn refuse_transition(status: CaseStatus) -> ApiError {
    ApiError::Conflict(Problem::new("invalid_transition").param("status", status.as_str()))
}

pub fn step_of(action: &CaseAction) -> Step {
    match action {
        CaseAction::Accept { .. } => Step::Accept,
        CaseAction::Decline { .. } => Step::Decline,
        CaseAction::Assign { .. } => Step::Assign,
        CaseAction::Start { .. } => Step::Start,
        CaseAction::Answer { .. } => Step::Answer,
        CaseAction::Note { .. } => Step::Note,
        CaseAction::Extend { .. } => Step::Extend,
        CaseAction::Remind { .. } => Step::Remind,
        CaseAction::Merge { .. } => Step::Merge,
        CaseAction::Hide { .. } => Step::Hide,
        CaseAction::Unhide => Step::Unhide,
    }
}

/// What every action step needs: the case as read, the transition it makes, the time.
struct Acting<'a> {
    state: &'a AppState,
    case: &'a CaseRow,
    /// The acting staff member.
    me: Option<i64>,
    status: CaseStatus,
    to: CaseStatus,
    now: i64,
    today: Date,
    cal: &'a crate::calendar::WorkCalendar,
}

impl Acting<'_> {
    /// Updates this case if it is still in the state it was read in.
    async fn update(
        &self,
        conn: &mut AnyConnection,
        sets: Vec<(&str, Arg)>,
    ) -> Result<bool, sqlx::Error> {
        update(conn, self.case.id, self.status, self.now, sets).await
    }

    /// Writes a timeline entry on this case by the acting staff member.
    async fn event(
        &self,
        conn: &mut AnyConnection,
        kind: &str,
        public: bool,
        body: String,
        department_id: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        self.said(conn, kind, public, None, body, department_id)
            .await
    }

    /// Like [`Self::event`], with the server's own sentence about the step.
    async fn said(
        &self,
        conn: &mut AnyConnection,
        kind: &str,
        public: bool,
        text: Option<Phrase>,
        body: String,
        department_id: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        event(
            conn,
            self.case.id,
            self.me,
            self.now,
            Event {
                kind,
                public,
                status: self.to,
                body,
                department_id,
                text,
            },
        )
        .await
    }

    /// Tells the submitter in the app.
    async fn tell_submitter(
        &self,
        conn: &mut AnyConnection,
        kind: &'static str,
        title: Text,
        body: Text,
    ) -> Result<(), sqlx::Error> {
        tell_submitter(
            conn,
            self.case,
            kind,
            title,
            body,
            Channels::IN_APP,
            self.now,
        )
        .await
    }

    /// Tells whoever should act on `case` now, with a link to its staff page.
    async fn tell_holders(
        &self,
        conn: &mut AnyConnection,
        case: &CaseRow,
        kind: &'static str,
        title: Text,
        body: Text,
        channels: Channels,
    ) -> Result<(), sqlx::Error> {
        let who = holders(&self.state.db, case).await?;
        tell(
            conn,
            &who,
            Notice {
                user_id: 0,
                kind,
                title,
                body,
                link: Some(format!("/staff/feedback/{}", self.case.id)),
                channels,
            },
            self.now,
        )
        .await
    }

    /// `first_response_at` kept if set, and whether acceptance came on time.
    fn first_response(&self) -> [(&'static str, Arg); 2] {
        let accept_due = date_of(Some(&self.case.accept_due)).unwrap_or(self.today);
        [
            (
                "first_response_at",
                Arg::Int(self.case.first_response_at.unwrap_or(self.now)),
            ),
            (
                "accept_on_time",
                Arg::Int(i64::from(rules::on_time(self.today, accept_due))),
            ),
        ]
    }
}

/// Carries out a staff action. The caller has checked that `actor` describes the user's
/// relation to the case (scope).
pub async fn act(
    state: &AppState,
    user: &CurrentUser,
    case: &CaseRow,
    actor: Actor,
    action: CaseAction,
) -> ApiResult<()> {
    let step = step_of(&action);
    if !states::may(actor, step) {
        return Err(ApiError::forbidden("action_not_permitted"));
    }
    let status = views::status(case);
    let Some(to) = states::next(status, step) else {
        return Err(refuse_transition(status));
    };
    let now = state.config.clock.now();
    let cal = crate::calendar::store::load(&state.db).await?;
    let a = Acting {
        state,
        case,
        me: Some(user.id),
        status,
        to,
        now,
        today: crate::clock::local_date(now),
        cal: &cal,
    };
    let mut tx = state.db.begin_write().await?;
    let ok = match action {
        CaseAction::Accept { reply } => accept(&a, &mut tx, reply).await?,
        CaseAction::Decline { reason } => decline(&a, &mut tx, &reason).await?,
        CaseAction::Assign {
            department,
            assignee_id,
            note,
        } => assign(&a, &mut tx, department, assignee_id, note).await?,
        CaseAction::Start { reply } => start(&a, &mut tx, reply).await?,
        CaseAction::Answer { reply } => answer(&a, &mut tx, &reply).await?,
        CaseAction::Note { text } => note(&a, &mut tx, &text).await?,
        CaseAction::Extend { days: n, reason } => extend(&a, &mut tx, n, &reason).await?,
        CaseAction::Remind { text } => remind(&a, &mut tx, text).await?,
        CaseAction::Merge { into } => merge(&a, &mut tx, into).await?,
        CaseAction::Hide { reason } => hide(&a, &mut tx, &reason).await?,
        CaseAction::Unhide => unhide(&a, &mut tx).await?,
    };
    if !ok {
        return Err(conflict_changed());
    }
    crate::audit::record(
        &mut *tx,
        crate::audit::Event {
            actor: Some(user.id),
            action: "feedback.action",
            subject: format!("feedback:{}", case.id),
            region: Some(case.region_id),
            detail: Some(texts::audited_step(step, status.as_str(), to.as_str())),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Accepting: the answer deadline starts today.
async fn accept(
    a: &Acting<'_>,
    conn: &mut AnyConnection,
    reply: Option<String>,
) -> ApiResult<bool> {
    let reply = optional_text(reply.as_deref(), "reply", 2000)?;
    let answer_due = rules::answer_due(a.cal, a.today, days(a.case.answer_days)).to_string();
    let [first_response, accept_on_time] = a.first_response();
    let ok = a
        .update(
            conn,
            vec![
                ("status", Arg::Text(a.to.as_str().into())),
                ("accepted_at", Arg::Int(a.now)),
                first_response,
                accept_on_time,
                ("answer_due", Arg::Text(answer_due.clone())),
                ("due_date", Arg::Text(answer_due.clone())),
                ("reminded_on", Arg::NullText),
                ("escalation_level", Arg::Int(0)),
            ],
        )
        .await?;
    a.event(conn, "accepted", true, reply, None).await?;
    a.tell_submitter(
        conn,
        "feedback.accepted",
        Text::new(
            "您的意见已受理",
            Some("Your feedback has been accepted".into()),
        ),
        Text::new(
            format!("将于 {answer_due} 前答复。"),
            Some(format!("You will get an answer by {answer_due}.")),
        ),
    )
    .await?;
    Ok(ok)
}

/// Declining closes the case with a reason the submitter reads.
async fn decline(a: &Acting<'_>, conn: &mut AnyConnection, reason: &str) -> ApiResult<bool> {
    let reason = required_text(reason, "reason", "reason_required", 1000)?;
    let [first_response, accept_on_time] = a.first_response();
    let ok = a
        .update(
            conn,
            vec![
                ("status", Arg::Text(a.to.as_str().into())),
                first_response,
                accept_on_time,
                ("due_date", Arg::NullText),
                ("closed_at", Arg::Int(a.now)),
            ],
        )
        .await?;
    a.event(conn, "declined", true, reason.clone(), None)
        .await?;
    a.tell_submitter(
        conn,
        "feedback.declined",
        Text::new(
            "您的意见未予受理",
            Some("Your feedback was not taken up".into()),
        ),
        Text::new(reason, None),
    )
    .await?;
    Ok(ok)
}

/// Assigning to a department, a person, or both; the new holders and the submitter are told.
async fn assign(
    a: &Acting<'_>,
    conn: &mut AnyConnection,
    department: Option<String>,
    assignee_id: Option<i64>,
    note: Option<String>,
) -> ApiResult<bool> {
    let (state, case) = (a.state, a.case);
    let note = optional_text(note.as_deref(), "note", 2000)?;
    let dept = match department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(code) => Some(
            crate::accounts::store::department_by_code(&state.db, code)
                .await?
                .ok_or_else(|| ApiError::invalid("department_not_found", "department"))?,
        ),
        None => None,
    };
    let assignee = match assignee_id {
        Some(id) => Some(check_assignee(state, case, id, dept.as_ref().map(|d| d.id)).await?),
        None => None,
    };
    // Department: as given; else the assignee's (a handler); else the category's route.
    let department_id = dept
        .as_ref()
        .map(|d| d.id)
        .or(assignee.and_then(|a| a.1))
        .or(if assignee.is_none() {
            Some(case.category_department_id)
        } else {
            case.department_id
        });
    let ok = a
        .update(
            conn,
            vec![
                ("status", Arg::Text(a.to.as_str().into())),
                ("department_id", Arg::from(department_id)),
                ("assignee_id", Arg::from(assignee.map(|a| a.0))),
            ],
        )
        .await?;
    let dept_name = match department_id {
        Some(id) => crate::accounts::store::departments(&state.db)
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .map(|d| {
                let en = d.name_en.unwrap_or_else(|| d.name_zh.clone());
                (d.name_zh, en)
            }),
        None => None,
    };
    let said = if dept_name.is_some() {
        "timeline_assigned_department"
    } else {
        "timeline_assigned_person"
    };
    a.said(
        conn,
        "assigned",
        true,
        Some(Phrase::new(said)),
        String::new(),
        department_id,
    )
    .await?;
    if !note.is_empty() {
        a.event(conn, "note", false, note, None).await?;
    }
    let due = case.answer_due.clone().unwrap_or_default();
    let mut routed = case.clone();
    routed.assignee_id = assignee.map(|a| a.0);
    routed.department_id = department_id;
    a.tell_holders(
        conn,
        &routed,
        "feedback.assigned",
        Text::new(
            format!("转办：{}", case.title),
            Some(format!("Assigned to you: {}", case.title)),
        ),
        Text::new(
            format!("请在 {due} 前办结。"),
            Some(format!("Please finish by {due}.")),
        ),
        Channels::IN_APP,
    )
    .await?;
    if let Some((zh, en)) = dept_name {
        let passed_on = Phrase::new("timeline_assigned_department");
        let mut body = passed_on.both(&[("department", &zh)]);
        body.en = passed_on.both(&[("department", &en)]).en;
        a.tell_submitter(
            conn,
            "feedback.assigned",
            Text::new(
                "您的意见已转办",
                Some("Your feedback has been passed on".into()),
            ),
            body,
        )
        .await?;
    }
    Ok(ok)
}

/// Starting work, with an optional public reply.
async fn start(a: &Acting<'_>, conn: &mut AnyConnection, reply: Option<String>) -> ApiResult<bool> {
    let reply = optional_text(reply.as_deref(), "reply", 2000)?;
    let ok = a
        .update(conn, vec![("status", Arg::Text(a.to.as_str().into()))])
        .await?;
    a.event(conn, "started", true, reply, None).await?;
    Ok(ok)
}

/// Answering: records whether the answer came on time and asks the submitter to rate it.
async fn answer(a: &Acting<'_>, conn: &mut AnyConnection, reply: &str) -> ApiResult<bool> {
    let reply = required_text(reply, "reply", "reply_required", 4000)?;
    let answer_due = date_of(a.case.answer_due.as_deref()).unwrap_or(a.today);
    let ok = a
        .update(
            conn,
            vec![
                ("status", Arg::Text(a.to.as_str().into())),
                ("answered_at", Arg::Int(a.now)),
                (
                    "answer_on_time",
                    Arg::Int(i64::from(rules::on_time(a.today, answer_due))),
                ),
                ("due_date", Arg::NullText),
            ],
        )
        .await?;
    a.event(conn, "answered", true, reply, a.case.department_id)
        .await?;
    tell_submitter(
        conn,
        a.case,
        "feedback.answered",
        Text::new(
            "您的意见已答复",
            Some("Your feedback has been answered".into()),
        ),
        Text::new(
            "请查看答复并评价。",
            Some("Please read the answer and rate it.".into()),
        ),
        Channels::SMS,
        a.now,
    )
    .await?;
    Ok(ok)
}

/// An internal note; the case itself does not change.
async fn note(a: &Acting<'_>, conn: &mut AnyConnection, text: &str) -> ApiResult<bool> {
    let text = required_text(text, "text", "note_required", 4000)?;
    a.event(conn, "note", false, text, None).await?;
    Ok(true)
}

/// Extending the current deadline (acceptance or answer) by `n` working days.
async fn extend(a: &Acting<'_>, conn: &mut AnyConnection, n: i64, reason: &str) -> ApiResult<bool> {
    let reason = required_text(reason, "reason", "reason_required", 1000)?;
    let n = u32::try_from(n)
        .ok()
        .filter(|n| (1..=rules::MAX_EXTENSION_DAYS).contains(n))
        .ok_or_else(|| {
            ApiError::Invalid(
                Problem::new("invalid_extension")
                    .field("days")
                    .param("max", rules::MAX_EXTENSION_DAYS),
            )
        })?;
    let due = date_of(a.case.due_date.as_deref()).unwrap_or(a.today);
    let new_due = rules::extended(a.cal, due, n);
    let column = if a.status == CaseStatus::Submitted {
        "accept_due"
    } else {
        "answer_due"
    };
    let ok = a
        .update(
            conn,
            vec![
                (column, Arg::Text(new_due.to_string())),
                ("due_date", Arg::Text(new_due.to_string())),
                ("reminded_on", Arg::NullText),
                (
                    "escalation_level",
                    Arg::Int(rules::escalation_level(a.cal, new_due, a.today).max(0)),
                ),
            ],
        )
        .await?;
    let said = Phrase::new("timeline_extended").param("date", new_due);
    a.said(conn, "extended", true, Some(said), reason, None)
        .await?;
    Ok(ok)
}

/// Reminding whoever holds the case, by SMS.
async fn remind(a: &Acting<'_>, conn: &mut AnyConnection, text: Option<String>) -> ApiResult<bool> {
    let case = a.case;
    let text = optional_text(text.as_deref(), "text", 500)?;
    let due = case.due_date.clone().unwrap_or_default();
    a.event(conn, "reminded", false, text.clone(), None).await?;
    a.tell_holders(
        conn,
        case,
        "feedback.reminded",
        Text::new(
            format!("催办：{}", case.title),
            Some(format!("Reminder: {}", case.title)),
        ),
        Text::new(
            if text.is_empty() {
                format!("期限：{due}")
            } else {
                text.clone()
            },
            text.is_empty().then(|| format!("Deadline: {due}")),
        ),
        Channels::SMS,
    )
    .await?;
    Ok(true)
}

/// Merging into another open case of the same community, which takes over the support.
async fn merge(a: &Acting<'_>, conn: &mut AnyConnection, into: i64) -> ApiResult<bool> {
    let case = a.case;
    if into == case.id {
        return Err(ApiError::invalid("merge_into_itself", "into"));
    }
    let target = store::case_by_id(&mut *conn, into)
        .await?
        .filter(|t| t.region_id == case.region_id && views::status(t).is_open())
        .ok_or_else(|| ApiError::invalid("merge_target_invalid", "into"))?;
    let ok = a
        .update(
            conn,
            vec![
                ("status", Arg::Text(a.to.as_str().into())),
                ("merged_into_id", Arg::Int(target.id)),
                ("due_date", Arg::NullText),
                ("closed_at", Arg::Int(a.now)),
            ],
        )
        .await?;
    sqlx::query("UPDATE feedback_cases SET support_count = support_count + $2, updated_at = $3 WHERE id = $1")
        .bind(target.id)
        .bind(case.support_count + 1)
        .bind(a.now)
        .execute(&mut *conn)
        .await?;
    let said = Phrase::new("timeline_merged");
    a.said(conn, "merged", true, Some(said), String::new(), None)
        .await?;
    event(
        conn,
        target.id,
        a.me,
        a.now,
        Event {
            kind: "note",
            public: false,
            status: views::status(&target),
            body: String::new(),
            department_id: None,
            text: Some(
                Phrase::new("timeline_merged_in")
                    .param("code", &case.tracking_code)
                    .param("title", &case.title),
            ),
        },
    )
    .await?;
    a.tell_submitter(
        conn,
        "feedback.merged",
        Text::new(
            "您的意见已合并办理",
            Some("Your feedback was merged with a similar case".into()),
        ),
        Text::new(
            "同一问题的意见将统一答复。",
            Some("Feedback about the same problem will get one answer.".into()),
        ),
    )
    .await?;
    Ok(ok)
}

/// Hiding the case from the public list, with a reason kept internal.
async fn hide(a: &Acting<'_>, conn: &mut AnyConnection, reason: &str) -> ApiResult<bool> {
    let reason = required_text(reason, "reason", "reason_required", 500)?;
    let ok = a
        .update(
            conn,
            vec![
                ("hidden", Arg::Int(1)),
                ("hidden_reason", Arg::Text(reason.clone())),
                ("hidden_reason_en", Arg::NullText),
            ],
        )
        .await?;
    a.event(conn, "hidden", false, reason, None).await?;
    Ok(ok)
}

/// Showing a hidden case again.
async fn unhide(a: &Acting<'_>, conn: &mut AnyConnection) -> ApiResult<bool> {
    let ok = a
        .update(
            conn,
            vec![
                ("hidden", Arg::Int(0)),
                ("hidden_reason", Arg::NullText),
                ("hidden_reason_en", Arg::NullText),
            ],
        )
        .await?;
    a.event(conn, "unhidden", false, String::new(), None)
        .await?;
    super::follow::flags_reviewed(conn, a.case.id).await?;
    Ok(ok)
}

/// An assignee must be a committee member covering the case, or a handler covering it (of the
/// chosen department, when one is chosen). Returns (user id, the handler's department).
async fn check_assignee(
    state: &AppState,
    case: &CaseRow,
    user_id: i64,
    department: Option<i64>,
) -> ApiResult<(i64, Option<i64>)> {
    let ancestors = store::ancestors(&state.db, case.region_id).await?;
    let grants = crate::accounts::store::grants_of(&state.db, user_id).await?;
    let active = crate::accounts::store::user_by_id(&state.db, user_id)
        .await?
        .is_some_and(|u| u.status == "active");
    let fits = |role: Role| {
        grants.iter().find(|g| {
            g.role == role
                && ancestors.contains(&g.region_id)
                && (role != Role::DepartmentHandler
                    || department.is_none_or(|d| g.department_id == Some(d)))
        })
    };
    if !active {
        return Err(ApiError::invalid("assignee_not_eligible", "assignee_id"));
    }
    if let Some(g) = fits(Role::DepartmentHandler) {
        return Ok((user_id, g.department_id));
    }
    if fits(Role::CommitteeMember).is_some() || fits(Role::Admin).is_some() {
        return Ok((user_id, None));
    }
    Err(ApiError::invalid("assignee_not_eligible", "assignee_id"))
}

/// The resident's rating: satisfied closes the case, not satisfied reopens it with a new
/// answer deadline.
pub async fn rate(
    state: &AppState,
    case: &CaseRow,
    score: i64,
    comment: Option<&str>,
    not_satisfied: bool,
) -> ApiResult<()> {
    let satisfied = rules::is_satisfied(score, not_satisfied);
    let step = if satisfied {
        Step::RateSatisfied
    } else {
        Step::RateUnsatisfied
    };
    let status = views::status(case);
    let to = states::next(status, step).ok_or_else(|| ApiError::conflict("not_rateable"))?;
    let now = state.config.clock.now();
    let today = crate::clock::local_date(now);
    let mut tx = state.db.begin_write().await?;
    // A satisfied rating stays on the case; a dissatisfied one is kept in the timeline only,
    // so the next answer can be rated afresh and statistics count the final verdict.
    let mut sets = vec![("status", Arg::Text(to.as_str().into()))];
    if satisfied {
        sets.extend([
            ("rating", Arg::Int(score)),
            ("rating_comment", Arg::from(comment.map(str::to_owned))),
            ("rated_at", Arg::Int(now)),
            ("closed_at", Arg::Int(now)),
        ]);
    } else {
        let cal = crate::calendar::store::load(&state.db).await?;
        let due = rules::answer_due(&cal, today, days(case.answer_days)).to_string();
        sets.extend([
            ("reopen_count", Arg::Int(case.reopen_count + 1)),
            ("answer_due", Arg::Text(due.clone())),
            ("due_date", Arg::Text(due)),
            ("reminded_on", Arg::NullText),
            ("escalation_level", Arg::Int(0)),
            ("answer_on_time", Arg::NullInt),
        ]);
    }
    if !update(&mut tx, case.id, status, now, sets).await? {
        return Err(conflict_changed());
    }
    event(
        &mut tx,
        case.id,
        None,
        now,
        Event {
            kind: "rated",
            public: true,
            status: to,
            body: comment.unwrap_or_default().to_owned(),
            department_id: None,
            text: Some(texts::rated(score, comment.is_some())),
        },
    )
    .await?;
    if !satisfied {
        event(
            &mut tx,
            case.id,
            None,
            now,
            Event {
                kind: "reopened",
                public: true,
                status: to,
                body: String::new(),
                department_id: None,
                text: Some(Phrase::new("timeline_reopened")),
            },
        )
        .await?;
        let who = holders(&state.db, case).await?;
        tell(
            &mut tx,
            &who,
            Notice {
                user_id: 0,
                kind: "feedback.reopened",
                title: Text::new(
                    format!("居民不满意，重新办理：{}", case.title),
                    Some(format!("Reopened, resident not satisfied: {}", case.title)),
                ),
                body: Text::new(format!("评价 {score} 分"), Some(format!("Rated {score}"))),
                link: Some(format!("/staff/feedback/{}", case.id)),
                channels: Channels::IN_APP,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
