//! «Mes échanges»: the other side is told a message arrived. Never the message itself (it may
//! hold personal data and e-mail is not where the discussion lives), only who wrote, about what
//! dossier, and a link.

use crate::templates::{RenderedMail, finish};

/// «Nouveau message dans Mes échanges».
#[derive(Debug, Clone)]
pub struct MessageReceived {
    pub recipient_name: String,
    /// The organisation or funder the message comes from.
    pub from: String,
    /// The thread's dossier number, when it is about one.
    pub dossier_number: Option<String>,
    /// Whether the message is the first of a new thread.
    pub new_thread: bool,
    pub link: String,
}

impl MessageReceived {
    pub fn render(&self) -> RenderedMail {
        let about = self
            .dossier_number
            .as_ref()
            .map(|n| format!(" au sujet du dossier {n}"))
            .unwrap_or_default();
        let what = if self.new_thread {
            "a ouvert un nouvel échange"
        } else {
            "vous a écrit"
        };
        let paragraphs = vec![
            format!("Bonjour {},", self.recipient_name),
            format!(
                "{} {what}{about} dans «\u{a0}Mes échanges\u{a0}».",
                self.from
            ),
            "Pour lire le message et y répondre, connectez-vous à Réalis.".to_owned(),
        ];
        finish(
            format!("Nouveau message de {}", self.from),
            paragraphs,
            ("Lire le message", &self.link),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_names_the_sender_and_the_dossier_never_the_body() {
        let m = MessageReceived {
            recipient_name: "Łukasz Żółć".into(),
            from: "Transitions Pro <Île-de-France>".into(),
            dossier_number: Some("D-1".into()),
            new_thread: true,
            link: "http://x/echanges/3".into(),
        }
        .render();
        assert_eq!(
            m.subject,
            "Réalis — Nouveau message de Transitions Pro <Île-de-France>"
        );
        assert!(m.text.contains("Bonjour Łukasz Żółć,"));
        assert!(
            m.text
                .contains("a ouvert un nouvel échange au sujet du dossier D-1")
        );
        assert!(m.text.contains("http://x/echanges/3"));
        assert!(m.html.contains("Transitions Pro &lt;Île-de-France&gt;"));
        assert!(!m.html.contains("<Île"));
    }
}
