//! «Mes échanges»: threads between an organisme de formation and its Transitions Pro.

use chrono::{DateTime, Utc};
use realis_domain::Period;
pub use realis_domain::conversation::{MessageKind, Side};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/conversations`: a new thread and its first message.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewConversationRequest {
    /// The subject, 1 to 200 characters, one line.
    pub subject: String,
    /// The first message: plain text, 1 to 5,000 characters (line breaks kept).
    pub body: String,
    /// The dossier the thread is about (one the writer may see), if any.
    #[serde(default)]
    pub dossier_id: Option<i64>,
    /// The month the thread is about (`YYYY-MM`, only with `dossier_id`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-10"))]
    pub period: Option<Period>,
    /// The organisme de formation written to: required from an agent unless `dossier_id` names
    /// it; ignored from an OF user (its own).
    #[serde(default)]
    pub organisation_id: Option<i64>,
}

/// `POST /api/v1/conversations/{conversation_id}/messages`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMessageRequest {
    /// Plain text, 1 to 5,000 characters (line breaks kept).
    pub body: String,
}

/// A thread in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationSummary {
    /// Id of the thread.
    pub id: i64,
    /// The thread's subject.
    pub subject: String,
    /// The organisme de formation of the thread.
    pub organisation_id: i64,
    /// The OF's name (the agent's lists show it).
    pub organisation_name: String,
    /// The dossier the thread is about, if any.
    pub dossier_id: Option<i64>,
    /// The dossier's number, when the thread is about one.
    pub dossier_number: Option<String>,
    /// The month the thread is about (`YYYY-MM`), if any.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-10"))]
    pub period: Option<Period>,
    /// When the latest message was written.
    pub last_message_at: DateTime<Utc>,
    /// Messages of others the reader has not read yet.
    pub unread: u64,
}

/// A page of threads, the latest message first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationPage {
    /// The threads of this page, the latest message first.
    pub items: Vec<ConversationSummary>,
    /// Threads the reader takes part in (of the dossier asked for, if any), on every page.
    pub total: u64,
    /// The page returned, from 1.
    pub page: u64,
    /// The page size: the `per_page` asked for, 20 by default, at most 100.
    pub per_page: u64,
    /// Threads holding messages the reader has not read (all of them, not only this page's).
    pub unread_threads: u64,
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentView {
    /// Id of the attachment.
    pub id: i64,
    /// The name given at upload (path removed).
    pub file_name: String,
    /// `application/pdf`, `image/png` or `image/jpeg`.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Where to download it (relative to the API's origin).
    pub href: String,
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    /// Id of the message (to attach files to one's own).
    pub id: i64,
    /// `message` (written in the thread), `contest` (a beneficiary's or employer's contest
    /// comment) or `document_rejection` (the reason a document was refused).
    pub kind: MessageKind,
    /// The side it comes from: the OF or the funder (a contest counts as the funder's side).
    pub side: Side,
    /// Who wrote it, e.g. «Camille Martin (Transitions Pro Île-de-France)».
    pub author: String,
    /// Plain text: show it as text, never as markup.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// Whether the reader wrote it (and may still attach files to it).
    pub mine: bool,
    /// The files attached to the message, in upload order.
    pub attachments: Vec<AttachmentView>,
}

/// `GET /api/v1/conversations/{conversation_id}`: the thread and every message, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationView {
    /// The thread.
    pub conversation: ConversationSummary,
    /// Every message, oldest first.
    pub messages: Vec<MessageView>,
}
