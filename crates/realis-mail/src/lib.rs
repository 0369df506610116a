//! E-mails of Réalis: one typed message per e-mail, rendered to French text and HTML by its
//! `render()` (`templates`: accounts, codes, validations; `accounts`: certifier designations;
//! `months`: what happened to a month; `reminders`: the daily digest), and the transports that
//! deliver them (`transport`): SMTP through lettre, `.eml` files in the data directory (the
//! embedded default), or memory (tests). The app fills a message with domain values; it never
//! writes a subject or a sentence itself.
//!
//! Knows nothing of the database: the outbox lives in `realis-store`, the retry loop in
//! `realis-app`. Depends only on `realis-domain`: the values the messages show and French
//! typography (`realis_domain::fr`).

pub mod accounts;
pub mod months;
pub mod reminders;
pub mod templates;
pub mod transport;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use accounts::{CertifierDesignated, CertifierReviewed};
pub use months::{
    CertificationDone, HoursContested, MonthClosed, MonthLockedByPayment, MonthReopened,
};
pub use reminders::{DailyReminder, EvidenceCheckpoint, PendingMonth};
pub use templates::{
    CertificationCode, CertificationLocked, DocumentReviewed, Invitation, LoginFailures,
    PasswordReset, RenderedMail, ValidationRequested,
};
pub use transport::{MailError, Mailer, SentMail};
