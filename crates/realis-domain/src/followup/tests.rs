use super::*;
use crate::{MonthAction, Period, ValidationSetting};
use MonthStatus as S;
use ValidationSetting as V;

#[test]
fn a_contested_month_says_who_contested() {
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

#[test]
fn a_month_is_late_from_the_day_after_its_last_session_day_until_certified() {
    let october = Period::new(2026, 10).expect("period");
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("date");
    let end = day(12, 31);
    assert!(!late(S::AwaitingEntry, october, end, day(10, 31)));
    assert!(late(S::AwaitingEntry, october, end, day(11, 1)));
    for s in [S::Draft, S::AwaitingCertification, S::Contested] {
        assert!(late(s, october, end, day(11, 3)), "{s:?}");
    }
    for s in [
        S::NotOpen,
        S::Certified,
        S::Validated,
        S::Transmitted,
        S::Closed,
        S::LockedPaid,
    ] {
        assert!(!late(s, october, end, day(11, 3)), "{s:?}");
    }
    // A session ending mid-month: late from the day after it.
    assert!(late(S::AwaitingEntry, october, day(10, 15), day(10, 16)));
    assert!(!late(S::AwaitingEntry, october, day(10, 15), day(10, 15)));
}
