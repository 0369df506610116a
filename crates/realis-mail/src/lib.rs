//! E-mails of Réalis: one typed message per e-mail, rendered to French text and HTML by its
//! `render()`, and the transports that deliver them (`transport`): SMTP through lettre, `.eml`
//! files in the data directory (the embedded default), or memory (tests). The app fills a
//! message with domain values; it never writes a subject or a sentence itself.
//!
//! The messages: `templates` (the shared layout, the account messages), `accounts` (the
//! organisation's documents, certifier designations), `certification` (codes, validation
//! requests), `months` (what happened to a month), `profile` (a password changed, a SIRET corrected), `reminders` (the daily digest), `late` (the funder's reminder of the months late); `french`
//! checks every one of them against French typography.
//!
//! Knows nothing of the database: the outbox lives in `realis-store`, the retry loop in
//! `realis-app`. Of Réalis, depends only on `realis-domain`: the values the messages show and
//! French typography (`realis_domain::fr`); instants are shown in Paris time (chrono-tz).

pub mod accounts;
pub mod api_keys;
pub mod batches;
pub mod certification;
pub mod conversations;
pub mod late;
pub mod months;
pub mod profile;
pub mod reminders;
pub mod templates;
pub mod transport;
pub mod webhooks;

#[cfg(test)]
mod french;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use accounts::{CertifierDesignated, CertifierReviewed, DocumentReviewed};
pub use api_keys::ApiKeyExpiring;
pub use batches::{BatchLine, CertificationBatchCode, CertificationBatchDone};
pub use certification::{CertificationCode, CertificationLocked, ValidationRequested};
pub use conversations::MessageReceived;
pub use late::{LateMonth, LateMonthsReminder};
pub use months::{
    CertificationDone, HoursContested, MonthClosed, MonthLockedByPayment, MonthReopened,
};
pub use profile::{PasswordChanged, SiretCorrected};
pub use reminders::{DailyReminder, EvidenceCheckpoint, PendingMonth};
pub use templates::{Invitation, LoginFailures, PasswordReset, RenderedMail};
pub use templates::{paris_date, paris_datetime};
pub use transport::{MailError, Mailer, SentMail};
pub use webhooks::{WebhookDisabled, WebhookDisabledBecause};
