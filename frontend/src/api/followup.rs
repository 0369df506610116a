//! After certification: validations, the funder's month commands, payments, transmissions and settings.

use gloo_net::http::Request;
use realis_domain::MonthCommand;

use super::{exchange, get, read, send, url};
use crate::errors::UiError;

pub async fn decide(
    id: i64,
    period: String,
    decision: realis_domain::followup::Decision,
    comment: Option<String>,
) -> Result<realis_api_types::MonthView, UiError> {
    let body = realis_api_types::ValidationRequest { decision, comment };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/validation"))),
        &body,
    )
    .await
}

/// A funder agent's command on a month: reopen (with a reason), close or unlock online
/// certification. Any other command is not the funder's and is refused here.
pub async fn funder_month_action(
    id: i64,
    period: String,
    command: MonthCommand,
    reason: String,
) -> Result<realis_api_types::MonthView, UiError> {
    let segment = match command {
        MonthCommand::Reopen => "reopen",
        MonthCommand::Close => "close",
        MonthCommand::UnlockOnline => "unlock-online",
        other => {
            return Err(UiError::local(format!(
                "Commande réservée à un autre rôle\u{a0}: {}.",
                other.as_str()
            )));
        }
    };
    let req = Request::post(&url(&format!(
        "/funder/dossiers/{id}/months/{period}/{segment}"
    )));
    if command == MonthCommand::Reopen {
        send(req, &realis_api_types::ReopenRequest { reason }).await
    } else {
        let resp = exchange(req.build()).await?;
        read(resp).await
    }
}

pub async fn payments(id: i64) -> Result<Vec<realis_api_types::PaymentView>, UiError> {
    get(&format!("/dossiers/{id}/payments")).await
}

pub async fn record_payment(
    id: i64,
    body: realis_api_types::PaymentRequest,
) -> Result<realis_api_types::PaymentView, UiError> {
    send(
        Request::post(&url(&format!("/funder/dossiers/{id}/payments"))),
        &body,
    )
    .await
}

pub async fn transmission_queue() -> Result<Vec<realis_api_types::FunderMonthView>, UiError> {
    get("/funder/transmissions/pending").await
}

pub async fn transmit(
    months: Vec<realis_api_types::MonthRef>,
) -> Result<realis_api_types::TransmissionView, UiError> {
    send(
        Request::post(&url("/funder/transmissions")),
        &realis_api_types::TransmitRequest { months },
    )
    .await
}

pub async fn funder_settings() -> Result<realis_api_types::FunderSettingsDto, UiError> {
    get("/funder/settings").await
}

pub async fn save_funder_settings(
    body: realis_api_types::FunderSettingsDto,
) -> Result<realis_api_types::FunderSettingsDto, UiError> {
    send(Request::put(&url("/funder/settings")), &body).await
}

pub async fn payments_page(page: u64) -> Result<realis_api_types::PaymentPage, UiError> {
    get(&format!("/payments?page={page}&per_page=20")).await
}
