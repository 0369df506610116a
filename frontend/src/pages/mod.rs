pub mod dashboard;
pub mod forgot;
pub mod login;
pub mod reset;
pub mod section;
