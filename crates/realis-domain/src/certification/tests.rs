use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::{MonthStatus, Period};

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, h, m, s)
        .single()
        .expect("valid")
}

#[test]
fn policy_bounds_are_those_of_the_spec() {
    assert_eq!(CodePolicy::default(), CodePolicy::new(6, 10).expect("ok"));
    assert!(CodePolicy::new(4, 15).is_ok());
    assert!(CodePolicy::new(8, 5).is_ok());
    assert_eq!(CodePolicy::new(3, 10), Err(CodePolicyError::Length));
    assert_eq!(CodePolicy::new(9, 10), Err(CodePolicyError::Length));
    assert_eq!(CodePolicy::new(6, 4), Err(CodePolicyError::Lifetime));
    assert_eq!(CodePolicy::new(6, 16), Err(CodePolicyError::Lifetime));
    assert_eq!(CodePolicy::from_stored(2, 99), CodePolicy::default());
    assert_eq!(
        CodePolicy::from_stored(4, 15).expires_at(at(9, 0, 0)),
        at(9, 15, 0)
    );
}

#[test]
fn a_code_expires_exactly_at_its_deadline() {
    let state = CodeState {
        expires_at: at(9, 10, 0),
        attempts: 0,
        consumed: false,
        invalidated: false,
    };
    assert_eq!(
        state.usability(at(9, 9, 59)),
        CodeUsability::Usable { attempts_left: 3 }
    );
    assert_eq!(state.usability(at(9, 10, 0)), CodeUsability::Expired);
    assert_eq!(
        CodeState {
            attempts: 2,
            ..state
        }
        .usability(at(9, 0, 0)),
        CodeUsability::Usable { attempts_left: 1 }
    );
    for spent in [
        CodeState {
            attempts: 3,
            ..state
        },
        CodeState {
            consumed: true,
            ..state
        },
        CodeState {
            invalidated: true,
            ..state
        },
    ] {
        assert_eq!(spent.usability(at(9, 0, 0)), CodeUsability::Spent);
    }
}

#[test]
fn sends_are_limited_to_one_a_minute_and_five_an_hour() {
    assert_eq!(may_send_code(&[], at(9, 0, 0)), Ok(()));
    assert_eq!(may_send_code(&[at(9, 0, 0)], at(9, 0, 59)), Err(1));
    assert_eq!(may_send_code(&[at(9, 0, 0)], at(9, 0, 30)), Err(30));
    assert_eq!(may_send_code(&[at(9, 0, 0)], at(9, 1, 0)), Ok(()));
    let five = [
        at(9, 0, 0),
        at(9, 2, 0),
        at(9, 4, 0),
        at(9, 6, 0),
        at(9, 8, 0),
    ];
    assert_eq!(may_send_code(&five, at(9, 30, 0)), Err(30 * 60));
    assert_eq!(may_send_code(&five, at(10, 0, 0)), Ok(()));
    assert_eq!(may_send_code(&five[1..], at(9, 30, 0)), Ok(()));
}

#[test]
fn certifying_needs_a_prepared_and_finished_month() {
    let p = Period::parse("2026-10").expect("period");
    let end = NaiveDate::from_ymd_opt(2027, 6, 30).expect("date");
    let oct31 = NaiveDate::from_ymd_opt(2026, 10, 31).expect("date");
    let oct30 = NaiveDate::from_ymd_opt(2026, 10, 30).expect("date");
    assert_eq!(
        may_certify(MonthStatus::AwaitingCertification, p, end, oct31),
        Ok(())
    );
    assert_eq!(
        may_certify(MonthStatus::AwaitingCertification, p, end, oct30),
        Err(CertifyRefusal::InProgress)
    );
    // A session ending mid-month may be certified from its last day.
    let mid = NaiveDate::from_ymd_opt(2026, 10, 15).expect("date");
    assert_eq!(
        may_certify(MonthStatus::AwaitingCertification, p, mid, mid),
        Ok(())
    );
    for s in MonthStatus::ALL {
        if s != MonthStatus::AwaitingCertification {
            assert_eq!(
                may_certify(s, p, end, oct31),
                Err(CertifyRefusal::WrongStatus(s))
            );
        }
    }
}

#[test]
fn emails_are_masked_and_verification_codes_normalised() {
    assert_eq!(mask_email("jean.dupont@exemple.fr"), "j***@exemple.fr");
    assert_eq!(mask_email("nope"), "***");
    let code = format_verification_code(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 31]);
    assert_eq!(code, "0123-4567-89AZ");
    assert_eq!(
        normalise_verification_code(" 0123 4567 89az "),
        Some(code.clone())
    );
    assert_eq!(
        normalise_verification_code("O123-4567-89AZ"),
        Some(code.clone())
    );
    assert_eq!(normalise_verification_code("0123-4567-89A"), None);
    assert_eq!(normalise_verification_code("0123-4567-89A!"), None);
    assert_eq!(normalise_verification_code("../etc/passwd"), None);
    assert!(well_formed_code("123456", CodePolicy::default()));
    assert!(!well_formed_code("12345", CodePolicy::default()));
    assert!(!well_formed_code("12345a", CodePolicy::default()));
}

#[test]
fn tries_left_read_in_french() {
    assert_eq!(attempts_left_fr(2), "Il vous reste 2\u{a0}essais.");
    assert_eq!(attempts_left_fr(1), "Il vous reste 1\u{a0}essai.");
    assert_eq!(attempts_left_fr(0), "Il vous reste 0\u{a0}essai.");
}

#[test]
fn the_time_left_changes_once_a_minute() {
    assert_eq!(
        code_time_left_fr(600),
        "Il vous reste 10 minutes pour saisir le code."
    );
    assert_eq!(code_time_left_fr(599), code_time_left_fr(541));
    assert_eq!(
        code_time_left_fr(540),
        "Il vous reste 9 minutes pour saisir le code."
    );
    assert_eq!(
        code_time_left_fr(61),
        "Il vous reste 2 minutes pour saisir le code."
    );
    assert_eq!(
        code_time_left_fr(60),
        "Il vous reste 1 minute pour saisir le code."
    );
    assert_eq!(code_time_left_fr(1), code_time_left_fr(60));
    assert!(code_time_left_fr(0).starts_with("Le code a expiré"));
    assert!(code_time_left_fr(-5).starts_with("Le code a expiré"));
    // Ten minutes read as ten texts and the expiry: at most one announcement a minute.
    let texts: std::collections::BTreeSet<String> = (-1..=600).map(code_time_left_fr).collect();
    assert_eq!(texts.len(), 11);
}

#[test]
fn month_file_kinds_read_back_what_they_store() {
    for k in MonthFileKind::ALL {
        assert_eq!(MonthFileKind::parse(k.as_str()), Some(k));
    }
    assert_eq!(
        MonthFileKind::SignedCertificate.as_str(),
        "signed_certificate"
    );
    assert_eq!(MonthFileKind::AttendanceSheet.as_str(), "attendance_sheet");
    assert_eq!(MonthFileKind::parse("kbis"), None);
}

#[test]
fn a_stored_code_is_seen_by_its_state() {
    let code = OnlineCode {
        id: 1,
        month_id: 2,
        user_id: 3,
        code_hash: "00".into(),
        hours_hash: "11".into(),
        expires_at: at(9, 10, 0),
        attempts: 1,
        consumed_at: None,
        invalidated_at: Some(at(9, 5, 0)),
        ip: None,
        created_at: at(9, 0, 0),
        batch_id: None,
    };
    assert_eq!(
        code.state(),
        CodeState {
            expires_at: at(9, 10, 0),
            attempts: 1,
            consumed: false,
            invalidated: true,
        }
    );
}

#[test]
fn only_a_month_awaiting_certification_has_a_draft() {
    for s in [
        MonthStatus::NotOpen,
        MonthStatus::AwaitingEntry,
        MonthStatus::Draft,
        MonthStatus::Contested,
        MonthStatus::Certified,
        MonthStatus::Validated,
        MonthStatus::Closed,
    ] {
        assert!(!has_draft(s), "{s:?}");
    }
    assert!(has_draft(MonthStatus::AwaitingCertification));
}

#[test]
fn a_code_over_several_funders_takes_the_strictest_policy() {
    let p = CodePolicy::strictest([
        CodePolicy::new(6, 10).expect("policy"),
        CodePolicy::new(8, 12).expect("policy"),
        CodePolicy::new(4, 5).expect("policy"),
    ]);
    assert_eq!(p, CodePolicy::new(8, 5).expect("policy"));
    assert_eq!(CodePolicy::strictest([]), CodePolicy::default());
}
