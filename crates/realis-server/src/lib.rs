//! The HTTP face of Réalis: actix-web routes (thin handlers calling one `realis-app` function
//! each), the bearer-token extractor, problem+json errors, OpenAPI + Swagger UI, security headers
//! and the static SPA. Also configuration and start-up, used by the `realis` binary and by the
//! black-box tests.
//!
//! Holds no business rule and no SQL.

pub mod allow;
pub mod config;
pub mod error;
pub mod etag;
pub mod extract;
pub mod idempotency;
pub mod openapi;
pub mod paths;
pub mod proxies;
pub mod rate_limit;
pub mod routes;
pub mod scopes;
pub mod spa;
pub mod startup;

pub use config::Config;
pub use startup::{Running, build_app, start};
