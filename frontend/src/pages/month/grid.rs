//! The rows of the grid and what is done to them: typed cells read as hours, the domain's
//! helpers put in, the body of «Enregistrer», moves of the focus.

use leptos::prelude::*;
use realis_api_types::{DayInput, MonthView, PlannedDayDto, SaveHoursRequest, TotalsInput};
use realis_domain::Hours;
use realis_domain::grid::{DayHours, Granularity, MonthCalendar, PlannedDay};
use wasm_bindgen::JsCast;

use crate::format::{hours_of, shown};

/// One row of the grid: a day, or the single month row.
#[derive(Clone)]
pub(super) struct Row {
    pub(super) date: Option<chrono::NaiveDate>,
    pub(super) label: String,
    /// The day (or month) in full, for the cells' accessible names.
    pub(super) long: String,
    pub(super) in_session: bool,
    pub(super) working: bool,
    pub(super) holiday: Option<String>,
    pub(super) cells: Vec<RwSignal<String>>,
}

pub(super) fn value(s: &RwSignal<String>) -> Result<Hours, ()> {
    s.with(|t| hours_of(t))
}

/// The value columns of granularity `g`, with the month page's labels.
pub(crate) fn columns(g: Granularity) -> &'static [&'static str] {
    match g {
        Granularity::HalfDay => &[
            "Formation matin",
            "Formation après-midi",
            "Stage matin",
            "Stage après-midi",
            "Absence",
        ],
        _ => &[
            "Heures de présence en formation",
            "Heures de présence en stage",
            "Heures d'absence",
        ],
    }
}

/// The accessible name of a column's cells, completed by the day: «Heures de présence en
/// formation, matin, lundi 5 octobre 2026».
pub(super) fn cell_label(g: Granularity, col: usize) -> &'static str {
    match g {
        Granularity::HalfDay => [
            "Heures de présence en formation, matin",
            "Heures de présence en formation, après-midi",
            "Heures de présence en stage, matin",
            "Heures de présence en stage, après-midi",
            "Heures d'absence",
        ]
        .get(col)
        .copied()
        .unwrap_or_default(),
        _ => columns(g).get(col).copied().unwrap_or_default(),
    }
}

pub(super) fn rows_of(m: &MonthView) -> Vec<Row> {
    if m.granularity == Granularity::Month {
        return vec![Row {
            date: None,
            label: m.period_label.clone(),
            long: m.period_label.to_lowercase(),
            in_session: true,
            working: true,
            holiday: None,
            cells: [m.totals.training, m.totals.internship, m.totals.absence]
                .map(|h| RwSignal::new(shown(h)))
                .to_vec(),
        }];
    }
    m.days
        .iter()
        .map(|d| {
            let values = DayHours {
                date: d.date,
                training_am: d.training_am,
                training_pm: d.training_pm,
                internship_am: d.internship_am,
                internship_pm: d.internship_pm,
                absence: d.absence,
            }
            .columns(m.granularity);
            Row {
                date: Some(d.date),
                label: realis_domain::grid::day_label_fr(d.date),
                long: realis_domain::grid::long_date_fr(d.date),
                in_session: d.in_session,
                working: d.calendar_day().is_working(),
                holiday: d.holiday.clone(),
                cells: values
                    .into_iter()
                    .map(|h| RwSignal::new(shown(h)))
                    .collect(),
            }
        })
        .collect()
}

/// Puts the domain's days into the rows (a row without a day is emptied), the first `ncols`
/// columns of each (or all of them).
fn put_days(rows: &[Row], g: Granularity, days: &[DayHours], ncols: Option<usize>) {
    for r in rows {
        let Some(date) = r.date else { continue };
        let day = days
            .iter()
            .find(|d| d.date == date)
            .copied()
            .unwrap_or_else(|| DayHours::empty(date));
        let values = day.columns(g);
        let n = ncols.unwrap_or(values.len());
        for (c, v) in r.cells.iter().zip(values).take(n) {
            c.set(shown(v));
        }
    }
}

/// «Répartir 7h tous les jours», by the domain on the month's calendar.
pub(super) fn fill_seven_hours(rows: &[Row], calendar: &MonthCalendar) {
    put_days(
        rows,
        calendar.granularity,
        &calendar.fill_seven_hours(),
        None,
    );
}

/// «Charger le calendrier»: the planned hours of the session's days, by the domain, into the
/// presence columns (the absences typed stay).
pub(super) fn load_planned(rows: &[Row], calendar: &MonthCalendar, planned: &[PlannedDayDto]) {
    let planned: Vec<PlannedDay> = planned.iter().map(PlannedDayDto::day).collect();
    let g = calendar.granularity;
    let presence = columns(g).len() - 1;
    put_days(rows, g, &calendar.load_planned(&planned), Some(presence));
}

pub(super) fn focus(id: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(input) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = input.focus();
    }
}

/// Pastes a column copied from a spreadsheet downwards from `start`, skipping days off session.
pub(super) fn paste_column(rows: &[Row], start: usize, col: usize, text: &str) {
    let mut r = start;
    for line in text.lines() {
        while r < rows.len() && !rows[r].in_session {
            r += 1;
        }
        let Some(row) = rows.get(r) else { break };
        row.cells[col].set(
            line.split('\t')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned(),
        );
        r += 1;
    }
}

/// The cells as typed, row by row (tracked: for effects that follow the typing).
pub(super) fn typed(rows: &[Row]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.cells.iter().map(|c| c.get()).collect())
        .collect()
}

/// The cells as typed now, without subscribing the caller to them.
pub(super) fn typed_now(rows: &[Row]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.cells.iter().map(|c| c.get_untracked()).collect())
        .collect()
}

/// Whether what is typed differs from what is saved (compared as hours: «7» is «7,00»).
pub(super) fn differs(rows: &[Row], saved: &[Vec<String>]) -> bool {
    rows.iter().zip(saved).any(|(r, s)| {
        r.cells
            .iter()
            .zip(s)
            .any(|(c, s)| c.with(|c| hours_of(c) != hours_of(s)))
    })
}

/// The body of «Enregistrer» and, for each day sent, its row in the grid (to place the errors).
pub(super) fn save_body(
    rows: &[Row],
    g: Granularity,
    version: i32,
) -> (SaveHoursRequest, Vec<usize>) {
    let ncols = columns(g).len();
    let h = |c: &RwSignal<String>| value(c).unwrap_or_default().to_f64();
    if g == Granularity::Month {
        let r = &rows[0];
        let body = SaveHoursRequest {
            version: Some(version),
            totals: Some(TotalsInput {
                training: h(&r.cells[0]),
                internship: h(&r.cells[1]),
                absence: h(&r.cells[2]),
            }),
            days: None,
        };
        return (body, vec![0]);
    }
    let mut sent = Vec::new();
    let days = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.cells.iter().any(|c| h(c) != 0.0))
        .filter_map(|(i, r)| {
            let date = r.date?;
            let mut d = DayInput {
                date,
                training: None,
                internship: None,
                training_am: None,
                training_pm: None,
                internship_am: None,
                internship_pm: None,
                absence: Some(h(&r.cells[ncols - 1])),
            };
            if g == Granularity::HalfDay {
                d.training_am = Some(h(&r.cells[0]));
                d.training_pm = Some(h(&r.cells[1]));
                d.internship_am = Some(h(&r.cells[2]));
                d.internship_pm = Some(h(&r.cells[3]));
            } else {
                d.training = Some(h(&r.cells[0]));
                d.internship = Some(h(&r.cells[1]));
            }
            sent.push(i);
            Some(d)
        })
        .collect();
    let body = SaveHoursRequest {
        version: Some(version),
        totals: None,
        days: Some(days),
    };
    (body, sent)
}

/// The grid cell (row, column) of a refused field: `days[3].training` is the fourth day sent,
/// `totals.absence` the month row; `None` as column for a rule on the whole row.
pub(super) fn cell_of(
    field: &str,
    g: Granularity,
    sent: &[usize],
) -> Option<(usize, Option<usize>)> {
    let (day, sub) = realis_domain::grid::refused_at(field)?;
    let row = match day {
        Some(i) => *sent.get(i)?,
        None => 0,
    };
    Some((row, realis_domain::grid::value_column(g, sub)))
}

/// A move of the focus inside the grid.
#[derive(Clone, Copy)]
pub(super) enum Move {
    Up,
    Down,
    Left,
    Right,
}

/// The next cell that can be typed in from `(row, col)`, skipping days outside the session.
pub(super) fn step(
    rows: &[Row],
    editable: bool,
    (row, col): (usize, usize),
    to: Move,
) -> Option<(usize, usize)> {
    let ncols = rows.first().map(|r| r.cells.len()).unwrap_or(0);
    let open = |r: usize| editable && rows.get(r).is_some_and(|r| r.in_session);
    match to {
        Move::Left => col.checked_sub(1).map(|c| (row, c)),
        Move::Right => (col + 1 < ncols).then_some((row, col + 1)),
        Move::Down => (row + 1..rows.len()).find(|r| open(*r)).map(|r| (r, col)),
        Move::Up => (0..row).rev().find(|r| open(*r)).map(|r| (r, col)),
    }
}
