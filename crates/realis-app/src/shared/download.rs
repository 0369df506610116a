//! A file handed back to the client.

/// A stored file on its way to the client.
#[derive(Debug, Clone)]
pub struct Download {
    pub content_type: String,
    /// Our own file name (never the uploader's).
    pub file_name: String,
    pub bytes: Vec<u8>,
}
