//! Plain sea-orm entities, one per table used so far. Repositories translate them to domain types.

pub mod audit_checkpoints;
pub mod audit_log;
pub mod auth_tokens;
pub mod certificates;
pub mod certification_codes;
pub mod certifier_designations;
pub mod domain_events;
pub mod dossiers;
pub mod employers;
pub mod funders;
pub mod month_days;
pub mod month_files;
pub mod months;
pub mod organisation_documents;
pub mod organisations;
pub mod outbox;
pub mod payments;
pub mod planned_days;
pub mod refresh_tokens;
pub mod stored_files;
pub mod throttle;
pub mod trainings;
pub mod transmissions;
pub mod user_employers;
pub mod users;
pub mod validations;
