//! `/api/v1/me`.

use actix_web::{get, web};
use realis_api_types::Me;
use realis_app::App;

use crate::error::ApiError;
use crate::extract::Authenticated;

/// The signed-in user.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = Me),
        (status = 401, description = "Missing, invalid, expired or revoked token"),
    )
)]
#[get("/api/v1/me")]
pub async fn get_me(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<Me>, ApiError> {
    Ok(web::Json(app.me(&actor).await?))
}
