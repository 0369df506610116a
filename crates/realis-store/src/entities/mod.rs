//! Plain sea-orm entities, one per table used so far. Repositories translate them to domain types.

pub mod audit_log;
pub mod auth_tokens;
pub mod dossiers;
pub mod employers;
pub mod funders;
pub mod months;
pub mod organisations;
pub mod outbox;
pub mod planned_days;
pub mod throttle;
pub mod users;
pub mod organisation_documents;
pub mod stored_files;
