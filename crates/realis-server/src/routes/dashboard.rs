//! `/api/v1/dashboard`.

use actix_web::{get, web};
use realis_api_types::{Dashboard, Problem};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::Authenticated;

/// «Tableau de bord»: the months awaiting an action of the signed-in user's role.
#[utoipa::path(
    get, path = "/api/v1/dashboard", tag = "dashboard",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Pending actions", body = Dashboard),
        (status = 401, description = "Missing, invalid, expired or revoked token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/dashboard")]
pub async fn get_dashboard(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<Dashboard>, ApiError> {
    Ok(web::Json(app.dashboard(&actor).await?))
}
