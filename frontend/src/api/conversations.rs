//! «Mes échanges»: threads, messages, attachments, read marks.

use gloo_net::http::Request;
use realis_api_types::{
    AttachmentView, ConversationPage, ConversationView, MessageView, NewConversationRequest,
    NewMessageRequest,
};

use super::{exchange, fail, get, read, send, url};
use crate::errors::UiError;

/// A page of the reader's threads (`dossier`: only those about it).
pub async fn conversations(dossier: Option<i64>, page: u64) -> Result<ConversationPage, UiError> {
    let mut path = format!("/conversations?page={page}&per_page=20");
    if let Some(id) = dossier {
        path.push_str(&format!("&dossier_id={id}"));
    }
    get(&path).await
}

pub async fn conversation(id: i64) -> Result<ConversationView, UiError> {
    get(&format!("/conversations/{id}")).await
}

pub async fn start_conversation(body: NewConversationRequest) -> Result<ConversationView, UiError> {
    send(Request::post(&url("/conversations")), &body).await
}

pub async fn post_message(id: i64, body: String) -> Result<MessageView, UiError> {
    send(
        Request::post(&url(&format!("/conversations/{id}/messages"))),
        &NewMessageRequest { body },
    )
    .await
}

/// Sends a file as the raw body of an attachment of the reader's message `message`.
pub async fn attach(id: i64, message: i64, file: web_sys::File) -> Result<AttachmentView, UiError> {
    let name: String = js_sys::encode_uri_component(&file.name()).into();
    let path = format!("/conversations/{id}/messages/{message}/attachments?file_name={name}");
    let resp = exchange(
        Request::post(&url(&path))
            .header("Content-Type", &file.type_())
            .body(file),
    )
    .await?;
    read(resp).await
}

/// The thread is read: the unread counts drop.
pub async fn mark_read(id: i64) -> Result<(), UiError> {
    let resp = exchange(Request::post(&url(&format!("/conversations/{id}/read"))).build()).await?;
    if resp.ok() {
        Ok(())
    } else {
        Err(fail(resp).await)
    }
}
