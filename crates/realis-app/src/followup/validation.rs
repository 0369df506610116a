//! Validation and contest by the beneficiary and the employer (SPEC F8).

use crate::shared::month_subject;
use crate::unit::Audit;
use realis_api_types::{MonthView, ValidationRequest, ValidationView};
use realis_domain::FieldCode;
use realis_domain::MonthCommand;
use realis_domain::audit::AuditAction;
use realis_domain::conversation::{MessageKind, Topic};
use realis_domain::events::{DomainEvent, Superseded};
use realis_domain::followup::Validation;
use realis_domain::followup::{self as rules, Decision, ValidationRefusal, Validator};
use realis_domain::{Hours, MonthStatus, Period, fr};
use realis_store::followup as store;
use realis_store::portfolio;
use realis_store::{certification, users};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::conversations::post::PlatformMessage;
use crate::shared::beneficiary_name as beneficiary;
use crate::{Actor, App, AppError};

impl App {
    /// The OF's addresses for a notice: its users (enabled) and its own address.
    pub(crate) async fn organisation_recipients(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<(String, String)>, AppError> {
        let mut out: Vec<(String, String)> =
            users::list_for_organisation(&self.db.conn, organisation_id)
                .await?
                .into_iter()
                .filter(|u| !u.disabled)
                .map(|u| (u.display_name, u.email))
                .collect();
        if let Some(org) = portfolio::find_organisation(&self.db.conn, organisation_id).await?
            && out.iter().all(|r| r.1 != org.email)
        {
            out.push((org.name, org.email));
        }
        Ok(out)
    }

    /// Validations and contests of a month, for the month view.
    /// The latest contest of a contested month (`None` for any other status).
    async fn latest_contest(
        &self,
        month_id: i64,
        status: MonthStatus,
    ) -> Result<Option<Validation>, AppError> {
        if status != MonthStatus::Contested {
            return Ok(None);
        }
        Ok(store::validations_of_month(&self.db.conn, month_id)
            .await?
            .into_iter()
            .rev()
            .find(|v| v.decision == Decision::Contest))
    }

    /// Who contested a contested month, for its label.
    pub(crate) async fn contested_by(
        &self,
        month_id: i64,
        status: MonthStatus,
    ) -> Result<Option<realis_domain::followup::Validator>, AppError> {
        Ok(self.latest_contest(month_id, status).await?.map(|v| v.role))
    }

    /// Who contested a contested month, when and why (the dashboard row's note).
    pub(crate) async fn contest_note(
        &self,
        month_id: i64,
        status: MonthStatus,
    ) -> Result<Option<realis_api_types::ContestNote>, AppError> {
        let Some(v) = self.latest_contest(month_id, status).await? else {
            return Ok(None);
        };
        let role = v.role;
        let by = users::find_by_id(&self.db.conn, v.user_id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        Ok(Some(realis_api_types::ContestNote {
            role,
            by,
            comment: v.comment,
            at: v.created_at,
        }))
    }

    pub(crate) async fn month_validations(
        &self,
        month_id: i64,
    ) -> Result<Vec<ValidationView>, AppError> {
        let mut out = Vec::new();
        for v in store::validations_of_month(&self.db.conn, month_id).await? {
            let by = users::find_by_id(&self.db.conn, v.user_id)
                .await?
                .map(|u| u.display_name)
                .unwrap_or_default();
            out.push(ValidationView {
                role: v.role.as_str().to_owned(),
                decision: v.decision,
                comment: v.comment,
                by,
                at: v.created_at,
            });
        }
        Ok(out)
    }

    /// `POST /dossiers/{id}/months/{period}/validation`: «Valider» or «Contester» (F8).
    pub async fn decide_month(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &ValidationRequest,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        let who = Validator::of_role(actor.role).ok_or(AppError::Forbidden)?;
        let status = m.status.on_date(period, self.clock.today());
        let comment = req
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if comment.is_some_and(|c| c.chars().count() > 2000) {
            return Err(AppError::field(
                "comment",
                FieldCode::TooLong,
                "2000 caractères au plus.",
            ));
        }
        // The flow in force when the month was certified, not the funder's current setting: a
        // change of the setting applies to later certifications only (#8 item 13).
        let cert = certification::current_certificate(&self.db.conn, m.id).await?;
        let setting = cert.as_ref().map(|c| c.validations).unwrap_or_default();
        let next =
            rules::decide(status, setting, who, req.decision, comment).map_err(|e| match e {
                ValidationRefusal::CommentRequired => AppError::field(
                    "comment",
                    FieldCode::Required,
                    "Expliquez pourquoi vous contestez ces heures.",
                ),
                ValidationRefusal::NotYourTurn => AppError::NotAllowed {
                    command: match req.decision {
                        rules::Decision::Validate => MonthCommand::Validate,
                        rules::Decision::Contest => MonthCommand::Contest,
                    },
                    status,
                },
            })?;
        let cert = cert.ok_or(AppError::NoCertificate)?;
        let actor_name = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        let now = self.clock.now();
        let link = self.month_link(d.id, &m.period.to_string());
        let mut mails = Vec::new();
        if next == MonthStatus::AwaitingEmployer {
            for u in realis_store::accounts::employer_accounts(&self.db.conn, d.employer_id).await?
            {
                mails.push((
                    u.email,
                    realis_mail::ValidationRequested {
                        recipient_name: u.display_name,
                        organisation_name: portfolio::find_organisation(
                            &self.db.conn,
                            d.organisation_id,
                        )
                        .await?
                        .map(|o| o.name)
                        .unwrap_or_default(),
                        dossier_number: d.number.clone(),
                        beneficiary: beneficiary(&d),
                        period,
                        hours: Hours::sum([m.totals.training, m.totals.internship]),
                        link: link.clone(),
                    }
                    .render(),
                ));
            }
        }
        if next == MonthStatus::Contested {
            for (name, email) in self.organisation_recipients(d.organisation_id).await? {
                mails.push((
                    email,
                    realis_mail::HoursContested {
                        recipient_name: name,
                        dossier_number: d.number.clone(),
                        beneficiary: beneficiary(&d),
                        period,
                        by: who,
                        contested_by: actor_name.clone(),
                        comment: comment.unwrap_or_default().to_owned(),
                        link: link.clone(),
                    }
                    .render(),
                ));
            }
        }
        let mut unit = self.unit().await?;
        unit.move_month(actor, &d, &m, status, next).await?;
        store::insert_validation(
            unit.tx(),
            m.id,
            cert.id,
            actor.user_id,
            who,
            req.decision,
            comment.map(str::to_owned),
            now,
        )
        .await?;
        if next == MonthStatus::Contested {
            unit.supersede_certificate(actor, &d, &m, Superseded::Contested)
                .await?;
            // The comment goes to the dossier's thread of «Mes échanges» too: the OF follows
            // the discussion there, with its funder.
            if let Some(org) =
                portfolio::find_organisation(&self.db.conn, d.organisation_id).await?
            {
                let body = format!(
                    "Heures {} contestées par {} ({})\u{a0}:\n{}",
                    fr::of_month(period),
                    actor_name,
                    actor.role.label_fr().to_lowercase(),
                    comment.unwrap_or_default()
                );
                self.post_platform_message(
                    &unit,
                    PlatformMessage {
                        organisation: &org,
                        topic: Topic::Dossier(d.id),
                        subject: format!("Dossier {} — {}", d.number, beneficiary(&d)),
                        dossier_id: Some(d.id),
                        period: Some(period),
                        kind: MessageKind::Contest,
                        author: actor,
                        body,
                    },
                )
                .await?;
            }
        }
        let (audited, event) = if next == MonthStatus::Contested {
            (
                AuditAction::Contested,
                DomainEvent::MonthContested { by: who },
            )
        } else {
            (
                AuditAction::Validated,
                DomainEvent::MonthValidated {
                    by: who,
                    status: next,
                },
            )
        };
        unit.audit(
            actor,
            Audit::of(audited, m.id).from(meta).data(
                json!({ "dossier_id": d.id, "period": m.period, "certificate_id": cert.id, "by": who.as_str(), "status": next.as_str(), "comment": comment }),
            ),
        )
        .await?;
        unit.event(Some(actor), month_subject(&d, period), event)
            .await?;
        for (to, mail) in mails {
            unit.mail(&to, mail).await?;
        }
        unit.commit().await?;
        self.get_month(actor, id, period).await
    }
}
