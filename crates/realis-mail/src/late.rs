//! «Relancer les organismes en retard»: the funder agent's reminder to an OF of the months of a
//! period still awaiting entry or certification once the period is over, each with its link.

use realis_domain::{MonthStatus, Period, fr};

use crate::templates::{RenderedMail, finish};

/// At most this many months are listed; the rest are counted.
pub const LATE_MONTHS_LISTED: usize = 100;

/// One late month of the reminder.
#[derive(Debug, Clone)]
pub struct LateMonth {
    pub dossier_number: String,
    pub beneficiary: String,
    /// The status on the day of the reminder.
    pub status: MonthStatus,
    /// The month's page.
    pub link: String,
}

/// «Certificats de réalisation en retard : octobre 2026», to the OF's address.
#[derive(Debug, Clone)]
pub struct LateMonthsReminder {
    pub organisation_name: String,
    /// Who reminds: the Transitions Pro.
    pub funder_name: String,
    pub period: Period,
    /// Every late month of the OF for the period (the first [`LATE_MONTHS_LISTED`] are listed).
    pub months: Vec<LateMonth>,
    /// The dashboard.
    pub link: String,
}

impl LateMonthsReminder {
    pub fn render(&self) -> RenderedMail {
        let month = fr::month(self.period);
        let n = self.months.len() as u64;
        let which = match n {
            1 => "du dossier suivant".to_owned(),
            n => format!("des {} suivants", fr::count(n, "dossier", "dossiers")),
        };
        let mut paragraphs = vec![
            format!("Bonjour {},", self.organisation_name),
            format!(
                "{} vous rappelle que le mois {} est terminé et que les heures {which} n'ont pas \
                 encore été saisies ou certifiées\u{a0}:",
                self.funder_name,
                fr::of_month(self.period),
            ),
        ];
        paragraphs.extend(self.months.iter().take(LATE_MONTHS_LISTED).map(|m| {
            format!(
                "• {} — {} — {}\u{a0}: {}",
                m.dossier_number,
                m.beneficiary,
                m.status.label_fr(),
                m.link
            )
        }));
        let more = self.months.len().saturating_sub(LATE_MONTHS_LISTED) as u64;
        if more > 0 {
            paragraphs.push(format!(
                "… et {}, dans «\u{a0}Mes dossiers\u{a0}».",
                fr::count(more, "autre", "autres")
            ));
        }
        paragraphs.push(
            "Merci de saisir et de certifier ces heures dès que possible\u{a0}: elles conditionnent \
             la prise en charge."
                .to_owned(),
        );
        finish(
            format!("Certificats de réalisation en retard\u{a0}: {month}"),
            paragraphs,
            ("Ouvrir le tableau de bord", &self.link),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn late(i: usize, status: MonthStatus) -> LateMonth {
        LateMonth {
            dossier_number: format!("2026-IDF-{i:06}"),
            beneficiary: "Michelle DUBOIS".into(),
            status,
            link: format!("http://x/dossiers/{i}/mois/2026-10"),
        }
    }

    fn reminder(months: Vec<LateMonth>) -> RenderedMail {
        LateMonthsReminder {
            organisation_name: "Formapro Conseil".into(),
            funder_name: "Transitions Pro Île-de-France".into(),
            period: Period::new(2026, 10).expect("period"),
            months,
            link: "http://x/tableau-de-bord".into(),
        }
        .render()
    }

    #[test]
    fn the_reminder_lists_each_late_month_with_its_link() {
        let m = reminder(vec![
            late(101, MonthStatus::AwaitingEntry),
            late(102, MonthStatus::AwaitingCertification),
        ]);
        assert_eq!(
            m.subject,
            "Réalis — Certificats de réalisation en retard\u{a0}: octobre 2026"
        );
        for needle in [
            "Bonjour Formapro Conseil,",
            "Transitions Pro Île-de-France vous rappelle que le mois d'octobre 2026 est terminé et que les heures des 2\u{a0}dossiers suivants n'ont pas encore été saisies ou certifiées\u{a0}:",
            "• 2026-IDF-000101 — Michelle DUBOIS — En attente de saisie par l'organisme\u{a0}: http://x/dossiers/101/mois/2026-10",
            "• 2026-IDF-000102 — Michelle DUBOIS — En attente de certification\u{a0}: http://x/dossiers/102/mois/2026-10",
            "Ouvrir le tableau de bord\u{a0}: http://x/tableau-de-bord",
        ] {
            assert!(m.text.contains(needle), "{needle} missing in {}", m.text);
        }
        assert!(m.html.contains("http://x/dossiers/102/mois/2026-10"));
        assert!(m.html.contains("Île-de-France"));
        assert!(!m.text.contains("autres"));
    }

    #[test]
    fn one_month_is_singular_and_a_long_list_is_cut() {
        let one = reminder(vec![late(7, MonthStatus::Draft)]);
        assert!(
            one.text
                .contains("les heures du dossier suivant n'ont pas encore"),
            "{}",
            one.text
        );
        let many = reminder(
            (0..LATE_MONTHS_LISTED + 3)
                .map(|i| late(i, MonthStatus::AwaitingEntry))
                .collect(),
        );
        assert_eq!(many.text.matches("• ").count(), LATE_MONTHS_LISTED);
        assert!(
            many.text
                .contains("les heures des 103\u{a0}dossiers suivants")
        );
        assert!(
            many.text
                .contains("… et 3\u{a0}autres, dans «\u{a0}Mes dossiers\u{a0}»."),
            "{}",
            many.text
        );
    }
}
