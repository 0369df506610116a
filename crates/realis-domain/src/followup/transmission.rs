//! Transmission (F9): which months may be transmitted, and the export of their hours.

use crate::{MonthAction, MonthStatus, spreadsheet};

/// Whether a month may be transmitted.
pub fn transmittable(status: MonthStatus) -> bool {
    status.apply(MonthAction::Transmit).is_ok()
}

/// One row of the transmission export (SPEC F9), already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportRow {
    pub dossier: String,
    pub beneficiary: String,
    pub employer: String,
    pub organisation_siret: String,
    pub period: String,
    pub training: String,
    pub internship: String,
    pub absence: String,
    pub mode: String,
    pub certified_on: String,
    pub transmitted_on: String,
}

/// The CSV of transmitted hours: `;`, UTF-8 with BOM, French headers, decimal comma; names and
/// numbers typed by people cannot turn into formulas ([`crate::spreadsheet`]).
pub fn export_csv(rows: &[ExportRow]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&spreadsheet::record(&[
        "N° dossier",
        "Bénéficiaire",
        "Employeur",
        "SIRET organisme",
        "Période",
        "Heures de présence en formation",
        "Heures de présence en stage",
        "Heures d'absence",
        "Mode de certification",
        "Date de certification",
        "Date de transmission",
    ]));
    for r in rows {
        out.push_str(&spreadsheet::record(&[
            &r.dossier,
            &r.beneficiary,
            &r.employer,
            &r.organisation_siret,
            &r.period,
            &r.training,
            &r.internship,
            &r.absence,
            &r.mode,
            &r.certified_on,
            &r.transmitted_on,
        ]));
    }
    out.into_bytes()
}
