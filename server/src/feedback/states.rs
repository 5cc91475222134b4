//! The case lifecycle as a transition table. Pure: no SQL, no HTTP.
//!
//! ```text
//! submitted ─accept→ accepted ─assign→ assigned ─start→ in_progress ─answer→ answered ─rate ≥3→ closed
//!     │                 │ └────────start / answer────────────┘  ▲              │ └─auto-close─→ closed
//!     └decline→ declined└─────────────────────answer────────────┘              └─rate ≤2 / not satisfied→ in_progress
//! any open state ─merge→ merged
//! ```
//! Notes, extensions, reminders, escalation and hiding leave the state as it is.
use app::api::feedback::CaseStatus::{self, *};

/// Everything that can happen to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Accept,
    Decline,
    Assign,
    Start,
    Answer,
    /// The resident rated the answer and is satisfied.
    RateSatisfied,
    /// The resident rated the answer and is not satisfied: the case reopens.
    RateUnsatisfied,
    /// Nobody rated the answer in time.
    AutoClose,
    Merge,
    Note,
    Extend,
    Remind,
    Escalate,
    Hide,
    Unhide,
}

impl Step {
    /// Every step, in the order above.
    pub const ALL: [Step; 15] = [
        Step::Accept,
        Step::Decline,
        Step::Assign,
        Step::Start,
        Step::Answer,
        Step::RateSatisfied,
        Step::RateUnsatisfied,
        Step::AutoClose,
        Step::Merge,
        Step::Note,
        Step::Extend,
        Step::Remind,
        Step::Escalate,
        Step::Hide,
        Step::Unhide,
    ];
}

/// Where a step leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    To(CaseStatus),
    /// The state does not change.
    Stay,
}

const OPEN: &[CaseStatus] = &[Submitted, Accepted, Assigned, InProgress];
const WORKING: &[CaseStatus] = &[Accepted, Assigned, InProgress];
const ANY: &[CaseStatus] = &[
    Submitted, Accepted, Declined, Assigned, InProgress, Answered, Closed, Merged,
];

/// (step, states it may start from, where it leads).
pub const TRANSITIONS: &[(Step, &[CaseStatus], Target)] = &[
    (Step::Accept, &[Submitted], Target::To(Accepted)),
    (Step::Decline, &[Submitted], Target::To(Declined)),
    (Step::Assign, WORKING, Target::To(Assigned)),
    (Step::Start, &[Accepted, Assigned], Target::To(InProgress)),
    (Step::Answer, WORKING, Target::To(Answered)),
    (Step::RateSatisfied, &[Answered], Target::To(Closed)),
    (Step::RateUnsatisfied, &[Answered], Target::To(InProgress)),
    (Step::AutoClose, &[Answered], Target::To(Closed)),
    (Step::Merge, OPEN, Target::To(Merged)),
    (Step::Note, ANY, Target::Stay),
    (Step::Extend, OPEN, Target::Stay),
    (Step::Remind, OPEN, Target::Stay),
    (Step::Escalate, OPEN, Target::Stay),
    (Step::Hide, ANY, Target::Stay),
    (Step::Unhide, ANY, Target::Stay),
];

/// The state after `step`, or `None` when the step is not allowed from `from`.
pub fn next(from: CaseStatus, step: Step) -> Option<CaseStatus> {
    TRANSITIONS
        .iter()
        .find(|(s, froms, _)| *s == step && froms.contains(&from))
        .map(|(_, _, target)| match target {
            Target::To(to) => *to,
            Target::Stay => from,
        })
}

/// Who is acting on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A committee member or administrator whose region covers the case.
    Committee,
    /// A department handler of the case's assigned department, within their region.
    Handler,
}

/// Whether an actor may take a step (before the state check).
pub fn may(actor: Actor, step: Step) -> bool {
    match actor {
        Actor::Committee => !matches!(
            step,
            Step::RateSatisfied | Step::RateUnsatisfied | Step::AutoClose | Step::Escalate
        ),
        Actor::Handler => matches!(step, Step::Start | Step::Answer | Step::Note | Step::Extend),
    }
}

/// The steps staff can offer in the UI, by wire name.
pub const STAFF_STEPS: &[(Step, &str)] = &[
    (Step::Accept, "accept"),
    (Step::Decline, "decline"),
    (Step::Assign, "assign"),
    (Step::Start, "start"),
    (Step::Answer, "answer"),
    (Step::Note, "note"),
    (Step::Extend, "extend"),
    (Step::Remind, "remind"),
    (Step::Merge, "merge"),
    (Step::Hide, "hide"),
    (Step::Unhide, "unhide"),
];

/// The actions an actor may take on a case in `status` (hidden or not).
pub fn available(actor: Actor, status: CaseStatus, hidden: bool) -> Vec<&'static str> {
    STAFF_STEPS
        .iter()
        .filter(|(step, _)| may(actor, *step) && next(status, *step).is_some())
        .filter(|(step, _)| match step {
            Step::Hide => !hidden,
            Step::Unhide => hidden,
            _ => true,
        })
        .map(|(_, name)| *name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_path_leads_from_submission_to_closing() {
        let mut s = Submitted;
        for (step, want) in [
            (Step::Accept, Accepted),
            (Step::Assign, Assigned),
            (Step::Start, InProgress),
            (Step::Answer, Answered),
            (Step::RateSatisfied, Closed),
        ] {
            s = next(s, step).unwrap_or_else(|| panic!("{step:?} from {s:?}"));
            assert_eq!(s, want);
        }
    }

    #[test]
    fn every_pair_of_state_and_step_matches_the_table() {
        // (from, step, expected) for every combination that is allowed; all others refuse.
        let allowed: &[(CaseStatus, Step, CaseStatus)] = &[
            (Submitted, Step::Accept, Accepted),
            (Submitted, Step::Decline, Declined),
            (Accepted, Step::Assign, Assigned),
            (Assigned, Step::Assign, Assigned),
            (InProgress, Step::Assign, Assigned),
            (Accepted, Step::Start, InProgress),
            (Assigned, Step::Start, InProgress),
            (Accepted, Step::Answer, Answered),
            (Assigned, Step::Answer, Answered),
            (InProgress, Step::Answer, Answered),
            (Answered, Step::RateSatisfied, Closed),
            (Answered, Step::RateUnsatisfied, InProgress),
            (Answered, Step::AutoClose, Closed),
        ];
        let moving = [
            Step::Accept,
            Step::Decline,
            Step::Assign,
            Step::Start,
            Step::Answer,
            Step::RateSatisfied,
            Step::RateUnsatisfied,
            Step::AutoClose,
        ];
        for from in CaseStatus::ALL {
            for step in moving {
                let want = allowed
                    .iter()
                    .find(|(f, s, _)| f == from && *s == step)
                    .map(|(_, _, to)| *to);
                assert_eq!(next(*from, step), want, "{step:?} from {from:?}");
            }
        }
    }

    #[test]
    fn merging_extending_and_reminding_need_an_open_case() {
        for from in CaseStatus::ALL {
            let open = from.is_open();
            assert_eq!(next(*from, Step::Merge).is_some(), open, "merge {from:?}");
            assert_eq!(
                next(*from, Step::Extend),
                open.then_some(*from),
                "extend {from:?}"
            );
            assert_eq!(
                next(*from, Step::Remind),
                open.then_some(*from),
                "remind {from:?}"
            );
            assert_eq!(next(*from, Step::Escalate), open.then_some(*from));
            assert_eq!(
                next(*from, Step::Note),
                Some(*from),
                "notes are always possible"
            );
            assert_eq!(next(*from, Step::Hide), Some(*from));
        }
    }

    #[test]
    fn handlers_work_on_the_case_but_do_not_accept_route_or_merge() {
        for step in [Step::Start, Step::Answer, Step::Note, Step::Extend] {
            assert!(may(Actor::Handler, step), "{step:?}");
        }
        for step in [
            Step::Accept,
            Step::Decline,
            Step::Assign,
            Step::Merge,
            Step::Hide,
            Step::Remind,
        ] {
            assert!(!may(Actor::Handler, step), "{step:?}");
            assert!(may(Actor::Committee, step), "{step:?}");
        }
        assert!(
            !may(Actor::Committee, Step::RateSatisfied),
            "only the resident rates"
        );
    }

    #[test]
    fn offered_actions_follow_state_role_and_visibility() {
        assert_eq!(
            available(Actor::Committee, Submitted, false),
            [
                "accept", "decline", "note", "extend", "remind", "merge", "hide"
            ]
        );
        assert_eq!(
            available(Actor::Handler, Assigned, false),
            ["start", "answer", "note", "extend"]
        );
        assert_eq!(available(Actor::Handler, Closed, true), ["note"]);
        assert_eq!(
            available(Actor::Committee, Closed, true),
            ["note", "unhide"]
        );
    }
}
