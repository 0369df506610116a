//! What the owner of a webhook subscription must hear of: its endpoint disabled.

use crate::templates::{RenderedMail, finish};

/// Why the platform disabled a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookDisabledBecause {
    /// The receiver answered 410 Gone.
    Gone,
    /// Every delivery failed for five days.
    Failing,
}

/// «Webhook désactivé»: the platform stopped delivering to an endpoint; sent to its owner.
#[derive(Debug, Clone)]
pub struct WebhookDisabled {
    pub recipient_name: String,
    pub url: String,
    pub because: WebhookDisabledBecause,
    /// The «Développeurs» page, to enable it again.
    pub link: String,
}

impl WebhookDisabled {
    pub fn render(&self) -> RenderedMail {
        let why = match self.because {
            WebhookDisabledBecause::Gone => {
                "le serveur qui les reçoit a répondu 410 (Gone), c'est-à-dire qu'il ne veut plus les recevoir".to_owned()
            }
            WebhookDisabledBecause::Failing => {
                "toutes les tentatives de livraison échouent depuis cinq jours".to_owned()
            }
        };
        let paragraphs = vec![
            format!("Bonjour {},", self.recipient_name),
            format!(
                "Réalis n'envoie plus les événements à l'adresse {}\u{a0}: {}.",
                self.url, why
            ),
            "Les événements restent consultables dans le journal (GET /api/v1/events) pendant 30 jours. Une fois le serveur réparé, réactivez le webhook depuis la page «\u{a0}Développeurs\u{a0}» et relancez les livraisons échouées.".to_owned(),
        ];
        finish(
            "Webhook désactivé".to_owned(),
            paragraphs,
            ("Ouvrir «\u{a0}Développeurs\u{a0}»", &self.link),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_which_address_and_why_in_french() {
        let m = WebhookDisabled {
            recipient_name: "Claire Martin".into(),
            url: "https://erp.example.fr/hooks".into(),
            because: WebhookDisabledBecause::Failing,
            link: "https://realis.example/developpeurs".into(),
        }
        .render();
        assert_eq!(m.subject, "Réalis — Webhook désactivé");
        assert!(m.text.contains("Bonjour Claire Martin,"), "{}", m.text);
        assert!(m.text.contains("https://erp.example.fr/hooks"));
        assert!(m.text.contains("échouent depuis cinq jours"));
        assert!(m.text.contains("Développeurs"));
        let gone = WebhookDisabled {
            because: WebhookDisabledBecause::Gone,
            url: "https://a.example/<b>".into(),
            ..WebhookDisabled {
                recipient_name: "X".into(),
                url: String::new(),
                because: WebhookDisabledBecause::Failing,
                link: "https://r/".into(),
            }
        }
        .render();
        assert!(gone.text.contains("410"));
        assert!(!gone.html.contains("<b>"), "HTML escaped: {}", gone.html);
    }
}
