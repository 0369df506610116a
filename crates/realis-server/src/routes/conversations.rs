//! «Mes échanges»: threads between an OF and its Transitions Pro (issue #11, part 2).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use realis_api_types::{
    AttachmentView, ConversationPage, ConversationView, MessageView, NewConversationRequest,
    NewMessageRequest,
};
use realis_app::App;
use realis_app::conversations::ConversationQuery;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, Query, attachment, meta, read_body};
use crate::paths::{ConversationAttachmentPath, ConversationMessagePath, ConversationPath};
use crate::routes::responses::{BinaryFile, DocumentUpload, UploadBudget};

/// `GET /conversations` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversationListQuery {
    /// Only the threads about this dossier.
    pub dossier_id: Option<i64>,
    /// Page number, from 1 (default 1).
    pub page: Option<u64>,
    /// Threads per page (default 20, at most 100).
    pub per_page: Option<u64>,
}

/// The file name of an attachment, as the uploader's computer named it.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttachmentQuery {
    /// The file's name, shown to the other side (path removed, at most 120 characters);
    /// `piece-jointe.pdf` (or `.png`, `.jpg`) when omitted.
    pub file_name: Option<String>,
}

/// «Mes échanges»: the reader's threads, the latest message first, with unread counts. OF users
/// see their organisation's threads, agents those of their funder's organisations;
/// beneficiaries, employers and administrators have none (403).
#[utoipa::path(tag = "conversations", security(("bearer" = [])),
    params(ConversationListQuery),
    responses(
        (status = 200, description = "A page of threads", body = ConversationPage),
        (status = 403, description = "A role with no threads"),
    ))]
#[get("/api/v1/conversations")]
pub async fn list_conversations(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<ConversationListQuery>,
) -> Result<web::Json<ConversationPage>, ApiError> {
    let q = ConversationQuery {
        dossier_id: q.dossier_id,
        page: q.page,
        per_page: q.per_page,
    };
    Ok(web::Json(app.list_conversations(&actor, &q).await?))
}

/// «Nouvel échange»: a thread and its first message. An agent names the organisation (or a
/// dossier of it); an OF user writes to its funder. The other side's users are e-mailed (a link,
/// never the message).
#[utoipa::path(tag = "conversations", security(("bearer" = [])),
    request_body(content = NewConversationRequest, example = json!({
        "subject": "Heures d'octobre de Michelle Dubois",
        "body": "Bonjour,\nla feuille d'émargement du 14 octobre manque : nous vous l'envoyons demain.\nCordialement,\nSophie Bernard",
        "dossier_id": 1,
        "period": "2026-10"
    })),
    responses(
        (status = 201, description = "Started", body = ConversationView),
        (status = 403, description = "A role with no threads"),
        (status = 404, description = "No such dossier or organisation for the writer"),
        (status = 422, description = "Empty or too long subject or body, period outside the session"),
    ))]
#[post("/api/v1/conversations")]
pub async fn start_conversation(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<NewConversationRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app.start_conversation(&actor, &body, &meta(&req)).await?))
}

/// A thread and all its messages, oldest first (bodies are plain text). Reading does not mark
/// it read: `POST …/read` does.
#[utoipa::path(tag = "conversations", security(("bearer" = [])),
    params(ConversationPath),
    responses(
        (status = 200, description = "The thread", body = ConversationView),
        (status = 404, description = "No such thread for the reader"),
    ))]
#[get("/api/v1/conversations/{conversation_id}")]
pub async fn get_conversation(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: ConversationPath,
) -> Result<web::Json<ConversationView>, ApiError> {
    Ok(web::Json(
        app.get_conversation(&actor, path.conversation_id).await?,
    ))
}

/// «Répondre»: a message in the thread; the other side is e-mailed.
#[utoipa::path(tag = "conversations", security(("bearer" = [])),
    params(ConversationPath),
    request_body(content = NewMessageRequest, example = json!({
        "body": "Merci, c'est bien reçu. Le certificat d'octobre peut être déposé."
    })),
    responses(
        (status = 201, description = "Posted", body = MessageView),
        (status = 404, description = "No such thread for the writer"),
        (status = 422, description = "Empty or too long body"),
    ))]
#[post("/api/v1/conversations/{conversation_id}/messages")]
pub async fn post_message(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: ConversationPath,
    body: Json<NewMessageRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(
        app.post_message(&actor, path.conversation_id, &body, &meta(&req))
            .await?,
    ))
}

/// Attaches a file to the writer's own message (PDF, PNG or JPEG ≤ 10 MB, recognised from its
/// bytes and cleaned like every document; 5 per message).
#[utoipa::path(tag = "conversations", security(("bearer" = [])),
    params(ConversationMessagePath, AttachmentQuery),
    request_body(content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"), (BinaryFile = "application/octet-stream")), description = "PDF, PNG or JPEG bytes; the type is read from the bytes, so any of these content types (or `application/octet-stream`) may be declared"),
    responses(
        (status = 201, description = "Attached", body = AttachmentView),
        (status = 403, description = "Not the writer's message"),
        (status = 404, description = "No such thread or message for the writer"),
        DocumentUpload,
        (status = 422, description = "Empty, unreadable, or 5 files already"),
        UploadBudget,
    ))]
#[post("/api/v1/conversations/{conversation_id}/messages/{message_id}/attachments")]
pub async fn add_attachment(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: ConversationMessagePath,
    q: Query<AttachmentQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let permit = app
        .authorise_message_attachment(
            &actor,
            path.conversation_id,
            path.message_id,
            q.into_inner().file_name,
        )
        .await?;
    let body = read_body(&req, payload, permit.max_bytes()).await?;
    Ok(HttpResponse::Created().json(app.attach_to_message(permit, body, &meta(&req)).await?))
}

/// Downloads a file attached to a message.
#[utoipa::path(tag = "conversations", security(("bearer" = [])),
    params(ConversationAttachmentPath),
    responses(
        (status = 200, description = "The file: PDF, PNG or JPEG, as uploaded", content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))),
        (status = 404, description = "No such file for the reader"),
    ))]
#[get("/api/v1/conversations/{conversation_id}/messages/{message_id}/attachments/{attachment_id}")]
pub async fn get_attachment(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: ConversationAttachmentPath,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(
        app.download_message_attachment(
            &actor,
            path.conversation_id,
            path.message_id,
            path.attachment_id,
        )
        .await?,
    ))
}

/// Marks every message of the thread read by the reader (unread counts drop).
#[utoipa::path(tag = "conversations", security(("bearer" = [])),
    params(ConversationPath),
    responses(
        (status = 204, description = "Read"),
        (status = 404, description = "No such thread for the reader"),
    ))]
#[post("/api/v1/conversations/{conversation_id}/read")]
pub async fn mark_read(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: ConversationPath,
) -> Result<HttpResponse, ApiError> {
    app.mark_conversation_read(&actor, path.conversation_id)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
