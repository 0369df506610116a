//! After certification (SPEC F8–F10): validations, payments («Règlements»), the transmission
//! export, and which months a daily reminder mentions.

use serde::{Deserialize, Serialize};

use crate::{MonthAction, MonthStatus, Role, ValidationSetting, spreadsheet};

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

/// An advance never locks; a settlement locks a period not yet certified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PaymentKind {
    Advance,
    Settlement,
}

impl PaymentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentKind::Advance => "advance",
            PaymentKind::Settlement => "settlement",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentKind> {
        match s {
            "advance" => Some(PaymentKind::Advance),
            "settlement" => Some(PaymentKind::Settlement),
            _ => None,
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            PaymentKind::Advance => "Avance",
            PaymentKind::Settlement => "Règlement",
        }
    }
}

/// The month's status after a payment of `kind` is recorded on its period.
pub fn after_payment(status: MonthStatus, kind: PaymentKind) -> MonthStatus {
    match kind {
        PaymentKind::Advance => status,
        PaymentKind::Settlement => status
            .apply(MonthAction::RecordSettlement)
            .unwrap_or(status),
    }
}

/// Whether the daily reminder mentions a month in this status (the OF has something to do).
pub fn needs_reminder(status: MonthStatus) -> bool {
    matches!(
        status,
        MonthStatus::AwaitingEntry
            | MonthStatus::Draft
            | MonthStatus::AwaitingCertification
            | MonthStatus::Contested
    )
}

/// Whether a month may be transmitted.
pub fn transmittable(status: MonthStatus) -> bool {
    status.apply(MonthAction::Transmit).is_ok()
}

/// One row of the transmission export (SPEC F9), already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportRow {
    pub dossier: String,
    pub beneficiary: String,
    pub employer: String,
    pub organisation_siret: String,
    pub period: String,
    pub training: String,
    pub internship: String,
    pub absence: String,
    pub mode: String,
    pub certified_on: String,
    pub transmitted_on: String,
}

/// The CSV of transmitted hours: `;`, UTF-8 with BOM, French headers, decimal comma; names and
/// numbers typed by people cannot turn into formulas ([`crate::spreadsheet`]).
pub fn export_csv(rows: &[ExportRow]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&spreadsheet::record(&[
        "N° dossier",
        "Bénéficiaire",
        "Employeur",
        "SIRET organisme",
        "Période",
        "Heures de présence en formation",
        "Heures de présence en stage",
        "Heures d'absence",
        "Mode de certification",
        "Date de certification",
        "Date de transmission",
    ]));
    for r in rows {
        out.push_str(&spreadsheet::record(&[
            &r.dossier,
            &r.beneficiary,
            &r.employer,
            &r.organisation_siret,
            &r.period,
            &r.training,
            &r.internship,
            &r.absence,
            &r.mode,
            &r.certified_on,
            &r.transmitted_on,
        ]));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_contested_month_says_who_contested() {
        use crate::MonthStatus;
        assert_eq!(
            status_label_fr(MonthStatus::Contested, Some(Validator::Employer)),
            "Contesté par l'employeur"
        );
        assert_eq!(
            status_label_fr(MonthStatus::Contested, Some(Validator::Beneficiary)),
            "Contesté par le bénéficiaire"
        );
        assert_eq!(
            status_label_fr(MonthStatus::Validated, Some(Validator::Employer)),
            "Validé"
        );
        assert_eq!(Validator::parse("employer"), Some(Validator::Employer));
    }

    use super::*;
    use MonthStatus as S;
    use ValidationSetting as V;

    #[test]
    fn validations_follow_the_setting_and_the_order() {
        use Decision::*;
        use Validator::*;
        assert_eq!(
            decide(
                S::AwaitingBeneficiary,
                V::Beneficiary,
                Beneficiary,
                Validate,
                None
            ),
            Ok(S::Validated)
        );
        assert_eq!(
            decide(S::AwaitingBeneficiary, V::Both, Beneficiary, Validate, None),
            Ok(S::AwaitingEmployer)
        );
        assert_eq!(
            decide(S::AwaitingEmployer, V::Both, Employer, Validate, None),
            Ok(S::Validated)
        );
        assert_eq!(
            decide(S::AwaitingEmployer, V::Employer, Employer, Validate, None),
            Ok(S::Validated)
        );
        // The employer cannot validate for the beneficiary, nor before her.
        assert_eq!(
            decide(S::AwaitingBeneficiary, V::Both, Employer, Validate, None),
            Err(ValidationRefusal::NotYourTurn)
        );
        assert_eq!(
            decide(S::AwaitingEmployer, V::Both, Beneficiary, Validate, None),
            Err(ValidationRefusal::NotYourTurn)
        );
        // A contest needs a comment and returns the month to the OF.
        assert_eq!(
            decide(S::AwaitingEmployer, V::Both, Employer, Contest, Some("  ")),
            Err(ValidationRefusal::CommentRequired)
        );
        assert_eq!(
            decide(
                S::AwaitingEmployer,
                V::Both,
                Employer,
                Contest,
                Some("Absent le 12")
            ),
            Ok(S::Contested)
        );
        assert_eq!(
            decide(
                S::AwaitingBeneficiary,
                V::Beneficiary,
                Beneficiary,
                Contest,
                Some("Non")
            ),
            Ok(S::Contested)
        );
        for s in S::ALL {
            if !matches!(s, S::AwaitingBeneficiary | S::AwaitingEmployer) {
                for who in [Beneficiary, Employer] {
                    assert_eq!(
                        decide(s, V::Both, who, Validate, None),
                        Err(ValidationRefusal::NotYourTurn)
                    );
                }
            }
        }
        // A contested month is corrected and certified again.
        let again = S::Contested
            .apply(MonthAction::SaveHours)
            .and_then(|s| s.apply(MonthAction::Prepare));
        assert_eq!(again, Ok(S::AwaitingCertification));
    }

    #[test]
    fn a_settlement_locks_a_period_not_yet_certified_and_an_advance_never_does() {
        for s in S::ALL {
            assert_eq!(after_payment(s, PaymentKind::Advance), s);
            let locked = after_payment(s, PaymentKind::Settlement);
            if s.is_certified() || s == S::Closed {
                assert_eq!(locked, s, "{s:?}");
            } else {
                assert_eq!(locked, S::LockedPaid, "{s:?}");
            }
        }
    }

    #[test]
    fn reopen_close_transmit_and_reminders() {
        for s in [
            S::Certified,
            S::AwaitingBeneficiary,
            S::AwaitingEmployer,
            S::Validated,
        ] {
            assert_eq!(s.apply(MonthAction::Reopen), Ok(S::Draft));
        }
        assert!(S::Transmitted.apply(MonthAction::Reopen).is_err());
        assert_eq!(S::Draft.apply(MonthAction::Close), Ok(S::Closed));
        assert!(S::Validated.apply(MonthAction::Close).is_err());
        let ready: Vec<S> = S::ALL.into_iter().filter(|s| transmittable(*s)).collect();
        assert_eq!(ready, vec![S::Certified, S::Validated]);
        let remind: Vec<S> = S::ALL.into_iter().filter(|s| needs_reminder(*s)).collect();
        assert_eq!(
            remind,
            vec![
                S::AwaitingEntry,
                S::Draft,
                S::AwaitingCertification,
                S::Contested
            ]
        );
    }

    #[test]
    fn the_export_is_french() {
        let csv = export_csv(&[ExportRow {
            dossier: "D-1".into(),
            beneficiary: "Zoé DUPONT".into(),
            training: "10,50".into(),
            ..Default::default()
        }]);
        let text = String::from_utf8(csv).expect("utf8");
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("N° dossier;Bénéficiaire;"));
        assert!(lines[1].starts_with("D-1;Zoé DUPONT;;;;10,50;"));
        assert!(text.contains("\r\n"), "RFC 4180 line ends");
    }

    #[test]
    fn the_export_neutralises_formula_leading_names() {
        let csv = export_csv(&[ExportRow {
            dossier: "-1+1".into(),
            beneficiary: "=HYPERLINK(\"http://evil.test\",\"x\") DUPONT".into(),
            employer: "@SUM(1+1)".into(),
            mode: "+cmd|' /C calc'!A0".into(),
            period: "\t=1".into(),
            ..Default::default()
        }]);
        let text = String::from_utf8(csv).expect("utf8");
        let row = text.lines().nth(1).expect("row");
        assert_eq!(
            row,
            "\"'-1+1\";\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\") DUPONT\";\"'@SUM(1+1)\";;\"'\t=1\";;;;\"'+cmd|' /C calc'!A0\";;"
        );
    }
}
