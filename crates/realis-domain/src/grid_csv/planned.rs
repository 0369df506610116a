//! A planned calendar given as CSV (`Date;Formation;Stage`).

use super::{BOM, CsvIssue, parse_date, parse_hours};

/// Parses a planned calendar given as CSV: `Date;Formation;Stage` (header optional, dates
/// jj/mm/aaaa or aaaa-mm-jj, decimal comma). Every bad line is reported; nothing is kept if any.
pub fn parse_planned(input: &str) -> Result<Vec<crate::grid::PlannedDay>, Vec<CsvIssue>> {
    let text = input.strip_prefix(BOM).unwrap_or(input);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut issues = Vec::new();
    let mut days: Vec<crate::grid::PlannedDay> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        let Ok(record) = record else {
            issues.push(CsvIssue {
                line,
                column: String::new(),
                message: "Ligne illisible.".into(),
            });
            continue;
        };
        if record.iter().all(|c| c.is_empty()) {
            continue;
        }
        let Some(date) = parse_date(&record[0]) else {
            if line == 1 {
                continue; // a header
            }
            issues.push(CsvIssue::not_a_date(line, &record[0]));
            continue;
        };
        let get = |i: usize| record.get(i).unwrap_or_default();
        let (training, internship) = (parse_hours(get(1)), parse_hours(get(2)));
        for (col, r) in [("Formation", &training), ("Stage", &internship)] {
            if let Err(message) = r {
                issues.push(CsvIssue {
                    line,
                    column: col.into(),
                    message: message.clone(),
                });
            }
        }
        if days.iter().any(|d| d.date == date) {
            issues.push(CsvIssue::twice(line));
        }
        if let (Ok(training), Ok(internship)) = (training, internship) {
            days.push(crate::grid::PlannedDay {
                date,
                training,
                internship,
            });
        }
    }
    if issues.is_empty() {
        Ok(days)
    } else {
        Err(issues)
    }
}
