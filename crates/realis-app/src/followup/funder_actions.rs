//! Reopen and close by the funder (SPEC F8).

use crate::shared::month_subject;
use crate::unit::Audit;
use realis_api_types::{MonthView, ReopenRequest};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::events::{DomainEvent, Superseded};
use realis_domain::{MonthAction, Period};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::shared::beneficiary_name as beneficiary;
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
        let status = m.status.on_date(period, self.clock.today());
        let next = status.apply(action)?;
        let (audited, event) = match action {
            MonthAction::Reopen => (
                AuditAction::Reopened,
                DomainEvent::MonthReopened {
                    reason: reason.unwrap_or_default().to_owned(),
                },
            ),
            _ => (AuditAction::Closed, DomainEvent::MonthClosed),
        };
        let link = self.month_link(d.id, &m.period.to_string());
        let recipients = self.organisation_recipients(d.organisation_id).await?;
        let mut unit = self.unit().await?;
        unit.move_month(actor, &d, &m, status, next).await?;
        if action == MonthAction::Reopen {
            unit.supersede_certificate(actor, &d, &m, Superseded::Reopened)
                .await?;
        }
        unit.audit(
            actor,
            Audit::of(audited, m.id).from(meta).data(
                json!({ "dossier_id": d.id, "period": m.period, "from": status.as_str(), "to": next.as_str(), "reason": reason }),
            ),
        )
        .await?;
        unit.event(Some(actor), month_subject(&d, period), event)
            .await?;
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
            unit.mail(&email, mail).await?;
        }
        unit.commit().await?;
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
                FieldCode::Required,
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
