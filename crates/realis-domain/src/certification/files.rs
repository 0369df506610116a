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
