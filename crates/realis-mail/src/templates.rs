//! The layout every message shares (plain text plus HTML, the «Réalis — » subject, the
//! footer), and the account messages: invitation, password reset, login alert.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Paris;

/// A message ready to send: subject and both bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// An instant as a Paris date, «26/11/2026».
pub fn paris_date(t: DateTime<Utc>) -> String {
    t.with_timezone(&Paris).format("%d/%m/%Y").to_string()
}

/// An instant in Paris time, «26/11/2026 à 10:42».
pub fn paris_datetime(t: DateTime<Utc>) -> String {
    t.with_timezone(&Paris)
        .format("%d/%m/%Y à %H:%M")
        .to_string()
}

/// For tests: an instant given in Paris time.
#[cfg(test)]
pub(crate) fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    use chrono::TimeZone;
    Paris
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a Paris time")
        .with_timezone(&Utc)
}

/// Escapes text for HTML bodies.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn layout(title: &str, paragraphs: &[String], link: Option<(&str, &str)>) -> String {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!("<p>{}</p>\n", escape_html(p)));
    }
    if let Some((label, url)) = link {
        body.push_str(&format!(
            "<p><a href=\"{}\" style=\"background:#1d4e89;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px\">{}</a></p>\n<p style=\"font-size:12px;color:#555\">{}</p>\n",
            escape_html(url),
            escape_html(label),
            escape_html(url)
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222\">\n<h2 style=\"color:#1d4e89\">Réalis — Transitions Pro</h2>\n{}<p style=\"font-size:12px;color:#555\">Ce message a été envoyé automatiquement par Réalis\u{a0}; merci de ne pas y répondre.</p>\n</body></html>\n",
        escape_html(title),
        body
    )
}

pub(crate) fn finish(subject: String, paragraphs: Vec<String>, link: (&str, &str)) -> RenderedMail {
    let text = format!(
        "{}\n\n{}\u{a0}: {}\n\nCe message a été envoyé automatiquement par Réalis\u{a0}; merci de ne pas y répondre.\n",
        paragraphs.join("\n\n"),
        link.0,
        link.1
    );
    let html = layout(&subject, &paragraphs, Some(link));
    RenderedMail {
        subject: format!("Réalis — {subject}"),
        text,
        html,
    }
}

/// «Votre compte en ligne est désormais disponible»: login and a single-use set-password link.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub display_name: String,
    pub identifier: String,
    pub email: String,
    /// Link to choose the password (valid 72 h).
    pub link: String,
    /// Who invited: the funder or organisation name.
    pub inviter: String,
}

impl Invitation {
    pub fn render(&self) -> RenderedMail {
        let subject = "Votre compte Réalis est disponible".to_owned();
        let paragraphs = vec![
            format!("Bonjour {},", self.display_name),
            format!("Votre compte en ligne est désormais disponible ({}).", self.inviter),
            format!(
                "Vos identifiants pour la connexion\u{a0}: identifiant «\u{a0}{}\u{a0}» ou adresse e-mail «\u{a0}{}\u{a0}».",
                self.identifier, self.email
            ),
            "Pour choisir votre mot de passe, utilisez le lien ci-dessous. Il est valable 72 heures et ne peut servir qu'une fois.".to_owned(),
        ];
        let text = format!(
            "{}\n\nChoisir mon mot de passe\u{a0}: {}\n\nCe message a été envoyé automatiquement par Réalis\u{a0}; merci de ne pas y répondre.\n",
            paragraphs.join("\n\n"),
            self.link
        );
        let html = layout(
            &subject,
            &paragraphs,
            Some(("Choisir mon mot de passe", &self.link)),
        );
        RenderedMail {
            subject,
            text,
            html,
        }
    }
}

/// «Mot de passe oublié»: a single-use reset link valid one hour.
#[derive(Debug, Clone)]
pub struct PasswordReset {
    pub display_name: String,
    pub link: String,
}

impl PasswordReset {
    pub fn render(&self) -> RenderedMail {
        let subject = "Réinitialisation de votre mot de passe Réalis".to_owned();
        let paragraphs = vec![
            format!("Bonjour {},", self.display_name),
            "Vous avez demandé à réinitialiser votre mot de passe. Utilisez le lien ci-dessous\u{a0}: il est valable une heure et ne peut servir qu'une fois.".to_owned(),
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message\u{a0}: votre mot de passe actuel reste valable.".to_owned(),
        ];
        let text = format!(
            "{}\n\nRéinitialiser mon mot de passe\u{a0}: {}\n\nCe message a été envoyé automatiquement par Réalis\u{a0}; merci de ne pas y répondre.\n",
            paragraphs.join("\n\n"),
            self.link
        );
        let html = layout(
            &subject,
            &paragraphs,
            Some(("Réinitialiser mon mot de passe", &self.link)),
        );
        RenderedMail {
            subject,
            text,
            html,
        }
    }
}

/// «Tentatives de connexion à votre compte»: the attempts on an account reached the limit.
#[derive(Debug, Clone)]
pub struct LoginFailures {
    pub display_name: String,
    pub attempts: i32,
    /// The address of the last attempt.
    pub address: String,
    /// The last attempt, shown in Paris time.
    pub at: DateTime<Utc>,
    /// «Mot de passe oublié».
    pub link: String,
}

impl LoginFailures {
    pub fn render(&self) -> RenderedMail {
        let paragraphs = vec![
            format!("Bonjour {},", self.display_name),
            format!(
                "{} tentatives de connexion à votre compte Réalis ont échoué, la dernière le {} depuis l'adresse {}. Les connexions depuis d'autres appareils sont ralenties pendant quelques minutes\u{a0}; depuis un appareil que vous avez déjà utilisé, vous pouvez vous connecter normalement.",
                self.attempts,
                paris_datetime(self.at),
                self.address
            ),
            "Si c'était vous, rien à faire. Sinon, quelqu'un essaie peut-être de deviner votre mot de passe\u{a0}: choisissez-en un nouveau, long et que vous n'utilisez nulle part ailleurs.".to_owned(),
        ];
        finish(
            "Tentatives de connexion à votre compte".to_owned(),
            paragraphs,
            ("Changer mon mot de passe", &self.link),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_alert_says_how_many_attempts_from_where_and_what_to_do() {
        let m = LoginFailures {
            display_name: "Michelle Dubois".into(),
            attempts: 5,
            address: "203.0.113.7".into(),
            at: paris(2026, 12, 1, 9, 30),
            link: "http://127.0.0.1:8080/mot-de-passe-oublie".into(),
        }
        .render();
        assert_eq!(m.subject, "Réalis — Tentatives de connexion à votre compte");
        assert!(m.text.contains("5 tentatives de connexion"), "{}", m.text);
        assert!(m.text.contains("203.0.113.7") && m.text.contains("01/12/2026 à 09:30"));
        assert!(m.html.contains("/mot-de-passe-oublie"));
    }

    #[test]
    fn the_invitation_names_the_login_and_the_link() {
        let m = Invitation {
            display_name: "Michelle <Dubois>".into(),
            identifier: "mdubois".into(),
            email: "michelle.dubois@realis.test".into(),
            link: "http://127.0.0.1:8080/mot-de-passe?token=abc&x=1".into(),
            inviter: "Transitions Pro Île-de-France".into(),
        }
        .render();
        assert!(m.text.contains("mdubois"));
        assert!(
            m.text
                .contains("http://127.0.0.1:8080/mot-de-passe?token=abc&x=1")
        );
        assert!(
            m.html.contains("Michelle &lt;Dubois&gt;"),
            "HTML is escaped"
        );
        assert!(m.html.contains("token=abc&amp;x=1"));
        assert!(m.text.contains("72 heures"));
    }

    #[test]
    fn the_reset_mail_is_french_and_says_one_hour() {
        let m = PasswordReset {
            display_name: "Agent".into(),
            link: "http://x/y".into(),
        }
        .render();
        assert!(m.subject.contains("mot de passe"));
        assert!(m.text.contains("une heure"));
    }
}
