//! `/api/v1/dashboard`.

use actix_web::{get, web};
use realis_api_types::Dashboard;
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Authenticated, Query};
use crate::routes::followup::PageQuery;

/// «Tableau de bord»: the actions awaiting the signed-in user's role.
///
/// The months awaiting an action of the role, a page at a time (`total`, `page`, `per_page` say
/// where), oldest period first; for a funder agent also every document and certifier
/// designation to review. `pending_count` counts all three sections.
#[utoipa::path(
    tag = "dashboard",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "Pending actions", body = Dashboard),
        (status = 401, description = "Missing, invalid, expired or revoked token"),
    )
)]
#[get("/api/v1/dashboard")]
pub async fn get_dashboard(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<PageQuery>,
) -> Result<web::Json<Dashboard>, ApiError> {
    Ok(web::Json(app.dashboard(&actor, q.page, q.per_page).await?))
}
