//! An organisation (OF) as the use cases load it: its identity, letterhead images and whether
//! it certifies online, saved back under its version.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: i64,
    pub funder_id: i64,
    pub name: String,
    /// Set at creation; the OF cannot change it.
    pub siret: String,
    pub email: String,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub mobile_phone: Option<String>,
    pub landline_phone: Option<String>,
    pub fax: Option<String>,
    pub nda: Option<String>,
    pub website: Option<String>,
    pub legal_representative: Option<String>,
    /// «Je suis certificateur» as last saved with the identity.
    pub certifier: bool,
    pub logo_file_id: Option<i64>,
    pub stamp_file_id: Option<i64>,
    /// Set while the funder has deactivated the organisation: its users can neither log in nor
    /// use their tokens; its data stays readable by the funder.
    pub deactivated_at: Option<DateTime<Utc>>,
    /// Bumped by every write of the identity or an image.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Organisation {
    /// Not deactivated by its funder.
    pub fn is_active(&self) -> bool {
        self.deactivated_at.is_none()
    }
}
