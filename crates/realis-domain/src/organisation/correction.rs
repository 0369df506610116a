//! The funder's correction of an OF's SIRET: the number must be a valid SIRET, and a change
//! needs a reason (it is audited with the numbers before and after, and e-mailed to the OF).

use std::borrow::Cow;

use crate::{FieldCode, Label, Siret};

use super::identity::FieldIssue;

/// Longest reason kept, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// What a correction does to the SIRET.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiretChange {
    /// The same number (spaces aside): nothing to justify.
    Unchanged,
    /// A new number, with why.
    Corrected { siret: Siret, reason: String },
}

/// Checks a requested SIRET against the `current` one. `reason` is needed only when the number
/// changes; every issue (SIRET, reason) is returned at once.
pub fn siret_change(
    current: &str,
    requested: &str,
    reason: Option<&str>,
) -> Result<SiretChange, Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let siret = Siret::parse(requested)
        .map_err(|_| {
            issues.push(FieldIssue {
                field: "siret",
                code: FieldCode::InvalidSiret,
                message: Cow::Borrowed(
                    "Le numéro de SIRET n'est pas valide (14 chiffres, clé de contrôle).",
                ),
            })
        })
        .ok();
    let changed = match &siret {
        Some(s) => s.as_str() != current,
        // An invalid number is a change the reason must justify too: say both at once.
        None => true,
    };
    let reason = if changed {
        match Label::parse(reason.unwrap_or_default(), MAX_REASON_CHARS) {
            Ok(r) => Some(r.into_string()),
            Err(crate::LabelError::Empty) => {
                issues.push(FieldIssue {
                    field: "reason",
                    code: FieldCode::ReasonRequired,
                    message: Cow::Borrowed("Indiquez le motif de la correction du SIRET."),
                });
                None
            }
            Err(e) => {
                issues.push(FieldIssue::label("reason", e));
                None
            }
        }
    } else {
        None
    };
    match (siret, reason) {
        (Some(siret), Some(reason)) if issues.is_empty() => {
            Ok(SiretChange::Corrected { siret, reason })
        }
        (Some(_), None) if issues.is_empty() => Ok(SiretChange::Unchanged),
        _ => Err(issues),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURRENT: &str = "73282932000074";

    fn fields(r: Result<SiretChange, Vec<FieldIssue>>) -> Vec<(&'static str, &'static str)> {
        r.expect_err("refused")
            .into_iter()
            .map(|i| (i.field, i.code.code()))
            .collect()
    }

    #[test]
    fn the_same_number_spaces_aside_needs_no_reason() {
        assert_eq!(
            siret_change(CURRENT, "732 829 320 00074", None),
            Ok(SiretChange::Unchanged)
        );
    }

    #[test]
    fn a_new_valid_number_is_a_correction_with_its_normalised_reason() {
        assert_eq!(
            siret_change(CURRENT, "356 000 000 49837", Some("  Erreur   de saisie ")),
            Ok(SiretChange::Corrected {
                siret: Siret::parse("35600000049837").expect("siret"),
                reason: "Erreur de saisie".into(),
            })
        );
    }

    #[test]
    fn a_change_without_a_reason_is_refused() {
        assert_eq!(
            fields(siret_change(CURRENT, "35600000049837", None)),
            [("reason", "reason_required")]
        );
        assert_eq!(
            fields(siret_change(CURRENT, "35600000049837", Some("   "))),
            [("reason", "reason_required")]
        );
    }

    #[test]
    fn an_invalid_number_is_refused_by_the_siret_rule() {
        assert_eq!(
            fields(siret_change(CURRENT, "12345678912345", Some("Erreur"))),
            [("siret", "invalid_siret")]
        );
        assert_eq!(
            fields(siret_change(CURRENT, "7328293200007", None)),
            [("siret", "invalid_siret"), ("reason", "reason_required")]
        );
    }

    #[test]
    fn a_reason_with_invisible_characters_or_too_long_is_refused() {
        assert_eq!(
            fields(siret_change(
                CURRENT,
                "35600000049837",
                Some("Erreur\u{202E}")
            )),
            [("reason", "invalid_characters")]
        );
        let long = "a".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(
            fields(siret_change(CURRENT, "35600000049837", Some(&long))),
            [("reason", "too_long")]
        );
    }
}
