//! The daily reminder (SPEC F10): one digest per OF user of the months awaiting entry or
//! certification, with the head of the evidence log to keep.

use chrono::{DateTime, Utc};
use realis_domain::{MonthStatus, Period, fr};

use crate::templates::{RenderedMail, finish, paris_datetime};

/// One line of the digest.
#[derive(Debug, Clone)]
pub struct PendingMonth {
    pub dossier_number: String,
    pub beneficiary: String,
    pub period: Period,
    /// The status on the day of the digest.
    pub status: MonthStatus,
}

/// The head of the audit chain, published with the digest: a copy kept outside the server shows
/// later whether the log was cut or rewritten below it.
#[derive(Debug, Clone)]
pub struct EvidenceCheckpoint {
    pub record_id: i64,
    pub hash: String,
    /// Shown in Paris time.
    pub signed_at: DateTime<Utc>,
    /// The public address of the record, which must give the same hash later.
    pub record_url: String,
}

/// «Heures à saisir ou à certifier».
#[derive(Debug, Clone)]
pub struct DailyReminder {
    pub recipient_name: String,
    /// The first months pending (the digest does not list them all).
    pub pending: Vec<PendingMonth>,
    /// How many months are pending in all.
    pub total: u64,
    pub checkpoint: Option<EvidenceCheckpoint>,
    /// The dashboard.
    pub link: String,
}

impl DailyReminder {
    pub fn render(&self) -> RenderedMail {
        let mut paragraphs = vec![
            format!("Bonjour {},", self.recipient_name),
            format!(
                "{} votre saisie ou votre certification\u{a0}:",
                fr::count(self.total, "mois attend", "mois attendent")
            ),
        ];
        paragraphs.extend(self.pending.iter().map(|p| {
            format!(
                "• {} — {} — {}\u{a0}: {}",
                p.dossier_number,
                p.beneficiary,
                p.period.label_fr(),
                p.status.label_fr()
            )
        }));
        let more = usize::try_from(self.total)
            .unwrap_or(0)
            .saturating_sub(self.pending.len());
        if more > 0 {
            paragraphs.push(format!(
                "… et {}, dans «\u{a0}Mes dossiers\u{a0}».",
                fr::count(more as u64, "autre", "autres")
            ));
        }
        paragraphs.extend(self.checkpoint.as_ref().map(|h| {
            format!(
                "Point de contrôle du journal de preuves (à conserver)\u{a0}: enregistrement n° {}, \
                 empreinte {}, signé le {}. Plus tard, {} doit renvoyer \
                 la même empreinte\u{a0}: sinon le journal a été tronqué ou réécrit.",
                h.record_id,
                h.hash,
                paris_datetime(h.signed_at),
                h.record_url
            )
        }));
        finish(
            "Heures à saisir ou à certifier".to_owned(),
            paragraphs,
            ("Ouvrir le tableau de bord", &self.link),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::paris;

    fn month(n: u32, status: MonthStatus) -> PendingMonth {
        PendingMonth {
            dossier_number: format!("2026-IDF-000{n}"),
            beneficiary: "Michelle DUBOIS".into(),
            period: Period::new(2026, n).expect("month"),
            status,
        }
    }

    #[test]
    fn the_digest_lists_the_months_counts_the_rest_and_keeps_the_checkpoint() {
        let m = DailyReminder {
            recipient_name: "Formapro".into(),
            pending: vec![
                month(9, MonthStatus::AwaitingEntry),
                month(1, MonthStatus::AwaitingCertification),
            ],
            total: 4,
            checkpoint: Some(EvidenceCheckpoint {
                record_id: 42,
                hash: "ab12".into(),
                signed_at: paris(2026, 12, 1, 7, 0),
                record_url: "http://x/api/v1/audit/records/42".into(),
            }),
            link: "http://x/tableau-de-bord".into(),
        }
        .render();
        assert_eq!(m.subject, "Réalis — Heures à saisir ou à certifier");
        for needle in [
            "4\u{a0}mois attendent votre saisie ou votre certification\u{a0}:",
            "• 2026-IDF-0009 — Michelle DUBOIS — Septembre 2026\u{a0}: En attente de saisie par l'organisme",
            "• 2026-IDF-0001 — Michelle DUBOIS — Janvier 2026\u{a0}: En attente de certification",
            "… et 2\u{a0}autres, dans «\u{a0}Mes dossiers\u{a0}».",
            "enregistrement n° 42, empreinte ab12, signé le 01/12/2026 à 07:00. Plus tard, http://x/api/v1/audit/records/42 doit renvoyer la même empreinte\u{a0}: sinon",
            "Ouvrir le tableau de bord\u{a0}: http://x/tableau-de-bord",
        ] {
            assert!(m.text.contains(needle), "{needle} missing in {}", m.text);
        }
    }

    #[test]
    fn one_month_is_singular_and_nothing_more_is_announced() {
        let one = DailyReminder {
            recipient_name: "Formapro".into(),
            pending: vec![month(9, MonthStatus::Draft)],
            total: 1,
            checkpoint: None,
            link: "http://x/tableau-de-bord".into(),
        };
        let m = one.render();
        assert!(
            m.text
                .contains("1\u{a0}mois attend votre saisie ou votre certification\u{a0}:"),
            "{}",
            m.text
        );
        assert!(!m.text.contains("… et"));
        assert!(!m.text.contains("Point de contrôle"));
        let m = DailyReminder { total: 2, ..one }.render();
        assert!(m.text.contains("… et 1\u{a0}autre, dans"), "{}", m.text);
    }
}
