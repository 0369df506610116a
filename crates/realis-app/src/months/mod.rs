//! A dossier's months (SPEC F3–F5.1): the month view, saving hours (also from a CSV file) and
//! preparing for certification.

pub mod across;
pub mod batch;
pub mod csv;
pub mod hours;
pub mod prepare;
pub mod view;
