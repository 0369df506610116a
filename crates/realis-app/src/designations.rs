//! Certifier designations (SPEC F1, §6): «Je suis certificateur» (or a colleague's flag) asks
//! for a designation; it is effective once an agent of the OF's funder accepts it, or accepts the
//! consent letter that covers it; unflagging withdraws it at once. The organisation's address
//! (its legal representative) is told of every request, the designee of every decision.

use crate::error::Reviewed;
use crate::unit::{Audit, Unit};
use chrono::{DateTime, Utc};
use realis_api_types::{
    CertifierView, DesignationView, OrganisationView, ReadinessEntry, ReviewDocumentRequest,
};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::designation::{DesignationStatus, Flagging, flagging};
use realis_domain::organisation::{
    DocumentKind, DocumentStatus, Organisation, ReadinessItem, ReviewError,
};
use realis_domain::user::User;
use realis_store::designations::{self, Designation};
use realis_store::{organisations, users};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::clock::paris_date;
use crate::shared::parse_decision;
use crate::{Actor, App, AppError};

/// The designation as the API shows it; `letter` is the organisation's current consent letter.
pub(crate) fn designation_view(d: &Designation, letter: Option<DocumentStatus>) -> DesignationView {
    DesignationView {
        status: d.status,
        requested_at: d.requested_at,
        reviewed_at: d.reviewed_at,
        reason: d.reason.clone(),
        with_consent_letter: match d.status {
            DesignationStatus::Pending => letter != Some(DocumentStatus::Accepted),
            _ => d.consent_letter_id.is_some(),
        },
    }
}

/// A readiness entry, with the date and reason of a rejected designation in its message.
pub(crate) fn readiness_entry(item: ReadinessItem, viewer: Option<&Designation>) -> ReadinessEntry {
    let mut entry = ReadinessEntry::from(item);
    if item == ReadinessItem::DesignationRejected
        && let Some(d) = viewer
    {
        entry.message = format!(
            "Désignation refusée le {}\u{a0}: {}",
            d.reviewed_at.map(paris_date).unwrap_or_default(),
            d.reason.clone().unwrap_or_default()
        );
    }
    entry
}

impl App {
    async fn consent_letter_status(
        &self,
        db: &impl realis_store::Conn,
        organisation_id: i64,
    ) -> Result<Option<DocumentStatus>, AppError> {
        Ok(
            organisations::current_document(db, organisation_id, DocumentKind::ConsentLetter)
                .await?
                .map(|d| d.status),
        )
    }

    /// The organisation's designated certifiers (withdrawn ones left out).
    pub(crate) async fn certifier_views(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<CertifierView>, AppError> {
        let letter = self
            .consent_letter_status(&self.db.conn, organisation_id)
            .await?;
        let mut out = Vec::new();
        for d in designations::live_of_organisation(&self.db.conn, organisation_id).await? {
            if let Some(u) = users::find_by_id(&self.db.conn, d.user_id).await? {
                out.push(CertifierView {
                    user_id: u.id,
                    display_name: u.display_name,
                    email: u.email,
                    designation: designation_view(&d, letter),
                });
            }
        }
        Ok(out)
    }

    /// A user's designation for its view, if it is designated.
    pub(crate) async fn user_designation(
        &self,
        user: &User,
    ) -> Result<Option<DesignationView>, AppError> {
        let (Some(org), Some(d)) = (
            user.organisation_id,
            designations::current_of_user(&self.db.conn, user.id).await?,
        ) else {
            return Ok(None);
        };
        if d.status == DesignationStatus::Withdrawn {
            return Ok(None);
        }
        let letter = self.consent_letter_status(&self.db.conn, org).await?;
        Ok(Some(designation_view(&d, letter)))
    }

    /// Flags (`certifier`) or unflags `target` in `unit`: records or withdraws its designation,
    /// audits it and, for a request, e-mails the organisation's address.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn flag_certifier(
        &self,
        unit: &mut Unit<'_>,
        actor: &Actor,
        org: &Organisation,
        target: &User,
        certifier: bool,
        meta: &RequestMeta,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let current = designations::current_of_user(unit.tx(), target.id).await?;
        match flagging(current.as_ref().map(|d| d.status), certifier) {
            Flagging::Unchanged => Ok(()),
            Flagging::Withdraw => {
                designations::withdraw(unit.tx(), target.id, now).await?;
                let data =
                    json!({ "organisation_id": org.id, "designation_id": current.map(|d| d.id) });
                let record = Audit::of(AuditAction::CertifierWithdrawn, target.id).ip(meta);
                unit.audit(actor, record.data(data)).await
            }
            Flagging::Designate => {
                let txn = unit.tx();
                let d = designations::designate(txn, org.id, target.id, actor.user_id, now).await?;
                let covered = self.consent_letter_status(txn, org.id).await?
                    != Some(DocumentStatus::Accepted);
                unit.audit(actor, Audit::of(AuditAction::CertifierDesignated, target.id).from(meta).data(json!({ "organisation_id": org.id, "designation_id": d.id, "covered_by_consent_letter": covered }))).await?;
                let requested_by = users::find_by_id(unit.tx(), actor.user_id)
                    .await?
                    .map(|u| u.display_name)
                    .unwrap_or_default();
                let mail = realis_mail::CertifierDesignated {
                    organisation_name: org.name.clone(),
                    designee_name: target.display_name.clone(),
                    designee_email: target.email.clone(),
                    requested_by,
                    date: now,
                    covered_by_letter: covered,
                    link: self.spa_link("utilisateurs"),
                }
                .render();
                unit.mail(&org.email, mail).await
            }
        }
    }

    /// Queues «Désignation acceptée / refusée» to the designee (unless its account is disabled).
    async fn queue_decision(
        &self,
        unit: &mut Unit<'_>,
        org: &Organisation,
        d: &Designation,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let Some(designee) = users::find_by_id(unit.tx(), d.user_id).await? else {
            return Ok(());
        };
        if designee.disabled {
            return Ok(());
        }
        let mail = realis_mail::CertifierReviewed {
            designee_name: designee.display_name.clone(),
            organisation_name: org.name.clone(),
            accepted: d.status == DesignationStatus::Accepted,
            date: now,
            reason: d.reason.clone(),
            with_consent_letter: d.consent_letter_id.is_some(),
            link: self.spa_link("identite"),
        }
        .render();
        unit.mail(&designee.email, mail).await
    }

    /// `POST /funder/organisations/{id}/certifiers/{user_id}/review`: accept, or reject with a
    /// reason; the designee is e-mailed.
    pub async fn review_certifier(
        &self,
        actor: &Actor,
        organisation_id: i64,
        user_id: i64,
        req: &ReviewDocumentRequest,
        meta: &RequestMeta,
    ) -> Result<OrganisationView, AppError> {
        let org = self.funder_org(actor, organisation_id).await?;
        let decision = parse_decision(req)?;
        let target = users::find_by_id(&self.db.conn, user_id)
            .await?
            .filter(|u| u.organisation_id == Some(org.id))
            .ok_or(AppError::NotFound)?;
        let mut d = designations::current_of_user(&self.db.conn, target.id)
            .await?
            .filter(|d| d.status != DesignationStatus::Withdrawn && d.organisation_id == org.id)
            .ok_or(AppError::NotFound)?;
        let next = d.status.review(&decision).map_err(|e| match e {
            ReviewError::NotPending => AppError::AlreadyReviewed(Reviewed::Designation),
            ReviewError::ReasonRequired => AppError::field(
                "reason",
                FieldCode::ReasonRequired,
                "Indiquez le motif du refus.",
            ),
        })?;
        let reason = match &decision {
            realis_domain::organisation::ReviewDecision::Reject { reason } => {
                Some(reason.trim().chars().take(500).collect::<String>())
            }
            realis_domain::organisation::ReviewDecision::Accept => None,
        };
        let now = self.clock.now();
        let mut unit = self.unit().await?;
        if !designations::review(unit.tx(), d.id, next, reason.clone(), actor.user_id, now).await? {
            return Err(AppError::AlreadyReviewed(Reviewed::Designation));
        }
        d.status = next;
        d.reason = reason.clone();
        d.reviewed_at = Some(now);
        self.queue_decision(&mut unit, &org, &d, now).await?;
        unit.audit(actor, Audit::of(AuditAction::CertifierReviewed, d.id).from(meta).data(json!({ "user_id": target.id, "organisation_id": org.id, "decision": next.as_str(), "reason": reason }))).await?;
        unit.commit().await?;
        self.funder_get_organisation(actor, org.id).await
    }

    /// The consent letter `letter_id` was just accepted (in `unit`): the organisation's pending
    /// designations, made before that acceptance, are accepted with it; designees e-mailed.
    pub(crate) async fn accept_designations_with_letter(
        &self,
        unit: &mut Unit<'_>,
        actor: &Actor,
        org: &Organisation,
        letter_id: i64,
        meta: &RequestMeta,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let accepted = DesignationStatus::Pending.with_consent_letter_accepted();
        let decided = designations::decide_pending_with_letter(
            unit.tx(),
            org.id,
            accepted,
            letter_id,
            actor.user_id,
            now,
        )
        .await?;
        for d in decided {
            self.queue_decision(unit, org, &d, now).await?;
            unit.audit(actor, Audit::of(AuditAction::CertifierReviewed, d.id).ip(meta).data(json!({ "user_id": d.user_id, "organisation_id": org.id, "decision": d.status.as_str(), "consent_letter_id": letter_id }))).await?;
        }
        Ok(())
    }

    pub(crate) fn spa_link(&self, path: &str) -> String {
        format!("{}/{path}", self.settings.public_url.trim_end_matches('/'))
    }
}
