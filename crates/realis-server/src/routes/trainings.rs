//! `/api/v1/organisation/trainings`: the OF's «Formations»; and an organisation's catalogue for
//! its funder's agents.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use realis_api_types::{TrainingRequest, TrainingView};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, meta};
use crate::paths::{OrganisationPath, TrainingPath};
use crate::routes::responses::OfStaffOnly;

/// The OF's catalogue of trainings, by title.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    responses((status = 200, description = "Trainings", body = [TrainingView]), OfStaffOnly))]
#[get("/api/v1/organisation/trainings")]
pub async fn list_trainings(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<Vec<TrainingView>>, ApiError> {
    Ok(web::Json(app.list_trainings(&actor).await?))
}

/// Adds a training to the catalogue.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    request_body(content = TrainingRequest, example = json!({
        "title": "Gestionnaire de paie",
        "rncp_rs_code": "RNCP37214",
        "planned_hours": 1050,
        "modality": "mixte"
    })),
    responses(
        (status = 201, description = "Created", body = TrainingView),
        OfStaffOnly,
        (status = 422, description = "Invalid title, RNCP/RS code, planned hours or modality"),
    ))]
#[post("/api/v1/organisation/trainings")]
pub async fn create_training(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<TrainingRequest>,
) -> Result<HttpResponse, ApiError> {
    let t = app.create_training(&actor, &body, &meta(&req)).await?;
    Ok(HttpResponse::Created().json(t))
}

/// Replaces every field of a training; dossiers created from it keep what they copied.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    params(TrainingPath),
    request_body(content = TrainingRequest, example = json!({
        "title": "Anglais professionnel (TOEIC)",
        "rncp_rs_code": "RS5690",
        "planned_hours": 120,
        "modality": "distanciel"
    })),
    responses(
        (status = 200, description = "Updated", body = TrainingView),
        (status = 404, description = "Not a training of this organisation"),
        (status = 422, description = "Invalid title, RNCP/RS code, planned hours or modality"),
    ))]
#[put("/api/v1/organisation/trainings/{training_id}")]
pub async fn update_training(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: TrainingPath,
    body: Json<TrainingRequest>,
) -> Result<web::Json<TrainingView>, ApiError> {
    Ok(web::Json(
        app.update_training(&actor, path.training_id.0, &body, &meta(&req))
            .await?,
    ))
}

/// An organisation's catalogue of trainings, to create a dossier from one.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(OrganisationPath),
    responses(
        (status = 200, description = "Trainings", body = [TrainingView]),
        (status = 404, description = "Not one of the funder's"),
    ))]
#[get("/api/v1/funder/organisations/{organisation_id}/trainings")]
pub async fn funder_list_trainings(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: OrganisationPath,
) -> Result<web::Json<Vec<TrainingView>>, ApiError> {
    Ok(web::Json(
        app.funder_list_trainings(&actor, path.organisation_id.0)
            .await?,
    ))
}
