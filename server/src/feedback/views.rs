//! Database rows turned into what each audience may see.
use app::api::{
    Text,
    accounts::{Department, RegionRef},
    feedback::{
        AnswerView, CaseStatus, CategoryRef, FeedbackKind, PhotoRef, PublicCase, RatingView,
        StaffCaseSummary, TimelineEntry,
    },
};
use jiff::civil::Date;

use super::{
    privacy, rules,
    store::{AnswerRow, CaseRow, EventRow, PhotoRow},
};
use crate::{accounts::name, lang::Lang, time::rfc3339};

pub fn status(row: &CaseRow) -> CaseStatus {
    CaseStatus::parse(&row.status).unwrap_or(CaseStatus::Submitted)
}

pub fn kind(row: &CaseRow) -> FeedbackKind {
    FeedbackKind::parse(&row.kind).unwrap_or(FeedbackKind::Complaint)
}

pub fn privacy_of(row: &CaseRow) -> app::api::feedback::Privacy {
    app::api::feedback::Privacy::parse(&row.privacy)
        .unwrap_or(app::api::feedback::Privacy::Anonymous)
}

pub fn category(row: &CaseRow) -> CategoryRef {
    CategoryRef {
        code: row.category_code.clone(),
        name: Text::new(row.category_zh.clone(), row.category_en.clone()),
    }
}

pub fn community(row: &CaseRow) -> RegionRef {
    RegionRef {
        code: row.region_code.clone(),
        name: Text::new(row.region_zh.clone(), row.region_en.clone()),
    }
}

pub fn department(row: &CaseRow) -> Option<Department> {
    Some(Department {
        code: row.department_code.clone()?,
        name: Text::new(row.department_zh.clone()?, row.department_en.clone()),
    })
}

pub fn is_overdue(row: &CaseRow, today: Date) -> bool {
    row.due_date
        .as_deref()
        .and_then(|d| d.parse::<Date>().ok())
        .is_some_and(|due| rules::is_overdue(due, today))
}

/// Timeline entries in a language; `staff` adds internal entries' actors (residents see roles,
/// not names).
pub fn timeline(events: &[EventRow], staff: bool, lang: Lang) -> Vec<TimelineEntry> {
    events
        .iter()
        .map(|e| TimelineEntry {
            at: rfc3339(e.at),
            kind: e.kind.clone(),
            status: CaseStatus::parse(&e.status_after).unwrap_or(CaseStatus::Submitted),
            text: e.text(lang),
            public: e.public == 1,
            actor: if staff {
                name::shown(e.actor_name.as_ref())
            } else {
                None
            },
            department: e.department_code.clone().map(|code| Department {
                code,
                name: Text::new(
                    e.department_zh.clone().unwrap_or_default(),
                    e.department_en.clone(),
                ),
            }),
        })
        .collect()
}

pub fn answers(rows: &[AnswerRow]) -> Vec<AnswerView> {
    let mut out: Vec<AnswerView> = Vec::new();
    for r in rows {
        let label = r
            .value_zh
            .clone()
            .map(|zh| Text::new(zh, r.value_en.clone()));
        match out.last_mut() {
            Some(last) if last.code == r.code => {
                last.values.push(r.value.clone());
                last.labels.extend(label);
            }
            _ => out.push(AnswerView {
                code: r.code.clone(),
                question: Text::new(r.text_zh.clone(), r.text_en.clone()),
                values: vec![r.value.clone()],
                labels: label.into_iter().collect(),
            }),
        }
    }
    out
}

/// Photo links: `base` is the case's public or staff path.
pub fn photos(rows: &[PhotoRow], base: &str) -> Vec<PhotoRef> {
    rows.iter()
        .map(|p| PhotoRef {
            position: p.position,
            url: format!("{base}/photos/{}", p.position),
            content_type: p.content_type.clone(),
        })
        .collect()
}

pub struct Parts {
    pub events: Vec<EventRow>,
    pub photos: Vec<PhotoRow>,
    pub answers: Vec<AnswerRow>,
}

/// The public view. Hidden cases show their status and replies but not the hidden text.
pub fn public_case(
    row: &CaseRow,
    parts: &Parts,
    today: Date,
    can_rate: bool,
    staff: bool,
) -> PublicCase {
    let hidden = row.hidden == 1 && !staff;
    let base = if staff {
        format!("/api/v1/staff/feedback/{}", row.id)
    } else {
        format!("/api/v1/feedback/{}", row.tracking_code)
    };
    PublicCase {
        tracking_code: row.tracking_code.clone(),
        kind: kind(row),
        category: category(row),
        community: community(row),
        place: if hidden {
            String::new()
        } else {
            row.place.clone()
        },
        title: if hidden {
            "（内容已隐藏）".to_owned()
        } else {
            row.title.clone()
        },
        description: if hidden {
            String::new()
        } else {
            row.description.clone()
        },
        status: status(row),
        privacy: privacy_of(row),
        submitter_name: privacy::public_name(privacy_of(row), row.contact_name().as_deref()),
        department: department(row),
        created_at: rfc3339(row.created_at),
        accept_due: row.accept_due.clone(),
        answer_due: row.answer_due.clone(),
        overdue: is_overdue(row, today),
        support_count: row.support_count,
        photos: if hidden {
            Vec::new()
        } else {
            photos(&parts.photos, &base)
        },
        answers: if hidden {
            Vec::new()
        } else {
            answers(&parts.answers)
        },
        timeline: timeline(&parts.events, staff, Lang::current()),
        rating: row.rated_at.map(|at| RatingView {
            score: row.rating.unwrap_or(0),
            comment: row.rating_comment.clone(),
            at: rfc3339(at),
        }),
        can_rate,
    }
}

pub fn staff_summary(row: &CaseRow, today: Date) -> StaffCaseSummary {
    StaffCaseSummary {
        id: row.id,
        tracking_code: row.tracking_code.clone(),
        kind: kind(row),
        category: category(row),
        community: community(row),
        title: row.title.clone(),
        status: status(row),
        created_at: rfc3339(row.created_at),
        due_date: row.due_date.clone(),
        overdue: is_overdue(row, today),
        escalation_level: row.escalation_level,
        department: department(row),
        support_count: row.support_count,
        hidden: row.hidden == 1,
        rating: row.rating,
        needs_placement: row.needs_placement == 1,
    }
}
