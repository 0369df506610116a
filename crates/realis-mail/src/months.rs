//! What happened to a month, told to the next actor: the certification done (to the certifier),
//! the hours contested, the month reopened, closed or locked by a settlement (to the OF).

use chrono::{DateTime, Utc};
use realis_domain::followup::Validator;
use realis_domain::{Hours, Period, fr};

use crate::templates::{RenderedMail, finish, paris_datetime};

/// A month notice: «Bonjour …», the sentences and the button to the month, under the subject
/// «{title} : {dossier} {month}».
fn month_notice(
    title: &str,
    recipient_name: &str,
    dossier_number: &str,
    period: Period,
    sentences: Vec<String>,
    link: &str,
) -> RenderedMail {
    let mut paragraphs = vec![format!("Bonjour {recipient_name},")];
    paragraphs.extend(sentences);
    finish(
        format!("{title}\u{a0}: {dossier_number} {}", fr::month(period)),
        paragraphs,
        ("Ouvrir le mois", link),
    )
}

/// «Certification effectuée»: to the certifier, with the certificate's verification code.
#[derive(Debug, Clone)]
pub struct CertificationDone {
    pub certifier_name: String,
    pub dossier_number: String,
    pub beneficiary: String,
    pub period: Period,
    /// Presence hours (training and internship).
    pub presence: Hours,
    pub absence: Hours,
    /// Shown in Paris time.
    pub certified_at: DateTime<Utc>,
    /// The code printed on the certificate, to check it online.
    pub verification_code: String,
    pub link: String,
}

impl CertificationDone {
    pub fn render(&self) -> RenderedMail {
        month_notice(
            "Certification effectuée",
            &self.certifier_name,
            &self.dossier_number,
            self.period,
            vec![
                format!(
                    "Vous avez certifié le {} les heures {} de {} (dossier {})\u{a0}: {} de présence en formation et en stage, {} d'absence.",
                    paris_datetime(self.certified_at),
                    fr::of_month(self.period),
                    self.beneficiary,
                    self.dossier_number,
                    fr::hours_with_unit(self.presence),
                    fr::hours_with_unit(self.absence)
                ),
                format!(
                    "Code de vérification du certificat\u{a0}: {}",
                    self.verification_code
                ),
            ],
            &self.link,
        )
    }
}

/// «Heures contestées»: the beneficiary or the employer contested the certified hours.
#[derive(Debug, Clone)]
pub struct HoursContested {
    pub recipient_name: String,
    pub dossier_number: String,
    pub beneficiary: String,
    pub period: Period,
    pub by: Validator,
    /// The name of the person who contested.
    pub contested_by: String,
    pub comment: String,
    pub link: String,
}

impl HoursContested {
    pub fn render(&self) -> RenderedMail {
        let by = match self.by {
            Validator::Beneficiary => "le bénéficiaire",
            Validator::Employer => "l'employeur",
        };
        month_notice(
            "Heures contestées",
            &self.recipient_name,
            &self.dossier_number,
            self.period,
            vec![
                format!(
                    "Les heures {} ({}, dossier {}) ont été contestées par {} ({})\u{a0}:",
                    fr::of_month(self.period),
                    self.beneficiary,
                    self.dossier_number,
                    by,
                    self.contested_by
                ),
                fr::quoted(&self.comment),
                "Corrigez la saisie si nécessaire puis certifiez à nouveau le mois.".to_owned(),
            ],
            &self.link,
        )
    }
}

/// «Mois rouvert»: the funder reopened the entry; the previous certificate is superseded.
#[derive(Debug, Clone)]
pub struct MonthReopened {
    pub recipient_name: String,
    pub dossier_number: String,
    pub beneficiary: String,
    pub period: Period,
    pub reason: String,
    pub link: String,
}

impl MonthReopened {
    pub fn render(&self) -> RenderedMail {
        month_notice(
            "Mois rouvert",
            &self.recipient_name,
            &self.dossier_number,
            self.period,
            vec![format!(
                "Votre Transitions Pro a rouvert la saisie {} ({}, dossier {})\u{a0}: {}. Le certificat précédent est remplacé\u{a0}; corrigez la saisie puis certifiez à nouveau.",
                fr::of_month(self.period),
                self.beneficiary,
                self.dossier_number,
                self.reason
            )],
            &self.link,
        )
    }
}

/// «Mois clos»: the funder closed the entry.
#[derive(Debug, Clone)]
pub struct MonthClosed {
    pub recipient_name: String,
    pub dossier_number: String,
    pub beneficiary: String,
    pub period: Period,
    pub link: String,
}

impl MonthClosed {
    pub fn render(&self) -> RenderedMail {
        month_notice(
            "Mois clos",
            &self.recipient_name,
            &self.dossier_number,
            self.period,
            vec![format!(
                "Votre Transitions Pro a clos la saisie {} ({}, dossier {})\u{a0}: la saisie n'est plus disponible.",
                fr::of_month(self.period),
                self.beneficiary,
                self.dossier_number
            )],
            &self.link,
        )
    }
}

/// «Saisie fermée»: a settlement was recorded for the month, which locks its entry.
#[derive(Debug, Clone)]
pub struct MonthLockedByPayment {
    pub recipient_name: String,
    pub dossier_number: String,
    pub beneficiary: String,
    pub period: Period,
    pub link: String,
}

impl MonthLockedByPayment {
    pub fn render(&self) -> RenderedMail {
        month_notice(
            "Saisie fermée",
            &self.recipient_name,
            &self.dossier_number,
            self.period,
            vec![format!(
                "Un règlement a été enregistré pour {} ({}, dossier {})\u{a0}: la saisie n'est plus disponible car des règlements ont été faits dans la période.",
                fr::month(self.period),
                self.beneficiary,
                self.dossier_number
            )],
            &self.link,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::{escape_html, paris};

    fn october() -> Period {
        Period::new(2026, 10).expect("month")
    }

    #[test]
    fn the_certification_done_mail_gives_totals_and_the_verification_code() {
        let m = CertificationDone {
            certifier_name: "Jean <Martin>".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october(),
            presence: Hours::from_hundredths(14_750),
            absence: Hours::from_whole(1),
            certified_at: paris(2026, 11, 26, 10, 40),
            verification_code: "7K2M-9QXA".into(),
            link: "http://x/dossiers/1/mois/2026-10".into(),
        }
        .render();
        assert_eq!(
            m.subject,
            "Réalis — Certification effectuée\u{a0}: 2026-IDF-0001 octobre 2026"
        );
        let sentence = "Vous avez certifié le 26/11/2026 à 10:40 les heures d'octobre 2026 de Michelle DUBOIS (dossier 2026-IDF-0001)\u{a0}: 147,50\u{a0}heures de présence en formation et en stage, 1,00\u{a0}heure d'absence.";
        assert!(m.text.contains(sentence), "{}", m.text);
        assert!(m.html.contains(&escape_html(sentence)));
        assert!(
            m.text
                .contains("Code de vérification du certificat\u{a0}: 7K2M-9QXA")
        );
        assert!(
            m.text
                .contains("Ouvrir le mois\u{a0}: http://x/dossiers/1/mois/2026-10")
        );
        assert!(m.html.contains("Jean &lt;Martin&gt;"), "HTML is escaped");
    }

    #[test]
    fn the_contest_mail_says_who_contested_and_quotes_the_comment() {
        let base = HoursContested {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october(),
            by: Validator::Employer,
            contested_by: "Paul Martin".into(),
            comment: "Le 12 était férié".into(),
            link: "http://x/y".into(),
        };
        let m = base.clone().render();
        assert_eq!(
            m.subject,
            "Réalis — Heures contestées\u{a0}: 2026-IDF-0001 octobre 2026"
        );
        assert!(
            m.text.contains("Les heures d'octobre 2026 (Michelle DUBOIS, dossier 2026-IDF-0001) ont été contestées par l'employeur (Paul Martin)\u{a0}:"),
            "{}",
            m.text
        );
        assert!(m.text.contains("«\u{a0}Le 12 était férié\u{a0}»"));
        assert!(m.text.contains("certifiez à nouveau le mois."));
        let m = HoursContested {
            by: Validator::Beneficiary,
            period: Period::new(2026, 11).expect("month"),
            ..base
        }
        .render();
        assert!(
            m.text
                .contains("Les heures de novembre 2026 (Michelle DUBOIS, dossier 2026-IDF-0001) ont été contestées par le bénéficiaire (Paul Martin)"),
            "{}",
            m.text
        );
    }

    #[test]
    fn the_reopen_and_close_mails_name_the_month_and_the_reason() {
        let reopened = MonthReopened {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october(),
            reason: "Erreur de saisie le 12".into(),
            link: "http://x/y".into(),
        }
        .render();
        assert_eq!(
            reopened.subject,
            "Réalis — Mois rouvert\u{a0}: 2026-IDF-0001 octobre 2026"
        );
        assert!(
            reopened.text.contains("Votre Transitions Pro a rouvert la saisie d'octobre 2026 (Michelle DUBOIS, dossier 2026-IDF-0001)\u{a0}: Erreur de saisie le 12. Le certificat précédent est remplacé\u{a0}; corrigez la saisie puis certifiez à nouveau."),
            "{}",
            reopened.text
        );
        let closed = MonthClosed {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: Period::new(2026, 11).expect("month"),
            link: "http://x/y".into(),
        }
        .render();
        assert_eq!(
            closed.subject,
            "Réalis — Mois clos\u{a0}: 2026-IDF-0001 novembre 2026"
        );
        assert!(
            closed.text.contains("Votre Transitions Pro a clos la saisie de novembre 2026 (Michelle DUBOIS, dossier 2026-IDF-0001)\u{a0}: la saisie n'est plus disponible."),
            "{}",
            closed.text
        );
    }

    #[test]
    fn the_settlement_mail_says_the_entry_is_closed() {
        let m = MonthLockedByPayment {
            recipient_name: "Formapro".into(),
            dossier_number: "2026-IDF-0001".into(),
            beneficiary: "Michelle DUBOIS".into(),
            period: october(),
            link: "http://x/y".into(),
        }
        .render();
        assert_eq!(
            m.subject,
            "Réalis — Saisie fermée\u{a0}: 2026-IDF-0001 octobre 2026"
        );
        assert!(
            m.text.contains("Un règlement a été enregistré pour octobre 2026 (Michelle DUBOIS, dossier 2026-IDF-0001)\u{a0}: la saisie n'est plus disponible car des règlements ont été faits dans la période."),
            "{}",
            m.text
        );
    }
}
