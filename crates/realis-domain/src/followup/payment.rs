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
