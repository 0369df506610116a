//! The OF's identity («Votre identité», SPEC F1): field rules, the Kbis / consent-letter review
//! lifecycle, and certification readiness.

mod correction;
mod documents;
mod fields;
mod identity;
mod readiness;
mod record;
#[cfg(test)]
mod tests;

pub use correction::{MAX_REASON_CHARS, SiretChange, siret_change};
pub use documents::{Document, DocumentKind, DocumentStatus, ReviewDecision, ReviewError};
pub use fields::{parse_phone, parse_postal_code, parse_website};
pub use identity::{FieldIssue, Identity, IdentityInput, validate_identity};
pub use readiness::{Readiness, ReadinessFacts, ReadinessItem, readiness};
pub use record::Organisation;
