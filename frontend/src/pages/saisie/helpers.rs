//! «Répartir 7h tous les jours» and «Charger le calendrier» on the selected months: each month's
//! calendar is read as the grid reads it (`GET /dossiers/{id}/months/{period}`), and the days
//! are computed by the domain's helpers, as in the grid. The months entered in totals have no
//! days (the grid offers no helper there either): they are left to be typed.

use leptos::prelude::*;
use realis_domain::fr;
use realis_domain::grid::Granularity;

use super::rows::Row;
use crate::api;
use crate::errors::UiError;

/// Which helper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Helper {
    SevenHours,
    Calendar,
}

impl Helper {
    pub(super) fn label(self) -> &'static str {
        match self {
            Helper::SevenHours => "Répartir 7h tous les jours",
            Helper::Calendar => "Charger le calendrier",
        }
    }
}

/// Applies `helper` to each row (a day-entered month open for entry); returns what to announce.
pub(super) async fn apply(
    helper: Helper,
    rows: Vec<Row>,
    progress: RwSignal<Option<String>>,
) -> Result<String, UiError> {
    let (days_rows, others): (Vec<Row>, Vec<Row>) = rows
        .into_iter()
        .partition(|r| r.editable() && r.granularity() != Granularity::Month);
    let by_totals = others
        .iter()
        .filter(|r| r.editable() && r.granularity() == Granularity::Month)
        .count();
    let closed = others.len() - by_totals;
    let n = days_rows.len();
    for (done, row) in days_rows.iter().enumerate() {
        progress.set(Some(format!(
            "{}\u{a0}: {} sur {n}…",
            helper.label(),
            done + 1
        )));
        let (id, period) = row
            .item
            .with_untracked(|i| (i.dossier_id, i.period.to_string()));
        let m = api::month(id, period.clone()).await?;
        let calendar = m.calendar();
        // What is on screen: the days a helper already computed, else those saved.
        let current = row.days.get_untracked().unwrap_or_else(|| m.day_hours());
        let days = match helper {
            Helper::SevenHours => calendar.fill_seven_hours(),
            Helper::Calendar => {
                let planned: Vec<_> = api::planned(id, period)
                    .await?
                    .iter()
                    .map(realis_api_types::PlannedDayDto::day)
                    .collect();
                calendar.load_planned_over(&planned, &current)
            }
        };
        if m.version != row.item.with_untracked(|i| i.version) {
            row.refresh(&m);
        }
        row.days.set(Some(days));
        row.outcome.set(None);
    }
    progress.set(None);
    let mut said = format!(
        "{}\u{a0}: {} à enregistrer.",
        helper.label(),
        fr::count(n as u64, "mois calculé", "mois calculés")
    );
    if by_totals > 0 {
        said.push_str(&format!(
            " {} en totaux mensuels\u{a0}: saisissez leurs totaux dans le tableau.",
            fr::count(by_totals as u64, "mois se saisit", "mois se saisissent")
        ));
    }
    if closed > 0 {
        let n = closed as u64;
        said.push_str(&format!(
            " {} {} à la saisie.",
            fr::count(n, "mois", "mois"),
            fr::noun(n, "n'est pas ouvert", "ne sont pas ouverts")
        ));
    }
    Ok(said)
}
