//! Stored blobs (images, documents, PDFs) under internal ids, with their sniffed type and hash.

use crate::StoreError;
use chrono::{DateTime, Utc};
use realis_domain::stored_file::StoredFile;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QuerySelect, Set};
use sha2::{Digest, Sha256};

use crate::entities::stored_files::{self, Column, Entity};

/// A stored row as the domain's file.
fn file_of(r: stored_files::Model) -> StoredFile {
    StoredFile {
        id: r.id,
        purpose: r.purpose,
        content_type: r.content_type,
        size_bytes: r.size_bytes,
        sha256: r.sha256,
        data: r.data,
        created_by: r.created_by,
        created_at: r.created_at,
    }
}

/// Metadata of a stored file, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, sea_orm::FromQueryResult)]
pub struct FileMeta {
    pub id: i64,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    purpose: &str,
    content_type: &str,
    data: Vec<u8>,
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<StoredFile, StoreError> {
    let sha256 = hex::encode(Sha256::digest(&data));
    let row = stored_files::ActiveModel {
        purpose: Set(purpose.to_owned()),
        content_type: Set(content_type.to_owned()),
        size_bytes: Set(i64::try_from(data.len()).unwrap_or(i64::MAX)),
        sha256: Set(sha256),
        data: Set(data),
        created_by: Set(created_by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(file_of(row))
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<Option<StoredFile>, StoreError> {
    Ok(Entity::find_by_id(id).one(db).await?.map(file_of))
}

pub async fn meta(db: &impl ConnectionTrait, id: i64) -> Result<Option<FileMeta>, StoreError> {
    Entity::find_by_id(id)
        .select_only()
        .columns([
            Column::Id,
            Column::ContentType,
            Column::SizeBytes,
            Column::Sha256,
            Column::CreatedAt,
        ])
        .into_model::<FileMeta>()
        .one(db)
        .await
        .map_err(StoreError::from)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    use sea_orm::PaginatorTrait;
    Entity::find().count(db).await.map_err(StoreError::from)
}
