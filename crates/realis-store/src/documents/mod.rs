//! «Documents»: the documents funders upload (`funder_documents`), attached to a dossier or
//! published to all of a funder's organisations; the list of every document of the dossiers of a
//! scope ([`listing`]); the certificates of a period for its ZIP. Takes and returns the domain's
//! [`FunderDocument`] and [`DossierDocument`].

mod listing;

use chrono::{DateTime, Utc};
use realis_domain::document::{DossierDocumentKind, FunderDocument, Placement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::StoreError;
use crate::entities::{funder_documents as docs, stored_files};

pub use listing::{DocumentFilter, ZipEntry, certificates_of_period, list};

/// A document to record (its bytes are already stored as `file_id`).
#[derive(Debug, Clone)]
pub struct NewFunderDocument {
    pub funder_id: i64,
    pub placement: Placement,
    pub title: String,
    pub file_id: i64,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: i64,
}

fn document_of(m: docs::Model) -> Result<FunderDocument, StoreError> {
    let placement = match (m.dossier_id, m.kind.as_deref()) {
        (None, None) => Placement::Published,
        (Some(dossier_id), Some(kind)) => Placement::Dossier {
            dossier_id,
            kind: DossierDocumentKind::parse_from_funder(kind)
                .ok_or_else(|| StoreError::corrupt("funder_documents.kind", kind))?,
        },
        (_, kind) => {
            return Err(StoreError::corrupt(
                "funder_documents.kind",
                kind.unwrap_or("NULL"),
            ));
        }
    };
    Ok(FunderDocument {
        id: m.id,
        funder_id: m.funder_id,
        placement,
        title: m.title,
        file_id: m.file_id,
        content_type: m.content_type,
        size_bytes: m.size_bytes,
        uploaded_by: m.uploaded_by,
        created_at: m.created_at,
    })
}

pub async fn insert(
    db: &impl ConnectionTrait,
    d: NewFunderDocument,
    now: DateTime<Utc>,
) -> Result<FunderDocument, StoreError> {
    let (dossier_id, kind) = match d.placement {
        Placement::Dossier { dossier_id, kind } => (Some(dossier_id), Some(kind.as_str())),
        Placement::Published => (None, None),
    };
    let row = docs::ActiveModel {
        funder_id: Set(d.funder_id),
        dossier_id: Set(dossier_id),
        kind: Set(kind.map(str::to_owned)),
        title: Set(d.title),
        file_id: Set(d.file_id),
        content_type: Set(d.content_type),
        size_bytes: Set(d.size_bytes),
        uploaded_by: Set(d.uploaded_by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    document_of(row)
}

/// The document `id` attached to dossier `dossier_id`.
pub async fn find_in_dossier(
    db: &impl ConnectionTrait,
    dossier_id: i64,
    id: i64,
) -> Result<Option<FunderDocument>, StoreError> {
    docs::Entity::find_by_id(id)
        .filter(docs::Column::DossierId.eq(dossier_id))
        .one(db)
        .await?
        .map(document_of)
        .transpose()
}

/// The document `id` published by funder `funder_id`.
pub async fn find_published(
    db: &impl ConnectionTrait,
    funder_id: i64,
    id: i64,
) -> Result<Option<FunderDocument>, StoreError> {
    docs::Entity::find_by_id(id)
        .filter(docs::Column::FunderId.eq(funder_id))
        .filter(docs::Column::DossierId.is_null())
        .one(db)
        .await?
        .map(document_of)
        .transpose()
}

/// A page of the documents funder `funder_id` published, newest first, and their count.
pub async fn list_published(
    db: &impl ConnectionTrait,
    funder_id: i64,
    page: u64,
    per_page: u64,
) -> Result<(u64, Vec<FunderDocument>), StoreError> {
    let select = docs::Entity::find()
        .filter(docs::Column::FunderId.eq(funder_id))
        .filter(docs::Column::DossierId.is_null());
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(docs::Column::CreatedAt)
        .order_by_desc(docs::Column::Id)
        .offset((page - 1).saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?
        .into_iter()
        .map(document_of)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((total, rows))
}

/// Deletes a document and its bytes (its hash stays in the audit log).
pub async fn delete(db: &impl ConnectionTrait, doc: &FunderDocument) -> Result<(), StoreError> {
    docs::Entity::delete_by_id(doc.id).exec(db).await?;
    stored_files::Entity::delete_by_id(doc.file_id)
        .exec(db)
        .await?;
    Ok(())
}
