//! `/api/v1/admin/funders`: the platform operator creates funders.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use realis_api_types::{CreateFunderRequest, FunderView};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, meta};
use crate::routes::responses::AdminOnly;

/// Creates a funder (Transitions Pro) and its first agent, who receives the invitation e-mail.
#[utoipa::path(tag = "admin", security(("bearer" = [])),
    request_body(content = CreateFunderRequest, example = json!({
        "name": "Transitions Pro Bretagne",
        "region": "Bretagne",
        "agent": {"email": "agent@tp-bretagne.fr", "display_name": "Yann Le Goff"}
    })),
    responses(
        (status = 201, description = "Created", body = FunderView),
        AdminOnly,
        (status = 422, description = "Invalid fields or e-mail already used"),
    ))]
#[post("/api/v1/admin/funders")]
pub async fn create_funder(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<CreateFunderRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app.create_funder(&actor, &body, &meta(&req)).await?))
}

/// Every funder.
#[utoipa::path(tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "Funders", body = [FunderView]), AdminOnly))]
#[get("/api/v1/admin/funders")]
pub async fn list_funders(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<Vec<FunderView>>, ApiError> {
    Ok(web::Json(app.list_funders(&actor).await?))
}
