//! `/healthz`.

use actix_web::{HttpResponse, get, web};
use realis_api_types::Health;
use realis_app::App;

/// Liveness and database reachability: 200 when the database answers, 503 otherwise.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Up, database reachable", body = Health),
        (status = 503, description = "Database unreachable", body = Health),
    )
)]
#[get("/healthz")]
pub async fn healthz(app: web::Data<App>) -> HttpResponse {
    let ok = app.db.ping().await.is_ok();
    let body = Health {
        status: if ok { "ok" } else { "degraded" }.to_owned(),
        database: if ok { "ok" } else { "unreachable" }.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    if ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
