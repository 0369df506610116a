//! The unit of work of a use case that writes: one transaction (on SQLite the write lock is
//! taken first, so that concurrent writers queue instead of failing), the audit records from a
//! typed [`AuditAction`], the e-mails queued in the outbox, the domain events of the journal
//! (with a webhook delivery for each subscription listening), then one commit that wakes the
//! outbox and webhook senders when something was queued. No use case writes these by hand.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use realis_domain::audit::AuditAction;
use realis_domain::dossier::Dossier;
use realis_domain::events::{DomainEvent, EventSubject};
use realis_domain::month::Month;
use realis_domain::outbox::MailPriority;
use realis_domain::{MonthStatus, Role};
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
    webhooks_queued: AtomicBool,
}

/// One audit record: what was done to which object, from where, with what details (who did it
/// is the [`By`] it is appended with).
pub struct Audit<'m> {
    pub action: AuditAction,
    /// The object's id (`None`: the action names no known object, e.g. a login naming no account).
    pub object_id: Option<String>,
    /// Whether the record names the kind of object it acts on (the platform's own actions act on
    /// none).
    pub object_kind: bool,
    pub meta: Option<&'m RequestMeta>,
    /// Whether the user agent is recorded along with the IP.
    pub user_agent: bool,
    pub data: serde_json::Value,
}

impl<'m> Audit<'m> {
    /// `action` on the object `object_id` (of the action's object kind).
    pub fn of(action: AuditAction, object_id: impl ToString) -> Audit<'m> {
        Audit::of_maybe(action, Some(object_id))
    }

    /// `action` on the object `object_id` if one is known.
    pub fn of_maybe(action: AuditAction, object_id: Option<impl ToString>) -> Audit<'m> {
        Audit {
            action,
            object_id: object_id.map(|id| id.to_string()),
            object_kind: true,
            meta: None,
            user_agent: false,
            data: serde_json::Value::Null,
        }
    }

    /// `action` on no object at all (the platform's own actions).
    pub fn without_object(action: AuditAction) -> Audit<'m> {
        Audit {
            object_kind: false,
            ..Audit::of_maybe(action, None::<String>)
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

/// Who an audit record names.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    /// A signed-in user: its id, role, organisation and funder.
    Actor(&'a Actor),
    /// Someone not signed in (a login, an e-mailed link), named by the account concerned: its id
    /// when one is known and, where the record names it, its role; never its organisation or
    /// funder.
    Account {
        user_id: Option<i64>,
        role: Option<Role>,
    },
    /// Nobody: the platform's own actions.
    Platform,
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
            webhooks_queued: AtomicBool::new(false),
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
        self.audit_by(By::Actor(actor), record).await
    }

    /// Appends an audit record of `by` to the chain.
    pub async fn audit_by(&self, by: By<'_>, record: Audit<'_>) -> Result<(), AppError> {
        let action = record.action;
        let mut entry = AuditEntry {
            action: action.as_str().to_owned(),
            object_type: record
                .object_kind
                .then(|| action.object().as_str().to_owned()),
            object_id: record.object_id,
            data: record.data,
            ..Default::default()
        };
        match by {
            By::Actor(actor) => {
                entry.actor_user_id = Some(actor.user_id);
                entry.actor_role = Some(actor.role.as_str().to_owned());
                entry.organisation_id = actor.organisation_id;
                entry.funder_id = actor.funder_id;
            }
            By::Account { user_id, role } => {
                entry.actor_user_id = user_id;
                entry.actor_role = role.map(|r| r.as_str().to_owned());
            }
            By::Platform => {}
        }
        if let Some(meta) = record.meta {
            entry.ip = meta.ip.clone();
            if record.user_agent {
                entry.user_agent = meta.user_agent.clone();
            }
        }
        audit::append(&self.txn, &self.app.audit_key, entry, self.now).await?;
        Ok(())
    }

    /// Queues a rendered e-mail to `to` in the outbox; it leaves after the commit.
    pub async fn mail(&mut self, to: &str, mail: RenderedMail) -> Result<(), AppError> {
        self.queue_mail(to, mail, MailPriority::Normal).await
    }

    /// Queues an e-mail its reader waits for on screen (a code, a reset link): it leaves before
    /// any backlog of notifications.
    pub async fn urgent_mail(&mut self, to: &str, mail: RenderedMail) -> Result<(), AppError> {
        self.queue_mail(to, mail, MailPriority::Urgent).await
    }

    async fn queue_mail(
        &mut self,
        to: &str,
        mail: RenderedMail,
        priority: MailPriority,
    ) -> Result<(), AppError> {
        realis_store::outbox::enqueue(
            &self.txn,
            NewOutboxMail {
                to: to.to_owned(),
                subject: mail.subject,
                text: mail.text,
                html: mail.html,
                priority,
            },
            self.now,
        )
        .await?;
        self.mail_queued = true;
        Ok(())
    }

    /// Records a domain event in the journal and queues its delivery to every webhook
    /// subscription that listens to it and may read its subject.
    pub async fn event(
        &self,
        actor: Option<&Actor>,
        subject: EventSubject,
        event: DomainEvent,
    ) -> Result<(), AppError> {
        let entry = realis_store::events::JournalEntry {
            id: realis_store::events::append(
                &self.txn,
                &event,
                subject,
                actor.map(|a| a.user_id),
                self.now,
            )
            .await?,
            at: self.now,
            subject,
            actor_user_id: actor.map(|a| a.user_id),
            event,
        };
        if crate::webhooks::fan_out(&self.txn, &entry).await? > 0 {
            self.webhooks_queued.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Moves the month `m` of dossier `d` from `from` (its status as shown) to `to` if its version
    /// is still the one read (else [`AppError::StaleVersion`]), and records the change.
    pub async fn move_month(
        &self,
        actor: &Actor,
        d: &Dossier,
        m: &Month,
        from: MonthStatus,
        to: MonthStatus,
    ) -> Result<(), AppError> {
        let moved = realis_store::dossiers::set_month_status(
            &self.txn,
            m.id,
            m.version,
            to,
            actor.user_id,
            self.now,
        )
        .await?;
        if !moved {
            return Err(AppError::StaleVersion);
        }
        self.status_changed(actor, d, m, from, to).await
    }

    /// Marks the month's current certificate superseded and, when there was one, records it.
    pub async fn supersede_certificate(
        &self,
        actor: &Actor,
        d: &Dossier,
        m: &Month,
        because: realis_domain::events::Superseded,
    ) -> Result<(), AppError> {
        if realis_store::certification::supersede(&self.txn, m.id, self.now).await? > 0 {
            self.event(
                Some(actor),
                crate::shared::month_subject(d, m.period),
                DomainEvent::CertificateSuperseded { because },
            )
            .await?;
        }
        Ok(())
    }

    /// Records `month.status_changed` when a write moved the month `m` (read at its version
    /// before the write, which bumped it) from `from` to `to`; nothing when the status stayed.
    pub async fn status_changed(
        &self,
        actor: &Actor,
        d: &Dossier,
        m: &Month,
        from: MonthStatus,
        to: MonthStatus,
    ) -> Result<(), AppError> {
        if from == to {
            return Ok(());
        }
        self.event(
            Some(actor),
            crate::shared::month_subject(d, m.period),
            DomainEvent::MonthStatusChanged {
                from,
                to,
                version: m.version + 1,
            },
        )
        .await
    }

    /// Commits, then wakes the outbox sender if mail was queued.
    pub async fn commit(self) -> Result<(), AppError> {
        realis_store::commit(self.txn).await?;
        if self.mail_queued {
            self.app.outbox_wakeup.notify_one();
        }
        if self.webhooks_queued.into_inner() {
            self.app.webhook_wakeup.notify_one();
        }
        Ok(())
    }
}
