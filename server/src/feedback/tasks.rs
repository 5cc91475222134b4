//! The periodic work of feedback: reminders before deadlines, escalation of overdue cases to
//! the subdistrict and then the district, and closing answered cases nobody rated. Runs every
//! few minutes; every step is idempotent, so several servers may run it.
use std::time::Duration;

use app::api::{Text, feedback::CaseStatus};
use jiff::civil::Date;

use super::{
    rules,
    states::{self, Step},
    store::{self, CaseRow},
    texts, views, workflow,
};
use crate::{
    AppState,
    calendar::WorkCalendar,
    notifications::{self, Channels, Notice},
    phrase::Phrase,
};

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub reminded: u32,
    pub escalated: u32,
    pub closed: u32,
}

/// Cases handled per step and run; the rest wait for the next run.
const BATCH: u32 = 500;

/// The `n`-th most recent working day on or before `today` (n ≥ 1).
fn nth_recent_working_day(cal: &WorkCalendar, today: Date, n: u32) -> Date {
    let mut d = today;
    let mut left = n;
    loop {
        if cal.is_working_day(d) {
            left -= 1;
            if left == 0 {
                return d;
            }
        }
        match d.yesterday() {
            Ok(y) => d = y,
            Err(_) => return d,
        }
    }
}

pub async fn run_once(state: &AppState) -> Result<Report, crate::error::ApiError> {
    let now = state.config.clock.now();
    let today = crate::clock::local_date(now);
    let cal = crate::calendar::store::load(&state.db).await?;
    let mut report = Report::default();

    // Reminders: deadline today or on the next working day, not yet reminded.
    let horizon = cal.add_working_days(today, 1).to_string();
    let due_soon = store::cases_where(
        &state.db,
        &format!(
            "c.due_date >= '{today}' AND c.due_date <= '{horizon}' AND c.reminded_on IS NULL \
             AND c.status IN ('submitted', 'accepted', 'assigned', 'in_progress')"
        ),
        &[],
        BATCH,
    )
    .await?;
    for case in due_soon {
        let Some(due) = case
            .due_date
            .as_deref()
            .and_then(|d| d.parse::<Date>().ok())
        else {
            continue;
        };
        if rules::reminder_due(&cal, due, today, None) && remind(state, &case, today, now).await? {
            report.reminded += 1;
        }
    }

    // Escalation: one working day late → subdistrict; three → district.
    let w1 = nth_recent_working_day(&cal, today, 1);
    let w3 = nth_recent_working_day(&cal, today, 3);
    let late = store::cases_where(
        &state.db,
        &format!(
            "c.status IN ('submitted', 'accepted', 'assigned', 'in_progress') AND \
             ((c.escalation_level < 1 AND c.due_date < '{w1}') OR (c.escalation_level < 2 AND c.due_date < '{w3}'))"
        ),
        &[],
        BATCH,
    )
    .await?;
    for case in late {
        let Some(due) = case
            .due_date
            .as_deref()
            .and_then(|d| d.parse::<Date>().ok())
        else {
            continue;
        };
        let level = rules::escalation_level(&cal, due, today);
        if level > case.escalation_level && escalate(state, &case, level, now).await? {
            report.escalated += 1;
        }
    }

    // Closing: answered, not rated since the answer, for the configured number of days.
    let days = state.config.feedback.auto_close_days;
    let first_open_day = today
        .checked_sub(jiff::Span::new().days(i64::from(days).saturating_sub(1)))
        .unwrap_or(today);
    let before = crate::clock::local_instant(first_open_day, 0, 0);
    let answered = store::cases_where(
        &state.db,
        &format!("c.status = 'answered' AND c.answered_at < {before} AND c.rated_at IS NULL"),
        &[],
        BATCH,
    )
    .await?;
    for case in answered {
        let answered_on = crate::clock::local_date(case.answered_at.unwrap_or(now));
        if rules::auto_close_due(answered_on, today, days)
            && auto_close(state, &case, days, now).await?
        {
            report.closed += 1;
        }
    }
    Ok(report)
}

async fn remind(
    state: &AppState,
    case: &CaseRow,
    today: Date,
    now: i64,
) -> Result<bool, crate::error::ApiError> {
    let mut tx = state.db.begin_write().await?;
    let done = sqlx::query("UPDATE feedback_cases SET reminded_on = $2 WHERE id = $1 AND reminded_on IS NULL AND due_date = $3")
        .bind(case.id)
        .bind(today.to_string())
        .bind(case.due_date.as_deref())
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if !done {
        return Ok(false);
    }
    let status = views::status(case);
    store::insert_event(
        &mut tx,
        &store::NewEvent {
            case_id: case.id,
            at: now,
            actor_id: None,
            kind: "reminded",
            public: false,
            status_after: status.as_str(),
            body: "",
            department_id: None,
            text: Some(
                &Phrase::new("timeline_due_soon")
                    .param("date", case.due_date.clone().unwrap_or_default()),
            ),
        },
    )
    .await?;
    for user_id in workflow::holders(&state.db, case).await? {
        notifications::notify(
            &mut tx,
            &Notice {
                user_id,
                kind: "feedback.due_soon",
                title: Text::new(
                    format!("期限将至：{}", case.title),
                    Some(format!("Due soon: {}", case.title)),
                ),
                body: Text::new(
                    format!("办理期限：{}", case.due_date.clone().unwrap_or_default()),
                    Some(format!(
                        "Deadline: {}",
                        case.due_date.clone().unwrap_or_default()
                    )),
                ),
                link: Some(format!("/staff/feedback/{}", case.id)),
                channels: Channels::IN_APP,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

async fn escalate(
    state: &AppState,
    case: &CaseRow,
    level: i64,
    now: i64,
) -> Result<bool, crate::error::ApiError> {
    let status = views::status(case);
    if states::next(status, Step::Escalate).is_none() {
        return Ok(false);
    }
    let region_level = if level >= 2 {
        "district"
    } else {
        "subdistrict"
    };
    let target = store::ancestor_at(&state.db, case.region_id, region_level).await?;
    let mut tx = state.db.begin_write().await?;
    let done = sqlx::query("UPDATE feedback_cases SET escalation_level = $2 WHERE id = $1 AND escalation_level < $2 AND status = $3")
        .bind(case.id)
        .bind(level)
        .bind(status.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if !done {
        return Ok(false);
    }
    let (to_whom, to_whom_en) = if level >= 2 {
        ("区级", "district")
    } else {
        ("街道", "subdistrict")
    };
    let due = case.due_date.clone().unwrap_or_default();
    store::insert_event(
        &mut tx,
        &store::NewEvent {
            case_id: case.id,
            at: now,
            actor_id: None,
            kind: "escalated",
            public: false,
            status_after: status.as_str(),
            body: "",
            department_id: None,
            text: Some(&texts::escalated(level, &due)),
        },
    )
    .await?;
    let supervisors = match target {
        Some(region) => {
            store::staff_at(&state.db, &["committee_member", "admin"], &[region], None).await?
        }
        None => Vec::new(),
    };
    for user_id in supervisors
        .into_iter()
        .chain(workflow::holders(&state.db, case).await?)
    {
        notifications::notify(
            &mut tx,
            &Notice {
                user_id,
                kind: "feedback.escalated",
                title: Text::new(
                    format!("逾期督办：{}", case.title),
                    Some(format!("Overdue, escalated: {}", case.title)),
                ),
                body: Text::new(
                    format!("期限 {due} 已过，已升级至{to_whom}。"),
                    Some(format!(
                        "The deadline {due} has passed; escalated to the {to_whom_en}."
                    )),
                ),
                link: Some(format!("/staff/feedback/{}", case.id)),
                channels: Channels::SMS,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

async fn auto_close(
    state: &AppState,
    case: &CaseRow,
    days: u32,
    now: i64,
) -> Result<bool, crate::error::ApiError> {
    let Some(to) = states::next(CaseStatus::Answered, Step::AutoClose) else {
        return Ok(false);
    };
    let mut tx = state.db.begin_write().await?;
    let done = sqlx::query("UPDATE feedback_cases SET status = $2, closed_at = $3, updated_at = $3 WHERE id = $1 AND status = 'answered'")
        .bind(case.id)
        .bind(to.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if !done {
        return Ok(false);
    }
    store::insert_event(
        &mut tx,
        &store::NewEvent {
            case_id: case.id,
            at: now,
            actor_id: None,
            kind: "closed",
            public: true,
            status_after: to.as_str(),
            body: "",
            department_id: None,
            text: Some(&Phrase::new("timeline_closed_unrated").param("days", days)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Runs [`run_once`] every `every` until the server shuts down.
pub fn spawn(
    state: AppState,
    every: Duration,
    shutdown: &crate::shutdown::Shutdown,
) -> tokio::task::JoinHandle<()> {
    crate::shutdown::periodic(shutdown, every, move || {
        let state = state.clone();
        async move {
            match run_once(&state).await {
                Ok(r) if r != Report::default() => tracing::info!(
                    reminded = r.reminded,
                    escalated = r.escalated,
                    closed = r.closed,
                    "feedback deadlines checked"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "feedback periodic task failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use app::api::calendar::DayKind;
    use jiff::civil::date;

    use super::*;

    #[test]
    fn recent_working_days_skip_weekends_and_holidays() {
        let cal = WorkCalendar::new([(date(2026, 10, 8), DayKind::Holiday, "x".to_owned())]);
        assert_eq!(
            nth_recent_working_day(&cal, date(2026, 11, 29), 1),
            date(2026, 11, 27),
            "Sunday → Friday"
        );
        assert_eq!(
            nth_recent_working_day(&cal, date(2026, 11, 27), 1),
            date(2026, 11, 27)
        );
        assert_eq!(
            nth_recent_working_day(&cal, date(2026, 11, 30), 3),
            date(2026, 11, 26)
        );
        assert_eq!(
            nth_recent_working_day(&cal, date(2026, 10, 9), 2),
            date(2026, 10, 7)
        );
    }
}
