//! «Valider» / «Contester» (F8): who validates, in which order, and how a contest is shown.

use serde::{Deserialize, Serialize};

use crate::{MonthAction, MonthStatus, Role, ValidationSetting};

/// «Valider» or «Contester».
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Decision {
    Validate,
    Contest,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Validate => "validate",
            Decision::Contest => "contest",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "validate" => Some(Decision::Validate),
            "contest" => Some(Decision::Contest),
            _ => None,
        }
    }
}

/// Who validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Validator {
    Beneficiary,
    Employer,
}

impl Validator {
    /// The validator a role acts as, if any.
    pub fn of_role(role: Role) -> Option<Validator> {
        match role {
            Role::Beneficiary => Some(Validator::Beneficiary),
            Role::Employer => Some(Validator::Employer),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Validator::Beneficiary => "beneficiary",
            Validator::Employer => "employer",
        }
    }

    pub fn parse(s: &str) -> Option<Validator> {
        [Validator::Beneficiary, Validator::Employer]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// The status as shown: a contested month says who contested it («Contesté par l'employeur»),
/// the guide's generic label only when that is unknown.
pub fn status_label_fr(
    status: crate::MonthStatus,
    contested_by: Option<Validator>,
) -> &'static str {
    match (status, contested_by) {
        (crate::MonthStatus::Contested, Some(Validator::Beneficiary)) => {
            "Contesté par le bénéficiaire"
        }
        (crate::MonthStatus::Contested, Some(Validator::Employer)) => "Contesté par l'employeur",
        (s, _) => s.label_fr(),
    }
}

/// Why a validation is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValidationRefusal {
    /// It is not this validator's turn (or nothing awaits validation).
    #[error("the month does not await this validator")]
    NotYourTurn,
    /// A contest needs a comment.
    #[error("a contest needs a comment")]
    CommentRequired,
}

/// The month's next status after `who` decides; a contest needs a non-blank comment. `setting` is
/// the validation flow recorded with the month's certificate (the funder's setting in force when
/// it was certified), never the funder's current setting: a change applies to later
/// certifications only.
pub fn decide(
    status: MonthStatus,
    setting: ValidationSetting,
    who: Validator,
    decision: Decision,
    comment: Option<&str>,
) -> Result<MonthStatus, ValidationRefusal> {
    if decision == Decision::Contest && comment.is_none_or(|c| c.trim().is_empty()) {
        return Err(ValidationRefusal::CommentRequired);
    }
    let action = match (who, decision) {
        (Validator::Beneficiary, Decision::Validate) => MonthAction::ValidateByBeneficiary(setting),
        (Validator::Beneficiary, Decision::Contest) => MonthAction::ContestByBeneficiary,
        (Validator::Employer, Decision::Validate) => MonthAction::ValidateByEmployer,
        (Validator::Employer, Decision::Contest) => MonthAction::ContestByEmployer,
    };
    status
        .apply(action)
        .map_err(|_| ValidationRefusal::NotYourTurn)
}

/// A validation or contest of a certified month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    pub id: i64,
    pub month_id: i64,
    /// The certificate it decides on.
    pub certificate_id: i64,
    pub user_id: i64,
    /// As whom the person decided.
    pub role: Validator,
    pub decision: Decision,
    /// Required for a contest.
    pub comment: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}
