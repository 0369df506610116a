//! After certification (SPEC F8–F10): validation and contest by the beneficiary and the employer,
//! reopen and close by the funder, payments («Règlements»), transmission and its CSV export,
//! the funder's settings, the daily reminder to OFs and the funder's reminder to the late ones.

pub mod funder_actions;
pub mod late_reminders;
pub mod payments;
pub mod reminders;
pub mod settings;
pub mod transmission;
pub mod validation;
