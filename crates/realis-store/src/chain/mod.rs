//! Verifying the audit chain without re-reading it: signed checkpoints (QUALITY S8, SPEC F11).
//!
//! A checkpoint says «the chain from the first record to `last_id` held, had `count` records and
//! ended with `head_hash`, checked at `at`»; its `mac` is HMAC-SHA256 of those fields under a
//! [`CheckpointKey`] (derived from the server secret, never stored). [`verify`] checks the latest
//! checkpoint's MAC, that its record still carries `head_hash`, and then only the records after
//! it: its cost is the tail, not the log. Anything that does not hold sends it to [`verify_full`],
//! which walks from the first record (checking every checkpoint on the way) to name the first
//! record that breaks.
//!
//! What this catches without the key: a record altered, inserted or deleted after the latest
//! checkpoint (its link or MAC fails); any rewrite that re-hashes up to the end (the checkpoint's
//! record no longer carries its hash); records removed from the end (the checkpoint's record is
//! gone; past the latest checkpoint, a head published elsewhere — the digest e-mail, the public
//! API — no longer matches). What it leaves to [`verify_full`] (run daily) or to the per-record
//! checks of [`check_records`]: an old record altered or deleted in place, below the checkpoint.

use crate::StoreError;
use realis_domain::audit::Checkpoint;
use realis_domain::evidence::ChainBreak;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::audit::{self, ChainKey, GENESIS};
use crate::entities::audit_checkpoints::{Column, Entity};
use crate::entities::audit_log;
use crate::records::checkpoint_of;

mod checkpoints;

pub use crate::records::Checked;
use checkpoints::latest;
pub use checkpoints::{CheckpointKey, checkpoint_holds, latest_signed, record};

/// Records (or checkpoints) read per query while walking.
const PAGE: u64 = 1000;

/// The end of the chain: its last record, that record's hash, and how many records it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub last_id: i64,
    pub hash: String,
    pub count: i64,
}

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The first thing that does not hold: the record (or the checkpoint's record) and why.
    pub broken: Option<(i64, ChainBreak)>,
    /// The signed checkpoint the verification started from (`None`: from the first record).
    pub checkpoint: Option<Checkpoint>,
    /// The end of the chain as verified (`None` when the log is empty or broken).
    pub head: Option<Head>,
    /// Records and checkpoints read.
    pub rows_read: u64,
}

/// Where a walk of the chain starts from.
struct Start {
    after_id: i64,
    prev: String,
    count: i64,
}

/// Walks the records after `start`. Returns the head, or the first record that breaks.
async fn walk(
    db: &impl ConnectionTrait,
    chain: &ChainKey,
    start: Start,
    rows_read: &mut u64,
) -> Result<Result<Option<Head>, (i64, ChainBreak)>, StoreError> {
    let Start {
        mut after_id,
        mut prev,
        mut count,
    } = start;
    let mut head = None;
    loop {
        let page = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(after_id))
            .order_by_asc(audit_log::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        *rows_read += page.len() as u64;
        if page.is_empty() {
            return Ok(Ok(head));
        }
        for row in page {
            if let Some(b) = link_break(chain, &prev, &row) {
                return Ok(Err((row.id, b)));
            }
            count += 1;
            prev = row.hash.clone();
            after_id = row.id;
            head = Some(Head {
                last_id: row.id,
                hash: row.hash,
                count,
            });
        }
    }
}

/// Why `row`, following a record whose hash is `prev`, does not hold.
fn link_break(chain: &ChainKey, prev: &str, row: &audit_log::Model) -> Option<ChainBreak> {
    if row.prev_hash != prev {
        Some(ChainBreak::RecordMissing)
    } else if !audit::record_holds(chain, row) {
        Some(ChainBreak::RecordAltered)
    } else {
        None
    }
}

/// Verifies from the latest checkpoint to the end; on any doubt, from the first record.
pub async fn verify(
    db: &impl ConnectionTrait,
    chain: &ChainKey,
    key: &CheckpointKey,
) -> Result<Verification, StoreError> {
    let mut rows_read = 0;
    let checkpoint = latest(db).await?;
    let start = match &checkpoint {
        None => Start {
            after_id: 0,
            prev: GENESIS.to_owned(),
            count: 0,
        },
        Some(c) => {
            rows_read += 1;
            let suspect = if !checkpoint_holds(key, c) {
                Some(ChainBreak::CheckpointForged)
            } else {
                rows_read += 1;
                let at = audit_log::Entity::find_by_id(c.last_id).one(db).await?;
                (at.map(|r| r.hash).as_deref() != Some(c.head_hash.as_str()))
                    .then_some(ChainBreak::CheckpointMismatch)
            };
            if let Some(b) = suspect {
                return locate(db, chain, key, (c.last_id, b), rows_read).await;
            }
            Start {
                after_id: c.last_id,
                prev: c.head_hash.clone(),
                count: c.count,
            }
        }
    };
    let from = start.after_id;
    match walk(db, chain, start, &mut rows_read).await? {
        Ok(head) => Ok(Verification {
            broken: None,
            head: head.or_else(|| {
                checkpoint.as_ref().map(|c| Head {
                    last_id: c.last_id,
                    hash: c.head_hash.clone(),
                    count: c.count,
                })
            }),
            checkpoint: checkpoint.map(checkpoint_of),
            rows_read,
        }),
        // A break after a checkpoint may hide an earlier one below it.
        Err(found) if from > 0 => locate(db, chain, key, found, rows_read).await,
        Err(found) => Ok(Verification {
            broken: Some(found),
            checkpoint: checkpoint.map(checkpoint_of),
            head: None,
            rows_read,
        }),
    }
}

/// The first break from the first record, or `fallback` when the walk finds none (a forged
/// checkpoint over an intact chain).
async fn locate(
    db: &impl ConnectionTrait,
    chain: &ChainKey,
    key: &CheckpointKey,
    fallback: (i64, ChainBreak),
    rows_read: u64,
) -> Result<Verification, StoreError> {
    let mut full = verify_full(db, chain, key).await?;
    full.rows_read += rows_read;
    full.broken = full.broken.or(Some(fallback));
    full.head = None;
    Ok(full)
}

/// Walks the whole chain from the first record, checking every checkpoint on the way: its MAC,
/// that its record carries its hash and that the chain holds its count there.
pub async fn verify_full(
    db: &impl ConnectionTrait,
    chain: &ChainKey,
    key: &CheckpointKey,
) -> Result<Verification, StoreError> {
    let mut rows_read = 0u64;
    let mut prev = GENESIS.to_owned();
    let mut count = 0i64;
    let mut after_id = 0i64;
    let mut head: Option<Head> = None;
    let broken = |at: i64, b: ChainBreak, rows_read: u64| Verification {
        broken: Some((at, b)),
        checkpoint: None,
        head: None,
        rows_read,
    };
    loop {
        let page = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(after_id))
            .order_by_asc(audit_log::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last().map(|r| r.id) else {
            break;
        };
        rows_read += page.len() as u64;
        // The checkpoints that fall within this page of records, so memory stays bounded.
        let mut checkpoints = Entity::find()
            .filter(Column::LastId.gt(after_id))
            .filter(Column::LastId.lte(last))
            .order_by_asc(Column::LastId)
            .all(db)
            .await?
            .into_iter()
            .peekable();
        for row in page {
            // A checkpoint whose record was passed without being seen: that record is gone.
            if let Some(c) = checkpoints.next_if(|c| c.last_id < row.id) {
                rows_read += 1;
                return Ok(broken(c.last_id, ChainBreak::CheckpointMismatch, rows_read));
            }
            if let Some(b) = link_break(chain, &prev, &row) {
                return Ok(broken(row.id, b, rows_read));
            }
            count += 1;
            if let Some(c) = checkpoints.next_if(|c| c.last_id == row.id) {
                rows_read += 1;
                if !checkpoint_holds(key, &c) {
                    return Ok(broken(c.last_id, ChainBreak::CheckpointForged, rows_read));
                }
                if c.head_hash != row.hash || c.count != count {
                    return Ok(broken(c.last_id, ChainBreak::CheckpointMismatch, rows_read));
                }
            }
            prev = row.hash.clone();
            after_id = row.id;
            head = Some(Head {
                last_id: row.id,
                hash: row.hash,
                count,
            });
        }
    }
    // A checkpoint beyond the last record: the end of the log was removed.
    if let Some(c) = Entity::find()
        .filter(Column::LastId.gt(after_id))
        .order_by_asc(Column::LastId)
        .limit(1)
        .one(db)
        .await?
    {
        return Ok(broken(
            c.last_id,
            ChainBreak::CheckpointMismatch,
            rows_read + 1,
        ));
    }
    Ok(Verification {
        broken: None,
        checkpoint: None,
        head,
        rows_read,
    })
}

/// Checks records one by one, without walking the chain: each record's hash is the MAC of its
/// fields after its `prev_hash`, the record before it ends with that `prev_hash` (or it is the
/// first), and the record after it, if any, starts from its hash. Returns, per record, what does
/// not hold, and the records read.
pub async fn check_records(
    db: &impl ConnectionTrait,
    chain: &ChainKey,
    rows: &[impl Checked],
) -> Result<(Vec<Option<ChainBreak>>, u64), StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    let mut read = 0u64;
    for r in rows {
        let stored = r.stored();
        let r = &*stored;
        let before = audit_log::Entity::find()
            .filter(audit_log::Column::Id.lt(r.id))
            .order_by_desc(audit_log::Column::Id)
            .limit(1)
            .one(db)
            .await?;
        let after = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(r.id))
            .order_by_asc(audit_log::Column::Id)
            .limit(1)
            .one(db)
            .await?;
        read += u64::from(before.is_some()) + u64::from(after.is_some());
        let prev = before.map(|b| b.hash).unwrap_or_else(|| GENESIS.to_owned());
        let problem = link_break(chain, &prev, r).or_else(|| {
            after
                .filter(|a| a.prev_hash != r.hash)
                .map(|_| ChainBreak::RecordMissing)
        });
        out.push(problem);
    }
    Ok((out, read))
}
