//! Small helpers several use-case folders share. Imports nothing from them (only the error type),
//! so every folder may use it without an import loop.

mod certificate;
mod download;
mod lists;
mod month;

pub(crate) use certificate::*;
pub use download::Download;
pub(crate) use lists::*;
pub(crate) use month::*;
