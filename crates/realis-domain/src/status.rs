//! The month status machine of SPEC F3: one enum, one transition function. No other code
//! assigns a month status.

use serde::{Deserialize, Serialize};

/// Where a month (one certificat de réalisation) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MonthStatus {
    NotOpen,
    AwaitingEntry,
    Draft,
    AwaitingCertification,
    Certified,
    AwaitingBeneficiary,
    AwaitingEmployer,
    Contested,
    Validated,
    Transmitted,
    LockedPaid,
    Closed,
}

/// Which validations the funder requires after certification (SPEC F8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ValidationSetting {
    None,
    #[default]
    Beneficiary,
    Employer,
    /// Beneficiary first, then employer.
    Both,
}

/// Something that happens to a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MonthAction {
    /// The calendar reached the month.
    Open,
    /// The OF saved hours.
    SaveHours,
    /// «Je certifie la saisie des heures» + OK: hours frozen, draft PDF.
    Prepare,
    /// The OF certified (either mode); the next status depends on the funder's setting.
    Certify(ValidationSetting),
    /// The beneficiary validated; the setting (the flow recorded with the certificate) says whether
    /// the employer comes next.
    ValidateByBeneficiary(ValidationSetting),
    ValidateByEmployer,
    ContestByBeneficiary,
    ContestByEmployer,
    /// The funder recorded a settlement (not an advance) on the period.
    RecordSettlement,
    /// The funder closed the month (handled elsewhere, e.g. on paper).
    Close,
    /// The funder reopened a certified or validated month, with a reason.
    Reopen,
    /// The funder transmitted the hours.
    Transmit,
}

/// A refused transition: the action makes no sense in this status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("action {action:?} is not allowed when the month is {from:?}")]
pub struct TransitionError {
    pub from: MonthStatus,
    pub action: MonthAction,
}

impl MonthStatus {
    pub const ALL: [MonthStatus; 12] = [
        MonthStatus::NotOpen,
        MonthStatus::AwaitingEntry,
        MonthStatus::Draft,
        MonthStatus::AwaitingCertification,
        MonthStatus::Certified,
        MonthStatus::AwaitingBeneficiary,
        MonthStatus::AwaitingEmployer,
        MonthStatus::Contested,
        MonthStatus::Validated,
        MonthStatus::Transmitted,
        MonthStatus::LockedPaid,
        MonthStatus::Closed,
    ];

    /// The one transition function.
    pub fn apply(self, action: MonthAction) -> Result<MonthStatus, TransitionError> {
        use MonthAction as A;
        use MonthStatus as S;
        let next = match (self, action) {
            (S::NotOpen, A::Open) => S::AwaitingEntry,
            (
                S::AwaitingEntry | S::Draft | S::AwaitingCertification | S::Contested,
                A::SaveHours,
            ) => S::Draft,
            (S::Draft | S::Contested, A::Prepare) => S::AwaitingCertification,
            (S::AwaitingCertification, A::Certify(setting)) => match setting {
                ValidationSetting::None => S::Certified,
                ValidationSetting::Beneficiary | ValidationSetting::Both => S::AwaitingBeneficiary,
                ValidationSetting::Employer => S::AwaitingEmployer,
            },
            (S::AwaitingBeneficiary, A::ValidateByBeneficiary(setting)) => match setting {
                ValidationSetting::Both => S::AwaitingEmployer,
                _ => S::Validated,
            },
            (S::AwaitingEmployer, A::ValidateByEmployer) => S::Validated,
            (S::AwaitingBeneficiary, A::ContestByBeneficiary) => S::Contested,
            (S::AwaitingEmployer, A::ContestByEmployer) => S::Contested,
            (s, A::RecordSettlement) if !s.is_certified() && s != S::Closed => S::LockedPaid,
            (s, A::Close) if !s.is_certified() && s != S::Closed => S::Closed,
            (
                S::Certified | S::AwaitingBeneficiary | S::AwaitingEmployer | S::Validated,
                A::Reopen,
            ) => S::Draft,
            (S::Certified | S::Validated, A::Transmit) => S::Transmitted,
            (from, action) => return Err(TransitionError { from, action }),
        };
        Ok(next)
    }

    /// The status of a month of `period` on `today`: a `not_open` month whose first day has come
    /// is open for entry (the same transition as the daily opening job).
    pub fn on_date(self, period: crate::Period, today: chrono::NaiveDate) -> MonthStatus {
        if self == MonthStatus::NotOpen && period.first_day() <= today {
            self.apply(MonthAction::Open).unwrap_or(self)
        } else {
            self
        }
    }

    /// Whether the OF has certified this month (it may since have been validated or transmitted).
    pub fn is_certified(self) -> bool {
        matches!(
            self,
            MonthStatus::Certified
                | MonthStatus::AwaitingBeneficiary
                | MonthStatus::AwaitingEmployer
                | MonthStatus::Validated
                | MonthStatus::Transmitted
        )
    }

    /// Whether the OF may change the hours.
    pub fn hours_editable(self) -> bool {
        self.apply(MonthAction::SaveHours).is_ok()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MonthStatus::NotOpen => "not_open",
            MonthStatus::AwaitingEntry => "awaiting_entry",
            MonthStatus::Draft => "draft",
            MonthStatus::AwaitingCertification => "awaiting_certification",
            MonthStatus::Certified => "certified",
            MonthStatus::AwaitingBeneficiary => "awaiting_beneficiary",
            MonthStatus::AwaitingEmployer => "awaiting_employer",
            MonthStatus::Contested => "contested",
            MonthStatus::Validated => "validated",
            MonthStatus::Transmitted => "transmitted",
            MonthStatus::LockedPaid => "locked_paid",
            MonthStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<MonthStatus> {
        MonthStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// The guide's label.
    pub fn label_fr(self) -> &'static str {
        match self {
            MonthStatus::NotOpen => "La saisie n'est pas disponible",
            MonthStatus::AwaitingEntry => "En attente de saisie par l'organisme",
            MonthStatus::Draft => "Saisie en cours",
            MonthStatus::AwaitingCertification => "En attente de certification",
            MonthStatus::Certified => "Certifié par l'organisme",
            MonthStatus::AwaitingBeneficiary => "En attente de validation par le bénéficiaire",
            MonthStatus::AwaitingEmployer => "En attente de validation par l'employeur",
            MonthStatus::Contested => "Contesté par le bénéficiaire / l'employeur",
            MonthStatus::Validated => "Validé",
            MonthStatus::Transmitted => "Transmis",
            MonthStatus::LockedPaid => {
                "La saisie n'est plus disponible car des règlements ont été faits dans la période"
            }
            MonthStatus::Closed => "La saisie n'est plus disponible",
        }
    }
}

impl ValidationSetting {
    pub fn as_str(self) -> &'static str {
        match self {
            ValidationSetting::None => "none",
            ValidationSetting::Beneficiary => "beneficiary",
            ValidationSetting::Employer => "employer",
            ValidationSetting::Both => "both",
        }
    }

    pub fn parse(s: &str) -> Option<ValidationSetting> {
        [Self::None, Self::Beneficiary, Self::Employer, Self::Both]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::MonthAction as A;
    use super::MonthStatus as S;
    use super::*;

    const SETTINGS: [ValidationSetting; 4] = [
        ValidationSetting::None,
        ValidationSetting::Beneficiary,
        ValidationSetting::Employer,
        ValidationSetting::Both,
    ];

    fn all_actions() -> Vec<MonthAction> {
        let mut v = vec![
            A::Open,
            A::SaveHours,
            A::Prepare,
            A::ValidateByEmployer,
            A::ContestByBeneficiary,
            A::ContestByEmployer,
            A::RecordSettlement,
            A::Close,
            A::Reopen,
            A::Transmit,
        ];
        for s in SETTINGS {
            v.push(A::Certify(s));
            v.push(A::ValidateByBeneficiary(s));
        }
        v
    }

    /// The whole allowed table; every pair not listed must be refused.
    fn allowed() -> Vec<(S, A, S)> {
        let mut t = vec![
            (S::NotOpen, A::Open, S::AwaitingEntry),
            (S::AwaitingEntry, A::SaveHours, S::Draft),
            (S::Draft, A::SaveHours, S::Draft),
            (S::AwaitingCertification, A::SaveHours, S::Draft),
            (S::Contested, A::SaveHours, S::Draft),
            (S::Draft, A::Prepare, S::AwaitingCertification),
            (S::Contested, A::Prepare, S::AwaitingCertification),
            (
                S::AwaitingCertification,
                A::Certify(ValidationSetting::None),
                S::Certified,
            ),
            (
                S::AwaitingCertification,
                A::Certify(ValidationSetting::Beneficiary),
                S::AwaitingBeneficiary,
            ),
            (
                S::AwaitingCertification,
                A::Certify(ValidationSetting::Both),
                S::AwaitingBeneficiary,
            ),
            (
                S::AwaitingCertification,
                A::Certify(ValidationSetting::Employer),
                S::AwaitingEmployer,
            ),
            (
                S::AwaitingBeneficiary,
                A::ValidateByBeneficiary(ValidationSetting::None),
                S::Validated,
            ),
            (
                S::AwaitingBeneficiary,
                A::ValidateByBeneficiary(ValidationSetting::Beneficiary),
                S::Validated,
            ),
            (
                S::AwaitingBeneficiary,
                A::ValidateByBeneficiary(ValidationSetting::Employer),
                S::Validated,
            ),
            (
                S::AwaitingBeneficiary,
                A::ValidateByBeneficiary(ValidationSetting::Both),
                S::AwaitingEmployer,
            ),
            (S::AwaitingEmployer, A::ValidateByEmployer, S::Validated),
            (
                S::AwaitingBeneficiary,
                A::ContestByBeneficiary,
                S::Contested,
            ),
            (S::AwaitingEmployer, A::ContestByEmployer, S::Contested),
            (S::Certified, A::Reopen, S::Draft),
            (S::AwaitingBeneficiary, A::Reopen, S::Draft),
            (S::AwaitingEmployer, A::Reopen, S::Draft),
            (S::Validated, A::Reopen, S::Draft),
            (S::Certified, A::Transmit, S::Transmitted),
            (S::Validated, A::Transmit, S::Transmitted),
        ];
        for s in [
            S::NotOpen,
            S::AwaitingEntry,
            S::Draft,
            S::AwaitingCertification,
            S::Contested,
            S::LockedPaid,
        ] {
            t.push((s, A::RecordSettlement, S::LockedPaid));
            t.push((s, A::Close, S::Closed));
        }
        t
    }

    #[test]
    fn the_full_transition_table_holds() {
        let table = allowed();
        for from in S::ALL {
            for action in all_actions() {
                let expected = table
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|t| t.2);
                match expected {
                    Some(to) => assert_eq!(from.apply(action), Ok(to), "{from:?} --{action:?}"),
                    None => assert_eq!(
                        from.apply(action),
                        Err(TransitionError { from, action }),
                        "{from:?} --{action:?} must be refused"
                    ),
                }
            }
        }
    }

    #[test]
    fn a_month_opens_on_its_first_day() {
        let oct = crate::Period::new(2026, 10).expect("period");
        let day = |d: u32, m: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("date");
        assert_eq!(S::NotOpen.on_date(oct, day(30, 9)), S::NotOpen);
        assert_eq!(S::NotOpen.on_date(oct, day(1, 10)), S::AwaitingEntry);
        assert_eq!(S::NotOpen.on_date(oct, day(15, 11)), S::AwaitingEntry);
        assert_eq!(
            S::Draft.on_date(oct, day(1, 9)),
            S::Draft,
            "only not_open moves by date"
        );
    }

    #[test]
    fn a_settlement_locks_only_uncertified_months() {
        assert_eq!(S::Draft.apply(A::RecordSettlement), Ok(S::LockedPaid));
        assert!(S::Certified.apply(A::RecordSettlement).is_err());
        assert!(S::Transmitted.apply(A::RecordSettlement).is_err());
    }

    #[test]
    fn hours_are_editable_exactly_before_certification() {
        let editable: Vec<S> = S::ALL.into_iter().filter(|s| s.hours_editable()).collect();
        assert_eq!(
            editable,
            vec![
                S::AwaitingEntry,
                S::Draft,
                S::AwaitingCertification,
                S::Contested
            ]
        );
    }

    #[test]
    fn names_and_labels_are_stable() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
            assert!(!s.label_fr().is_empty());
        }
        assert_eq!(
            S::AwaitingEntry.label_fr(),
            "En attente de saisie par l'organisme"
        );
    }
}
