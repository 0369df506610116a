//! Batches for software that enters a whole month at once (`POST /api/v1/hours/batch`,
//! `POST /api/v1/months/prepare/batch`): each item is saved on its own, in its own transaction,
//! and answered on its own, as the single endpoint would have answered it.

use realis_domain::grid::{Granularity, GridWarning};
use realis_domain::{MonthStatus, Period};
use serde::{Deserialize, Serialize};

use crate::{DayInput, Problem, TotalsDto, TotalsInput};

/// Most items of one batch.
pub const BATCH_MAX: usize = 500;

/// One month's hours in a batch: what `PUT /dossiers/{id}/months/{period}/hours` takes, with the
/// month named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HoursBatchItem {
    /// The dossier.
    pub dossier_id: i64,
    /// The month, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    /// The `version` read with the month; a stale value refuses this item (409) only. Or send
    /// `if_match` instead; with neither the item is refused 428 `precondition_required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    /// The month's `ETag` as read (`"<version>-<hash>"`), instead of `version`: a stale one
    /// refuses this item 412 `precondition_failed`, as `If-Match` does on a single save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "\"7-3f9a0c1d2e4b5a69\""))]
    pub if_match: Option<String>,
    /// In `month` granularity: the three totals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<TotalsInput>,
    /// In `day` and `half_day` granularity: the days with hours (the whole grid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<DayInput>>,
}

/// `POST /api/v1/hours/batch`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HoursBatchRequest {
    /// 1 to 500 months; a month named twice is refused the second time (`duplicate_item`).
    pub items: Vec<HoursBatchItem>,
}

/// One month to prepare in a batch («Je certifie la saisie des heures»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrepareBatchItem {
    /// The dossier.
    pub dossier_id: i64,
    /// The month, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    /// The `version` of the hours reviewed: when the month changed since, this item is refused
    /// (409) and nothing of it is frozen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    /// The month's `ETag` as read, instead of `version`: a stale one refuses this item 412
    /// `precondition_failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_match: Option<String>,
}

/// `POST /api/v1/months/prepare/batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrepareBatchRequest {
    /// Must be `true`: «Je certifie la saisie des heures», once for every month of the batch.
    pub hours_certified: bool,
    /// 1 to 500 months.
    pub items: Vec<PrepareBatchItem>,
}

/// What a saved or prepared month of a batch now is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchMonth {
    /// The month's new `version` (send it with the next write).
    pub version: i32,
    /// Its status.
    pub status: MonthStatus,
    /// The status in French.
    pub status_label: String,
    /// The hours saved.
    pub totals: TotalsDto,
    /// Shown, not blocking (a Sunday, a day over 10 h…): objects `{code, message, date?}` as in
    /// the month's `warnings`.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub warnings: Vec<GridWarning>,
}

/// The answer for one item, in the order sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchItemResult {
    /// Position of the item in the request, from 0.
    pub index: usize,
    /// The dossier named.
    pub dossier_id: i64,
    /// The month named, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10"))]
    pub period: Period,
    /// The HTTP status the single endpoint would have answered: 200, or 404, 409, 422, 429…
    pub status: u16,
    /// The month after the write, for a 200.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<BatchMonth>,
    /// The problem, for any other status: `code`, `detail` and the field `errors` (paths relative
    /// to the item, e.g. `days[3].training`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// The answer of a batch: 200 whatever the items' outcomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResult {
    /// Items that succeeded.
    pub succeeded: usize,
    /// Items refused.
    pub failed: usize,
    /// Each item's answer, in the order sent.
    pub items: Vec<BatchItemResult>,
}

/// A month of `GET /api/v1/months`: enough to decide whether to read it whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthListItem {
    /// The dossier.
    pub dossier_id: i64,
    /// The funder's dossier number.
    pub dossier_number: String,
    /// The beneficiary, «Prénom NOM».
    pub beneficiary: String,
    /// The dossier's training title («Formation»).
    pub training_title: String,
    /// How the month's hours are entered: `month` (send `totals`), `day` or `half_day` (send
    /// `days`), the dossier's own setting or else its funder's.
    pub granularity: Granularity,
    /// The month, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10"))]
    pub period: Period,
    /// Its status today.
    pub status: MonthStatus,
    /// The status in French.
    pub status_label: String,
    /// Its `version` (send it with a write).
    pub version: i32,
    /// The hours saved.
    pub totals: TotalsDto,
    /// When it was last written, RFC 3339 UTC (a month that opens because its first day came
    /// changes status without being written).
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A page of `GET /api/v1/months`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthListPage {
    /// The months, by the order they were created in.
    pub items: Vec<MonthListItem>,
    /// Send it as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// When this page was read: the `updated_since` of the next walk, to read only what changed.
    pub synced_at: chrono::DateTime<chrono::Utc>,
}
