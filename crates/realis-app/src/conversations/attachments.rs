//! Files attached to a message: PDF, PNG or JPEG, cleaned like every document, 10 MB and five
//! per message at most; only the message's author attaches, any participant downloads.

use realis_api_types::AttachmentView;
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::conversation::{self as rules, MAX_ATTACHMENTS, MessageKind};
use realis_store::conversations::{self as store, NewAttachment};
use realis_store::files;
use serde_json::json;

use crate::auth::RequestMeta;
use crate::shared::Download;
use crate::unit::Audit;
use crate::upload_gate::UploadPermit;
use crate::uploads::{DOCUMENT_MAX_BYTES, Sniffed, clean_document};
use crate::{Actor, App, AppError};

/// Where an authorised attachment goes.
#[derive(Debug)]
pub struct AttachmentUpload {
    conversation_id: i64,
    message_id: i64,
    file_name: Option<String>,
}

fn too_many() -> AppError {
    AppError::field(
        "attachment",
        FieldCode::TooManyFiles,
        "5\u{a0}pièces jointes au plus par message.",
    )
}

impl App {
    /// The actor's own message of the thread, if it still has room for a file.
    async fn message_accepting(
        &self,
        actor: &Actor,
        conversation_id: i64,
        message_id: i64,
    ) -> Result<(), AppError> {
        let (_, c) = self.thread_for(actor, conversation_id).await?;
        let m = store::find_message(&self.db.conn, c.id, message_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if m.kind != MessageKind::Message || m.author_user_id != Some(actor.user_id) {
            return Err(AppError::Forbidden);
        }
        if store::count_attachments(&self.db.conn, m.id).await? >= MAX_ATTACHMENTS as u64 {
            return Err(too_many());
        }
        Ok(())
    }

    /// Authorises `POST /conversations/{id}/messages/{message_id}/attachments`: the body may be
    /// read.
    pub async fn authorise_message_attachment(
        &self,
        actor: &Actor,
        conversation_id: i64,
        message_id: i64,
        file_name: Option<String>,
    ) -> Result<UploadPermit<AttachmentUpload>, AppError> {
        self.message_accepting(actor, conversation_id, message_id)
            .await?;
        let target = AttachmentUpload {
            conversation_id,
            message_id,
            file_name,
        };
        self.permit_upload(actor, target, DOCUMENT_MAX_BYTES).await
    }

    /// Cleans and stores an authorised attachment.
    pub async fn attach_to_message(
        &self,
        permit: UploadPermit<AttachmentUpload>,
        body: Vec<u8>,
        meta: &RequestMeta,
    ) -> Result<AttachmentView, AppError> {
        let (actor, target) = permit.into_parts();
        let clean = self.clean_upload(body, clean_document).await?;
        let fallback = format!("piece-jointe.{}", clean.kind.extension());
        let file_name =
            rules::clean_file_name(target.file_name.as_deref().unwrap_or(""), &fallback);
        self.message_accepting(&actor, target.conversation_id, target.message_id)
            .await?;
        let unit = self.unit().await?;
        // Counted again inside the write: two uploads racing for the last slot.
        if store::count_attachments(unit.tx(), target.message_id).await? >= MAX_ATTACHMENTS as u64 {
            return Err(too_many());
        }
        let file = files::insert(
            unit.tx(),
            "message_attachment",
            clean.kind.content_type(),
            clean.bytes,
            Some(actor.user_id),
            unit.now(),
        )
        .await?;
        let a = store::add_attachment(
            unit.tx(),
            NewAttachment {
                message_id: target.message_id,
                file_id: file.id,
                file_name,
                content_type: file.content_type.clone(),
                size_bytes: file.size_bytes,
            },
            unit.now(),
        )
        .await?;
        unit.audit(
            &actor,
            Audit::of(AuditAction::MessageAttachmentAdded, target.conversation_id)
                .from(meta)
                .data(json!({ "message_id": target.message_id, "attachment_id": a.id, "sha256": file.sha256, "content_type": file.content_type, "active_content_removed": clean.removed })),
        )
        .await?;
        unit.commit().await?;
        Ok(super::attachment_view(target.conversation_id, &a))
    }

    /// `GET /conversations/{id}/messages/{message_id}/attachments/{attachment_id}`.
    pub async fn download_message_attachment(
        &self,
        actor: &Actor,
        conversation_id: i64,
        message_id: i64,
        attachment_id: i64,
    ) -> Result<Download, AppError> {
        let (_, c) = self.thread_for(actor, conversation_id).await?;
        let a = store::find_attachment(&self.db.conn, c.id, attachment_id)
            .await?
            .filter(|a| a.message_id == message_id)
            .ok_or(AppError::NotFound)?;
        let file = files::get(&self.db.conn, a.file_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let ext = Sniffed::from_content_type(&file.content_type)
            .map(Sniffed::extension)
            .unwrap_or("bin");
        Ok(Download {
            content_type: file.content_type,
            file_name: format!("piece-jointe-{}.{ext}", a.id),
            bytes: file.data,
        })
    }
}
