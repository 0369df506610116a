//! «Enregistrer» and «Confirmer» (the review's): one batch for all the months concerned, and
//! each month's answer put on its row.

use leptos::prelude::*;
use realis_api_types::BatchItemResult;
use realis_domain::fr;
use wasm_bindgen::JsCast;

use super::rows::{Outcome, Row};
use crate::api;

/// What a batch leaves to announce.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Notice {
    pub(super) text: String,
    /// Something was refused: said as an alert.
    pub(super) error: bool,
}

impl Notice {
    pub(super) fn ok(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            error: false,
        }
    }

    pub(super) fn error(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            error: true,
        }
    }
}

/// Puts each answer on its row (by dossier: one period per page); returns how many succeeded
/// and the first row refused.
fn answer(rows: &[Row], results: Vec<BatchItemResult>, done: Outcome) -> (usize, Option<Row>) {
    let mut ok = 0;
    let mut first_refused = None;
    for r in results {
        let Some(row) = rows.iter().find(|row| row.id() == r.dossier_id) else {
            continue;
        };
        if r.status == 200 {
            ok += 1;
        } else if first_refused.is_none() {
            first_refused = Some(*row);
        }
        row.answer(r, done.clone());
    }
    (ok, first_refused)
}

/// Moves the focus to a refused row (its first total when typed in place, else its checkbox),
/// where its reason is read.
fn focus_row(row: Row) {
    let id = row.id();
    let target = if row.inline() {
        format!("total-{id}-0")
    } else {
        format!("select-{id}")
    };
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("[data-testid=\"{target}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

fn refused_text(n: usize) -> String {
    format!(
        "{} {}\u{a0}: la raison est indiquée sur sa ligne.",
        fr::count(n as u64, "mois", "mois"),
        fr::noun(n as u64, "refusé", "refusés")
    )
}

/// «Enregistrer»: every month whose hours changed, in one batch. A month whose typed values
/// are not hours is not sent and says so on its row.
pub(super) async fn save(rows: Vec<Row>) -> Notice {
    let mut unreadable = 0;
    for r in rows.iter().filter(|r| r.dirty() && r.invalid()) {
        unreadable += 1;
        r.outcome.set(Some(Outcome::Refused(
            "Certaines valeurs ne sont pas des heures valides (ex. 7, 7,5 ou 7h30).".to_owned(),
        )));
    }
    let items: Vec<_> = rows
        .iter()
        .filter(|r| !r.invalid())
        .filter_map(Row::batch_item)
        .collect();
    if items.is_empty() {
        return if unreadable > 0 {
            Notice::error(refused_text(unreadable))
        } else {
            Notice::ok("Aucune modification à enregistrer.")
        };
    }
    let answers = api::save_hours_batch(items).await;
    let (ok, first_refused) = answer(&rows, answers.items, Outcome::Saved);
    let refused = rows
        .iter()
        .filter(|r| matches!(r.outcome.get_untracked(), Some(Outcome::Refused(_))))
        .count();
    let mut text = format!(
        "{} {}.",
        fr::count(ok as u64, "mois", "mois"),
        fr::noun(ok as u64, "enregistré", "enregistrés")
    );
    if refused > 0 {
        text.push(' ');
        text.push_str(&refused_text(refused));
    }
    if let Some(e) = answers.error {
        text.push_str(&format!(
            " Les autres n'ont pas été envoyés\u{a0}: {}",
            e.message
        ));
    }
    if let Some(row) = first_refused.or_else(|| rows.iter().find(|r| r.invalid()).copied()) {
        focus_row(row);
        return Notice::error(text);
    }
    Notice::ok(text)
}

/// «Confirmer» of the review: «Je certifie la saisie des heures» for these months, in one batch.
pub(super) async fn prepare(rows: Vec<Row>) -> Notice {
    let items = rows.iter().map(Row::prepare_item).collect();
    let answers = api::prepare_batch(items).await;
    let (ok, first_refused) = answer(&rows, answers.items, Outcome::Prepared);
    let mut text = format!(
        "{} en attente de certification.",
        fr::count(ok as u64, "mois", "mois")
    );
    let refused = rows.len() - ok;
    if refused > 0 {
        text.push(' ');
        text.push_str(&refused_text(refused));
    }
    if let Some(e) = answers.error {
        text.push_str(&format!(" {}", e.message));
    }
    if let Some(row) = first_refused {
        focus_row(row);
        return Notice::error(text);
    }
    Notice::ok(text)
}
