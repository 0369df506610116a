//! French messages, plain text plus HTML.

use realis_domain::{Hours, Period, fr};

/// A message ready to send: subject and both bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
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

fn layout(title: &str, paragraphs: &[String], link: Option<(&str, &str)>) -> String {
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
    /// «01/12/2026 à 09:30», Paris time.
    pub at: String,
    /// «Mot de passe oublié».
    pub link: String,
}

impl LoginFailures {
    pub fn render(&self) -> RenderedMail {
        let paragraphs = vec![
            format!("Bonjour {},", self.display_name),
            format!(
                "{} tentatives de connexion à votre compte Réalis ont échoué, la dernière le {} depuis l'adresse {}. Les connexions depuis d'autres appareils sont ralenties pendant quelques minutes\u{a0}; depuis un appareil que vous avez déjà utilisé, vous pouvez vous connecter normalement.",
                self.attempts, self.at, self.address
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
            at: "01/12/2026 à 09:30".into(),
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

/// «Document contrôlé» / «Document refusé»: the funder reviewed a Kbis or consent letter.
#[derive(Debug, Clone)]
pub struct DocumentReviewed {
    pub organisation_name: String,
    /// "Kbis" or "Lettre de consentement".
    pub document: String,
    pub accepted: bool,
    /// dd/mm/yyyy.
    pub date: String,
    pub reason: Option<String>,
    pub link: String,
}

impl DocumentReviewed {
    pub fn render(&self) -> RenderedMail {
        let (subject, verdict) = if self.accepted {
            (
                format!("{} contrôlé", self.document),
                format!(
                    "Votre Transitions Pro a contrôlé le document «\u{a0}{}\u{a0}» le {}.",
                    self.document, self.date
                ),
            )
        } else {
            (
                format!("{} refusé", self.document),
                format!(
                    "Votre Transitions Pro a refusé le document «\u{a0}{}\u{a0}» le {}\u{a0}: {}",
                    self.document,
                    self.date,
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
    pub valid_until: String,
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
            format!("Valable jusqu'au {}.", self.valid_until),
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
mod certification_tests {
    use super::*;

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
            valid_until: "26/11/2026 à 10:40".into(),
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
                at: "01/12/2026 à 09:30".into(),
                link: "http://x/y".into(),
            }
            .render(),
            DocumentReviewed {
                organisation_name: "Formapro".into(),
                document: "Kbis".into(),
                accepted: false,
                date: "26/11/2026".into(),
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
                date: "26/11/2026".into(),
                covered_by_letter: true,
                link: "http://x/y".into(),
            }
            .render(),
            crate::CertifierReviewed {
                designee_name: "Paul Martin".into(),
                organisation_name: "Institut Pasteur".into(),
                accepted: false,
                date: "26/11/2026".into(),
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
                valid_until: "26/11/2026 à 10:40".into(),
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
                certified_at: "26/11/2026 à 10:40".into(),
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
                    signed_at: "01/12/2026 à 07:00".into(),
                    record_url: "http://x/api/v1/audit/records/42".into(),
                }),
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
}
