//! After certification (SPEC F8–F10): validations, payments («Règlements»), the transmission
//! export, and which months a daily reminder mentions or a funder's reminder calls late.

mod payment;
#[cfg(test)]
mod tests;
mod transmission;
mod validation;

use chrono::NaiveDate;

use crate::{MonthStatus, Period};

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

/// Whether the OF is late with this month on `today` («Relancer les organismes en retard»): the
/// month's last session day has passed and the month still awaits its entry or its
/// certification (`status` as on `today`, see [`MonthStatus::on_date`]). On the last session day
/// itself the OF may still certify in time.
pub fn late(status: MonthStatus, period: Period, session_end: NaiveDate, today: NaiveDate) -> bool {
    needs_reminder(status) && today > period.last_day().min(session_end)
}
