//! Black-box API tests: the real server on a free port, a fresh database per test (SQLite file,
//! or PostgreSQL when `REALIS_TEST_POSTGRES_URL` is set), the memory mailer and a fixed clock.

mod admin;
mod auth;
mod certification;
mod dossiers;
mod errors;
mod evidence;
mod followup;
mod helpers;
mod isolation;
mod mail;
mod names;
mod openapi;
mod organisation;
mod review;
mod tokens;
mod uploads;
mod users;
