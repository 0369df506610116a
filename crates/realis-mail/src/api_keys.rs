//! What the owner of an API key must hear of: its coming expiry.

use chrono::{DateTime, Utc};

use crate::templates::{RenderedMail, finish, paris_date};

/// «Clé d'API bientôt expirée»: sent to the owner seven days before a key expires.
#[derive(Debug, Clone)]
pub struct ApiKeyExpiring {
    pub recipient_name: String,
    /// The name its owner gave the key.
    pub key_name: String,
    /// `rls_` and its first characters, as on the «Développeurs» page.
    pub shown: String,
    pub expires_at: DateTime<Utc>,
    /// The «Développeurs» page, to create its successor.
    pub link: String,
}

impl ApiKeyExpiring {
    pub fn render(&self) -> RenderedMail {
        let paragraphs = vec![
            format!("Bonjour {},", self.recipient_name),
            format!(
                "Votre clé d'API «\u{a0}{}\u{a0}» ({}…) expire le {}. Passé cette date, les logiciels qui l'utilisent recevront une erreur 401.",
                self.key_name,
                self.shown,
                paris_date(self.expires_at)
            ),
            "Créez dès maintenant une nouvelle clé depuis la page «\u{a0}Développeurs\u{a0}», installez-la dans votre logiciel, puis supprimez l'ancienne.".to_owned(),
        ];
        finish(
            "Clé d'API bientôt expirée".to_owned(),
            paragraphs,
            ("Ouvrir «\u{a0}Développeurs\u{a0}»", &self.link),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_key_and_its_expiry_in_french() {
        let m = ApiKeyExpiring {
            recipient_name: "Claire Martin".into(),
            key_name: "ERP <paie>".into(),
            shown: "rls_AbCdEfGh".into(),
            expires_at: "2027-03-03T23:30:00Z".parse().expect("test value"),
            link: "https://realis.example/developpeurs".into(),
        }
        .render();
        assert_eq!(m.subject, "Réalis — Clé d'API bientôt expirée");
        assert!(m.text.contains("Bonjour Claire Martin,"), "{}", m.text);
        assert!(m.text.contains("rls_AbCdEfGh…"), "{}", m.text);
        // 23:30 UTC on 3 March is already 4 March in Paris.
        assert!(m.text.contains("expire le 04/03/2027"), "{}", m.text);
        assert!(!m.html.contains("<paie>"), "HTML escaped: {}", m.html);
    }
}
