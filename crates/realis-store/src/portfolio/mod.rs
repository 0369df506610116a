//! Funders, organisations, employers, dossiers, planned calendars and months: creation and reads;
//! the pending-actions query of the dashboard is in `pending.rs`.

use crate::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use realis_domain::certification::CodePolicy;
use realis_domain::dossier::Employer;
use realis_domain::grid::Granularity;
use realis_domain::organisation::Organisation;
use realis_domain::{HolidayZone, ValidationSetting};
use realis_domain::{MonthStatus, Period};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entities::{dossiers, employers, funders, months, organisations, planned_days};

mod pending;

pub use pending::{PendingRow, Scope, pending_months};

pub(crate) use crate::records::{dossier_of, funder_of, month_of, organisation_of};
pub use realis_domain::dossier::Dossier as DossierRow;

pub use realis_domain::funder::{Funder as FunderRow, FunderSettings};
pub use realis_domain::month::Month as MonthRow;

pub async fn insert_funder(
    db: &impl ConnectionTrait,
    name: &str,
    region: &str,
    granularity: Granularity,
    validations: ValidationSetting,
    now: DateTime<Utc>,
) -> Result<FunderRow, StoreError> {
    let defaults = CodePolicy::default();
    let row = funders::ActiveModel {
        name: Set(name.to_owned()),
        region: Set(region.to_owned()),
        granularity: Set(granularity.as_str().to_owned()),
        validations: Set(validations.as_str().to_owned()),
        code_length: Set(i32::try_from(defaults.length).unwrap_or(6)),
        code_ttl_minutes: Set(i32::try_from(defaults.ttl_minutes).unwrap_or(10)),
        holiday_zone: Set(HolidayZone::default().as_str().to_owned()),
        website: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    funder_of(row)
}

pub async fn find_funder(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<FunderRow>, StoreError> {
    funders::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(funder_of)
        .transpose()
}

pub async fn count_funders(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    use sea_orm::PaginatorTrait;
    funders::Entity::find()
        .count(db)
        .await
        .map_err(StoreError::from)
}

/// The identity fields an organisation starts with.
#[derive(Debug, Clone, Default)]
pub struct NewOrganisation {
    pub funder_id: i64,
    pub name: String,
    pub siret: String,
    pub email: String,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub landline_phone: Option<String>,
    pub nda: Option<String>,
    pub legal_representative: Option<String>,
    pub certifier: bool,
}

pub async fn insert_organisation(
    db: &impl ConnectionTrait,
    o: NewOrganisation,
    now: DateTime<Utc>,
) -> Result<Organisation, StoreError> {
    organisations::ActiveModel {
        funder_id: Set(o.funder_id),
        name: Set(o.name),
        siret: Set(o.siret),
        email: Set(o.email),
        address: Set(o.address),
        postal_code: Set(o.postal_code),
        city: Set(o.city),
        mobile_phone: Set(None),
        landline_phone: Set(o.landline_phone),
        fax: Set(None),
        nda: Set(o.nda),
        website: Set(None),
        legal_representative: Set(o.legal_representative),
        certifier: Set(o.certifier),
        logo_file_id: Set(None),
        stamp_file_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(organisation_of)
    .map_err(StoreError::from)
}

pub async fn find_organisation(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<Organisation>, StoreError> {
    Ok(organisations::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(organisation_of))
}

/// A dossier by id, whoever owns it (public verification resolves a certificate this way).
pub async fn find_dossier(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<DossierRow>, StoreError> {
    dossiers::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(dossier_of)
        .transpose()
}

/// A month by id.
pub async fn find_month_by_id(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<MonthRow>, StoreError> {
    months::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(month_of)
        .transpose()
}

pub async fn insert_employer(
    db: &impl ConnectionTrait,
    funder_id: i64,
    name: &str,
    email: &str,
    now: DateTime<Utc>,
) -> Result<Employer, StoreError> {
    let row = employers::ActiveModel {
        funder_id: Set(funder_id),
        name: Set(name.to_owned()),
        email: Set(email.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(crate::records::employer_of(row))
}

/// A dossier with its parties already created.
#[derive(Debug, Clone)]
pub struct NewDossier {
    pub funder_id: i64,
    pub organisation_id: i64,
    pub number: String,
    pub beneficiary_user_id: i64,
    pub beneficiary_first_name: String,
    pub beneficiary_last_name: String,
    pub employer_id: i64,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub committee_date: Option<NaiveDate>,
    pub granularity: Option<Granularity>,
    pub scheme: realis_domain::dossier::Scheme,
    /// The training of the catalogue it is created from, with its modality now.
    pub training: Option<(i64, realis_domain::training::Modality)>,
    /// The ERP's reference, if the funder gave one (unique within the organisation).
    pub external_ref: Option<String>,
}

/// Lower-case, accent-free text for accent- and case-insensitive search.
pub fn search_key(parts: &[&str]) -> String {
    realis_domain::search::fold(&parts.join(" "))
}

pub async fn insert_dossier(
    db: &impl ConnectionTrait,
    d: NewDossier,
    now: DateTime<Utc>,
) -> Result<DossierRow, StoreError> {
    let search_text = search_key(&[
        &d.number,
        &d.beneficiary_first_name,
        &d.beneficiary_last_name,
    ]);
    dossiers::ActiveModel {
        funder_id: Set(d.funder_id),
        organisation_id: Set(d.organisation_id),
        number: Set(d.number),
        beneficiary_user_id: Set(d.beneficiary_user_id),
        beneficiary_first_name: Set(d.beneficiary_first_name),
        beneficiary_last_name: Set(d.beneficiary_last_name),
        search_text: Set(search_text),
        employer_id: Set(d.employer_id),
        training_title: Set(d.training_title),
        session_start: Set(d.session_start),
        session_end: Set(d.session_end),
        committee_date: Set(d.committee_date),
        granularity: Set(d.granularity.map(|g| g.as_str().to_owned())),
        scheme: Set(d.scheme.as_str().to_owned()),
        training_id: Set(d.training.map(|t| t.0)),
        training_modality: Set(d.training.map(|t| t.1.as_str().to_owned())),
        external_ref: Set(d.external_ref),
        status: Set("in_progress".to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(StoreError::from)
    .and_then(dossier_of)
}

/// Stores planned hours (hundredths) per day.
pub async fn insert_planned_days(
    db: &impl ConnectionTrait,
    dossier_id: i64,
    days: &[(NaiveDate, u32, u32)],
) -> Result<(), StoreError> {
    if days.is_empty() {
        return Ok(());
    }
    for chunk in days.chunks(200) {
        let models = chunk
            .iter()
            .map(|(day, training, internship)| planned_days::ActiveModel {
                dossier_id: Set(dossier_id),
                day: Set(*day),
                training: Set(i32::try_from(*training).unwrap_or(i32::MAX)),
                internship: Set(i32::try_from(*internship).unwrap_or(i32::MAX)),
            });
        planned_days::Entity::insert_many(models).exec(db).await?;
    }
    Ok(())
}

pub async fn count_planned_days(
    db: &impl ConnectionTrait,
    dossier_id: i64,
) -> Result<u64, StoreError> {
    use sea_orm::PaginatorTrait;
    planned_days::Entity::find()
        .filter(planned_days::Column::DossierId.eq(dossier_id))
        .count(db)
        .await
        .map_err(StoreError::from)
}

/// Creates one month row per period of the session, with the status the caller decided.
pub async fn insert_months(
    db: &impl ConnectionTrait,
    dossier_id: i64,
    months: &[(Period, MonthStatus)],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let dossier = dossiers::Entity::find_by_id(dossier_id)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("dossier {dossier_id}")))?;
    let models = months.iter().map(|(period, status)| months::ActiveModel {
        dossier_id: Set(dossier_id),
        organisation_id: Set(dossier.organisation_id),
        funder_id: Set(dossier.funder_id),
        period: Set(period.to_string()),
        status: Set(status.as_str().to_owned()),
        version: Set(1),
        training: Set(0),
        internship: Set(0),
        absence: Set(0),
        online_locked: Set(false),
        failed_code_attempts: Set(0),
        transmission_id: Set(None),
        transmitted_at: Set(None),
        updated_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    });
    months::Entity::insert_many(models).exec(db).await?;
    Ok(())
}

/// Moves every `not_open` month whose period has started to the status the domain gives.
pub async fn open_started_months(
    db: &impl ConnectionTrait,
    current: Period,
    opened: MonthStatus,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let res = months::Entity::update_many()
        .col_expr(months::Column::Status, Expr::value(opened.as_str()))
        .col_expr(months::Column::UpdatedAt, Expr::value(now))
        .filter(months::Column::Status.eq(MonthStatus::NotOpen.as_str()))
        .filter(months::Column::Period.lte(current.to_string()))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

pub async fn months_of_dossier(
    db: &impl ConnectionTrait,
    dossier_id: i64,
) -> Result<Vec<MonthRow>, StoreError> {
    months::Entity::find()
        .filter(months::Column::DossierId.eq(dossier_id))
        .order_by_asc(months::Column::Period)
        .all(db)
        .await?
        .into_iter()
        .map(month_of)
        .collect()
}

pub async fn list_funders(db: &impl ConnectionTrait) -> Result<Vec<FunderRow>, StoreError> {
    funders::Entity::find()
        .order_by_asc(funders::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(funder_of)
        .collect()
}
