//! Dossiers (SPEC F2, F9): creation by the funder, lists, and whose dossiers an actor sees.

pub mod create;
pub mod external_ref;
pub mod list;
pub mod scope;

pub use list::{DossierQuery, search_query};
pub use scope::scope_of;
