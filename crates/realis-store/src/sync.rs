//! Reads for software that keeps a copy in step (issue #12, part 3): the months of the reader's
//! dossiers in `id` order after a cursor, optionally only one period and only those changed
//! since a time. Paging by id is stable while rows change: a row updated during the walk is
//! read again by the next walk `updated_since` the time the walk began.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use realis_domain::Period;
use realis_domain::dossier::Dossier;
use realis_domain::month::Month;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
};

use crate::StoreError;
use crate::entities::{dossiers, months};
use crate::portfolio::Scope;

/// Which months to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct MonthSync {
    /// Only the months with a larger id (the cursor of the previous page).
    pub after_id: i64,
    /// Only this month of each dossier.
    pub period: Option<Period>,
    /// Only the months written at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
}

/// Up to `limit` months of the dossiers in `scope`, by id, each with its dossier.
pub async fn months(
    db: &impl ConnectionTrait,
    scope: Scope,
    filter: MonthSync,
    limit: u64,
) -> Result<Vec<(Month, Dossier)>, StoreError> {
    let mut q = months::Entity::find()
        .join(
            JoinType::InnerJoin,
            months::Entity::belongs_to(dossiers::Entity)
                .from(months::Column::DossierId)
                .to(dossiers::Column::Id)
                .into(),
        )
        .filter(crate::dossiers::scope_condition(scope))
        .filter(months::Column::Id.gt(filter.after_id));
    if let Some(p) = filter.period {
        q = q.filter(months::Column::Period.eq(p.to_string()));
    }
    if let Some(t) = filter.updated_since {
        q = q.filter(months::Column::UpdatedAt.gte(t));
    }
    let rows = q
        .order_by_asc(months::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut ids: Vec<i64> = rows.iter().map(|m| m.dossier_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let found: HashMap<i64, Dossier> = dossiers::Entity::find()
        .filter(dossiers::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| crate::records::dossier_of(d).map(|d| (d.id, d)))
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|m| {
            let d = found.get(&m.dossier_id).cloned().ok_or_else(|| {
                StoreError::corrupt("months.dossier_id", &m.dossier_id.to_string())
            })?;
            Ok((crate::records::month_of(m)?, d))
        })
        .collect()
}

/// Which dossiers a walk reads.
#[derive(Debug, Clone, Default)]
pub struct DossierSync {
    /// Only the dossiers with a larger id (the cursor of the previous page).
    pub after_id: i64,
    /// Only the dossiers written at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
    /// Only the dossier with exactly this ERP reference.
    pub external_ref: Option<String>,
}

/// Up to `limit` dossiers in `scope` matching `filter`, by id; and how many match from the start
/// of the walk.
pub async fn dossiers(
    db: &impl ConnectionTrait,
    scope: Scope,
    filter: &DossierSync,
    limit: u64,
) -> Result<(u64, Vec<Dossier>), StoreError> {
    let mut q = dossiers::Entity::find().filter(crate::dossiers::scope_condition(scope));
    if let Some(t) = filter.updated_since {
        q = q.filter(dossiers::Column::UpdatedAt.gte(t));
    }
    if let Some(r) = &filter.external_ref {
        q = q.filter(dossiers::Column::ExternalRef.eq(r.as_str()));
    }
    let total = sea_orm::PaginatorTrait::count(q.clone(), db).await?;
    let rows = q
        .filter(dossiers::Column::Id.gt(filter.after_id))
        .order_by_asc(dossiers::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(crate::records::dossier_of)
        .collect::<Result<_, _>>()?;
    Ok((total, rows))
}
