//! Domain events: what happened to a month, a dossier or a payment, as the events journal
//! records it (in the transaction of the change). Integrations (webhooks, #12) read the journal;
//! the `kind` names and payload fields are a published contract, only ever extended.

use serde::{Deserialize, Serialize};

use crate::certification::CertificationMode;
use crate::conversation::Side;
use crate::document::DossierDocumentKind;
use crate::dossier::Scheme;
use crate::followup::{PaymentKind, Validator};
use crate::{MonthStatus, Period};

/// Whom an event concerns: the ids a reader filters on without parsing the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventSubject {
    pub funder_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub dossier_id: Option<i64>,
    /// The month, for events of a month.
    pub period: Option<Period>,
}

/// One event; `kind()` is its journal name (also the payload's `event` member).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event")]
pub enum DomainEvent {
    /// A dossier was created, with its months.
    #[serde(rename = "dossier.created")]
    DossierCreated { number: String, scheme: Scheme },
    /// The OF saved the month's hours (form or CSV import).
    #[serde(rename = "month.hours_saved")]
    HoursSaved { status: MonthStatus, version: i32 },
    /// «Je certifie la saisie des heures»: hours frozen, draft certificate.
    #[serde(rename = "month.prepared")]
    MonthPrepared { version: i32 },
    /// The OF certified the month.
    #[serde(rename = "month.certified")]
    MonthCertified {
        mode: CertificationMode,
        status: MonthStatus,
        verification_code: String,
    },
    /// The beneficiary or employer validated.
    #[serde(rename = "month.validated")]
    MonthValidated { by: Validator, status: MonthStatus },
    /// The beneficiary or employer contested; the certificate is superseded.
    #[serde(rename = "month.contested")]
    MonthContested { by: Validator },
    /// The funder reopened the month for the OF.
    #[serde(rename = "month.reopened")]
    MonthReopened { reason: String },
    /// The funder closed the month.
    #[serde(rename = "month.closed")]
    MonthClosed,
    /// A settlement locked the month.
    #[serde(rename = "month.locked_by_payment")]
    MonthLockedByPayment { payment_id: i64 },
    /// The funder transmitted the month's hours.
    #[serde(rename = "month.transmitted")]
    MonthTransmitted { transmission_id: i64 },
    /// The funder recorded a payment on the dossier.
    #[serde(rename = "payment.recorded")]
    PaymentRecorded {
        payment_id: i64,
        payment_kind: PaymentKind,
        period: Period,
        amount_cents: i64,
    },
    /// A message arrived in a thread of «Mes échanges» (written by one side, or a contest's
    /// comment or a document's refusal posted by the platform); `from` is the side it counts as
    /// coming from.
    #[serde(rename = "message.received")]
    MessageReceived {
        conversation_id: i64,
        message_id: i64,
        from: Side,
    },
    /// The funder attached a document to the dossier («Convention de formation»…).
    #[serde(rename = "document.added")]
    DocumentAdded {
        document_id: i64,
        document_kind: DossierDocumentKind,
        title: String,
    },
    /// The funder published a document to all its organismes de formation.
    #[serde(rename = "document.published")]
    DocumentPublished { document_id: i64, title: String },
}

impl DomainEvent {
    /// The journal name, e.g. `month.certified`.
    pub fn kind(&self) -> &'static str {
        match self {
            DomainEvent::DossierCreated { .. } => "dossier.created",
            DomainEvent::HoursSaved { .. } => "month.hours_saved",
            DomainEvent::MonthPrepared { .. } => "month.prepared",
            DomainEvent::MonthCertified { .. } => "month.certified",
            DomainEvent::MonthValidated { .. } => "month.validated",
            DomainEvent::MonthContested { .. } => "month.contested",
            DomainEvent::MonthReopened { .. } => "month.reopened",
            DomainEvent::MonthClosed => "month.closed",
            DomainEvent::MonthLockedByPayment { .. } => "month.locked_by_payment",
            DomainEvent::MonthTransmitted { .. } => "month.transmitted",
            DomainEvent::PaymentRecorded { .. } => "payment.recorded",
            DomainEvent::MessageReceived { .. } => "message.received",
            DomainEvent::DocumentAdded { .. } => "document.added",
            DomainEvent::DocumentPublished { .. } => "document.published",
        }
    }
}
