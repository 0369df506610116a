//! `/api/v1/funder/organisations`: the funder's back office for organisations.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use realis_api_types::{
    CreateOrganisationRequest, OrganisationPage, OrganisationView, ReviewDocumentRequest,
};
use realis_app::App;
use realis_store::organisations::ImageSlot;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, Query, attachment, meta};
use crate::paths::{CertifierPath, OrganisationDocumentPath, OrganisationPath};
use crate::routes::responses::{BinaryFile, FunderAgentOnly};

/// `?q=&page=&per_page=`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Search words (all must match): at most 200 characters and 8 words.
    #[serde(default)]
    #[param(max_length = 200)]
    pub q: String,
    /// From 1 (0 reads as 1, beyond the last page the page is empty).
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub page: Option<u64>,
    /// Items per page, default 20; 0 reads as 1 and more than 100 as 100.
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub per_page: Option<u64>,
}

/// Creates an organisation and its first user, who receives the invitation e-mail.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    request_body(content = CreateOrganisationRequest, example = json!({
        "name": "Atelier Numérique Formation",
        "siret": "443 061 841 00047",
        "email": "contact@atelier-numerique.fr",
        "user": {"email": "claire.moreau@atelier-numerique.fr", "display_name": "Claire Moreau"}
    })),
    responses(
        (status = 201, description = "Created", body = OrganisationView),
        FunderAgentOnly,
        (status = 422, description = "Invalid fields, SIRET or e-mail already used"),
    ))]
#[post("/api/v1/funder/organisations")]
pub async fn create_organisation(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<CreateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    let org = app.create_organisation(&actor, &body, &meta(&req)).await?;
    Ok(HttpResponse::Created().json(org))
}

/// The funder's organisations, searched and paginated.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, description = "A page", body = OrganisationPage), FunderAgentOnly))]
#[get("/api/v1/funder/organisations")]
pub async fn list_organisations(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    query: Query<ListQuery>,
) -> Result<web::Json<OrganisationPage>, ApiError> {
    Ok(web::Json(
        app.list_organisations(&actor, &query.q, query.page, query.per_page)
            .await?,
    ))
}

/// One organisation of the funder: identity, documents, readiness; with an `ETag`
/// (`If-None-Match` naming it answers 304).
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(OrganisationPath, crate::etag::IfNoneMatch),
    responses(
        (status = 200, description = "Organisation", body = OrganisationView,
            headers(("ETag" = String, description = "`\"<version>-<hash>\"`: for `If-None-Match`, and for `If-Match` on the correction's `PUT`"))),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`",
            headers(("ETag" = String, description = "The current `ETag`"))),
        (status = 404, description = "Not one of the funder's")))]
#[get("/api/v1/funder/organisations/{organisation_id}")]
pub async fn funder_get_organisation(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: OrganisationPath,
) -> Result<HttpResponse, ApiError> {
    let org = app
        .funder_get_organisation(&actor, path.organisation_id.0)
        .await?;
    Ok(crate::etag::respond(&req, Some(org.version), &org))
}

/// The organisation's current Kbis or consent letter, for review.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(OrganisationDocumentPath),
    responses((status = 200, description = "The file: PDF, PNG or JPEG, as uploaded", content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))), (status = 404, description = "None, or not the funder's")))]
#[get("/api/v1/funder/organisations/{organisation_id}/documents/{kind}")]
pub async fn funder_get_document(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: OrganisationDocumentPath,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(
        app.funder_get_document(&actor, path.organisation_id.0, path.kind)
            .await?,
    ))
}

/// The organisation's logo.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(OrganisationPath),
    responses((status = 200, description = "Image: PNG or JPEG, as uploaded", content((BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))), (status = 404, description = "None, or not the funder's")))]
#[get("/api/v1/funder/organisations/{organisation_id}/logo")]
pub async fn funder_get_logo(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: OrganisationPath,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(
        app.funder_get_image(&actor, path.organisation_id.0, ImageSlot::Logo)
            .await?,
    ))
}

/// The organisation's stamp.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(OrganisationPath),
    responses((status = 200, description = "Image: PNG or JPEG, as uploaded", content((BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))), (status = 404, description = "None, or not the funder's")))]
#[get("/api/v1/funder/organisations/{organisation_id}/stamp")]
pub async fn funder_get_stamp(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: OrganisationPath,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(
        app.funder_get_image(&actor, path.organisation_id.0, ImageSlot::Stamp)
            .await?,
    ))
}

/// Accepts a document («Contrôlé le …») or rejects it with a reason («Refusé le … : motif»);
/// the OF is e-mailed.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(OrganisationDocumentPath),
    request_body(content = ReviewDocumentRequest, example = json!({
        "decision": "reject",
        "reason": "L'extrait Kbis date de plus de trois mois : merci d'en déposer un récent."
    })),
    responses(
        (status = 200, description = "Reviewed", body = OrganisationView),
        (status = 404, description = "No such document, or not the funder's"),
        (status = 409, description = "Already reviewed"),
        (status = 422, description = "Unknown decision or missing reason"),
    ))]
#[post("/api/v1/funder/organisations/{organisation_id}/documents/{kind}/review")]
pub async fn review_document(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: OrganisationDocumentPath,
    body: Json<ReviewDocumentRequest>,
) -> Result<web::Json<OrganisationView>, ApiError> {
    Ok(web::Json(
        app.review_document(
            &actor,
            path.organisation_id.0,
            path.kind,
            &body,
            &meta(&req),
        )
        .await?,
    ))
}

/// Accepts a certifier designation (the user may then certify online) or rejects it with a
/// reason («Refusée le … : motif»); the designee is e-mailed. Designations made before the
/// consent letter's acceptance are accepted with the letter.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(CertifierPath),
    request_body(content = ReviewDocumentRequest, example = json!({"decision": "accept"})),
    responses(
        (status = 200, description = "Reviewed", body = OrganisationView),
        (status = 404, description = "No such designation, or not the funder's"),
        (status = 409, description = "Already reviewed"),
        (status = 422, description = "Unknown decision or missing reason"),
    ))]
#[post("/api/v1/funder/organisations/{organisation_id}/certifiers/{user_id}/review")]
pub async fn review_certifier(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: CertifierPath,
    body: Json<ReviewDocumentRequest>,
) -> Result<web::Json<OrganisationView>, ApiError> {
    Ok(web::Json(
        app.review_certifier(
            &actor,
            path.organisation_id.0,
            path.user_id.0,
            &body,
            &meta(&req),
        )
        .await?,
    ))
}
