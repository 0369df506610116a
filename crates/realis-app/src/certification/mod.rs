//! Certification in both modes (SPEC F5, F6), the final certificate (F7) and its evidence (F11).

pub mod attachments;
pub mod batch;
pub mod batch_code;
pub mod bulk_files;
pub mod finalise;
pub mod online_code;
pub mod upload;
pub mod view;
