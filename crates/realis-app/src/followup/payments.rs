//! Payments («Règlements», SPEC F10).

use crate::shared::month_subject;
use crate::unit::Audit;
use realis_api_types::{PaymentRequest, PaymentView};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::events::DomainEvent;
use realis_domain::followup::Payment;
use realis_domain::followup::{self as rules};
use realis_domain::fr;
use realis_store::followup::{self as store, NewPayment};
use realis_store::portfolio::Scope;
use realis_store::{certification, dossiers};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::shared::beneficiary_name as beneficiary;
use crate::{Actor, App, AppError};

impl App {
    fn payment_view(p: Payment) -> PaymentView {
        let (period, kind) = (p.period, p.kind);
        PaymentView {
            id: p.id,
            period,
            period_label: period.label_fr(),
            kind,
            kind_label: kind.label_fr().into(),
            amount_cents: p.amount_cents,
            amount_label: fr::euros(p.amount_cents),
            paid_on: p.paid_on,
            reference: p.reference,
            created_at: p.created_at,
        }
    }

    /// `GET /dossiers/{id}/payments` («Règlements»), for everyone on the dossier.
    pub async fn list_payments(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Vec<PaymentView>, AppError> {
        let scope = crate::dossiers::scope_of(actor).ok_or(AppError::NotFound)?;
        let d = dossiers::find_in_scope(&self.db.conn, scope, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(store::payments_of_dossier(&self.db.conn, d.id)
            .await?
            .into_iter()
            .map(Self::payment_view)
            .collect())
    }

    /// `GET /payments`: the «Règlements» menu, every payment of the reader's dossiers.
    pub async fn payments_page(
        &self,
        actor: &Actor,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<realis_api_types::PaymentPage, AppError> {
        let scope = crate::dossiers::scope_of(actor).ok_or(AppError::Forbidden)?;
        let (page, per_page) = crate::shared::paging(page, per_page);
        let (total, rows) = store::payments_in_scope(&self.db.conn, scope, page, per_page).await?;
        Ok(realis_api_types::PaymentPage {
            items: rows
                .into_iter()
                .map(|(p, d)| realis_api_types::PaymentLine {
                    dossier_id: d.id,
                    dossier_number: d.number.clone(),
                    beneficiary: beneficiary(&d),
                    payment: Self::payment_view(p),
                })
                .collect(),
            total,
            page,
            per_page,
        })
    }

    /// `POST /funder/dossiers/{id}/payments`: a settlement on a period not yet certified locks it.
    pub async fn record_payment(
        &self,
        actor: &Actor,
        id: i64,
        req: &PaymentRequest,
        meta: &RequestMeta,
    ) -> Result<PaymentView, AppError> {
        let funder_id = actor.own_funder()?;
        let d = dossiers::find_in_scope(&self.db.conn, Scope::Funder(funder_id), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut errors = Vec::new();
        let mut bad = |field: &str, code: FieldCode, message: &str| {
            errors.push(realis_api_types::FieldError {
                field: field.into(),
                code,
                message: message.into(),
            })
        };
        if req.amount_cents <= 0 || req.amount_cents > 10_000_000_000 {
            bad(
                "amount_cents",
                FieldCode::InvalidAmount,
                "Montant en centimes, supérieur à zéro.",
            );
        }
        let reference = req.reference.trim();
        if reference.is_empty() || reference.chars().count() > 100 {
            bad(
                "reference",
                FieldCode::Required,
                "Référence du règlement (100 caractères au plus).",
            );
        }
        let m = dossiers::find_month(&self.db.conn, d.id, req.period).await?;
        if m.is_none() {
            bad(
                "period",
                FieldCode::NotInSession,
                "Cette période n'est pas dans la session du dossier.",
            );
        }
        let (Some(m), true) = (m, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let status = m.status.on_date(req.period, self.clock.today());
        let after = rules::after_payment(status, req.kind);
        let now = self.clock.now();
        // Read before the unit begins: a transaction holding SQLite's write lock must not wait
        // for another connection of the pool.
        let recipients = if after != status {
            self.organisation_recipients(d.organisation_id).await?
        } else {
            Vec::new()
        };
        let mut unit = self.unit().await?;
        let p = store::insert_payment(
            unit.tx(),
            NewPayment {
                dossier_id: d.id,
                period: req.period,
                kind: req.kind,
                amount_cents: req.amount_cents,
                paid_on: req.paid_on,
                reference: reference.into(),
                created_by: actor.user_id,
            },
            now,
        )
        .await?;
        unit.audit(actor, Audit::of(AuditAction::PaymentRecorded, d.id).ip(meta).data(json!({ "payment_id": p.id, "period": p.period, "kind": p.kind, "amount_cents": p.amount_cents, "paid_on": p.paid_on, "reference": p.reference }))).await?;
        unit.event(
            Some(actor),
            month_subject(&d, req.period),
            DomainEvent::PaymentRecorded {
                payment_id: p.id,
                payment_kind: req.kind,
                period: req.period,
                amount_cents: req.amount_cents,
            },
        )
        .await?;
        if after != status {
            unit.move_month(actor, &d, &m, status, after).await?;
            unit.audit(actor, Audit::of(AuditAction::LockedPaid, m.id).data(json!({ "dossier_id": d.id, "period": m.period, "payment_id": p.id, "from": status.as_str() }))).await?;
            unit.event(
                Some(actor),
                month_subject(&d, req.period),
                DomainEvent::MonthLockedByPayment { payment_id: p.id },
            )
            .await?;
            // Any code sent for the month is void.
            certification::invalidate_codes(unit.tx(), m.id, now).await?;
            for (name, email) in recipients {
                let mail = realis_mail::MonthLockedByPayment {
                    recipient_name: name,
                    dossier_number: d.number.clone(),
                    beneficiary: beneficiary(&d),
                    period: req.period,
                    link: self.month_link(d.id, &m.period.to_string()),
                }
                .render();
                unit.mail(&email, mail).await?;
            }
        }
        unit.commit().await?;
        Ok(Self::payment_view(p))
    }
}
