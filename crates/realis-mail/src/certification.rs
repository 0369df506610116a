//! The certification of a month: the one-time code, the request to validate the hours, the
//! lock after too many wrong codes.

use chrono::{DateTime, Utc};
use realis_domain::{Hours, Period, fr};

use crate::templates::{RenderedMail, finish, paris_datetime};

/// The one-time code of the 100 % online certification (SPEC F6.2).
#[derive(Debug, Clone)]
pub struct CertificationCode {
    pub certifier_name: String,
    pub dossier_number: String,
    pub beneficiary: String,
    pub period: Period,
    pub training: Hours,
    pub internship: Hours,
    pub absence: Hours,
    pub code: String,
    /// «dd/mm/yyyy à hh:mm», Paris time.
    pub valid_until: DateTime<Utc>,
    pub link: String,
}

impl CertificationCode {
    pub fn render(&self) -> RenderedMail {
        let paragraphs = vec![
            format!("Bonjour {},", self.certifier_name),
            format!(
                "Voici votre code de vérification pour certifier les heures du dossier {} ({}), période {}\u{a0}:",
                self.dossier_number,
                self.beneficiary,
                fr::month(self.period)
            ),
            format!("Code de vérification\u{a0}: {}", self.code),
            format!("Valable jusqu'au {}.", paris_datetime(self.valid_until)),
            format!(
                "Heures de présence en formation\u{a0}: {} — Heures de présence en stage\u{a0}: {} — Heures d'absence\u{a0}: {}",
                fr::hours(self.training),
                fr::hours(self.internship),
                fr::hours(self.absence)
            ),
            "Ce code approuve uniquement cette certification. Il ne vous sera jamais demandé pour vous connecter. Si vous n'êtes pas à l'origine de cette demande, ne le communiquez à personne.".to_owned(),
        ];
        // Never the code itself: lock screens and notification previews show subjects.
        finish(
            format!(
                "Code de vérification\u{a0}: dossier {}, {}",
                self.dossier_number,
                fr::month(self.period)
            ),
            paragraphs,
            ("Ouvrir le dossier", &self.link),
        )
    }
}

/// «Des heures attendent votre validation» (SPEC F8, F10).
#[derive(Debug, Clone)]
pub struct ValidationRequested {
    pub recipient_name: String,
    pub organisation_name: String,
    pub dossier_number: String,
    pub beneficiary: String,
    pub period: Period,
    /// Presence hours (training and internship).
    pub hours: Hours,
    pub link: String,
}

impl ValidationRequested {
    pub fn render(&self) -> RenderedMail {
        let paragraphs = vec![
            format!("Bonjour {},", self.recipient_name),
            format!(
                "{} a certifié les heures réalisées par {} en {} (dossier {})\u{a0}: {} de présence.",
                self.organisation_name,
                self.beneficiary,
                fr::month(self.period),
                self.dossier_number,
                fr::hours_with_unit(self.hours)
            ),
            "Merci de vérifier ces heures et le certificat de réalisation, puis de les valider ou de les contester.".to_owned(),
        ];
        finish(
            format!("Heures {} à valider", fr::of_month(self.period)),
            paragraphs,
            ("Voir les heures", &self.link),
        )
    }
}

/// Alert after too many wrong codes: online certification of the month is locked.
#[derive(Debug, Clone)]
pub struct CertificationLocked {
    pub recipient_name: String,
    pub dossier_number: String,
    pub period: Period,
    pub failures: i32,
    pub link: String,
}

impl CertificationLocked {
    pub fn render(&self) -> RenderedMail {
        let paragraphs = vec![
            format!("Bonjour {},", self.recipient_name),
            format!(
                "{} codes de vérification erronés ont été saisis pour le dossier {}, période {}. Par sécurité, la certification 100 % en ligne de ce mois est bloquée.",
                self.failures,
                self.dossier_number,
                fr::month(self.period)
            ),
            "Si vous n'êtes pas à l'origine de ces tentatives, prévenez votre Transitions Pro. Le mois peut toujours être certifié en déposant le certificat signé\u{a0}; votre Transitions Pro peut aussi débloquer la certification en ligne.".to_owned(),
        ];
        finish(
            "Certification en ligne bloquée".to_owned(),
            paragraphs,
            ("Ouvrir le dossier", &self.link),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::{escape_html, paris};

    #[test]
    fn the_code_mail_shows_dossier_period_totals_and_deadline() {
        let m = CertificationCode {
            certifier_name: "Jean Martin".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: Period::new(2026, 10).expect("month"),
            training: Hours::from_whole(1_140),
            internship: Hours::ZERO,
            absence: Hours::from_whole(7),
            code: "042917".into(),
            valid_until: paris(2026, 11, 26, 10, 40),
            link: "http://x/dossiers/1".into(),
        }
        .render();
        for needle in [
            "2026-IDF-0001",
            "octobre 2026",
            "1\u{a0}140,00",
            "7,00",
            "042917",
            "Valable jusqu'au 26/11/2026 à 10:40",
        ] {
            assert!(m.text.contains(needle), "{needle} missing");
            assert!(
                m.html.contains(&escape_html(needle)),
                "{needle} missing in HTML"
            );
        }
        assert_eq!(
            m.subject,
            "Réalis — Code de vérification\u{a0}: dossier 2026-IDF-0001, octobre 2026"
        );
        assert!(
            !m.subject.contains("042917"),
            "the code stays out of the subject"
        );
    }

    #[test]
    fn the_validation_request_names_the_organisation_the_month_and_the_hours() {
        let m = ValidationRequested {
            recipient_name: "Michelle Dubois".into(),
            organisation_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: Period::new(2026, 4).expect("month"),
            hours: Hours::from_whole(1),
            link: "http://x/dossiers/1/mois/2026-04".into(),
        }
        .render();
        assert_eq!(m.subject, "Réalis — Heures d'avril 2026 à valider");
        let sentence = "Formapro a certifié les heures réalisées par Michelle DUBOIS en avril 2026 (dossier 2026-IDF-0001)\u{a0}: 1,00\u{a0}heure de présence.";
        assert!(m.text.contains(sentence), "{}", m.text);
        assert!(m.html.contains(&escape_html(sentence)));
        assert!(m.text.contains("puis de les valider ou de les contester."));
        assert!(
            m.text
                .contains("Voir les heures\u{a0}: http://x/dossiers/1/mois/2026-04")
        );
    }

    #[test]
    fn the_lock_alert_counts_the_wrong_codes_and_says_what_remains_possible() {
        let m = CertificationLocked {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            period: Period::new(2026, 10).expect("month"),
            failures: 10,
            link: "http://x/y".into(),
        }
        .render();
        assert_eq!(m.subject, "Réalis — Certification en ligne bloquée");
        assert!(
            m.text.contains("10 codes de vérification erronés ont été saisis pour le dossier 2026-IDF-0001, période octobre 2026. Par sécurité, la certification 100 % en ligne de ce mois est bloquée."),
            "{}",
            m.text
        );
        assert!(m.text.contains(
            "en déposant le certificat signé\u{a0}; votre Transitions Pro peut aussi débloquer"
        ));
    }
}
