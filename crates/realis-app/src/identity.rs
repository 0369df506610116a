//! «Votre identité» (SPEC F1): identity, logo and stamp, Kbis and consent letter, readiness.

use crate::unit::Audit;
use realis_api_types::{
    DocumentView, Notice, OrganisationView, ReadinessView, UpdateOrganisationRequest,
};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::organisation::{
    DocumentKind, IdentityInput, Organisation, ReadinessFacts, readiness, validate_identity,
};
use realis_store::designations::{self, Designation};
use realis_store::organisations::{self, IdentityUpdate, ImageSlot};
use realis_store::portfolio;
use realis_store::{files, users};
use serde_json::json;

use crate::access::issues_to_error;
use crate::auth::RequestMeta;
use crate::designations::readiness_entry;
pub use crate::shared::Download;
use crate::uploads::Sniffed;
use crate::{Actor, App, AppError};

impl App {
    /// The organisation as the OF (or its funder) sees it; readiness for the user whose current
    /// designation is `viewer` (`None`: not designated).
    pub(crate) async fn organisation_view(
        &self,
        org: &Organisation,
        viewer: Option<&Designation>,
        notices: Vec<Notice>,
    ) -> Result<OrganisationView, AppError> {
        let mut documents = Vec::new();
        for d in organisations::current_documents(&self.db.conn, org.id).await? {
            let (kind, status) = (d.kind, d.status);
            let meta = files::meta(&self.db.conn, d.file_id)
                .await?
                .ok_or(AppError::NotFound)?;
            documents.push(DocumentView {
                kind,
                status,
                content_type: meta.content_type,
                size_bytes: meta.size_bytes,
                uploaded_at: d.uploaded_at,
                reviewed_at: d.reviewed_at,
                reason: d.reason,
            });
        }
        documents.sort_by_key(|d| DocumentKind::ALL.iter().position(|k| *k == d.kind));
        let status_of = |k: DocumentKind| documents.iter().find(|d| d.kind == k).map(|d| d.status);
        let r = readiness(ReadinessFacts {
            legal_representative: org.legal_representative.is_some(),
            logo: org.logo_file_id.is_some(),
            stamp: org.stamp_file_id.is_some(),
            certifier: org.certifier,
            designation: viewer.map(|d| d.status),
            kbis: status_of(DocumentKind::Kbis),
            consent_letter: status_of(DocumentKind::ConsentLetter),
        });
        Ok(OrganisationView {
            id: org.id,
            name: org.name.clone(),
            siret: org.siret.clone(),
            email: org.email.clone(),
            address: org.address.clone(),
            postal_code: org.postal_code.clone(),
            city: org.city.clone(),
            mobile_phone: org.mobile_phone.clone(),
            landline_phone: org.landline_phone.clone(),
            fax: org.fax.clone(),
            nda: org.nda.clone(),
            website: org.website.clone(),
            legal_representative: org.legal_representative.clone(),
            certifier: org.certifier,
            has_logo: org.logo_file_id.is_some(),
            has_stamp: org.stamp_file_id.is_some(),
            documents,
            certifiers: self.certifier_views(org.id).await?,
            readiness: ReadinessView {
                blocking: r.blocking.into_iter().map(Into::into).collect(),
                warnings: r.warnings.into_iter().map(Into::into).collect(),
                online_missing: r
                    .online_missing
                    .into_iter()
                    .map(|i| readiness_entry(i, viewer))
                    .collect(),
                online_available: r.online_available,
            },
            notices,
            deactivated_at: org.deactivated_at,
            updated_at: org.updated_at,
            version: org.version,
        })
    }

    pub(crate) async fn own_org(&self, actor: &Actor) -> Result<Organisation, AppError> {
        let id = actor.own_organisation()?;
        portfolio::find_organisation(&self.db.conn, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The acting user's current designation as certifier.
    async fn actor_designation(&self, actor: &Actor) -> Result<Option<Designation>, AppError> {
        Ok(designations::current_of_user(&self.db.conn, actor.user_id).await?)
    }

    /// `GET /organisation`.
    pub async fn get_identity(&self, actor: &Actor) -> Result<OrganisationView, AppError> {
        let org = self.own_org(actor).await?;
        let viewer = self.actor_designation(actor).await?;
        self.organisation_view(&org, viewer.as_ref(), Vec::new())
            .await
    }

    /// `PUT /organisation`: validates every field; the SIRET never changes.
    pub async fn update_identity(
        &self,
        actor: &Actor,
        req: &UpdateOrganisationRequest,
        meta: &RequestMeta,
    ) -> Result<OrganisationView, AppError> {
        let org = self.own_org(actor).await?;
        let valid = validate_identity(&IdentityInput {
            name: req.name.clone(),
            email: req.email.clone(),
            address: req.address.clone(),
            postal_code: req.postal_code.clone(),
            city: req.city.clone(),
            mobile_phone: req.mobile_phone.clone(),
            landline_phone: req.landline_phone.clone(),
            fax: req.fax.clone(),
            nda: req.nda.clone(),
            website: req.website.clone(),
            legal_representative: req.legal_representative.clone(),
        })
        .map_err(issues_to_error)?;
        let mut notices = Vec::new();
        let siret_attempt = req
            .siret
            .as_ref()
            .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>());
        if siret_attempt.as_ref().is_some_and(|s| *s != org.siret) {
            notices.push(Notice {
                code: FieldCode::SiretNotChanged,
                message:
                    "La modification du numéro de SIRET n'est pas autorisée\u{a0}: il reste inchangé."
                        .into(),
            });
        }
        if req.version.is_some_and(|v| v != org.version) {
            return Err(AppError::StaleVersion);
        }
        let now = self.clock.now();
        let before = org;
        let mut unit = self.unit().await?;
        let updated = organisations::update_identity(
            unit.tx(),
            before.id,
            before.version,
            IdentityUpdate {
                name: valid.name,
                email: valid.email.as_str().to_owned(),
                address: valid.address,
                postal_code: valid.postal_code,
                city: valid.city,
                mobile_phone: valid.mobile_phone,
                landline_phone: valid.landline_phone,
                fax: valid.fax,
                nda: valid.nda.map(|n| n.as_str().to_owned()),
                website: valid.website,
                legal_representative: valid.legal_representative,
                certifier: req.certifier,
            },
            now,
        )
        .await?
        .ok_or(AppError::StaleVersion)?;
        // «Je suis certificateur» designates the acting user as the organisation's certifier,
        // effective once the funder accepts it.
        if req.certifier && !before.certifier {
            let me = users::find_by_id(unit.tx(), actor.user_id)
                .await?
                .ok_or(AppError::NotFound)?;
            self.flag_certifier(&mut unit, actor, &updated, &me, true, meta, now)
                .await?;
        }
        let changed: Vec<&str> = [
            ("name", before.name != updated.name),
            ("email", before.email != updated.email),
            ("address", before.address != updated.address),
            ("postal_code", before.postal_code != updated.postal_code),
            ("city", before.city != updated.city),
            ("mobile_phone", before.mobile_phone != updated.mobile_phone),
            (
                "landline_phone",
                before.landline_phone != updated.landline_phone,
            ),
            ("fax", before.fax != updated.fax),
            ("nda", before.nda != updated.nda),
            ("website", before.website != updated.website),
            (
                "legal_representative",
                before.legal_representative != updated.legal_representative,
            ),
            ("certifier", before.certifier != updated.certifier),
        ]
        .into_iter()
        .filter_map(|(f, c)| c.then_some(f))
        .collect();
        unit.audit(actor, Audit::of(AuditAction::IdentityUpdated, updated.id).from(meta).data(json!({ "changed": changed, "siret_attempt": siret_attempt.is_some() && !notices.is_empty() }))).await?;
        unit.commit().await?;
        let viewer = self.actor_designation(actor).await?;
        self.organisation_view(&updated, viewer.as_ref(), notices)
            .await
    }

    /// `DELETE /organisation/logo|stamp`: «Supprimer le logo / le cachet».
    pub async fn delete_letterhead_image(
        &self,
        actor: &Actor,
        slot: ImageSlot,
        meta: &RequestMeta,
    ) -> Result<OrganisationView, AppError> {
        let org = self.own_org(actor).await?;
        let present = match slot {
            ImageSlot::Logo => org.logo_file_id.is_some(),
            ImageSlot::Stamp => org.stamp_file_id.is_some(),
        };
        if !present {
            return Err(AppError::NotFound);
        }
        let now = self.clock.now();
        let unit = self.unit().await?;
        organisations::set_image(unit.tx(), org.id, slot, None, now).await?;
        let action = match slot {
            ImageSlot::Logo => AuditAction::LogoDeleted,
            ImageSlot::Stamp => AuditAction::StampDeleted,
        };
        unit.audit(actor, Audit::of(action, org.id).ip(meta))
            .await?;
        unit.commit().await?;
        self.get_identity(actor).await
    }

    /// `GET /organisation/logo|stamp`.
    pub async fn get_letterhead_image(
        &self,
        actor: &Actor,
        slot: ImageSlot,
    ) -> Result<Download, AppError> {
        let org = self.own_org(actor).await?;
        self.image_of(&org, slot).await
    }

    pub(crate) async fn image_of(
        &self,
        org: &Organisation,
        slot: ImageSlot,
    ) -> Result<Download, AppError> {
        let id = match slot {
            ImageSlot::Logo => org.logo_file_id,
            ImageSlot::Stamp => org.stamp_file_id,
        }
        .ok_or(AppError::NotFound)?;
        download(&self.db.conn, id, slot_name(slot)).await
    }

    /// `GET /organisation/documents/{kind}`.
    pub async fn get_document(
        &self,
        actor: &Actor,
        kind: DocumentKind,
    ) -> Result<Download, AppError> {
        let org = self.own_org(actor).await?;
        self.document_of(org.id, kind).await
    }

    pub(crate) async fn document_of(
        &self,
        organisation_id: i64,
        kind: DocumentKind,
    ) -> Result<Download, AppError> {
        let d = organisations::current_document(&self.db.conn, organisation_id, kind)
            .await?
            .ok_or(AppError::NotFound)?;
        download(&self.db.conn, d.file_id, kind.as_str()).await
    }
}

pub(crate) fn slot_name(slot: ImageSlot) -> &'static str {
    match slot {
        ImageSlot::Logo => "logo",
        ImageSlot::Stamp => "stamp",
    }
}

async fn download(
    db: &impl realis_store::Conn,
    file_id: i64,
    stem: &str,
) -> Result<Download, AppError> {
    let f = files::get(db, file_id).await?.ok_or(AppError::NotFound)?;
    let ext = Sniffed::from_content_type(&f.content_type)
        .map(|s| s.extension())
        .unwrap_or("bin");
    Ok(Download {
        content_type: f.content_type,
        file_name: format!("{stem}.{ext}"),
        bytes: f.data,
    })
}
