//! The unit of work of a use case that writes: one transaction (on SQLite the write lock is
//! taken first, so that concurrent writers queue instead of failing), the audit records from a
//! typed [`AuditAction`], the e-mails queued in the outbox, the domain events of the journal,
//! then one commit that wakes the outbox sender when mail was queued. No use case writes these
//! by hand.

use chrono::{DateTime, Utc};
use realis_domain::audit::AuditAction;
use realis_domain::events::{DomainEvent, EventSubject};
use realis_mail::RenderedMail;
use realis_store::Tx;
use realis_store::audit::{self, AuditEntry};
use realis_store::outbox::NewOutboxMail;

use crate::{Actor, App, AppError, RequestMeta};

/// A write in progress; dropped without [`Unit::commit`], it rolls back.
pub struct Unit<'a> {
    app: &'a App,
    txn: Tx,
    now: DateTime<Utc>,
    mail_queued: bool,
}

/// One audit record: who did what to which object, from where, with what details.
pub struct Audit<'m> {
    pub action: AuditAction,
    pub object_id: String,
    pub meta: Option<&'m RequestMeta>,
    /// Whether the user agent is recorded along with the IP.
    pub user_agent: bool,
    pub data: serde_json::Value,
}

impl<'m> Audit<'m> {
    /// `action` on the object `object_id` (of the action's object kind).
    pub fn of(action: AuditAction, object_id: impl ToString) -> Audit<'m> {
        Audit {
            action,
            object_id: object_id.to_string(),
            meta: None,
            user_agent: false,
            data: serde_json::Value::Null,
        }
    }

    /// Records the request's IP and user agent.
    pub fn from(mut self, meta: &'m RequestMeta) -> Audit<'m> {
        self.meta = Some(meta);
        self.user_agent = true;
        self
    }

    /// Records the request's IP only.
    pub fn ip(mut self, meta: &'m RequestMeta) -> Audit<'m> {
        self.meta = Some(meta);
        self
    }

    pub fn data(mut self, data: serde_json::Value) -> Audit<'m> {
        self.data = data;
        self
    }
}

impl App {
    /// Starts a unit of work at the clock's current instant.
    pub async fn unit(&self) -> Result<Unit<'_>, AppError> {
        let txn = self.db.begin_write().await?;
        Ok(Unit {
            app: self,
            txn,
            now: self.clock.now(),
            mail_queued: false,
        })
    }
}

impl<'a> Unit<'a> {
    /// The transaction, for the store's repositories.
    pub fn tx(&self) -> &Tx {
        &self.txn
    }

    /// The instant of the unit: every row it writes carries it.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Appends an audit record of `actor` to the chain.
    pub async fn audit(&self, actor: &Actor, record: Audit<'_>) -> Result<(), AppError> {
        let mut entry = actor.audit(record.action, record.object_id);
        if let Some(meta) = record.meta {
            entry.ip = meta.ip.clone();
            if record.user_agent {
                entry.user_agent = meta.user_agent.clone();
            }
        }
        entry.data = record.data;
        self.append(entry).await
    }

    /// Appends an audit record written out in full (an anonymous or system action).
    pub async fn append(&self, entry: AuditEntry) -> Result<(), AppError> {
        audit::append(&self.txn, &self.app.audit_key, entry, self.now).await?;
        Ok(())
    }

    /// Queues a rendered e-mail to `to` in the outbox; it leaves after the commit.
    pub async fn mail(&mut self, to: &str, mail: RenderedMail) -> Result<(), AppError> {
        realis_store::outbox::enqueue(
            &self.txn,
            NewOutboxMail {
                to: to.to_owned(),
                subject: mail.subject,
                text: mail.text,
                html: mail.html,
            },
            self.now,
        )
        .await?;
        self.mail_queued = true;
        Ok(())
    }

    /// Records a domain event in the journal.
    pub async fn event(
        &self,
        actor: Option<&Actor>,
        subject: EventSubject,
        event: DomainEvent,
    ) -> Result<(), AppError> {
        realis_store::events::append(
            &self.txn,
            &event,
            subject,
            actor.map(|a| a.user_id),
            self.now,
        )
        .await?;
        Ok(())
    }

    /// Commits, then wakes the outbox sender if mail was queued.
    pub async fn commit(self) -> Result<(), AppError> {
        realis_store::commit(self.txn).await?;
        if self.mail_queued {
            self.app.outbox_wakeup.notify_one();
        }
        Ok(())
    }
}
