//! After certification (SPEC F8–F10): validations, payments («Règlements»), the transmission
//! export, and which months a daily reminder mentions.

mod payment;
#[cfg(test)]
mod tests;
mod transmission;
mod validation;

use crate::MonthStatus;

pub use payment::{Payment, PaymentKind, after_payment};
pub use transmission::{ExportRow, export_csv, transmittable};
pub use validation::{Decision, Validation, ValidationRefusal, Validator, decide, status_label_fr};

/// Whether the daily reminder mentions a month in this status (the OF has something to do).
pub fn needs_reminder(status: MonthStatus) -> bool {
    matches!(
        status,
        MonthStatus::AwaitingEntry
            | MonthStatus::Draft
            | MonthStatus::AwaitingCertification
            | MonthStatus::Contested
    )
}
