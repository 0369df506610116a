//! Black-box API tests: the real server on a free port, a fresh database per test (SQLite file,
//! or PostgreSQL when `REALIS_TEST_POSTGRES_URL` is set), the memory mailer and a fixed clock.

mod account;
mod accounts;
mod admin;
mod auth;
mod certification;
mod concurrency;
mod conversations;
mod dashboard;
mod designation;
mod documents;
mod dossiers;
mod employers;
mod errors;
mod etags;
mod evidence;
mod followup;
mod hardening;
mod helpers;
mod idempotency;
mod isolation;
mod mail;
mod names;
mod openapi;
mod organisation;
mod review;
mod schemes;
mod sessions;
mod spa;
mod throttling;
mod tokens;
mod trainings;
mod upload_costs;
mod uploads;
mod users;
