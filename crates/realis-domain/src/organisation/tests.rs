use super::DocumentStatus as D;
use super::ReadinessItem as R;
use super::*;
use crate::designation::DesignationStatus;

#[test]
fn documents_are_named_as_the_guide_names_them() {
    assert_eq!(DocumentKind::Kbis.label_fr(), "Kbis");
    assert_eq!(
        DocumentKind::Kbis.required_fr(),
        "Vous devez fournir le Kbis"
    );
    assert_eq!(
        DocumentKind::ConsentLetter.required_fr(),
        "Vous devez fournir la lettre de consentement"
    );
}

fn full() -> ReadinessFacts {
    ReadinessFacts {
        legal_representative: true,
        logo: true,
        stamp: true,
        certifier: true,
        designation: Some(DesignationStatus::Accepted),
        kbis: Some(D::Accepted),
        consent_letter: Some(D::Accepted),
    }
}

#[test]
fn everything_provided_allows_online_certification() {
    let r = readiness(full());
    assert!(
        r.online_available
            && r.blocking.is_empty()
            && r.warnings.is_empty()
            && r.online_missing.is_empty()
    );
}

#[test]
fn no_legal_representative_or_no_logo_blocks() {
    let r = readiness(ReadinessFacts {
        legal_representative: false,
        ..full()
    });
    assert_eq!(r.blocking, vec![R::NoLegalRepresentative]);
    assert!(!r.online_available);
    let r = readiness(ReadinessFacts {
        logo: false,
        legal_representative: false,
        ..full()
    });
    assert_eq!(r.blocking, vec![R::NoLegalRepresentative, R::NoLogo]);
}

#[test]
fn no_stamp_only_warns_in_upload_mode_but_prevents_online() {
    let r = readiness(ReadinessFacts {
        stamp: false,
        ..full()
    });
    assert!(r.blocking.is_empty());
    assert_eq!(r.warnings, vec![R::NoStamp]);
    assert_eq!(r.online_missing, vec![R::NoStamp]);
    assert!(!r.online_available);
}

#[test]
fn every_document_state_says_what_is_missing() {
    for (kbis, item) in [
        (None, Some(R::KbisMissing)),
        (Some(D::Pending), Some(R::KbisPending)),
        (Some(D::Rejected), Some(R::KbisRejected)),
        (Some(D::Accepted), None),
    ] {
        let r = readiness(ReadinessFacts { kbis, ..full() });
        assert_eq!(r.online_missing, item.into_iter().collect::<Vec<_>>());
        assert_eq!(r.online_available, item.is_none());
    }
    for (consent, item) in [
        (None, R::ConsentLetterMissing),
        (Some(D::Pending), R::ConsentLetterPending),
        (Some(D::Rejected), R::ConsentLetterRejected),
    ] {
        let r = readiness(ReadinessFacts {
            consent_letter: consent,
            ..full()
        });
        assert_eq!(r.online_missing, vec![item]);
    }
}

#[test]
fn certifier_box_and_acting_user_are_both_needed_online() {
    let r = readiness(ReadinessFacts {
        certifier: false,
        ..full()
    });
    assert_eq!(r.online_missing, vec![R::NotCertifier]);
    let r = readiness(ReadinessFacts {
        designation: None,
        ..full()
    });
    assert_eq!(r.online_missing, vec![R::UserNotCertifier]);
    assert!(r.blocking.is_empty(), "upload mode still works");
}

#[test]
fn only_an_accepted_designation_of_the_acting_user_allows_online_certification() {
    for (designation, item) in [
        (None, Some(R::UserNotCertifier)),
        (
            Some(DesignationStatus::Withdrawn),
            Some(R::UserNotCertifier),
        ),
        (
            Some(DesignationStatus::Pending),
            Some(R::DesignationPending),
        ),
        (
            Some(DesignationStatus::Rejected),
            Some(R::DesignationRejected),
        ),
        (Some(DesignationStatus::Accepted), None),
    ] {
        let r = readiness(ReadinessFacts {
            designation,
            ..full()
        });
        assert_eq!(r.online_missing, item.into_iter().collect::<Vec<_>>());
        assert_eq!(r.online_available, item.is_none());
        assert!(r.blocking.is_empty());
    }
}

#[test]
fn only_a_pending_document_is_reviewed_and_a_rejection_needs_a_reason() {
    assert_eq!(D::Pending.review(&ReviewDecision::Accept), Ok(D::Accepted));
    assert_eq!(
        D::Pending.review(&ReviewDecision::Reject {
            reason: "Illisible".into()
        }),
        Ok(D::Rejected)
    );
    assert_eq!(
        D::Pending.review(&ReviewDecision::Reject {
            reason: "  ".into()
        }),
        Err(ReviewError::ReasonRequired)
    );
    assert_eq!(
        D::Accepted.review(&ReviewDecision::Accept),
        Err(ReviewError::NotPending)
    );
    assert_eq!(
        D::Rejected.review(&ReviewDecision::Accept),
        Err(ReviewError::NotPending)
    );
}

#[test]
fn identity_fields_are_checked_all_at_once() {
    let bad = IdentityInput {
        name: " ".into(),
        email: "pas-une-adresse".into(),
        postal_code: "7500".into(),
        mobile_phone: "06 12".into(),
        landline_phone: "01 44 00 00 00".into(),
        fax: "abc".into(),
        nda: "123".into(),
        website: "pas un site".into(),
        ..Default::default()
    };
    let issues = validate_identity(&bad).expect_err("invalid");
    let fields: Vec<&str> = issues.iter().map(|i| i.field).collect();
    assert_eq!(
        fields,
        vec![
            "name",
            "email",
            "postal_code",
            "mobile_phone",
            "fax",
            "nda",
            "website"
        ]
    );
}

#[test]
fn identity_names_follow_the_label_rule() {
    let issues = validate_identity(&IdentityInput {
        name: "Formapro\u{202E}".into(),
        email: "contact@formapro.test".into(),
        city: "Paris\u{200B}".into(),
        legal_representative: "Jean\u{2066}Lefèvre".into(),
        ..Default::default()
    })
    .expect_err("refused");
    let got: Vec<(&str, &str)> = issues.iter().map(|i| (i.field, i.code.code())).collect();
    assert_eq!(
        got,
        vec![
            ("name", "invalid_characters"),
            ("city", "invalid_characters"),
            ("legal_representative", "invalid_characters")
        ]
    );
    let ok = validate_identity(&IdentityInput {
        name: "Institut  Lumie\u{300}re\r\n".into(),
        email: "contact@formapro.test".into(),
        legal_representative: " Zoé\tD'Hôtel ".into(),
        ..Default::default()
    })
    .expect("valid");
    assert_eq!(ok.name, "Institut Lumière");
    assert_eq!(ok.legal_representative.as_deref(), Some("Zoé D'Hôtel"));
}

#[test]
fn a_valid_identity_is_normalised() {
    let ok = validate_identity(&IdentityInput {
        name: " Formapro Conseil ".into(),
        email: "Contact@Formapro.test".into(),
        postal_code: "75 005".into(),
        mobile_phone: "06.12.34.56.78".into(),
        landline_phone: "+262 262 12 34 56".into(),
        nda: "11 75 55555 75".into(),
        website: "www.formapro.test".into(),
        legal_representative: "Jean Lefèvre".into(),
        ..Default::default()
    })
    .expect("valid");
    assert_eq!(ok.name, "Formapro Conseil");
    assert_eq!(ok.email.as_str(), "contact@formapro.test");
    assert_eq!(ok.postal_code.as_deref(), Some("75005"));
    assert_eq!(ok.mobile_phone.as_deref(), Some("06 12 34 56 78"));
    assert_eq!(ok.landline_phone.as_deref(), Some("+262262123456"));
    assert_eq!(ok.nda.map(|n| n.to_string()), Some("11755555575".into()));
    assert_eq!(ok.website.as_deref(), Some("https://www.formapro.test"));
    assert_eq!(ok.address, None);
}
