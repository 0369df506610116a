//! The outbox sender (R4): sends queued e-mails after commit, retries with backoff, and never
//! blocks a request. Safe with several instances (rows are leased). A pass drains the whole
//! queue, urgent messages (codes, reset links) first.

use std::time::Duration as StdDuration;

use chrono::Duration;
use futures_util::{StreamExt, stream};
use realis_domain::outbox::OutboxMail;
use realis_mail::RenderedMail;
use realis_store::outbox;

use crate::{App, AppError};

/// Attempts before a message is marked `failed`.
pub const MAX_ATTEMPTS: i32 = 10;

/// Backoff after the n-th failure: 30 s, 1 min, 2 min… capped at one hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = u32::try_from(attempts.clamp(0, 7)).unwrap_or(0);
    Duration::seconds((30i64 << exp).min(3600))
}

/// Rows claimed per pass (each leased for two minutes).
const PASS: usize = 20;
/// Messages in flight at once (the SMTP transport pools its connections).
const IN_FLIGHT: usize = 4;

impl App {
    /// Sends everything that is due, urgent messages first, a few at a time, pass after pass
    /// until the queue is drained; returns how many were sent.
    pub async fn send_due_mail(&self) -> Result<usize, AppError> {
        let mut sent = 0;
        loop {
            let now = self.clock.now();
            let rows =
                outbox::claim_due(&self.db.conn, now, Duration::minutes(2), PASS as u64).await?;
            let claimed = rows.len();
            let results: Vec<Result<bool, AppError>> = stream::iter(rows)
                .map(|row| self.send_one(row))
                .buffer_unordered(IN_FLIGHT)
                .collect()
                .await;
            for r in results {
                sent += usize::from(r?);
            }
            if claimed < PASS {
                return Ok(sent);
            }
        }
    }

    /// Sends one claimed row and records the outcome: `true` when it left.
    async fn send_one(&self, row: OutboxMail) -> Result<bool, AppError> {
        let mail = RenderedMail {
            subject: row.subject.clone(),
            text: row.text_body.clone(),
            html: row.html_body.clone(),
        };
        match self.mailer.send(&row.to_address, &mail).await {
            Ok(()) => {
                outbox::mark_sent(&self.db.conn, row.id, self.clock.now()).await?;
                Ok(true)
            }
            Err(e) => {
                tracing::warn!(outbox_id = row.id, error = %e, "e-mail not sent; will retry");
                let next = self.clock.now() + backoff(row.attempts);
                outbox::mark_failed(&self.db.conn, &row, &e.to_string(), next, MAX_ATTEMPTS)
                    .await?;
                Ok(false)
            }
        }
    }

    /// Runs the sender forever: on wake-up after a commit, and every `poll` otherwise.
    pub async fn run_outbox_sender(self, poll: StdDuration) {
        loop {
            if let Err(e) = self.send_due_mail().await {
                tracing::warn!(error = %e, "outbox pass failed");
            }
            tokio::select! {
                _ = self.outbox_wakeup.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(0), Duration::seconds(30));
        assert_eq!(backoff(1), Duration::seconds(60));
        assert_eq!(backoff(9), Duration::seconds(3600));
    }
}
