pub mod field;
pub mod layout;
