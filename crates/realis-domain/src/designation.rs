//! Certifier designations (SPEC F1, §6): the consent letter authorises named people, so a user
//! flagged «certificateur» certifies online only once the funder has accepted the designation.
//!
//! The lifecycle sits next to the document review one and shares its decision and errors:
//! `pending` → `accepted` | `rejected` by the funder's review (a rejection carries a reason);
//! a pending designation is accepted with the consent letter when the funder accepts the letter
//! (designations made before the letter's acceptance are covered by it); unflagging withdraws the
//! designation at once, whatever its state.

use serde::{Deserialize, Serialize};

use crate::organisation::{ReviewDecision, ReviewError};

/// Where a designation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DesignationStatus {
    /// «Désignation en attente de contrôle par votre Transitions Pro».
    Pending,
    /// «Acceptée le …»: the user may certify online.
    Accepted,
    /// «Refusée le … : motif».
    Rejected,
    /// Unflagged: no longer a certifier.
    Withdrawn,
}

/// What unflagging or re-flagging asks of the designations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flagging {
    /// Nothing to record: the user already has a live designation, or none to withdraw.
    Unchanged,
    /// Record a new pending designation.
    Designate,
    /// Withdraw the current designation.
    Withdraw,
}

impl DesignationStatus {
    pub const ALL: [DesignationStatus; 4] = [
        DesignationStatus::Pending,
        DesignationStatus::Accepted,
        DesignationStatus::Rejected,
        DesignationStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DesignationStatus::Pending => "pending",
            DesignationStatus::Accepted => "accepted",
            DesignationStatus::Rejected => "rejected",
            DesignationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<DesignationStatus> {
        DesignationStatus::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The funder's review: only a pending designation; a rejection carries a reason.
    pub fn review(self, decision: &ReviewDecision) -> Result<DesignationStatus, ReviewError> {
        if self != DesignationStatus::Pending {
            return Err(ReviewError::NotPending);
        }
        match decision {
            ReviewDecision::Accept => Ok(DesignationStatus::Accepted),
            ReviewDecision::Reject { reason } if reason.trim().is_empty() => {
                Err(ReviewError::ReasonRequired)
            }
            ReviewDecision::Reject { .. } => Ok(DesignationStatus::Rejected),
        }
    }

    /// The consent letter was accepted: a pending designation is accepted with it.
    pub fn with_consent_letter_accepted(self) -> DesignationStatus {
        match self {
            DesignationStatus::Pending => DesignationStatus::Accepted,
            other => other,
        }
    }

    /// Only an accepted designation lets its user certify online.
    pub fn is_effective(self) -> bool {
        self == DesignationStatus::Accepted
    }
}

/// What flagging (`certifier = true`) or unflagging (`false`) a user asks, given its current
/// designation. A rejected designation is asked again by flagging; unflagging takes effect at
/// once, even on a pending or accepted one.
pub fn flagging(current: Option<DesignationStatus>, certifier: bool) -> Flagging {
    use DesignationStatus as D;
    match (certifier, current) {
        (true, Some(D::Pending | D::Accepted)) => Flagging::Unchanged,
        (true, None | Some(D::Rejected | D::Withdrawn)) => Flagging::Designate,
        (false, Some(D::Pending | D::Accepted | D::Rejected)) => Flagging::Withdraw,
        (false, None | Some(D::Withdrawn)) => Flagging::Unchanged,
    }
}

#[cfg(test)]
mod tests {
    use super::DesignationStatus as D;
    use super::*;

    #[test]
    fn only_a_pending_designation_is_reviewed_and_a_rejection_needs_a_reason() {
        let reject = |r: &str| ReviewDecision::Reject { reason: r.into() };
        assert_eq!(D::Pending.review(&ReviewDecision::Accept), Ok(D::Accepted));
        assert_eq!(
            D::Pending.review(&reject("Absent de la lettre")),
            Ok(D::Rejected)
        );
        assert_eq!(
            D::Pending.review(&reject(" ")),
            Err(ReviewError::ReasonRequired)
        );
        for s in [D::Accepted, D::Rejected, D::Withdrawn] {
            assert_eq!(
                s.review(&ReviewDecision::Accept),
                Err(ReviewError::NotPending)
            );
        }
    }

    #[test]
    fn the_consent_letter_accepts_pending_designations_only() {
        assert_eq!(D::Pending.with_consent_letter_accepted(), D::Accepted);
        for s in [D::Accepted, D::Rejected, D::Withdrawn] {
            assert_eq!(s.with_consent_letter_accepted(), s);
        }
    }

    #[test]
    fn only_an_accepted_designation_is_effective() {
        let effective: Vec<D> = D::ALL.into_iter().filter(|s| s.is_effective()).collect();
        assert_eq!(effective, vec![D::Accepted]);
    }

    #[test]
    fn flagging_designates_once_and_unflagging_withdraws_at_once() {
        use Flagging::*;
        let table = [
            (None, true, Designate),
            (Some(D::Pending), true, Unchanged),
            (Some(D::Accepted), true, Unchanged),
            (Some(D::Rejected), true, Designate),
            (Some(D::Withdrawn), true, Designate),
            (None, false, Unchanged),
            (Some(D::Pending), false, Withdraw),
            (Some(D::Accepted), false, Withdraw),
            (Some(D::Rejected), false, Withdraw),
            (Some(D::Withdrawn), false, Unchanged),
        ];
        for (current, certifier, expected) in table {
            assert_eq!(
                flagging(current, certifier),
                expected,
                "{current:?} {certifier}"
            );
        }
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in D::ALL {
            assert_eq!(D::parse(s.as_str()), Some(s));
        }
        assert_eq!(D::parse("approved"), None);
    }
}
