//! The OF's catalogue of trainings («Formations»).

use chrono::{DateTime, Utc};
use realis_domain::Hours;
pub use realis_domain::training::Modality;
use serde::{Deserialize, Serialize};

/// A training of the OF's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingView {
    /// Id of the training.
    pub id: i64,
    /// Title of the training; copied into a dossier's `training_title` when the dossier is
    /// created from it.
    pub title: String,
    /// The certification it leads to in France Compétences' registers, in canonical form
    /// («RNCP34567», «RS5678»); null when none was given.
    pub rncp_rs_code: Option<String>,
    /// Planned hours of the whole training, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 420.0))]
    pub planned_hours: Hours,
    /// How it is delivered: `presentiel`, `distanciel` or `mixte`.
    pub modality: Modality,
    /// The modality in French: «Présentiel», «Distanciel», «Mixte».
    pub modality_label: String,
    /// When it was last changed, RFC 3339 UTC.
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/organisation/trainings` and `PUT /api/v1/organisation/trainings/{training_id}`:
/// every field of the training (a PUT replaces them all). Dossiers already created from the
/// training keep the title and modality they were created with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingRequest {
    /// Title of the training, 1 to 200 characters (white space collapsed).
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            example = "Anglais professionnel (TOEIC)"
        )
    )]
    pub title: String,
    /// The certification's code: «RNCP» followed by 4 to 6 digits or «RS» followed by 4 to 6
    /// digits (case and spaces do not matter: «rncp 34567» is stored «RNCP34567»); omitted, null
    /// or blank: none. Anything else is refused with `invalid_certification_code` (422).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "RS5678"))]
    pub rncp_rs_code: Option<String>,
    /// Planned hours of the whole training: more than 0, at most 10000, at most two decimals
    /// (`not_positive`, `too_many_hours`).
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = f64, exclusive_minimum = 0, maximum = 10000, example = 120.0)
    )]
    pub planned_hours: Hours,
    /// How it is delivered: `presentiel` (in the centre), `distanciel` (at a distance) or
    /// `mixte` (both). A dossier's certificate carries the footnote on distance learning
    /// («les heures prises en compte correspondent aux activités réalisées…») unless its
    /// training is `presentiel`.
    pub modality: Modality,
}
