//! The OF's catalogue of trainings («Formations»): rows in and out as the domain's [`Training`].

use chrono::{DateTime, Utc};
use realis_domain::Hours;
use realis_domain::training::{CertificationCode, Modality, Training, TrainingFields};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::StoreError;
use crate::entities::trainings::{self as rows, Column, Entity};

/// A stored training as the domain's; a code, modality or hours no release wrote is an error.
fn training_of(r: rows::Model) -> Result<Training, StoreError> {
    let code = match r.rncp_rs_code.as_deref() {
        None => None,
        Some(c) => Some(
            CertificationCode::parse(c)
                .map_err(|_| StoreError::corrupt("trainings.rncp_rs_code", c))?,
        ),
    };
    let hundredths = u32::try_from(r.planned_hundredths).map_err(|_| {
        StoreError::corrupt(
            "trainings.planned_hundredths",
            &r.planned_hundredths.to_string(),
        )
    })?;
    Ok(Training {
        id: r.id,
        organisation_id: r.organisation_id,
        modality: Modality::parse(&r.modality)
            .ok_or_else(|| StoreError::corrupt("trainings.modality", &r.modality))?,
        title: r.title,
        code,
        planned_hours: Hours::from_hundredths(hundredths),
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// The stored hundredths (checked fields are at most 10,000 hours, far below `i32::MAX`).
fn hundredths(h: Hours) -> i32 {
    i32::try_from(h.hundredths()).unwrap_or(i32::MAX)
}

/// The organisation's trainings, by title then id.
pub async fn list_for_organisation(
    db: &impl ConnectionTrait,
    organisation_id: i64,
) -> Result<Vec<Training>, StoreError> {
    Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .order_by_asc(Column::Title)
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(training_of)
        .collect()
}

/// One training, whoever's it is (callers check the organisation).
pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<Training>, StoreError> {
    Entity::find_by_id(id)
        .one(db)
        .await?
        .map(training_of)
        .transpose()
}

/// Adds a training to the organisation's catalogue.
pub async fn insert(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    fields: &TrainingFields,
    now: DateTime<Utc>,
) -> Result<Training, StoreError> {
    let row = rows::ActiveModel {
        organisation_id: Set(organisation_id),
        title: Set(fields.title.clone()),
        rncp_rs_code: Set(fields.code.as_ref().map(ToString::to_string)),
        planned_hundredths: Set(hundredths(fields.planned_hours)),
        modality: Set(fields.modality.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    training_of(row)
}

/// Replaces the fields of training `id` of organisation `organisation_id`; `None` when the
/// organisation has no such training (nothing is written).
pub async fn update(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    id: i64,
    fields: &TrainingFields,
    now: DateTime<Utc>,
) -> Result<Option<Training>, StoreError> {
    let Some(row) = Entity::find_by_id(id)
        .filter(Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut row: rows::ActiveModel = row.into();
    row.title = Set(fields.title.clone());
    row.rncp_rs_code = Set(fields.code.as_ref().map(ToString::to_string));
    row.planned_hundredths = Set(hundredths(fields.planned_hours));
    row.modality = Set(fields.modality.as_str().to_owned());
    row.updated_at = Set(now);
    training_of(row.update(db).await?).map(Some)
}
