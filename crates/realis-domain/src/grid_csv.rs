//! «Télécharger un modèle» and its upload: the month as CSV (`;`, decimal comma, UTF-8 with BOM
//! so that Excel opens it in French), parsed back all-or-nothing with every bad line reported.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::grid::{DayHours, Granularity, GridInput, MonthContext, Totals};
use crate::{Hours, Period};

const BOM: &str = "\u{FEFF}";

fn headers(g: Granularity) -> &'static [&'static str] {
    match g {
        Granularity::Month => &[
            "Mois",
            "Heures de présence en formation",
            "Heures de présence en stage",
            "Heures d'absence",
        ],
        Granularity::Day => &[
            "Date",
            "Jour",
            "Heures de présence en formation",
            "Heures de présence en stage",
            "Heures d'absence",
        ],
        Granularity::HalfDay => &[
            "Date",
            "Jour",
            "Formation matin",
            "Formation après-midi",
            "Stage matin",
            "Stage après-midi",
            "Heures d'absence",
        ],
    }
}

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

/// One bad cell or line: 1-based line (the header is line 1) and column name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvIssue {
    pub line: usize,
    pub column: String,
    pub message: String,
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .ok()
}

fn parse_hours(s: &str) -> Result<Hours, String> {
    if s.trim().is_empty() {
        return Ok(Hours::ZERO);
    }
    Hours::parse(s).map_err(|e| match e {
        crate::HoursError::Negative => "les heures ne peuvent pas être négatives".to_owned(),
        crate::HoursError::TooPrecise => "deux décimales au plus (ex. 7,25)".to_owned(),
        crate::HoursError::BadMinutes => "minutes invalides (ex. 7h30)".to_owned(),
        _ => format!(
            "«\u{a0}{}\u{a0}» n'est pas un nombre d'heures (ex. 7 ou 7,5)",
            s.trim()
        ),
    })
}

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
            issues.push(CsvIssue {
                line,
                column: "Date".into(),
                message: format!(
                    "«\u{a0}{}\u{a0}» n'est pas une date (jj/mm/aaaa).",
                    &record[0]
                ),
            });
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
            issues.push(CsvIssue {
                line,
                column: "Date".into(),
                message: "Ce jour figure deux fois.".into(),
            });
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
                    column_of(ctx.granularity, f, &r.code),
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
fn column_of(g: Granularity, field: &str, code: &str) -> String {
    if code == "day_over_24h" {
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::HolidayZone;
    use crate::grid::{fill_seven_hours, validate_grid};

    fn ctx(g: Granularity) -> MonthContext {
        MonthContext {
            period: Period::new(2026, 10).expect("period"),
            session_start: NaiveDate::from_ymd_opt(2026, 10, 5).expect("d"),
            session_end: NaiveDate::from_ymd_opt(2027, 3, 31).expect("d"),
            zone: HolidayZone::Metropole,
            granularity: g,
            planned: Hours::ZERO,
            today: NaiveDate::from_ymd_opt(2100, 1, 1).expect("d"),
        }
    }

    #[test]
    fn download_fill_upload_gives_the_same_grid_in_every_granularity() {
        for g in [Granularity::Day, Granularity::HalfDay] {
            let c = ctx(g);
            let mut days = fill_seven_hours(&c);
            days[2].absence = Hours::from_hundredths(150);
            let csv = template(&c, &GridInput::Days(days.clone()));
            assert!(csv.starts_with('\u{FEFF}'));
            assert!(csv.contains("05/10/2026;lundi;"), "{csv}");
            assert!(csv.contains("1,50"));
            let back = parse(&c, &csv).expect("parses");
            let a = validate_grid(&c, back).expect("valid");
            let b = validate_grid(&c, GridInput::Days(days)).expect("valid");
            assert_eq!(a, b, "{g:?}");
        }
        let c = ctx(Granularity::Month);
        let t = Totals {
            training: Hours::from_whole(147),
            internship: Hours::from_hundredths(350),
            absence: Hours::ZERO,
        };
        let csv = template(&c, &GridInput::Totals(t));
        assert!(csv.contains("Octobre 2026;147,00;3,50;"));
        assert_eq!(parse(&c, &csv).expect("parses"), GridInput::Totals(t));
    }

    #[test]
    fn every_bad_line_is_reported_with_its_column() {
        let c = ctx(Granularity::Day);
        let csv = "Date;Jour;Formation;Stage;Absence\n05/10/2026;lundi;7;;\n06/10/2026;mardi;-2;;\n07/11/2026;mercredi;7;;\n08/10/2026;jeudi;7,555;abc;\nxx;vendredi;1;;\n05/10/2026;lundi;1;;\n";
        let issues = parse(&c, csv).expect_err("refused");
        let got: Vec<(usize, &str)> = issues.iter().map(|i| (i.line, i.column.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (3, "Heures de présence en formation"),
                (4, "Date"),
                (5, "Heures de présence en formation"),
                (5, "Heures de présence en stage"),
                (6, "Date"),
                (7, "Date"),
            ]
        );
        assert!(issues[0].message.contains("négatives"));
    }

    #[test]
    fn reading_errors_and_the_grid_rules_are_reported_in_one_round() {
        let c = ctx(Granularity::Day);
        let csv = "Date;Jour;Formation;Stage;Absence\n02/10/2026;vendredi;7;;\n05/10/2026;lundi;abc;;\n06/10/2026;mardi;20;6;\n07/10/2026;mercredi;7;;\n";
        let issues = parse(&c, csv).expect_err("refused");
        let got: Vec<(usize, &str)> = issues.iter().map(|i| (i.line, i.column.as_str())).collect();
        assert_eq!(
            got,
            vec![(2, "Date"), (3, "Heures de présence en formation"), (4, "")],
            "{issues:?}"
        );
        assert!(
            issues[0].message.starts_with("Vendredi 2 octobre 2026"),
            "{issues:?}"
        );
        assert!(issues[2].message.contains("24 heures"), "{issues:?}");
        let c = ctx(Granularity::Month);
        let issues = parse(&c, "Mois;Formation;Stage;Absence\nOctobre 2026;900;;\n")
            .expect_err("over capacity");
        assert_eq!(issues[0].line, 2, "{issues:?}");
    }

    #[test]
    fn a_wrong_header_is_refused_at_once() {
        let issues = parse(&ctx(Granularity::HalfDay), "Date;Formation\n01/10/2026;7\n")
            .expect_err("refused");
        assert_eq!(issues[0].line, 1);
        assert!(
            issues[0]
                .message
                .starts_with("En-tête inattendu (2\u{a0}colonnes au lieu de 7)"),
            "{issues:?}"
        );
        let issues = parse(
            &ctx(Granularity::Day),
            "Date;Jour;Formation;Stage;Absence\n05/10/2026\n",
        )
        .expect_err("refused");
        assert_eq!(
            issues[0].message, "1\u{a0}colonne au lieu de 5.",
            "a count agrees: {issues:?}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_csv_parser_never_panics(s in "\\PC{0,300}", g in 0usize..3) {
            let g = [Granularity::Month, Granularity::Day, Granularity::HalfDay][g];
            let _ = parse(&ctx(g), &s);
            let with_header = format!("{}\n{s}", headers(g).join(";"));
            let _ = parse(&ctx(g), &with_header);
        }
    }
}

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
            issues.push(CsvIssue {
                line,
                column: "Date".into(),
                message: format!(
                    "«\u{a0}{}\u{a0}» n'est pas une date (jj/mm/aaaa).",
                    &record[0]
                ),
            });
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
            issues.push(CsvIssue {
                line,
                column: "Date".into(),
                message: "Ce jour figure deux fois.".into(),
            });
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

#[cfg(test)]
mod planned_tests {
    use super::*;

    #[test]
    fn a_planned_calendar_csv_is_read_with_or_without_header() {
        let days = parse_planned("Date;Formation;Stage\n05/10/2026;7;\n2026-10-06;3,5;3h30\n")
            .expect("ok");
        assert_eq!(days.len(), 2);
        assert_eq!(days[1].internship, Hours::from_hundredths(350));
        let bad = parse_planned("05/10/2026;7\n05/10/2026;x\nhier;1\n").expect_err("bad");
        assert_eq!(bad.len(), 3);
    }
}
