//! E-mails of Réalis: typed messages rendered to French text and HTML (`templates`), and the
//! transports that deliver them (`transport`): SMTP through lettre, `.eml` files in the data
//! directory (the embedded default), or memory (tests).
//!
//! Knows nothing of the database: the outbox lives in `realis-store`, the retry loop in
//! `realis-app`. Depends only on `realis-domain`: the values the messages show and French
//! typography (`realis_domain::fr`).

pub mod accounts;
pub mod templates;
pub mod transport;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use accounts::{CertifierDesignated, CertifierReviewed};
pub use templates::{
    CertificationCode, CertificationLocked, DocumentReviewed, Invitation, LoginFailures, Notice,
    PasswordReset, RenderedMail, ValidationRequested,
};
pub use transport::{MailError, Mailer, SentMail};
