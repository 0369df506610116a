//! A dossier's ERP reference (`dossiers.external_ref`): unique among the dossiers of one
//! organisation, set at creation or later by the funder or the OF.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::StoreError;
use crate::entities::dossiers;

/// Whether another dossier of the organisation than `except` has this ERP reference.
pub async fn taken(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    external_ref: &str,
    except: Option<i64>,
) -> Result<bool, StoreError> {
    let mut q = dossiers::Entity::find()
        .filter(dossiers::Column::OrganisationId.eq(organisation_id))
        .filter(dossiers::Column::ExternalRef.eq(external_ref));
    if let Some(id) = except {
        q = q.filter(dossiers::Column::Id.ne(id));
    }
    Ok(q.one(db).await?.is_some())
}

/// Sets (or, with `None`, clears) the dossier's ERP reference and marks it written at `now`
/// (the `updated_since` walks read it again). `false` when another dossier of its organisation
/// holds the reference (the unique index refused it: a concurrent write got there first).
pub async fn set(
    db: &impl ConnectionTrait,
    dossier_id: i64,
    external_ref: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = dossiers::Entity::update_many()
        .col_expr(
            dossiers::Column::ExternalRef,
            Expr::value(external_ref.map(str::to_owned)),
        )
        .col_expr(dossiers::Column::UpdatedAt, Expr::value(now))
        .filter(dossiers::Column::Id.eq(dossier_id))
        .exec(db)
        .await;
    match res {
        Ok(_) => Ok(true),
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}
