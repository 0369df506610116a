//! The agent's hand on documents: attaching one to a dossier of its funder (with a title and a
//! kind) or publishing one to every organisme de formation of its funder (with a title), and
//! deleting them. Each upload passes the gate (authorised, counted, then read and cleaned like
//! every document: PDF, PNG or JPEG ≤ 10 MB), and every change is audited.

use realis_api_types::{DocumentItem, PublishedDocument};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::document::{
    DocumentSource, DossierDocument, DossierDocumentKind, FunderDocument, Placement, parse_title,
};
use realis_domain::events::{DomainEvent, EventSubject};
use realis_store::documents::{self as store, NewFunderDocument};
use realis_store::files;
use serde_json::json;

use crate::auth::RequestMeta;
use crate::conversations::post::text_error;
use crate::shared::dossier_subject;
use crate::unit::Audit;
use crate::upload_gate::UploadPermit;
use crate::uploads::{Cleaned, DOCUMENT_MAX_BYTES, clean_document};
use crate::{Actor, App, AppError};

/// Where an authorised document goes.
#[derive(Debug)]
pub struct DocumentUpload {
    funder_id: i64,
    placement: Placement,
    title: String,
}

/// `?kind=&title=` of an attached document, every error at once.
fn parse_attachment(
    kind: Option<&str>,
    title: Option<&str>,
) -> Result<(DossierDocumentKind, String), AppError> {
    let mut errors = Vec::new();
    let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
        None => {
            errors.push((
                "kind",
                FieldCode::Required,
                "Choisissez le type de document.",
            ));
            None
        }
        Some(k) => {
            let parsed = DossierDocumentKind::parse_from_funder(k);
            if parsed.is_none() {
                errors.push((
                    "kind",
                    FieldCode::InvalidKind,
                    "Le type doit être «\u{a0}convention\u{a0}», «\u{a0}funding_agreement\u{a0}» ou «\u{a0}other\u{a0}».",
                ));
            }
            parsed
        }
    };
    let title = parse_title(title.unwrap_or_default());
    let mut fields: Vec<realis_api_types::FieldError> = errors
        .into_iter()
        .map(|(field, code, message)| realis_api_types::FieldError {
            field: field.into(),
            code,
            message: message.into(),
        })
        .collect();
    if let Err(e) = &title
        && let AppError::Validation(mut v) = text_error("title", *e)
    {
        fields.append(&mut v);
    }
    match (kind, title) {
        (Some(kind), Ok(title)) if fields.is_empty() => Ok((kind, title)),
        _ => Err(AppError::Validation(fields)),
    }
}

impl App {
    /// Authorises `POST /funder/dossiers/{id}/documents?kind=&title=`: the body may be read.
    pub async fn authorise_dossier_document(
        &self,
        actor: &Actor,
        dossier_id: i64,
        kind: Option<&str>,
        title: Option<&str>,
    ) -> Result<UploadPermit<DocumentUpload>, AppError> {
        let funder_id = actor.own_funder()?;
        let d = self.dossier_in_scope(actor, dossier_id).await?;
        let (kind, title) = parse_attachment(kind, title)?;
        let target = DocumentUpload {
            funder_id,
            placement: Placement::Dossier {
                dossier_id: d.id,
                kind,
            },
            title,
        };
        self.permit_upload(actor, target, DOCUMENT_MAX_BYTES).await
    }

    /// Authorises `POST /funder/documents?title=`: the body may be read.
    pub async fn authorise_published_document(
        &self,
        actor: &Actor,
        title: Option<&str>,
    ) -> Result<UploadPermit<DocumentUpload>, AppError> {
        let funder_id = actor.own_funder()?;
        let title = parse_title(title.unwrap_or_default()).map_err(|e| text_error("title", e))?;
        let target = DocumentUpload {
            funder_id,
            placement: Placement::Published,
            title,
        };
        self.permit_upload(actor, target, DOCUMENT_MAX_BYTES).await
    }

    /// Cleans and stores an authorised document.
    async fn store_document(
        &self,
        permit: UploadPermit<DocumentUpload>,
        body: Vec<u8>,
        meta: &RequestMeta,
    ) -> Result<(FunderDocument, Option<String>), AppError> {
        let (actor, target) = permit.into_parts();
        let clean: Cleaned = self.clean_upload(body, clean_document).await?;
        // The dossier is read again: the agent may have lost it while the body was cleaned.
        let dossier = match target.placement {
            Placement::Dossier { dossier_id, .. } => {
                Some(self.dossier_in_scope(&actor, dossier_id).await?)
            }
            Placement::Published => None,
        };
        let unit = self.unit().await?;
        let purpose = match target.placement {
            Placement::Dossier { .. } => "dossier_document",
            Placement::Published => "published_document",
        };
        let file = files::insert(
            unit.tx(),
            purpose,
            clean.kind.content_type(),
            clean.bytes,
            Some(actor.user_id),
            unit.now(),
        )
        .await?;
        let doc = store::insert(
            unit.tx(),
            NewFunderDocument {
                funder_id: target.funder_id,
                placement: target.placement,
                title: target.title,
                file_id: file.id,
                content_type: file.content_type.clone(),
                size_bytes: file.size_bytes,
                uploaded_by: actor.user_id,
            },
            unit.now(),
        )
        .await?;
        let data = json!({ "document_id": doc.id, "title": doc.title, "sha256": file.sha256, "content_type": file.content_type, "size_bytes": file.size_bytes, "active_content_removed": clean.removed });
        match (&dossier, doc.placement) {
            (Some(d), Placement::Dossier { kind, .. }) => {
                let mut data = data;
                data["kind"] = kind.as_str().into();
                unit.audit(
                    &actor,
                    Audit::of(AuditAction::DossierDocumentAdded, d.id)
                        .from(meta)
                        .data(data),
                )
                .await?;
                let event = DomainEvent::DocumentAdded {
                    document_id: doc.id,
                    document_kind: kind,
                    title: doc.title.clone(),
                };
                unit.event(Some(&actor), dossier_subject(d), event).await?;
            }
            _ => {
                unit.audit(
                    &actor,
                    Audit::of(AuditAction::DocumentPublished, doc.funder_id)
                        .from(meta)
                        .data(data),
                )
                .await?;
                let subject = EventSubject {
                    funder_id: Some(doc.funder_id),
                    ..Default::default()
                };
                let event = DomainEvent::DocumentPublished {
                    document_id: doc.id,
                    title: doc.title.clone(),
                };
                unit.event(Some(&actor), subject, event).await?;
            }
        }
        unit.commit().await?;
        Ok((doc, dossier.map(|d| d.number)))
    }

    /// Stores an authorised dossier document; answers it as the dossier's list shows it.
    pub async fn attach_dossier_document(
        &self,
        permit: UploadPermit<DocumentUpload>,
        body: Vec<u8>,
        meta: &RequestMeta,
    ) -> Result<DocumentItem, AppError> {
        let (doc, number) = self.store_document(permit, body, meta).await?;
        let Placement::Dossier { dossier_id, kind } = doc.placement else {
            return Err(AppError::NotFound);
        };
        Ok(super::item_of(DossierDocument {
            source: DocumentSource::Funder(doc.id),
            kind,
            dossier_id,
            dossier_number: number.unwrap_or_default(),
            period: None,
            title: Some(doc.title),
            at: doc.created_at,
            superseded: None,
            mode: None,
            content_type: doc.content_type,
            size_bytes: doc.size_bytes,
        }))
    }

    /// Stores an authorised published document.
    pub async fn publish_document(
        &self,
        permit: UploadPermit<DocumentUpload>,
        body: Vec<u8>,
        meta: &RequestMeta,
    ) -> Result<PublishedDocument, AppError> {
        let (doc, _) = self.store_document(permit, body, meta).await?;
        Ok(super::published_of(&doc))
    }

    /// `DELETE /funder/dossiers/{id}/documents/{document_id}`.
    pub async fn delete_dossier_document(
        &self,
        actor: &Actor,
        dossier_id: i64,
        document_id: i64,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        actor.own_funder()?;
        let d = self.dossier_in_scope(actor, dossier_id).await?;
        let unit = self.unit().await?;
        let doc = store::find_in_dossier(unit.tx(), d.id, document_id)
            .await?
            .ok_or(AppError::NotFound)?;
        store::delete(unit.tx(), &doc).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::DossierDocumentDeleted, d.id)
                .from(meta)
                .data(json!({ "document_id": doc.id, "title": doc.title })),
        )
        .await?;
        unit.commit().await
    }

    /// `DELETE /funder/documents/{document_id}`.
    pub async fn delete_published_document(
        &self,
        actor: &Actor,
        document_id: i64,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        let funder_id = actor.own_funder()?;
        let unit = self.unit().await?;
        let doc = store::find_published(unit.tx(), funder_id, document_id)
            .await?
            .ok_or(AppError::NotFound)?;
        store::delete(unit.tx(), &doc).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::PublishedDocumentDeleted, funder_id)
                .from(meta)
                .data(json!({ "document_id": doc.id, "title": doc.title })),
        )
        .await?;
        unit.commit().await
    }
}
