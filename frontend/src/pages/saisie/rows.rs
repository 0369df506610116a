//! One month of the «Saisie du mois»: what the server holds, what is typed or computed on it,
//! and what the last batch answered for it.

use leptos::prelude::*;
use realis_api_types::{
    BatchItemResult, DayInput, HoursBatchItem, MonthListItem, PrepareBatchItem, TotalsDto,
    TotalsInput,
};
use realis_domain::grid::{DayHours, Granularity, totals_of};
use realis_domain::{Hours, MonthAction};

use crate::errors::UiError;
use crate::format::{hours_of, shown};

/// What the last batch said of a row.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Outcome {
    Saved,
    Prepared,
    /// Refused: the French reason.
    Refused(String),
}

/// A month of the table. Copy: every field is a signal.
#[derive(Clone, Copy)]
pub(super) struct Row {
    /// The month as the server last answered it.
    pub(super) item: RwSignal<MonthListItem>,
    pub(super) selected: RwSignal<bool>,
    /// In `month` granularity: «Formation», «Stage», «Absence» as typed.
    pub(super) cells: [RwSignal<String>; 3],
    /// In `day` and `half_day` granularity: the days a helper computed, not saved yet.
    pub(super) days: RwSignal<Option<Vec<DayHours>>>,
    pub(super) outcome: RwSignal<Option<Outcome>>,
}

fn cells_of(t: &TotalsDto) -> [String; 3] {
    [t.training, t.internship, t.absence].map(shown)
}

impl Row {
    pub(super) fn new(item: MonthListItem) -> Row {
        let cells = cells_of(&item.totals).map(RwSignal::new);
        Row {
            item: RwSignal::new(item),
            selected: RwSignal::new(false),
            cells,
            days: RwSignal::new(None),
            outcome: RwSignal::new(None),
        }
    }

    /// The month's key in the batches and the table.
    pub(super) fn id(&self) -> i64 {
        self.item.with_untracked(|i| i.dossier_id)
    }

    pub(super) fn granularity(&self) -> Granularity {
        self.item.with(|i| i.granularity)
    }

    /// Its hours may be saved now (the domain's status rule).
    pub(super) fn editable(&self) -> bool {
        self.item.with(|i| i.status.hours_editable())
    }

    /// Its three totals are typed in the table.
    pub(super) fn inline(&self) -> bool {
        self.editable() && self.granularity() == Granularity::Month
    }

    /// «Je certifie la saisie des heures» applies to it now (the domain's status machine).
    pub(super) fn preparable(&self) -> bool {
        self.item
            .with(|i| i.status.apply(MonthAction::Prepare).is_ok())
    }

    /// A typed cell that does not read as hours.
    pub(super) fn invalid(&self) -> bool {
        self.inline() && self.cells.iter().any(|c| c.with(|t| hours_of(t).is_err()))
    }

    /// What is shown differs from what the server holds.
    pub(super) fn dirty(&self) -> bool {
        if !self.editable() {
            return false;
        }
        if self.granularity() != Granularity::Month {
            return self.days.with(Option::is_some);
        }
        let saved = self.item.with(|i| cells_of(&i.totals));
        self.cells
            .iter()
            .zip(&saved)
            .any(|(c, s)| c.with(|c| hours_of(c) != hours_of(s)))
    }

    /// The three totals shown: typed, computed by a helper, or saved.
    pub(super) fn totals(&self) -> [Hours; 3] {
        if self.inline() {
            return self
                .cells
                .map(|c| c.with(|t| hours_of(t).unwrap_or_default()));
        }
        if let Some(t) = self.days.with(|d| d.as_deref().map(totals_of)) {
            return [t.training, t.internship, t.absence];
        }
        self.item
            .with(|i| [i.totals.training, i.totals.internship, i.totals.absence])
    }

    /// The row in «Enregistrer», when it changed.
    pub(super) fn batch_item(&self) -> Option<HoursBatchItem> {
        if !self.dirty() {
            return None;
        }
        let (dossier_id, period, version, g) = self
            .item
            .with_untracked(|i| (i.dossier_id, i.period, i.version, i.granularity));
        let mut item = HoursBatchItem {
            dossier_id,
            period,
            version: Some(version),
            if_match: None,
            totals: None,
            days: None,
        };
        if g == Granularity::Month {
            let [training, internship, absence] = self.totals().map(Hours::to_f64);
            item.totals = Some(TotalsInput {
                training,
                internship,
                absence,
            });
        } else {
            item.days = self.days.with_untracked(|d| {
                d.as_ref()
                    .map(|days| days.iter().map(|d| DayInput::of(d, g)).collect())
            });
        }
        Some(item)
    }

    /// The row in «Confirmer» of the review: the hours of the version reviewed.
    pub(super) fn prepare_item(&self) -> PrepareBatchItem {
        self.item.with_untracked(|i| PrepareBatchItem {
            dossier_id: i.dossier_id,
            period: i.period,
            version: Some(i.version),
            if_match: None,
        })
    }

    /// What the month is now, as read again with the grid's request (a helper's base).
    pub(super) fn refresh(&self, m: &realis_api_types::MonthView) {
        self.item.update(|i| {
            i.version = m.version;
            i.status = m.status;
            i.status_label = m.status_label.clone();
            i.totals = m.totals;
        });
    }

    /// Takes a batch's answer for this row: the month saved (or prepared), or the refusal.
    pub(super) fn answer(&self, r: BatchItemResult, done: Outcome) {
        match (r.month, r.problem) {
            (Some(m), _) => {
                self.item.update(|i| {
                    i.version = m.version;
                    i.status = m.status;
                    i.status_label = m.status_label;
                    i.totals = m.totals;
                });
                for (c, v) in self.cells.iter().zip(cells_of(&m.totals)) {
                    c.set(v);
                }
                self.days.set(None);
                self.outcome.set(Some(done));
            }
            (None, problem) => {
                let e =
                    problem.map_or_else(|| UiError::from_status(r.status), UiError::from_problem);
                self.outcome.set(Some(Outcome::Refused(reason(&e))));
            }
        }
    }
}

/// A refusal in one sentence: the fields' messages when the server named them.
pub(super) fn reason(e: &UiError) -> String {
    if e.fields.is_empty() {
        e.message.clone()
    } else {
        e.fields
            .iter()
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}
