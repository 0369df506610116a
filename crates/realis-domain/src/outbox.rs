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
    pub priority: MailPriority,
}

/// Which queued e-mails leave first: someone waits for an urgent one (a verification code, a
/// password reset link) and it must not queue behind a backlog of notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum MailPriority {
    /// Notifications, invitations, reminders, summaries.
    #[default]
    Normal,
    /// A message its reader is waiting for on screen.
    Urgent,
}

impl MailPriority {
    /// The stored value: `1` urgent, `0` normal.
    pub fn as_i16(self) -> i16 {
        match self {
            MailPriority::Normal => 0,
            MailPriority::Urgent => 1,
        }
    }

    /// Reads a stored value; anything but `1` is normal.
    pub fn from_i16(v: i16) -> Self {
        if v == 1 {
            MailPriority::Urgent
        } else {
            MailPriority::Normal
        }
    }
}
