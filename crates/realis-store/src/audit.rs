//! The append-only, hash-chained audit log (SPEC F11, QUALITY S8).
//!
//! Each record's `hash` is HMAC-SHA256, under a key kept out of the database ([`ChainKey`]), of the
//! previous record's hash and the record's own fields: altering, deleting or inserting a row breaks
//! the chain at that row, and someone who can write to the database but does not hold the key
//! cannot re-hash the rows after a change.
//!
//! The hashes are computed and checked on the stored rows (`entities::audit_log::Model`); the
//! use cases read records back as the domain's [`AuditRecord`].

use crate::StoreError;
use crate::records::audit_record_of;
use chrono::{DateTime, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use realis_domain::audit::{AuditObject, AuditRecord};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};
use sha2::{Digest, Sha256};

use crate::entities::audit_log::{self, Column, Entity, Model};

/// Hash of the first record's predecessor.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, by whom, to what. `data` is hashed, never stored (no secrets in the log).
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub actor_user_id: Option<i64>,
    pub actor_role: Option<String>,
    pub organisation_id: Option<i64>,
    pub funder_id: Option<i64>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub data: serde_json::Value,
}

/// The key of the chain: derived from the server secret for this purpose only, never stored in
/// the database.
#[derive(Clone)]
pub struct ChainKey([u8; 32]);

impl ChainKey {
    pub fn new(bytes: [u8; 32]) -> ChainKey {
        ChainKey(bytes)
    }
}

impl std::fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChainKey([redacted])")
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A record's `data_hash`: SHA-256 (hex) of the data as compact JSON.
pub fn data_hash(data: &serde_json::Value) -> String {
    sha256_hex(data.to_string().as_bytes())
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// The fields a record's hash covers, in order: the previous record's hash, the time (RFC 3339,
/// microseconds, `Z`), the actor's user id, role, organisation id and funder id, the action, the
/// object type and id, the IP, the user agent and `data_hash` (SHA-256 of the action's data);
/// absent values are empty strings.
fn hashed_fields(prev: &str, r: &Model) -> [String; 12] {
    [
        prev.to_owned(),
        r.at.to_rfc3339_opts(SecondsFormat::Micros, true),
        opt(&r.actor_user_id),
        opt(&r.actor_role),
        opt(&r.organisation_id),
        opt(&r.funder_id),
        r.action.clone(),
        opt(&r.object_type),
        opt(&r.object_id),
        opt(&r.ip),
        opt(&r.user_agent),
        r.data_hash.clone(),
    ]
}

fn record_mac(key: &ChainKey, prev: &str, r: &Model) -> Option<Hmac<Sha256>> {
    // HMAC accepts keys of any length: `new_from_slice` cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key.0).ok()?;
    // Length-prefixed so that no two field lists hash alike.
    for f in hashed_fields(prev, r) {
        mac.update(&(f.len() as u64).to_be_bytes());
        mac.update(f.as_bytes());
    }
    Some(mac)
}

/// A record's `hash`: HMAC-SHA256 under `key` of its [`hashed_fields`] after `prev`, each
/// prefixed with its length in bytes (8 bytes, big-endian), hex-encoded.
pub fn record_hash(key: &ChainKey, prev: &str, r: &Model) -> String {
    record_mac(key, prev, r)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default()
}

/// Whether the record's `hash` is the MAC of its fields after its own `prev_hash` (compared in
/// constant time).
pub fn record_holds(key: &ChainKey, r: &Model) -> bool {
    let Ok(expected) = hex::decode(&r.hash) else {
        return false;
    };
    record_mac(key, &r.prev_hash, r).is_some_and(|m| m.verify_slice(&expected).is_ok())
}

/// The PostgreSQL advisory lock that orders the appends of the audit chain and of the events
/// journal (one lock for both, so that two writers can never take them in opposite orders).
pub const APPEND_LOCK: i64 = 7_242_011;

/// Takes [`APPEND_LOCK`] until the end of the transaction, on PostgreSQL (SQLite's write lock
/// already orders every writer).
pub(crate) async fn lock_appends(db: &impl ConnectionTrait) -> Result<(), StoreError> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT pg_advisory_xact_lock({APPEND_LOCK})"),
        ))
        .await?;
    }
    Ok(())
}

/// Appends a record inside the caller's transaction.
///
/// The row is inserted first, which takes SQLite's write lock (or, on PostgreSQL, an advisory
/// transaction lock is taken), so the predecessor read next cannot change before commit.
pub async fn append(
    db: &impl ConnectionTrait,
    key: &ChainKey,
    entry: AuditEntry,
    now: DateTime<Utc>,
) -> Result<Model, StoreError> {
    lock_appends(db).await?;
    // Microsecond precision, so that the stored timestamp hashes the same after a round trip.
    let at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
    let data_hash = data_hash(&entry.data);
    let inserted = audit_log::ActiveModel {
        at: Set(at),
        actor_user_id: Set(entry.actor_user_id),
        actor_role: Set(entry.actor_role),
        organisation_id: Set(entry.organisation_id),
        funder_id: Set(entry.funder_id),
        action: Set(entry.action),
        object_type: Set(entry.object_type),
        object_id: Set(entry.object_id),
        ip: Set(entry.ip),
        user_agent: Set(entry.user_agent),
        data_hash: Set(data_hash),
        prev_hash: Set(String::new()),
        hash: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let prev = Entity::find()
        .filter(Column::Id.lt(inserted.id))
        .order_by_desc(Column::Id)
        .limit(1)
        .one(db)
        .await?
        .map(|r| r.hash)
        .unwrap_or_else(|| GENESIS.to_owned());
    let hash = record_hash(key, &prev, &inserted);
    Entity::update_many()
        .col_expr(Column::PrevHash, Expr::value(prev.clone()))
        .col_expr(Column::Hash, Expr::value(hash.clone()))
        .filter(Column::Id.eq(inserted.id))
        .exec(db)
        .await?;
    Ok(Model {
        prev_hash: prev,
        hash,
        ..inserted
    })
}

/// Walks the whole chain; returns the id of the first record that does not hold, if any.
pub async fn verify_chain(
    db: &impl ConnectionTrait,
    key: &ChainKey,
) -> Result<Option<i64>, StoreError> {
    let mut prev = GENESIS.to_owned();
    let mut last_id = 0i64;
    loop {
        let page = Entity::find()
            .filter(Column::Id.gt(last_id))
            .order_by_asc(Column::Id)
            .limit(1000)
            .all(db)
            .await?;
        if page.is_empty() {
            return Ok(None);
        }
        for row in page {
            if row.prev_hash != prev || record_hash(key, &prev, &row) != row.hash {
                return Ok(Some(row.id));
            }
            prev = row.hash.clone();
            last_id = row.id;
        }
    }
}

/// The stored row of one record, as it is (the chain's checks and tests read it so; the use cases
/// read [`AuditRecord`]s).
pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<Model>, StoreError> {
    Entity::find_by_id(id)
        .one(db)
        .await
        .map_err(StoreError::from)
}

/// The hash one record carries (what `GET /audit/records/{id}` publishes), whatever the rest of
/// the record holds.
pub async fn stored_hash(db: &impl ConnectionTrait, id: i64) -> Result<Option<String>, StoreError> {
    Ok(find(db, id).await?.map(|r| r.hash))
}

fn records(rows: Vec<Model>) -> Result<Vec<AuditRecord>, StoreError> {
    rows.into_iter().map(audit_record_of).collect()
}

/// Records about one object, oldest first.
pub async fn for_object(
    db: &impl ConnectionTrait,
    object_type: AuditObject,
    object_id: &str,
) -> Result<Vec<AuditRecord>, StoreError> {
    records(
        Entity::find()
            .filter(Column::ObjectType.eq(object_type.as_str()))
            .filter(Column::ObjectId.eq(object_id))
            .order_by_asc(Column::Id)
            .all(db)
            .await?,
    )
}

/// Every record with this action, oldest first.
pub async fn with_action(
    db: &impl ConnectionTrait,
    action: &str,
) -> Result<Vec<AuditRecord>, StoreError> {
    records(
        Entity::find()
            .filter(Column::Action.eq(action))
            .order_by_asc(Column::Id)
            .all(db)
            .await?,
    )
}
