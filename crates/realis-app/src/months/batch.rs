//! Batches of months (`POST /hours/batch`, `POST /months/prepare/batch`): each item goes
//! through the single use case, in its own unit of work, so one refusal (a stale version, a
//! closed month, another OF's dossier) leaves the others saved. The answer keeps the order.

use std::collections::HashSet;

use realis_api_types::{
    BATCH_MAX, HoursBatchItem, MonthView, PrepareBatchItem, PrepareRequest, SaveHoursRequest,
};
use realis_domain::{FieldCode, Period};

use crate::{Actor, App, AppError, RequestMeta};

/// Each item's outcome, in the order sent.
pub type BatchOutcome = Vec<(i64, Period, Result<MonthView, AppError>)>;

fn check_size(len: usize) -> Result<(), AppError> {
    if len == 0 {
        return Err(AppError::field(
            "items",
            FieldCode::Required,
            "Envoyez au moins un mois.",
        ));
    }
    if len > BATCH_MAX {
        return Err(AppError::field(
            "items",
            FieldCode::TooManyItems,
            "500 mois au plus par envoi.",
        ));
    }
    Ok(())
}

fn duplicate(i: usize) -> AppError {
    AppError::field(
        &format!("items[{i}]"),
        FieldCode::DuplicateItem,
        "Ce mois figure déjà plus haut dans l'envoi.",
    )
}

/// The version an item names, by `version` or by `if_match` (an ETag): both must agree.
fn precondition(version: Option<i32>, if_match: Option<&str>) -> Result<Option<i32>, AppError> {
    match (version, if_match) {
        (v, None) => Ok(v),
        (v, Some(tag)) => match realis_api_types::etag_version(tag) {
            Some(t) if v.is_none_or(|v| v == t) => Ok(Some(t)),
            _ => Err(AppError::PreconditionFailed),
        },
    }
}

/// A stale version named by an ETag is a failed precondition (412), as `If-Match` on one save.
fn stale_as_failed(e: AppError, by_etag: bool) -> AppError {
    match e {
        AppError::StaleVersion if by_etag => AppError::PreconditionFailed,
        e => e,
    }
}

impl App {
    /// `POST /hours/batch`: the hours of up to 500 months, each saved on its own.
    pub async fn save_hours_batch(
        &self,
        actor: &Actor,
        items: &[HoursBatchItem],
        meta: &RequestMeta,
    ) -> Result<BatchOutcome, AppError> {
        actor.own_organisation()?;
        check_size(items.len())?;
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let result = if seen.insert((item.dossier_id, item.period)) {
                match precondition(item.version, item.if_match.as_deref()) {
                    Ok(None) => Err(AppError::PreconditionRequired),
                    Err(e) => Err(e),
                    Ok(Some(version)) => {
                        let req = SaveHoursRequest {
                            version: Some(version),
                            totals: item.totals,
                            days: item.days.clone(),
                        };
                        self.save_hours(actor, item.dossier_id, item.period, &req, meta)
                            .await
                            .map_err(|e| stale_as_failed(e, item.if_match.is_some()))
                    }
                }
            } else {
                Err(duplicate(i))
            };
            out.push((item.dossier_id, item.period, result));
        }
        Ok(out)
    }

    /// `POST /months/prepare/batch`: «Je certifie la saisie des heures» for up to 500 months,
    /// each frozen on its own.
    pub async fn prepare_months_batch(
        &self,
        actor: &Actor,
        hours_certified: bool,
        items: &[PrepareBatchItem],
        meta: &RequestMeta,
    ) -> Result<BatchOutcome, AppError> {
        actor.own_organisation()?;
        check_size(items.len())?;
        if !hours_certified {
            return Err(AppError::field(
                "hours_certified",
                FieldCode::Required,
                "Cochez «\u{a0}Je certifie la saisie des heures\u{a0}».",
            ));
        }
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let result = if seen.insert((item.dossier_id, item.period)) {
                match precondition(item.version, item.if_match.as_deref()) {
                    Err(e) => Err(e),
                    Ok(version) => {
                        let req = PrepareRequest {
                            hours_certified: true,
                            version,
                        };
                        self.prepare_month(actor, item.dossier_id, item.period, &req, meta)
                            .await
                            .map_err(|e| stale_as_failed(e, item.if_match.is_some()))
                    }
                }
            } else {
                Err(duplicate(i))
            };
            out.push((item.dossier_id, item.period, result));
        }
        Ok(out)
    }
}
