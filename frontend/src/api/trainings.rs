//! «Formations»: the OF's catalogue, and an organisation's catalogue for its funder's agents.

use gloo_net::http::Request;
use realis_api_types::{TrainingRequest, TrainingView};

use super::{get, send, url};
use crate::errors::UiError;

pub async fn trainings() -> Result<Vec<TrainingView>, UiError> {
    get("/organisation/trainings").await
}

pub async fn create_training(body: TrainingRequest) -> Result<TrainingView, UiError> {
    send(Request::post(&url("/organisation/trainings")), &body).await
}

pub async fn update_training(id: i64, body: TrainingRequest) -> Result<TrainingView, UiError> {
    send(
        Request::put(&url(&format!("/organisation/trainings/{id}"))),
        &body,
    )
    .await
}

pub async fn organisation_trainings(organisation_id: i64) -> Result<Vec<TrainingView>, UiError> {
    get(&format!(
        "/funder/organisations/{organisation_id}/trainings"
    ))
    .await
}
