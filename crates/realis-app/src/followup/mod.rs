//! After certification (SPEC F8–F10): validation and contest by the beneficiary and the employer,
//! reopen and close by the funder, payments («Règlements»), transmission and its CSV export,
//! the funder's settings, and the daily reminder to OFs.

pub mod funder_actions;
pub mod payments;
pub mod reminders;
pub mod settings;
pub mod transmission;
pub mod validation;
