//! The rules of Réalis: business values (hours, periods, SIRET, e-mail…), the month status
//! machine, roles and French public holidays.
//!
//! This crate is pure: no IO, no async, no clock, no database, no HTTP. It compiles to
//! `wasm32-unknown-unknown` so that the SPA applies exactly the same rules as the server.
//! It must not depend on any other Réalis crate.

pub mod api_key;
pub mod audit;
pub mod certificate;
pub mod certification;
pub mod commands;
pub mod conversation;
pub mod designation;
pub mod document;
pub mod dossier;
pub mod email;
pub mod events;
pub mod evidence;
pub mod field_code;
pub mod followup;
pub mod fr;
pub mod funder;
pub mod grid;
pub mod grid_csv;
pub mod holidays;
pub mod hours;
pub mod ids;
pub mod label;
pub mod month;
pub mod organisation;
pub mod outbox;
pub mod password;
pub mod period;
pub mod printable;
pub mod role;
pub mod search;
pub mod session;
pub mod siret;
pub mod spreadsheet;
pub mod status;
pub mod stored_file;
pub mod throttle;
pub mod training;
pub mod upload;
pub mod user;
pub mod webhook;

pub use commands::{MonthCommand, MonthFacts, allowed_commands};
pub use email::{Email, EmailError};
pub use field_code::FieldCode;
pub use holidays::{HolidayZone, public_holidays};
pub use hours::{Hours, HoursError};
pub use ids::*;
pub use label::{Label, LabelError};
pub use password::{PasswordError, validate_new_password, validate_password_change};
pub use period::{Period, PeriodError};
pub use printable::is_printable;
pub use role::Role;
pub use siret::{Nda, NdaError, Siret, SiretError};
pub use status::{MonthAction, MonthStatus, TransitionError, ValidationSetting};
