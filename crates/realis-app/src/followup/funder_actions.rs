//! Reopen and close by the funder (SPEC F8).

use realis_api_types::{MonthView, ReopenRequest};
use realis_domain::{MonthAction, Period};
use realis_store::{audit, certification, dossiers};
use serde_json::json;

use crate::auth::{RequestMeta, queue_mail};
use crate::shared::beneficiary_name as beneficiary;
use crate::shared::status_of;
use crate::{Actor, App, AppError};

impl App {
    /// Moves a month by a funder action (reopen, close), auditing it and telling the OF.
    async fn funder_month_action(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        action: MonthAction,
        reason: Option<&str>,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        actor.own_funder()?;
        let (d, m) = self.load_month(actor, id, period).await?;
        let status = status_of(&m)?.on_date(period, self.clock.today());
        let next = status.apply(action)?;
        let name = match action {
            MonthAction::Reopen => "reopened",
            _ => "closed",
        };
        let now = self.clock.now();
        let link = self.month_link(d.id, &m.period);
        let recipients = self.organisation_recipients(d.organisation_id).await?;
        let txn = self.db.begin_write().await?;
        if !dossiers::set_month_status(&txn, m.id, m.version, next, actor.user_id, now).await? {
            return Err(AppError::StaleVersion);
        }
        if action == MonthAction::Reopen {
            certification::supersede(&txn, m.id, now).await?;
        }
        let mut entry = actor.audit(name, "month", m.id);
        entry.ip = meta.ip.clone();
        entry.user_agent = meta.user_agent.clone();
        entry.data = json!({ "dossier_id": d.id, "period": m.period, "from": status.as_str(), "to": next.as_str(), "reason": reason });
        audit::append(&txn, &self.audit_key, entry, now).await?;
        for (recipient, email) in recipients {
            let mail = if action == MonthAction::Reopen {
                realis_mail::MonthReopened {
                    recipient_name: recipient,
                    dossier_number: d.number.clone(),
                    beneficiary: beneficiary(&d),
                    period,
                    reason: reason.unwrap_or_default().to_owned(),
                    link: link.clone(),
                }
                .render()
            } else {
                realis_mail::MonthClosed {
                    recipient_name: recipient,
                    dossier_number: d.number.clone(),
                    beneficiary: beneficiary(&d),
                    period,
                    link: link.clone(),
                }
                .render()
            };
            queue_mail(&txn, &email, mail, now).await?;
        }
        txn.commit().await?;
        self.outbox_wakeup.notify_one();
        self.get_month(actor, id, period).await
    }

    /// `POST /funder/dossiers/{id}/months/{period}/reopen` `{reason}`.
    pub async fn reopen_month(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &ReopenRequest,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        let reason = req.reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(AppError::field(
                "reason",
                "required",
                "Indiquez le motif de la réouverture (500 caractères au plus).",
            ));
        }
        self.funder_month_action(actor, id, period, MonthAction::Reopen, Some(reason), meta)
            .await
    }

    /// `POST /funder/dossiers/{id}/months/{period}/close`.
    pub async fn close_month(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        self.funder_month_action(actor, id, period, MonthAction::Close, None, meta)
            .await
    }
}
