//! Certification batches (issue #13): one code for a set of months, and one summary once the set
//! is certified (instead of one e-mail per month).

use chrono::{DateTime, Utc};
use realis_domain::{Hours, Period, fr};

use crate::templates::{RenderedMail, finish, paris_datetime};

/// One month of a batch, as listed in its e-mails.
#[derive(Debug, Clone)]
pub struct BatchLine {
    pub dossier_number: String,
    pub beneficiary: String,
    pub period: Period,
    /// Presence hours (training and internship).
    pub presence: Hours,
    pub absence: Hours,
    /// Once certified: the certificate's public verification code.
    pub verification_code: Option<String>,
}

impl BatchLine {
    fn line(&self) -> String {
        let code = self
            .verification_code
            .as_deref()
            .map(|c| format!(" — code de vérification {c}"))
            .unwrap_or_default();
        format!(
            "• {} ({}), {}\u{a0}: présence {} h, absence {} h{code}",
            self.dossier_number,
            self.beneficiary,
            fr::month(self.period),
            fr::hours(self.presence),
            fr::hours(self.absence)
        )
    }
}

fn totals(lines: &[BatchLine]) -> String {
    let presence = Hours::sum(lines.iter().map(|l| l.presence));
    let absence = Hours::sum(lines.iter().map(|l| l.absence));
    format!(
        "{}\u{a0}: {} h de présence, {} h d'absence au total.",
        fr::count(lines.len() as u64, "mois", "mois"),
        fr::hours(presence),
        fr::hours(absence)
    )
}

/// The code that certifies a whole batch of months at once.
#[derive(Debug, Clone)]
pub struct CertificationBatchCode {
    pub certifier_name: String,
    pub months: Vec<BatchLine>,
    pub code: String,
    pub valid_until: DateTime<Utc>,
    pub link: String,
}

impl CertificationBatchCode {
    pub fn render(&self) -> RenderedMail {
        let mut paragraphs = vec![
            format!("Bonjour {},", self.certifier_name),
            format!(
                "Voici votre code de vérification pour certifier en une fois les heures de {}\u{a0}:",
                fr::count(self.months.len() as u64, "mois", "mois")
            ),
            format!("Code de vérification\u{a0}: {}", self.code),
            format!("Valable jusqu'au {}.", paris_datetime(self.valid_until)),
            totals(&self.months),
        ];
        paragraphs.extend(self.months.iter().map(BatchLine::line));
        paragraphs.push("Ce code approuve uniquement ces certifications, avec ces heures\u{a0}: toute modification d'un de ces mois l'annule. Il ne vous sera jamais demandé pour vous connecter. Si vous n'êtes pas à l'origine de cette demande, ne le communiquez à personne.".to_owned());
        // Never the code itself in the subject: lock screens show subjects.
        finish(
            format!(
                "Code de vérification\u{a0}: certification de {}",
                fr::count(self.months.len() as u64, "mois", "mois")
            ),
            paragraphs,
            ("Ouvrir la saisie du mois", &self.link),
        )
    }
}

/// «Certification effectuée» for a whole batch: each month with its verification code.
#[derive(Debug, Clone)]
pub struct CertificationBatchDone {
    pub certifier_name: String,
    pub months: Vec<BatchLine>,
    pub certified_at: DateTime<Utc>,
    pub link: String,
}

impl CertificationBatchDone {
    pub fn render(&self) -> RenderedMail {
        let mut paragraphs = vec![
            format!("Bonjour {},", self.certifier_name),
            format!(
                "Vous avez certifié le {} les heures de {}. Chaque certificat porte son code de vérification, à contrôler sur la page de vérification de Réalis.",
                paris_datetime(self.certified_at),
                fr::count(self.months.len() as u64, "mois", "mois")
            ),
            totals(&self.months),
        ];
        paragraphs.extend(self.months.iter().map(BatchLine::line));
        finish(
            format!(
                "Certification effectuée\u{a0}: {}",
                fr::count(self.months.len() as u64, "mois", "mois")
            ),
            paragraphs,
            ("Ouvrir la saisie du mois", &self.link),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::{escape_html, paris};

    fn lines(codes: bool) -> Vec<BatchLine> {
        ["Michelle DUBOIS", "Łukasz ŻÓŁĆ"]
            .into_iter()
            .enumerate()
            .map(|(i, b)| BatchLine {
                dossier_number: format!("2026-IDF-000{}", i + 1),
                beneficiary: b.into(),
                period: Period::new(2026, 10).expect("month"),
                presence: Hours::from_whole(140),
                absence: Hours::from_whole(7),
                verification_code: codes.then(|| format!("ABCD-EFGH-JKL{i}")),
            })
            .collect()
    }

    #[test]
    fn the_batch_code_mail_lists_every_month_and_the_total_but_keeps_the_code_out_of_the_subject() {
        let m = CertificationBatchCode {
            certifier_name: "Jean Martin".into(),
            months: lines(false),
            code: "042917".into(),
            valid_until: paris(2026, 11, 26, 10, 40),
            link: "http://x/saisie-du-mois".into(),
        }
        .render();
        for needle in [
            "2\u{a0}mois",
            "2026-IDF-0001",
            "Łukasz ŻÓŁĆ",
            "octobre 2026",
            "280,00 h de présence",
            "14,00 h d'absence",
            "042917",
            "Valable jusqu'au 26/11/2026 à 10:40",
            "toute modification",
        ] {
            assert!(m.text.contains(needle), "{needle} missing");
            assert!(
                m.html.contains(&escape_html(needle)),
                "{needle} missing in HTML"
            );
        }
        assert!(!m.subject.contains("042917"));
    }

    #[test]
    fn the_batch_done_mail_gives_each_verification_code() {
        let m = CertificationBatchDone {
            certifier_name: "Jean Martin".into(),
            months: lines(true),
            certified_at: paris(2026, 11, 26, 10, 35),
            link: "http://x/saisie-du-mois".into(),
        }
        .render();
        assert!(m.subject.contains("Certification effectuée"));
        for needle in ["ABCD-EFGH-JKL0", "ABCD-EFGH-JKL1", "26/11/2026 à 10:35"] {
            assert!(m.text.contains(needle), "{needle} missing");
        }
    }
}
