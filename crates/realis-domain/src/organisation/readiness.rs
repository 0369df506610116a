//! Certification readiness: what blocks certification, limits it to upload mode, or warns.

use serde::{Deserialize, Serialize};

use crate::designation::DesignationStatus;

use super::documents::DocumentStatus;

/// One reason why certification is blocked, limited to upload mode, or warned about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReadinessItem {
    NoLegalRepresentative,
    NoLogo,
    NoStamp,
    NotCertifier,
    UserNotCertifier,
    DesignationPending,
    DesignationRejected,
    KbisMissing,
    KbisPending,
    KbisRejected,
    ConsentLetterMissing,
    ConsentLetterPending,
    ConsentLetterRejected,
}

impl ReadinessItem {
    pub const ALL: &'static [ReadinessItem] = &[
        ReadinessItem::NoLegalRepresentative,
        ReadinessItem::NoLogo,
        ReadinessItem::NoStamp,
        ReadinessItem::NotCertifier,
        ReadinessItem::UserNotCertifier,
        ReadinessItem::DesignationPending,
        ReadinessItem::DesignationRejected,
        ReadinessItem::KbisMissing,
        ReadinessItem::KbisPending,
        ReadinessItem::KbisRejected,
        ReadinessItem::ConsentLetterMissing,
        ReadinessItem::ConsentLetterPending,
        ReadinessItem::ConsentLetterRejected,
    ];

    pub fn message_fr(self) -> &'static str {
        match self {
            ReadinessItem::NoLegalRepresentative => {
                "Renseignez le nom du représentant légal dans «\u{a0}Votre identité\u{a0}»."
            }
            ReadinessItem::NoLogo => {
                "Ajoutez le logo de votre organisme dans «\u{a0}Votre identité\u{a0}»."
            }
            ReadinessItem::NoStamp => {
                "Aucun cachet n'est enregistré\u{a0}: la certification étant valide, le process suit son cours."
            }
            ReadinessItem::NotCertifier => {
                "Cochez «\u{a0}Je suis certificateur\u{a0}» pour la certification 100 % dématérialisée."
            }
            ReadinessItem::UserNotCertifier => {
                "Votre compte n'est pas désigné certificateur de l'organisme."
            }
            ReadinessItem::DesignationPending => {
                "Désignation en attente de contrôle par votre Transitions Pro"
            }
            ReadinessItem::DesignationRejected => "Désignation refusée par votre Transitions Pro",
            ReadinessItem::KbisMissing => "Vous devez fournir le Kbis.",
            ReadinessItem::KbisPending => {
                "Le Kbis est en attente de contrôle par votre Transitions Pro."
            }
            ReadinessItem::KbisRejected => "Le Kbis a été refusé\u{a0}: déposez-en un nouveau.",
            ReadinessItem::ConsentLetterMissing => "Vous devez fournir la lettre de consentement.",
            ReadinessItem::ConsentLetterPending => {
                "La lettre de consentement est en attente de contrôle par votre Transitions Pro."
            }
            ReadinessItem::ConsentLetterRejected => {
                "La lettre de consentement a été refusée\u{a0}: déposez-en une nouvelle."
            }
        }
    }
}

/// What readiness is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadinessFacts {
    pub legal_representative: bool,
    pub logo: bool,
    pub stamp: bool,
    /// «Je suis certificateur» ticked for the organisation.
    pub certifier: bool,
    /// The acting user's current designation as certifier (`None`: not designated).
    pub designation: Option<DesignationStatus>,
    pub kbis: Option<DocumentStatus>,
    pub consent_letter: Option<DocumentStatus>,
}

/// Certification readiness (SPEC F1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Readiness {
    /// Certification is impossible until these are fixed.
    pub blocking: Vec<ReadinessItem>,
    /// Shown, not blocking.
    pub warnings: Vec<ReadinessItem>,
    /// Why online (100 % dématérialisée) certification is not available; empty when it is.
    pub online_missing: Vec<ReadinessItem>,
    pub online_available: bool,
}

fn document_item(
    status: Option<DocumentStatus>,
    missing: ReadinessItem,
    pending: ReadinessItem,
    rejected: ReadinessItem,
) -> Option<ReadinessItem> {
    match status {
        None => Some(missing),
        Some(DocumentStatus::Pending) => Some(pending),
        Some(DocumentStatus::Rejected) => Some(rejected),
        Some(DocumentStatus::Accepted) => None,
    }
}

/// Computes readiness from the facts.
pub fn readiness(f: ReadinessFacts) -> Readiness {
    let mut blocking = Vec::new();
    if !f.legal_representative {
        blocking.push(ReadinessItem::NoLegalRepresentative);
    }
    if !f.logo {
        blocking.push(ReadinessItem::NoLogo);
    }
    let mut online_missing = Vec::new();
    if !f.certifier {
        online_missing.push(ReadinessItem::NotCertifier);
    }
    online_missing.extend(document_item(
        f.kbis,
        ReadinessItem::KbisMissing,
        ReadinessItem::KbisPending,
        ReadinessItem::KbisRejected,
    ));
    online_missing.extend(document_item(
        f.consent_letter,
        ReadinessItem::ConsentLetterMissing,
        ReadinessItem::ConsentLetterPending,
        ReadinessItem::ConsentLetterRejected,
    ));
    if !f.stamp {
        online_missing.push(ReadinessItem::NoStamp);
    }
    online_missing.extend(match f.designation {
        None | Some(DesignationStatus::Withdrawn) => Some(ReadinessItem::UserNotCertifier),
        Some(DesignationStatus::Pending) => Some(ReadinessItem::DesignationPending),
        Some(DesignationStatus::Rejected) => Some(ReadinessItem::DesignationRejected),
        Some(DesignationStatus::Accepted) => None,
    });
    let warnings = if f.stamp {
        Vec::new()
    } else {
        vec![ReadinessItem::NoStamp]
    };
    let online_available = blocking.is_empty() && online_missing.is_empty();
    Readiness {
        blocking,
        warnings,
        online_missing,
        online_available,
    }
}
