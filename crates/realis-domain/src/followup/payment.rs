//! «Règlements» (F10): advances and settlements, and what a settlement does to a month.

use serde::{Deserialize, Serialize};

use crate::{MonthAction, MonthStatus};

/// An advance never locks; a settlement locks a period not yet certified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PaymentKind {
    Advance,
    Settlement,
}

impl PaymentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentKind::Advance => "advance",
            PaymentKind::Settlement => "settlement",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentKind> {
        match s {
            "advance" => Some(PaymentKind::Advance),
            "settlement" => Some(PaymentKind::Settlement),
            _ => None,
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            PaymentKind::Advance => "Avance",
            PaymentKind::Settlement => "Règlement",
        }
    }
}

/// The month's status after a payment of `kind` is recorded on its period.
pub fn after_payment(status: MonthStatus, kind: PaymentKind) -> MonthStatus {
    match kind {
        PaymentKind::Advance => status,
        PaymentKind::Settlement => status
            .apply(MonthAction::RecordSettlement)
            .unwrap_or(status),
    }
}

/// A payment the funder recorded on a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub id: i64,
    pub dossier_id: i64,
    /// The month it pays.
    pub period: crate::Period,
    pub kind: PaymentKind,
    pub amount_cents: i64,
    pub paid_on: chrono::NaiveDate,
    pub reference: String,
    pub created_by: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
}
