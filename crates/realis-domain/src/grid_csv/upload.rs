//! The upload of a filled template: read all-or-nothing, every bad line and every broken grid
//! rule reported in one round.

use crate::grid::{DayHours, Granularity, GridInput, MonthContext, Totals};
use crate::{FieldCode, Period};

use super::{BOM, CsvIssue, headers, parse_date, parse_hours};

/// Parses an uploaded CSV of `period`. Returns the grid, or every issue found (nothing is kept).
pub fn parse(ctx: &MonthContext, input: &str) -> Result<GridInput, Vec<CsvIssue>> {
    let text = input.strip_prefix(BOM).unwrap_or(input);
    let expected = headers(ctx.granularity);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut issues = Vec::new();
    match reader.headers() {
        Ok(h) if h.len() == expected.len() => {}
        Ok(h) => {
            issues.push(CsvIssue {
                line: 1,
                column: String::new(),
                message: format!(
                    "En-tête inattendu ({} au lieu de {})\u{a0}: utilisez le modèle téléchargé.",
                    columns(h.len()),
                    expected.len()
                ),
            });
            return Err(issues);
        }
        Err(_) => {
            return Err(vec![CsvIssue {
                line: 1,
                column: String::new(),
                message: "Le fichier n'est pas un CSV lisible (UTF-8, séparateur\u{a0};).".into(),
            }]);
        }
    }
    let mut days: Vec<DayHours> = Vec::new();
    // The line of each kept day (same order as `days`) and of the totals.
    let mut day_lines: Vec<usize> = Vec::new();
    let mut totals_line = 0;
    let mut totals = None;
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                issues.push(CsvIssue {
                    line,
                    column: String::new(),
                    message: "Ligne illisible.".into(),
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != expected.len() {
            issues.push(CsvIssue {
                line,
                column: String::new(),
                message: format!("{} au lieu de {}.", columns(record.len()), expected.len()),
            });
            continue;
        }
        let first_value = if ctx.granularity == Granularity::Month {
            1
        } else {
            2
        };
        let mut values = Vec::new();
        for (col, raw) in record.iter().enumerate().skip(first_value) {
            match parse_hours(raw) {
                Ok(h) => values.push(h),
                Err(message) => issues.push(CsvIssue {
                    line,
                    column: expected[col].to_owned(),
                    message,
                }),
            }
        }
        if values.len() != expected.len() - first_value {
            continue;
        }
        if ctx.granularity == Granularity::Month {
            if totals.is_some() {
                issues.push(CsvIssue {
                    line,
                    column: expected[0].to_owned(),
                    message: "Une seule ligne est attendue pour le mois.".into(),
                });
            }
            totals = Some(Totals {
                training: values[0],
                internship: values[1],
                absence: values[2],
            });
            totals_line = line;
            continue;
        }
        let Some(date) = parse_date(&record[0]) else {
            issues.push(CsvIssue::not_a_date(line, &record[0]));
            continue;
        };
        if Period::of(date) != ctx.period {
            issues.push(CsvIssue {
                line,
                column: "Date".into(),
                message: format!(
                    "Le {} n'appartient pas au mois {}.",
                    date.format("%d/%m/%Y"),
                    ctx.period.label_fr()
                ),
            });
            continue;
        }
        if days.iter().any(|d| d.date == date) {
            issues.push(CsvIssue::twice(line));
            continue;
        }
        days.push(if ctx.granularity == Granularity::HalfDay {
            DayHours {
                date,
                training_am: values[0],
                training_pm: values[1],
                internship_am: values[2],
                internship_pm: values[3],
                absence: values[4],
            }
        } else {
            DayHours::whole(date, values[0], values[1], values[2])
        });
        day_lines.push(line);
    }
    let input = match ctx.granularity {
        Granularity::Month => GridInput::Totals(totals.unwrap_or_default()),
        _ => GridInput::Days(days),
    };
    // The grid's rules on every line that could be read, so that one upload reports every
    // error of the file, not the reading errors first and the rules on the next attempt.
    if let Err(refused) = crate::grid::validate_grid(ctx, input.clone()) {
        for r in refused {
            let (line, column) = match crate::grid::refused_at(&r.field) {
                Some((Some(i), f)) => (
                    day_lines.get(i).copied().unwrap_or(0),
                    column_of(ctx.granularity, f, r.code),
                ),
                _ => (totals_line.max(2), String::new()),
            };
            issues.push(CsvIssue {
                line,
                column,
                message: r.message,
            });
        }
        issues.sort_by_key(|i| i.line);
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(input)
}

/// The template's column of a refused field (none for a rule on the whole day).
fn column_of(g: Granularity, field: &str, code: FieldCode) -> String {
    if code == FieldCode::DayOver24h {
        return String::new();
    }
    let h = headers(g);
    // Date and day name come first in the template, then the grid's value columns.
    let at = if field == "date" {
        Some(0)
    } else {
        crate::grid::value_column(g, field).map(|c| c + 2)
    };
    at.and_then(|i| h.get(i))
        .map(|c| (*c).to_owned())
        .unwrap_or_default()
}

/// «1 colonne», «3 colonnes».
fn columns(n: usize) -> String {
    crate::fr::count(n as u64, "colonne", "colonnes")
}
