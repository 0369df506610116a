//! «Télécharger un modèle» and its upload: the month as CSV (`;`, decimal comma, UTF-8 with BOM
//! so that Excel opens it in French), parsed back all-or-nothing with every bad line reported.

mod planned;
mod template;
#[cfg(test)]
mod tests;
mod upload;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Hours;
use crate::grid::Granularity;

pub use planned::parse_planned;
pub use template::template;
pub use upload::parse;

const BOM: &str = "\u{FEFF}";

/// The template's columns for `g` (values follow the date and the day name, or the month).
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

/// One bad cell or line: 1-based line (the header is line 1) and column name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvIssue {
    pub line: usize,
    pub column: String,
    pub message: String,
}

impl CsvIssue {
    /// The line's first cell is not a date.
    fn not_a_date(line: usize, cell: &str) -> CsvIssue {
        CsvIssue {
            line,
            column: "Date".into(),
            message: format!("«\u{a0}{cell}\u{a0}» n'est pas une date (jj/mm/aaaa)."),
        }
    }

    /// The line's day was already on an earlier line.
    fn twice(line: usize) -> CsvIssue {
        CsvIssue {
            line,
            column: "Date".into(),
            message: "Ce jour figure deux fois.".into(),
        }
    }
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
