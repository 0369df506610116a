//! Bodies that change a month's hours: saving the grid, and freezing it for certification.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One day sent by the OF. `day` granularity: `training`, `internship`, `absence`;
/// `half_day`: `training_am`, `training_pm`, `internship_am`, `internship_pm`, `absence`.
/// Values are hours with at most two decimals; a bad value is reported on its own field.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DayInput {
    /// The day, `YYYY-MM-DD`: in the month and within the session; each date at most once.
    pub date: NaiveDate,
    /// `day` granularity only (refused in `half_day`): hours of training; 0 when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<f64>,
    /// `day` granularity only (refused in `half_day`): hours in the company placement; 0 when
    /// omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship: Option<f64>,
    /// `half_day` granularity only (refused in `day`): hours of training in the morning; 0 when
    /// omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_am: Option<f64>,
    /// `half_day` granularity only (refused in `day`): hours of training in the afternoon; 0 when
    /// omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_pm: Option<f64>,
    /// `half_day` granularity only (refused in `day`): hours in the company placement in the
    /// morning; 0 when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship_am: Option<f64>,
    /// `half_day` granularity only (refused in `day`): hours in the company placement in the
    /// afternoon; 0 when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship_pm: Option<f64>,
    /// Hours of absence that day (both granularities); 0 when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absence: Option<f64>,
}

/// The three totals sent in `month` granularity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotalsInput {
    /// Hours of presence in training of the month, at most two decimals; 0 when omitted.
    #[serde(default)]
    pub training: f64,
    /// Hours of presence in the company placement of the month; 0 when omitted.
    #[serde(default)]
    pub internship: f64,
    /// Hours of absence of the month; 0 when omitted.
    #[serde(default)]
    pub absence: f64,
}

/// `PUT /api/v1/dossiers/{id}/months/{period}/hours`: `totals` (month granularity) or `days`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveHoursRequest {
    /// The `version` read with the month; a stale value answers 409 and saves nothing. May be
    /// left out when `If-Match` carries the month's `ETag` instead (a stale one answers 412);
    /// without either the answer is 428.
    #[serde(
        default,
        deserialize_with = "crate::lenient::optional_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<i32>,
    /// In `month` granularity only (otherwise 422 `wrong_granularity`): the three totals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<TotalsInput>,
    /// In `day` and `half_day` granularity only (otherwise 422 `wrong_granularity`): the days with
    /// hours. It replaces the whole grid: a day not sent has no hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<DayInput>>,
}

/// `POST /api/v1/dossiers/{id}/months/{period}/prepare`: «Je certifie la saisie des heures» + OK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrepareRequest {
    /// Must be `true`: the box «Je certifie la saisie des heures».
    pub hours_certified: bool,
    /// The `version` of the hours the user is looking at. When given and the month changed since
    /// (hours saved from elsewhere), the answer is 409 and nothing is frozen, so one never
    /// certifies other hours than those on screen. `If-Match` with the month's `ETag` may stand
    /// for it (a stale one answers 412).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
}
