//! «Développeurs»: the person's API keys and webhook subscriptions, with their deliveries.

use gloo_net::http::Request;
use realis_api_types::{
    ApiKeyCreated, ApiKeyList, ApiKeyRequest, DeliveryView, WebhookCreated, WebhookRequest,
    WebhookView,
};

use super::{exchange, fail, get, read, send, url};
use crate::errors::UiError;

/// A `DELETE` answered `204 No Content`.
async fn delete(path: &str) -> Result<(), UiError> {
    let resp = exchange(Request::delete(&url(path)).build()).await?;
    if resp.ok() {
        Ok(())
    } else {
        Err(fail(resp).await)
    }
}

/// A `POST` without a body (a test ping, a retry).
async fn post_empty<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, UiError> {
    let resp = exchange(Request::post(&url(path)).build()).await?;
    read(resp).await
}

pub async fn api_keys() -> Result<ApiKeyList, UiError> {
    get("/api-keys").await
}

pub async fn create_api_key(body: ApiKeyRequest) -> Result<ApiKeyCreated, UiError> {
    send(Request::post(&url("/api-keys")), &body).await
}

pub async fn delete_api_key(id: i64) -> Result<(), UiError> {
    delete(&format!("/api-keys/{id}")).await
}

pub async fn webhooks() -> Result<Vec<WebhookView>, UiError> {
    get("/webhooks").await
}

pub async fn create_webhook(body: WebhookRequest) -> Result<WebhookCreated, UiError> {
    send(Request::post(&url("/webhooks")), &body).await
}

pub async fn update_webhook(id: i64, body: WebhookRequest) -> Result<WebhookView, UiError> {
    send(Request::put(&url(&format!("/webhooks/{id}"))), &body).await
}

pub async fn delete_webhook(id: i64) -> Result<(), UiError> {
    delete(&format!("/webhooks/{id}")).await
}

/// The subscription's newest deliveries.
pub async fn deliveries(id: i64) -> Result<Vec<DeliveryView>, UiError> {
    get(&format!("/webhooks/{id}/deliveries?limit=20")).await
}

pub async fn retry_delivery(id: i64, delivery: i64) -> Result<DeliveryView, UiError> {
    post_empty(&format!("/webhooks/{id}/deliveries/{delivery}/retry")).await
}

/// Queues a `webhook.ping` to the subscription.
pub async fn ping_webhook(id: i64) -> Result<DeliveryView, UiError> {
    post_empty(&format!("/webhooks/{id}/ping")).await
}
