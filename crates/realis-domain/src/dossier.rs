//! A dossier: one beneficiary's funded training at one OF, with its session and the way its
//! hours are entered.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::grid::Granularity;
use crate::label::{Label, LabelError};
use crate::training::Modality;

/// The scheme («dispositif») that funds the dossier; it decides the box the certificate ticks
/// under «Nature de l'action concourant au développement des compétences».
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Scheme {
    /// Projet de transition professionnelle (the default).
    #[default]
    Ptp,
    /// Validation des acquis de l'expérience.
    Vae,
    /// Bilan de compétences.
    Bilan,
    /// Formation par apprentissage.
    Apprentissage,
}

impl Scheme {
    pub const ALL: [Scheme; 4] = [
        Scheme::Ptp,
        Scheme::Vae,
        Scheme::Bilan,
        Scheme::Apprentissage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Ptp => "ptp",
            Scheme::Vae => "vae",
            Scheme::Bilan => "bilan",
            Scheme::Apprentissage => "apprentissage",
        }
    }

    pub fn parse(s: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The scheme as the portal names it («PTP», «VAE»…).
    pub fn label_fr(self) -> &'static str {
        match self {
            Scheme::Ptp => "PTP",
            Scheme::Vae => "VAE",
            Scheme::Bilan => "Bilan de compétences",
            Scheme::Apprentissage => "Apprentissage",
        }
    }

    /// The box of the certificate ticked for this scheme (decree of 2019: four natures).
    pub fn nature_fr(self) -> &'static str {
        match self {
            Scheme::Ptp => "action de formation",
            Scheme::Vae => "action de VAE",
            Scheme::Bilan => "bilan de compétences",
            Scheme::Apprentissage => "action de formation par apprentissage",
        }
    }

    /// The four natures in the certificate's order, each with whether this scheme ticks it.
    pub fn natures(self) -> [(bool, &'static str); 4] {
        [
            Scheme::Ptp,
            Scheme::Bilan,
            Scheme::Vae,
            Scheme::Apprentissage,
        ]
        .map(|s| (s == self, s.nature_fr()))
    }
}

/// Where a dossier stands in «Mes dossiers»: followed until its session has ended and every one
/// of its months has been transmitted, closed («clos») after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DossierState {
    /// «Dossier en cours de suivi».
    InProgress,
    /// «Dossier clos»: session over, every month transmitted.
    Closed,
}

impl DossierState {
    pub fn as_str(self) -> &'static str {
        match self {
            DossierState::InProgress => "in_progress",
            DossierState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<DossierState> {
        [DossierState::InProgress, DossierState::Closed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            DossierState::InProgress => "Dossier en cours de suivi",
            DossierState::Closed => "Dossier clos",
        }
    }

    /// The rule: closed once the session has ended (before `today`) and no month is left
    /// untransmitted (`all_transmitted`: every month of the dossier is
    /// [`MonthStatus::Transmitted`]).
    pub fn of(session_end: NaiveDate, today: NaiveDate, all_transmitted: bool) -> DossierState {
        if session_end < today && all_transmitted {
            DossierState::Closed
        } else {
            DossierState::InProgress
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    pub id: i64,
    pub funder_id: i64,
    pub organisation_id: i64,
    /// The funder's number, e.g. «2026-IDF-000101».
    pub number: String,
    pub beneficiary_user_id: i64,
    pub beneficiary_first_name: String,
    pub beneficiary_last_name: String,
    pub employer_id: i64,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub committee_date: Option<NaiveDate>,
    /// The scheme that funds it (decides the certificate's «nature de l'action»).
    pub scheme: Scheme,
    /// The dossier's own granularity; `None` follows the funder's setting.
    pub granularity: Option<Granularity>,
    /// The training of the OF's catalogue it was created from, if any (its title was copied
    /// into `training_title`).
    pub training_id: Option<i64>,
    /// That training's modality when the dossier was created (kept with the dossier, so that
    /// its certificates do not change when the catalogue is edited); `None` without a training.
    pub training_modality: Option<Modality>,
    /// The ERP's own id of the trainee or contract, set by the funder or the OF: unique among
    /// the organisation's dossiers, at most [`EXTERNAL_REF_MAX`] characters.
    pub external_ref: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The longest [`Dossier::external_ref`], in characters.
pub const EXTERNAL_REF_MAX: usize = 64;

/// An ERP's reference as typed: the rule of every label ([`Label::parse`]: trimmed, white space
/// runs as one space, no control or invisible character, printable), 1 to [`EXTERNAL_REF_MAX`]
/// characters.
pub fn parse_external_ref(s: &str) -> Result<String, LabelError> {
    Label::parse(s, EXTERNAL_REF_MAX).map(Label::into_string)
}

impl Dossier {
    /// How its hours are entered: its own granularity, else the funder's.
    pub fn granularity_or(&self, funder: Granularity) -> Granularity {
        self.granularity.unwrap_or(funder)
    }
}

/// A funder's employer: the name and address a dossier's creation typed, shared by that
/// funder's dossiers naming the same address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employer {
    pub id: i64,
    pub funder_id: i64,
    pub name: String,
    /// Stored lower-case.
    pub email: String,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MonthStatus;

    #[test]
    fn an_external_ref_is_a_trimmed_label_of_64_characters_at_most() {
        assert_eq!(parse_external_ref("  ERP-42  ").as_deref(), Ok("ERP-42"));
        assert!(parse_external_ref(&"x".repeat(64)).is_ok());
        assert_eq!(
            parse_external_ref(&"x".repeat(65)),
            Err(LabelError::TooLong { max: 64 })
        );
        assert_eq!(parse_external_ref("   "), Err(LabelError::Empty));
        assert_eq!(
            parse_external_ref("A\u{7}B"),
            Err(LabelError::ForbiddenCharacter('\u{7}'))
        );
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn each_scheme_ticks_its_own_box_only() {
        for s in Scheme::ALL {
            let ticked: Vec<&str> = s
                .natures()
                .into_iter()
                .filter(|(t, _)| *t)
                .map(|(_, l)| l)
                .collect();
            assert_eq!(ticked, vec![s.nature_fr()]);
            assert_eq!(Scheme::parse(s.as_str()), Some(s));
        }
        assert_eq!(Scheme::Vae.nature_fr(), "action de VAE");
        assert_eq!(Scheme::parse("PTP"), None);
        assert_eq!(Scheme::default(), Scheme::Ptp);
    }

    #[test]
    fn a_dossier_closes_once_its_session_is_over_and_every_month_is_transmitted() {
        use MonthStatus::*;
        let today = d("2026-12-01");
        let all_sent = |s: &[MonthStatus]| s.iter().all(|s| *s == Transmitted);
        assert_eq!(
            DossierState::of(
                d("2026-11-30"),
                today,
                all_sent(&[Transmitted, Transmitted])
            ),
            DossierState::Closed
        );
        assert_eq!(
            DossierState::of(d("2026-11-30"), today, all_sent(&[Transmitted, Validated])),
            DossierState::InProgress
        );
        assert_eq!(
            DossierState::of(d("2026-12-01"), today, true),
            DossierState::InProgress
        );
        assert_eq!(DossierState::Closed.label_fr(), "Dossier clos");
    }
}
