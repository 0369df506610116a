//! Queueing an e-mail in the outbox, in the caller's transaction.

use chrono::{DateTime, Utc};
use realis_store::outbox::NewOutboxMail;

use crate::AppError;

/// Writes a rendered e-mail to the outbox, in the caller's transaction.
pub(crate) async fn queue_mail(
    db: &impl realis_store::Conn,
    to: &str,
    mail: realis_mail::RenderedMail,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    realis_store::outbox::enqueue(
        db,
        NewOutboxMail {
            to: to.to_owned(),
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            priority: realis_domain::outbox::MailPriority::Normal,
        },
        now,
    )
    .await?;
    Ok(())
}
