//! Every message, checked against French typography: non-breaking spaces before «:;?!» and
//! inside «», «d'» before a vowel.

use realis_domain::organisation::DocumentKind;
use realis_domain::{Hours, Period};

use crate::templates::paris;
use crate::*;

/// A breaking space where French typography wants a non-breaking one.
fn misplaced_space(s: &str) -> Option<&'static str> {
    [" :", " ;", " ?", " !", " »", "« "]
        .into_iter()
        .find(|sign| s.contains(sign))
}

/// «de» before a vowel, where French writes «d'»: «les heures de octobre».
fn unelided(s: &str) -> Option<String> {
    s.split(' ')
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| {
            matches!(w[0], "de" | "De" | "le" | "que")
                && w[1]
                    .chars()
                    .next()
                    .is_some_and(|c| "aeiouéèêàâîôû".contains(c))
        })
        .map(|w| w.join(" "))
}

#[test]
fn every_message_is_french_to_the_letter() {
    let october = Period::new(2026, 10).expect("month");
    let mails = [
        Invitation {
            display_name: "Michelle Dubois".into(),
            identifier: "mdubois".into(),
            email: "m@realis.test".into(),
            link: "http://x/y".into(),
            inviter: "Transitions Pro".into(),
        }
        .render(),
        PasswordReset {
            display_name: "Agent".into(),
            link: "http://x/y".into(),
        }
        .render(),
        LoginFailures {
            display_name: "Agent".into(),
            attempts: 5,
            address: "203.0.113.7".into(),
            at: paris(2026, 12, 1, 9, 30),
            link: "http://x/y".into(),
        }
        .render(),
        DocumentReviewed {
            organisation_name: "Formapro".into(),
            document: DocumentKind::Kbis,
            accepted: false,
            date: paris(2026, 11, 26, 12, 0),
            reason: Some("Illisible".into()),
            link: "http://x/y".into(),
        }
        .render(),
        ValidationRequested {
            recipient_name: "Michelle Dubois".into(),
            organisation_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october,
            hours: Hours::from_hundredths(14_750),
            link: "http://x/y".into(),
        }
        .render(),
        CertificationLocked {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            period: october,
            failures: 5,
            link: "http://x/y".into(),
        }
        .render(),
        crate::CertifierDesignated {
            organisation_name: "Formapro".into(),
            designee_name: "Paul Martin".into(),
            designee_email: "p@realis.test".into(),
            requested_by: "Sophie Bernard".into(),
            date: paris(2026, 11, 26, 12, 0),
            covered_by_letter: true,
            link: "http://x/y".into(),
        }
        .render(),
        crate::CertifierReviewed {
            designee_name: "Paul Martin".into(),
            organisation_name: "Institut Pasteur".into(),
            accepted: false,
            date: paris(2026, 11, 26, 12, 0),
            reason: Some("Absent de la lettre".into()),
            with_consent_letter: false,
            link: "http://x/y".into(),
        }
        .render(),
        CertificationCode {
            certifier_name: "Jean Martin".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october,
            training: Hours::from_whole(140),
            internship: Hours::ZERO,
            absence: Hours::from_whole(7),
            code: "042917".into(),
            valid_until: paris(2026, 11, 26, 10, 40),
            link: "http://x/y".into(),
        }
        .render(),
        crate::CertificationDone {
            certifier_name: "Jean Martin".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october,
            presence: Hours::from_whole(140),
            absence: Hours::from_whole(7),
            certified_at: paris(2026, 11, 26, 10, 40),
            verification_code: "7K2M-9QXA".into(),
            link: "http://x/y".into(),
        }
        .render(),
        crate::HoursContested {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october,
            by: realis_domain::followup::Validator::Beneficiary,
            contested_by: "Michelle Dubois".into(),
            comment: "Absente le 12".into(),
            link: "http://x/y".into(),
        }
        .render(),
        crate::MonthReopened {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october,
            reason: "Erreur de saisie".into(),
            link: "http://x/y".into(),
        }
        .render(),
        crate::MonthClosed {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october,
            link: "http://x/y".into(),
        }
        .render(),
        crate::MonthLockedByPayment {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october,
            link: "http://x/y".into(),
        }
        .render(),
        crate::DailyReminder {
            recipient_name: "Formapro".into(),
            pending: vec![crate::PendingMonth {
                dossier_number: "2026-IDF-0001".into(),
                beneficiary: "Michelle DUBOIS".into(),
                period: october,
                status: realis_domain::MonthStatus::AwaitingCertification,
            }],
            total: 3,
            checkpoint: Some(crate::EvidenceCheckpoint {
                record_id: 42,
                hash: "ab12".into(),
                signed_at: paris(2026, 12, 1, 7, 0),
                record_url: "http://x/api/v1/audit/records/42".into(),
            }),
            link: "http://x/y".into(),
        }
        .render(),
        crate::LateMonthsReminder {
            organisation_name: "Formapro".into(),
            funder_name: "Transitions Pro Île-de-France".into(),
            period: october,
            months: vec![crate::LateMonth {
                dossier_number: "2026-IDF-0001".into(),
                beneficiary: "Michelle DUBOIS".into(),
                status: realis_domain::MonthStatus::AwaitingEntry,
                link: "http://x/y".into(),
            }],
            link: "http://x/y".into(),
        }
        .render(),
        PasswordChanged {
            display_name: "Agent".into(),
            at: paris(2026, 12, 1, 9, 30),
            link: "http://x/y".into(),
        }
        .render(),
        SiretCorrected {
            recipient_name: "Sophie Bernard".into(),
            organisation_name: "Organisme Alpha".into(),
            funder_name: "Transitions Pro Île-de-France".into(),
            before: "35600000049837".into(),
            after: "73282932000074".into(),
            reason: "Erreur de saisie".into(),
            date: paris(2026, 12, 1, 9, 30),
            link: "http://x/y".into(),
        }
        .render(),
    ];
    assert_eq!(
        unelided("les heures de octobre 2026"),
        Some("de octobre".into()),
        "the check itself sees a missing elision"
    );
    for m in &mails {
        for part in [&m.subject, &m.text, &m.html] {
            assert_eq!(misplaced_space(part), None, "{part}");
            assert_eq!(unelided(part), None, "{part}");
        }
        assert!(m.text.starts_with("Bonjour "), "{}", m.text);
    }
    let validation = &mails[4];
    assert_eq!(
        validation.subject,
        "Réalis — Heures d'octobre 2026 à valider"
    );
    assert!(
        validation.text.contains(
            "en octobre 2026 (dossier 2026-IDF-0001)\u{a0}: 147,50\u{a0}heures de présence."
        ),
        "{}",
        validation.text
    );
}
