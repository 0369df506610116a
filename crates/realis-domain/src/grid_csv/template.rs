//! «Télécharger un modèle»: the month's CSV, pre-filled with what is already entered.

use crate::Hours;
use crate::grid::{DayHours, Granularity, GridInput, MonthContext, Totals};

use super::{BOM, headers};

fn cell(h: Hours) -> String {
    if h.is_zero() {
        String::new()
    } else {
        h.to_string()
    }
}

/// The template of the month, pre-filled with `current` (days or totals). It holds no text
/// typed by anyone (dates, French day names, the period, hours), so no cell can start a formula;
/// exports of typed text go through [`crate::spreadsheet`].
pub fn template(ctx: &MonthContext, current: &GridInput) -> String {
    let mut out = String::from(BOM);
    out.push_str(&headers(ctx.granularity).join(";"));
    out.push_str("\r\n");
    match (ctx.granularity, current) {
        (Granularity::Month, input) => {
            let t = match input {
                GridInput::Totals(t) => *t,
                GridInput::Days(_) => Totals::default(),
            };
            out.push_str(&format!(
                "{};{};{};{}\r\n",
                ctx.period.label_fr(),
                cell(t.training),
                cell(t.internship),
                cell(t.absence)
            ));
        }
        (g, input) => {
            let days: &[DayHours] = match input {
                GridInput::Days(d) => d,
                GridInput::Totals(_) => &[],
            };
            for date in ctx.session_days() {
                let d = days
                    .iter()
                    .find(|x| x.date == date)
                    .copied()
                    .unwrap_or_else(|| DayHours::empty(date));
                let name = crate::grid::day_name_fr(date);
                let values = if g == Granularity::HalfDay {
                    vec![
                        d.training_am,
                        d.training_pm,
                        d.internship_am,
                        d.internship_pm,
                        d.absence,
                    ]
                } else {
                    vec![d.training(), d.internship(), d.absence]
                };
                let cells: Vec<String> = values.into_iter().map(cell).collect();
                out.push_str(&format!(
                    "{};{name};{}\r\n",
                    date.format("%d/%m/%Y"),
                    cells.join(";")
                ));
            }
        }
    }
    out
}
