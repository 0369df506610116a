//! The funder's back office for organisations (SPEC F9) and the admin's funders.

use crate::error::Reviewed;
use crate::unit::Audit;
use realis_api_types::{
    CreateFunderRequest, CreateOrganisationRequest, FunderView, OrganisationPage,
    OrganisationSummary, OrganisationView, ReviewDocumentRequest,
};
use realis_domain::FieldCode;
use realis_domain::ValidationSetting;
use realis_domain::audit::AuditAction;
use realis_domain::conversation::{MessageKind, Topic};
use realis_domain::grid::Granularity;
use realis_domain::organisation::{
    DocumentKind, DocumentStatus, Organisation, ReviewDecision, ReviewError,
};
use realis_domain::{Label, Role, Siret};
use realis_store::organisations::{self, ImageSlot};
use realis_store::portfolio::{self, NewOrganisation};
use serde_json::json;

use crate::accounts::{
    Invitee, Tenancy, label_error, parse_display_name, parse_email, parse_label,
};
use crate::auth::RequestMeta;
use crate::conversations::post::PlatformMessage;
use crate::shared::Download;
use crate::shared::{organisation_subject, paging, parse_decision};
use crate::{Actor, App, AppError};

impl App {
    /// An organisation of the actor's funder; any other is `NotFound`.
    pub(crate) async fn funder_org(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Organisation, AppError> {
        // A path naming an organisation answers 404 to anyone but its funder's agents.
        let funder = actor.own_funder().map_err(|_| AppError::NotFound)?;
        portfolio::find_organisation(&self.db.conn, id)
            .await?
            .filter(|o| o.funder_id == funder)
            .ok_or(AppError::NotFound)
    }

    /// `POST /funder/organisations`: the organisation and its first user, who is invited.
    pub async fn create_organisation(
        &self,
        actor: &Actor,
        req: &CreateOrganisationRequest,
        meta: &RequestMeta,
    ) -> Result<OrganisationView, AppError> {
        let funder_id = actor.own_funder()?;
        let mut errors: Vec<realis_api_types::FieldError> = Vec::new();
        let name = Label::parse(&req.name, 200)
            .map(Label::into_string)
            .map_err(|e| errors.push(label_error("name", e)))
            .ok();
        let mut invalid = |field: &str, code: FieldCode, message: &str| {
            errors.push(realis_api_types::FieldError {
                field: field.into(),
                code,
                message: message.into(),
            })
        };
        let siret = Siret::parse(&req.siret).ok();
        if siret.is_none() {
            invalid(
                "siret",
                FieldCode::InvalidSiret,
                "Le numéro de SIRET n'est pas valide (14 chiffres, clé de contrôle).",
            );
        }
        let email = parse_email("email", &req.email).ok();
        if email.is_none() {
            invalid(
                "email",
                FieldCode::InvalidEmail,
                "L'adresse e-mail n'est pas valide.",
            );
        }
        let user_email = parse_email("user.email", &req.user.email).ok();
        if user_email.is_none() {
            invalid(
                "user.email",
                FieldCode::InvalidEmail,
                "L'adresse e-mail n'est pas valide.",
            );
        }
        let user_name = Label::parse(&req.user.display_name, 120)
            .map(Label::into_string)
            .map_err(|e| errors.push(label_error("user.display_name", e)))
            .ok();
        let (Some(name), Some(siret), Some(email), Some(user_email), Some(user_name), true) =
            (name, siret, email, user_email, user_name, errors.is_empty())
        else {
            return Err(AppError::Validation(errors));
        };
        if organisations::find_by_siret(&self.db.conn, funder_id, siret.as_str())
            .await?
            .is_some()
        {
            return Err(AppError::field(
                "siret",
                FieldCode::SiretTaken,
                "Un organisme existe déjà avec ce numéro de SIRET.",
            ));
        }
        let funder = portfolio::find_funder(&self.db.conn, funder_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = self.clock.now();
        let unit = self.unit().await?;
        let org = portfolio::insert_organisation(
            unit.tx(),
            NewOrganisation {
                funder_id,
                name,
                siret: siret.as_str().to_owned(),
                email: email.as_str().to_owned(),
                ..Default::default()
            },
            now,
        )
        .await?;
        let tenancy = Tenancy {
            organisation_id: Some(org.id),
            ..Default::default()
        };
        let invitee = Invitee {
            field: "user.email",
            email: &user_email,
            display_name: &user_name,
            role: Role::Organisation,
            tenancy,
            inviter: &funder.name,
        };
        let user = self.create_account(unit.tx(), invitee, now).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::OrganisationCreated, org.id)
                .ip(meta)
                .data(json!({ "siret": org.siret, "first_user_id": user.id })),
        )
        .await?;
        unit.commit().await?;
        self.organisation_view(&org, None, Vec::new()).await
    }

    /// `GET /funder/organisations?q=&page=&per_page=`.
    pub async fn list_organisations(
        &self,
        actor: &Actor,
        q: &str,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<OrganisationPage, AppError> {
        let funder = actor.own_funder()?;
        let (page, per_page) = paging(page, per_page);
        let q = crate::dossiers::search_query(q)?;
        let (total, rows) =
            organisations::list_for_funder(&self.db.conn, funder, &q, page, per_page).await?;
        let mut items = Vec::new();
        for o in rows {
            let documents_pending = organisations::current_documents(&self.db.conn, o.id)
                .await?
                .iter()
                .filter(|d| d.status == DocumentStatus::Pending)
                .count() as u64;
            let certifiers_pending =
                realis_store::designations::pending_count(&self.db.conn, o.id).await?;
            items.push(OrganisationSummary {
                id: o.id,
                name: o.name,
                siret: o.siret,
                email: o.email,
                city: o.city,
                certifier: o.certifier,
                documents_pending,
                certifiers_pending,
                deactivated_at: o.deactivated_at,
            });
        }
        Ok(OrganisationPage {
            items,
            total,
            page,
            per_page,
        })
    }

    /// `GET /funder/organisations/{id}`.
    pub async fn funder_get_organisation(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<OrganisationView, AppError> {
        let org = self.funder_org(actor, id).await?;
        // Readiness as seen by the organisation's certifier: an accepted one if there is one.
        let mut viewer = None;
        for d in realis_store::designations::live_of_organisation(&self.db.conn, org.id).await? {
            let enabled = realis_store::users::find_by_id(&self.db.conn, d.user_id)
                .await?
                .is_some_and(|u| !u.disabled);
            if enabled && (viewer.is_none() || d.status.is_effective()) {
                viewer = Some(d);
            }
        }
        self.organisation_view(&org, viewer.as_ref(), Vec::new())
            .await
    }

    /// `GET /funder/organisations/{id}/documents/{kind}`.
    pub async fn funder_get_document(
        &self,
        actor: &Actor,
        id: i64,
        kind: DocumentKind,
    ) -> Result<Download, AppError> {
        let org = self.funder_org(actor, id).await?;
        self.document_of(org.id, kind).await
    }

    /// `GET /funder/organisations/{id}/logo|stamp`.
    pub async fn funder_get_image(
        &self,
        actor: &Actor,
        id: i64,
        slot: ImageSlot,
    ) -> Result<Download, AppError> {
        let org = self.funder_org(actor, id).await?;
        self.image_of(&org, slot).await
    }

    /// `POST /funder/organisations/{id}/documents/{kind}/review`: accept, or reject with a reason;
    /// the OF is e-mailed.
    pub async fn review_document(
        &self,
        actor: &Actor,
        id: i64,
        kind: DocumentKind,
        req: &ReviewDocumentRequest,
        meta: &RequestMeta,
    ) -> Result<OrganisationView, AppError> {
        let org = self.funder_org(actor, id).await?;
        let decision = parse_decision(req)?;
        let doc = organisations::current_document(&self.db.conn, org.id, kind)
            .await?
            .ok_or(AppError::NotFound)?;
        let current = doc.status;
        let next = current.review(&decision).map_err(|e| match e {
            ReviewError::NotPending => AppError::AlreadyReviewed(Reviewed::Document),
            ReviewError::ReasonRequired => AppError::field(
                "reason",
                FieldCode::ReasonRequired,
                "Indiquez le motif du refus.",
            ),
        })?;
        let reason = match &decision {
            ReviewDecision::Reject { reason } => Some(reason.chars().take(500).collect::<String>()),
            ReviewDecision::Accept => None,
        };
        let now = self.clock.now();
        let mut unit = self.unit().await?;
        let applied = organisations::review_document(
            unit.tx(),
            doc.id,
            current,
            next,
            reason.clone(),
            actor.user_id,
            now,
        )
        .await?;
        if !applied {
            return Err(AppError::AlreadyReviewed(Reviewed::Document));
        }
        let mail = realis_mail::DocumentReviewed {
            organisation_name: org.name.clone(),
            document: kind,
            accepted: next == DocumentStatus::Accepted,
            date: now,
            reason: reason.clone(),
            link: format!(
                "{}/identite",
                self.settings.public_url.trim_end_matches('/')
            ),
        }
        .render();
        unit.mail(&org.email, mail).await?;
        // A refusal's reason goes to the OF's documents thread of «Mes échanges» too.
        if let Some(reason) = reason.as_deref() {
            self.post_platform_message(
                &unit,
                PlatformMessage {
                    organisation: &org,
                    topic: Topic::OrganisationDocuments,
                    subject: "Documents de l'organisme".to_owned(),
                    dossier_id: None,
                    period: None,
                    kind: MessageKind::DocumentRejection,
                    author: actor,
                    body: format!("Document refusé ({})\u{a0}:\n{reason}", kind.label_fr()),
                },
            )
            .await?;
        }
        if kind == DocumentKind::ConsentLetter && next == DocumentStatus::Accepted {
            self.accept_designations_with_letter(&mut unit, actor, &org, doc.id, meta, now)
                .await?;
        }
        unit.event(
            Some(actor),
            organisation_subject(&org),
            realis_domain::events::DomainEvent::DocumentReviewed {
                document_id: doc.id,
                document_kind: kind,
                status: next,
            },
        )
        .await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::DocumentReviewed, doc.id)
                .ip(meta)
                .data(json!({ "decision": next.as_str(), "reason": reason })),
        )
        .await?;
        unit.commit().await?;
        self.funder_get_organisation(actor, org.id).await
    }

    /// `POST /admin/funders`: a funder and its first agent, who is invited.
    pub async fn create_funder(
        &self,
        actor: &Actor,
        req: &CreateFunderRequest,
        meta: &RequestMeta,
    ) -> Result<FunderView, AppError> {
        actor.require(Role::Admin)?;
        let name = parse_label("name", &req.name, 200)?;
        let region = parse_label("region", &req.region, 100)?;
        let email = parse_email("agent.email", &req.agent.email)?;
        let agent_name = parse_display_name("agent.display_name", &req.agent.display_name)?;
        let now = self.clock.now();
        let unit = self.unit().await?;
        let funder = portfolio::insert_funder(
            unit.tx(),
            &name,
            &region,
            Granularity::Day,
            ValidationSetting::Beneficiary,
            now,
        )
        .await?;
        let tenancy = Tenancy {
            funder_id: Some(funder.id),
            ..Default::default()
        };
        let invitee = Invitee {
            field: "agent.email",
            email: &email,
            display_name: &agent_name,
            role: Role::Funder,
            tenancy,
            inviter: &funder.name,
        };
        let agent = self.create_account(unit.tx(), invitee, now).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::FunderCreated, funder.id)
                .ip(meta)
                .data(json!({ "name": funder.name, "agent_id": agent.id })),
        )
        .await?;
        unit.commit().await?;
        Ok(FunderView {
            id: funder.id,
            name: funder.name,
            region: funder.region,
            created_at: funder.created_at,
        })
    }

    /// `GET /admin/funders`.
    pub async fn list_funders(&self, actor: &Actor) -> Result<Vec<FunderView>, AppError> {
        actor.require(Role::Admin)?;
        Ok(portfolio::list_funders(&self.db.conn)
            .await?
            .into_iter()
            .map(|f| FunderView {
                id: f.id,
                name: f.name,
                region: f.region,
                created_at: f.created_at,
            })
            .collect())
    }
}
