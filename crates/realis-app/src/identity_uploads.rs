//! «Votre identité» uploads (SPEC F1): logo, stamp, Kbis and consent letter. Each is authorised
//! first (OF staff, the rate limit reserved), then its body is read and cleaned off the async
//! workers.

use crate::unit::Audit;
use realis_api_types::OrganisationView;
use realis_domain::audit::AuditAction;
use realis_domain::organisation::DocumentKind;
use realis_store::files;
use realis_store::organisations::{self, ImageSlot};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::identity::slot_name;
use crate::upload_gate::UploadPermit;
use crate::uploads::{DOCUMENT_MAX_BYTES, IMAGE_MAX_BYTES, clean_document, clean_letterhead_image};
use crate::{Actor, App, AppError};

/// Where an authorised logo or stamp goes.
#[derive(Debug)]
pub struct LetterheadUpload {
    organisation_id: i64,
    slot: ImageSlot,
}

/// Where an authorised Kbis or consent letter goes.
#[derive(Debug)]
pub struct DocumentUpload {
    organisation_id: i64,
    kind: DocumentKind,
}

impl App {
    /// Authorises `PUT /organisation/logo|stamp`: the body may be read.
    pub async fn authorise_letterhead_image(
        &self,
        actor: &Actor,
        slot: ImageSlot,
    ) -> Result<UploadPermit<LetterheadUpload>, AppError> {
        let org = self.own_org(actor).await?;
        let target = LetterheadUpload {
            organisation_id: org.id,
            slot,
        };
        self.permit_upload(actor, target, IMAGE_MAX_BYTES).await
    }

    /// `PUT /organisation/logo|stamp`: stores the authorised image, re-encoded.
    pub async fn put_letterhead_image(
        &self,
        permit: UploadPermit<LetterheadUpload>,
        body: Vec<u8>,
        meta: &RequestMeta,
    ) -> Result<OrganisationView, AppError> {
        let (
            actor,
            LetterheadUpload {
                organisation_id,
                slot,
            },
        ) = permit.into_parts();
        let clean = self.clean_upload(body, clean_letterhead_image).await?;
        let now = self.clock.now();
        let name = slot_name(slot);
        let unit = self.unit().await?;
        let file = files::insert(
            unit.tx(),
            name,
            clean.kind.content_type(),
            clean.bytes,
            Some(actor.user_id),
            now,
        )
        .await?;
        organisations::set_image(unit.tx(), organisation_id, slot, Some(file.id), now).await?;
        let action = match slot {
            ImageSlot::Logo => AuditAction::LogoUploaded,
            ImageSlot::Stamp => AuditAction::StampUploaded,
        };
        unit.audit(
            &actor,
            Audit::of(action, organisation_id).ip(meta).data(
                json!({ "file_id": file.id, "sha256": file.sha256, "content_type": file.content_type }),
            ),
        )
        .await?;
        unit.commit().await?;
        self.get_identity(&actor).await
    }

    /// Authorises `PUT /organisation/documents/{kind}`: the body may be read.
    pub async fn authorise_document(
        &self,
        actor: &Actor,
        kind: DocumentKind,
    ) -> Result<UploadPermit<DocumentUpload>, AppError> {
        let org = self.own_org(actor).await?;
        let target = DocumentUpload {
            organisation_id: org.id,
            kind,
        };
        self.permit_upload(actor, target, DOCUMENT_MAX_BYTES).await
    }

    /// `PUT /organisation/documents/{kind}`: a new Kbis or consent letter, awaiting review.
    pub async fn put_document(
        &self,
        permit: UploadPermit<DocumentUpload>,
        body: Vec<u8>,
        meta: &RequestMeta,
    ) -> Result<OrganisationView, AppError> {
        let (
            actor,
            DocumentUpload {
                organisation_id,
                kind,
            },
        ) = permit.into_parts();
        let clean = self.clean_upload(body, clean_document).await?;
        let now = self.clock.now();
        let unit = self.unit().await?;
        let file = files::insert(
            unit.tx(),
            kind.as_str(),
            clean.kind.content_type(),
            clean.bytes,
            Some(actor.user_id),
            now,
        )
        .await?;
        let doc = organisations::insert_document(
            unit.tx(),
            organisation_id,
            kind,
            file.id,
            actor.user_id,
            now,
        )
        .await?;
        unit.audit(&actor, Audit::of(AuditAction::DocumentUploaded, doc.id).ip(meta).data(json!({ "kind": kind.as_str(), "sha256": file.sha256, "content_type": file.content_type, "active_content_removed": clean.removed }))).await?;
        unit.commit().await?;
        self.get_identity(&actor).await
    }
}
