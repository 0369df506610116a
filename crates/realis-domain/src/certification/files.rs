//! The files an OF attaches to a month before certifying it (F5.2–F5.3).

use chrono::{DateTime, Utc};

/// What an attached file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MonthFileKind {
    /// The signed certificate scan: one at most, a new one replaces it.
    SignedCertificate,
    /// An attendance sheet: several allowed.
    AttendanceSheet,
}

impl MonthFileKind {
    pub const ALL: [MonthFileKind; 2] = [
        MonthFileKind::SignedCertificate,
        MonthFileKind::AttendanceSheet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MonthFileKind::SignedCertificate => "signed_certificate",
            MonthFileKind::AttendanceSheet => "attendance_sheet",
        }
    }

    pub fn parse(s: &str) -> Option<MonthFileKind> {
        MonthFileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A file attached to a month: pending while the attempt is prepared, then tied to the
/// certificate it supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthFile {
    pub id: i64,
    pub month_id: i64,
    pub kind: MonthFileKind,
    /// The stored bytes.
    pub file_id: i64,
    pub uploaded_by: i64,
    /// `None` while the attempt is being prepared; the certificate once certified.
    pub certificate_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Letters and digits only, upper-cased: «certificat-2026_IDF 0001» and «2026-IDF-0001» compare.
fn squeezed(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether a scan's file name names this month: it holds the dossier number and the period
/// (`2026-10`, `2026_10` or `202610`), whatever the separators. The drafts Réalis offers are
/// named so (`projet-certificat-{dossier}-{période}.pdf`), and so are scans saved under them.
pub fn scan_names_month(file_name: &str, dossier_number: &str, period: crate::Period) -> bool {
    let name = squeezed(file_name);
    let number = squeezed(dossier_number);
    let period = squeezed(&period.to_string());
    match name.find(&number) {
        // The period after the number (the draft's order), or anywhere else in the name.
        Some(at) => {
            let rest = format!("{}{}", &name[..at], &name[at + number.len()..]);
            !number.is_empty() && rest.contains(&period)
        }
        None => false,
    }
}

/// The one month among `months` (dossier number, period) that the file name names, if exactly
/// one does.
pub fn month_named_by<'a, I>(file_name: &str, months: I) -> Option<usize>
where
    I: IntoIterator<Item = (&'a str, crate::Period)>,
{
    let mut found = months
        .into_iter()
        .enumerate()
        .filter(|(_, (number, period))| scan_names_month(file_name, number, *period))
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

#[cfg(test)]
mod naming_tests {
    use super::*;
    use crate::Period;

    fn oct() -> Period {
        Period::new(2026, 10).expect("period")
    }

    #[test]
    fn a_scan_is_matched_by_dossier_number_and_period_whatever_the_separators() {
        for name in [
            "projet-certificat-2026-IDF-0001-2026-10.pdf",
            "certificat 2026_idf_0001 202610 signé.pdf",
            "2026-10 - 2026-IDF-0001.jpg",
        ] {
            assert!(scan_names_month(name, "2026-IDF-0001", oct()), "{name}");
        }
        assert!(!scan_names_month(
            "2026-IDF-0001-2026-11.pdf",
            "2026-IDF-0001",
            oct()
        ));
        assert!(!scan_names_month("scan0001.pdf", "2026-IDF-0001", oct()));
        assert!(!scan_names_month("2026-10.pdf", "", oct()));
    }

    #[test]
    fn only_a_single_match_chooses_the_month() {
        let months = [("2026-IDF-0001", oct()), ("2026-IDF-0002", oct())];
        assert_eq!(
            month_named_by("certificat-2026-IDF-0002-2026-10.pdf", months),
            Some(1)
        );
        assert_eq!(month_named_by("scan.pdf", months), None);
        // «…-0001» inside «…-00012»: both would match, so neither is chosen.
        let close = [("2026-IDF-0001", oct()), ("2026-IDF-00012", oct())];
        assert_eq!(month_named_by("2026-IDF-00012-2026-10.pdf", close), None);
    }
}
