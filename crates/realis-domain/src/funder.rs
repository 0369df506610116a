//! A funder (a regional «Transitions Pro») and the settings its agents choose (SPEC F9).

use chrono::{DateTime, Utc};

use crate::certification::CodePolicy;
use crate::grid::Granularity;
use crate::{HolidayZone, ValidationSetting};

/// What the funder's agents set in «Paramètres»; read at each use, so a change applies to the
/// months not yet certified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunderSettings {
    /// How OFs enter hours on new dossiers (a dossier may override it).
    pub granularity: Granularity,
    /// Who validates after certification.
    pub validations: ValidationSetting,
    /// Length and lifetime of the online certification code.
    pub code: CodePolicy,
    /// Whose public holidays the grids show.
    pub holiday_zone: HolidayZone,
    /// The public site «Retour au site» leads to.
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funder {
    pub id: i64,
    pub name: String,
    pub region: String,
    pub settings: FunderSettings,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
