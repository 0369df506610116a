//! The organisation's identity: the funder's review of its documents, to the OF; certifier
//! designations: the request, to the OF's legal representative, and the funder's decision, to
//! the designee.

use chrono::{DateTime, Utc};
use realis_domain::fr;
use realis_domain::organisation::DocumentKind;

use crate::templates::{RenderedMail, finish, layout, paris_date};

/// «Désignation d'un certificateur»: sent to the organisation's address (its legal
/// representative) whenever a user is designated certifier, so that an unexpected designation
/// is noticed.
#[derive(Debug, Clone)]
pub struct CertifierDesignated {
    pub organisation_name: String,
    pub designee_name: String,
    pub designee_email: String,
    /// Who ticked the box (the designee itself or a colleague).
    pub requested_by: String,
    /// Shown as a Paris date.
    pub date: DateTime<Utc>,
    /// The consent letter is not accepted yet: the designation will be accepted with it.
    pub covered_by_letter: bool,
    pub link: String,
}

impl CertifierDesignated {
    pub fn render(&self) -> RenderedMail {
        let review = if self.covered_by_letter {
            "Elle sera contrôlée avec la lettre de consentement de l'organisme\u{a0}: la lettre doit autoriser cette personne à certifier."
        } else {
            "Votre Transitions Pro doit la contrôler\u{a0}: en attendant, cette personne ne peut pas certifier les heures en ligne."
        };
        let paragraphs = vec![
            format!("Bonjour {},", self.organisation_name),
            format!(
                "{} ({}) a été désigné(e) certificateur de l'organisme le {} par {}.",
                self.designee_name,
                self.designee_email,
                paris_date(self.date),
                self.requested_by
            ),
            format!("Désignation en attente de contrôle par votre Transitions Pro. {review}"),
            "Si vous n'êtes pas à l'origine de cette désignation, retirez-la dans «\u{a0}Utilisateurs\u{a0}» et prévenez votre Transitions Pro.".to_owned(),
        ];
        finish(
            format!(
                "Désignation d'un certificateur\u{a0}: {}",
                self.designee_name
            ),
            paragraphs,
            ("Ouvrir «\u{a0}Utilisateurs\u{a0}»", &self.link),
        )
    }
}

/// «Désignation acceptée» / «Désignation refusée»: the funder decided on a designation.
#[derive(Debug, Clone)]
pub struct CertifierReviewed {
    pub designee_name: String,
    pub organisation_name: String,
    pub accepted: bool,
    /// Shown as a Paris date.
    pub date: DateTime<Utc>,
    pub reason: Option<String>,
    /// Accepted with the consent letter rather than on its own.
    pub with_consent_letter: bool,
    pub link: String,
}

impl CertifierReviewed {
    pub fn render(&self) -> RenderedMail {
        let (subject, verdict, next) = if self.accepted {
            (
                "Désignation de certificateur acceptée",
                format!(
                    "Votre Transitions Pro a accepté le {} votre désignation comme certificateur {}{}.",
                    paris_date(self.date),
                    fr::de(&self.organisation_name),
                    if self.with_consent_letter {
                        ", avec la lettre de consentement"
                    } else {
                        ""
                    }
                ),
                "Vous pouvez désormais certifier les heures en 100 % dématérialisé.",
            )
        } else {
            (
                "Désignation de certificateur refusée",
                format!(
                    "Votre Transitions Pro a refusé le {} votre désignation comme certificateur {}\u{a0}: {}",
                    paris_date(self.date),
                    fr::de(&self.organisation_name),
                    self.reason.clone().unwrap_or_default()
                ),
                "La certification 1 (impression, signature et dépôt du certificat) reste possible.",
            )
        };
        let paragraphs = vec![
            format!("Bonjour {},", self.designee_name),
            verdict,
            next.to_owned(),
        ];
        finish(
            subject.to_owned(),
            paragraphs,
            ("Ouvrir «\u{a0}Votre identité\u{a0}»", &self.link),
        )
    }
}

/// «Document contrôlé» / «Document refusé»: the funder reviewed a Kbis or consent letter.
#[derive(Debug, Clone)]
pub struct DocumentReviewed {
    pub organisation_name: String,
    pub document: DocumentKind,
    pub accepted: bool,
    /// Shown as a Paris date.
    pub date: DateTime<Utc>,
    pub reason: Option<String>,
    pub link: String,
}

impl DocumentReviewed {
    pub fn render(&self) -> RenderedMail {
        let document = self.document.label_fr();
        let (subject, verdict) = if self.accepted {
            (
                format!(
                    "{document} {}",
                    self.document.agree("contrôlé", "contrôlée")
                ),
                format!(
                    "Votre Transitions Pro a contrôlé le document «\u{a0}{}\u{a0}» le {}.",
                    document,
                    paris_date(self.date)
                ),
            )
        } else {
            (
                format!("{document} {}", self.document.agree("refusé", "refusée")),
                format!(
                    "Votre Transitions Pro a refusé le document «\u{a0}{}\u{a0}» le {}\u{a0}: {}",
                    document,
                    paris_date(self.date),
                    self.reason.clone().unwrap_or_default()
                ),
            )
        };
        let mut paragraphs = vec![format!("Bonjour {},", self.organisation_name), verdict];
        paragraphs.push(if self.accepted {
            "Lorsque vos deux documents sont contrôlés, la certification 100 % dématérialisée devient disponible.".to_owned()
        } else {
            "Vous pouvez déposer un nouveau document depuis le menu «\u{a0}Votre identité\u{a0}».".to_owned()
        });
        let text = format!(
            "{}\n\nVotre identité\u{a0}: {}\n\nCe message a été envoyé automatiquement par Réalis\u{a0}; merci de ne pas y répondre.\n",
            paragraphs.join("\n\n"),
            self.link
        );
        let html = layout(
            &subject,
            &paragraphs,
            Some(("Ouvrir «\u{a0}Votre identité\u{a0}»", &self.link)),
        );
        RenderedMail {
            subject: format!("Réalis — {subject}"),
            text,
            html,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::{escape_html, paris};

    #[test]
    fn the_document_review_says_controlled_or_refused_with_the_reason() {
        let accepted = DocumentReviewed {
            organisation_name: "Formapro".into(),
            document: DocumentKind::Kbis,
            accepted: true,
            date: paris(2026, 11, 26, 12, 0),
            reason: None,
            link: "http://x/identite".into(),
        };
        let m = accepted.render();
        assert_eq!(m.subject, "Réalis — Kbis contrôlé");
        assert!(
            m.text.contains(
                "Votre Transitions Pro a contrôlé le document «\u{a0}Kbis\u{a0}» le 26/11/2026."
            ),
            "{}",
            m.text
        );
        assert!(
            m.text
                .contains("la certification 100 % dématérialisée devient disponible")
        );
        // The letter's subject agrees with it: «refusée».
        let m = DocumentReviewed {
            document: DocumentKind::ConsentLetter,
            accepted: false,
            reason: Some("Illisible".into()),
            ..accepted
        }
        .render();
        assert_eq!(m.subject, "Réalis — Lettre de consentement refusée");
        assert!(
            m.text.contains(
                "Votre Transitions Pro a refusé le document «\u{a0}Lettre de consentement\u{a0}» le 26/11/2026\u{a0}: Illisible"
            ),
            "{}",
            m.text
        );
        assert!(m.text.contains("menu «\u{a0}Votre identité\u{a0}»"));
        assert!(m.text.contains("Votre identité\u{a0}: http://x/identite"));
        assert!(
            m.html
                .contains(&escape_html("Ouvrir «\u{a0}Votre identité\u{a0}»"))
        );
    }

    #[test]
    fn the_request_names_the_designee_who_asked_and_how_it_is_reviewed() {
        let base = CertifierDesignated {
            organisation_name: "Formapro Conseil".into(),
            designee_name: "Paul <Martin>".into(),
            designee_email: "paul.martin@formapro.test".into(),
            requested_by: "Sophie Bernard".into(),
            date: paris(2026, 11, 26, 12, 0),
            covered_by_letter: false,
            link: "http://x/utilisateurs".into(),
        };
        let m = base.render();
        assert!(m.subject.contains("certificateur"));
        for needle in [
            "paul.martin@formapro.test",
            "Sophie Bernard",
            "26/11/2026",
            "Transitions Pro doit la contrôler",
        ] {
            assert!(m.text.contains(needle), "{needle} missing");
        }
        assert!(
            m.html.contains(&escape_html("Paul <Martin>")),
            "HTML is escaped"
        );
        let covered = CertifierDesignated {
            covered_by_letter: true,
            ..base
        }
        .render();
        assert!(covered.text.contains("avec la lettre de consentement"));
    }

    #[test]
    fn the_decision_says_accepted_or_refused_with_the_reason() {
        let accepted = CertifierReviewed {
            designee_name: "Paul Martin".into(),
            organisation_name: "Formapro Conseil".into(),
            accepted: true,
            date: paris(2026, 11, 26, 12, 0),
            reason: None,
            with_consent_letter: true,
            link: "http://x/identite".into(),
        };
        let m = accepted.clone().render();
        assert!(m.subject.contains("acceptée"));
        let elided = CertifierReviewed {
            organisation_name: "Institut Pasteur".into(),
            ..accepted.clone()
        }
        .render();
        assert!(
            elided.text.contains("certificateur d'Institut Pasteur"),
            "{}",
            elided.text
        );
        assert!(m.text.contains("avec la lettre de consentement"));
        let m = CertifierReviewed {
            accepted: false,
            reason: Some("Absent de la lettre".into()),
            with_consent_letter: false,
            ..accepted
        }
        .render();
        assert!(m.subject.contains("refusée"));
        assert!(m.text.contains("le 26/11/2026 votre désignation comme certificateur de Formapro Conseil\u{a0}: Absent de la lettre"));
    }
}
