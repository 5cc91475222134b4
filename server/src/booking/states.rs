//! The life of a booking as a transition table. Pure: no SQL, no HTTP.
//!
//! ```text
//! held ──confirm──▶ pending ──approve──▶ confirmed ──check in──▶ checked_in ──▶ completed
//!   │                  │  ╰owner approve╯    │  ╰──no-show──▶ no_show
//!   │                  ├──reject──▶ rejected  ├──complete──▶ completed (no check-in needed)
//!   ├──confirm (instant)──────────────────▶ confirmed
//!   ├──cancel──▶ cancelled ◀──cancel── pending, confirmed
//!   ╰──expire──▶ expired   ◀──expire── pending (start passed undecided)
//! ```
use app::api::booking::BookingStatus;

use crate::error::Problem;

/// Something that happens to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The resident confirms a hold; the rules say whether staff must approve.
    Confirm {
        approval_required: bool,
    },
    /// The owner (a school) agrees; the community's approval is still needed.
    OwnerApprove,
    Approve,
    Reject,
    Cancel,
    /// A hold lapsed, or a request was never decided before its start.
    Expire,
    CheckIn,
    NoShow,
    /// The booking ended (checked in, or at a venue without check-in).
    Complete,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Self::Confirm { .. } => "confirm",
            Self::OwnerApprove => "owner_approve",
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Cancel => "cancel",
            Self::Expire => "expire",
            Self::CheckIn => "check_in",
            Self::NoShow => "no_show",
            Self::Complete => "complete",
        }
    }
}

/// The state after `action`, or 409 `invalid_transition`.
pub fn next(from: BookingStatus, action: Action) -> Result<BookingStatus, Problem> {
    use Action as A;
    use BookingStatus as S;
    let to = match (from, action) {
        (S::Held, A::Confirm { approval_required }) => {
            if approval_required {
                S::Pending
            } else {
                S::Confirmed
            }
        }
        (S::Pending, A::OwnerApprove) => S::Pending,
        (S::Pending, A::Approve) => S::Confirmed,
        (S::Pending, A::Reject) => S::Rejected,
        (S::Held | S::Pending | S::Confirmed, A::Cancel) => S::Cancelled,
        (S::Held | S::Pending, A::Expire) => S::Expired,
        (S::Confirmed, A::CheckIn) => S::CheckedIn,
        (S::Confirmed, A::NoShow) => S::NoShow,
        (S::Confirmed | S::CheckedIn, A::Complete) => S::Completed,
        _ => {
            return Err(Problem::new("invalid_transition")
                .param("from", from.as_str())
                .param("action", action.name()));
        }
    };
    Ok(to)
}

/// Whether a booking in this state keeps its space-time (claims, places, quota).
pub fn keeps_slot(status: BookingStatus, pending_holds_slot: bool) -> bool {
    match status {
        BookingStatus::Held | BookingStatus::Confirmed | BookingStatus::CheckedIn => true,
        BookingStatus::Pending => pending_holds_slot,
        _ => false,
    }
}

/// Whether the state is final.
pub fn is_final(status: BookingStatus) -> bool {
    matches!(
        status,
        BookingStatus::NoShow
            | BookingStatus::Completed
            | BookingStatus::Cancelled
            | BookingStatus::Rejected
            | BookingStatus::Expired
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingStatus as S;

    #[test]
    fn every_listed_transition() {
        let cases = [
            (
                S::Held,
                Action::Confirm {
                    approval_required: true,
                },
                S::Pending,
            ),
            (
                S::Held,
                Action::Confirm {
                    approval_required: false,
                },
                S::Confirmed,
            ),
            (S::Held, Action::Cancel, S::Cancelled),
            (S::Held, Action::Expire, S::Expired),
            (S::Pending, Action::OwnerApprove, S::Pending),
            (S::Pending, Action::Approve, S::Confirmed),
            (S::Pending, Action::Reject, S::Rejected),
            (S::Pending, Action::Cancel, S::Cancelled),
            (S::Pending, Action::Expire, S::Expired),
            (S::Confirmed, Action::CheckIn, S::CheckedIn),
            (S::Confirmed, Action::NoShow, S::NoShow),
            (S::Confirmed, Action::Complete, S::Completed),
            (S::Confirmed, Action::Cancel, S::Cancelled),
            (S::CheckedIn, Action::Complete, S::Completed),
        ];
        for (from, action, to) in cases {
            assert_eq!(next(from, action).ok(), Some(to), "{from:?} {action:?}");
        }
    }

    #[test]
    fn everything_else_is_refused() {
        let actions = [
            Action::Confirm {
                approval_required: false,
            },
            Action::OwnerApprove,
            Action::Approve,
            Action::Reject,
            Action::Cancel,
            Action::Expire,
            Action::CheckIn,
            Action::NoShow,
            Action::Complete,
        ];
        let mut allowed = 0;
        for from in S::ALL {
            for action in actions {
                match next(*from, action) {
                    Ok(_) => allowed += 1,
                    Err(p) => assert_eq!(p.code, "invalid_transition"),
                }
            }
        }
        assert_eq!(
            allowed, 13,
            "the table's transitions (confirm counted once)"
        );
        for from in S::ALL.iter().filter(|s| is_final(**s)) {
            for action in actions {
                assert!(next(*from, action).is_err(), "{from:?} is final");
            }
        }
    }

    #[test]
    fn only_live_states_keep_the_slot() {
        assert!(keeps_slot(S::Held, false));
        assert!(keeps_slot(S::Pending, true));
        assert!(!keeps_slot(S::Pending, false));
        assert!(keeps_slot(S::Confirmed, false));
        assert!(!keeps_slot(S::Cancelled, true));
        assert!(!keeps_slot(S::Expired, true));
    }
}
