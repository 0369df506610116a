//! The REST API's vocabulary: request and response bodies, and the stable error codes, defined
//! once and used by both the server and the SPA.
//!
//! Wasm-safe: depends only on `realis-domain`, serde and chrono. The OpenAPI derives (utoipa)
//! sit behind the `openapi` feature, which only the server enables.

pub mod accounts;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod bulk;
pub mod certification;
pub mod certification_batch;
pub mod conversations;
pub mod dashboard;
pub mod documents;
pub mod dossier;
pub mod error;
pub mod followup;
pub mod hours;
pub mod lenient;
pub mod organisation;
pub mod organisation_users;
pub mod training;
pub mod webhooks;

pub use accounts::*;
pub use api_keys::*;
pub use audit::*;
pub use auth::*;
pub use batch::*;
pub use bulk::*;
pub use certification::*;
pub use certification_batch::*;
pub use conversations::*;
pub use dashboard::*;
pub use documents::*;
pub use dossier::*;
pub use error::*;
pub use followup::*;
pub use hours::*;
pub use organisation::*;
pub use organisation_users::*;
pub use training::*;
pub use webhooks::*;
