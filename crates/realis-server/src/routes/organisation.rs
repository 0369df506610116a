//! `/api/v1/organisation`: «Votre identité», logo, stamp and documents of the signed-in OF.

use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use realis_api_types::{OrganisationView, UpdateOrganisationRequest};
use realis_app::App;
use realis_store::organisations::ImageSlot;

use crate::error::ApiError;
use crate::etag::{self, IfMatch, IfNoneMatch};
use crate::extract::{Authenticated, Json, attachment, meta, read_body};
use crate::paths::DocumentPath;
use crate::routes::responses::{
    BinaryFile, DocumentUpload, ImageUpload, OfStaffOnly, UploadBudget,
};

/// The OF's identity, letterhead images, documents and certification readiness, with an
/// `ETag` (`If-None-Match` naming it answers 304).
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    params(IfNoneMatch),
    responses(
        (status = 200, description = "Identity", body = OrganisationView,
            headers(("ETag" = String, description = "`\"<version>-<hash>\"`: for `If-None-Match`, and for `If-Match` on the identity's `PUT`"))),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`",
            headers(("ETag" = String, description = "The current `ETag`"))),
        (status = 401, description = "Not signed in"),
        OfStaffOnly,
    ))]
#[get("/api/v1/organisation")]
pub async fn get_organisation(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ApiError> {
    let org = app.get_identity(&actor).await?;
    Ok(etag::respond(&req, Some(org.version), &org))
}

/// «Enregistrer»: saves the whole identity. Every field is validated (422 with field errors);
/// a different `siret` is ignored and reported in `notices`. With the `version` read (in the
/// body, or `If-Match` with the `ETag`) a change made meanwhile is not overwritten: 409 for a
/// stale body `version`, 412 for a stale `If-Match`; with neither, the save overwrites.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    params(IfMatch),
    request_body(content = UpdateOrganisationRequest, example = json!({
        "name": "Formapro Conseil",
        "email": "contact@formapro.test",
        "address": "12 rue des Écoles",
        "postal_code": "75005",
        "city": "Paris",
        "mobile_phone": "06 12 34 56 78",
        "landline_phone": "01 44 00 00 00",
        "nda": "11755555575",
        "website": "www.formapro-conseil.fr",
        "legal_representative": "Jean Lefèvre",
        "certifier": true,
        "version": 3
    })),
    responses(
        (status = 200, description = "Saved", body = OrganisationView,
            headers(("ETag" = String, description = "`\"<version>-<hash>\"`: for `If-None-Match`, and for `If-Match` on the identity's `PUT`"))),
        (status = 401, description = "Not signed in"),
        OfStaffOnly,
        (status = 409, description = "The body's `version` is stale"),
        (status = 412, description = "`If-Match` is stale, names no version of the organisation, or disagrees with the body's `version`"),
    ))]
#[put("/api/v1/organisation")]
pub async fn update_organisation(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<UpdateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    let pre = etag::precondition(&req, body.version)?;
    let mut body = body.0;
    body.version = pre.version;
    let org = app
        .update_identity(&actor, &body, &meta(&req))
        .await
        .map_err(|e| pre.error(e))?;
    Ok(etag::respond(&req, Some(org.version), &org))
}

async fn put_image(
    app: &App,
    req: &HttpRequest,
    actor: &realis_app::Actor,
    slot: ImageSlot,
    payload: web::Payload,
) -> Result<web::Json<OrganisationView>, ApiError> {
    let permit = app.authorise_letterhead_image(actor, slot).await?;
    let body = read_body(req, payload, permit.max_bytes()).await?;
    Ok(web::Json(
        app.put_letterhead_image(permit, body, &meta(req)).await?,
    ))
}

/// Uploads or replaces the logo: PNG or JPEG recognised from its bytes, ≤ 2 MB, ≤ 4000 × 4000 px
/// and ≤ 48 MB once decoded; stored re-encoded in 8 bits (metadata removed), at most 800 px.
/// Authorised before the body is read.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    request_body(content((BinaryFile = "image/png"), (BinaryFile = "image/jpeg"), (BinaryFile = "application/octet-stream")), description = "PNG or JPEG bytes; the type is read from the bytes, so either content type (or `application/octet-stream`) may be declared"),
    responses(
        (status = 200, description = "Stored", body = OrganisationView),
        OfStaffOnly,
        ImageUpload,
        UploadBudget,
    ))]
#[put("/api/v1/organisation/logo")]
pub async fn put_logo(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    payload: web::Payload,
) -> Result<web::Json<OrganisationView>, ApiError> {
    put_image(&app, &req, &actor, ImageSlot::Logo, payload).await
}

/// Uploads or replaces the stamp («cachet»), same rules as the logo.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    request_body(content((BinaryFile = "image/png"), (BinaryFile = "image/jpeg"), (BinaryFile = "application/octet-stream")), description = "PNG or JPEG bytes; the type is read from the bytes, so either content type (or `application/octet-stream`) may be declared"),
    responses(
        (status = 200, description = "Stored", body = OrganisationView),
        OfStaffOnly,
        ImageUpload,
        UploadBudget,
    ))]
#[put("/api/v1/organisation/stamp")]
pub async fn put_stamp(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    payload: web::Payload,
) -> Result<web::Json<OrganisationView>, ApiError> {
    put_image(&app, &req, &actor, ImageSlot::Stamp, payload).await
}

/// «Supprimer le logo».
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    responses((status = 200, description = "Deleted", body = OrganisationView), (status = 404, description = "No logo")))]
#[delete("/api/v1/organisation/logo")]
pub async fn delete_logo(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<OrganisationView>, ApiError> {
    Ok(web::Json(
        app.delete_letterhead_image(&actor, ImageSlot::Logo, &meta(&req))
            .await?,
    ))
}

/// «Supprimer le cachet».
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    responses((status = 200, description = "Deleted", body = OrganisationView), (status = 404, description = "No stamp")))]
#[delete("/api/v1/organisation/stamp")]
pub async fn delete_stamp(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<OrganisationView>, ApiError> {
    Ok(web::Json(
        app.delete_letterhead_image(&actor, ImageSlot::Stamp, &meta(&req))
            .await?,
    ))
}

/// The stored logo (attachment, sniffed type).
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    responses((status = 200, description = "Image: PNG or JPEG, as uploaded", content((BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))), (status = 404, description = "No logo")))]
#[get("/api/v1/organisation/logo")]
pub async fn get_logo(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(
        app.get_letterhead_image(&actor, ImageSlot::Logo).await?,
    ))
}

/// The stored stamp (attachment, sniffed type).
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    responses((status = 200, description = "Image: PNG or JPEG, as uploaded", content((BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))), (status = 404, description = "No stamp")))]
#[get("/api/v1/organisation/stamp")]
pub async fn get_stamp(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(
        app.get_letterhead_image(&actor, ImageSlot::Stamp).await?,
    ))
}

/// Uploads a Kbis or consent letter (PDF that parses, or PNG/JPEG; ≤ 10 MB); it awaits the
/// funder's review («En attente de contrôle»). Images are stored in 8 bits on white; PDFs lose any
/// active content (JavaScript, automatic actions, embedded files…) and are otherwise kept as sent.
/// Authorised before the body is read.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    params(DocumentPath),
    request_body(content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"), (BinaryFile = "application/octet-stream")), description = "PDF, PNG or JPEG bytes; the type is read from the bytes, so any of these content types (or `application/octet-stream`) may be declared"),
    responses(
        (status = 200, description = "Stored, pending review", body = OrganisationView),
        OfStaffOnly,
        (status = 404, description = "Unknown kind"),
        DocumentUpload,
        (status = 422, description = "Empty, unreadable, password-protected, or an image over 48 MB once decoded"),
        UploadBudget,
    ))]
#[put("/api/v1/organisation/documents/{kind}")]
pub async fn put_document(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: DocumentPath,
    payload: web::Payload,
) -> Result<web::Json<OrganisationView>, ApiError> {
    let permit = app.authorise_document(&actor, path.kind).await?;
    let body = read_body(&req, payload, permit.max_bytes()).await?;
    Ok(web::Json(
        app.put_document(permit, body, &meta(&req)).await?,
    ))
}

/// The current Kbis or consent letter.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    params(DocumentPath),
    responses((status = 200, description = "The file: PDF, PNG or JPEG, as uploaded", content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))), (status = 404, description = "None")))]
#[get("/api/v1/organisation/documents/{kind}")]
pub async fn get_document(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: DocumentPath,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(app.get_document(&actor, path.kind).await?))
}

/// The consent-letter model, pre-filled with the OF's name, SIRET, legal representative and
/// certifiers, to sign and upload as `consent_letter`.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    responses(
        (status = 200, description = "PDF", body = BinaryFile, content_type = "application/pdf"),
        OfStaffOnly,
    ))]
#[get("/api/v1/organisation/documents/consent_letter/model.pdf")]
pub async fn get_consent_letter_model(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(app.consent_letter_model(&actor).await?))
}
