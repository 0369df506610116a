//! The two documents of the online certifier (Kbis, consent letter) and their review.

use serde::{Deserialize, Serialize};

/// The two documents of the online certifier (SPEC F1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentKind {
    Kbis,
    ConsentLetter,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 2] = [DocumentKind::Kbis, DocumentKind::ConsentLetter];

    /// The word that agrees with the document's gender: «Kbis contrôlé», «Lettre de
    /// consentement contrôlée».
    pub fn agree(self, masculine: &'static str, feminine: &'static str) -> &'static str {
        match self {
            DocumentKind::Kbis => masculine,
            DocumentKind::ConsentLetter => feminine,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Kbis => "kbis",
            DocumentKind::ConsentLetter => "consent_letter",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            DocumentKind::Kbis => "Kbis",
            DocumentKind::ConsentLetter => "Lettre de consentement",
        }
    }

    /// «le Kbis», «la lettre de consentement» (Kbis keeps its capital).
    pub fn with_article_fr(self) -> &'static str {
        match self {
            DocumentKind::Kbis => "le Kbis",
            DocumentKind::ConsentLetter => "la lettre de consentement",
        }
    }

    /// The guide's line for a document not provided yet: «Vous devez fournir la lettre de
    /// consentement».
    pub fn required_fr(self) -> String {
        format!("Vous devez fournir {}", self.with_article_fr())
    }
}

/// Review status of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentStatus {
    /// «En attente de contrôle».
    Pending,
    /// «Contrôlé le …».
    Accepted,
    /// «Refusé le … : motif».
    Rejected,
}

/// A reviewer's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewDecision {
    Accept,
    Reject { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("only a document awaiting review can be reviewed")]
    NotPending,
    #[error("a rejection needs a reason")]
    ReasonRequired,
}

impl DocumentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::Pending => "pending",
            DocumentStatus::Accepted => "accepted",
            DocumentStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentStatus> {
        [
            DocumentStatus::Pending,
            DocumentStatus::Accepted,
            DocumentStatus::Rejected,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }

    /// The one review transition: only `pending` is reviewed; a rejection carries a reason.
    pub fn review(self, decision: &ReviewDecision) -> Result<DocumentStatus, ReviewError> {
        if self != DocumentStatus::Pending {
            return Err(ReviewError::NotPending);
        }
        match decision {
            ReviewDecision::Accept => Ok(DocumentStatus::Accepted),
            ReviewDecision::Reject { reason } if reason.trim().is_empty() => {
                Err(ReviewError::ReasonRequired)
            }
            ReviewDecision::Reject { .. } => Ok(DocumentStatus::Rejected),
        }
    }
}

/// An organisation's document (Kbis, consent letter) as uploaded and reviewed; the latest of
/// each kind is current, the older ones stay as history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: i64,
    pub organisation_id: i64,
    pub kind: DocumentKind,
    pub file_id: i64,
    pub status: DocumentStatus,
    /// Why the agent refused it.
    pub reason: Option<String>,
    pub uploaded_by: i64,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<chrono::DateTime<chrono::Utc>>,
}
