//! One file per resource; one thin handler per action.

pub mod auth;
pub mod dashboard;
pub mod health;
pub mod me;

use actix_web::web;

/// Registers every API handler (each also listed in [`crate::openapi::ApiDoc`]).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::forgot_password)
        .service(auth::reset_password)
        .service(me::get_me)
        .service(dashboard::get_dashboard);
}
