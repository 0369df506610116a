//! `/api/v1/funder/organisations/{organisation_id}`: the funder's corrections of an OF's identity
//! (SIRET included) and its deactivation.

use actix_web::{HttpRequest, HttpResponse, post, put, web};
use realis_api_types::{CorrectOrganisationRequest, OrganisationView};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, meta};
use crate::paths::OrganisationPath;

/// Corrects the OF's identity, SIRET included: every field is checked by the OF's own rules and
/// the SIRET by the SIRET rule; a new SIRET needs `reason`, is audited with the numbers before
/// and after, and is e-mailed to the OF's users. Only the agents of the OF's funder. With the
/// `version` read (body, or `If-Match` with the `ETag`), a change made meanwhile is not
/// overwritten (409 / 412).
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(OrganisationPath, crate::etag::IfMatch),
    request_body(content = CorrectOrganisationRequest, example = json!({
        "name": "Formapro Conseil",
        "siret": "732 829 320 00074",
        "email": "contact@formapro.test",
        "address": "12 rue des Écoles",
        "postal_code": "75005",
        "city": "Paris",
        "landline_phone": "01 44 00 00 00",
        "nda": "11755555575",
        "legal_representative": "Jean Lefèvre",
        "version": 3
    })),
    responses(
        (status = 200, description = "Corrected", body = OrganisationView,
            headers(("ETag" = String, description = "`\"<version>-<hash>\"`, as the organisation's read gives it"))),
        (status = 409, description = "The body's `version` is stale"),
        (status = 412, description = "`If-Match` is stale, names no version of the organisation, or disagrees with the body's `version`"),
        (status = 400, description = "Malformed JSON"),
        (status = 404, description = "Not one of the funder's organisations"),
        (status = 422, description = "Invalid fields, invalid SIRET (`invalid_siret`), a new SIRET without `reason` (`reason_required`) or already used (`siret_taken`)"),
    ))]
#[put("/api/v1/funder/organisations/{organisation_id}")]
pub async fn correct_organisation(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: OrganisationPath,
    body: Json<CorrectOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    let pre = crate::etag::precondition(&req, body.version)?;
    let mut body = body.0;
    body.version = pre.version;
    let org = app
        .correct_organisation(&actor, path.organisation_id.0, &body, &meta(&req))
        .await
        .map_err(|e| pre.error(e))?;
    Ok(crate::etag::respond(&req, Some(org.version), &org))
}

/// «Désactiver l'organisme»: its users can no longer log in (403 `organisation_disabled`) nor
/// use their tokens (403 `organisation_disabled`); their sessions and unused links are revoked.
/// Its data stays readable by the funder. Audited; already deactivated changes nothing.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(OrganisationPath),
    responses(
        (status = 200, description = "Deactivated (`deactivated_at` set)", body = OrganisationView),
        (status = 404, description = "Not one of the funder's organisations"),
    ))]
#[post("/api/v1/funder/organisations/{organisation_id}/deactivate")]
pub async fn deactivate_organisation(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: OrganisationPath,
) -> Result<web::Json<OrganisationView>, ApiError> {
    Ok(web::Json(
        app.set_organisation_active(&actor, path.organisation_id.0, false, &meta(&req))
            .await?,
    ))
}

/// «Réactiver l'organisme»: its users may log in again (the sessions revoked at the
/// deactivation stay revoked). Audited; already active changes nothing.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(OrganisationPath),
    responses(
        (status = 200, description = "Active again", body = OrganisationView),
        (status = 404, description = "Not one of the funder's organisations"),
    ))]
#[post("/api/v1/funder/organisations/{organisation_id}/reactivate")]
pub async fn reactivate_organisation(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: OrganisationPath,
) -> Result<web::Json<OrganisationView>, ApiError> {
    Ok(web::Json(
        app.set_organisation_active(&actor, path.organisation_id.0, true, &meta(&req))
            .await?,
    ))
}
