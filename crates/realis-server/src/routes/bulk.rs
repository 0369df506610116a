//! Work on many rows at once: the drafts of several months as one PDF to print (the OF), and the
//! reminder to the OFs late with a period (the funder agent). A period's final certificates as
//! one ZIP are `GET /certificates.zip` ([`super::documents::certificates_zip`]).

use actix_web::{HttpRequest, HttpResponse, post, web};
use realis_api_types::{DraftsRequest, ReminderOutcome, ReminderRequest};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, attachment, meta};
use crate::routes::responses::{BinaryFile, FunderAgentOnly, OfStaffOnly, RateLimited};

/// «Imprimer les projets»: the drafts of 1 to 200 months of the OF's dossiers as one PDF, in the
/// order given, each as `GET …/certificate.pdf` renders it before certification (the certificate,
/// then its «Fiche de présence») and each starting on an odd page, so that a double-sided print
/// keeps a certificate and its sheet together. Every month must be awaiting certification
/// («Je certifie la saisie des heures» done): otherwise 422 with one error per month refused,
/// on `months[i]` (`no_draft`, `duplicate_item`). A month of another OF: 404 for the whole
/// request. 5 a minute per user.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    request_body(content = DraftsRequest, example = json!({
        "months": [
            { "dossier_id": 1, "period": "2026-10" },
            { "dossier_id": 2, "period": "2026-10" }
        ]
    })),
    responses(
        (status = 200, description = "The drafts, one PDF", body = BinaryFile, content_type = "application/pdf"),
        OfStaffOnly,
        (status = 404, description = "A month missing or of another organisation"),
        (status = 422, description = "No month, more than 200, a month listed twice or without a draft"),
        RateLimited,
    ))]
#[post("/api/v1/certifications/drafts")]
pub async fn print_drafts(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    body: Json<DraftsRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(app.drafts_pdf(&actor, &body).await?))
}

/// «Relancer les organismes en retard»: one e-mail to each OF with months of `period` still
/// awaiting entry or certification after their last session day, listing them with their
/// links; audited. At most once per OF, period and day (Paris): the OFs already reminded today
/// are counted in `already_reminded`, not mailed again.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    request_body(content = ReminderRequest, example = json!({ "period": "2026-10" })),
    responses(
        (status = 200, description = "Who was reminded", body = ReminderOutcome),
        FunderAgentOnly,
        (status = 422, description = "Period not written YYYY-MM"),
    ))]
#[post("/api/v1/funder/reminders")]
pub async fn remind_late_organisations(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<ReminderRequest>,
) -> Result<web::Json<ReminderOutcome>, ApiError> {
    Ok(web::Json(
        app.remind_late_organisations(&actor, &body, &meta(&req))
            .await?,
    ))
}
