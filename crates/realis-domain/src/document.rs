//! «Documents» (issue #11, part 3): what a dossier's documents are, the documents a funder
//! attaches to a dossier or publishes to all its organismes de formation, and the names of the
//! certificates in a period's ZIP.
//!
//! A dossier's documents are its final certificates (current or superseded), the files each
//! certificate rests on (signed scan, attendance sheets) and the documents its funder attached
//! («Convention de formation», «Accord de prise en charge»…). Files of an attempt not certified
//! yet are not documents: they live on the month's page until the month is certified.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Period;
use crate::certification::{CertificationMode, MonthFileKind};
use crate::conversation::TextError;

/// Characters of a document's title, at most.
pub const TITLE_MAX_CHARS: usize = 120;
/// Certificates in one period's ZIP, at most: an agent of a large funder narrows by organisation.
pub const MAX_ZIP_CERTIFICATES: usize = 1000;

/// What a document of a dossier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DossierDocumentKind {
    /// A final «certificat de réalisation» (the PDF Réalis produced at certification).
    Certificate,
    /// The signed scan a certificate in upload mode rests on.
    SignedCertificate,
    /// An attendance sheet a certificate rests on.
    AttendanceSheet,
    /// «Convention de formation», attached by the funder.
    Convention,
    /// «Accord de prise en charge», attached by the funder.
    FundingAgreement,
    /// Any other document the funder attached.
    Other,
}

impl DossierDocumentKind {
    pub const ALL: [DossierDocumentKind; 6] = [
        DossierDocumentKind::Certificate,
        DossierDocumentKind::SignedCertificate,
        DossierDocumentKind::AttendanceSheet,
        DossierDocumentKind::Convention,
        DossierDocumentKind::FundingAgreement,
        DossierDocumentKind::Other,
    ];

    /// The kinds an agent attaches to a dossier.
    pub const FROM_FUNDER: [DossierDocumentKind; 3] = [
        DossierDocumentKind::Convention,
        DossierDocumentKind::FundingAgreement,
        DossierDocumentKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DossierDocumentKind::Certificate => "certificate",
            DossierDocumentKind::SignedCertificate => "signed_certificate",
            DossierDocumentKind::AttendanceSheet => "attendance_sheet",
            DossierDocumentKind::Convention => "convention",
            DossierDocumentKind::FundingAgreement => "funding_agreement",
            DossierDocumentKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DossierDocumentKind> {
        DossierDocumentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// A kind an agent may attach (`convention`, `funding_agreement`, `other`).
    pub fn parse_from_funder(s: &str) -> Option<DossierDocumentKind> {
        DossierDocumentKind::parse(s).filter(|k| k.from_funder())
    }

    /// Whether the funder attaches documents of this kind (the others come from certification).
    pub fn from_funder(self) -> bool {
        DossierDocumentKind::FROM_FUNDER.contains(&self)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            DossierDocumentKind::Certificate => "Certificat de réalisation",
            DossierDocumentKind::SignedCertificate => "Certificat signé",
            DossierDocumentKind::AttendanceSheet => "Attestation de présence",
            DossierDocumentKind::Convention => "Convention de formation",
            DossierDocumentKind::FundingAgreement => "Accord de prise en charge",
            DossierDocumentKind::Other => "Autre document",
        }
    }
}

impl From<MonthFileKind> for DossierDocumentKind {
    fn from(k: MonthFileKind) -> Self {
        match k {
            MonthFileKind::SignedCertificate => DossierDocumentKind::SignedCertificate,
            MonthFileKind::AttendanceSheet => DossierDocumentKind::AttendanceSheet,
        }
    }
}

/// A document's title: trimmed, 1–120 characters, one line.
pub fn parse_title(raw: &str) -> Result<String, TextError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    if s.chars().count() > TITLE_MAX_CHARS {
        return Err(TextError::TooLong(TITLE_MAX_CHARS));
    }
    if s.chars().any(char::is_control) {
        return Err(TextError::ControlCharacters);
    }
    Ok(s.to_owned())
}

/// Where a funder's document is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// In one dossier's documents, for every party of the dossier.
    Dossier {
        dossier_id: i64,
        kind: DossierDocumentKind,
    },
    /// Published to every organisme de formation of the funder (guides, models).
    Published,
}

/// A document a funder's agent uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunderDocument {
    pub id: i64,
    pub funder_id: i64,
    pub placement: Placement,
    pub title: String,
    /// The stored bytes.
    pub file_id: i64,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: i64,
    pub created_at: DateTime<Utc>,
}

/// Which row a document of a dossier comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentSource {
    /// A certificate (its id).
    Certificate(i64),
    /// A file a certificate rests on (the month file's id).
    MonthFile(i64),
    /// A document the funder attached (its id).
    Funder(i64),
}

/// One document of a dossier, as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierDocument {
    pub source: DocumentSource,
    pub kind: DossierDocumentKind,
    pub dossier_id: i64,
    pub dossier_number: String,
    /// The month, for certificates and their files.
    pub period: Option<Period>,
    /// The funder's title (certificates and their files have none).
    pub title: Option<String>,
    /// Certified, attached or uploaded at.
    pub at: DateTime<Utc>,
    /// For a certificate and its files: whether the certificate was superseded (the month was
    /// reopened or contested since).
    pub superseded: Option<bool>,
    pub mode: Option<CertificationMode>,
    pub content_type: String,
    pub size_bytes: i64,
}

/// The name of a certificate in a period's ZIP: `2026-IDF-000101_2026-10.pdf` (characters other
/// than ASCII letters, digits and `-` of the number become `_`).
pub fn certificate_file_name(dossier_number: &str, period: Period) -> String {
    let number: String = dossier_number
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{number}_{period}.pdf")
}

/// The stem of a document's download name, from its title: ASCII letters and digits, French
/// accents folded, every other run of characters one `-`, at most 60 characters; `document`
/// when nothing is left («Accord de prise en charge — 2026» → `accord-de-prise-en-charge-2026`).
pub fn file_stem(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' => "y",
            'ç' => "c",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if folded == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(folded);
        }
    }
    let stem: String = out.chars().take(60).collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "document".to_owned()
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_and_only_three_come_from_the_funder() {
        for k in DossierDocumentKind::ALL {
            assert_eq!(DossierDocumentKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(
            DossierDocumentKind::parse_from_funder("convention"),
            Some(DossierDocumentKind::Convention)
        );
        assert_eq!(DossierDocumentKind::parse_from_funder("certificate"), None);
        assert_eq!(
            DossierDocumentKind::parse_from_funder("attendance_sheet"),
            None
        );
        assert_eq!(DossierDocumentKind::parse("x"), None);
        assert_eq!(
            DossierDocumentKind::from(MonthFileKind::AttendanceSheet),
            DossierDocumentKind::AttendanceSheet
        );
    }

    #[test]
    fn titles_are_one_bounded_line() {
        assert_eq!(
            parse_title("  Convention de formation "),
            Ok("Convention de formation".into())
        );
        assert_eq!(parse_title(" "), Err(TextError::Empty));
        assert_eq!(parse_title("a\nb"), Err(TextError::ControlCharacters));
        assert_eq!(parse_title(&"é".repeat(121)), Err(TextError::TooLong(120)));
        assert!(parse_title(&"é".repeat(120)).is_ok());
    }

    #[test]
    fn download_names_are_ascii_slugs_of_the_title() {
        assert_eq!(
            file_stem("Accord de prise en charge — 2026"),
            "accord-de-prise-en-charge-2026"
        );
        assert_eq!(
            file_stem("Guide «\u{a0}Réalis\u{a0}» : œuvre"),
            "guide-realis-oeuvre"
        );
        assert_eq!(file_stem("../../etc/passwd\"\r\n"), "etc-passwd");
        assert_eq!(file_stem("Łukasz"), "ukasz");
        assert_eq!(file_stem("!!!"), "document");
        assert!(file_stem(&"a".repeat(300)).len() <= 60);
    }

    #[test]
    fn zip_names_are_number_and_period() {
        let p = Period::parse("2026-10").expect("period");
        assert_eq!(
            certificate_file_name("2026-IDF-000101", p),
            "2026-IDF-000101_2026-10.pdf"
        );
        assert_eq!(certificate_file_name("../A B/é", p), "___A_B___2026-10.pdf");
    }
}
