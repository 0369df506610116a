//! A file kept by the platform (an upload once cleaned, a generated PDF), as the use cases load it.

use chrono::{DateTime, Utc};

/// A stored file with its bytes, under its internal id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub id: i64,
    /// What it is for (`logo`, `signed_certificate`, `certificate`, `message_attachment`…).
    pub purpose: String,
    /// The sniffed MIME type.
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 of `data`, hex.
    pub sha256: String,
    pub data: Vec<u8>,
    /// The user who sent it; `None` for what the platform made.
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}
