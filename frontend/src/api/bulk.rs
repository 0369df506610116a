//! Work on many rows at once: the drafts of selected months as one PDF and the funder's reminder
//! to the late OFs (a period's final certificates as one ZIP: [`super::archive_url`]).

use gloo_net::http::Request;
use realis_api_types::{DraftsRequest, MonthRef, ReminderOutcome, ReminderRequest};
use realis_domain::Period;

use super::{blob_of, exchange, save_as, send, url};
use crate::errors::UiError;

/// «Imprimer les projets»: saves the drafts of `months` as one PDF to print (each certificate on
/// its own sheet). A 422 names the months without a draft (`months[i]`), which the error keeps.
pub async fn download_drafts(months: Vec<MonthRef>) -> Result<(), UiError> {
    let name = match months.split_first() {
        Some((first, rest)) if rest.iter().all(|m| m.period == first.period) => {
            format!("projets-certificats-{}.pdf", first.period)
        }
        _ => "projets-certificats.pdf".to_owned(),
    };
    let req = Request::post(&url("/certifications/drafts")).json(&DraftsRequest { months });
    let href = blob_of(exchange(req).await?).await?;
    save_as(&href, &name).ok_or_else(|| UiError::download_failed(UiError::network()))
}

/// «Relancer les organismes en retard» of `period`.
pub async fn remind_late_organisations(period: Period) -> Result<ReminderOutcome, UiError> {
    send(
        Request::post(&url("/funder/reminders")),
        &ReminderRequest { period },
    )
    .await
}
