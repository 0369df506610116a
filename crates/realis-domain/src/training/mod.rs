//! The OF's catalogue of trainings («Formations»): a title, the code of the certification it
//! leads to in France Compétences' registers (RNCP or RS), its planned hours and its modality.
//! A dossier created from a training copies its title and remembers its modality, which decides
//! whether the certificate prints the footnote on distance learning.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{FieldCode, Hours, Label, LabelError};

/// How the training is delivered: `presentiel` (in the training centre), `distanciel` (at a
/// distance: e-learning, virtual classes) or `mixte` (partly each). Unless it is `presentiel`,
/// the certificates of a dossier of this training carry the footnote on distance learning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Modality {
    /// «Présentiel»: in the training centre.
    Presentiel,
    /// «Distanciel»: at a distance (e-learning, virtual classes).
    Distanciel,
    /// «Mixte»: partly in the centre, partly at a distance.
    Mixte,
}

impl Modality {
    pub const ALL: [Modality; 3] = [Modality::Presentiel, Modality::Distanciel, Modality::Mixte];

    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Presentiel => "presentiel",
            Modality::Distanciel => "distanciel",
            Modality::Mixte => "mixte",
        }
    }

    pub fn parse(s: &str) -> Option<Modality> {
        Modality::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Modality::Presentiel => "Présentiel",
            Modality::Distanciel => "Distanciel",
            Modality::Mixte => "Mixte",
        }
    }

    /// Whether any of it happens at a distance.
    pub fn has_distance_part(self) -> bool {
        matches!(self, Modality::Distanciel | Modality::Mixte)
    }
}

/// Whether a dossier's certificate prints the footnote «Dans le cas d'une formation à distance,
/// les heures prises en compte correspondent aux activités réalisées et à leur durée estimée.»:
/// when its training is at a distance in whole or part, and when its modality is unknown (a
/// dossier created without a training from the catalogue), as the ministry's model prints it
/// whatever the training.
pub fn prints_distance_note(modality: Option<Modality>) -> bool {
    modality.is_none_or(Modality::has_distance_part)
}

/// The register of a certification code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Register {
    /// Répertoire national des certifications professionnelles.
    Rncp,
    /// Répertoire spécifique.
    Rs,
}

impl Register {
    pub fn prefix(self) -> &'static str {
        match self {
            Register::Rncp => "RNCP",
            Register::Rs => "RS",
        }
    }
}

/// A certification code of France Compétences: «RNCP» or «RS» followed by 4 to 6 digits
/// («RNCP34567», «RS5678»). Parsed leniently (case, spaces inside and around: «rncp 34567»),
/// stored and shown in the canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertificationCode {
    register: Register,
    number: String,
}

/// Why a certification code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CertificationCodeError {
    #[error("not RNCP or RS followed by 4 to 6 digits")]
    Format,
}

impl CertificationCodeError {
    pub fn code(self) -> FieldCode {
        FieldCode::InvalidCertificationCode
    }

    pub fn message_fr(self) -> &'static str {
        "Le code doit s'écrire RNCP suivi de 4 à 6 chiffres (ex. RNCP34567) ou RS suivi de 4 à 6 \
         chiffres (ex. RS5678)."
    }
}

impl CertificationCode {
    pub fn parse(input: &str) -> Result<CertificationCode, CertificationCodeError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let (register, digits) = if let Some(rest) = compact.strip_prefix("RNCP") {
            (Register::Rncp, rest)
        } else if let Some(rest) = compact.strip_prefix("RS") {
            (Register::Rs, rest)
        } else {
            return Err(CertificationCodeError::Format);
        };
        if !(4..=6).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CertificationCodeError::Format);
        }
        Ok(CertificationCode {
            register,
            number: digits.to_owned(),
        })
    }

    pub fn register(&self) -> Register {
        self.register
    }
}

impl fmt::Display for CertificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.register.prefix(), self.number)
    }
}

/// The longest title, as for a dossier's «Formation».
pub const TITLE_MAX: usize = 200;

/// The most hours a training may plan: beyond any funded training (five years full time is
/// about 8,000 hours), so a typo such as 35000 for 350 is caught.
pub const PLANNED_HOURS_MAX: Hours = Hours::from_whole(10_000);

/// Why planned hours were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlannedHoursError {
    #[error("zero hours")]
    NotPositive,
    #[error("more than the maximum")]
    TooMany,
}

impl PlannedHoursError {
    pub fn code(self) -> FieldCode {
        match self {
            PlannedHoursError::NotPositive => FieldCode::NotPositive,
            PlannedHoursError::TooMany => FieldCode::TooManyHours,
        }
    }

    pub fn message_fr(self) -> String {
        match self {
            PlannedHoursError::NotPositive => {
                "Indiquez un nombre d'heures prévues supérieur à zéro.".to_owned()
            }
            PlannedHoursError::TooMany => format!(
                "Une formation ne peut pas prévoir plus de {} heures.",
                crate::fr::integer(u64::from(PLANNED_HOURS_MAX.hundredths() / 100))
            ),
        }
    }
}

/// Planned hours of a training: more than zero, at most [`PLANNED_HOURS_MAX`].
pub fn check_planned_hours(hours: Hours) -> Result<Hours, PlannedHoursError> {
    if hours.is_zero() {
        Err(PlannedHoursError::NotPositive)
    } else if hours > PLANNED_HOURS_MAX {
        Err(PlannedHoursError::TooMany)
    } else {
        Ok(hours)
    }
}

/// A field of a training that was refused, with the API field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainingFieldError {
    Title(LabelError),
    CertificationCode(CertificationCodeError),
    PlannedHours(PlannedHoursError),
}

impl TrainingFieldError {
    /// The request field (`title`, `rncp_rs_code`, `planned_hours`).
    pub fn field(&self) -> &'static str {
        match self {
            TrainingFieldError::Title(_) => "title",
            TrainingFieldError::CertificationCode(_) => "rncp_rs_code",
            TrainingFieldError::PlannedHours(_) => "planned_hours",
        }
    }

    pub fn code(&self) -> FieldCode {
        match self {
            TrainingFieldError::Title(e) => e.code(),
            TrainingFieldError::CertificationCode(e) => e.code(),
            TrainingFieldError::PlannedHours(e) => e.code(),
        }
    }

    pub fn message_fr(&self) -> String {
        match self {
            TrainingFieldError::Title(e) => e.message_fr(),
            TrainingFieldError::CertificationCode(e) => e.message_fr().to_owned(),
            TrainingFieldError::PlannedHours(e) => e.message_fr(),
        }
    }
}

/// A training's fields once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingFields {
    pub title: String,
    pub code: Option<CertificationCode>,
    pub planned_hours: Hours,
    pub modality: Modality,
}

impl TrainingFields {
    /// Checks every field, reporting all the refused ones: the title is a [`Label`] of at most
    /// [`TITLE_MAX`] characters, the code optional (empty or blank: none) but well formed when
    /// given, the hours within [`check_planned_hours`].
    pub fn parse(
        title: &str,
        code: Option<&str>,
        planned_hours: Hours,
        modality: Modality,
    ) -> Result<TrainingFields, Vec<TrainingFieldError>> {
        let title = Label::parse(title, TITLE_MAX).map_err(TrainingFieldError::Title);
        let code = match code.map(str::trim).filter(|c| !c.is_empty()) {
            None => Ok(None),
            Some(c) => CertificationCode::parse(c)
                .map(Some)
                .map_err(TrainingFieldError::CertificationCode),
        };
        let hours = check_planned_hours(planned_hours).map_err(TrainingFieldError::PlannedHours);
        match (title, code, hours) {
            (Ok(title), Ok(code), Ok(planned_hours)) => Ok(TrainingFields {
                title: title.into_string(),
                code,
                planned_hours,
                modality,
            }),
            (title, code, hours) => Err([title.err(), code.err(), hours.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// A training of an OF's catalogue, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub id: i64,
    pub organisation_id: i64,
    pub title: String,
    pub code: Option<CertificationCode>,
    pub planned_hours: Hours,
    pub modality: Modality,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests;
