//! An e-mail queued in the outbox, with where its delivery stands (the sender reads it back).

use chrono::{DateTime, Utc};

/// One queued e-mail: the rendered message and its delivery state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// `pending`, `sent` or `failed` (after the last attempt).
    pub status: String,
    /// Attempts made so far.
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    /// Leased by a sender until then.
    pub locked_until: Option<DateTime<Utc>>,
    /// The last failure, cut to 500 characters.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}
