//! Changes to an account or an organisation that their people must hear of: a password changed
//! from «Mon compte», a SIRET corrected by the funder.

use chrono::{DateTime, Utc};
use realis_domain::fr;

use crate::templates::{RenderedMail, finish, paris_date, paris_datetime};

/// «Votre mot de passe a été modifié»: sent after a change from «Mon compte», so that a change
/// the person did not make is noticed. It never carries the password.
#[derive(Debug, Clone)]
pub struct PasswordChanged {
    pub display_name: String,
    /// Shown in Paris time.
    pub at: DateTime<Utc>,
    /// «Mot de passe oublié», to take the account back.
    pub link: String,
}

impl PasswordChanged {
    pub fn render(&self) -> RenderedMail {
        let paragraphs = vec![
            format!("Bonjour {},", self.display_name),
            format!(
                "Le mot de passe de votre compte Réalis a été modifié le {} depuis «\u{a0}Mon compte\u{a0}». Vos autres sessions ont été fermées.",
                paris_datetime(self.at)
            ),
            "Si vous n'êtes pas à l'origine de ce changement, choisissez sans attendre un nouveau mot de passe avec «\u{a0}Mot de passe oublié\u{a0}» et prévenez votre Transitions Pro.".to_owned(),
        ];
        finish(
            "Votre mot de passe a été modifié".to_owned(),
            paragraphs,
            ("Mot de passe oublié", &self.link),
        )
    }
}

/// «Numéro de SIRET corrigé»: the funder corrected the organisation's SIRET; sent to each of
/// its users, with the reason.
#[derive(Debug, Clone)]
pub struct SiretCorrected {
    pub recipient_name: String,
    pub organisation_name: String,
    pub funder_name: String,
    /// 14 digits each.
    pub before: String,
    pub after: String,
    pub reason: String,
    /// Shown as a Paris date.
    pub date: DateTime<Utc>,
    pub link: String,
}

impl SiretCorrected {
    pub fn render(&self) -> RenderedMail {
        let paragraphs = vec![
            format!("Bonjour {},", self.recipient_name),
            format!(
                "{} a corrigé le {} le numéro de SIRET {}\u{a0}: {} au lieu de {}.",
                self.funder_name,
                paris_date(self.date),
                fr::de(&self.organisation_name),
                fr::siret(&self.after),
                fr::siret(&self.before)
            ),
            format!("Motif\u{a0}: {}", self.reason),
            "Les certificats de réalisation porteront désormais ce numéro. S'il n'est pas exact, contactez votre Transitions Pro.".to_owned(),
        ];
        finish(
            "Numéro de SIRET corrigé".to_owned(),
            paragraphs,
            ("Ouvrir «\u{a0}Votre identité\u{a0}»", &self.link),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::paris;

    #[test]
    fn the_password_notice_says_when_and_how_to_take_the_account_back_without_any_password() {
        let m = PasswordChanged {
            display_name: "Sophie Bernard".into(),
            at: paris(2026, 11, 26, 10, 42),
            link: "http://x/mot-de-passe-oublie".into(),
        }
        .render();
        assert_eq!(m.subject, "Réalis — Votre mot de passe a été modifié");
        assert!(m.text.starts_with("Bonjour Sophie Bernard,"), "{}", m.text);
        assert!(
            m.text.contains("a été modifié le 26/11/2026 à 10:42"),
            "{}",
            m.text
        );
        assert!(
            m.text
                .contains("Mot de passe oublié\u{a0}: http://x/mot-de-passe-oublie")
        );
        assert!(!m.text.to_lowercase().contains("nouveau mot de passe est"));
    }

    #[test]
    fn the_siret_notice_gives_both_numbers_spaced_and_the_reason() {
        let m = SiretCorrected {
            recipient_name: "Sophie Bernard".into(),
            organisation_name: "Institut Pasteur".into(),
            funder_name: "Transitions Pro Île-de-France".into(),
            before: "35600000049837".into(),
            after: "73282932000074".into(),
            reason: "Erreur de saisie à la création".into(),
            date: paris(2026, 11, 26, 12, 0),
            link: "http://x/identite".into(),
        }
        .render();
        assert_eq!(m.subject, "Réalis — Numéro de SIRET corrigé");
        assert!(
            m.text.contains(
                "le numéro de SIRET d'Institut Pasteur\u{a0}: 732\u{a0}829\u{a0}320\u{a0}00074 au lieu de 356\u{a0}000\u{a0}000\u{a0}49837."
            ),
            "{}",
            m.text
        );
        assert!(
            m.text
                .contains("Motif\u{a0}: Erreur de saisie à la création")
        );
        assert!(m.html.contains("Erreur de saisie"));
    }
}
