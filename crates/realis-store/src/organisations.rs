//! Organisation identity, images and documents; the funder's list.

use crate::StoreError;
use chrono::{DateTime, Utc};
use realis_domain::organisation::{DocumentKind, DocumentStatus, Organisation};
use sea_orm::sea_query::{Alias, Expr, Func, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, Unchanged,
};
use std::collections::HashMap;

use crate::entities::organisation_documents::{self as docs, Column as DocCol, Entity as Docs};
use crate::entities::organisations::{self, Column, Entity};
use crate::records::organisation_of;

pub use realis_domain::organisation::Document as DocumentRow;

/// A stored document as the domain's.
fn document_of(d: docs::Model) -> Result<DocumentRow, StoreError> {
    Ok(DocumentRow {
        kind: DocumentKind::parse(&d.kind)
            .ok_or_else(|| StoreError::corrupt("organisation_documents.kind", &d.kind))?,
        status: DocumentStatus::parse(&d.status)
            .ok_or_else(|| StoreError::corrupt("organisation_documents.status", &d.status))?,
        id: d.id,
        organisation_id: d.organisation_id,
        file_id: d.file_id,
        reason: d.reason,
        uploaded_by: d.uploaded_by,
        uploaded_at: d.uploaded_at,
        reviewed_by: d.reviewed_by,
        reviewed_at: d.reviewed_at,
    })
}

/// The identity fields the OF edits (already validated).
#[derive(Debug, Clone, Default)]
pub struct IdentityUpdate {
    pub name: String,
    pub email: String,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub mobile_phone: Option<String>,
    pub landline_phone: Option<String>,
    pub fax: Option<String>,
    pub nda: Option<String>,
    pub website: Option<String>,
    pub legal_representative: Option<String>,
    pub certifier: bool,
}

/// Saves the identity of organisation `id`, read at `version`: the version becomes the next one
/// (the SIRET, images and creation date are left as stored). `None` when the organisation is no
/// longer at `version` (nothing is written).
pub async fn update_identity(
    db: &impl ConnectionTrait,
    id: i64,
    version: i32,
    u: IdentityUpdate,
    now: DateTime<Utc>,
) -> Result<Option<Organisation>, StoreError> {
    let changed = organisations::ActiveModel {
        id: Unchanged(id),
        name: Set(u.name),
        email: Set(u.email),
        address: Set(u.address),
        postal_code: Set(u.postal_code),
        city: Set(u.city),
        mobile_phone: Set(u.mobile_phone),
        landline_phone: Set(u.landline_phone),
        fax: Set(u.fax),
        nda: Set(u.nda),
        website: Set(u.website),
        legal_representative: Set(u.legal_representative),
        certifier: Set(u.certifier),
        version: Set(version + 1),
        updated_at: Set(now),
        ..Default::default()
    };
    match Entity::update(changed)
        .filter(Column::Version.eq(version))
        .exec(db)
        .await
    {
        Ok(m) => Ok(Some(organisation_of(m))),
        Err(DbErr::RecordNotUpdated) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The funder's correction of organisation `id`: the identity and the SIRET (already validated;
/// «Je suis certificateur» is the OF's and stays as stored). The version becomes the next one;
/// `None` when the organisation is no longer at `version`.
pub async fn correct_identity(
    db: &impl ConnectionTrait,
    id: i64,
    version: i32,
    siret: &str,
    u: IdentityUpdate,
    now: DateTime<Utc>,
) -> Result<Option<Organisation>, StoreError> {
    let changed = organisations::ActiveModel {
        id: Unchanged(id),
        siret: Set(siret.to_owned()),
        name: Set(u.name),
        email: Set(u.email),
        address: Set(u.address),
        postal_code: Set(u.postal_code),
        city: Set(u.city),
        mobile_phone: Set(u.mobile_phone),
        landline_phone: Set(u.landline_phone),
        fax: Set(u.fax),
        nda: Set(u.nda),
        website: Set(u.website),
        legal_representative: Set(u.legal_representative),
        version: Set(version + 1),
        updated_at: Set(now),
        ..Default::default()
    };
    match Entity::update(changed)
        .filter(Column::Version.eq(version))
        .exec(db)
        .await
    {
        Ok(m) => Ok(Some(organisation_of(m))),
        Err(DbErr::RecordNotUpdated) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Deactivates (`Some(instant)`) or reactivates (`None`) an organisation.
pub async fn set_deactivated(
    db: &impl ConnectionTrait,
    id: i64,
    deactivated_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::DeactivatedAt, Expr::value(deactivated_at))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Which image of the letterhead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSlot {
    Logo,
    Stamp,
}

pub async fn set_image(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    slot: ImageSlot,
    file_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let col = match slot {
        ImageSlot::Logo => Column::LogoFileId,
        ImageSlot::Stamp => Column::StampFileId,
    };
    Entity::update_many()
        .col_expr(col, Expr::value(file_id))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(organisation_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find_by_siret(
    db: &impl ConnectionTrait,
    funder_id: i64,
    siret: &str,
) -> Result<Option<Organisation>, StoreError> {
    Ok(Entity::find()
        .filter(Column::FunderId.eq(funder_id))
        .filter(Column::Siret.eq(siret))
        .one(db)
        .await?
        .map(organisation_of))
}

/// A funder's organisations, searched on name, SIRET or city (case-insensitive), by name.
pub async fn list_for_funder(
    db: &impl ConnectionTrait,
    funder_id: i64,
    query: &realis_domain::search::SearchQuery,
    page: u64,
    per_page: u64,
) -> Result<(u64, Vec<Organisation>), StoreError> {
    let mut select = Entity::find().filter(Column::FunderId.eq(funder_id));
    let q = query.as_str().to_lowercase();
    if !q.is_empty() {
        let pattern = format!("%{}%", q.replace(['%', '_'], ""));
        let digits: String = q.chars().filter(|c| !c.is_whitespace()).collect();
        select = select.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(Column::Name))).like(pattern.clone()))
                .add(Expr::expr(Func::lower(Expr::col(Column::City))).like(pattern))
                .add(Column::Siret.like(format!("%{}%", digits.replace(['%', '_'], "")))),
        );
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_asc(Column::Name)
        .offset(page.saturating_sub(1).saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?;
    Ok((total, rows.into_iter().map(organisation_of).collect()))
}

/// The current (latest) document of each kind of an organisation.
pub async fn current_documents(
    db: &impl ConnectionTrait,
    organisation_id: i64,
) -> Result<Vec<DocumentRow>, StoreError> {
    let all = Docs::find()
        .filter(DocCol::OrganisationId.eq(organisation_id))
        .order_by_desc(DocCol::Id)
        .all(db)
        .await?;
    let mut latest: Vec<docs::Model> = Vec::new();
    for d in all {
        if !latest.iter().any(|l| l.kind == d.kind) {
            latest.push(d);
        }
    }
    latest.sort_by(|a, b| a.kind.cmp(&b.kind));
    latest.into_iter().map(document_of).collect()
}

pub async fn current_document(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    kind: DocumentKind,
) -> Result<Option<DocumentRow>, StoreError> {
    Docs::find()
        .filter(DocCol::OrganisationId.eq(organisation_id))
        .filter(DocCol::Kind.eq(kind.as_str()))
        .order_by_desc(DocCol::Id)
        .one(db)
        .await?
        .map(document_of)
        .transpose()
}

/// A new upload: a new row (the old ones stay as history), awaiting review.
pub async fn insert_document(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    kind: DocumentKind,
    file_id: i64,
    uploaded_by: i64,
    now: DateTime<Utc>,
) -> Result<DocumentRow, StoreError> {
    docs::ActiveModel {
        organisation_id: Set(organisation_id),
        kind: Set(kind.as_str().to_owned()),
        file_id: Set(file_id),
        status: Set(DocumentStatus::Pending.as_str().to_owned()),
        reason: Set(None),
        uploaded_by: Set(uploaded_by),
        uploaded_at: Set(now),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(StoreError::from)
    .and_then(document_of)
}

/// Records a review, only if the document is still in `expected` status (no double review).
pub async fn review_document(
    db: &impl ConnectionTrait,
    document_id: i64,
    expected: DocumentStatus,
    status: DocumentStatus,
    reason: Option<String>,
    reviewer: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = Docs::update_many()
        .col_expr(DocCol::Status, Expr::value(status.as_str()))
        .col_expr(DocCol::Reason, Expr::value(reason))
        .col_expr(DocCol::ReviewedBy, Expr::value(reviewer))
        .col_expr(DocCol::ReviewedAt, Expr::value(now))
        .filter(DocCol::Id.eq(document_id))
        .filter(DocCol::Status.eq(expected.as_str()))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The current documents awaiting review of the funder's organisations, oldest upload first.
///
/// Two statements, however many organisations the funder has: the pending documents with no
/// newer document of the same organisation and kind (`(organisation_id, kind)` index), then
/// their organisations.
pub async fn pending_documents_for_funder(
    db: &impl ConnectionTrait,
    funder_id: i64,
) -> Result<Vec<(Organisation, DocumentRow)>, StoreError> {
    let newer = Alias::new("newer");
    let newer_of_same_kind = Query::select()
        .expr(Expr::val(1))
        .from_as(Docs, newer.clone())
        .and_where(
            Expr::col((newer.clone(), DocCol::OrganisationId))
                .equals((Docs, DocCol::OrganisationId)),
        )
        .and_where(Expr::col((newer.clone(), DocCol::Kind)).equals((Docs, DocCol::Kind)))
        .and_where(Expr::col((newer, DocCol::Id)).gt(Expr::col((Docs, DocCol::Id))))
        .to_owned();
    let of_funder = Query::select()
        .column(Column::Id)
        .from(Entity)
        .and_where(Expr::col(Column::FunderId).eq(funder_id))
        .to_owned();
    let pending = Docs::find()
        .filter(DocCol::Status.eq(DocumentStatus::Pending.as_str()))
        .filter(DocCol::OrganisationId.in_subquery(of_funder))
        .filter(Expr::exists(newer_of_same_kind).not())
        .order_by_asc(DocCol::UploadedAt)
        .order_by_asc(DocCol::Id)
        .all(db)
        .await?;
    if pending.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = pending.iter().map(|d| d.organisation_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let orgs: HashMap<i64, Organisation> = Entity::find()
        .filter(Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, organisation_of(o)))
        .collect();
    let mut out = Vec::with_capacity(pending.len());
    for d in pending {
        if let Some(o) = orgs.get(&d.organisation_id) {
            out.push((o.clone(), document_of(d)?));
        }
    }
    Ok(out)
}

/// Every organisation id (for the daily reminder).
pub async fn all_ids(db: &impl ConnectionTrait) -> Result<Vec<i64>, StoreError> {
    use sea_orm::{QueryOrder, QuerySelect};
    Entity::find()
        .select_only()
        .column(Column::Id)
        .order_by_asc(Column::Id)
        .into_tuple()
        .all(db)
        .await
        .map_err(StoreError::from)
}
