//! Signing the head of the audit chain as a checkpoint, and reading the latest one back.

use crate::StoreError;
use chrono::{DateTime, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use realis_domain::audit::Checkpoint;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::Head;
use crate::entities::audit_checkpoints::{self, Column, Entity};
use crate::records::checkpoint_of;

/// The key of the checkpoints: derived from the server secret for this purpose only.
#[derive(Clone)]
pub struct CheckpointKey([u8; 32]);

impl CheckpointKey {
    pub fn new(bytes: [u8; 32]) -> CheckpointKey {
        CheckpointKey(bytes)
    }

    fn mac(&self) -> Option<Hmac<sha2::Sha256>> {
        <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.0).ok()
    }
}

impl std::fmt::Debug for CheckpointKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckpointKey([redacted])")
    }
}

fn fields(last_id: i64, head_hash: &str, count: i64, at: DateTime<Utc>) -> [String; 4] {
    [
        last_id.to_string(),
        head_hash.to_owned(),
        count.to_string(),
        at.to_rfc3339_opts(SecondsFormat::Micros, true),
    ]
}

fn checkpoint_mac(key: &CheckpointKey, f: &[String; 4]) -> Option<Hmac<sha2::Sha256>> {
    let mut mac = key.mac()?;
    for v in f {
        mac.update(&(v.len() as u64).to_be_bytes());
        mac.update(v.as_bytes());
    }
    Some(mac)
}

/// Whether the checkpoint's MAC verifies (compared in constant time).
pub fn checkpoint_holds(key: &CheckpointKey, c: &audit_checkpoints::Model) -> bool {
    let Ok(expected) = hex::decode(&c.mac) else {
        return false;
    };
    checkpoint_mac(key, &fields(c.last_id, &c.head_hash, c.count, c.at))
        .is_some_and(|m| m.verify_slice(&expected).is_ok())
}

/// The latest checkpoint, whatever its MAC.
pub(super) async fn latest(
    db: &impl ConnectionTrait,
) -> Result<Option<audit_checkpoints::Model>, StoreError> {
    Ok(Entity::find().order_by_desc(Column::LastId).one(db).await?)
}

/// The latest checkpoint if its MAC holds (it says what held when it was signed).
pub async fn latest_signed(
    db: &impl ConnectionTrait,
    key: &CheckpointKey,
) -> Result<Option<Checkpoint>, StoreError> {
    Ok(latest(db)
        .await?
        .filter(|c| checkpoint_holds(key, c))
        .map(checkpoint_of))
}

/// Signs `head` as a checkpoint checked at `now`. A checkpoint of the same head (another
/// instance signing it at the same time) is kept as it is. Returns the checkpoint of `head`.
pub async fn record(
    db: &impl ConnectionTrait,
    key: &CheckpointKey,
    head: &Head,
    now: DateTime<Utc>,
) -> Result<Option<Checkpoint>, StoreError> {
    // Microseconds, so that the stored time MACs the same after a round trip.
    let at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
    let mac = checkpoint_mac(key, &fields(head.last_id, &head.hash, head.count, at))
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default();
    let row = audit_checkpoints::ActiveModel {
        id: NotSet,
        last_id: Set(head.last_id),
        head_hash: Set(head.hash.clone()),
        count: Set(head.count),
        at: Set(at),
        mac: Set(mac),
    };
    Entity::insert(row)
        .on_conflict(OnConflict::column(Column::LastId).do_nothing().to_owned())
        .do_nothing()
        .exec(db)
        .await?;
    Ok(Entity::find()
        .filter(Column::LastId.eq(head.last_id))
        .one(db)
        .await?
        .map(checkpoint_of))
}
