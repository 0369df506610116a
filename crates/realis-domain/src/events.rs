//! Domain events: what happened to a month, a dossier or a payment, as the events journal
//! records it (in the transaction of the change). Integrations (webhooks, #12) read the journal;
//! the `kind` names and payload fields are a published contract, only ever extended.

use serde::{Deserialize, Serialize};

use crate::certification::CertificationMode;
use crate::conversation::Side;
use crate::document::DossierDocumentKind;
use crate::dossier::Scheme;
use crate::followup::{PaymentKind, Validator};
use crate::organisation::{DocumentKind, DocumentStatus};
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
    /// The month moved from one status to another (every step below that changes it, and the
    /// hours' save that starts or resumes the entry).
    #[serde(rename = "month.status_changed")]
    MonthStatusChanged {
        from: MonthStatus,
        to: MonthStatus,
        version: i32,
    },
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
    /// The month's current certificate no longer stands: the month was contested or reopened
    /// (a new certification will issue a new one).
    #[serde(rename = "certificate.superseded")]
    CertificateSuperseded { because: Superseded },
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
    /// The funder accepted or refused a document of the OF (Kbis, consent letter).
    #[serde(rename = "document.reviewed")]
    DocumentReviewed {
        document_id: i64,
        document_kind: DocumentKind,
        status: DocumentStatus,
    },
    /// The funder published a document to all its organismes de formation.
    #[serde(rename = "document.published")]
    DocumentPublished { document_id: i64, title: String },
}

/// Why a certificate was superseded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Superseded {
    /// The beneficiary or the employer contested the month.
    Contested,
    /// The funder reopened the month.
    Reopened,
}

impl DomainEvent {
    /// The journal name, e.g. `month.certified`.
    pub fn kind(&self) -> &'static str {
        self.event_type().as_str()
    }

    /// The event's type, as webhooks subscribe to it.
    pub fn event_type(&self) -> EventType {
        match self {
            DomainEvent::DossierCreated { .. } => EventType::DossierCreated,
            DomainEvent::MonthStatusChanged { .. } => EventType::MonthStatusChanged,
            DomainEvent::HoursSaved { .. } => EventType::HoursSaved,
            DomainEvent::MonthPrepared { .. } => EventType::MonthPrepared,
            DomainEvent::MonthCertified { .. } => EventType::MonthCertified,
            DomainEvent::MonthValidated { .. } => EventType::MonthValidated,
            DomainEvent::MonthContested { .. } => EventType::MonthContested,
            DomainEvent::CertificateSuperseded { .. } => EventType::CertificateSuperseded,
            DomainEvent::MonthReopened { .. } => EventType::MonthReopened,
            DomainEvent::MonthClosed => EventType::MonthClosed,
            DomainEvent::MonthLockedByPayment { .. } => EventType::MonthLockedByPayment,
            DomainEvent::MonthTransmitted { .. } => EventType::MonthTransmitted,
            DomainEvent::PaymentRecorded { .. } => EventType::PaymentRecorded,
            DomainEvent::MessageReceived { .. } => EventType::MessageReceived,
            DomainEvent::DocumentAdded { .. } => EventType::DocumentAdded,
            DomainEvent::DocumentReviewed { .. } => EventType::DocumentReviewed,
            DomainEvent::DocumentPublished { .. } => EventType::DocumentPublished,
        }
    }
}

/// The closed list of event types: the journal's `kind`, what a webhook subscribes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventType {
    #[serde(rename = "dossier.created")]
    DossierCreated,
    #[serde(rename = "month.status_changed")]
    MonthStatusChanged,
    #[serde(rename = "month.hours_saved")]
    HoursSaved,
    #[serde(rename = "month.prepared")]
    MonthPrepared,
    #[serde(rename = "month.certified")]
    MonthCertified,
    #[serde(rename = "month.validated")]
    MonthValidated,
    #[serde(rename = "month.contested")]
    MonthContested,
    #[serde(rename = "certificate.superseded")]
    CertificateSuperseded,
    #[serde(rename = "month.reopened")]
    MonthReopened,
    #[serde(rename = "month.closed")]
    MonthClosed,
    #[serde(rename = "month.locked_by_payment")]
    MonthLockedByPayment,
    #[serde(rename = "month.transmitted")]
    MonthTransmitted,
    #[serde(rename = "payment.recorded")]
    PaymentRecorded,
    #[serde(rename = "message.received")]
    MessageReceived,
    #[serde(rename = "document.added")]
    DocumentAdded,
    #[serde(rename = "document.reviewed")]
    DocumentReviewed,
    #[serde(rename = "document.published")]
    DocumentPublished,
}

impl EventType {
    pub const ALL: [EventType; 17] = [
        EventType::DossierCreated,
        EventType::MonthStatusChanged,
        EventType::HoursSaved,
        EventType::MonthPrepared,
        EventType::MonthCertified,
        EventType::MonthValidated,
        EventType::MonthContested,
        EventType::CertificateSuperseded,
        EventType::MonthReopened,
        EventType::MonthClosed,
        EventType::MonthLockedByPayment,
        EventType::MonthTransmitted,
        EventType::PaymentRecorded,
        EventType::MessageReceived,
        EventType::DocumentAdded,
        EventType::DocumentReviewed,
        EventType::DocumentPublished,
    ];

    /// The journal name, e.g. `month.certified`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::DossierCreated => "dossier.created",
            EventType::MonthStatusChanged => "month.status_changed",
            EventType::HoursSaved => "month.hours_saved",
            EventType::MonthPrepared => "month.prepared",
            EventType::MonthCertified => "month.certified",
            EventType::MonthValidated => "month.validated",
            EventType::MonthContested => "month.contested",
            EventType::CertificateSuperseded => "certificate.superseded",
            EventType::MonthReopened => "month.reopened",
            EventType::MonthClosed => "month.closed",
            EventType::MonthLockedByPayment => "month.locked_by_payment",
            EventType::MonthTransmitted => "month.transmitted",
            EventType::PaymentRecorded => "payment.recorded",
            EventType::MessageReceived => "message.received",
            EventType::DocumentAdded => "document.added",
            EventType::DocumentReviewed => "document.reviewed",
            EventType::DocumentPublished => "document.published",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// What the event says, in French, beside its name on the «Développeurs» page.
    pub fn label_fr(self) -> &'static str {
        match self {
            EventType::DossierCreated => "Dossier créé",
            EventType::MonthStatusChanged => "Changement de statut d'un mois",
            EventType::HoursSaved => "Heures enregistrées",
            EventType::MonthPrepared => "Saisie des heures certifiée",
            EventType::MonthCertified => "Mois certifié",
            EventType::MonthValidated => "Mois validé par le bénéficiaire ou l'employeur",
            EventType::MonthContested => "Mois contesté",
            EventType::CertificateSuperseded => "Certificat remplacé",
            EventType::MonthReopened => "Mois rouvert",
            EventType::MonthClosed => "Mois clôturé",
            EventType::MonthLockedByPayment => "Mois verrouillé par un règlement",
            EventType::MonthTransmitted => "Heures transmises",
            EventType::PaymentRecorded => "Règlement enregistré",
            EventType::MessageReceived => "Message reçu dans «\u{a0}Mes échanges\u{a0}»",
            EventType::DocumentAdded => "Document joint à un dossier",
            EventType::DocumentReviewed => "Document de l'organisme contrôlé",
            EventType::DocumentPublished => "Document publié aux organismes",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_serialises_as_its_journal_name() {
        for t in EventType::ALL {
            assert_eq!(
                serde_json::to_value(t).ok(),
                Some(serde_json::Value::String(t.as_str().to_owned()))
            );
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
    }

    #[test]
    fn every_type_has_its_own_french_label() {
        let labels: std::collections::BTreeSet<&str> = EventType::ALL
            .into_iter()
            .map(EventType::label_fr)
            .collect();
        assert_eq!(labels.len(), EventType::ALL.len());
        assert!(labels.iter().all(|l| !l.trim().is_empty()));
    }

    #[test]
    fn a_status_change_names_both_statuses() {
        let e = DomainEvent::MonthStatusChanged {
            from: MonthStatus::AwaitingEntry,
            to: MonthStatus::Draft,
            version: 3,
        };
        let v = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(v["event"], "month.status_changed");
        assert_eq!(v["from"], "awaiting_entry");
        assert_eq!(v["to"], "draft");
        assert_eq!(e.kind(), "month.status_changed");
    }
}
