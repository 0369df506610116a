//! `GET /months`: the months of every dossier the reader may read, one period or all, changed
//! since a time or not, paged by an opaque cursor (issue #12, part 3; the «Saisie du mois» of
//! #13 reads the same list).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Utc};
use realis_api_types::{MonthListItem, MonthListPage, TotalsDto};
use realis_domain::Period;
use realis_domain::grid::Granularity;
use realis_store::sync::{self, MonthSync};

use crate::dossiers::scope_of;
use crate::shared::beneficiary_name;
use crate::{Actor, App, AppError};

/// Most months of one page.
pub const MONTHS_PAGE_MAX: u64 = 100;

/// The filters of `GET /months`.
#[derive(Debug, Clone, Default)]
pub struct MonthsQuery {
    pub period: Option<Period>,
    pub updated_since: Option<DateTime<Utc>>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

fn after_id(cursor: Option<&str>) -> Result<i64, AppError> {
    match cursor {
        None => Ok(0),
        Some(c) => c
            .strip_prefix("m")
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                AppError::field(
                    "cursor",
                    realis_domain::FieldCode::InvalidCursor,
                    "Curseur inconnu : reprenez avec le `next_cursor` de la page précédente.",
                )
            }),
    }
}

impl App {
    pub async fn list_months_across(
        &self,
        actor: &Actor,
        q: &MonthsQuery,
    ) -> Result<MonthListPage, AppError> {
        let scope = scope_of(actor).ok_or(AppError::Forbidden)?;
        let limit = q.limit.unwrap_or(50).clamp(1, MONTHS_PAGE_MAX);
        let synced_at = self.clock.now();
        let today = self.clock.today();
        let rows = sync::months(
            &self.db.conn,
            scope,
            MonthSync {
                after_id: after_id(q.cursor.as_deref())?,
                period: q.period,
                updated_since: q.updated_since,
            },
            limit + 1,
        )
        .await?;
        let more = rows.len() as u64 > limit;
        let rows = &rows[..rows.len().min(usize::try_from(limit).unwrap_or(usize::MAX))];
        // How each month is entered follows its funder's setting unless the dossier says:
        // the funders of a page, read once each (an OF has one).
        let mut funders: HashMap<i64, Granularity> = HashMap::new();
        for (_, d) in rows {
            if let Entry::Vacant(e) = funders.entry(d.funder_id) {
                e.insert(self.funder_of(d).await?.settings.granularity);
            }
        }
        let items: Vec<MonthListItem> = rows
            .iter()
            .map(|(m, d)| {
                let status = m.status.on_date(m.period, today);
                MonthListItem {
                    dossier_id: d.id,
                    dossier_number: d.number.clone(),
                    beneficiary: beneficiary_name(d),
                    training_title: d.training_title.clone(),
                    granularity: d
                        .granularity_or(funders.get(&d.funder_id).copied().unwrap_or_default()),
                    period: m.period,
                    status,
                    status_label: status.label_fr().to_owned(),
                    version: m.version,
                    totals: TotalsDto {
                        training: m.totals.training,
                        internship: m.totals.internship,
                        absence: m.totals.absence,
                    },
                    updated_at: m.updated_at,
                }
            })
            .collect();
        let next_cursor = more
            .then(|| rows.get(items.len().saturating_sub(1)))
            .flatten()
            .map(|(m, _)| format!("m{}", m.id));
        Ok(MonthListPage {
            items,
            next_cursor,
            synced_at,
        })
    }
}
